"""The Ray executor keeps the executor contract: order, laziness, exactly once, faults.

One local Ray instance serves the whole module (starting Ray costs seconds):
2 CPUs, no dashboard, a small object store, worker output kept out of the
test log. Each executor made here reuses it and leaves it running; the
module's fixture shuts it down.
"""

from __future__ import annotations

import itertools
import logging
import os
import signal
import sys
import time
from pathlib import Path

import pytest

ray = pytest.importorskip("ray")

from tqcheck.errors import TqcheckError  # noqa: E402
from tqcheck.running.executing import Executor, SerialExecutor, make_executor  # noqa: E402
from tqcheck.running.executing_ray import MISSING_RAY, RayExecutor, TqcheckActor  # noqa: E402

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent


@pytest.fixture(scope="module", autouse=True)
def ray_instance():
    """One local Ray for the module; workers import tqcheck and these test modules from the tree."""
    mp = pytest.MonkeyPatch()
    paths = [str(ROOT), str(TESTS), os.environ.get("PYTHONPATH", "")]
    mp.setenv("PYTHONPATH", os.pathsep.join(p for p in paths if p))
    mp.setenv("RAY_USAGE_STATS_ENABLED", "0")
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        object_store_memory=200 * 1024 * 1024,
        log_to_driver=False,
        logging_level=logging.ERROR,
    )
    yield
    ray.shutdown()
    mp.undo()


def _square(x: int) -> int:
    return x * x


def _slow_first(x: int) -> int:
    time.sleep(0.3 if x == 0 else 0.01)  # the first result is the last to finish
    return x


def _inverse(x: int) -> float:
    return 1 / x


def _tagged(x: int) -> tuple[int, int]:
    time.sleep(0.05)
    return x, os.getpid()


def _exit_on_seven(x: int) -> int:
    if x == 7:
        os._exit(3)  # the worker process dies, every time it meets this item
    return x


def test_registered_and_keeps_order() -> None:
    with make_executor("ray", jobs=2) as ex:
        assert isinstance(ex, Executor) and ex.name == "ray" and ex.jobs == 2
        assert list(ex.imap(_slow_first, range(12))) == list(range(12))
        assert list(ex.imap(_square, range(50))) == [x * x for x in range(50)]
        assert list(ex.imap(_square, [])) == []


def test_items_are_read_lazily_and_bounded() -> None:
    consumed = []

    def items():
        for i in itertools.count():
            consumed.append(i)
            yield i

    with RayExecutor(jobs=2, max_in_flight=3, batch_size=1) as ex:
        it = ex.imap(_square, items())
        assert [next(it) for _ in range(4)] == [0, 1, 4, 9]
        it.close()
    assert len(consumed) <= 4 + 3


def test_adaptive_batches_group_fast_items_and_keep_every_result_once() -> None:
    with RayExecutor(jobs=2) as ex:
        assert list(ex.imap(_square, range(400))) == [x * x for x in range(400)]
        assert ex.stats.items == 400
        assert ex.stats.calls <= 50  # fast items travel by the dozen per actor call
        assert ex.max_in_flight > 8  # and the window grew with the batches


@pytest.mark.parametrize("batch_size", [1, 4])
def test_exception_in_fn_reaches_caller_after_earlier_results(batch_size: int) -> None:
    got = []
    with RayExecutor(jobs=2, batch_size=batch_size) as ex:
        with pytest.raises(ZeroDivisionError) as info:
            for value in ex.imap(_inverse, [1, 2, 0, 4]):
                got.append(value)
        assert got == [1.0, 0.5]
        assert "in _inverse" in "".join(getattr(info.value, "__notes__", []))  # the worker's traceback
        assert list(ex.imap(_square, range(3))) == [0, 1, 4]  # usable after the failure


def test_killed_actor_is_replaced_and_every_item_delivered_once() -> None:
    n = 40
    with RayExecutor(jobs=2, batch_size=2) as ex:
        pids = ex.actor_pids()
        results = []
        for value in ex.imap(_tagged, range(n)):
            results.append(value)
            if len(results) == 5:
                os.kill(pids[0], signal.SIGKILL)  # a worker killed mid-run
        assert [x for x, _ in results] == list(range(n))
        assert ex.stats.restarts >= 1
        assert pids[0] not in ex.actor_pids() and pids[1] in ex.actor_pids()  # replaced, the other kept


def test_a_document_that_kills_its_worker_is_lost_alone() -> None:
    with RayExecutor(jobs=2, batch_size=4, max_attempts=2, on_lost=lambda item, exc: ("lost", item)) as ex:
        results = list(ex.imap(_exit_on_seven, range(12)))
    assert results == [*range(7), ("lost", 7), *range(8, 12)]
    assert ex.stats.lost == 1


def test_a_lost_document_without_handler_stops_the_run_naming_it() -> None:
    got = []
    with RayExecutor(jobs=1, batch_size=1, max_attempts=1) as ex:
        with pytest.raises(TqcheckError, match=r"document #8 \(7\) was lost"):
            for value in ex.imap(_exit_on_seven, range(12)):
                got.append(value)
    assert got == list(range(7))


def test_missing_ray_is_one_clear_error(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` now fails
    with pytest.raises(TqcheckError) as info:
        RayExecutor(jobs=1)
    assert str(info.value) == MISSING_RAY


def _tiny_marian(folder: Path) -> Path:
    """The scoring tests' tiny random Marian (opus-mt layout), built here without a download."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("tqcheck_tiny_marian", TESTS / "scoring" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build_marian(folder)


def _same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == pytest.approx(b, rel=1e-4, abs=1e-5)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


@pytest.mark.slow
def test_same_results_as_serial_on_a_mixed_feed(tmp_path_factory) -> None:
    import functools

    from docfeed import check_document, mixed_feed

    model = _tiny_marian(tmp_path_factory.mktemp("models") / "tiny-marian")
    fn = functools.partial(check_document, model=str(model))
    feed = mixed_feed(6)
    expected = list(SerialExecutor().imap(fn, feed))
    with RayExecutor(jobs=2, batch_size=1) as ex:
        got = list(ex.imap(fn, feed))
    assert [r["id"] for r in got] == [doc_id for doc_id, _ in feed]
    failed = [r for r in got if "error" in r]
    assert [r["id"] for r in failed] == ["missing-document"]  # reported with its id; the rest finished
    assert failed[0]["error"] == next(r for r in expected if "error" in r)["error"]
    assert any(r["findings"] for r in got if "error" not in r)  # the feed is not trivially clean
    assert all(any(s[2] is not None for s in r["scores"]) for r in got if "error" not in r)  # MT scored
    for mine, reference in zip(got, expected, strict=True):
        assert mine.get("findings") == reference.get("findings"), mine["id"]
        assert _same(mine.get("scores"), reference.get("scores")), mine["id"]
    pids = {r["pid"] for r in got}
    assert len(pids) == 2 and os.getpid() not in pids
    assert all(r["loads"] == 1 for r in got if "error" not in r)  # each actor loaded the models once


def test_an_unreachable_head_is_one_line_in_seconds() -> None:
    from tqcheck.running.executing_ray import probe_head

    with pytest.raises(TqcheckError, match=r"cannot reach the Ray head at ray://127\.0\.0\.1:1: "):
        probe_head("ray://127.0.0.1:1")
    with pytest.raises(TqcheckError, match="is not HOST:PORT"):
        probe_head("head:port")
    probe_head("auto")  # left to Ray, which answers at once


INTERRUPTED_RUN = """
import os, signal, time
signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started with SIGINT ignored
from tqcheck.running.executing_ray import RayExecutor

def slow(x):
    time.sleep(0.2)
    return x

def live_children():
    alive = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == os.getpid() and fields[0] != "Z":
            alive.append(pid)
    return alive

ex = RayExecutor(jobs=1)  # no address, no Ray running in this process: starts a local instance
try:
    for value in ex.imap(slow, range(10_000)):
        print(value, flush=True)
except KeyboardInterrupt:
    print("interrupted", flush=True)
finally:
    ex.close()
print("children", live_children(), flush=True)
"""


@pytest.mark.slow
def test_ctrl_c_stops_cleanly_and_the_local_ray_it_started_is_shut_down(tmp_path) -> None:
    import subprocess

    script = tmp_path / "interrupted_run.py"
    script.write_text(INTERRUPTED_RUN, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RAY_USAGE_STATS_ENABLED": "0"}
    env.pop("RAY_ADDRESS", None)
    proc = subprocess.Popen(
        [sys.executable, str(script)], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        first = [proc.stdout.readline() for _ in range(3)]
        assert [line.strip() for line in first] == ["0", "1", "2"]
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "interrupted" in out and "children []" in out  # no Ray process left behind
    assert "Traceback" not in err


class _CannotStart(TqcheckActor):
    """An actor body whose start fails, as when tqcheck is missing on a node."""

    def __init__(self) -> None:
        raise ModuleNotFoundError("No module named 'tqcheck'")


def test_actors_that_cannot_start_are_one_set_up_error() -> None:
    class Broken(RayExecutor):
        actor_class = _CannotStart

    with Broken(jobs=1) as ex, pytest.raises(TqcheckError, match=r"Ray actors cannot start: .*No module named 'tqcheck'"):
        list(ex.imap(_square, range(3)))


HEAD = """
import logging, sys
import ray
ray.init(num_cpus=2, include_dashboard=False, object_store_memory=100 * 1024 * 1024,
         log_to_driver=False, logging_level=logging.ERROR)
print(ray.get_runtime_context().gcs_address, flush=True)
sys.stdin.readline()  # until the test asks whether the cluster outlived the tqcheck run
print("alive", ray.get(ray.remote(lambda: 41 + 1).remote()), flush=True)
ray.shutdown()
"""

DRIVER = """
import sys
from tqcheck.running.executing_ray import RayExecutor

def double(x):
    return 2 * x

with RayExecutor(jobs=2, address=sys.argv[1]) as ex:
    print(list(ex.imap(double, range(20))) == [2 * x for x in range(20)], ex.jobs, flush=True)
"""


@pytest.mark.slow
def test_joins_an_existing_cluster_by_address_and_leaves_it_running(tmp_path) -> None:
    import subprocess

    (tmp_path / "head.py").write_text(HEAD, encoding="utf-8")
    (tmp_path / "driver.py").write_text(DRIVER, encoding="utf-8")
    # Token authentication off for this private two-process cluster (a real one hands its token to drivers).
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RAY_USAGE_STATS_ENABLED": "0", "RAY_AUTH_MODE": "disabled"}
    env.pop("RAY_ADDRESS", None)
    run = dict(cwd=tmp_path, env=env, text=True)
    head = subprocess.Popen([sys.executable, "head.py"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, **run)
    try:
        address = head.stdout.readline().strip()
        assert address.count(":") == 1, address
        driver = subprocess.run(
            [sys.executable, "driver.py", address], capture_output=True, timeout=300, check=False, **run
        )
        assert driver.returncode == 0, driver.stderr[-2000:]
        assert driver.stdout.split() == ["True", "2"]  # the cluster's 2 CPUs: 2 actors
        out, _ = head.communicate("\n", timeout=120)
    finally:
        if head.poll() is None:
            head.kill()
    assert "alive 42" in out  # closing the executor disconnected; it did not stop someone else's cluster


def test_check_command_with_the_ray_executor_finds_what_a_serial_run_finds(tmp_path, monkeypatch):
    """`tqcheck check PATH… --executor ray` goes through the same runner and writers as a local run."""
    import json

    from typer.testing import CliRunner

    from tqcheck.cli import app

    monkeypatch.chdir(tmp_path)
    for name in ("kidal", "budget-municipal", "festival-lire"):
        src = ROOT / "corpora" / name
        if not src.is_dir():
            pytest.skip(f"corpora/{name} missing")
        for side, file in (("fr", "source.fr.txt"), ("en", "translation.en.txt")):
            (tmp_path / "feed" / side).mkdir(parents=True, exist_ok=True)
            (tmp_path / "feed" / side / f"{name}.txt").write_bytes((src / file).read_bytes())
    args = ["check", "feed", "--format", "jsonl", "--no-similarity", "--no-cache"]
    serial = CliRunner().invoke(app, [*args, "--executor", "serial"])
    on_ray = CliRunner().invoke(app, [*args, "--executor", "ray", "--jobs", "2"])
    assert serial.exit_code == on_ray.exit_code == 1, on_ray.output

    def findings(out: str) -> list:
        docs = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
        return [(d["document"]["id"], f["code"], f["message"]) for d in docs if d.get("schema") == "tqcheck-report/1"
                for f in d["findings"]]

    assert findings(on_ray.stdout) == findings(serial.stdout) != []
