"""TQ502 low-mt-agreement: the translation shares almost nothing with the model's."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from tqcheck.datatypes import Finding, Severity
from tqcheck.rules.base import LinkContext, Rule
from tqcheck.rules.options import RuleOptions, option
from tqcheck.rules.scores._common import link_span, threshold

# chrF of human translations against a general-purpose MT output is typically 40-70;
# free but correct renderings fall to the 20s. Below 15 the two texts share little
# beyond names and punctuation. Not calibrated on a real model yet (none on this
# machine): kept low and at info severity.
DEFAULT_CHRF = 15.0


@dataclass(frozen=True)
class LowMtAgreementOptions(RuleOptions):
    """Options of TQ502."""

    chrf: float | None = option(
        None,
        f"chrF below which the link disagrees with the model's translation "
        f"(unset: `[tool.tqcheck.thresholds] chrf`, else {DEFAULT_CHRF:g}).",
        example="15",
    )
MIN_CHARS = 20  # chrF on a few characters is noise


class LowMtAgreement(Rule):
    """The translation and the local MT model's translation of the source barely overlap (chrF).

    ## What it does
    Translates each source link with the configured MT model and computes the
    chrF score of the human target against that translation. It flags links
    whose chrF falls below a threshold (default 15) when both texts have at
    least 20 characters.

    ## Why is this bad?
    A correct translation, however free, shares names, numbers and many
    content words with a literal machine translation. Near-zero overlap
    points to a missing, shifted or unrelated translation, or to a passage
    left in the source language.

    ## Example
    Source: « Les élections auront lieu le 12 mars. »
    Target: "The committee met on Tuesday to discuss the budget."

    ## Use instead
    Target: "The elections will be held on 12 March."

    ## Fix
    Compare the link with the model's translation shown in the report and
    re-translate it if it does not render the source. Tune with
    `[tool.tqcheck.thresholds] chrf = 15`.
    """

    code: ClassVar[str] = "TQ502"
    name: ClassVar[str] = "low-mt-agreement"
    severity: ClassVar[Severity] = Severity.INFO
    needs_scores: ClassVar[tuple[str, ...]] = ("chrf",)
    Options = LowMtAgreementOptions

    def check(self, ctx: LinkContext) -> Iterator[Finding]:
        scores = ctx.link_scores
        if scores.chrf is None or not scores.mt_hypothesis:
            return
        if len(ctx.target_text) < MIN_CHARS or len(scores.mt_hypothesis) < MIN_CHARS:
            return
        limit = threshold(ctx, "chrf", DEFAULT_CHRF)
        if scores.chrf >= limit:
            return
        yield self.finding(
            ctx,
            f"translation differs strongly from the model's (chrF {scores.chrf:.1f} < {limit:.0f}): "
            f"model reads \u201c{_clip(scores.mt_hypothesis)}\u201d",
            source=link_span(ctx, "source"),
            target=link_span(ctx, "target"),
            details={"chrf": scores.chrf, "mt_hypothesis": scores.mt_hypothesis},
        )


def _clip(text: str, limit: int = 120) -> str:
    """The model's translation, shortened for the message (details keep it whole)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"
