"""TQ103 partial-omission: a linked pair where one side carries much more than the other."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tqcheck.aligning import features
from tqcheck.datatypes import Finding, Severity
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
    hundred pairs of correct human translations.

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
        missing = sorted(f_long.strong - f_short.tokens)
        if len(missing) < min_missing:
            return
        shown = _surface(longer, missing)
        what = "translation" if side == "source" else "source"
        message = (
            f"the {what} is much {'shorter' if side == 'source' else 'longer'} "
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
