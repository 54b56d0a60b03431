"""The executor contract: every item once, in input order, lazily; same results serial and in processes."""

from __future__ import annotations

import itertools
import time

import pytest
from helpers import run_fresh_python

from tqcheck.errors import TqcheckError
from tqcheck.running import executing
from tqcheck.running.executing import Executor, ProcessExecutor, SerialExecutor, make_executor


def _square(x: int) -> int:
    return x * x


def _slow_first(x: int) -> int:
    import time

    time.sleep(0.2 if x == 0 else 0.0)  # the first result is the last to finish
    return x


@pytest.mark.parametrize(
    "factory",
    [
        SerialExecutor,
        lambda: ProcessExecutor(jobs=2, start_method="spawn"),
        lambda: ProcessExecutor(jobs=2, start_method="fork"),
    ],
    ids=["serial", "spawn", "fork"],
)
def test_results_in_input_order(factory) -> None:
    with factory() as ex:
        assert isinstance(ex, Executor)
        assert list(ex.imap(_slow_first, range(12))) == list(range(12))
        assert list(ex.imap(_square, range(5))) == [0, 1, 4, 9, 16]


def test_items_are_read_lazily() -> None:
    consumed = []

    def items():
        for i in itertools.count():
            consumed.append(i)
            yield i

    with ProcessExecutor(jobs=2, max_in_flight=3) as ex:
        it = ex.imap(_square, items())
        assert [next(it) for _ in range(4)] == [0, 1, 4, 9]
    assert len(consumed) <= 4 + 3  # never read far ahead of what was asked


def test_exception_in_fn_reaches_caller() -> None:
    with ProcessExecutor(jobs=2) as ex, pytest.raises(ZeroDivisionError):
        list(ex.imap(_inverse, [1, 0]))


def _inverse(x: int) -> float:
    return 1 / x


def test_make_executor_names() -> None:
    assert make_executor("serial").name == "serial"
    assert make_executor("local", jobs=3).jobs == 3
    assert make_executor("local").jobs >= 1
    with pytest.raises(TqcheckError, match="unknown executor"):
        make_executor("nonsense")


def _sleep(x: float) -> float:
    import time

    time.sleep(x)
    return x


def test_interrupt_stops_the_workers_at_once() -> None:
    ex = ProcessExecutor(jobs=2)
    it = ex.imap(_sleep, [0.0, 60.0, 60.0])
    assert next(it) == 0.0
    processes = list(ex._pool._processes.values())
    ex._terminate()
    # The tasks in flight sleep 60 s: a worker left running would outlive this wait, while one
    # that was stopped may take a few seconds to be reaped on a loaded machine (seen once in CI).
    deadline = time.monotonic() + 30
    for p in processes:
        while p.is_alive() and time.monotonic() < deadline:
            p.join(timeout=1)
        assert not p.is_alive()
    assert ex._pool is None
    ex.close()  # safe after a stop


_STATE: dict[str, str] = {}


def _state(_: int) -> str:
    return _STATE.get("models", "not loaded")


def _load_state() -> None:
    _STATE["models"] = "loaded in the parent"


def test_forked_workers_start_with_what_warm_loaded(monkeypatch) -> None:
    monkeypatch.setattr(executing, "fork_is_safe", lambda: True)
    frozen: list[bool] = []
    monkeypatch.setattr(executing, "freeze_heap", lambda: frozen.append(True))  # not the test process's heap
    _STATE.clear()
    with ProcessExecutor(jobs=2) as ex:
        ex.warm(_load_state)
        assert frozen == [True]  # the loaded models are frozen before the fork
        assert list(ex.imap(_state, range(4))) == ["loaded in the parent"] * 4
    _STATE.clear()


def test_freeze_heap_leaves_the_loaded_objects_to_no_collection(tmp_path) -> None:
    out = run_fresh_python(
        "import gc\n"
        "from tqcheck.running.executing import freeze_heap\n"
        "models = [[i] for i in range(10_000)]  # lists: always tracked by the collector\n"
        "before = gc.get_freeze_count()\n"
        "freeze_heap()\n"
        "print(before, gc.get_freeze_count() >= 10_000)\n",
        tmp_path / "cache",
    )
    assert out.split() == ["0", "True"]


def test_spawned_workers_do_not_run_warm(monkeypatch) -> None:
    monkeypatch.setattr(
        executing, "fork_is_safe", lambda: False
    )  # e.g. torch already imported, or another thread
    monkeypatch.setattr(
        executing, "freeze_heap", lambda: pytest.fail("nothing to freeze for spawned workers")
    )
    _STATE.clear()
    with ProcessExecutor(jobs=2) as ex:
        ex.warm(_load_state)
        assert _STATE == {}  # nothing loaded here for nobody
        assert list(ex.imap(_state, range(3))) == ["not loaded"] * 3


def test_one_job_runs_in_process_without_warm() -> None:
    _STATE.clear()
    ex = ProcessExecutor(jobs=1)
    ex.warm(_load_state)
    assert _STATE == {} and list(ex.imap(_square, [3])) == [9] and ex._pool is None
