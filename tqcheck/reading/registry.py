"""The input formats: every module of :mod:`tqcheck.reading.formats` declares its :class:`Reader`.

Why a registry: the ``--input-format`` choices, the suffixes that pick a
format, discovery's list of bilingual files and the formats that can be cut
into blocks were four lists in four modules, and a new format had to be
added to each. Now a format is a module in ``tqcheck/reading/formats/``
holding ``READER = Reader(...)``, found by walking that package; nothing
else is edited to add one. A format that standard input should be
recognised in without ``--input-format`` also declares how its first bytes
look (``sniff``).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from tqcheck.datatypes import DocumentPair, InputProblem, LanguagePair
from tqcheck.errors import InputError

if TYPE_CHECKING:
    from tqcheck.reading.blocks import Block
    from tqcheck.reading.documents import TextUnit


@dataclass(frozen=True)
class Reader:
    """One input format: its name, the file suffixes that mean it, and how it is read.

    ``rank`` orders the ``--input-format`` choices. ``aliases`` are other
    names ``--input-format`` accepts (``xlf`` for ``xliff``). Exactly one of
    ``read_file`` (one file holds both sides) and ``read_files`` (a source
    file and its translation) is set.
    ``units`` (unit-based files: XLIFF, TMX, PO) gives the file's units as
    read; ``blocks`` cuts a big file into blocks of ``size`` units, read
    lazily (:mod:`tqcheck.reading.blocks`). ``sniff`` tells, from the first
    4 KB of a stream (BOM and leading blanks stripped), whether it looks like
    this format; :func:`sniff_format` tries the formats from the highest
    ``rank`` down, so a loose test (TSV: a tab in the first line) comes last.
    """

    name: str
    suffixes: tuple[str, ...]
    rank: int
    aliases: tuple[str, ...] = ()
    read_file: Callable[[Path, LanguagePair], DocumentPair] | None = None
    read_files: Callable[[Path, Path | None, LanguagePair, str | None], DocumentPair] | None = None
    units: Callable[[Path, LanguagePair, list[InputProblem]], tuple[TextUnit, ...]] | None = None
    blocks: Callable[[Path, LanguagePair, int], Iterator[Block]] | None = None
    sniff: Callable[[bytes], bool] | None = None

    def __post_init__(self) -> None:
        if (self.read_file is None) == (self.read_files is None):
            raise TypeError(f"reader {self.name!r}: set exactly one of read_file and read_files")

    @property
    def holds_both_sides(self) -> bool:
        return self.read_file is not None


@cache
def readers() -> tuple[Reader, ...]:
    """Every format's reader, in ``rank`` order (imported once, on first use)."""
    import tqcheck.reading.formats as package

    found: list[Reader] = []
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        reader = getattr(module, "READER", None)
        if isinstance(reader, Reader):
            found.append(reader)
    found.sort(key=lambda r: r.rank)
    _refuse_clashes(found)
    return tuple(found)


def _refuse_clashes(found: list[Reader]) -> None:
    """Two formats claiming one name or suffix is a programming error: say so at once."""
    seen: dict[str, str] = {}
    for reader in found:
        for key in {reader.name, *reader.aliases, *reader.suffixes}:
            if key in seen:
                raise RuntimeError(f"input formats {seen[key]!r} and {reader.name!r} both claim {key!r}")
            seen[key] = reader.name


def sniff_format(data: bytes) -> str | None:
    """The format whose ``sniff`` recognises the start of ``data`` (standard input), ``None`` if none does."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:4096]
    for found in reversed(readers()):
        if found.sniff is not None and found.sniff(head):
            return found.name
    return None


def format_names() -> tuple[str, ...]:
    return tuple(r.name for r in readers())


def reader(name: str) -> Reader:
    """The reader of a format name (``KeyError`` for another name)."""
    return _by_name()[name]


def reader_by_suffix(path: Path) -> Reader | None:
    """The format a file's suffix names (``.xlf`` is XLIFF), ``None`` for an unknown suffix."""
    return _by_suffix().get(Path(path).suffix.lower())


def both_sides_suffixes() -> dict[str, str]:
    """Suffix → format of the files that hold both sides (what a feed folder is searched for)."""
    return {suffix: r.name for r in readers() if r.holds_both_sides for suffix in r.suffixes}


def named(name: str) -> Reader | None:
    """The reader a ``--input-format`` value names (a format's name or alias, any case), if any."""
    return _by_name().get(name.strip().lower())


def format_of(path: Path, input_format: str | None) -> str:
    """The format to read ``path`` in: the one given (a name or an alias), else its suffix's, else text."""
    if input_format is not None:
        found = named(input_format)
        if found is None:
            raise InputError(
                f"unknown input format {input_format!r}; choose one of {', '.join(format_names())}"
            )
        return found.name
    found = reader_by_suffix(path)
    return found.name if found is not None else "text"


@cache
def _by_name() -> dict[str, Reader]:
    return {key: r for r in readers() for key in (r.name, *r.aliases)}


@cache
def _by_suffix() -> dict[str, Reader]:
    return {suffix: r for r in readers() for suffix in r.suffixes}
