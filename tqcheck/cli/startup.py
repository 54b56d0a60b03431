"""Process-wide settings the ``tqcheck`` command makes before any work: a one-page check is a new process each time.

Importing :mod:`tqcheck.cli` (tests, the server, other programs) changes
none of them; only :func:`tqcheck.cli.main` calls :func:`prepare_process`.
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn

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


def exit_now(code: int | None) -> NoReturn:
    """End a check's process once its exit handlers have run, without taking its heap apart object by object.

    Why: after the report is printed, the interpreter's own shutdown frees
    every object the models and tables made (word lists, lemma tables, the
    encoder's vocabulary: millions of objects) one at a time; measured on
    corpora/kidal that took as long as a third of the whole check, for
    memory the operating system reclaims at once. The exit handlers
    (``atexit``: the regex table, the spaCy helper process, logging) still
    run, the standard streams are flushed, and the score cache commits each
    write as it goes, so nothing is lost.
    """
    import atexit

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # a closed pipe (``| head``): nothing more can be written anyway
            pass
    os._exit(code or 0)


def exits_fast(args: list[str]) -> bool:
    """Whether this command ends with :func:`exit_now`: the one-shot checks, whose process is then done."""
    return next((a for a in args if not a.startswith("-")), None) in PATTERN_TABLE_COMMANDS
