"""The aligner's parameters object, its digest, and the pieces of the generic search."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tqcheck.aligning import DEFAULT_PARAMS, AlignerParams, CostModel, Step, align, dp_align, features
from tqcheck.aligning.search import offset
from tqcheck.datatypes import LanguagePair
from tqcheck.reading import pair_from_texts
from tqcheck.segmenting import segment

FR = "Le conseil a voté le budget. Il compte 45 membres. La séance a duré trois heures."
EN = "The council passed the budget. The session lasted three hours."


def _align(params: AlignerParams = DEFAULT_PARAMS):
    pair = pair_from_texts(FR, EN, LanguagePair("fr", "en"))
    return align(pair, segment(pair.source), segment(pair.target), params=params)


def test_digest_is_stable_and_names_every_value():
    assert AlignerParams().digest() == DEFAULT_PARAMS.digest()
    assert len(DEFAULT_PARAMS.digest()) == 12
    changed = {
        replace(DEFAULT_PARAMS, skip_cost=1.2).digest(),
        replace(DEFAULT_PARAMS, search=replace(DEFAULT_PARAMS.search, band=13)).digest(),
        replace(DEFAULT_PARAMS, coverage=replace(DEFAULT_PARAMS.coverage, w_hits=3.14)).digest(),
        replace(DEFAULT_PARAMS, features=replace(DEFAULT_PARAMS.features, cognate_prefix=5)).digest(),
    }
    assert len(changed) == 4 and DEFAULT_PARAMS.digest() not in changed


def test_params_are_frozen():
    with pytest.raises(AttributeError):
        DEFAULT_PARAMS.skip_cost = 2.0  # type: ignore[misc]


def test_the_aligner_uses_its_params():
    """The omitted middle sentence is a 1-0 link costing ``skip_cost``, whatever that is set to."""
    for skip in (DEFAULT_PARAMS.skip_cost, 50.0):
        links = _align(replace(DEFAULT_PARAMS, skip_cost=skip)).links
        assert [(link.kind.value, link.cost) for link in links if not link.target] == [("1-0", skip)]
    # A search band of one sentence and a tiny full table still finds the same links here.
    narrow = replace(DEFAULT_PARAMS, search=replace(DEFAULT_PARAMS.search, band=1, full_table_cells=1))
    assert [link.kind for link in _align(narrow).links] == [link.kind for link in _align().links]


def test_feature_params_change_the_anchors():
    assert "cons" in features("Le conseil", "fr").tokens
    assert "conse" in features("Le conseil", "fr", replace(DEFAULT_PARAMS.features, cognate_prefix=5)).tokens


def test_step_shifted_and_null():
    step = Step(0, 1, 2, 2, 1.1)
    assert step.shifted(3, 4) == Step(3, 4, 6, 6, 1.1)
    assert step.is_null and not step.is_one_one and Step(0, 1, 0, 1, 0.0).is_one_one


def test_offset_of_an_offset_calls_the_original_once():
    calls = []

    def cost(i0: int, i1: int, j0: int, j1: int) -> float:
        calls.append((i0, i1, j0, j1))
        return 0.0

    inner = offset(offset(cost, 2, 3), 10, 20)
    inner(0, 1, 0, 1)
    assert calls == [(12, 13, 23, 24)]


def test_dp_align_is_generic():
    """Two sequences of numbers: links pair equal values, an extra value is a 0-1 step."""
    a, b = [1, 2, 3, 4], [1, 2, 9, 3, 4]

    def cost(i0: int, i1: int, j0: int, j1: int) -> float:
        if i1 == i0 or j1 == j0:
            return 1.0
        return 0.0 if sum(a[i0:i1]) == sum(b[j0:j1]) else 5.0

    path = dp_align(len(a), len(b), cost)
    assert [(s.i0, s.i1, s.j0, s.j1) for s in path] == [(0, 1, 0, 1), (1, 2, 1, 2), (2, 2, 2, 3), (2, 3, 3, 4), (3, 4, 4, 5)]


def test_with_lex_weight_leaves_the_model_as_it_was():
    src = [features("Le conseil compte 45 membres.", "fr")]
    tgt = [features("The board has members.", "en")]
    model = CostModel(src, tgt, 1.0)
    heavy = model.with_lex_weight(3.0)
    assert model.lex_weight == DEFAULT_PARAMS.lex_weight and heavy.lex_weight == 3.0
    assert heavy.link_cost(0, 1, 0, 1) > model.link_cost(0, 1, 0, 1)
