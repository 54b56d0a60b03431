"""Run by tests/test_rule_forking.py in a fresh interpreter: one long document's rules, one process vs forked.

A fresh interpreter, because a process that has imported torch (the test
session does: building a word list from spaCy's imports it) may not fork
(:func:`tqcheck.running.executing.fork_is_safe`). The word lists come from
the table cache that the test filled first, so nothing here imports torch.
Prints one JSON line: whether forking was allowed, the findings' equality
with one process's, and how many children sent findings back, for a healthy
child, for one that dies after its first chunk, and where the system cannot fork.
"""

from __future__ import annotations

import json
import os
import sys

from tqcheck.rules import engine, forking


def main() -> None:
    sys.path.insert(0, os.path.dirname(__file__))
    from test_rule_forking import _findings, joined_alignment

    alignment = joined_alignment()
    os.environ[forking.ENV_SWITCH] = "0"
    whole = _findings(alignment, 10)
    del os.environ[forking.ENV_SWITCH]
    forking.FORK_MIN_LINKS = 0
    out: dict = {"can_fork": forking.can_fork(), "findings": len(whole)}
    timings: dict[str, float] = {}
    out["forked_equal"] = _findings(alignment, 10, timings) == whole
    out["forked_workers"] = forking.USAGE.workers
    out["timed_rules"] = sorted(timings)

    parent, real = os.getpid(), engine._Blocks.run

    def fail_in_child(self, begin, end, by_rule):  # type: ignore[no-untyped-def]
        real(self, begin, end, by_rule)
        if os.getpid() != parent:
            raise RuntimeError("a child that dies after checking a chunk")

    engine._Blocks.run = fail_in_child  # type: ignore[method-assign]
    out["failed_child_equal"] = _findings(alignment, 10) == whole
    out["workers_after_failure"] = forking.USAGE.workers
    engine._Blocks.run = real  # type: ignore[method-assign]

    def no_fork() -> int:
        raise OSError(11, "Resource temporarily unavailable")

    os.fork = no_fork  # type: ignore[assignment]
    out["no_fork_equal"] = _findings(alignment, 10) == whole
    out["frozen_after_no_fork"] = __import__("gc").get_freeze_count()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
