"""TQ503 improbable-span: a stretch of the translation the MT model finds very unlikely."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from tqcheck.datatypes import Finding, Severity, TokenScore
from tqcheck.rules.base import LinkContext, Rule
from tqcheck.rules.options import RuleOptions, option
from tqcheck.rules.scores._common import SPECIAL_PIECES, piece_offsets, threshold

# Surprisal in nats (-log p): 8 means p < 1/3000 for each piece. Two or more such
# pieces in a row is rare for a fluent, faithful translation, which the model
# usually ranks within its top few choices. Not calibrated on a real model yet.
DEFAULT_SURPRISAL = 8.0
MIN_RUN = 2


@dataclass(frozen=True)
class ImprobableSpanOptions(RuleOptions):
    """Options of TQ503."""

    surprisal: float | None = option(
        None,
        f"surprisal (−log-probability) above which a piece is improbable "
        f"(unset: `[tool.tqcheck.thresholds] surprisal`, else {DEFAULT_SURPRISAL}).",
        example="8.0",
    )
    min_run: int = option(MIN_RUN, "how many improbable pieces in a row make a span.")


def improbable_runs(tokens: tuple[TokenScore, ...], limit: float, min_run: int = MIN_RUN) -> list[tuple[int, int]]:
    """[start, end) piece ranges of ≥ ``min_run`` consecutive pieces with surprisal above ``limit``."""
    runs: list[tuple[int, int]] = []
    start = None
    for i, tok in enumerate((*tokens, TokenScore("</s>", 0.0))):
        high = tok.token not in SPECIAL_PIECES and -tok.logprob > limit
        if high and start is None:
            start = i
        elif not high and start is not None:
            if i - start >= min_run:
                runs.append((start, i))
            start = None
    return runs


class ImprobableSpan(Rule):
    """Consecutive target words that the MT model, reading the source, finds very improbable.

    ## What it does
    Scores the human translation word piece by word piece under the local MT
    model (forced decoding, given the source) and flags a run of two or more
    consecutive pieces whose surprisal (−log-probability) is above a
    threshold (default 8 nats, i.e. each piece less likely than 1 in 3,000).

    ## Why is this bad?
    Words that a translation model cannot explain from the source are often
    mistranslations, words of another sentence, untranslated or garbled
    text, or an addition that the source does not support.

    ## Example
    Source: « Le gouvernement a annoncé un couvre-feu. »
    Target: "The government announced a curfew blue cheese."

    ## Use instead
    Target: "The government announced a curfew."

    ## Fix
    Check the flagged words against the source. Tune with
    `[tool.tqcheck.thresholds] surprisal = 8.0` or the rule options
    `surprisal` and `min-run`.
    """

    code: ClassVar[str] = "TQ503"
    name: ClassVar[str] = "improbable-span"
    severity: ClassVar[Severity] = Severity.WARNING
    needs_scores: ClassVar[tuple[str, ...]] = ("logprob_mean",)
    Options = ImprobableSpanOptions

    def check(self, ctx: LinkContext) -> Iterator[Finding]:
        tokens = ctx.link_scores.tokens
        if not tokens or not ctx.target_sentences:
            return
        limit = threshold(ctx, "surprisal", DEFAULT_SURPRISAL)
        assert isinstance(ctx.options, ImprobableSpanOptions)
        min_run = ctx.options.min_run
        runs = improbable_runs(tokens, limit, min_run)
        if not runs:
            return
        text = ctx.target_text
        offsets = piece_offsets(text, tokens)
        layout = _layout(ctx)
        for start, end in runs:
            placed = [o for o in offsets[start:end] if o is not None]
            if not placed:
                continue
            a, b = _to_document(layout, placed[0][0]), _to_document(layout, placed[-1][1] - 1)
            if a is None or b is None:
                continue
            surprisal = [-t.logprob for t in tokens[start:end]]
            span = ctx.span("target", a, b + 1)
            yield self.finding(
                ctx,
                f"the model finds \u201c{span.text}\u201d improbable for this source "
                f"(surprisal {max(surprisal):.1f} nats, {end - start} pieces in a row)",
                target=span,
                details={"surprisal": [round(s, 3) for s in surprisal], "pieces": [t.token for t in tokens[start:end]]},
            )


def _layout(ctx: LinkContext) -> list[tuple[int, int, int]]:
    """(offset in the link's joined target text, sentence start, length) per target sentence."""
    out, offset = [], 0
    for s in ctx.target_sentences:
        out.append((offset, s.start, len(s.text)))
        offset += len(s.text) + 1
    return out


def _to_document(layout: list[tuple[int, int, int]], pos: int) -> int | None:
    for offset, start, length in layout:
        if offset <= pos < offset + length:
            return start + pos - offset
    return None
