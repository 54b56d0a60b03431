"""The pre-check that spares the idiom, label and fraction patterns (``number_phrases.may_hold``)."""

from __future__ import annotations

import pytest

from tqcheck.lang.number_phrases import (
    fraction_readings,
    has_fraction,
    key_words,
    may_hold,
    optional_spans,
    phrase_words,
    word_runs,
)
from tqcheck.languages import lang_file, load_yaml


def test_a_key_is_the_longest_run_of_word_characters() -> None:
    assert key_words(["les quatre coins du monde", "24/7", "trois quarts d'heure", "%"]) == {
        "quatre",
        "24",
        "quarts",
        "",
    }


def _spelt_otherwise(phrase: str) -> str:
    """``phrase`` upper-cased, a no-break space after each space, hyphens as non-breaking hyphens."""
    return phrase.upper().replace(" ", "\u00a0 ").replace("-", "\u2011")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_idiom_and_label_passes_the_pre_check_however_it_is_spaced_or_cased(lang: str) -> None:
    words = phrase_words(lang)
    data = load_yaml(lang_file(lang, "number_phrases.yaml"))
    for idiom in data["idioms"]:
        text = f"Il dit : {_spelt_otherwise(str(idiom))}."
        assert may_hold(words.idiom_keys, word_runs(text)), idiom
        assert optional_spans(text, lang), idiom  # and the pattern finds it there
    for label in data["labels"]:
        text = f"Voir {_spelt_otherwise(str(label))} 12, s'il vous plaît."
        assert may_hold(words.label_keys, word_runs(text)), label
        assert optional_spans(text, lang), label
    for fraction in data["fraction_after"]:
        text = f"Il y a 3 {_spelt_otherwise(str(fraction))} ans."
        assert has_fraction(text, lang), fraction


def test_texts_without_a_key_skip_the_patterns() -> None:
    words = phrase_words("fr")
    text = "Le maire a inauguré la nouvelle médiathèque samedi."
    runs = word_runs(text)
    assert not may_hold(words.idiom_keys, runs)
    assert not may_hold(words.fraction_keys, runs)
    assert optional_spans(text, "fr") == [] and fraction_readings(text, "fr") == []
    assert not has_fraction(text, "fr")
    # a key inside a longer word is no key: "deux" in "deuxième" holds no idiom with "deux"
    assert "deux" in words.idiom_keys and not may_hold(words.idiom_keys, word_runs("La deuxième vague."))


def test_a_letter_that_folds_otherwise_sends_the_text_to_the_patterns() -> None:
    # "ſ" is an "s" to re.IGNORECASE but not to str.lower: the runs are not relied on
    assert word_runs("Le maire a inauguré la ſalle.") is None
    assert may_hold(phrase_words("fr").idiom_keys, None)


def test_a_fraction_phrase_is_still_read() -> None:
    assert [v for _, _, v in fraction_readings("Il a parlé pendant un Quart d'heure.", "fr")] == [15.0]


def test_a_clock_length_needs_a_figure_before_its_h() -> None:
    from tqcheck.lang.number_phrases import durations

    assert [v for _, _, v in durations("Le trajet a duré 1 h 30 sous la pluie.", "fr")] == [1.5]
    assert durations("Le trajet a duré une heure et demie.", "fr") == []  # "h"s, but no figure before one


def test_figures_in_pieces_are_still_read_behind_their_pre_checks() -> None:
    from tqcheck.lang.number_phrases import split_figures

    assert [v for _, _, v in split_figures("Il y avait 5 mille 352 votants.", "fr")] == [5352.0]
    assert [v for _, _, v in split_figures("Le taux est de 0, 5 % cette année.", "fr")] == [0.5]
    assert [v for _, _, v in split_figures("About 80, 000 people came.", "en")] == [80000.0]
    assert split_figures("Il y avait 5 352 votants, soit 12 %.", "fr") == []
