"""``tqcheck server`` and the client in ``tqcheck check``: same output and exit code as a local run."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from helpers import run_cli
from typer.testing import CliRunner

from tqcheck import server as srv
from tqcheck.cli import app

ROOT = Path(__file__).resolve().parent.parent  # (tests/scoring has a conftest of its own)
KIDAL = ROOT / "corpora" / "kidal"


@pytest.fixture
def running(tmp_path):
    """A server on a private socket, in a thread of this process."""
    path = tmp_path / "s.sock"
    server = srv.Server(path)
    server.bind()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield path
    server.stop()
    thread.join(timeout=10)


def _pair(tmp_path):
    fr = tmp_path / "a.fr.txt"
    en = tmp_path / "a.en.txt"
    fr.write_text(
        "L'armée malienne a repris la ville. Elle affirme avoir détruit un véhicule.\n", encoding="utf-8"
    )
    en.write_text(
        "The Malian army retook the town. She claims to have destroyed a vehicle.\n", encoding="utf-8"
    )
    return fr, en


@pytest.mark.slow
def test_forwarded_check_prints_what_a_local_run_prints(running, tmp_path, capsys, monkeypatch):
    fr, en = _pair(tmp_path)
    monkeypatch.chdir(tmp_path)
    local = CliRunner().invoke(app, ["check", fr.name, en.name, "--no-color"])
    code = srv.forward(running, ["check", fr.name, en.name, "--no-color"])  # relative paths: the client's cwd
    out = capsys.readouterr()
    assert code == local.exit_code == 1
    assert out.out == local.stdout
    assert "TQ201" in out.out


@pytest.mark.slow
def test_forwarded_kidal_json_matches_local(running, capsys):
    local = CliRunner().invoke(app, ["check", str(KIDAL), "--format", "json", "--no-cache"])
    code = srv.forward(running, ["check", str(KIDAL), "--format", "json", "--no-cache"])
    out = capsys.readouterr()
    assert code == local.exit_code
    assert out.out == local.stdout


def test_forwarded_bad_input_is_one_line_and_exit_2(running, tmp_path, capsys):
    code = srv.forward(running, ["check", str(tmp_path / "missing.fr.txt"), str(tmp_path / "missing.en.txt")])
    out = capsys.readouterr()
    assert code == 2
    assert out.out == ""
    lines = out.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tqcheck: error: ") and "missing.fr.txt" in lines[0]
    assert "Traceback" not in out.err


def test_server_runs_only_check(running, capsys):
    assert srv.forward(running, ["rules"]) == 2
    assert "runs 'tqcheck check' only" in capsys.readouterr().err


def test_no_server_means_none_so_the_check_runs_locally(tmp_path):
    assert srv.forward(tmp_path / "nobody.sock", ["check", "x"]) is None
    stale = tmp_path / "stale.sock"
    stale.write_text("not a socket")
    assert srv.forward(stale, ["check", "x"]) is None


def test_a_second_server_on_a_live_socket_is_refused(running):
    with pytest.raises(OSError, match="already listening"):
        srv.Server(running).bind()


def test_a_dead_servers_socket_is_replaced_and_private(tmp_path):
    path = tmp_path / "dead.sock"
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(str(path))
    dead.close()  # the file stays, nobody listens
    server = srv.Server(path)
    server.bind()
    try:
        assert oct(os.stat(path).st_mode & 0o777) == "0o600"
    finally:
        server.stop()
        server._sock.close()


def test_request_context_restores_cwd_and_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("TQCHECK_MODEL", "server-side")
    monkeypatch.delenv("NO_COLOR", raising=False)
    before = os.getcwd()
    with srv._request_context(str(tmp_path), {"NO_COLOR": "1"}):
        assert os.getcwd() == str(tmp_path)
        assert "TQCHECK_MODEL" not in os.environ and os.environ["NO_COLOR"] == "1"
    assert os.getcwd() == before and os.environ["TQCHECK_MODEL"] == "server-side"
    assert "NO_COLOR" not in os.environ


@pytest.mark.slow
def test_cli_with_a_dead_server_setting_checks_locally(tmp_path):
    fr, en = _pair(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TQCHECK_SERVER": str(tmp_path / "nobody.sock")}
    out = run_cli(["check", str(fr), str(en), "--no-color", "--quiet"], env)
    assert out.returncode == 1, out.stderr
    assert "problem" in out.stdout


def test_server_command_on_a_busy_socket_is_one_line_exit_2(running):
    from tqcheck.cli import register_optional_commands

    register_optional_commands()  # as main() does for any command but check/rules/explain
    result = CliRunner().invoke(app, ["server", "--socket", str(running)])
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("tqcheck: error: ") and "already listening" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def _child_signals(how: str):
    """The SIGINT disposition a server starts with: default from a terminal, ignored when a script ran it with ``&``.

    Set explicitly because the test's own may be either: pytest started in the
    background by a non-interactive shell inherits SIGINT ignored, and so would
    a server it starts (that is how this test once hung in full runs only).
    """
    import signal

    disposition = signal.SIG_DFL if how == "interrupt" else signal.SIG_IGN
    return lambda: signal.signal(signal.SIGINT, disposition)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("how", "signum"),
    [("interrupt", "SIGINT"), ("kill from a script that started it with &", "SIGTERM")],
)
def test_server_process_answers_then_stops_cleanly(tmp_path, how, signum):
    import signal

    path = tmp_path / "p.sock"
    # faulthandler: a server that does not stop is made to print every thread's stack (SIGABRT)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TQCHECK_CACHE_DIR": str(tmp_path / "cache"),
        "PYTHONFAULTHANDLER": "1",
    }
    log = tmp_path / "server.stderr"
    # stderr goes to a file, not a pipe: a pipe nobody drains blocks the server once it is full
    with log.open("w") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tqcheck.cli", "server", "--socket", str(path)],
            cwd=ROOT,
            env=env,
            stderr=err,
            text=True,
            preexec_fn=_child_signals(how),
        )
    try:
        deadline = time.monotonic() + 300
        while "listening on" not in log.read_text() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)  # printed once the models are loaded and the socket listens
        line = next((x for x in log.read_text().splitlines() if "listening on" in x), "")
        assert str(path) in line, log.read_text()
        fr, en = _pair(tmp_path)
        client = run_cli(
            ["check", str(fr), str(en), "--quiet", "--no-color"], {**env, "TQCHECK_SERVER": str(path)}, 120
        )
        assert client.returncode == 1 and "problem" in client.stdout
        proc.send_signal(getattr(signal, signum))
        try:
            code = proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            code = None
            proc.send_signal(signal.SIGABRT)
            proc.wait(timeout=30)
        assert code == 0, f"server exit {code}; its stderr:\n{log.read_text()[-6000:]}"
        assert not path.exists()  # the socket file is removed
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
