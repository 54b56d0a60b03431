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

It relies on ``re``'s internal compiler interface (``re._compiler``,
``re._parser``, ``_sre.compile``), which CPython keeps stable within a minor
version; the cache key includes the exact interpreter version, and anything
unexpected (another layout, a corrupt or unwritable cache) falls back to the
ordinary compiler, so the worst case is the old speed, never a wrong regex.
Smaller patterns are never touched.
"""

from __future__ import annotations

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
    import _sre

    flags_out, code, groups, groupindex, indexgroup = marshal.loads(path.read_bytes())
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
