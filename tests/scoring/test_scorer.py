"""The Scorer: similarity without a model, every field with one, reverse model, errors."""

from __future__ import annotations

import math

import pytest
from helpers import make_alignment

from tqcheck.config import Config
from tqcheck.datatypes import Alignment, Link, ModelInfo, TokenScore
from tqcheck.errors import ModelError
from tqcheck.scoring import MT_OFF_NOTE, Scorer
from tqcheck.scoring.backends import Backend

ROWS = [
    ("L'armée malienne a repris son offensive vers Kidal.", "The Malian army resumed its offensive towards Kidal."),
    ("Les affrontements ont eu lieu près de la ville.", "The clashes took place near the town."),
    ("Le bilan reste inconnu.", None),
    (None, "This sentence was added by the translator."),
]


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path / "cache"))


class EchoBackend:
    """Deterministic double: 'translates' by lower-casing, scores each word by its length."""

    info = ModelInfo("echo-double", "1", "test", "mt")
    max_length = 512

    def translate(self, sources):
        return [s.lower() for s in sources]

    def score(self, sources, targets):
        return [tuple(TokenScore(f" {w}", -len(w) / 10) for w in t.split()) + (TokenScore("</s>", -0.5),) for t in targets]


def test_a_double_with_the_four_members_is_a_backend():
    """The Scorer takes any Backend: info, max_length, translate and score are all it needs."""
    assert isinstance(EchoBackend(), Backend)
    assert not isinstance(object(), Backend)


@pytest.mark.slow
def test_without_model_similarity_only_and_mt_off_note():
    al = make_alignment(ROWS)
    scores = Scorer(Config(threads=2)).score(al, None)
    assert MT_OFF_NOTE in scores.notes
    assert [m.kind for m in scores.models] == ["similarity"]
    sims = [ls.similarity for ls in scores.links]
    assert sims[0] > 0.6 and sims[1] > 0.6
    assert sims[2] is None and sims[3] is None  # 1-0 and 0-1 links
    assert all(ls.mt_hypothesis is None and ls.chrf is None for ls in scores.links)
    assert scores.corpus["similarity_mean"] == pytest.approx((sims[0] + sims[1]) / 2, abs=1e-5)


@pytest.mark.slow
def test_merged_links_use_the_normalised_group_vector():
    al = make_alignment(ROWS[:2])
    merged = Alignment(al.pair, al.source, al.target, (Link((0, 1), (0, 1)),), "manual")
    scorer = Scorer(Config(threads=2, cache=False))
    emb = scorer.embed(al.source, al.target)
    (ls,) = scorer.score(merged, emb).links
    assert 0.6 < ls.similarity <= 1.0


def test_similarity_off_gives_no_similarity_and_no_encoder():
    scores = Scorer(Config(similarity=False)).score(make_alignment(ROWS), None)
    assert all(ls.similarity is None for ls in scores.links)
    assert scores.models == ()
    assert len(scores.notes) == 2


def test_with_a_backend_every_mt_field_is_filled():
    al = make_alignment(ROWS)
    scores = Scorer(Config(similarity=False), backend=EchoBackend(), reverse_backend=EchoBackend()).score(al, None)
    one = scores.links[0]
    assert one.mt_hypothesis == ROWS[0][0].lower()
    assert one.chrf is not None and one.bleu is not None and one.ter is not None
    assert [t.token for t in one.tokens][-1] == "</s>"
    assert one.logprob_sum == pytest.approx(sum(t.logprob for t in one.tokens), abs=1e-5)
    assert one.logprob_min == pytest.approx(min(t.logprob for t in one.tokens))
    assert one.reverse_logprob_mean is not None
    omitted, added = scores.links[2], scores.links[3]
    assert omitted.mt_hypothesis == ROWS[2][0].lower() and omitted.chrf is None and omitted.tokens == ()
    assert added.mt_hypothesis is None and added.logprob_mean is None
    assert [m.kind for m in scores.models] == ["mt", "mt-reverse"]
    assert {"chrf", "bleu", "ter", "chrf_signature", "logprob_mean"} <= set(scores.corpus)
    assert MT_OFF_NOTE not in scores.notes


def test_missing_model_is_a_model_error(tmp_path):
    scorer = Scorer(Config(model=str(tmp_path / "no-such-model"), similarity=False))
    with pytest.raises(ModelError):
        scorer.score(make_alignment(ROWS[:1]), None)


@pytest.mark.slow
def test_tiny_marian_fills_all_fields_deterministically(tiny_marian_dir):
    al = make_alignment(ROWS[:2] + ROWS[3:])
    config = Config(model=str(tiny_marian_dir), reverse_model=str(tiny_marian_dir), backend="transformers", threads=2)
    first = Scorer(config, cache=False).score(al, None)
    for ls in first.links[:2]:
        assert ls.similarity is not None and ls.mt_hypothesis is not None
        for value in (ls.chrf, ls.bleu, ls.ter, ls.logprob_mean, ls.logprob_min, ls.logprob_sum, ls.reverse_logprob_mean):
            assert value is not None and math.isfinite(value)
        assert ls.tokens and ls.tokens[-1].token == "</s>"
        assert ls.logprob_min <= ls.logprob_mean < 0
    assert [m.kind for m in first.models] == ["similarity", "mt", "mt-reverse"]
    assert first.models[1].name == "tiny-marian" and first.models[1].backend == "transformers"
    assert first.corpus["chrf_signature"].startswith("nrefs:1")
    again = Scorer(config, cache=False).score(al, None)
    assert again == first
    cached_twice = [Scorer(config).score(al, None) for _ in range(2)]
    assert cached_twice[0] == cached_twice[1] == first
