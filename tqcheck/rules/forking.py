"""A long document's later links checked in a forked process while this one checks the earlier ones.

Why: the rules are most of a long check's time, and ran on one core
(issue #13). The engine (:func:`tqcheck.rules.engine.run_rules`) checks
links block by block; a rule keeps nothing from one link to the next except
what it computes from the whole document (``document_state``, made before
the first block) and pure memo caches, so the links from some index on can
be checked by another process with the same findings. The engine checks the
first block here (loading the word lists and tables the rules read), then
forks: the child shares the document, the rules and those tables with this
process copy-on-write, checks the later links, and sends back only its
findings (pickled, through a pipe) while this process checks the earlier ones.

Why not an executor of :mod:`tqcheck.running.executing`: an executor hands
items to workers while the caller waits, and pickles what each item needs;
here the caller does half the work itself and nothing but findings crosses
the process boundary. A long document in a feed already runs in an
executor's worker, which never forks again (see :func:`can_fork`).

A child that fails (an exception, a kill, a broken pipe) gives nothing back,
and the caller checks those links itself, so the findings never depend on
the child.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from tqcheck.forked import Forked as _Forked
from tqcheck.forked import WorkerUsage, may_fork

FORK_MIN_LINKS = 4_000
"""Documents with fewer links are checked in one process: a fork (tens of milliseconds of page tables,
then copied pages) pays off only over thousands of links, and a one-page check never pays it."""

ENV_SWITCH = "TQCHECK_RULE_FORK"
"""``TQCHECK_RULE_FORK=0`` keeps every document's rules in one process."""


USAGE = WorkerUsage()
"""What the rule children of this process used (bench/run.py adds it to a check's figures)."""


def can_fork(parser_rules: bool = True) -> bool:
    """Whether this process may fork a child to check links (:func:`tqcheck.forked.may_fork`; not with ``TQCHECK_RULE_FORK=0``)."""
    return may_fork(ENV_SWITCH, parser_rules, _available_cores())


def _available_cores() -> int:
    from tqcheck.running.executing import available_cores

    return available_cores()


class Tickets:
    """Numbers ``0..count-1`` drawn in order by this process and its forked child, each number by one of them.

    A pipe filled before the fork: a read of a few bytes from a pipe takes
    them whole, so two processes drawing at once never get the same number.
    """

    _SIZE = 4
    MAX = 4_096 // _SIZE
    """At most this many tickets: they must all fit in the pipe's buffer before the fork (one page at the least)."""

    def __init__(self, count: int) -> None:
        if count > self.MAX:
            raise ValueError(f"{count} tickets, at most {self.MAX}")
        self._read_end, write_end = os.pipe()
        try:
            os.write(write_end, b"".join(k.to_bytes(self._SIZE, "little") for k in range(count)))
        finally:
            os.close(write_end)  # drawn to the end, the pipe reads as empty

    def draw(self) -> int | None:
        """The next number, or ``None`` when all are drawn."""
        data = os.read(self._read_end, self._SIZE)
        return int.from_bytes(data, "little") if len(data) == self._SIZE else None

    def close(self) -> None:
        """Close this process's end (the child's copy closes with the child)."""
        os.close(self._read_end)


class Forked(_Forked):
    """``work()`` run in a forked child (see :class:`tqcheck.forked.Forked`), its usage counted in :data:`USAGE`."""

    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__(work, USAGE)
