"""Tables built from installed packages, kept on disk so a new process reads them instead of rebuilding.

Why: a one-page check is a fresh process each time a translator re-checks a
file, and some tables cost more than the check itself: TQ304's name
equivalents walk every CLDR territory, language, currency and time-zone city,
pycountry's translations and six holiday calendars (~0.3 s of CPU on a quiet
core; the check of a page takes ~0.7 s). The table depends only on the
packages it reads and the code that builds it, so it is stored under a key
made of both: the versions of those packages, the Python version and the
bytes of the building modules. A new package version or an edit to the code
gives a new key and the table is rebuilt; an unreadable file is rebuilt too.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def _version(package: str) -> str:
    try:
        from importlib.metadata import PackageNotFoundError, version

        return version(package)
    except (ImportError, PackageNotFoundError):
        return "absent"


def table_path(name: str, sources: tuple[Path, ...], packages: tuple[str, ...]) -> Path | None:
    """Where the table ``name`` built by ``sources`` from ``packages`` is kept (None: no cache folder)."""
    try:
        from tqcheck.scoring.cache import cache_dir

        digest = hashlib.sha256()
        digest.update(
            f"{name} py{sys.version_info[0]}.{sys.version_info[1]} marshal{marshal.version}".encode()
        )
        for package in packages:
            digest.update(f"|{package}={_version(package)}".encode())
        for source in sources:
            digest.update(b"|" + source.read_bytes())
        return cache_dir() / "tables" / f"{name}-{digest.hexdigest()[:20]}.marshal"
    except Exception:  # noqa: BLE001 - no cache folder, an unreadable source: build every time
        return None


def cached_table(
    name: str, build: Callable[[], T], *, sources: tuple[Path, ...], packages: tuple[str, ...]
) -> T:
    """``build()``'s table, read from disk when this code and these package versions built it before.

    The table must be made of what :mod:`marshal` writes (dicts, frozensets,
    strings, numbers): marshal reads it back several times faster than pickle
    and runs no code.
    """
    path = table_path(name, sources, packages)
    if path is not None and path.is_file():
        try:
            return marshal.loads(path.read_bytes())  # type: ignore[no-any-return]
        except (OSError, ValueError, EOFError, TypeError):
            pass  # unreadable: rebuilt below
    table = build()
    if path is not None:
        from tqcheck.nlp import _write_atomically

        try:
            _write_atomically(path, marshal.dumps(table))
        except ValueError:  # something marshal cannot write: the table is still returned
            pass
    return table
