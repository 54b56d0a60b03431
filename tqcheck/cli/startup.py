"""Process-wide settings the ``tqcheck`` command makes before any work: a one-page check is a new process each time.

Importing :mod:`tqcheck.cli` (tests, the server, other programs) changes
none of them; only :func:`tqcheck.cli.main` calls :func:`prepare_process`.
"""

from __future__ import annotations

GC_THRESHOLDS = (50_000, 20, 20)
"""Python's cyclic collector runs every 700 new container objects by default (700, 10, 10).

A check loads millions of long-lived objects at start-up (spaCy's model and
tables, word lists, name tables) and the collector's older-generation passes
walk them again and again: 1,260 collections and ~0.6 s of CPU in a one-page
check, a quarter of the whole process, for a program that makes almost no
cyclic garbage. At 50,000 the same check runs 32 collections and its peak
memory is unchanged (measured: 420-440 MB either way).
"""

#: Commands whose start-up the small-pattern table serves (a long-lived server need not).
PATTERN_TABLE_COMMANDS = ("check", "diff")


def tune_gc() -> None:
    """Raise the collector's thresholds for this process (see :data:`GC_THRESHOLDS`)."""
    import gc

    gc.set_threshold(*GC_THRESHOLDS)


def prepare_process(args: list[str]) -> None:
    """The collector's thresholds, and for a check the table of compiled patterns (:mod:`tqcheck.regex_cache`)."""
    tune_gc()
    if next((a for a in args if not a.startswith("-")), None) in PATTERN_TABLE_COMMANDS:
        from tqcheck.regex_cache import remember_small_patterns

        remember_small_patterns()  # the ~700 patterns a check compiles, read from one table


#: Commands that check one document in this process and so parse in the helper process (:mod:`tqcheck.spacy_worker`).
HELPER_COMMANDS = ("check",)


def start_helpers(args: list[str]) -> None:
    """For ``tqcheck check``, fork the process that loads spaCy's French pipeline meanwhile (not for ``--help``)."""
    if next((a for a in args if not a.startswith("-")), None) not in HELPER_COMMANDS:
        return
    if any(a in ("-h", "--help") for a in args):
        return
    from tqcheck import spacy_worker

    spacy_worker.start()
