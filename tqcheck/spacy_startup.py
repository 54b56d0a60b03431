"""Shortcuts that take spaCy's own start-up work out of a one-page check; each gives the same pipeline.

Why: a translator re-checking a page pays spaCy's start-up in every new
process, and parts of it do nothing for tqcheck.

- ``import spacy`` imports its command-line package (``spacy.cli``: weasel,
  httpx, jinja2, the training loop…) only to expose ``spacy.info``: ~0.2 s of
  CPU, a tenth of the goal for a whole check. :func:`without_spacy_cli` lets
  that one import find a small stand-in whose ``info`` imports the real one
  when called, and removes the stand-in afterwards, so ``import spacy.cli``
  later (``python -m spacy``) gets the real package.
- The French lemmatizer's lookup tables (``lemma_lookup``: 217,000 forms) are
  stored as msgpack and rebuilt entry by entry, hashing every key and adding
  it to a Bloom filter in Python: ~0.5 s of CPU, half the pipeline's load.
  :func:`cached_lookups` keeps the finished tables (hashed keys, values, the
  Bloom filter's bytes) in the cache folder (:mod:`tqcheck.lang.table_cache`,
  keyed by the file's path, size and time, the versions of spaCy, srsly and
  preshed, and this module's code) and rebuilds the same :class:`~spacy.lookups.Table`
  objects from them in a few tens of milliseconds.

A third, :func:`steady_msgpack_decoders`, saves the model weights' repeated
look-ups of srsly's decoder registry.

Anything unexpected (another spaCy layout, an unreadable cache) falls back to
spaCy's own loading, so the worst case is the old speed, never other tables.
"""

from __future__ import annotations

import contextlib
import hashlib
import sys
import threading
import types
from array import array
from collections import OrderedDict, deque
from collections.abc import Iterator
from itertools import repeat
from pathlib import Path
from typing import Any

from tqcheck.lazy_lookups import LazyLists, lazy_table_class, sorted_lists

MIN_LOOKUPS_BYTES = 100_000
"""Smaller lookups files (the vocabulary's, a few bytes) load faster than a cache file is found."""

_lock = threading.Lock()


@contextlib.contextmanager
def without_spacy_cli() -> Iterator[None]:
    """While ``spacy`` is first imported, ``spacy.cli.info`` is a stand-in that imports the real one on use."""
    if "spacy" in sys.modules or "spacy.cli" in sys.modules:
        yield
        return
    package = types.ModuleType("spacy.cli")
    package.__path__ = []  # a package, so ``spacy.cli.info`` resolves to the module below
    info = types.ModuleType("spacy.cli.info")

    def lazy_info(*args: Any, **kwargs: Any) -> Any:
        """``spacy.info``: the real function, whose package is imported now."""
        from spacy.cli.info import info as real

        return real(*args, **kwargs)

    info.info = lazy_info  # type: ignore[attr-defined]
    stand_ins = {"spacy.cli": package, "spacy.cli.info": info}
    sys.modules.update(stand_ins)
    try:
        yield
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
        spacy = sys.modules.get("spacy")
        if spacy is not None and getattr(spacy, "cli", None) is package:
            delattr(spacy, "cli")


# --------------------------------------------------------------------------- lemmatizer tables


def _is_str_lists(values: Any) -> bool:
    return all(type(v) is list and all(type(s) is str and "\0" not in s for s in v) for v in values)


def _str_lists(values: list[list[str]]) -> tuple[bytes, str]:
    """Lists of strings as their lengths and the strings joined by NUL (marshal reads two objects, not 200,000)."""
    return array("I", map(len, values)).tobytes(), "\0".join(s for v in values for s in v)


def _from_str_lists(lengths_bytes: bytes, joined: str) -> list[list[str]]:
    lengths = array("I")
    lengths.frombytes(lengths_bytes)
    flat = joined.split("\0") if joined or lengths_bytes else []
    if lengths.count(1) == len(lengths):
        return [[s] for s in flat]
    out, at = [], 0
    for n in lengths:
        out.append(flat[at : at + n])
        at += n
    return out


def _encode_values(values: list[Any]) -> tuple:
    """The values of one table in a form :mod:`marshal` reads fast.

    ``lemma_lookup`` maps each form to a one-lemma list (217,000 small lists)
    and ``lemma_exc`` maps each part of speech to a form → lemmas dict: marshal
    reads such swarms of small objects slowly, so lists of strings become their
    lengths and the strings joined by NUL, and a dict of at least
    :data:`LAZY_MIN_ENTRIES` forms the sorted form :class:`LazyLists` reads;
    any other shape is kept as it is.
    """
    if _is_str_lists(values):
        return ("str-lists", *_str_lists(values))
    if all(
        type(v) is dict and all(type(k) is str and "\0" not in k for k in v) and _is_str_lists(v.values())
        for v in values
    ):
        return (
            "str-dicts",
            [
                ("lazy", *sorted_lists(list(v), list(v.values())))
                if len(v) >= LAZY_MIN_ENTRIES
                else ("eager", "\0".join(v), *_str_lists(list(v.values())))
                for v in values
            ],
        )
    return ("as-is", values)


def _decode_values(encoded: tuple) -> list[Any]:
    if encoded[0] == "as-is":
        return list(encoded[1])
    if encoded[0] == "str-lists":
        return _from_str_lists(encoded[1], encoded[2])
    out: list[Any] = []
    for kind, *parts in encoded[1]:
        if kind == "lazy":
            out.append(LazyLists(*parts))
            continue
        keys, lengths_bytes, joined = parts
        lists = _from_str_lists(lengths_bytes, joined)
        names = keys.split("\0") if lists else []
        out.append(dict(zip(names, lists, strict=True)))
    return out


LAZY_MIN_ENTRIES = 5_000
"""A table or nested form → lemmas dict this long is read as a :class:`LazyLists`.

Why: the French lemmatizer's ``lemma_lookup`` (217,000 forms) and
``lemma_exc`` (176,000) are looked up a few hundred times in a one-page
check, but making all their lemma lists and filling spaCy's ordered dicts
was ~0.2 CPU-s of the pipeline's load, on the path to the first parse.
"""


def _pack(tables: dict[str, Any]) -> dict[str, tuple]:
    """spaCy's tables as (hashed keys, values, Bloom filter bytes), in their order."""
    packed = {}
    for name, table in tables.items():
        keys, values = list(table.keys()), list(table.values())
        if len(keys) >= LAZY_MIN_ENTRIES and _is_str_lists(values):
            packed[name] = (b"", ("lazy", *sorted_lists(keys, values)), table.bloom.to_bytes())
        else:
            packed[name] = (array("Q", keys).tobytes(), _encode_values(values), table.bloom.to_bytes())
    return packed


def _unpack(packed: dict[str, tuple]) -> dict[str, Any]:
    """The :class:`~spacy.lookups.Table` objects :func:`_pack` was given."""
    from preshed.bloom import BloomFilter
    from spacy.lookups import Table

    tables = {}
    for name, (key_bytes, encoded, bloom) in packed.items():
        if encoded[0] == "lazy":
            lazy_table = lazy_table_class()
            tables[name] = lazy_table(name, LazyLists(*encoded[1:]), BloomFilter().from_bytes(bloom))
            continue
        keys = array("Q")
        keys.frombytes(key_bytes)
        values = _decode_values(encoded)
        if len(keys) != len(values):
            raise ValueError(f"table {name}: {len(keys)} keys, {len(values)} values")
        if any(isinstance(v, LazyLists) for v in values):  # lemma_exc: part of speech → a lazy dict
            tables[name] = lazy_table_class()(
                name, dict(zip(keys.tolist(), values, strict=True)), BloomFilter().from_bytes(bloom)
            )
            continue
        table = Table(name=name, data={})  # an empty dict: a one-entry filter, replaced below
        table.bloom = BloomFilter().from_bytes(bloom)
        # the keys are hashed already: set them as Table.__setitem__ would, without hashing again
        deque(map(OrderedDict.__setitem__, repeat(table), keys.tolist(), values), maxlen=0)
        tables[name] = table
    return tables


def _load_tables(path: Path, original: Any) -> dict[str, Any] | None:
    """The tables of ``path`` (a ``lookups.bin``) through the table cache, or None to load as spaCy does."""
    from spacy.lookups import Lookups

    from tqcheck.lang.table_cache import cached_table

    stat = path.stat()
    if stat.st_size < MIN_LOOKUPS_BYTES:
        return None
    where = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:12]
    name = f"spacy-lookups-{where}-{stat.st_size}-{stat.st_mtime_ns}"

    def build() -> dict[str, tuple]:
        fresh = Lookups()
        original(fresh, path.parent, filename=path.name)
        return _pack(fresh._tables)

    from tqcheck import lazy_lookups

    sources = (Path(__file__), Path(lazy_lookups.__file__))  # the stored form is both modules' code
    packed = cached_table(name, build, sources=sources, packages=("spacy", "srsly", "preshed"))
    return _unpack(packed)


@contextlib.contextmanager
def steady_msgpack_decoders() -> Iterator[None]:
    """While active, srsly's msgpack decoders are looked up once, not at every one of a model's ~170 unpacks.

    ``srsly.msgpack.unpackb`` asks its decoder registry for every decoder
    each time; the registry scans all installed packages' entry points and
    its whole table to answer (~0.5 ms a call, ~0.08 s of CPU for the French
    pipeline). Nothing registers a decoder while a pipeline loads, so the
    answer is taken once and handed out again until the block ends.
    """
    try:
        from srsly.msgpack import msgpack_decoders
    except ImportError:  # another srsly layout
        yield
        return
    found = msgpack_decoders.get_all()
    msgpack_decoders.get_all = lambda: dict(found)  # the instance attribute shadows the method
    try:
        yield
    finally:
        with contextlib.suppress(AttributeError):
            del msgpack_decoders.get_all


@contextlib.contextmanager
def cached_lookups() -> Iterator[None]:
    """While active, spaCy's ``Lookups.from_disk`` reads large tables through the cache folder."""
    from spacy.lookups import Lookups

    original = Lookups.from_disk

    def from_disk(self: Any, path: str | Path, filename: str = "lookups.bin", **kwargs: Any) -> Any:
        file = Path(path) / filename
        try:
            tables = _load_tables(file, original) if file.is_file() else None
        except Exception:  # noqa: BLE001 - another layout, a damaged cache: spaCy's own loading
            tables = None
        if tables is None:
            return original(self, path, filename=filename, **kwargs)
        self._tables = tables
        return self

    with _lock:  # one patch at a time; the loads it covers run under nlp's own lock anyway
        Lookups.from_disk = from_disk
        try:
            yield
        finally:
            Lookups.from_disk = original
