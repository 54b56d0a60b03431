"""Fixed public holidays of French-speaking countries, read from ``holidays`` and kept on disk."""

from __future__ import annotations

from tqcheck.lang import holiday_names


def test_the_kept_table_is_the_one_the_package_gives() -> None:
    holiday_names._table.cache_clear()
    assert holiday_names._table() == holiday_names._build()


def test_fixed_holidays_have_their_english_names() -> None:
    assert holiday_names.is_holiday(7, 14)
    assert "Christmas Day" in holiday_names.holiday_names_en(12, 25)
    assert not holiday_names.is_holiday(3, 3)
