"""The paragraph-slot post-passes (tqcheck.aligning.slots) on hand-made vectors: each signal on and off."""

from __future__ import annotations

from helpers import cost_model, unit_vector

from tqcheck.aligning import CostModel, Step, features
from tqcheck.aligning.slots import absorb_covered_nulls, pair_slot_nulls, same_slot
from tqcheck.datatypes import Link, LinkKind

FR_PAIR = ["Le conseil a voté le budget.", "Je monte le son."]
EN_PAIR = ["The council passed the budget.", "I give it a bit more volume."]


def test_same_slot_compares_paragraph_positions():
    model = cost_model(FR_PAIR, EN_PAIR, [unit_vector(1), unit_vector(0, 1)], [unit_vector(1), unit_vector(0, 1)], [0, 1], [0, 0])
    assert not same_slot(model, 1, 1)  # a whole paragraph against the end of a longer one
    model = cost_model(FR_PAIR, EN_PAIR, [unit_vector(1), unit_vector(0, 1)], [unit_vector(1), unit_vector(0, 1)], [0, 1], [0, 1])
    assert same_slot(model, 1, 1) and same_slot(model, 0, 0)


def test_a_loose_rendering_in_the_same_slot_is_one_link():
    # cosine 0.2: below what the search accepts, but both sentences are whole paragraphs in the same place
    tgt_vec = [unit_vector(1), unit_vector(0.2, 0.98)]
    src_vec = [unit_vector(1), unit_vector(1)]
    steps = [Step(0, 1, 0, 1, 0.1), Step(1, 2, 1, 1, 1.1), Step(2, 2, 1, 2, 1.1)]
    model = cost_model(FR_PAIR, EN_PAIR, src_vec, tgt_vec, [0, 1], [0, 1])
    assert [s[:4] for s in pair_slot_nulls(steps, model)] == [(0, 1, 0, 1), (1, 2, 1, 2)]
    # not the same slot: the target sentence closes a paragraph that opens with a linked one
    model = cost_model(FR_PAIR, EN_PAIR, src_vec, tgt_vec, [0, 1], [0, 0])
    assert pair_slot_nulls(steps, model) == steps


def test_a_replaced_paragraph_stays_an_omission_and_an_addition():
    # unrelated by both signals: cosine near 0 and a length far off
    src = [FR_PAIR[0], "Roger Martin, économiste"]
    tgt = [EN_PAIR[0], "At a time when voters in several countries have called for new rules on the construction"
           " of places of worship, an academic has written a measured account of the debate and its history."]
    steps = [Step(0, 1, 0, 1, 0.1), Step(1, 2, 1, 1, 1.1), Step(2, 2, 1, 2, 1.1)]
    model = cost_model(src, tgt, [unit_vector(1), unit_vector(0, 1)], [unit_vector(1), unit_vector(0, 0, 1)], [0, 1], [0, 1])
    assert pair_slot_nulls(steps, model) == steps
    # the same lengths with a related vector: one loose link after all (length alone is not enough)
    model = cost_model(src, tgt, [unit_vector(1), unit_vector(0, 1)], [unit_vector(1), unit_vector(0, 0.4, 0.92)], [0, 1], [0, 1])
    assert [s[:4] for s in pair_slot_nulls(steps, model)] == [(0, 1, 0, 1), (1, 2, 1, 2)]


SPLIT_FR = ["Enterre ce que tu entends et n'en parle pas à tes collègues en son absence."]
SPLIT_EN = ["Keep what you hear to yourself.", "Do not discuss it with colleagues while the person is away."]


def test_a_split_off_part_that_keeps_the_cosine_joins_its_neighbour():
    src_vec = [unit_vector(1)]
    host = unit_vector(0.8, 0.6)
    part = unit_vector(0.5, 0, 0.87)  # carries part of the source: adding it keeps ~0.97 of the cosine
    steps = [Step(0, 1, 0, 1, 0.3), Step(1, 1, 1, 2, 1.1)]
    model = cost_model(SPLIT_FR, SPLIT_EN, src_vec, [host, part], [0], [0, 0])
    assert [s[:4] for s in absorb_covered_nulls(steps, model)] == [(0, 1, 0, 2)]


def test_a_sentence_from_elsewhere_dilutes_the_cosine_and_stays_unlinked():
    src_vec = [unit_vector(1)]
    host = unit_vector(0.8, 0.6)
    donor = unit_vector(0, 0, 0, 1)  # unrelated: adding it keeps ~0.71 of the cosine
    steps = [Step(0, 1, 0, 1, 0.3), Step(1, 1, 1, 2, 1.1)]
    model = cost_model(SPLIT_FR, SPLIT_EN, src_vec, [host, donor], [0], [0, 0])
    assert absorb_covered_nulls(steps, model) == steps
    # a covering sentence in another paragraph is not absorbed either
    model = cost_model(SPLIT_FR, SPLIT_EN, src_vec, [host, unit_vector(0.5, 0, 0.87)], [0], [0, 1])
    assert absorb_covered_nulls(steps, model) == steps


def test_a_fragment_cut_off_by_the_segmenter_joins_its_neighbour():
    en = ["Pfc.", "Ann Lee was 25 years old that night."]
    fr = ["Le soldat de première classe Ann Lee avait 25 ans cette nuit-là."]
    steps = [Step(0, 0, 0, 1, 1.1), Step(0, 1, 1, 2, 0.3)]
    model = cost_model(fr, en, [unit_vector(1)], [unit_vector(0, 0, 0, 1), unit_vector(0.9, 0.4)], [0], [0, 0])
    assert [s[:4] for s in absorb_covered_nulls(steps, model)] == [(0, 1, 0, 2)]


def test_without_embeddings_the_passes_change_nothing():
    steps = [Step(0, 1, 0, 1, 0.3), Step(1, 1, 1, 2, 1.1)]
    model = CostModel([features(s, "fr") for s in SPLIT_FR], [features(t, "en") for t in SPLIT_EN], 1.0)
    assert absorb_covered_nulls(steps, model) == steps and pair_slot_nulls(steps, model) == steps


def test_an_omitted_sentence_on_the_same_topic_stays_unlinked_because_the_length_disagrees():
    # The second source sentence is about the same thing (adding it keeps the cosine),
    # but the target is only as long as the first one: it was left out, not merged.
    fr = ["Le conseil municipal a voté le budget lundi soir.", "La séance a duré plus de trois heures."]
    en = ["The city council passed the budget on Monday evening."]
    src_vec = [unit_vector(1, 0.2), unit_vector(0.7, 0, 0.7)]  # adding it keeps ~0.92 of the cosine
    steps = [Step(0, 1, 0, 1, 0.2), Step(1, 2, 1, 1, 1.1)]
    model = cost_model(fr, en, src_vec, [unit_vector(1, 0.25)], [0, 0], [0])
    assert absorb_covered_nulls(steps, model) == steps
    # the same vectors with a target long enough to say both: merged
    en_long = ["The city council passed the budget on Monday evening, after a session of more than three hours."]
    model = cost_model(fr, en_long, src_vec, [unit_vector(1, 0.25)], [0, 0], [0])
    assert [s[:4] for s in absorb_covered_nulls(steps, model)] == [(0, 2, 0, 1)]


def test_a_same_slot_pair_with_no_relation_at_all_stays_apart():
    steps = [Step(0, 1, 0, 1, 0.1), Step(1, 2, 1, 1, 1.1), Step(2, 2, 1, 2, 1.1)]
    model = cost_model(FR_PAIR, EN_PAIR, [unit_vector(1), unit_vector(0, 1)], [unit_vector(1), unit_vector(0, 0.1, 0.99)], [0, 1], [0, 1])
    assert pair_slot_nulls(steps, model) == steps  # cosine 0.1 with similar lengths: not a loose rendering


def test_a_heading_pair_of_agreeing_lengths_is_one_link_whatever_the_cosine():
    """Under six words the encoder cannot tell a loose heading from an unrelated one: the slot and length decide."""
    src, tgt = [FR_PAIR[0], "Marie Curie : son parcours"], [EN_PAIR[0], "Background notes"]
    steps = [Step(0, 1, 0, 1, 0.1), Step(1, 2, 1, 1, 1.1), Step(2, 2, 1, 2, 1.1)]
    model = cost_model(src, tgt, [unit_vector(1), unit_vector(0, 1)], [unit_vector(1), unit_vector(0, 0.02, 0.99)], [0, 1], [0, 1])
    assert [s[:4] for s in pair_slot_nulls(steps, model)] == [(0, 1, 0, 1), (1, 2, 1, 2)]
    # a heading against a long sentence: the lengths disagree, the two stay apart
    tgt = [EN_PAIR[0], "At a time when voters in several countries have called for new rules, an academic has written a"
           " measured account of the debate and its long history."]
    model = cost_model(src, tgt, [unit_vector(1), unit_vector(0, 1)], [unit_vector(1), unit_vector(0, 0.02, 0.99)], [0, 1], [0, 1])
    assert pair_slot_nulls(steps, model) == steps


def test_a_sentence_rendered_as_three_joins_as_a_one_to_three_link():
    # Translators split a long sentence in three: the third part joins the 1-2 link (cosine kept,
    # lengths closer), and the link's kind is 1-3.
    fr = ["Enterre ce que tu entends, n'en parle pas à tes collègues et ne pose pas de questions en son absence."]
    en = ["Keep what you hear to yourself.", "Do not discuss it.", "Ask no questions while the person is away."]
    steps = [Step(0, 1, 0, 2, 0.3), Step(1, 1, 2, 3, 1.1)]
    model = cost_model(fr, en, [unit_vector(1)], [unit_vector(0.8, 0.6), unit_vector(0.8, 0, 0.6), unit_vector(0.6, 0, 0, 0.8)], [0], [0, 0, 0])
    merged = absorb_covered_nulls(steps, model)
    assert [s[:4] for s in merged] == [(0, 1, 0, 3)]
    assert Link(source=(0,), target=(0, 1, 2)).kind is LinkKind.ONE_THREE
    # a sentence from another article next to the same 1-2 link dilutes the cosine: still an addition
    model = cost_model(fr, en, [unit_vector(1)], [unit_vector(0.8, 0.6), unit_vector(0.8, 0, 0.6), unit_vector(0, 0, 0, 0, 1)], [0], [0, 0, 0])
    assert absorb_covered_nulls(steps, model) == steps


def test_three_sentences_merged_into_one_join_as_a_three_to_one_link_but_an_omission_stays():
    fr = ["Il a étudié le droit.", "Il l'a abandonné.", "Plus tard, il est devenu architecte à Nantes."]
    en = ["He studied law but gave it up, and later became an architect in Nantes."]
    src_vec = [unit_vector(1, 0.3), unit_vector(0.9, 0, 0.4), unit_vector(0.8, 0, 0, 0.6)]
    steps = [Step(0, 2, 0, 1, 0.4), Step(2, 3, 1, 1, 1.1)]
    model = cost_model(fr, en, src_vec, [unit_vector(1, 0.2, 0.2, 0.3)], [0, 0, 0], [0])
    assert [s[:4] for s in absorb_covered_nulls(steps, model)] == [(0, 3, 0, 1)]
    # the same vectors with a target only as long as the first two: the third was left out
    short = ["He studied law but gave it up."]
    model = cost_model(fr, short, src_vec, [unit_vector(1, 0.2, 0.2, 0.3)], [0, 0, 0], [0])
    assert absorb_covered_nulls(steps, model) == steps


def test_absorbing_keeps_links_within_three_sentences_a_side():
    # a host already holding three target sentences takes no fourth: links stay within the LinkKind shapes
    fr = ["Enterre ce que tu entends, n'en parle pas à tes collègues et ne pose pas de questions en son absence."]
    en = ["Keep what you hear.", "Keep it to yourself.", "Do not discuss it.", "Ask no questions while the person is away."]
    steps = [Step(0, 1, 0, 3, 0.3), Step(1, 1, 3, 4, 1.1)]
    tgt_vec = [unit_vector(0.8, 0.6), unit_vector(0.8, 0.6), unit_vector(0.8, 0, 0.6), unit_vector(0.6, 0, 0, 0.8)]
    model = cost_model(fr, en, [unit_vector(1)], tgt_vec, [0], [0, 0, 0, 0])
    assert absorb_covered_nulls(steps, model) == steps


def test_a_split_off_part_that_leaves_the_cosine_whole_joins_even_when_the_translator_expanded():
    # the target is much longer than the source (length says "without"), but the cosine does not move
    fr = ["Le détenu sera jugé dans les heures qui suivent."]
    en = ["The prisoner was taken to the police station to complete the formalities.",
          "He will be brought before the court within the next few hours."]
    src_vec = [unit_vector(1, 0.3)]
    steps = [Step(0, 1, 0, 1, 0.4), Step(1, 1, 1, 2, 1.1)]
    model = cost_model(fr, en, src_vec, [unit_vector(1, 0.3, 0.3), unit_vector(1, 0.3, -0.3)], [0], [0, 0])
    assert [s[:4] for s in absorb_covered_nulls(steps, model)] == [(0, 1, 0, 2)]
    # the same with a part that dilutes the cosine: lengths disagree too, so it stays an addition
    model = cost_model(fr, en, src_vec, [unit_vector(1, 0.3, 0.3), unit_vector(0.3, 0, 0, 1)], [0], [0, 0])
    assert absorb_covered_nulls(steps, model) == steps


def test_an_omitted_source_sentence_never_joins_on_the_cosine_alone():
    # the omitted sentence repeats its neighbour's subject (cosine whole) but the target is too short for both
    fr = ["Le conseil municipal a voté le budget lundi soir.", "Le budget municipal a donc été voté lundi."]
    en = ["The city council passed the budget on Monday evening."]
    steps = [Step(0, 1, 0, 1, 0.2), Step(1, 2, 1, 1, 1.1)]
    model = cost_model(fr, en, [unit_vector(1, 0.2), unit_vector(1, 0.25)], [unit_vector(1, 0.22)], [0, 0], [0])
    assert absorb_covered_nulls(steps, model) == steps


def test_a_folded_source_sentence_joins_on_a_clear_length_gain_with_a_lower_keep():
    # The second French sentence is said at the end of the long English one: the lengths say so (the cost
    # falls by more than one), while the cosine keeps only ~0.8 of itself (under absorb_keep, over absorb_keep_length).
    fr = ["Le club a recruté un entraîneur venu du Portugal.", "Il a ainsi changé de cap."]
    en = ["The club has hired a coach from Portugal, and with that it has set itself on a different course."]
    src_vec = [unit_vector(1, 0.2), unit_vector(0, 0.3, 1)]
    steps = [Step(0, 1, 0, 1, 0.2), Step(1, 2, 1, 1, 1.1)]
    model = cost_model(fr, en, src_vec, [unit_vector(1, 0.25)], [0, 0], [0])
    without = model.length_cost(model.src[0].length, model.tgt[0].length)
    with_ = model.length_cost(model.group("s", 0, 2).length, model.tgt[0].length)
    keep = model.cosine(0, 2, 0, 1) / model.cosine(0, 1, 0, 1)
    assert without - with_ >= 1.0 and 0.72 <= keep < 0.86
    assert [s[:4] for s in absorb_covered_nulls(steps, model)] == [(0, 2, 0, 1)]
    # the same vectors against a target only as long as the first sentence: an omission, left unlinked
    model = cost_model(fr, ["The club has hired a coach from Portugal."], src_vec, [unit_vector(1, 0.25)], [0, 0], [0])
    assert absorb_covered_nulls(steps, model) == steps
