"""String metrics of the human translation against the model's own translation.

Thin wrappers over sacrebleu so every number tqcheck prints can be reproduced
with ``sacrebleu`` itself: the human target is the *hypothesis* and the MT
output is the *reference* (we ask "how far is the translator from what a
literal machine would write?"). One metric object per run: sacrebleu's
objects hold the settings that their signatures, printed in the report,
describe.

As in sacrebleu, statistics are extracted once per segment and aggregated:
a segment's score is its own statistics, the corpus score their sum. The
statistics are plain numbers, so the scorer caches them with the model
outputs; TER's shift search is the slow part of a cached re-run otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sacrebleu
from sacrebleu.metrics import BLEU, CHRF, TER

from tqcheck.datatypes import ModelInfo
from tqcheck.scoring.sacrebleu_stats import extract_statistics, score_statistics

#: names the statistics in the score cache (sacrebleu's version changes them → miss)
METRICS_INFO = ModelInfo(name="sacrebleu-chrf-bleu-ter", revision=sacrebleu.__version__, backend="sacrebleu", kind="metrics")

Stats = dict[str, list[float]]


@dataclass(frozen=True)
class SegmentMetrics:
    """chrF, sentence BLEU (effective order) and TER of one segment, 0–100 scale."""

    chrf: float
    bleu: float
    ter: float


@dataclass
class Metrics:
    """The run's metric objects; segment and corpus scores share their settings.

    ``bleu`` scores segments with effective order (sentence BLEU without it is
    zero for any short segment missing a 4-gram); ``corpus_bleu`` is plain
    corpus BLEU over the same statistics.
    """

    chrf: CHRF = field(default_factory=CHRF)
    bleu: BLEU = field(default_factory=lambda: BLEU(effective_order=True))
    corpus_bleu: BLEU = field(default_factory=BLEU)
    ter: TER = field(default_factory=TER)

    def __post_init__(self) -> None:
        # One reference per segment, always; set it up front so signatures exist
        # even when every statistic came from the cache.
        for metric in (self.chrf, self.bleu, self.corpus_bleu, self.ter):
            metric.num_refs = 1

    def statistics(self, hypotheses: Sequence[str], references: Sequence[str]) -> list[Stats]:
        """Per-segment sufficient statistics of the three metrics."""
        per_metric = {
            name: extract_statistics(metric, hypotheses, references)
            for name, metric in (("chrf", self.chrf), ("bleu", self.bleu), ("ter", self.ter))
        }
        return [{name: rows[i] for name, rows in per_metric.items()} for i in range(len(hypotheses))]

    def segment_scores(self, stats: Sequence[Stats]) -> list[SegmentMetrics]:
        return [
            SegmentMetrics(
                chrf=score_statistics(self.chrf, [s["chrf"]]),
                bleu=score_statistics(self.bleu, [s["bleu"]]),
                ter=score_statistics(self.ter, [s["ter"]]),
            )
            for s in stats
        ]

    def corpus_scores(self, stats: Sequence[Stats]) -> dict[str, Any]:
        """Corpus chrF/BLEU/TER with their sacrebleu signatures (no segments → empty dict)."""
        if not stats:
            return {}
        out: dict[str, Any] = {}
        for name, metric in (("chrf", self.chrf), ("bleu", self.corpus_bleu), ("ter", self.ter)):
            out[name] = round(score_statistics(metric, [s[name] for s in stats]), 4)
            out[f"{name}_signature"] = str(metric.get_signature())
        return out

    # ----------------------------------------------------------------- conveniences

    def segment(self, hypothesis: str, reference: str) -> SegmentMetrics:
        return self.segment_scores(self.statistics([hypothesis], [reference]))[0]

    def segments(self, hypotheses: Sequence[str], references: Sequence[str]) -> list[SegmentMetrics]:
        return self.segment_scores(self.statistics(hypotheses, references))

    def corpus(self, hypotheses: Sequence[str], references: Sequence[str]) -> dict[str, Any]:
        return self.corpus_scores(self.statistics(hypotheses, references))

    def cached_statistics(
        self,
        hypotheses: Sequence[str],
        references: Sequence[str],
        lookup: Callable[[list[tuple[str, str]]], dict[Any, Any]] | None = None,
        store: Callable[[dict[tuple[str, str], Stats]], None] | None = None,
    ) -> list[Stats]:
        """:meth:`statistics`, reading and writing an optional cache (see ``ScoreCache.get_json``)."""
        pairs = list(zip(hypotheses, references, strict=True))
        known: dict[Any, Any] = lookup(list(dict.fromkeys(pairs))) if lookup and pairs else {}
        missing = list(dict.fromkeys(p for p in pairs if not _valid(known.get(p))))
        if missing:
            fresh = dict(zip(missing, self.statistics([p[0] for p in missing], [p[1] for p in missing]), strict=True))
            known.update(fresh)
            if store:
                store(fresh)
        return [known[p] for p in pairs]


def _valid(value: Any) -> bool:
    return isinstance(value, dict) and all(k in value for k in ("chrf", "bleu", "ter"))
