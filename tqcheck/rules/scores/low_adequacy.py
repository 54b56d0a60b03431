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
    margin: float | None = option(
        None,
        "second signal: a link under the limit is left alone unless its similarity minus the best nearby "
        "pairing's is below this (unset: -0.05; 1.0 turns the second signal off).",
        example="0.0",
    )

MIN_LINKS_FOR_ZSCORE = 8
# Measured by sentence length on real professional translations (wmt-news, 6,000 line
# pairs; bench/realtext_similarity.py): under six words (of the shorter side) a correct
# pair's 1st percentile (0.09-0.20) is below an unrelated pair's 99th (0.14-0.21), so the
# encoder cannot tell and the absolute test stays silent; from six words the default limit
# rises with length to 0.42 (correct pairs under it: 4.1% at 6-7 words with 0.42, 0.5% with 0.25).
LENGTH_LIMITS: tuple[tuple[int, float | None], ...] = ((5, None), (7, 0.25), (10, 0.30), (15, 0.36))
# Second signal, measured on wmt-news documents (160 documents, 3,700 lines of six words or
# more): a link under the limit is flagged only when a pairing within three links (its source
# with a nearby target, or a nearby source with its target) beats its similarity by more than
# 0.05. That keeps 2 of the 10 correct lines the limits alone flag, 97.2% of lines replaced
# by a sentence of another article (99.9% without it) and 89.9% of lines shifted by one
# (90.0%). A margin of 0.0 keeps 4 and 98.9%.
DEFAULT_MARGIN = -0.05
# Which of the two a flagged link looks like, measured on wmt-news (300 documents, 7,478 lines;
# no text kept, only the figures): a sentence of another article matches its source at an unrelated
# pair's level (95th percentile 0.12-0.21 by length, median 0.01-0.06), a line shifted by one has
# a neighbour pairing that matches like a translation (5th percentile 0.63-0.71). A link between
# the two (0.15 or more, and no neighbour pairing at 0.50) is a loose rendering as often as not:
# all six links the rule flagged on the whole wmt-news set were judged faithful, and five were of
# this kind (a pronoun-led sentence whose meaning sits in the one before, an idiom). Such a link is
# reported as info; 84.7% of replaced lines and 82.0% of shifted ones stay warnings (89.4% and
# 82.1% before), and correct lines flagged fall from 4 to 2 in 7,478.
UNRELATED_SIMILARITY = 0.15
TRANSLATION_RIVAL = 0.50
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
    the English target of each alignment link. It flags a link (warning)
    when two signals agree:

    * its similarity is below an absolute threshold (default 0.42,
      calibrated so that under 1 in 100 correct human translations is under
      it; lower for sentences of 6 to 15 words, and no absolute test under 6
      words, where the encoder cannot tell a correct pair from an unrelated
      one), *and*
    * the link matches worse than its neighbours do: some nearby pairing
      (its source with a nearby link's target, or a nearby source with its
      target; three links either side) beats its similarity by more than
      0.05. A loose but faithful rendering (a paraphrase, an idiom, a
      restructured sentence) still matches its own source best; a sentence
      pasted from elsewhere or shifted by a line does not.

    Such a link is a warning when it also looks like one of the two: its
    similarity is at an unrelated pair's level (under 0.15: a sentence from
    elsewhere), or a nearby pairing matches like a translation (0.50 or
    more: a shifted line). Otherwise it is reported as **info**: on
    professional news translations such links (a short sentence whose
    meaning sits in the one before, an idiom rendered by sense) were
    faithful as often as not.

    A link whose similarity is merely far below the document's own links
    (more than 7 median absolute deviations under the median, under 0.50, in
    documents of 8 links or more) is reported as **info** only: on
    professional translations nearly all such links are short or freely
    rendered sentences, so the relative test cannot be made precise.

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
    rule options `similarity`, `margin` (default -0.05: the link is left
    alone unless its similarity minus the best nearby pairing's is below
    this; 1.0 turns the second signal off), `zscore`, `zscore-cap`.
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
            severity = self.severity
        else:
            sims = ctx.state if ctx.state is not None else self.document_state(ctx)
            cap = threshold(ctx, "zscore_cap", DEFAULT_ZSCORE_CAP)
            if len(sims) >= MIN_LINKS_FOR_ZSCORE and sim < cap:
                z = robust_z(sim, sims)
                if z < threshold(ctx, "zscore", DEFAULT_ZSCORE):
                    reason = f"similarity {sim:.2f} is far below this document's other links (robust z {z:.1f})"
                    severity = Severity.INFO
        if reason is None:
            return
        rival = ctx.link_scores.similarity_rival
        if rival is not None:
            if sim - rival >= threshold(ctx, "margin", DEFAULT_MARGIN):
                return  # nothing nearby matches clearly better: a loose rendering, not a replaced sentence
            reason += f", and a nearby sentence pair matches better ({rival:.2f})"
            if severity is not Severity.INFO and sim >= UNRELATED_SIMILARITY and rival < TRANSLATION_RIVAL:
                severity = Severity.INFO  # neither unrelated nor shifted: a loose rendering as often as not
        yield self.finding(
            ctx,
            f"translation may not render its source: {reason}",
            severity=severity,
            source=link_span(ctx, "source"),
            target=link_span(ctx, "target"),
            details={"similarity": sim, "similarity_rival": rival},
        )
