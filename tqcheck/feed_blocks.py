"""Huge documents in bounded blocks: a 1,000,000-line feed checked in flat memory.

Why: reading a whole multi-megabyte document, segmenting it and aligning it
in one piece held 4.4 GB for a 6 MB file. Every stage is linear or banded, so
the cost is in holding everything at once. A file in a line- or
unit-aligned format (TSV, JSONL, XLIFF, TMX, PO) already says which source
goes with which target, so it can be cut anywhere between units without
changing what is found: each block of :data:`BLOCK_UNITS` units is checked as
its own document ``feed.jsonl:4001-6000`` and written before the next is read.

JSONL and TSV are streamed line by line from disk (the file is never held in
memory). A bad line there (invalid UTF-8, malformed JSON, a row without one
tab) is a :class:`~tqcheck.inputs.InputProblem` naming the file and line; the
line is skipped and every other line is still checked. XLIFF and TMX are
streamed unit by unit (:mod:`tqcheck.xml_blocks`); PO is parsed whole by
:mod:`tqcheck.bilingual_formats` (bounded by its 50 MB limit) and then
checked block by block, so only its units, not the reports, stay in memory.

Small files (under :data:`STREAM_BYTES`) are not cut: they go to the
ordinary readers, which give the precise per-file messages and unit ids.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqcheck.datatypes import Document, DocumentPair, InputProblem, LanguagePair, Paragraph, SegmentUnit

BLOCK_UNITS = 2000
"""Units per block: big enough that per-document overhead vanishes, small enough to stay in cache."""

STREAM_BYTES = 2 * 1024 * 1024
"""Line-aligned files larger than this are streamed in blocks; smaller ones are read whole."""

MAX_LINE_BYTES = 1024 * 1024
"""Longest line a streamed feed may hold: one unit of a feed is a paragraph, not a book."""

_LINE_FORMATS = ("tsv", "jsonl")
_UNIT_FORMATS = ("xliff", "tmx", "po")


@dataclass(frozen=True)
class Block:
    """One block of a big document: a ready-made pair, where it starts, and the lines skipped in it."""

    pair: DocumentPair | None
    display: str
    first_line: int
    problems: tuple[InputProblem, ...] = field(default=())
    lines: tuple[int, ...] = ()  # the file line of each paragraph (unit) of the block
    line_offset: int = 0  # or: lines of the block's text start this many lines into the file


def wants_blocks(path: Path, fmt: str | None) -> bool:
    """Whether this input is big enough, and of a format that can be cut, to be checked in blocks."""
    if fmt not in (*_LINE_FORMATS, *_UNIT_FORMATS):
        return False
    try:
        return path.is_file() and path.stat().st_size > STREAM_BYTES
    except OSError:
        return False


def _cells(cells: list[str], lang: str, path: str) -> Document:
    paragraphs = []
    offset = 0
    for i, cell in enumerate(cells):
        core = cell.strip()
        lead = len(cell) - len(cell.lstrip())
        paragraphs.append(Paragraph(i, offset + lead, offset + lead + len(core)))
        offset += len(cell) + 1
    return Document(text="\n".join(cells), lang=lang, paragraphs=tuple(paragraphs), path=path)


def block_pair(
    src: list[str], tgt: list[str], pair: LanguagePair, path: str, fmt: str, units: tuple[SegmentUnit, ...] = ()
) -> DocumentPair | None:
    """A line-aligned pair from cells (``None`` when the block holds no words to check).

    A block whose targets are all empty is still checked: every unit of it
    is an omission, which is exactly what the translator must hear about.
    """
    if not any(c.strip() for c in src) and not any(c.strip() for c in tgt):
        return None
    return DocumentPair(
        _cells(src, pair.source, path), _cells(tgt, pair.target, path), pair, input_format=fmt, paragraphs_aligned=True,
        units=units,  # findings name their unit (id, line in this file) as in a file read whole
    )


def _parse_line(raw: bytes, fmt: str, name: str, lineno: int, pair: LanguagePair, first_row: bool) -> Any:
    """A raw line of a streamed feed: decoded here, parsed by the readers' own line parser."""
    from tqcheck.reading import parse_feed_line

    try:
        line = raw.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError as exc:
        return InputProblem(name, lineno, f"not UTF-8 (invalid byte at column {exc.start + 1}); line skipped")
    if lineno == 1:
        line = line.removeprefix("\ufeff")
    return parse_feed_line(line, lineno, fmt, name, pair, first_row=first_row)


def _line_blocks(path: Path, fmt: str, pair: LanguagePair, size: int) -> Iterator[Block]:
    from tqcheck.reading import feed_units

    name = str(path)
    rows: list[Any] = []
    problems: list[InputProblem] = []
    first = last = 0
    seen_row = False

    def flush() -> Block:
        block = Block(
            block_pair([r[2] for r in rows], [r[3] for r in rows], pair, name, fmt, feed_units(rows)),
            f"{name}:{first}-{last}", first, tuple(problems), tuple(r[0] for r in rows),
        )
        rows.clear()
        problems.clear()
        return block

    with path.open("rb") as handle:
        for lineno, raw in enumerate(_bounded_lines(handle), 1):
            parsed = (
                InputProblem(name, lineno, f"line longer than {MAX_LINE_BYTES // 1024 // 1024} MB; skipped")
                if raw is None else _parse_line(raw, fmt, name, lineno, pair, not seen_row)
            )
            if parsed is None:
                continue
            if not rows and not problems:
                first = lineno
            last = lineno
            if isinstance(parsed, InputProblem):
                problems.append(parsed)
                continue
            seen_row = True
            rows.append(parsed)
            if len(rows) >= size:
                yield flush()
    if rows or problems:
        yield flush()


def _bounded_lines(handle: Any) -> Iterator[bytes | None]:
    """The file's lines, ``None`` for a line too long to hold (its bytes are skipped, never kept)."""
    while True:
        raw = handle.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = handle.readline(MAX_LINE_BYTES)
            yield None
            continue
        yield raw


def _unit_blocks(path: Path, fmt: str, pair: LanguagePair, size: int) -> Iterator[Block]:
    if fmt in ("xliff", "tmx"):
        from tqcheck.xml_blocks import xml_unit_blocks

        chunks: Iterator[tuple[int, int, list[Any]]] = xml_unit_blocks(path, fmt, pair, size)
    else:
        from tqcheck.bilingual_formats import read_units

        units = list(read_units(path, pair, fmt))
        chunks = (
            (start + 1, min(start + size, len(units)), units[start : start + size])
            for start in range(0, len(units), size)
        )
    for first, last, chunk in chunks:
        kept = [u for u in chunk if u.source or u.target]
        block = block_pair(
            [u.source for u in kept], [u.target for u in kept], pair, str(path), fmt, tuple(u.info() for u in kept)
        ) if kept else None
        yield Block(block, f"{path}#units {first}-{last}", first)


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
    from tqcheck.reading import read_pair

    size = size or BLOCK_UNITS
    whole = read_pair(source, target, pair, None)
    n = len(whole.source.paragraphs)
    if n != len(whole.target.paragraphs) or n <= size:
        yield Block(whole, f"{source} -> {target}", 1)
        return
    for first in range(0, n, size):
        last = min(n, first + size) - 1
        src, offset = _slice(whole.source, first, last)
        tgt, _ = _slice(whole.target, first, last)
        block = DocumentPair(src, tgt, pair, input_format=whole.input_format)
        yield Block(block, f"{source} -> {target}#paragraphs {first + 1}-{last + 1}", offset + 1, line_offset=offset)


def blocks(path: Path, fmt: str, pair: LanguagePair, size: int | None = None) -> Iterator[Block]:
    """The blocks of a big file, read lazily; raises :class:`InputError` if the file cannot be read at all."""
    size = size or BLOCK_UNITS
    if fmt in _LINE_FORMATS:
        return _line_blocks(path, fmt, pair, size)
    return _unit_blocks(path, fmt, pair, size)
