"""TQ301: a number on one side of a link with no equal number on the other."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tqcheck.datatypes import Finding, Sentence, Severity
from tqcheck.lang.quantities import Quantity, equivalents, matches, quantities, units
from tqcheck.rules.base import LinkContext, Rule
from tqcheck.rules.numbers._common import (
    english_number,
    once_per_quiet_link,
    per_sentence,
    translated_links_only,
    whole_side,
)
from tqcheck.rules.numbers._dates import date_parts


def _outside_dates(text: str, lang: str, pair: str) -> tuple[Quantity, ...]:
    """The quantities of a sentence that are not part of a date or a time (TQ302 owns those)."""
    spans = [(d.start, d.end) for d in date_parts(text, lang) if d.day or d.year or d.is_time]
    return tuple(q for q in quantities(text, lang, pair) if all(q.end <= s or q.start >= e for s, e in spans))


PERCENT_AFTER_RE = re.compile(r"[ \u00a0\u202f]?%")


def _with_percent(text: str, q: Quantity) -> tuple[int, int]:
    """The quantity's span, with the unit written right after it ("62 %", "6 euros", "25 kilomètres")."""
    m = PERCENT_AFTER_RE.match(text, q.end)
    if m:
        return (q.start, m.end())
    if q.unit_start >= q.end and q.unit_start - q.end <= 4:
        return (q.start, q.unit_end)
    return (q.start, q.end)


class NumberMismatch(Rule):
    """A number in the source has no equal number in the translation, or the reverse.

    Both sides are read as values before they are compared: "1 234,5",
    "1.234,5" and "1,234.5" are one number, "deux millions" is "2 million",
    "une trentaine" is "about thirty", "13e" is "13th", and "5 miles" matches
    "8 km". Dates and times are left to TQ302, identifiers such as "COVID-19"
    are never flagged, and "un"/"a"/"one" only ever count as a match.

    ## What it does
    Flags a figure or number word (two and up) that has no counterpart of
    equal value on the other side of the alignment link.

    ## Why is this bad?
    A changed, dropped or invented number is the most damaging error a
    translation can carry, and the hardest for a reader to notice.

    ## Example
    French: « Les combats ont eu lieu à une trentaine de kilomètres de la ville. »

    English: "The fighting took place about 13 kilometers from the town."

    ## Use instead
    "The fighting took place about 30 kilometers from the town."

    ## Fix
    When exactly one number is unmatched on each side, the source's value is
    suggested (written the English way).
    """

    code = "TQ301"
    eval_family = "number"
    name = "number-mismatch"
    severity = Severity.ERROR
    fixable = True

    @once_per_quiet_link
    @translated_links_only
    def check(self, ctx: LinkContext) -> Iterator[Finding]:
        pair = ctx.pair_code
        src_lang, tgt_lang = ctx.alignment.source.lang, ctx.alignment.target.lang
        table_src = units(pair, src_lang)
        table_tgt = units(pair, tgt_lang)
        src_all = tuple(q for _, q in per_sentence(ctx, "source", lambda t, lang: quantities(t, lang, pair)))
        tgt_all = tuple(q for _, q in per_sentence(ctx, "target", lambda t, lang: quantities(t, lang, pair)))
        if not any(q.strong for q in src_all) and not any(q.strong for q in tgt_all):
            return
        missing_src: list[tuple[Sentence, Quantity]] = [
            (s, q)
            for s, q in per_sentence(ctx, "source", lambda t, lang: _outside_dates(t, lang, pair))
            if q.strong and not matches(q, tgt_all, table_src)
        ]
        missing_tgt: list[tuple[Sentence, Quantity]] = [
            (s, q)
            for s, q in per_sentence(ctx, "target", lambda t, lang: _outside_dates(t, lang, pair))
            if q.strong and not matches(q, src_all, table_tgt)
        ]
        # words that may stand for a small number ("a", "both", "twice") are looked at only now
        if missing_src:
            tgt_eq = tuple(
                q for _, q in per_sentence(ctx, "target", lambda t, lang: equivalents(t, lang, pair))
            )
            missing_src = [(s, q) for s, q in missing_src if not matches(q, tgt_eq, table_src)]
        if missing_tgt:
            src_eq = tuple(
                q for _, q in per_sentence(ctx, "source", lambda t, lang: equivalents(t, lang, pair))
            )
            missing_tgt = [(s, q) for s, q in missing_tgt if not matches(q, src_eq, table_tgt)]
        if len(missing_src) == len(missing_tgt) == 1:
            (ss, qs), (st, qt) = missing_src[0], missing_tgt[0]
            a, b = _with_percent(ss.text, qs)
            c, d = _with_percent(st.text, qt)
            suggestion = None
            if not qs.approx and qs.text[:1].isdigit():
                # the source's value, with whatever the translation writes after its number ("%", " euros")
                suggestion = english_number(qs.value, grouped=not qs.text.isdigit()) + st.text[qt.end : d]
            yield self.finding(
                ctx,
                f"number differs: '{ss.text[a:b]}' in the source, '{st.text[c:d]}' in the translation",
                source=ctx.sentence_span("source", ss, a, b),
                target=ctx.sentence_span("target", st, c, d),
                suggestion=suggestion,
                details={"source_values": sorted(qs.values), "target_values": sorted(qt.values)},
            )
            return
        for s, q in missing_src:
            yield self.finding(
                ctx,
                f"'{q.text}' in the source has no matching number in the translation",
                source=ctx.sentence_span("source", s, q.start, q.end),
                related=whole_side(ctx, "target", "translation"),
                details={"source_values": sorted(q.values)},
            )
        for s, q in missing_tgt:
            yield self.finding(
                ctx,
                f"'{q.text}' in the translation has no matching number in the source",
                target=ctx.sentence_span("target", s, q.start, q.end),
                related=whole_side(ctx, "source", "source"),
                details={"target_values": sorted(q.values)},
            )
