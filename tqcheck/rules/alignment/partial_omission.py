"""TQ103 partial-omission: a linked pair where one side carries much more than the other."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from tqcheck.aligning import features
from tqcheck.datatypes import Finding, Severity
from tqcheck.nlp import is_common_word
from tqcheck.rules.base import LinkContext, Rule
from tqcheck.rules.options import RuleOptions, option

# Target length / source length of a faithful translation, per pair; 1.0 otherwise.
LENGTH_RATIOS = {"fr-en": 0.9, "en-fr": 1.11}
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class PartialOmissionOptions(RuleOptions):
    """Options of TQ103: when a linked pair counts as unequal."""

    short_ratio: float = option(
        0.6, "target/source length ratio, relative to the pair's usual ratio, below which the target is short."
    )
    long_ratio: float = option(
        1.8, "target/source length ratio, relative to the pair's usual ratio, above which the target is long."
    )
    min_missing: int = option(2, "how many numbers or names the shorter side must lack.")


class PartialOmission(Rule):
    """One side of a sentence pair carries content the other lacks.

    ## What it does
    Looks at each linked pair (1-1 or a merge) and flags it when the two
    sides are very unequal in length *and* the longer side holds at least
    two numbers or names that the shorter side does not mention. Either
    alone is common in good translations (rephrasing, spelled-out numbers),
    so both are required; the rule is tuned to fire on fewer than one in a
    hundred pairs of correct human translations. A capitalised word that is
    an ordinary word of its language (``Royaume``, ``Tribunal Administratif``,
    ``États-Unis``; ``Institute for Social Research``) is not a name here: a
    title or an institution is translated by meaning, so its absence on the
    other side proves nothing. Weekday and month names still count (a date
    that appears on one side only is content). When either side is a
    title-case headline (at most 15 words, no final stop, most longer words capitalised),
    only figures count: a headline's capitals mark its style, and headlines
    are rendered by meaning (a gloss dropped, a foreign name translated); on
    wmt-news the two headlines the rule flagged were both faithful.

    ## Why is this bad?
    A clause, a figure or a list item dropped inside a sentence is as
    misleading as a dropped sentence, but the aligner cannot see it: the
    sentence is still there, only shorter. Added detail (a name, a date the
    author never gave) is the mirror case.

    ## Example
    ```
    FR: Le bilan s'élève à 12 morts et 45 blessés à Gao, selon la Minusma.
    EN: The toll stands at 12 dead.
    ```

    ## Use instead
    ```
    EN: The toll stands at 12 dead and 45 injured in Gao, according to Minusma.
    ```

    ## Fix
    Compare the two sentences and translate the part that is missing (or
    remove what was added).
    """

    code = "TQ103"
    eval_family = "omission"
    name = "partial-omission"
    severity = Severity.WARNING
    Options = PartialOmissionOptions

    def check(self, ctx: LinkContext) -> Iterator[Finding]:
        link = ctx.link
        if not link.source or not link.target:
            return
        src_text, tgt_text = ctx.source_text, ctx.target_text
        expected = LENGTH_RATIOS.get(ctx.pair_code, 1.0)
        options = self.options
        assert isinstance(options, PartialOmissionOptions)
        short_ratio, long_ratio, min_missing = options.short_ratio, options.long_ratio, options.min_missing
        ratio = len(tgt_text) / (max(1, len(src_text)) * expected)
        if ratio < short_ratio and len(src_text) >= 60:
            longer, shorter, side = src_text, tgt_text, "source"
        elif ratio > long_ratio and len(tgt_text) >= 60:
            longer, shorter, side = tgt_text, src_text, "target"
        else:
            return
        pair = ctx.alignment.pair.pair
        lang_long = pair.source if side == "source" else pair.target
        lang_short = pair.target if side == "source" else pair.source
        f_long = features(longer, lang_long)
        f_short = features(shorter, lang_short)
        keys = _content_keys(longer, lang_long)
        if _headline(longer) or _headline(shorter):
            # a headline capitalises its words and is rendered by meaning: only its figures count
            keys = frozenset(k for k in keys if k.startswith("#"))
        missing = sorted((f_long.strong - f_short.tokens) & keys)
        if len(missing) < min_missing:
            return
        shown = _surface(longer, missing)
        message = (
            f"the translation is much {'shorter' if side == 'source' else 'longer'} "
            f"({len(tgt_text)} vs {len(src_text)} characters) and "
            f"{'lacks' if side == 'source' else 'adds'} {', '.join(shown)}"
        )
        sentences = ctx.source_sentences if side == "source" else ctx.target_sentences
        first, last = sentences[0], sentences[-1]
        span = ctx.span(side, first.start, last.end)
        other = ctx.target_sentences if side == "source" else ctx.source_sentences
        other_span = ctx.span("target" if side == "source" else "source", other[0].start, other[-1].end)
        yield self.finding(
            ctx,
            message,
            source=span if side == "source" else other_span,
            target=other_span if side == "source" else span,
            suggestion="translate the missing part" if side == "source" else "remove what the source does not say",
            details={"length_ratio": round(ratio, 2), "missing": shown},
        )


#: A headline: at most this many words, and at least this share of its longer words capitalised.
HEADLINE_WORDS = 15
HEADLINE_CAPITALS = 0.6


def _headline(text: str) -> bool:
    """Whether ``text`` reads as a title-case headline («Mayor Loses Coastal Seat»): no final stop, capitals.

    In a headline capitals mark the style, not names, and a headline is
    compressed by convention: a gloss is dropped, a foreign name rendered by
    its meaning. Words of four letters or more after the first are counted, so
    lower-case articles and prepositions of a French or English title do not
    hide it.
    """
    words = _TOKEN.findall(text)
    if len(words) > HEADLINE_WORDS or text.rstrip(" \"'»”’)").endswith((".", "!", "?", "…", ":", ";")):
        return False  # a sentence ends with its punctuation; a headline does not
    longer = [w for w in words[1:] if len(w) >= 4 and not w[0].isdigit()]
    capitals = sum(1 for w in longer if w[0].isupper())
    return capitals >= 2 and capitals >= HEADLINE_CAPITALS * len(longer)


def _content_keys(text: str, lang: str) -> frozenset[str]:
    """Anchor keys of ``text`` that carry content: numbers, names, weekday and month names.

    A capitalised ordinary word (a title's or an institution's words) is left
    out: translators render those by meaning, so they are no evidence that
    something is missing. Sentence-initial words are never names (as in
    :func:`tqcheck.aligning.features`).
    """
    keys: set[str] = set()
    calendar = _calendar_words(lang)
    for k, m in enumerate(_TOKEN.finditer(text)):
        w = m.group()
        if w[0].isdigit():
            keys.add("#" + (w.lstrip("0") or "0"))
        elif k > 0 and w[0].isupper() and (w.lower() in calendar or not is_common_word(w, lang)):
            keys |= features(w, lang).tokens
    return frozenset(keys)


@lru_cache(maxsize=8)
def _calendar_words(lang: str) -> frozenset[str]:
    """Weekday and month names of ``lang`` (CLDR through Babel), lower-cased; empty if Babel lacks the locale."""
    from babel import Locale, UnknownLocaleError

    try:
        loc = Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return frozenset()
    names = [*loc.days["format"]["wide"].values(), *loc.months["format"]["wide"].values()]
    return frozenset(n.lower() for n in names)


def _surface(text: str, keys: list[str]) -> list[str]:
    """The words of ``text`` behind anchor keys ("#12" → "12", "gao" → "Gao"), in text order."""
    out: list[str] = []
    wanted = set(keys)
    for m in _TOKEN.finditer(text):
        w = m.group()
        key = "#" + (w.lstrip("0") or "0") if w[0].isdigit() else features(w + " ", "xx").tokens
        hit = key in wanted if isinstance(key, str) else any(k in wanted for k in key)
        if hit and w not in out:
            out.append(w)
    return out[:5] or keys[:5]
