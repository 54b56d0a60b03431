"""Where a finding sits in a segment-level input: its unit (row, trans-unit, entry, cue) and line.

Segment-level formats (TSV, JSONL, XLIFF, TMX, PO, subtitles) pair paragraph
*i* of the source with paragraph *i* of the target, and
``DocumentPair.units[i]`` says what the file calls that unit. A finding
points at sentences (through its spans or its link); a sentence knows its
paragraph; so the unit follows without the rules having to carry it.
Reports use :func:`unit_of` / :func:`unit_index_of` to show the unit's id and
line (``messages.xlf:42 [welcome]``) instead of a sentence number, and
:mod:`tqcheck.running.suppression` to find the unit whose note silences a finding.
"""

from __future__ import annotations

from dataclasses import dataclass

from tqcheck.datatypes import Alignment, Finding, Link, SegmentUnit


def unit_index_of(alignment: Alignment, finding: Finding) -> int | None:
    """The paragraph (= unit) index a finding belongs to, from its spans or else its link."""
    for span in (finding.target, finding.source, *finding.related):
        if span is None or span.sentence is None:
            continue
        seg = alignment.source if span.side == "source" else alignment.target
        if 0 <= span.sentence < len(seg.sentences):
            return seg.sentences[span.sentence].paragraph
    if finding.link is not None and 0 <= finding.link < len(alignment.links):
        return link_unit_index(alignment, alignment.links[finding.link])
    return None


def link_unit_index(alignment: Alignment, link: Link) -> int | None:
    """The paragraph index of a link's first sentence (source side first)."""
    if link.source:
        return alignment.source.sentences[link.source[0]].paragraph
    if link.target:
        return alignment.target.sentences[link.target[0]].paragraph
    return None


def unit_of(alignment: Alignment, finding: Finding) -> SegmentUnit | None:
    """The unit record of the finding's unit, or ``None`` for text documents."""
    units = alignment.pair.units
    if not units:
        return None
    index = unit_index_of(alignment, finding)
    if index is None or not 0 <= index < len(units):
        return None
    return units[index]


@dataclass(frozen=True)
class UnitText:
    """One unit's paragraph pair: texts, offsets into each side's text, and the file's record."""

    index: int
    source: str
    target: str
    source_start: int
    target_start: int
    info: SegmentUnit | None


def unit_texts(alignment: Alignment) -> list[UnitText]:
    """Every unit of a segment-level pair, or one per paragraph pair of an aligned pair.

    For documents whose paragraphs are not aligned (plain text) this is
    empty: unit-level rules then look at links instead.
    """
    pair = alignment.pair
    if not pair.paragraphs_aligned or len(pair.source.paragraphs) != len(pair.target.paragraphs):
        return []
    out = []
    for i, (sp, tp) in enumerate(zip(pair.source.paragraphs, pair.target.paragraphs, strict=True)):
        info = pair.units[i] if i < len(pair.units) else None
        out.append(
            UnitText(
                i,
                pair.source.text[sp.start : sp.end],
                pair.target.text[tp.start : tp.end],
                sp.start,
                tp.start,
                info,
            )
        )
    return out
