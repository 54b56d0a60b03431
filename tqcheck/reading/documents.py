"""Texts to documents: the one path from what a reader read to a :class:`DocumentPair`.

Two shapes exist. A free text (two plain-text files, or strings) is cut into
paragraphs by its layout (:func:`text_document`). A unit-aligned format (TSV,
JSONL, XLIFF, TMX, PO, subtitles, a block of a big feed) gives
:class:`TextUnit`\\ s, and :func:`aligned_pair` makes every unit one paragraph
pair: ``Document.text`` of a side is its units' texts joined by ``"\\n"``,
paragraph *i* of the source corresponds to paragraph *i* of the target, and
``paragraphs_aligned`` is true.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, fields

from tqcheck.datatypes import Document, DocumentPair, InputProblem, LanguagePair, Paragraph, SegmentUnit
from tqcheck.errors import InputError

_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")
_LINE = re.compile(r"[^\n]+")
WORDY = re.compile(r"\w")
"""Whether a text holds a word at all (a side without any has nothing to check)."""

_SEGMENT_FIELDS = tuple(f.name for f in fields(SegmentUnit))


@dataclass(frozen=True)
class TextUnit(SegmentUnit):
    """A unit as a reader read it: what the file says about it, plus its source and target text.

    ``source``/``target`` become paragraph *i* of each side (one line each;
    a reader may leave spaces at their edges, which the paragraph span then
    excludes); ``target`` is ``""`` for an untranslated unit. The pair keeps
    only the :class:`SegmentUnit` part (:meth:`segment_unit`), since the
    texts are in the documents already.
    """

    source: str = ""
    target: str = ""

    def segment_unit(self) -> SegmentUnit:
        return SegmentUnit(**{name: getattr(self, name) for name in _SEGMENT_FIELDS})


def paragraphs_of(text: str) -> tuple[Paragraph, ...]:
    """Paragraph spans: blank-line blocks when the text has blank lines, else lines.

    A text with blank lines is laid out in blocks (possibly hard-wrapped, so
    one block is one paragraph); a text without is one paragraph per line.
    Spans exclude surrounding whitespace.
    """
    spans: list[tuple[int, int]] = []
    if _BLANK_LINE.search(text):
        pos = 0
        for m in _BLANK_LINE.finditer(text):
            spans.append((pos, m.start()))
            pos = m.end()
        spans.append((pos, len(text)))
    else:
        spans = [(m.start(), m.end()) for m in _LINE.finditer(text)]
    kept = [span for span in (_stripped(text, start, end) for start, end in spans) if span is not None]
    return tuple(Paragraph(i, start, end) for i, (start, end) in enumerate(kept))


def _stripped(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span without its surrounding whitespace, ``None`` when nothing is left."""
    block = text[start:end]
    core = block.strip()
    if not core:
        return None
    lead = len(block) - len(block.lstrip())
    return start + lead, start + lead + len(core)


def text_document(text: str, lang: str, path: str | None, what: str) -> Document:
    """A free text as a document, or a one-line error naming ``what`` when it holds no words."""
    if not text.strip():
        raise InputError(f"{what}: empty (no text)")
    if not WORDY.search(text):
        raise InputError(f"{what}: no sentences found (no words in the text)")
    return Document(text=text, lang=lang, paragraphs=paragraphs_of(text), path=path)


def cells_document(cells: Sequence[str], lang: str, path: str | None) -> Document:
    """One side of a unit-aligned input: one paragraph per cell, empty cells kept as empty paragraphs.

    Empty paragraphs keep paragraph *i* of both sides in step, so an empty
    target cell surfaces as an omission instead of shifting every later pair.
    A paragraph's span excludes the spaces at the cell's edges.
    """
    paragraphs = []
    offset = 0
    for i, cell in enumerate(cells):
        span = _stripped(cell, 0, len(cell)) or (len(cell) - len(cell.lstrip()),) * 2
        paragraphs.append(Paragraph(i, offset + span[0], offset + span[1]))
        offset += len(cell) + 1
    return Document(text="\n".join(cells), lang=lang, paragraphs=tuple(paragraphs), path=path)


def aligned_pair(
    units: Sequence[TextUnit],
    pair: LanguagePair,
    fmt: str,
    source_path: str | None,
    target_path: str | None = None,
    problems: Sequence[InputProblem] = (),
) -> DocumentPair:
    """The pair of a unit-aligned input: unit *i* is paragraph *i* of both sides.

    ``target_path`` defaults to ``source_path`` (one file holds both sides).
    Readers check first that the units are worth checking: what is wrong
    with an input is said in the words of its format.
    """
    return DocumentPair(
        cells_document([u.source for u in units], pair.source, source_path),
        cells_document(
            [u.target for u in units], pair.target, source_path if target_path is None else target_path
        ),
        pair,
        input_format=fmt,
        paragraphs_aligned=True,
        units=tuple(u.segment_unit() for u in units),
        problems=tuple(problems),
    )
