"""TQ301: a number on one side of a link with no equal number on the other."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from tqcheck.datatypes import Finding, Sentence, Severity, Side
from tqcheck.lang.quantities import Quantity, equivalents, matches, quantities, units
from tqcheck.rules.base import LinkContext, Rule
from tqcheck.rules.facts import LinkFact
from tqcheck.rules.numbers._common import (
    english_number,
    per_sentence,
    whole_side,
)
from tqcheck.rules.numbers._dates import date_parts


def _outside_dates(text: str, lang: str, pair: str) -> tuple[Quantity, ...]:
    """The quantities of a sentence that are not part of a date or a time (TQ302 owns those)."""
    spans = [(d.start, d.end) for d in date_parts(text, lang) if d.day or d.year or d.is_time]
    return tuple(q for q in quantities(text, lang, pair) if all(q.end <= s or q.start >= e for s, e in spans))


def _displaced(ctx: LinkContext, q: Quantity, side: Side, pair: str) -> bool:
    """Whether ``q``, missing across its link, sits in the sentence just beside the link on the other side.

    A 2-1 alignment may leave a translated number in the neighbouring link ("Il y a
    cinq ans. Il est parti." → "He left five years ago." aligned one sentence off).
    The number counts as carried over only if the neighbour's own link has no
    counterpart for it on ``side``: a number both neighbours share is no displaced one.
    """
    other: Side = "target" if side == "source" else "source"
    seg = ctx.alignment.target if other == "target" else ctx.alignment.source
    mine = ctx.link.target if other == "target" else ctx.link.source
    table = units(pair, q_lang(ctx, side))
    for k in (mine[0] - 1, mine[-1] + 1) if mine else ():
        if not 0 <= k < len(seg.sentences) or ctx.unit_start(other, k) != ctx.unit_start(other, mine[0]):
            continue  # alignment never moves a sentence across a paragraph
        near = quantities(seg.sentences[k].text, seg.lang, pair)
        if not matches(q, near, table):
            continue
        link = next(
            (ln for ln in ctx.alignment.links if k in (ln.target if other == "target" else ln.source)), None
        )
        if link is None:
            return True
        own = link.source if side == "source" else link.target
        own_seg = ctx.alignment.source if side == "source" else ctx.alignment.target
        if not any(matches(q, quantities(own_seg.sentences[i].text, own_seg.lang, pair), table) for i in own):
            return True
    return False


def _same_text(source: Sequence[Sentence], target: Sequence[Sentence]) -> bool:
    """Whether both sides of the link are the same text (spacing apart)."""
    return bool(source) and " ".join(" ".join(s.text.split()) for s in source) == " ".join(
        " ".join(t.text.split()) for t in target
    )


def q_lang(ctx: LinkContext, side: Side) -> str:
    return ctx.alignment.source.lang if side == "source" else ctx.alignment.target.lang


PERCENT_AFTER_RE = re.compile(r"[ \u00a0\u202f]?%")
#: What joins the two ends of a span: «du XIe au XIIIe siècle», «de 3 à 5», "from 3 to 5", "3-5"
SPAN_JOIN_RE = re.compile(r"\s*(?:[-\u2010-\u2014]|à|au|aux|jusqu['’]à|jusqu['’]au|to|through|till|until)\s*", re.I)
#: The widest span whose inner numbers a translation may spell out one by one
SPAN_LISTED = 10


def _spans(found: Sequence[tuple[Sentence, Quantity]]) -> list[tuple[float, float]]:
    """The (low, high) spans of one side: two numbers of a sentence joined by «à», "to" or a dash."""
    spans = []
    for (s, q), (s2, r) in zip(found, found[1:], strict=False):
        if s is s2 and r.start >= q.end and SPAN_JOIN_RE.fullmatch(s.text[q.end : r.start]) and q.value < r.value:
            spans.append((q.value, r.value))
    return spans


def _listed_inside(q: Quantity, own: Sequence[Quantity], spans: list[tuple[float, float]]) -> bool:
    """Whether ``q`` is an inner step of a span of the other side that its own side lists in full.

    «du XIe au XIIIe siècle» is rendered "the 11th, 12th and 13th centuries":
    "12th" has no equal in the source, yet the source says it. Only a whole
    number strictly inside a short span counts, and only when both ends of the
    span are on ``q``'s side too (it is a listing, not a changed number).
    """
    v = q.value
    if v != int(v):
        return False
    values = {x for r in own for x in r.values}
    return any(lo < v < hi and hi - lo <= SPAN_LISTED and lo in values and hi in values for lo, hi in spans)


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

    Real translations render numbers freely, so more readings count as equal
    (``tqcheck/lang/number_phrases.py`` and ``lang/<lang>/number_phrases.yaml``):
    "un demi-million" and "half a million", "les années quatre-vingt" and "the
    eighties", "dix-neuvième" and "19th", "trois décennies" and "30 years",
    "5 mille 352" and "5,352". Vague plurals ("des milliers", "in the billions")
    only ever match. A number inside an idiom ("les quatre coins du monde") or
    after a label noun ("ligne 4", "Formule 1") may go untranslated: it is
    reported only as one side of a changed number, as is a school year ("4ème"
    is also "8th grade") or an order of magnitude ("six-digit sums"). Words
    that name a number read as one, only ever to match: a mistyped or glued
    number word ("quattre", "Lestrois"), a term named by its length
    ("triennat"), an age by its decade ("quinquagénaire" is 50 to 59), "5,6
    ans" also as "five or six years", "deux fois moins" as "50 percent less";
    a link whose two sides are the same text is not compared. A number the alignment left
    in the sentence just beside the link (a 2-1 link one sentence off) counts
    as carried over when that neighbour's own link has no counterpart for it.

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
    skip_links = frozenset({LinkFact.ONE_SIDE_EMPTY, LinkFact.UNTRANSLATED})  # TQ101/TQ102's, TQ401's
    # not link_pure: a number missing across a link is looked for in the sentence beside it
    # (a 2-1 alignment may displace it), so the same pair of texts may answer differently
    link_pure = False
    fixable = True

    def check(self, ctx: LinkContext) -> Iterator[Finding]:
        pair = ctx.pair_code
        if _same_text(ctx.source_sentences, ctx.target_sentences):
            return  # a sentence copied unchanged (a quotation left in its language) carries its numbers over
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
        # «du XIe au XIIIe siècle» listed as "the 11th, 12th and 13th centuries"
        if missing_tgt:
            spans = _spans(list(per_sentence(ctx, "source", lambda t, lang: quantities(t, lang, pair))))
            missing_tgt = [(s, q) for s, q in missing_tgt if not _listed_inside(q, tgt_all, spans)]
        if missing_src:
            spans = _spans(list(per_sentence(ctx, "target", lambda t, lang: quantities(t, lang, pair))))
            missing_src = [(s, q) for s, q in missing_src if not _listed_inside(q, src_all, spans)]
        # a number the alignment left in the neighbouring link (a 2-1 link one sentence off)
        missing_src = [(s, q) for s, q in missing_src if not _displaced(ctx, q, "source", pair)]
        missing_tgt = [(s, q) for s, q in missing_tgt if not _displaced(ctx, q, "target", pair)]
        # a number in an idiom or after a label ("les quatre coins", "ligne 4") may go untranslated:
        # it is reported only as one side of a changed number
        if len(missing_src) + len(missing_tgt) != 2 or not (missing_src and missing_tgt):
            missing_src = [(s, q) for s, q in missing_src if not q.optional]
            missing_tgt = [(s, q) for s, q in missing_tgt if not q.optional]
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
