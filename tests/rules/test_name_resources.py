"""Bilingual name resources for TQ304 (CLDR, ISO 3166, holidays) and the transliteration key."""

from __future__ import annotations

import pytest

from tqcheck.lang.holiday_names import holiday_names_en, is_holiday
from tqcheck.lang.name_resources import resource_names, translit_key


def test_resources_pair_french_and_english_names():
    names = resource_names()
    assert "czechoslovakia" in names["tchecoslovaquie"]  # ISO 3166-3, historic
    assert "cairo" in names["le caire"]  # CLDR time-zone city
    assert "germany" in names["allemagne"]  # CLDR territory
    assert "all saints' day" in names["toussaint"]  # holidays, French and English names


@pytest.mark.parametrize(
    ("french", "english"),
    [("Poutine", "Putin"), ("Khodorkovski", "Khodorkovsky"), ("Gorbatchev", "Gorbachev"), ("Eltsine", "Yeltsin")],
)
def test_transliterations_share_a_key(french, english):
    assert translit_key(french) == translit_key(english)


@pytest.mark.parametrize(("a", "b"), [("Dupont", "Baker"), ("Martin", "Morton"), ("Paris", "Perth")])
def test_different_names_keep_different_keys(a, b):
    assert translit_key(a) != translit_key(b)


def test_fixed_holidays_by_date():
    assert is_holiday(7, 14) and is_holiday(12, 25)
    assert not is_holiday(3, 12)
    assert "Christmas Day" in holiday_names_en(12, 25)
