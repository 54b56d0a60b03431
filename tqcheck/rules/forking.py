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

import gc
import os
import pickle
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

FORK_MIN_LINKS = 4_000
"""Documents with fewer links are checked in one process: a fork (tens of milliseconds of page tables,
then copied pages) pays off only over thousands of links, and a one-page check never pays it."""

ENV_SWITCH = "TQCHECK_RULE_FORK"
"""``TQCHECK_RULE_FORK=0`` keeps every document's rules in one process."""


@dataclass
class WorkerUsage:
    """What the forked children of this process used, summed (bench/run.py adds it to a check's figures)."""

    workers: int = 0
    cpu_seconds: float = 0.0
    peak_rss_mb: float = 0.0  # the largest child's peak resident set, pages shared with this process included
    private_mb: float = 0.0  # the largest child's own pages at its end (what it added to the machine's memory)


USAGE = WorkerUsage()


def can_fork(parser_rules: bool = True) -> bool:
    """Whether this process may fork a child to check links.

    Only where fork is native (Linux) and safe (one thread, no torch: see
    :func:`tqcheck.running.executing.fork_is_safe`), never in a worker of a
    process pool (the pool already uses the cores), and not with
    ``TQCHECK_RULE_FORK=0``. With the spaCy helper process started
    (``tqcheck check`` starts it before it knows the rules), only when it has
    never been asked anything and no ``parser_rules`` run: a child could not
    share its pipe, and nothing will ask it.
    """
    from tqcheck.running.executing import fork_is_safe

    if os.environ.get(ENV_SWITCH, "1") == "0" or not hasattr(os, "fork") or not fork_is_safe():
        return False
    if os.cpu_count() == 1 or _available_cores() < 2:
        return False
    mp = sys.modules.get("multiprocessing")
    if mp is not None and mp.parent_process() is not None:
        return False
    helper = sys.modules.get("tqcheck.spacy_worker")
    worker = getattr(helper, "_worker", None) if helper is not None else None
    return worker is None or (not parser_rules and worker.reader is None and not worker.pending)


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


class Forked:
    """``work()`` run in a forked child; :meth:`result` is its return value, or ``None`` if the child failed.

    Making one raises :class:`OSError` when the system cannot fork (then nothing is left behind).
    """

    def __init__(self, work: Callable[[], Any]) -> None:
        for stream in (sys.stdout, sys.stderr):  # the child must not write out a copy of unflushed output
            if stream is not None:
                stream.flush()
        # the collector then leaves the objects alive now alone, in both processes: its bookkeeping
        # writes would copy the shared pages (see tqcheck.running.executing.freeze_heap); a heap
        # someone else froze is left as they froze it
        self._froze = gc.get_freeze_count() == 0
        if self._froze:
            gc.freeze()
        read_end, write_end = os.pipe()
        try:
            pid = os.fork()
        except OSError:  # no memory or no process slot for a child: the caller does the work itself
            os.close(read_end)
            os.close(write_end)
            self._thaw()
            raise
        if pid == 0:  # the child
            code = 1
            try:
                os.close(read_end)
                signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
                payload = pickle.dumps((work(), _own_usage()), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_end, "wb") as out:
                    out.write(payload)
                code = 0
            except BaseException:  # noqa: BLE001 - the parent sees no result and does the work itself
                code = 1
            finally:
                os._exit(code)  # never the parent's exit handlers, never its buffered output
        os.close(write_end)
        self.pid = pid
        self._read_end = read_end

    def result(self) -> Any | None:
        """Wait for the child; what ``work()`` returned, or ``None`` if it gave nothing back."""
        chunks = []
        with os.fdopen(self._read_end, "rb") as pipe:
            while chunk := pipe.read(1 << 20):
                chunks.append(chunk)
        _, status = os.waitpid(self.pid, 0)
        self._thaw()
        if status != 0 or not chunks:
            return None
        try:
            value, usage = pickle.loads(b"".join(chunks))
        except Exception:  # noqa: BLE001 - a truncated message: the work is done again here
            return None
        USAGE.workers += 1
        USAGE.cpu_seconds += usage["cpu_seconds"]
        USAGE.peak_rss_mb = max(USAGE.peak_rss_mb, usage["peak_rss_mb"])
        USAGE.private_mb = max(USAGE.private_mb, usage["private_mb"])
        return value


    def cancel(self) -> None:
        """Stop the child without waiting for its result (this process is failing or being interrupted)."""
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(self._read_end)
        self._thaw()

    def _thaw(self) -> None:
        if self._froze:
            gc.unfreeze()
            self._froze = False


def _own_usage() -> dict[str, float]:
    """This (child) process's CPU seconds, peak resident set and private pages, for :data:`USAGE`."""
    import resource

    ru = resource.getrusage(resource.RUSAGE_SELF)
    private = 0
    try:
        with open("/proc/self/smaps_rollup", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(("Private_Clean:", "Private_Dirty:")):
                    private += int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return {
        "cpu_seconds": ru.ru_utime + ru.ru_stime,
        "peak_rss_mb": ru.ru_maxrss / 1024,
        "private_mb": private / 1024,
    }
