"""The English side of pronoun analysis: the parser gate and the word pattern."""

from __future__ import annotations

import pytest

from tqcheck.lang.english_pronouns import ENGLISH_GENDERED_RE, ENGLISH_WORD_RE, NOT_A_NOUN_AFTER_HER


@pytest.mark.parametrize(
    ("text", "gated"),
    [
        ("She opened the shop at nine.", True),
        ("The mayor thanked him and his team.", True),
        ("It was raised by the council; they agreed.", False),
        ("The shelter, the theme and the history.", False),  # "he"/"her"/"his" inside words
    ],
)
def test_only_a_gendered_pronoun_opens_the_gate(text: str, gated: bool) -> None:
    assert bool(ENGLISH_GENDERED_RE.search(text)) is gated


def test_words_keep_elisions_and_accents_together() -> None:
    assert ENGLISH_WORD_RE.findall("Her café's owner") == ["Her", "café's", "owner"]


def test_object_her_is_told_from_possessive_her_by_the_next_word() -> None:
    assert "that" in NOT_A_NOUN_AFTER_HER  # "told her that …": object
    assert "army" not in NOT_A_NOUN_AFTER_HER  # "her army": possessive
