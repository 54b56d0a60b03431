"""The sacrebleu adapter: the private statistics API still gives sacrebleu's public numbers.

If a sacrebleu release renames or changes ``_extract_corpus_statistics`` or
``_aggregate_and_compute``, these tests fail here (rather than every cached
score silently drifting); tqcheck/scoring/sacrebleu_stats.py is then the one
module to adapt.
"""

from __future__ import annotations

import json

import pytest
from sacrebleu.metrics import BLEU, CHRF, TER

from tqcheck.scoring.sacrebleu_stats import extract_statistics, score_statistics

HYPS = [
    "The committee approved the budget on Tuesday evening.",
    "Two trains were cancelled because of the snow.",
    "Yes.",
    "The museum will reopen its doors in the spring.",
]
REFS = [
    "On Tuesday evening the committee adopted the budget.",
    "Because of snow, two trains did not run.",
    "Yes indeed.",
    "In spring the museum is going to reopen.",
]
METRICS = [CHRF, lambda: BLEU(effective_order=True), TER]


@pytest.mark.parametrize("make", METRICS, ids=["chrf", "bleu", "ter"])
def test_one_row_per_segment_scores_like_sentence_score(make):
    metric = make()
    rows = extract_statistics(metric, HYPS, REFS)
    assert len(rows) == len(HYPS)
    for row, h, r in zip(rows, HYPS, REFS, strict=True):
        assert score_statistics(metric, [row]) == pytest.approx(make().sentence_score(h, [r]).score)


@pytest.mark.parametrize("make", [CHRF, BLEU, TER], ids=["chrf", "bleu", "ter"])
def test_summed_rows_score_like_corpus_score(make):
    metric = make()
    rows = extract_statistics(metric, HYPS, REFS)
    assert score_statistics(metric, rows) == pytest.approx(make().corpus_score(HYPS, [REFS]).score, abs=1e-9)


def test_rows_survive_the_json_cache():
    """Rows are stored as JSON; BLEU's counts come back as floats and must still score alike."""
    metric = BLEU(effective_order=True)
    rows = extract_statistics(metric, HYPS, REFS)
    back = json.loads(json.dumps(rows))
    assert all(isinstance(x, float) for row in back for x in row)
    assert [score_statistics(metric, [r]) for r in back] == [score_statistics(metric, [r]) for r in rows]


def test_no_segments_no_rows():
    assert extract_statistics(CHRF(), [], []) == []
