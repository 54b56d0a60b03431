"""What every feed rule works on: the units of a pair, with the link each belongs to."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from tqcheck.datatypes import Alignment, Finding, SegmentUnit, Span
from tqcheck.memo import last_document
from tqcheck.rules.base import Rule, RuleContext
from tqcheck.units import link_unit_index, unit_texts


@dataclass(frozen=True)
class FeedUnit:
    """A unit's texts (paragraph pair, or a link's sentences in a text document) and where they are.

    ``source_start``/``target_start`` are offsets of the texts in each side's
    document text; ``link`` is the first alignment link of the unit (for
    reports); ``info`` is the file's record of the unit, if any.
    """

    index: int
    source: str
    target: str
    source_start: int
    target_start: int
    link: int | None
    info: SegmentUnit | None

    @property
    def source_raw(self) -> str:
        return self.info.source_raw if self.info is not None and self.info.source_raw is not None else self.source

    @property
    def target_raw(self) -> str:
        return self.info.target_raw if self.info is not None and self.info.target_raw is not None else self.target


@last_document
def feed_units(alignment: Alignment) -> list[FeedUnit]:
    """The units of a segment-level pair, else one unit per link holding sentences on both sides.

    Made once per document (:func:`~tqcheck.memo.last_document`): every feed rule and TQ707/TQ708 read
    them; the list is shared, never to be changed.
    """
    units = unit_texts(alignment)
    if units:
        first_link: dict[int, int] = {}
        for k, link in enumerate(alignment.links):
            p = link_unit_index(alignment, link)
            if p is not None:
                first_link.setdefault(p, k)
        return [
            FeedUnit(u.index, u.source, u.target, u.source_start, u.target_start, first_link.get(u.index), u.info)
            for u in units
        ]
    out = []
    src_text, tgt_text = alignment.pair.source.text, alignment.pair.target.text
    for k, link in enumerate(alignment.links):
        if not link.source or not link.target:
            continue
        s0, s1 = alignment.source.sentences[link.source[0]], alignment.source.sentences[link.source[-1]]
        t0, t1 = alignment.target.sentences[link.target[0]], alignment.target.sentences[link.target[-1]]
        out.append(
            FeedUnit(k, src_text[s0.start : s1.end], tgt_text[t0.start : t1.end], s0.start, t0.start, k, None)
        )
    return out


class FeedRule(Rule):
    """A rule run once per unit (see :func:`feed_units`); subclasses implement :meth:`check_unit`."""

    abstract = True
    scope: ClassVar = "document"
    needs_target: ClassVar[bool] = True

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for unit in feed_units(ctx.alignment):
            if self.needs_target and not unit.target.strip():
                continue  # an untranslated unit is TQ101's
            yield from self.check_unit(ctx, unit)

    def check_unit(self, ctx: RuleContext, unit: FeedUnit) -> Iterator[Finding]:  # pragma: no cover - abstract
        raise NotImplementedError

    def unit_span(self, ctx: RuleContext, unit: FeedUnit, side: str, start: int = 0, end: int | None = None) -> Span:
        """A span of the unit's text on ``side`` (relative offsets; the whole text by default)."""
        text = unit.source if side == "source" else unit.target
        base = unit.source_start if side == "source" else unit.target_start
        end = len(text) if end is None else end
        return ctx.span("source" if side == "source" else "target", base + start, base + end)

    def unit_finding(self, ctx: RuleContext, unit: FeedUnit, message: str, **kwargs: Any) -> Finding:
        """A finding tied to the unit's first link, so reports show it with its unit."""
        return replace(self.finding(ctx, message, **kwargs), link=unit.link)
