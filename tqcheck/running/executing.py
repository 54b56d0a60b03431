"""Executors: run one function over a stream of items, results in input order.

Why a separate interface: a run over many documents (a feed, a folder, an
archive) is the same per-document pipeline applied again and again. Where the
work runs (this process, worker processes, a cluster) is a deployment choice,
not something a stage should know. The runner hands an executor a picklable,
top-level function and an iterable of items; the executor yields one result per
item, in input order, while reading the items lazily, so a feed of a million
documents never sits in memory at once.

Contract every executor keeps (the runner and the report writers rely on it):

* ``imap(fn, items)`` yields ``fn(item)`` for every item exactly once, in the
  order of ``items``, even when a worker is retried;
* items are consumed lazily, with at most ``max_in_flight`` outstanding, so
  memory stays bounded;
* ``fn`` reports a bad document by *returning* a result that says so; an
  exception escaping ``fn`` is a bug and is re-raised in the caller;
* models are loaded once per worker, not once per item: ``fn`` keeps its heavy
  state in a per-process cache (see :func:`tqcheck.running.runner` helpers), which
  works the same in a process pool and in a long-lived actor. An executor
  that starts its workers by forking this process may also offer
  ``warm(prepare)``: the runner hands it a function that loads the models
  here, once, before the workers are forked, so they start with them.

New engines register themselves in :data:`EXECUTORS` (``--executor NAME``).
"""

from __future__ import annotations

import collections
import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol, TypeVar, runtime_checkable

T = TypeVar("T")
R = TypeVar("R")


def available_cores() -> int:
    """The cores this process may run on (affinity-aware), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


@runtime_checkable
class Executor(Protocol):
    """Runs a function over items; see the module docstring for the contract."""

    name: str
    jobs: int

    def imap(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """``fn(item)`` for each item, in input order, items read lazily."""
        ...

    def close(self) -> None:
        """Release workers; safe to call twice."""
        ...


class SerialExecutor:
    """Everything in this process: the reference every other executor must match."""

    name = "serial"

    def __init__(self, jobs: int = 1, **_: Any) -> None:
        self.jobs = 1

    def imap(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        for item in items:
            yield fn(item)

    def close(self) -> None:
        return None

    def __enter__(self) -> SerialExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _quiet_worker() -> None:
    """Workers leave Ctrl-C to the parent, which stops the pool and prints one line (no worker tracebacks)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def fork_is_safe() -> bool:
    """Whether worker processes may be forked from this one instead of spawned.

    A forked worker starts with the parent's imported modules and loaded
    models (copy-on-write), so it skips the seconds a spawned one spends
    importing and loading them again. That is safe only where ``fork`` is the
    native way to start a process (Linux), while this process runs a single
    thread (a thread holding a lock at fork time would leave it held forever in
    the child), and before torch is imported (GNU OpenMP's thread pool, once
    used, hangs in a forked child). NumPy's OpenBLAS re-creates its threads
    after a fork (it registers ``pthread_atfork`` handlers), so the encoder
    having run in the parent is fine.
    """
    import sys
    import threading

    return sys.platform.startswith("linux") and threading.active_count() == 1 and "torch" not in sys.modules


def join_helper_threads(timeout: float = 30.0) -> None:
    """Wait for this process's other threads (a model pre-loader) to end, so a fork can follow."""
    import threading

    for thread in threading.enumerate():
        if thread is not threading.current_thread():
            thread.join(timeout)


def freeze_heap() -> None:
    """Move every object alive now to the collector's permanent generation, just before forking workers.

    The loaded models are millions of long-lived objects. A forked worker
    shares their pages with the parent until something writes to them, and
    the cyclic collector writes to every object it examines (its reference
    bookkeeping), so each worker's first full collection copied most of the
    parent's heap and spent CPU walking models that never become garbage.
    Frozen objects are never examined, as the ``gc.freeze`` documentation
    advises before ``fork()`` without ``exec()``.
    """
    import gc

    gc.collect()
    gc.freeze()


class ProcessExecutor:
    """Worker processes on this machine (``--jobs N``).

    Workers are forked when :func:`fork_is_safe` (after :meth:`warm` has loaded
    the models in this process, so every worker starts with them), and
    spawned otherwise, so they never inherit a half-initialised torch thread
    pool or a lock held by another thread. With ``jobs == 1`` it runs in
    process: a pool of one only adds pickling.
    """

    name = "local"

    def __init__(
        self,
        jobs: int | None = None,
        max_in_flight: int | None = None,
        start_method: str | None = None,
        **_: Any,
    ) -> None:
        self.jobs = max(1, jobs or available_cores())
        self.max_in_flight = max_in_flight or 4 * self.jobs
        self.start_method = start_method  # None: fork when safe at the time the pool starts, else spawn
        self._pool: Any = None

    def warm(self, prepare: Callable[[], object]) -> None:
        """Run ``prepare`` (load the models every item needs) here, once, if the workers will be forked from here.

        Called before :meth:`imap`. Forked workers then start with what
        ``prepare`` loaded instead of each importing and loading it again
        (measured: ~2.5 CPU-seconds per worker for tqcheck's models); a
        spawned worker would not see it, so then nothing is run.
        """
        if (
            self.jobs == 1
            or self._pool is not None
            or self.start_method not in (None, "fork")
            or not fork_is_safe()
        ):
            return
        prepare()
        join_helper_threads()
        freeze_heap()

    def _context_name(self) -> str:
        if self.start_method is not None:
            return self.start_method
        return "fork" if fork_is_safe() else "spawn"

    def _ensure_pool(self) -> Any:
        if self._pool is None:
            import multiprocessing
            import sys
            from concurrent.futures import ProcessPoolExecutor

            context = self._context_name()
            if context == "fork":  # a child flushes its copy of the std streams' buffers when it exits
                for stream in (sys.stdout, sys.stderr):
                    if stream is not None:
                        stream.flush()
            self._pool = ProcessPoolExecutor(
                max_workers=self.jobs,
                mp_context=multiprocessing.get_context(context),
                initializer=_quiet_worker,
            )
        return self._pool

    def imap(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        if self.jobs == 1:
            yield from SerialExecutor().imap(fn, items)
            return
        pool = self._ensure_pool()
        pending: collections.deque[Any] = collections.deque()
        try:
            for item in items:
                pending.append(pool.submit(fn, item))
                if len(pending) >= self.max_in_flight:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        except KeyboardInterrupt:
            self._terminate()
            raise

    def _terminate(self) -> None:
        """Stop now (Ctrl-C): waiting for the documents in flight could take minutes."""
        if self._pool is None:
            return
        processes = list((getattr(self._pool, "_processes", None) or {}).values())  # no public handle to them
        self._pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        for process in processes:  # a worker still starting up (or stuck in C code) gets SIGKILL after 2 s
            process.join(timeout=2)
            if process.is_alive():
                process.kill()
                process.join(timeout=2)
        self._pool = None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> ProcessExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


ExecutorFactory = Callable[..., Executor]

#: ``--executor`` names → factories. Optional engines (Ray) add themselves
#: here from their own module; :func:`make_executor` imports it on demand.
EXECUTORS: dict[str, ExecutorFactory] = {"local": ProcessExecutor, "serial": SerialExecutor}

#: Engines living in optional modules: name → module that registers it.
OPTIONAL_EXECUTORS: dict[str, str] = {"ray": "tqcheck.running.executing_ray"}


def executor_names() -> tuple[str, ...]:
    return tuple(sorted({*EXECUTORS, *OPTIONAL_EXECUTORS}))


def make_executor(name: str = "local", jobs: int | None = None, **options: Any) -> Executor:
    """Build the executor called ``name`` (``local``, ``serial``, or a registered engine)."""
    from tqcheck.errors import TqcheckError

    if name not in EXECUTORS and name in OPTIONAL_EXECUTORS:
        import importlib

        try:
            importlib.import_module(OPTIONAL_EXECUTORS[name])
        except ImportError as exc:
            raise TqcheckError(
                f"executor {name!r} is not available here ({exc}); install its extra, e.g. tqcheck[{name}]"
            ) from None
    try:
        factory = EXECUTORS[name]
    except KeyError:
        raise TqcheckError(
            f"unknown executor {name!r}; choose one of: {', '.join(executor_names())}"
        ) from None
    return factory(jobs=jobs, **options)
