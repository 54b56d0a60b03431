"""Huge documents in bounded blocks: a 1,000,000-line feed checked in flat memory.

Why: reading a whole multi-megabyte document, segmenting it and aligning it
in one piece held 4.4 GB for a 6 MB file. Every stage is linear or banded, so
the cost is in holding everything at once. A file in a line- or
unit-aligned format (TSV, JSONL, XLIFF, TMX, PO) already says which source
goes with which target, so it can be cut anywhere between units without
changing what is found: each block of :data:`BLOCK_UNITS` units is checked as
its own document ``feed.jsonl:4001-6000`` and written before the next is read.

Each format says how it is cut (its reader's ``blocks``): JSONL and TSV are
streamed line by line from disk (:mod:`tqcheck.reading.lines`; a bad line is
a :class:`~tqcheck.datatypes.InputProblem` naming the file and line, and every
other line is still checked); XLIFF and TMX unit by unit
(:mod:`tqcheck.reading.xml_stream`); PO is parsed whole (bounded by the 50 MB
limit) and then checked block by block, so only its units, not the reports,
stay in memory.

Small files (under :data:`STREAM_BYTES`) are not cut: they go to the
ordinary readers, which give the precise per-file messages and unit ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tqcheck.datatypes import Document, DocumentPair, InputProblem, LanguagePair, Paragraph
from tqcheck.reading.documents import TextUnit, aligned_pair
from tqcheck.reading.pairs import read_pair
from tqcheck.reading.registry import format_names, reader

BLOCK_UNITS = 2000
"""Units per block: big enough that per-document overhead vanishes, small enough to stay in cache."""

STREAM_BYTES = 2 * 1024 * 1024
"""Line-aligned files larger than this are streamed in blocks; smaller ones are read whole."""


@dataclass(frozen=True)
class Block:
    """One block of a big document: a ready-made pair, where it starts, and the lines skipped in it."""

    pair: DocumentPair | None
    display: str
    first_line: int
    problems: tuple[InputProblem, ...] = field(default=())
    lines: tuple[int, ...] = ()  # the file line of each paragraph (unit) of the block
    line_offset: int = 0  # or: lines of the block's text start this many lines into the file
    target_line_offset: int = 0  # the same for the target file (its paragraphs may span other lines)


def wants_blocks(path: Path, fmt: str | None) -> bool:
    """Whether this input is big enough, and of a format that can be cut, to be checked in blocks."""
    if fmt not in format_names() or reader(fmt).blocks is None:
        return False
    try:
        return path.is_file() and path.stat().st_size > STREAM_BYTES
    except OSError:
        return False


def block_pair(units: Sequence[TextUnit], pair: LanguagePair, path: str, fmt: str) -> DocumentPair | None:
    """A block's units as a pair (``None`` when the block holds no words to check).

    A block whose targets are all empty is still checked: every unit of it
    is an omission, which is exactly what the translator must hear about.
    Findings name their unit (id, line in this file) as in a file read whole.
    """
    if not any(u.source.strip() or u.target.strip() for u in units):
        return None
    return aligned_pair(units, pair, fmt, path)


def unit_blocks(
    path: Path, fmt: str, pair: LanguagePair, chunks: Iterable[tuple[int, int, list[TextUnit]]]
) -> Iterator[Block]:
    """Blocks of a unit-based file from its chunks ``(first, last unit number, units)``; empty units dropped."""
    for first, last, chunk in chunks:
        kept = [u for u in chunk if u.source or u.target]
        yield Block(
            block_pair(kept, pair, str(path), fmt) if kept else None, f"{path}#units {first}-{last}", first
        )


def chunked(units: Sequence[TextUnit], size: int) -> Iterator[tuple[int, int, list[TextUnit]]]:
    """Units read whole, in chunks of ``size`` numbered from 1."""
    for start in range(0, len(units), size):
        yield start + 1, min(start + size, len(units)), list(units[start : start + size])


def wants_text_blocks(source: Path, target: Path) -> bool:
    """Two plain-text files, either big enough that checking it whole would hold too much at once."""
    try:
        return max(source.stat().st_size, target.stat().st_size) > STREAM_BYTES
    except OSError:
        return False


def _slice(doc: Document, first: int, last: int) -> tuple[Document, int]:
    """Paragraphs ``first..last`` of a document as a document of their own, and its first line's offset."""
    start, end = doc.paragraphs[first].start, doc.paragraphs[last].end
    paragraphs = tuple(
        Paragraph(i, p.start - start, p.end - start) for i, p in enumerate(doc.paragraphs[first : last + 1])
    )
    return Document(doc.text[start:end], doc.lang, paragraphs, doc.path), doc.text.count("\n", 0, start)


def text_blocks(source: Path, target: Path, pair: LanguagePair, size: int | None = None) -> Iterator[Block]:
    """A huge two-file document in blocks of paragraphs, when both sides have the same paragraphs.

    Same paragraph count on both sides is the common case for a translated
    document (translators keep the layout); then paragraph *i* translates
    paragraph *i* and a cut between paragraphs loses nothing. Otherwise the
    document is checked whole (one block), since a cut could split a
    paragraph from its translation.
    """
    size = size or BLOCK_UNITS
    whole = read_pair(source, target, pair, None)
    n = len(whole.source.paragraphs)
    if n != len(whole.target.paragraphs) or n <= size:
        yield Block(whole, f"{source} -> {target}", 1)
        return
    for first in range(0, n, size):
        last = min(n, first + size) - 1
        src, offset = _slice(whole.source, first, last)
        tgt, tgt_offset = _slice(whole.target, first, last)
        block = DocumentPair(src, tgt, pair, input_format=whole.input_format)
        yield Block(
            block,
            f"{source} -> {target}#paragraphs {first + 1}-{last + 1}",
            offset + 1,
            line_offset=offset,
            target_line_offset=tgt_offset,
        )


def blocks(path: Path, fmt: str, pair: LanguagePair, size: int | None = None) -> Iterator[Block]:
    """The blocks of a big file, read lazily; raises :class:`InputError` if the file cannot be read at all."""
    cut = reader(fmt).blocks
    if cut is None:
        raise ValueError(f"{fmt} files are not read in blocks")
    return cut(path, pair, size or BLOCK_UNITS)
