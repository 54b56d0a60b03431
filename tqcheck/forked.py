"""Work done in a forked child of this process, its result sent back pickled through a pipe.

Why a module of its own: two stages of a long document's check use the
second core this way, alignment (:mod:`tqcheck.aligning.ahead`, while this
process loads what the rules read) and the rules (:mod:`tqcheck.rules.forking`,
the later links while this process checks the earlier ones). The child
shares this process's memory copy-on-write, so nothing but its result
crosses the process boundary. A child that fails (an exception, a kill, a
broken pipe) gives nothing back and the caller does the work itself, so a
result never depends on the child.
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


@dataclass
class WorkerUsage:
    """What forked children of this process used, summed (bench/run.py adds it to a check's figures)."""

    workers: int = 0
    cpu_seconds: float = 0.0
    peak_rss_mb: float = 0.0  # the largest child's peak resident set, pages shared with this process included
    private_mb: float = 0.0  # the largest child's own pages at its end (what it added to the machine's memory)

    def add(self, child: dict[str, float]) -> None:
        """Count one more child's figures (from :func:`_own_usage`)."""
        self.workers += 1
        self.cpu_seconds += child["cpu_seconds"]
        self.peak_rss_mb = max(self.peak_rss_mb, child["peak_rss_mb"])
        self.private_mb = max(self.private_mb, child["private_mb"])


def may_fork(switch: str, parser_rules: bool = True, cores: int | None = None) -> bool:
    """Whether this process may fork a child to share a check's work, unless the environment's ``switch`` is ``0``.

    Only where fork is native (Linux) and safe (one thread, no torch: see
    :func:`tqcheck.running.executing.fork_is_safe`), on two cores or more
    (``cores``, else those this process may use), never in a worker of a
    process pool (the pool already uses the cores). With the spaCy helper
    process started (``tqcheck check`` starts it before it knows the rules),
    only when it has never been asked anything and no ``parser_rules`` run:
    a child could not share its pipe, and nothing will ask it.
    """
    from tqcheck.running.executing import available_cores, fork_is_safe

    if os.environ.get(switch, "1") == "0" or not hasattr(os, "fork") or not fork_is_safe():
        return False
    if os.cpu_count() == 1 or (available_cores() if cores is None else cores) < 2:
        return False
    mp = sys.modules.get("multiprocessing")
    if mp is not None and mp.parent_process() is not None:
        return False
    helper = sys.modules.get("tqcheck.spacy_worker")
    worker = getattr(helper, "_worker", None) if helper is not None else None
    return worker is None or (not parser_rules and worker.reader is None and not worker.pending)


class Forked:
    """``work()`` run in a forked child; :meth:`result` is its return value, or ``None`` if the child failed.

    Making one raises :class:`OSError` when the system cannot fork (then nothing is left behind).
    """

    def __init__(self, work: Callable[[], Any], usage: WorkerUsage) -> None:
        self._usage = usage
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
        self._usage.add(usage)
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
