"""Public holidays of French-speaking countries, by date, with their English names.

Why: a French date that is a holiday ("le 14 Juillet", "le 1er mai") is often
rendered by the holiday's name ("Bastille Day", "May Day"), not as a date.
The ``holidays`` package keeps the fixed-date holidays of every country with
localized names; reading it beats a hand list that would go stale.

The table is kept on disk (:mod:`tqcheck.lang.table_cache`): importing the
package loads every country's calendar module (~0.3 s of CPU), paid inside the
first check whose source has a date missing from its translation (issue #13).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

#: Countries whose holidays French news writes about as dates.
COUNTRIES = ("FR", "BE", "CA", "CH", "LU", "MC")
#: Years sampled: fixed-date holidays fall on the same day every year.
YEARS = (2010, 2011)


@lru_cache(maxsize=1)
def _table() -> dict[tuple[int, int], frozenset[str]]:
    """(month, day) → English names of the holidays on that date (empty table if the package is missing)."""
    from tqcheck.lang.table_cache import cached_table

    return cached_table("holiday-names", _build, sources=(Path(__file__),), packages=("holidays",))


def _build() -> dict[tuple[int, int], frozenset[str]]:
    try:
        import holidays
    except ImportError:  # pragma: no cover - optional at run time, declared in pyproject
        return {}
    table: dict[tuple[int, int], set[str]] = {}
    for code in COUNTRIES:
        try:
            calendar = holidays.country_holidays(code, years=YEARS, language="en_US")
        except (NotImplementedError, KeyError):  # pragma: no cover - a country the package lacks
            continue
        by_date: dict[tuple[int, int], set[int]] = {}
        for day, name in calendar.items():
            by_date.setdefault((day.month, day.day), set()).add(day.year)
            table.setdefault((day.month, day.day), set()).update(n.strip() for n in name.split(";"))
        # a movable feast (Easter Monday) does not keep its date from year to year
        for key, years in by_date.items():
            if len(years) < len(YEARS):
                table.pop(key, None)
    return {k: frozenset(v) for k, v in table.items()}


def is_holiday(month: int, day: int) -> bool:
    """Whether the date is a fixed public holiday in a French-speaking country."""
    return (month, day) in _table()


def holiday_names_en(month: int, day: int) -> frozenset[str]:
    """The English names of the holidays on that date ("National Day", "Christmas Day")."""
    return _table().get((month, day), frozenset())
