"""The split-part pass (tqcheck.aligning.splits): an unlinked target sentence that renders a clause of its
neighbour's source joins that link; a sentence from elsewhere, or an unlinked source sentence, does not."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import cost_model, unit_vector

from tqcheck.aligning import CostModel, Step, features
from tqcheck.aligning.splits import absorb_split_parts, clause_cuts


def _unit(*weights: float) -> np.ndarray:
    return unit_vector(*weights, dtype=np.float32)  # float32, as the encoder returns


FR = ["Faute de crédits, la commune a renoncé à rénover la vieille halle, où les commerçants se plaignent des fuites."]
EN = ["For lack of funds, the town has given up renovating the old hall.", "Stallholders complain about the leaks."]
HEAD = "Faute de crédits, la commune a renoncé à rénover la vieille halle"
TAIL = "où les commerçants se plaignent des fuites."


def _encoder(vectors: dict[str, np.ndarray]):
    """A stand-in encoder: the given vector for a known text (the whole French sentence: its own vector),
    an unrelated one for any other."""
    known = {FR[0]: _unit(1, 0.3), **vectors}
    other = _unit(0, 0, 0, 0, 0, 1)
    return lambda texts: np.array([known.get(t, other) for t in texts])


def test_clause_cuts_at_punctuation_and_clause_words_with_words_on_both_sides():
    cuts = clause_cuts(FR[0], "fr", 2)
    assert (HEAD, TAIL) in cuts
    assert all(len(head.split()) >= 2 and len(tail.split()) >= 2 for head, tail in cuts)
    assert ("Faute", "de crédits, la commune a renoncé à rénover la vieille halle, où les commerçants se plaignent des fuites.") not in cuts
    assert clause_cuts("Tout va bien.", "fr", 2) == []  # nothing to cut
    assert clause_cuts("Il pleut, il vente.", "xx", 2) == [("Il pleut", "il vente.")]  # unknown language: punctuation only


def test_a_part_that_renders_the_last_clause_joins_the_link():
    host, part = _unit(1, 0.2), _unit(0, 1)
    model = cost_model(FR, EN, [_unit(1, 0.3)], [host, part], [0], [0, 0])
    steps = [Step(0, 1, 0, 1, 0.3), Step(1, 1, 1, 2, 1.1)]
    encode = _encoder({HEAD: _unit(1, 0.1), TAIL: _unit(0.2, 1)})
    assert [s[:4] for s in absorb_split_parts(steps, model, encode, (FR, EN), ("fr", "en"))] == [(0, 1, 0, 2)]
    # a part before its link renders the first clause: here the first clause says something else
    steps_before = [Step(0, 0, 0, 1, 1.1), Step(0, 1, 1, 2, 0.3)]
    model = cost_model(FR, EN[::-1], [_unit(1, 0.3)], [part, host], [0], [0, 0])
    assert absorb_split_parts(steps_before, model, encode, (FR, EN[::-1]), ("fr", "en")) == steps_before


def test_a_sentence_from_elsewhere_matches_no_clause_and_stays_unlinked():
    host, donor = _unit(1, 0.2), _unit(0, 0, 1)
    model = cost_model(FR, EN, [_unit(1, 0.3)], [host, donor], [0], [0, 0])
    steps = [Step(0, 1, 0, 1, 0.3), Step(1, 1, 1, 2, 1.1)]
    encode = _encoder({HEAD: _unit(1, 0.1), TAIL: _unit(0.2, 1)})
    assert absorb_split_parts(steps, model, encode, (FR, EN), ("fr", "en")) == steps


def test_the_rest_must_still_render_the_link_and_the_part_stay_in_its_paragraph():
    host, part = _unit(1, 0.2), _unit(0, 1)
    steps = [Step(0, 1, 0, 1, 0.3), Step(1, 1, 1, 2, 1.1)]
    # the head that would be left to the link's own target says something else: no split
    encode = _encoder({HEAD: _unit(0, 0, 0, 1), TAIL: _unit(0.2, 1)})
    model = cost_model(FR, EN, [_unit(1, 0.3)], [host, part], [0], [0, 0])
    assert absorb_split_parts(steps, model, encode, (FR, EN), ("fr", "en")) == steps
    # the unlinked sentence opens the next target paragraph: not a part of this link
    encode = _encoder({HEAD: _unit(1, 0.1), TAIL: _unit(0.2, 1)})
    model = cost_model(FR, EN, [_unit(1, 0.3)], [host, part], [0], [0, 1])
    assert absorb_split_parts(steps, model, encode, (FR, EN), ("fr", "en")) == steps


def test_a_loosely_matching_part_joins_when_the_rest_renders_the_link_better_than_the_whole_source():
    host, part = _unit(1, 0.2), _unit(0, 0.3, 1)
    steps = [Step(0, 1, 0, 1, 0.3), Step(1, 1, 1, 2, 1.1)]
    model = cost_model(FR, EN, [_unit(1, 0.3)], [host, part], [0], [0, 0])
    tail = _unit(0.2, 1)  # the clause matches the part at ~0.28 only: under split_part_cosine
    assert 0.2 < float(tail @ part) < 0.38
    # the head alone renders the link's target better than the whole sentence: the target never said the tail
    sharper = _encoder({HEAD: _unit(1, 0.2), TAIL: tail})
    assert [s[:4] for s in absorb_split_parts(steps, model, sharper, (FR, EN), ("fr", "en"))] == [(0, 1, 0, 2)]
    # the head renders it worse than the whole (the target says the tail too): a sentence from elsewhere
    duller = _encoder({HEAD: _unit(1, -0.4, 0.3), TAIL: tail})
    assert absorb_split_parts(steps, model, duller, (FR, EN), ("fr", "en")) == steps


EN_LONG = ["The club has hired a coach from Portugal, and with that it has changed course."]
FR_TWO = ["Le club a recruté un entraîneur venu du Portugal.", "Il a ainsi changé de cap."]
EN_HEAD = "The club has hired a coach from Portugal"
EN_TAIL = "and with that it has changed course."


def test_an_unlinked_source_sentence_joins_only_when_the_rest_renders_the_link_better():
    # the second French sentence is the tail clause of the English one: without it the head matches the
    # first French sentence better than the whole English sentence does
    src_vec = [_unit(1, 0.2), _unit(0, 0.3, 1)]
    steps = [Step(0, 1, 0, 1, 0.2), Step(1, 2, 1, 1, 1.1)]
    model = cost_model(FR_TWO, EN_LONG, src_vec, [_unit(1, 0.2, 0.4)], [0, 0], [0])
    texts, langs = (FR_TWO, EN_LONG), ("fr", "en")
    folded = _encoder({EN_LONG[0]: _unit(1, 0.2, 0.4), EN_HEAD: _unit(1, 0.2), EN_TAIL: _unit(0, 0.3, 1)})
    assert [s[:4] for s in absorb_split_parts(steps, model, folded, texts, langs)] == [(0, 2, 0, 1)]
    # an omitted sentence: the English renders only the first one, so cutting a clause off makes the rest
    # match worse, however close the clause is to the unlinked sentence (the test a target part may pass)
    omitted = _encoder({EN_LONG[0]: _unit(1, 0.2, 0.1), EN_HEAD: _unit(1, 0, 0, 0.5), EN_TAIL: _unit(0, 0.3, 1)})
    model = cost_model(FR_TWO, EN_LONG, src_vec, [_unit(1, 0.2, 0.1)], [0, 0], [0])
    assert absorb_split_parts(steps, model, omitted, texts, langs) == steps
    assert absorb_split_parts(steps, model, None, texts, langs) == steps  # no encoder: nothing to read


@pytest.mark.slow
def test_with_the_encoder_a_split_joins_and_an_inserted_sentence_does_not():
    """The real encoder on a sentence cut in two, and on a sentence of another article in its place."""
    from tqcheck.config import Config
    from tqcheck.scoring import Scorer

    encoder = Scorer(Config(), cache=False).encoder
    fr = ["Le randonneur a glissé sur une plaque de glace près du refuge, et les secours ignorent encore la gravité de ses blessures."]
    split = ["The hiker slipped on a patch of ice near the mountain hut.", "Rescuers do not yet know how badly he is hurt."]
    inserted = [split[0], "The central bank left its interest rates unchanged for the third month running."]
    for en, expected in ((split, [(0, 1, 0, 2)]), (inserted, [(0, 1, 0, 1), (1, 1, 1, 2)])):
        vectors = encoder.embed(fr + en)
        model = cost_model(fr, en, vectors[:1], vectors[1:], [0], [0, 0])
        steps = [Step(0, 1, 0, 1, 0.3), Step(1, 1, 1, 2, 1.1)]
        assert [s[:4] for s in absorb_split_parts(steps, model, encoder.embed, (fr, en), ("fr", "en"))] == expected


def test_the_encoder_work_per_document_is_bounded():
    from dataclasses import replace

    from tqcheck.aligning import DEFAULT_PARAMS

    host, part = _unit(1, 0.2), _unit(0, 1)
    calls: list[int] = []
    vectors = {HEAD: _unit(1, 0.1), TAIL: _unit(0.2, 1)}

    def encode(texts):
        calls.append(len(texts))
        return _encoder(vectors)(texts)

    steps = [Step(0, 1, 0, 1, 0.3), Step(1, 1, 1, 2, 1.1)]
    small = replace(DEFAULT_PARAMS, split_max_texts=3)  # fewer than the cuts of this source need
    model = CostModel([features(FR[0], "fr")], [features(t, "en") for t in EN], 1.0,
                      np.array([_unit(1, 0.3)]), np.array([host, part]), [0], [0, 0], small)
    assert absorb_split_parts(steps, model, encode, (FR, EN), ("fr", "en")) == steps and calls == []
