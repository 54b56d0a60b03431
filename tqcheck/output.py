"""Writing reports to disk so that a reader never sees half a file.

A CI job may read ``report.json`` while tqcheck is still running, or tqcheck
may be stopped half-way: the report is therefore written to a temporary file
in the same folder (same filesystem, so the rename is atomic) and moved over
the destination with :func:`os.replace` only once it is complete. On any
error the temporary file is removed and an existing report is left as it was.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from tqcheck.errors import TqcheckError


class OutputError(TqcheckError):
    """The report could not be written where the user asked."""


def _default_mode() -> int:
    """Permissions a plain ``open(path, "w")`` would give (0o666 minus the umask)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: Path | str, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically; return the path written.

    The new file keeps the permissions of the file it replaces (or the usual
    umask-based ones for a new file), not the 0600 of a temporary file.
    """
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"{path}: is a directory, cannot write the report there")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{path}: folder {folder} does not exist")
    data = text.encode(encoding)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = _default_mode()
    except OSError as exc:
        raise OutputError(f"{path}: cannot write the report ({exc.strerror or exc})") from None
    try:
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"{path}: cannot write the report ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        if isinstance(exc, OSError):
            raise OutputError(f"{path}: cannot write the report ({exc.strerror or exc})") from None
        raise
    return path


class AtomicStream:
    """A report written piece by piece that appears at ``path`` only when complete.

    Streaming writers (a feed run) write as documents finish; the pieces go
    to a temporary file in the destination folder, renamed over ``path`` by
    :meth:`commit`. :meth:`discard` (or an exception) leaves ``path`` as it was.
    """

    def __init__(self, path: Path | str, encoding: str = "utf-8") -> None:
        self.path = Path(path)
        if self.path.is_dir():
            raise OutputError(f"{self.path}: is a directory, cannot write the report there")
        folder = self.path.parent if str(self.path.parent) else Path(".")
        if not folder.is_dir():
            raise OutputError(f"{self.path}: folder {folder} does not exist")
        try:
            self.mode = stat.S_IMODE(self.path.stat().st_mode)
        except FileNotFoundError:
            self.mode = _default_mode()
        try:
            fd, self.tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{self.path.name}.", suffix=".tmp")
        except OSError as exc:
            raise OutputError(f"{self.path}: cannot write the report ({exc.strerror or exc})") from None
        self.handle = os.fdopen(fd, "w", encoding=encoding)

    def write(self, text: str) -> None:
        self.handle.write(text)

    def commit(self) -> Path:
        try:
            self.handle.flush()
            os.fsync(self.handle.fileno())
            self.handle.close()
            os.chmod(self.tmp_name, self.mode)
            os.replace(self.tmp_name, self.path)
        except OSError as exc:
            self.discard()
            raise OutputError(f"{self.path}: cannot write the report ({exc.strerror or exc})") from None
        return self.path

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.handle.close()
        with contextlib.suppress(OSError):
            os.unlink(self.tmp_name)
