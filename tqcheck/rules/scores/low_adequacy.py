"""TQ501 low-adequacy: the translation's meaning is far from the source's."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from tqcheck.datatypes import Finding, Severity
from tqcheck.rules.base import LinkContext, Rule, RuleContext
from tqcheck.rules.options import RuleOptions, option
from tqcheck.rules.scores._common import link_span, robust_z, threshold

# Calibrated on the clean shared sets (NTREX, FLORES-200 devtest, TICO-19 minus its
# misaligned rows; bench/similarity_speed.py calibrate): correct pairs have median
# 0.81 and 1st percentile 0.50, a source given its neighbour's translation median
# 0.26. With the relative test below, the rule flags under 1 in 100 correct links
# on every set and ~90% of swapped ones.
DEFAULT_SIMILARITY = 0.42
# Relative test: far below the document's own pairs (robust z-score), and not high
# in absolute terms, only in documents with enough links for a stable median.
DEFAULT_ZSCORE = -7.0
DEFAULT_ZSCORE_CAP = 0.50


@dataclass(frozen=True)
class LowAdequacyOptions(RuleOptions):
    """Options of TQ501; each unset one falls back to the same key of ``[tool.tqcheck.thresholds]``."""

    similarity: float | None = option(
        None,
        f"similarity below which a link is flagged, as set (unset: `[tool.tqcheck.thresholds] similarity`, "
        f"else {DEFAULT_SIMILARITY} adjusted for short links).",
        example="0.42",
    )
    zscore: float | None = option(
        None, f"robust z-score within the document below which a link is flagged (unset: {DEFAULT_ZSCORE}).", example="-7.0"
    )
    zscore_cap: float | None = option(
        None, f"similarity at or above which the z-score test never flags (unset: {DEFAULT_ZSCORE_CAP}).", example="0.5"
    )
MIN_LINKS_FOR_ZSCORE = 8
# Measured by sentence length on real professional translations (wmt-news, 6,000 line
# pairs; bench/realtext_similarity.py): under six words (of the shorter side) a correct
# pair's 1st percentile (0.09-0.20) is below an unrelated pair's 99th (0.14-0.21), so the
# encoder cannot tell and the absolute test stays silent; from six words the default limit
# rises with length to 0.42 (correct pairs under it: 4.1% at 6-7 words with 0.42, 0.5% with 0.25).
LENGTH_LIMITS: tuple[tuple[int, float | None], ...] = ((5, None), (7, 0.25), (10, 0.30), (15, 0.36))
WORD_RE = re.compile(r"\w+")


def default_limit(words: int, limit: float = DEFAULT_SIMILARITY) -> float | None:
    """The default absolute limit for a link whose shorter side has ``words`` words (``None``: silent)."""
    for most, length_limit in LENGTH_LIMITS:
        if words <= most:
            return None if length_limit is None else min(limit, length_limit)
    return limit


class LowAdequacy(Rule):
    """Source and translation of a link say different things, by cross-lingual similarity.

    ## What it does
    Compares the embedded sentence encoder's vectors of the French source and
    the English target of each alignment link. It flags a link whose
    similarity is below an absolute threshold (default 0.42, calibrated so
    that under 1 in 100 correct human translations is flagged; lower for
    sentences of 6 to 15 words, and no absolute test under 6 words, where
    the encoder cannot tell a correct pair from an unrelated one), or, when
    under 0.50, far below the document's own links (more than 7 median
    absolute deviations under the median, in documents of 8 links or more).

    ## Why is this bad?
    A very low similarity usually means the sentence was not translated but
    replaced: pasted from elsewhere, shifted by a line, left from an older
    version of the text, or hallucinated by a machine translation engine.

    ## Example
    Source: « Le ministre a annoncé la fermeture des écoles. »
    Target: "Heavy rain is expected in the north tomorrow."

    ## Use instead
    Target: "The minister announced that schools would close."

    ## Fix
    Re-translate the link from its source; check the lines around it for a
    shift. Tune with `[tool.tqcheck.thresholds] similarity = 0.42` or the
    rule options `similarity`, `zscore`, `zscore-cap`.
    """

    code: ClassVar[str] = "TQ501"
    name: ClassVar[str] = "low-adequacy"
    severity: ClassVar[Severity] = Severity.WARNING
    needs_scores: ClassVar[tuple[str, ...]] = ("similarity",)
    Options = LowAdequacyOptions

    def document_state(self, ctx: RuleContext) -> list[float]:
        """The document's link similarities, which every link's z-score is measured against."""
        return [s.similarity for s in ctx.scores.links if s.similarity is not None]

    def check(self, ctx: LinkContext) -> Iterator[Finding]:
        sim = ctx.link_scores.similarity
        if sim is None:
            return
        limit: float | None = threshold(ctx, "similarity", DEFAULT_SIMILARITY)
        assert isinstance(ctx.options, LowAdequacyOptions)
        if ctx.options.similarity is None and "similarity" not in (getattr(ctx, "thresholds", None) or {}):
            words = min(
                sum(len(WORD_RE.findall(s.text)) for s in ctx.source_sentences),
                sum(len(WORD_RE.findall(s.text)) for s in ctx.target_sentences),
            )
            limit = default_limit(words)  # a limit the user set is used as set
        reason = None
        if limit is not None and sim < limit:
            reason = f"similarity {sim:.2f} is below {limit:.2f}"
        else:
            sims = ctx.state if ctx.state is not None else self.document_state(ctx)
            cap = threshold(ctx, "zscore_cap", DEFAULT_ZSCORE_CAP)
            if len(sims) >= MIN_LINKS_FOR_ZSCORE and sim < cap:
                z = robust_z(sim, sims)
                if z < threshold(ctx, "zscore", DEFAULT_ZSCORE):
                    reason = f"similarity {sim:.2f} is far below this document's other links (robust z {z:.1f})"
        if reason is None:
            return
        yield self.finding(
            ctx,
            f"translation may not render its source: {reason}",
            source=link_span(ctx, "source"),
            target=link_span(ctx, "target"),
            details={"similarity": sim},
        )
