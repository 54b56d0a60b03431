"""A disk cache for very large compiled regular expressions.

spaCy's French tokenizer exceptions are one 1.4 MB regular expression
(``spacy.lang.fr.tokenizer_exceptions.TOKEN_MATCH``): Python's ``re`` needs
2–5 s of pure-Python work to compile it, on every run, before a single
sentence is parsed. That alone made a one-page check take seconds. The
compiled form is a list of integers (the ``_sre`` program), which loads from
disk in milliseconds, so this module keeps it: while :func:`cached_compiles`
is active, a pattern of at least :data:`MIN_LENGTH` characters is looked up
in ``<cache dir>/regex/`` by a hash of (pattern, flags, Python version,
``_sre`` magic), built with ``_sre.compile`` from the stored program when
found, and compiled normally and stored when not.

Smaller patterns, which the program's modules and its libraries (spaCy's
tokenizer, simplemma's rules) compile by the hundred at start-up (~0.13 s of
CPU in a one-page check), can be kept too: after :func:`remember_small_patterns`
(called by the ``tqcheck`` command), every pattern compiled in the process is
looked up in one table, ``<cache dir>/regex/small-<key>.marshal``, read once;
the table is written back at exit when the run compiled many new patterns
(the first run, a new version), not for the few a document adds.

It relies on ``re``'s internal compiler interface (``re._compiler``,
``re._parser``, ``_sre.compile``), which CPython keeps stable within a minor
version; the cache key includes the exact interpreter version, and anything
unexpected (another layout, a corrupt or unwritable cache) falls back to the
ordinary compiler, so the worst case is the old speed, never a wrong regex.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import logging
import marshal
import os
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

log = logging.getLogger("tqcheck")

MIN_LENGTH = 50_000  # characters; below this, compiling is cheaper than a file read
FORMAT = 1

_lock = threading.Lock()
_active = 0
_original: Any = None


def _cache_root() -> Path:
    from tqcheck.scoring.cache import cache_dir

    return cache_dir() / "regex"


def _key(pattern: str | bytes, flags: int) -> str:
    import _sre

    h = hashlib.sha256()
    h.update(repr((FORMAT, sys.version, getattr(_sre, "MAGIC", None), type(pattern).__name__, flags)).encode())
    h.update(pattern.encode("utf-8", "surrogatepass") if isinstance(pattern, str) else pattern)
    return h.hexdigest()


def _build(pattern: str | bytes, flags: int) -> tuple[Any, tuple]:
    """Compile as ``re._compiler.compile`` does, returning the pattern and the parts ``_sre.compile`` took."""
    import _sre
    from re import _compiler, _parser

    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    # the opcodes are int subclasses (named constants); marshal stores plain ints only
    parts = (int(flags | parsed.state.flags), [int(c) for c in code], parsed.state.groups - 1, groupindex, tuple(indexgroup))
    return _sre.compile(pattern, *parts), parts


def _load(pattern: str | bytes, flags: int, path: Path) -> Any:
    return _from_parts(pattern, marshal.loads(path.read_bytes()))


def _from_parts(pattern: str | bytes, parts: tuple) -> Any:
    import _sre

    flags_out, code, groups, groupindex, indexgroup = parts
    return _sre.compile(pattern, flags_out, code, groups, groupindex, tuple(indexgroup))


def _store(path: Path, parts: tuple) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".marshal")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(marshal.dumps(parts))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def compile_cached(pattern: Any, flags: int = 0) -> Any:
    """``re._compiler.compile`` with the disk cache for large string patterns."""
    if not isinstance(pattern, str | bytes) or len(pattern) < MIN_LENGTH:
        return _original(pattern, flags)
    try:
        path = _cache_root() / f"{_key(pattern, flags)}.marshal"
        if path.is_file():
            try:
                return _load(pattern, flags, path)
            except Exception as exc:  # noqa: BLE001 - a bad entry is rebuilt, never fatal
                log.debug("regex cache: unreadable %s (%s); recompiling", path, exc)
        compiled, parts = _build(pattern, flags)
    except Exception as exc:  # noqa: BLE001 - another re layout: the ordinary compiler
        log.debug("regex cache unavailable (%s)", exc)
        return _original(pattern, flags)
    try:
        _store(path, parts)
    except (OSError, ValueError) as exc:  # unwritable folder; a part marshal cannot store
        log.debug("regex cache: cannot write %s (%s)", path, exc)
    return compiled


@contextlib.contextmanager
def cached_compiles() -> Iterator[None]:
    """While active (in any thread), large patterns compiled through ``re`` use the disk cache."""
    global _active, _original
    from re import _compiler

    with _lock:
        if _active == 0:
            _original = _compiler.compile
            _compiler.compile = compile_cached
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0:
                _compiler.compile = _original


# --------------------------------------------------------------------------- small patterns, one table

SMALL_NEW_TO_SAVE = 20
"""New patterns a run must compile before the table is written again (a document adds a handful)."""
SMALL_MAX = 20_000
"""Entries at most: patterns built from documents must not grow the file for ever."""

_small: dict[tuple[str, int], tuple] | None = None
_small_new: dict[tuple[str, int], tuple] = {}


def _small_path() -> Path:
    return _cache_root() / f"small-{_key('', 0)[:20]}.marshal"


def remember_small_patterns() -> None:
    """For the rest of this process, string patterns are compiled from (and added to) one table on disk.

    The table is read now (a damaged or foreign file is ignored) and written
    back at exit if :data:`SMALL_NEW_TO_SAVE` or more new patterns were
    compiled. Large patterns keep their own files (:func:`compile_cached`).
    """
    global _small
    from re import _compiler

    with _lock:
        if _small is not None:
            return
        table: Any = {}
        try:
            path = _small_path()
            if path.is_file():
                table = marshal.loads(path.read_bytes())
        except Exception as exc:  # noqa: BLE001 - unreadable: start an empty table
            log.debug("regex cache: small-pattern table unreadable (%s)", exc)
        _small = table if isinstance(table, dict) else {}
        original = _compiler.compile

        def compile_remembered(pattern: Any, flags: int = 0) -> Any:
            if not isinstance(pattern, str) or len(pattern) >= MIN_LENGTH or _small is None:
                return original(pattern, flags)
            key = (pattern, int(flags))
            parts = _small.get(key)
            if parts is not None:
                try:
                    return _from_parts(pattern, parts)
                except Exception:  # noqa: BLE001 - a bad entry: compiled again below
                    pass
            try:
                compiled, parts = _build(pattern, flags)
            except Exception:  # noqa: BLE001 - an invalid pattern: re raises its own error
                return original(pattern, flags)
            _small_new[key] = parts
            return compiled

        _compiler.compile = compile_remembered
        atexit.register(save_small_patterns)


def _small_on_disk() -> dict:
    """The table as it is on disk now (empty if missing or unreadable)."""
    try:
        path = _small_path()
        table = marshal.loads(path.read_bytes()) if path.is_file() else {}
    except Exception:  # noqa: BLE001 - unreadable: as if missing
        return {}
    return table if isinstance(table, dict) else {}


def save_small_patterns() -> bool:
    """Write the table with this run's new patterns, if there are enough of them; whether it was written.

    What another process wrote since this one read the table is kept: a
    check's spaCy pipeline loads in a helper process (:mod:`tqcheck.spacy_worker`)
    that saves the patterns it compiled while the main process runs on.
    """
    needed = SMALL_NEW_TO_SAVE if _small else 1  # a first run saves whatever it compiled
    if _small is None or len(_small_new) < needed:
        return False
    merged = {**_small_on_disk(), **_small, **_small_new}
    if len(merged) > SMALL_MAX:
        return False
    try:
        _store(_small_path(), merged)  # type: ignore[arg-type]
    except (OSError, ValueError) as exc:
        log.debug("regex cache: cannot write the small-pattern table (%s)", exc)
        return False
    _small.update(_small_new)
    _small_new.clear()
    return True
