"""Run by tests/test_align_ahead.py in a fresh interpreter: a long document aligned in a forked child, or here.

A fresh interpreter, because a test session that has imported torch may not
fork (:func:`tqcheck.running.executing.fork_is_safe`). ``python align_ahead_run.py cold`` prints the
digest of the rules' findings on the joined corpus document with nothing loaded before them;
``... ahead`` aligns it with :func:`tqcheck.aligning.ahead.align_while` (the rules warming up
meanwhile) and prints the same digest, the alignment's equality with one made here, and what
happened for a healthy child, a child that fails, and a system that cannot fork.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import sys

from tqcheck.aligning import ahead
from tqcheck.aligning.aligner import align


def digest(findings: tuple) -> str:
    """A digest of every finding (code, message, spans): equal digests, equal findings."""
    h = hashlib.sha256()
    for f in findings:
        h.update(repr((f.code, f.severity, f.message, f.source, f.target)).encode())
    return h.hexdigest()


def main(mode: str) -> None:
    sys.path.insert(0, os.path.dirname(__file__))
    from test_rule_forking import CONFIG, CORPORA, LONG, _findings

    from tqcheck.datatypes import LanguagePair
    from tqcheck.reading import pair_from_texts
    from tqcheck.rules.warming import warm_rules
    from tqcheck.segmenting import segment

    fr = "\n".join((CORPORA / name / "source.fr.txt").read_text(encoding="utf-8").strip() for name in LONG)
    en = "\n".join((CORPORA / name / "translation.en.txt").read_text(encoding="utf-8").strip() for name in LONG)
    pair = pair_from_texts(fr + "\n", en + "\n", LanguagePair("fr", "en"))
    source, target = segment(pair.source), segment(pair.target)
    out: dict = {}
    if mode == "cold":
        out["findings"] = digest(_findings(align(pair, source, target)))
        print(json.dumps(out))
        return
    ahead.AHEAD_MIN_SENTENCES = 0
    out["can_align_ahead"] = ahead.can_align_ahead(source, target)
    warmed: list[int] = []

    def meanwhile() -> None:
        warm_rules(pair, source, target, CONFIG, head=40)
        warmed.append(os.getpid())

    alignment = ahead.align_while(pair, source, target, meanwhile)
    out["warmed_here"] = warmed == [os.getpid()]
    out["align_workers"] = ahead.USAGE.workers
    # findings first: the alignment made here below must not warm anything before them
    out["findings"] = digest(_findings(alignment))
    here = align(pair, source, target)
    out["alignment_equal"] = alignment == here and alignment.links == here.links

    parent, real = os.getpid(), ahead.align

    def fail_in_child(*args, **kwargs):  # type: ignore[no-untyped-def]
        if os.getpid() != parent:
            raise RuntimeError("a child that dies while aligning")
        return real(*args, **kwargs)

    ahead.align = fail_in_child  # type: ignore[assignment]
    out["failed_child_equal"] = ahead.align_while(pair, source, target, lambda: None) == here
    out["workers_after_failure"] = ahead.USAGE.workers
    ahead.align = real  # type: ignore[assignment]

    def no_fork() -> int:
        raise OSError(11, "Resource temporarily unavailable")

    os.fork = no_fork  # type: ignore[assignment]
    ran: list[int] = []
    out["no_fork_equal"] = ahead.align_while(pair, source, target, lambda: ran.append(1)) == here
    out["no_fork_meanwhile_ran"] = ran == [1]
    out["frozen_after_no_fork"] = gc.get_freeze_count()
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])
