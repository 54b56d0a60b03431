"""The shared folding: one key for a word however it is cased and accented."""

from __future__ import annotations

import pytest

from tqcheck.lang.folding import fold, fold_apostrophes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Présidé", "preside"),
        ("ÉLYSÉE", "elysee"),
        ("Noël à Besançon", "noel a besancon"),
        ("ﬁnale", "finale"),  # a ligature is two letters (NFKD, not NFD)
        ("plain ascii", "plain ascii"),
        ("œuvre", "œuvre"),  # a ligature letter of French, not a compatibility form: kept
    ],
)
def test_fold_drops_case_and_accents(text: str, expected: str) -> None:
    assert fold(text) == expected


def test_fold_keeps_apostrophes_but_the_name_variant_unifies_them() -> None:
    assert fold("Côte d’Ivoire") == "cote d’ivoire"
    assert fold_apostrophes("Côte d’Ivoire") == fold_apostrophes("Cote d'Ivoire") == "cote d'ivoire"


def test_both_sides_of_a_cognate_meet() -> None:
    assert fold("Québec") == fold("Quebec")
    assert fold("présidé")[:5] == fold("preside")[:5]


@pytest.mark.parametrize(
    "text",
    ["Noël à Besançon", "Tchécoslovaquie, Đakovo et Ångström", "x\u0301\u0327y", "Ｆｕｌｌ ﬁ ²", "plain", ""],
)
def test_fold_deletes_exactly_the_combining_marks_of_the_decomposition(text: str) -> None:
    # fold removes the marks in one translate pass; this is the character-by-character definition
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.lower())
    assert fold(text) == "".join(c for c in decomposed if not unicodedata.combining(c))
