"""The pre-check that spares the idiom and fraction-phrase patterns (``number_phrases.may_hold``)."""

from __future__ import annotations

import pytest

from tqcheck.lang.number_phrases import fraction_readings, key_words, may_hold, optional_spans, phrase_words
from tqcheck.languages import lang_file, load_yaml


def test_a_key_is_the_longest_piece_between_spaces_and_hyphens() -> None:
    assert key_words(["les quatre coins du monde", "24/7", "trois quarts d'heure"]) == {"quatre", "24/7", "d'heure"}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_idiom_passes_the_pre_check_however_it_is_spaced_or_cased(lang: str) -> None:
    words = phrase_words(lang)
    for idiom in load_yaml(lang_file(lang, "number_phrases.yaml"))["idioms"]:
        written = str(idiom).upper().replace(" ", "\u00a0 ").replace("-", "\u2011")
        text = f"Il dit : {written}."
        assert may_hold(text, words.idiom_keys), idiom
        assert optional_spans(text, lang), idiom  # and the pattern finds it there


def test_texts_without_a_key_skip_the_patterns() -> None:
    words = phrase_words("fr")
    text = "Le maire a inauguré la nouvelle médiathèque samedi."
    assert not may_hold(text, words.idiom_keys)
    assert not may_hold(text, words.fraction_keys)
    assert optional_spans(text, "fr") == [] and fraction_readings(text, "fr") == []
    # "ſ" is an "s" to re.IGNORECASE but not to str.lower: such a text always goes to the pattern
    assert may_hold("Le maire a inauguré la ſalle.", words.idiom_keys)


def test_a_fraction_phrase_is_still_read() -> None:
    assert [v for _, _, v in fraction_readings("Il a parlé pendant un Quart d'heure.", "fr")] == [15.0]
