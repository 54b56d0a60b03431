"""Language detection of the public layer: whole sentences left in French, and simplemma's scores."""

from __future__ import annotations

import pytest

from tqcheck.lang.detection import langdetect, sentence_is_french
from tqcheck.nlp import word_list


@pytest.mark.parametrize(
    "text",
    [
        "Le conseil municipal a voté le budget de la piscine mardi soir.",
        "Les habitants du quartier attendent une réponse de la mairie.",
    ],
)
def test_an_untranslated_sentence_is_french(text: str) -> None:
    assert sentence_is_french(text)


@pytest.mark.parametrize(
    "text",
    [
        "The town council voted on the swimming pool budget on Tuesday evening.",
        "He said the café on the corner serves a fine crème brûlée.",  # French loan words in English
        "Paris, Lyon, Marseille.",  # names alone are no language
        "Oui.",  # too short to judge
    ],
)
def test_english_or_undecidable_sentences_are_not(text: str) -> None:
    assert not sentence_is_french(text)


def test_langdetect_ranks_the_language_of_the_words_first() -> None:
    french = langdetect("La voisine arrose ses tomates tous les matins.", ("fr", "en"))
    english = langdetect("The neighbour waters her tomatoes every morning.", ("fr", "en"))
    assert french[0][0] == "fr"
    assert english[0][0] == "en"
    assert {lang for lang, _ in french} == {"fr", "en", "unk"}


def test_langdetect_reads_the_dictionaries_the_rules_use(monkeypatch: pytest.MonkeyPatch) -> None:
    """One copy of each dictionary per process: detection asks simplemma's shared factory, as word_list does."""
    from simplemma.strategies.dictionaries import DEFAULT_DICTIONARY_FACTORY

    factory_class = type(DEFAULT_DICTIONARY_FACTORY)
    original = factory_class.get_dictionary
    asked: list[tuple[object, str]] = []

    def spy(self: object, lang: str):  # noqa: ANN202 - simplemma's mapping
        asked.append((self, lang))
        return original(self, lang)

    monkeypatch.setattr(factory_class, "get_dictionary", spy)
    langdetect("Un test de plus.", ("fr", "en"))
    assert {lang for _, lang in asked} == {"fr", "en"}
    assert all(factory is DEFAULT_DICTIONARY_FACTORY for factory, _ in asked)
    assert word_list("fr") is original(DEFAULT_DICTIONARY_FACTORY, "fr")


def test_a_stretch_needs_two_french_words_in_the_sentence() -> None:
    """The early exit of ``french_stretches`` (fewer French words than a stretch needs) finds what the scan finds."""
    from tqcheck.lang.detection import french_stretches

    # one French function word ("de") and one elision-free English rest: no stretch, early or not
    assert french_stretches("The mayor of the town de Villiers spoke on Tuesday.") == []
    # two French function words right after one another, inside English: one stretch
    text = "He then wrote: il faut que les enfants dorment avant minuit, she said."
    assert [text[s.start : s.end] for s in french_stretches(text)] == ["il faut que les enfants dorment avant minuit"]


def test_words_of_both_stop_lists_never_count_as_french() -> None:
    from tqcheck.lang.detection import _lists, _source_only

    src, tgt, _ = _lists("fr", "en")
    only = _source_only("fr", "en")
    assert only == src - tgt and "que" in only


def test_elided_words_still_count_as_french_in_a_stretch() -> None:
    from tqcheck.lang.detection import french_stretches

    text = "The sign read: l'école d'été est fermée jusqu'à lundi, he said."
    assert [text[s.start : s.end] for s in french_stretches(text)] == ["l'école d'été est fermée jusqu'à lundi"]
