"""The one place tqcheck reaches into sacrebleu's private API: per-segment sufficient statistics.

sacrebleu's public calls (``sentence_score``, ``corpus_score``) take strings
and recompute everything; tqcheck caches each segment's statistics with the
model outputs and sums them for the corpus score, which needs the two
private methods every sacrebleu metric is built on:
``_extract_corpus_statistics`` (strings → one row of numbers per segment)
and ``_aggregate_and_compute`` (rows → a score). They are not a promised
API, so they are called here only; tests/scoring/test_sacrebleu_stats.py
checks that they still give sacrebleu's public numbers, and fails first when
a sacrebleu release changes them.
"""

from __future__ import annotations

from collections.abc import Sequence

from sacrebleu.metrics import BLEU
from sacrebleu.metrics.base import Metric

Row = list[float]


def extract_statistics(metric: Metric, hypotheses: Sequence[str], references: Sequence[str]) -> list[Row]:
    """One row of sufficient statistics per (hypothesis, its one reference), as plain floats."""
    if not hypotheses:
        return []
    rows = metric._extract_corpus_statistics(list(hypotheses), [list(references)])
    return [[float(x) for x in row] for row in rows]


def score_statistics(metric: Metric, rows: Sequence[Sequence[float]]) -> float:
    """The metric's score over the summed rows: one row gives a segment score, all rows the corpus score.

    BLEU's statistics are counts that sacrebleu expects as integers (they come
    back from the JSON cache as floats).
    """
    as_counts = isinstance(metric, BLEU)
    table = [[int(x) for x in row] if as_counts else list(row) for row in rows]
    return float(metric._aggregate_and_compute(table).score)
