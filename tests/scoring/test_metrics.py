"""tqcheck's metric wrappers give exactly sacrebleu's numbers and signatures."""

from __future__ import annotations

import pytest
from sacrebleu.metrics import BLEU, CHRF, TER

from tqcheck.scoring.metrics import Metrics

HYPS = [
    "The Malian army said it had destroyed a vehicle.",
    "She claims to have notably destroyed a vehicle.",
    "Thank you.",
    "The town remains in the hands of the rebels.",
]
REFS = [
    "The Malian army indicated that it destroyed a vehicle.",
    "It says it destroyed, among other things, a vehicle.",
    "Thanks.",
    "The city therefore remains in rebel hands.",
]


def test_segment_scores_match_sacrebleu():
    m = Metrics()
    chrf, bleu, ter = CHRF(), BLEU(effective_order=True), TER()
    for got, h, r in zip(m.segments(HYPS, REFS), HYPS, REFS, strict=True):
        assert got.chrf == pytest.approx(chrf.sentence_score(h, [r]).score)
        assert got.bleu == pytest.approx(bleu.sentence_score(h, [r]).score)
        assert got.ter == pytest.approx(ter.sentence_score(h, [r]).score)
    assert m.segment(HYPS[0], HYPS[0]).chrf == pytest.approx(100.0)


def test_corpus_scores_and_signatures_match_sacrebleu():
    got = Metrics().corpus(HYPS, REFS)
    for name, metric in (("chrf", CHRF()), ("bleu", BLEU()), ("ter", TER())):
        want = metric.corpus_score(HYPS, [REFS])
        assert got[name] == pytest.approx(want.score, abs=1e-4)
        assert got[f"{name}_signature"] == str(metric.get_signature())
    assert "nrefs:1" in got["chrf_signature"] and "version:" in got["bleu_signature"]
    assert Metrics().corpus([], []) == {}


def test_cached_statistics_reuse_stored_values_and_compute_only_missing():
    m = Metrics()
    store: dict = {}
    calls = []
    real = m.statistics

    def counting(h, r):
        calls.append(len(h))
        return real(h, r)

    m.statistics = counting  # type: ignore[method-assign]
    lookup = lambda keys: {k: store[k] for k in keys if k in store}  # noqa: E731
    first = m.cached_statistics(HYPS, REFS, lookup, store.update)
    second = m.cached_statistics(HYPS + ["New line."], REFS + ["A new line."], lookup, store.update)
    assert calls == [4, 1]
    assert second[:4] == first
    assert m.segment_scores(second[:4]) == m.segments(HYPS, REFS)
