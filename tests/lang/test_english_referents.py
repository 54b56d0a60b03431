"""Who an English he/she could resume (tqcheck.lang.english_referents): the names and titles it weighs."""

import pytest

from tqcheck.datatypes import Sentence
from tqcheck.lang.english_pronouns import english_pronouns
from tqcheck.lang.english_referents import english_referent, predicated_thing


def _referent(texts: list[str], pronoun: str, neutral_words: bool = True) -> str | None:
    """The referent :func:`english_referent` finds for the first ``pronoun`` of the last text."""
    sentences = [Sentence(i, 0, len(t), t, 0) for i, t in enumerate(texts)]
    found = [p for p in english_pronouns(sentences[-1:]) if p.word == pronoun]
    return english_referent(sentences, found[0], frozenset(), neutral_words)


def test_a_first_name_that_is_also_a_city_still_makes_a_man() -> None:
    texts = ["On television, Vladimir Putin spoke to the voters.", "She denounces the pressure."]
    assert _referent(texts, "She") is None
    assert _referent([texts[0], "Later he left."], "he") == "Vladimir Putin"


def test_a_name_made_an_adjective_is_no_referent() -> None:
    assert _referent(["The voters of the pro-Kremlin party stayed home.", "She denounces the pressure."], "She") is None
    assert _referent(["The voters of Kremlin stayed home.", "She denounces the pressure."], "She") == "Kremlin"


def test_a_neutral_title_is_the_man_the_french_shows_without_neutral_words() -> None:
    texts = ["The deal may be extended by Minister Garnier.", "She will come into force next month."]
    assert _referent(texts, "She") is not None
    assert _referent(texts, "She", neutral_words=False) is None
    # a title with a woman's first name still counts; a word of the pronoun's own gender too
    titled = ["The deal was signed by Minister Anne Morel.", "She will come into force next month."]
    assert _referent(titled, "She", neutral_words=False) == "Minister Anne Morel"
    man = ["Believe me, the Frenchman next to me says it again.", "And he is not happy about it."]
    assert _referent(man, "he", neutral_words=False) == "Frenchman"


def test_the_words_of_a_title_are_no_first_name() -> None:
    texts = ["The deal was praised by Russian President Vladimir Putin.", "She will come into force next month."]
    assert _referent(texts, "She", neutral_words=False) is None
    woman = ["The deal was praised by Russian President Anna Petrova.", "She will come into force next month."]
    assert _referent(woman, "She", neutral_words=False) == "Russian President Anna Petrova"


def _predicated(text: str, pronoun: str) -> str | None:
    """The thing :func:`predicated_thing` finds for the first ``pronoun`` of ``text``."""
    sentence = Sentence(0, 0, len(text), text, 0)
    return predicated_thing(next(p for p in english_pronouns([sentence]) if p.word == pronoun))


def test_a_he_or_she_said_to_be_a_thing() -> None:
    assert _predicated("For centuries, she was a fortified town, closed to visitors.", "she") == "town"
    assert _predicated("In the end he is a museum, which one visits with interest.", "he") == "museum"
    assert _predicated("For years, she was a remarkable engineer, then a manager.", "she") is None
    assert _predicated("He is a good listener.", "He") is None  # an agent noun
    assert _predicated("She became a legend.", "She") is None  # said of people
    assert _predicated("She was a fine ship, built in Brest.", "She") is None  # English by tradition
    assert _predicated("She was a town of the Loire valley.", "She") is None  # the complement goes on


def test_a_sentence_opening_the_before_a_name_names_a_thing() -> None:
    # "The Grammys race" opening a sentence reads as "the Grammys" inside one: no person
    assert _referent(["The Grammys race is on.", "He will be shown in May."], "He") is None
    assert _referent(["Grammy won the race.", "He will be shown in May."], "He") == "Grammy"


def test_towns_of_several_words_and_towns_listed_among_towns_are_no_one() -> None:
    assert _referent(["The tour stops in Lyon and San Francisco.", "He will be shown in May."], "He") is None
    # "Denver" is also a first name, but not between two towns of a list
    listed = ["It will play in Boise, Denver, Seattle or Chicago.", "He will be shown in May."]
    assert _referent(listed, "He") is None
    assert _referent(["Denver, Seattle's mayor, came too.", "He will be shown in May."], "He") is not None


def test_a_person_word_before_a_body_of_people_names_the_body() -> None:
    assert _referent(["A twelve-member expert panel met.", "She deals with speed."], "She") is None
    assert _referent(["The student union met.", "She deals with speed."], "She") is None
    assert _referent(["The expert met the panel.", "She deals with speed."], "She") == "expert"


def test_a_french_pronoun_left_in_the_english_is_no_name() -> None:
    assert _referent(["Elle est chiffrée: the tax is costed.", "She says so."], "She") is None
    assert _referent(["Elle Duval costed the tax.", "She says so."], "She") == "Elle Duval"


@pytest.mark.parametrize(
    ("first", "referent"),
    [
        # three sentences back or more, the subject of an "if"/"when" clause is no one a he resumes
        ("Another 50 could be added if the minister deems it useful.", None),
        ("The rest is paid when a minister signs.", None),
        # the subject of the sentence itself still is
        ("The minister deems another 50 useful.", "minister"),
    ],
)
def test_an_adverbial_clause_subject_far_back_is_no_referent(first, referent):
    sentences = [first, "The rest needs a vote.", "Banks may limit seizures.", "Despite that, he is not yet certain that it passes."]
    assert _referent(sentences, "he") == referent


def test_an_adverbial_clause_subject_just_before_is_a_referent():
    sentences = ["Another 50 could be added if the minister deems it useful.", "He is not yet certain that it passes."]
    assert _referent(sentences, "He") == "minister"
