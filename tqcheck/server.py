"""``tqcheck server``: a long-lived process that keeps the models loaded between checks.

A translator re-checking a file after each edit pays, with a fresh process,
for the interpreter, the imports, the French parser and the sentence
encoder every time (seconds), for a check that takes a fraction of a second
once they are loaded. ``tqcheck server`` loads them once and answers checks
over a Unix socket; ``tqcheck check`` sends its command line there when
``TQCHECK_SERVER`` names the socket, and prints exactly what a local run
would have printed, with the same exit code. If nothing answers on that
socket the check simply runs locally, so a stale setting never breaks a
check.

Opt-in only (the environment variable): a server started from another
checkout or version must not answer for this one unasked. The socket is
created with mode 0600, so only its owner can talk to it. Requests are
handled one at a time (each runs in the client's working directory, with
the client's ``TQCHECK_*``, ``NO_COLOR``, ``TERM`` and ``COLUMNS``), which is
what one translator's editor needs.

Stopping: Ctrl-C, or ``kill`` (SIGTERM) for a server started in the
background, ends it cleanly and removes the socket file. A server started
with ``&`` from a script inherits SIGINT ignored (POSIX shells do that for
background jobs so that Ctrl-C at the terminal spares them); it keeps that
choice, and SIGTERM is the way to stop it.

Wire format: one request per connection, each way a 4-byte big-endian
length then UTF-8 JSON. Request ``{"argv", "cwd", "env", "tty"}``, answer
``{"exit", "stdout", "stderr"}``.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import struct
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

ENV_VAR = "TQCHECK_SERVER"
FORWARDED_ENV = ("NO_COLOR", "TERM", "COLUMNS")
MAX_MESSAGE = 64 * 1024 * 1024


def default_socket() -> Path:
    """``$XDG_RUNTIME_DIR/tqcheck.sock``, else ``tqcheck.sock`` in the cache folder."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and Path(runtime).is_dir():
        return Path(runtime) / "tqcheck.sock"
    from tqcheck.scoring.cache import cache_dir

    return cache_dir() / "tqcheck.sock"


# --------------------------------------------------------------------------- wire


def _send(sock: socket.socket, payload: dict[str, Any]) -> None:
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    sock.sendall(struct.pack(">I", len(data)) + data)


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    chunks = []
    while n:
        chunk = sock.recv(min(n, 1 << 20))
        if not chunk:
            raise ConnectionError("connection closed mid-message")
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def _recv(sock: socket.socket) -> dict[str, Any]:
    (size,) = struct.unpack(">I", _recv_exact(sock, 4))
    if size > MAX_MESSAGE:
        raise ConnectionError(f"message of {size} bytes refused")
    payload = json.loads(_recv_exact(sock, size).decode("utf-8"))
    if not isinstance(payload, dict):
        raise ConnectionError("malformed message")
    return payload


# --------------------------------------------------------------------------- client


def forward(socket_path: str | Path, argv: list[str]) -> int | None:
    """Run ``tqcheck <argv>`` on the server; its exit code, or ``None`` when no server answers."""
    env = {k: v for k, v in os.environ.items() if k.startswith("TQCHECK_") or k in FORWARDED_ENV}
    try:
        tty = sys.stdout.isatty()
    except (AttributeError, ValueError):
        tty = False
    if tty and "COLUMNS" not in env:
        import shutil

        env["COLUMNS"] = str(shutil.get_terminal_size((100, 24)).columns)
    request = {"argv": argv, "cwd": os.getcwd(), "env": env, "tty": tty}
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.connect(str(socket_path))
            _send(sock, request)
            answer = _recv(sock)
    except (OSError, ValueError, ConnectionError):
        return None
    sys.stdout.write(answer.get("stdout", ""))
    sys.stdout.flush()
    sys.stderr.write(answer.get("stderr", ""))
    sys.stderr.flush()
    return int(answer.get("exit", 2))


# --------------------------------------------------------------------------- server


@contextlib.contextmanager
def _request_context(cwd: str, env: dict[str, str]) -> Iterator[None]:
    """The client's working directory and environment for one request, restored afterwards."""
    old_cwd = os.getcwd()
    names = {k for k in os.environ if k.startswith("TQCHECK_") or k in FORWARDED_ENV} | set(env)
    saved = {k: os.environ.get(k) for k in names}
    try:
        os.chdir(cwd)
        for k in names:
            if k in env:
                os.environ[k] = env[k]
            else:
                os.environ.pop(k, None)
        yield
    finally:
        os.chdir(old_cwd)
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def handle(request: dict[str, Any]) -> dict[str, Any]:
    """Run one forwarded command line in this process; what it printed and its exit code."""
    from typer.testing import CliRunner

    from tqcheck.cli import app, register_optional_commands

    argv = request.get("argv")
    if (
        not isinstance(argv, list)
        or not all(isinstance(a, str) for a in argv)
        or not argv
        or argv[0] != "check"
    ):
        return {"exit": 2, "stdout": "", "stderr": "tqcheck: error: the server runs 'tqcheck check' only\n"}
    if request.get("tty") and not any(a in ("--color", "--no-color") for a in argv):
        argv = [*argv, "--color"]  # the client's terminal, not the server's capture, decides
    env = {str(k): str(v) for k, v in dict(request.get("env") or {}).items()}
    register_optional_commands()
    try:
        with _request_context(str(request.get("cwd") or "/"), env):
            result = CliRunner().invoke(app, argv, catch_exceptions=True)
    except OSError as exc:  # the client's folder vanished, say
        return {"exit": 2, "stdout": "", "stderr": f"tqcheck: error: {exc}\n"}
    stderr = result.stderr if hasattr(result, "stderr") else ""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        line = " ".join(f"{type(result.exception).__name__}: {result.exception}".split())
        return {"exit": 2, "stdout": "", "stderr": f"tqcheck: error: {line}\n"}
    return {"exit": result.exit_code, "stdout": result.stdout, "stderr": stderr}


def warm_up() -> None:
    """Load what a default check needs, so the first request is as fast as the others."""
    from tqcheck.api import check_texts
    from tqcheck.config import Config

    check_texts(
        "L'armée dit qu'elle a repris la ville.", "The army says she retook the town.", Config(cache=False)
    )


class Server:
    """The accept loop, on a Unix socket created 0600; ``stop()`` ends it from another thread."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._stop = threading.Event()
        self._sock: socket.socket | None = None
        self.ready = threading.Event()

    def bind(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.path.exists() or self.path.is_symlink():
            probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                probe.connect(str(self.path))
            except OSError:
                self.path.unlink()  # left by a server that died
            else:
                raise OSError(f"{self.path}: a tqcheck server is already listening there")
            finally:
                probe.close()
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old = os.umask(0o177)
        try:
            sock.bind(str(self.path))
        finally:
            os.umask(old)
        sock.listen(8)
        sock.settimeout(0.5)
        self._sock = sock
        self.ready.set()

    def serve_forever(self) -> None:
        assert self._sock is not None, "bind() first"
        try:
            while not self._stop.is_set():
                try:
                    conn, _ = self._sock.accept()
                except TimeoutError:
                    continue
                with conn:
                    conn.settimeout(None)
                    try:
                        request = _recv(conn)
                    except (OSError, ValueError, ConnectionError):
                        continue
                    try:
                        _send(conn, handle(request))
                    except OSError:
                        continue  # the client went away
        finally:
            self._sock.close()
            with contextlib.suppress(OSError):
                self.path.unlink()

    def stop(self) -> None:
        self._stop.set()


def server_command(
    socket_path: Annotated[
        Path | None,
        typer.Option("--socket", help="Unix socket to listen on (default: $XDG_RUNTIME_DIR/tqcheck.sock)."),
    ] = None,
) -> None:
    """Keep the models loaded and answer `tqcheck check` over a Unix socket (set TQCHECK_SERVER to use it)."""
    path = Path(socket_path) if socket_path else default_socket()
    server = Server(path)
    try:
        server.bind()
    except OSError as exc:
        typer.echo(f"tqcheck: error: {exc}", err=True)
        raise typer.Exit(2) from None
    previous = signal.signal(signal.SIGTERM, lambda *_: server.stop())  # `kill PID`: the same clean stop
    try:
        warm_up()
        typer.echo(f"tqcheck server: listening on {path}; use it with  export {ENV_VAR}={path}", err=True)
        server.serve_forever()
    except KeyboardInterrupt:
        server.stop()
    finally:
        signal.signal(signal.SIGTERM, previous)
