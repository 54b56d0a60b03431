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
  works the same in a process pool and in a long-lived actor.

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


class ProcessExecutor:
    """Worker processes on this machine (``--jobs N``).

    Uses a ``spawn`` pool so workers do not inherit a half-initialised BLAS or
    torch thread pool from the parent. With ``jobs == 1`` it runs in process:
    a pool of one only adds pickling.
    """

    name = "local"

    def __init__(self, jobs: int | None = None, max_in_flight: int | None = None, **_: Any) -> None:
        self.jobs = max(1, jobs or available_cores())
        self.max_in_flight = max_in_flight or 4 * self.jobs
        self._pool: Any = None

    def _ensure_pool(self) -> Any:
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(
                max_workers=self.jobs,
                mp_context=multiprocessing.get_context("spawn"),
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
