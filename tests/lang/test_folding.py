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
