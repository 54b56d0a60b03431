"""The Ray executor: the same per-document function, run by a pool of Ray actors.

Why Ray, and why actors: a newsroom or vendor gating a whole archive already
runs a cluster, and most of the cost is model inference. A Ray *actor* is a
long-lived worker process: the per-document function keeps its models in a
per-process cache, so each actor loads them once and then serves document
after document. Plain actors (no Ray Data) keep the dependency small (no
pyarrow/pandas) and let this module own the one thing the runner relies on:
every result once, in input order.

How the contract of :mod:`tqcheck.running.executing` is kept:

* **order**: items are numbered as they are read; results wait in a small
  buffer until every earlier one has been yielded;
* **bounded, lazy**: at most ``max_in_flight`` items are read but not yet
  yielded; items are grouped into batches per actor call, sized so that a call
  lasts about :data:`TARGET_CALL_SECONDS` (the per-call overhead of Ray, about a
  millisecond, then stays a small fraction of the work). Unless set, the window
  is four batches per actor, so slow documents (batches of one) are read only a
  few at a time and fast ones travel by the dozen;
* **exactly once when a worker dies**: the driver, not Ray, retries. When an
  actor dies its calls fail; results that had reached the driver are kept, the
  rest is sent again to a fresh actor, and a result is stored under its item
  number only once, so a retried batch can never be delivered twice;
* **a document that kills its worker** (a crash in native code, memory) must
  not take innocent documents with it. The oldest unfinished call of a dead
  actor is the suspect (calls queued behind it are merely resent). A suspect is
  split into single documents, each run *alone* on an actor with nothing queued
  behind it, so a death then has one cause (a reply lost with its dying worker
  cannot blame the next document). A document that dies alone ``max_attempts``
  times is *lost*: ``on_lost(item, error)`` turns it into a result, or the run
  stops with a :class:`~tqcheck.errors.TqcheckError` naming it;
* **exceptions from fn**: re-raised in the caller, as the original exception
  type, when the run reaches that item (earlier results are yielded first);
* **Ctrl-C / early stop**: in-flight calls are cancelled and the actors killed;
  :meth:`RayExecutor.close` shuts down a Ray instance this executor started.

Without ``address`` a local Ray instance is started (the same command works on
a laptop); ``address="auto"`` joins the cluster of ``ray start`` on this node,
``ray://HOST:10001`` connects through Ray Client. See docs/scale.md.

Size: about 510 lines, kept in one module on purpose. The guarantees above
are one piece of state (batches in flight, the order buffer, the suspects,
the actors) read and changed by :meth:`RayExecutor.imap` and its helpers;
split over modules, the invariant would have to be read across files. What
stands apart (connecting, probing the head, naming a lost worker's error) is
small and used by nothing else in tqcheck.
"""

from __future__ import annotations

import collections
import contextlib
import itertools
import logging
import os
import re
import socket
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from tqcheck.errors import TqcheckError
from tqcheck.running.executing import EXECUTORS, available_cores

LOG = logging.getLogger("tqcheck.running.executing_ray")
T = TypeVar("T")
R = TypeVar("R")

MISSING_RAY = "the Ray executor needs the extra: pip install 'tqcheck[ray]'"
MISSING_CLIENT = "connecting with ray:// needs Ray Client: pip install 'tqcheck[ray]' (ray[client])"

#: Adaptive batches aim at actor calls of about this long.
TARGET_CALL_SECONDS = 0.25
#: Upper bound of an adaptive batch (bounds memory and the cost of a retry).
MAX_BATCH = 64


def import_ray() -> Any:
    """``ray``, or the one-line error saying how to install it."""
    try:
        import ray
    except ImportError as exc:
        raise TqcheckError(MISSING_RAY) from exc
    return ray


class TqcheckActor:
    """The actor body: runs ``fn`` over a batch in this (long-lived) process.

    Wrapped with ``ray.remote`` at run time, so importing this module needs no
    Ray. ``fn`` arrives by reference (a top-level function pickles as its
    qualified name), so the models it caches stay loaded across calls.
    """

    def run(
        self, fn: Callable[[Any], Any], items: list[Any]
    ) -> tuple[list[Any], float, BaseException | None]:
        """Results of the batch, seconds spent, and the exception that stopped it (the items before it count)."""
        start = time.perf_counter()
        results: list[Any] = []
        for item in items:
            try:
                results.append(fn(item))
            except Exception as exc:  # a bug in fn: re-raised by the driver when the run reaches this item
                exc.add_note("".join(traceback.format_exception(exc)).rstrip())
                return results, time.perf_counter() - start, exc
        return results, time.perf_counter() - start, None

    def pid(self) -> int:
        return os.getpid()


@dataclass
class _Batch:
    """Consecutive items sent in one actor call; ``first`` is the number of ``items[0]``."""

    first: int
    items: list[Any]
    attempts: int = 0  # deaths while it ran alone
    alone: bool = False  # a suspect: run with nothing queued behind it

    @property
    def indices(self) -> range:
        return range(self.first, self.first + len(self.items))


@dataclass
class _Slot:
    """One actor and its calls, oldest first (an actor runs its calls in order)."""

    actor: Any
    calls: collections.deque[tuple[Any, _Batch]] = field(default_factory=collections.deque)

    @property
    def reserved(self) -> bool:
        """Runs a suspect: nothing else may be queued behind it."""
        return any(batch.alone for _, batch in self.calls)

    def load(self) -> int:
        return sum(len(batch.items) for _, batch in self.calls)


@dataclass
class RunStats:
    """What happened in the last runs (for the bench and for tests)."""

    calls: int = 0
    items: int = 0
    actor_seconds: float = 0.0
    restarts: int = 0
    lost: int = 0


class RayExecutor:
    """``--executor ray``: a pool of ``jobs`` actors; see the module docstring."""

    name = "ray"
    #: The actor body (a subclass may wrap it; the tests make one that cannot start).
    actor_class: type = TqcheckActor

    def __init__(
        self,
        jobs: int | None = None,
        address: str | None = None,
        *,
        max_in_flight: int | None = None,
        batch_size: int | None = None,
        actor_cpus: float = 1.0,
        actor_gpus: float = 0.0,
        max_attempts: int = 3,
        on_lost: Callable[[Any, BaseException], Any] | None = None,
        runtime_env: dict[str, Any] | None = None,
        object_store_mb: int | None = 256,
        init_options: dict[str, Any] | None = None,
        **_: Any,
    ) -> None:
        self._ray = import_ray()
        if batch_size is not None and batch_size < 1:
            raise TqcheckError(f"Ray batch size must be at least 1, not {batch_size}")
        if max_attempts < 1:
            raise TqcheckError(f"Ray max attempts must be at least 1, not {max_attempts}")
        self.address = address or None
        self.batch_size = batch_size
        self.actor_cpus = actor_cpus
        self.actor_gpus = actor_gpus
        self.max_attempts = max_attempts
        self.on_lost = on_lost
        self.stats = RunStats()
        self._requested_jobs = jobs
        self._owns_ray = False
        self._slots: list[_Slot] = []
        self._remote_worker: Any = None
        self._per_item_seconds: float | None = None
        self._connect(runtime_env, object_store_mb, dict(init_options or {}))
        self.jobs = max(1, jobs or self._cluster_slots())
        if (
            jobs and jobs > self._cluster_slots()
        ):  # an autoscaler may add nodes; a fixed cluster waits forever
            LOG.warning(
                "%d Ray actors of %g CPU asked for, the cluster holds %d now: the rest wait for resources",
                jobs,
                self.actor_cpus,
                self._cluster_slots(),
            )
        self._fixed_in_flight = max(1, max_in_flight) if max_in_flight else None

    # ------------------------------------------------------------------ Ray set-up

    def _connect(
        self, runtime_env: dict[str, Any] | None, object_store_mb: int | None, options: dict[str, Any]
    ) -> None:
        ray = self._ray
        if ray.is_initialized():  # the caller (or a test) already runs Ray: use it, leave it running
            return
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # no usage report over the network
        options.setdefault("log_to_driver", False)  # quiet on success: worker output stays in Ray's logs
        options.setdefault("logging_level", logging.ERROR)
        if runtime_env:
            options["runtime_env"] = runtime_env
        if self.address is None and not os.environ.get("RAY_ADDRESS"):
            cores = available_cores()
            wanted = int((self._requested_jobs or cores) * max(self.actor_cpus, 1))
            options.setdefault("num_cpus", max(cores, wanted))
            options.setdefault("include_dashboard", False)
            if object_store_mb:
                options.setdefault("object_store_memory", object_store_mb * 1024 * 1024)
        else:
            options["address"] = self.address
            probe_head(self.address or os.environ["RAY_ADDRESS"])
        try:
            ray.init(**options)
        except ImportError as exc:  # ray:// without the client extra
            raise TqcheckError(MISSING_CLIENT) from exc
        except (ConnectionError, RuntimeError, ValueError, TimeoutError) as exc:
            where = self.address or os.environ.get("RAY_ADDRESS") or "a local instance"
            root: BaseException = exc
            while root.__cause__ is not None:  # Ray wraps the reason (e.g. a missing auth token)
                root = root.__cause__
            reason = _first_cause(root) if root is not exc else (str(exc).strip().splitlines() or [""])[0]
            raise TqcheckError(
                f"cannot start or reach Ray ({where}): {reason or type(exc).__name__}"
            ) from exc
        self._owns_ray = True
        # Ray prints worker deaths and worker output on the driver's stdout, where
        # a report may be going (--output -): the executor says what matters itself.
        with contextlib.suppress(AttributeError, ImportError):
            import ray._private.worker as ray_worker

            ray_worker._worker_logs_enabled = False

    def _cluster_slots(self) -> int:
        """How many actors of ``actor_cpus`` the cluster's CPUs hold."""
        cpus = float(self._ray.cluster_resources().get("CPU", 1))
        return max(1, int(cpus // max(self.actor_cpus, 0.001)))

    def _new_actor(self) -> Any:
        if self._remote_worker is None:
            self._remote_worker = self._ray.remote(self.actor_class)
        return self._remote_worker.options(
            num_cpus=self.actor_cpus,
            num_gpus=self.actor_gpus,
            max_restarts=0,  # the driver replaces dead actors and resends their work, see _replace
            max_task_retries=0,
        ).remote()

    def _ensure_actors(self) -> list[_Slot]:
        """The pool, started and answering: an actor that cannot start is a set-up error, not a lost document."""
        new = [_Slot(self._new_actor()) for _ in range(self.jobs - len(self._slots))]
        if new:
            try:
                self._ray.get([slot.actor.pid.remote() for slot in new])
            except _lost_errors(self._ray) as exc:
                for slot in new:
                    with contextlib.suppress(Exception):
                        self._ray.kill(slot.actor, no_restart=True)
                raise TqcheckError(f"Ray actors cannot start: {_first_cause(exc)}") from None
            self._slots.extend(new)
        return self._slots

    def actor_pids(self) -> list[int]:
        """Process ids of the live actors (the fault test kills one)."""
        return list(self._ray.get([slot.actor.pid.remote() for slot in self._ensure_actors()]))

    # ------------------------------------------------------------------ the run

    def _next_batch_size(self) -> int:
        if self.batch_size is not None:
            return self.batch_size
        if not self._per_item_seconds:
            return 1
        return max(1, min(MAX_BATCH, round(TARGET_CALL_SECONDS / self._per_item_seconds)))

    @property
    def max_in_flight(self) -> int:
        """Items read but not yet yielded, at most: as set, or four current batches per actor."""
        return self._fixed_in_flight or 4 * self.jobs * self._next_batch_size()

    def imap(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """``fn(item)`` for each item, in input order, each delivered exactly once."""
        ray = self._ray
        slots = self._ensure_actors()
        fn_ref = ray.put(fn)
        source = iter(items)
        numbered = zip(itertools.count(), source, strict=False)
        exhausted = False
        done: dict[int, tuple[bool, Any]] = {}  # item number -> (ok, result or exception)
        retry: collections.deque[_Batch] = collections.deque()
        owner: dict[Any, _Slot] = {}  # call ref -> the slot that runs it
        next_out = 0
        read = 0

        def submit(batch: _Batch) -> bool:
            free = [s for s in slots if not s.reserved and not (batch.alone and s.calls)]
            if not free:
                return False
            slot = min(free, key=_Slot.load)
            ref = slot.actor.run.remote(fn_ref, batch.items)
            slot.calls.append((ref, batch))
            owner[ref] = slot
            return True

        def fill() -> None:
            nonlocal exhausted, read
            while retry and submit(retry[0]):
                retry.popleft()
            while not retry and not exhausted and read - next_out < (window := self.max_in_flight):
                room = window - (read - next_out)
                chunk = list(itertools.islice(numbered, min(room, self._next_batch_size())))
                if not chunk:
                    exhausted = True
                    break
                read += len(chunk)
                if not submit(_Batch(chunk[0][0], [item for _, item in chunk])):
                    retry.append(_Batch(chunk[0][0], [item for _, item in chunk]))

        def store(batch: _Batch, value: tuple[list[Any], float, BaseException | None]) -> None:
            results, seconds, error = value
            if error is not None:
                done.setdefault(batch.first + len(results), (False, error))
            self.stats.calls += 1
            self.stats.items += len(results)
            self.stats.actor_seconds += seconds
            per_item = seconds / max(1, len(results))
            previous = self._per_item_seconds
            self._per_item_seconds = per_item if previous is None else 0.7 * previous + 0.3 * per_item
            for index, result in zip(batch.indices, results, strict=False):
                done.setdefault(index, (True, result))  # first delivery wins: never twice

        def settle(ref: Any) -> None:
            """Take a finished call's outcome; on a dead actor, resend what it had not finished."""
            slot = owner[ref]
            calls = list(slot.calls)  # in submission order, the order the actor runs them
            batch = next(b for r, b in calls if r == ref)
            try:
                value = ray.get(ref)
            except (
                ray.exceptions.RayTaskError
            ) as exc:  # the call itself failed (e.g. a result that cannot pickle)
                cause = exc.as_instanceof_cause()
                for index in batch.indices:
                    done.setdefault(index, (False, cause))
            except _lost_errors(ray) as exc:
                self._replace(slot, calls, owner, retry, done, exc, store)
                return
            else:
                store(batch, value)
            del owner[ref]
            slot.calls = collections.deque((r, b) for r, b in calls if r != ref)

        finished = False
        try:
            fill()
            while next_out < read or not exhausted:
                while next_out in done:
                    ok, value = done.pop(next_out)
                    next_out += 1
                    if not ok:
                        raise value
                    yield value
                fill()
                if next_out >= read and exhausted:
                    break
                if next_out in done:
                    continue
                if not owner:  # cannot happen while the bookkeeping is right; never wait forever
                    raise RuntimeError(f"Ray executor: item {next_out} is neither done nor in flight")
                ready, _ = ray.wait(list(owner), num_returns=1)
                for ref in ready:
                    settle(ref)
                fill()
            finished = True
        finally:
            if not finished:  # an exception, Ctrl-C or an early stop: drop the work in flight
                self._abort(owner)

    def _replace(
        self,
        slot: _Slot,
        calls: list[tuple[Any, _Batch]],
        owner: dict[Any, _Slot],
        retry: collections.deque[_Batch],
        done: dict[int, tuple[bool, Any]],
        error: BaseException,
        store: Callable[[_Batch, Any], None],
    ) -> None:
        """An actor died: keep what it finished, resend the rest to a fresh actor."""
        ray = self._ray
        with contextlib.suppress(Exception):
            ray.kill(slot.actor, no_restart=True)
        slot.actor = self._new_actor()
        slot.calls = collections.deque()
        self.stats.restarts += 1
        LOG.warning("a Ray worker died (%s); its unfinished documents are sent again", type(error).__name__)
        suspect = True  # the oldest unfinished call was running when the actor died
        for ref, batch in calls:
            owner.pop(ref, None)
            finished, _ = ray.wait([ref], timeout=0)
            if finished:
                try:
                    store(batch, ray.get(ref))
                    continue
                except ray.exceptions.RayTaskError as exc:
                    cause = exc.as_instanceof_cause()
                    for index in batch.indices:
                        done.setdefault(index, (False, cause))
                    continue
                except _lost_errors(ray):
                    pass
            if not suspect:
                retry.append(batch)  # queued behind the suspect: innocent, sent again as it was
                continue
            suspect = False
            if batch.alone:
                batch.attempts += 1
                if batch.attempts >= self.max_attempts:
                    self._lose(batch, error, done)
                else:
                    retry.append(batch)
                continue
            retry.extend(_Batch(batch.first + k, [item], alone=True) for k, item in enumerate(batch.items))

    def _lose(self, batch: _Batch, error: BaseException, done: dict[int, tuple[bool, Any]]) -> None:
        (index,), (item,) = batch.indices, batch.items
        self.stats.lost += 1
        if self.on_lost is not None:
            done.setdefault(index, (True, self.on_lost(item, error)))
            return
        described = repr(item)
        described = described if len(described) <= 80 else described[:77] + "..."
        message = (
            f"document #{index + 1} ({described}) was lost: its Ray worker died "
            f"{batch.attempts} times ({type(error).__name__})"
        )
        done.setdefault(index, (False, TqcheckError(message)))

    def _abort(self, owner: dict[Any, _Slot]) -> None:
        """Cancel the calls in flight and kill the actors (they are recreated on the next run)."""
        ray = self._ray
        for ref in list(owner):
            with contextlib.suppress(Exception):
                ray.cancel(ref)
        owner.clear()
        self._kill_actors()

    def _kill_actors(self) -> None:
        for slot in self._slots:
            with contextlib.suppress(Exception):
                self._ray.kill(slot.actor, no_restart=True)
        self._slots = []

    def close(self) -> None:
        """Kill the actors; shut Ray down if this executor started it. Safe to call twice."""
        if self._ray is None:
            return
        self._kill_actors()
        if self._owns_ray:
            with contextlib.suppress(Exception):
                self._ray.shutdown()
            self._owns_ray = False

    def __enter__(self) -> RayExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def probe_head(address: str, timeout: float = 5.0) -> None:
    """Fail in seconds, with one line, when a ``HOST:PORT`` or ``ray://HOST:PORT`` head is unreachable.

    Ray itself retries an unreachable head for minutes, printing a warning
    every few seconds. ``auto`` (the cluster of ``ray start`` on this node) is
    left to Ray, which answers at once when there is none.
    """
    rest = address.removeprefix("ray://")
    if address == "auto" or ":" not in rest:
        return
    host, _, port = rest.rpartition(":")
    try:
        number = int(port.split("/")[0])
    except ValueError:
        raise TqcheckError(f"Ray address {address!r} is not HOST:PORT, ray://HOST:PORT or auto") from None
    try:
        socket.create_connection((host.strip("[]"), number), timeout=timeout).close()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise TqcheckError(f"cannot reach the Ray head at {address}: {reason}") from None


def _first_cause(exc: BaseException) -> str:
    """The root error of a failed actor start (e.g. ``ModuleNotFoundError: No module named 'tqcheck'``)."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    errors = [line for line in lines if re.match(r"^[A-Za-z_.]*(Error|Exception)\b:?", line)]
    return (errors or lines or [type(exc).__name__])[-1][:300]


def _lost_errors(ray: Any) -> tuple[type[BaseException], ...]:
    """Errors meaning the worker (not ``fn``) failed: the call can be sent again."""
    ex = ray.exceptions
    names = (
        "RayActorError",
        "ActorUnavailableError",
        "WorkerCrashedError",
        "ObjectLostError",
        "NodeDiedError",
    )
    return tuple(getattr(ex, name) for name in names if isinstance(getattr(ex, name, None), type))


EXECUTORS["ray"] = RayExecutor
