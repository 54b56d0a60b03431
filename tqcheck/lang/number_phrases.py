"""Phrases that change what the numbers in them mean.

A figure or number word is not always a count a translation must carry:
"les quatre coins du monde" is "all over the world", "en deux roues" is "on
a motorcycle", "ligne 4 du métro" is often just "the metro line". And some
numbers are written in pieces: "5 mille 352" is 5352, "0, 5 %" is 0.5 %,
"7 millions et demi" is 7.5 million, "trois décennies" is thirty years.
This module finds those phrases (plain spans and values, so that
:mod:`tqcheck.lang.quantities` stays the one place that builds quantities);
its word lists live in ``lang/<lang>/number_phrases.yaml``.

Size: just over 400 lines, because each finder keeps beside it the cheap
pre-check that spares its pattern on sentences that cannot hold it (issue
#13); splitting finder from pre-check would make them drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tqcheck.languages import lang_file, load_yaml

_SP = r"[ \u00a0\u202f]"


@dataclass(frozen=True)
class PhraseWords:
    """The phrase lists of one language."""

    idiom_re: re.Pattern[str] | None  # idioms with a number in them: the number may go untranslated
    label_re: re.Pattern[str] | None  # "ligne 4", "article 12": a figure that names rather than counts
    count_nouns: dict[str, float]  # "décennie" 10, "siècle" 100: "trois décennies" is also 30
    fraction_after: re.Pattern[str] | None  # "et demi", "and a half" after a number or its unit
    fractions: dict[str, float]  # what each of them adds: "et demi" 0.5, "et quart" 0.25
    fraction_phrases: dict[str, float]  # "demi-siècle" 50, "half an hour" 30: a share of a unit
    # each phrase's longest word (see :func:`may_hold`), for the four patterns above and fraction_phrases
    idiom_keys: frozenset[str]
    label_keys: frozenset[str]
    fraction_after_keys: frozenset[str]
    fraction_keys: frozenset[str]


# letters re.IGNORECASE matches to a letter that ``str.lower`` maps elsewhere ("ſ" is an "s" to the regex)
_CASE_ODD = frozenset("\u0130\u0131\u017f\u212a\u212b")
_DIGIT_RE = re.compile(r"\d")
_W_RUN_RE = re.compile(r"\w+")

Runs = frozenset[str] | None
"""A text's lower-cased runs of ``\\w`` characters (:func:`word_runs`); None: not to be relied on."""


def key_words(phrases: list[str]) -> frozenset[str]:
    """Each phrase's longest run of ``\\w`` characters, lower-cased ("quarts", "heure", "24"; "" if none)."""
    return frozenset(max(_W_RUN_RE.findall(p.lower()), key=len, default="") for p in phrases)


def word_runs(text: str) -> Runs:
    """The lower-cased runs of ``\\w`` characters of ``text``, for :func:`may_hold`.

    None when ``text`` has a letter that re.IGNORECASE folds but ``str.lower`` does not
    ("ſ" is an "s" to the patterns): such a text goes to every pattern.
    """
    if not _CASE_ODD.isdisjoint(text):
        return None
    return frozenset(_W_RUN_RE.findall(text.lower()))


def may_hold(keys: frozenset[str], runs: Runs) -> bool:
    """Whether a text whose :func:`word_runs` are ``runs`` may hold a phrase with these :func:`key_words`.

    :func:`_alternation` (case-insensitive) keeps a phrase's ``\\w`` characters as written and
    puts only non-word characters between its runs (a space or a hyphen becomes a class of
    such characters), and the patterns end a phrase where a word ends: every run of a
    phrase is a whole run of the text it matches in. A text holding no phrase's longest
    run holds no phrase, and the pattern, tried at every position, is spared (most sentences).
    """
    return runs is None or "" in keys or not keys.isdisjoint(runs)


def _alternation(words: list[str]) -> str:
    return "|".join(
        re.escape(w).replace(r"\ ", r"[ \u00a0\u202f\u2011-]+").replace(r"\-", r"[-\u2011 ]")
        for w in sorted(words, key=len, reverse=True)
    )


@lru_cache(maxsize=4)
def phrase_words(lang: str) -> PhraseWords:
    """Read ``lang/<lang>/number_phrases.yaml`` (an absent file means no phrases)."""
    path = lang_file(lang, "number_phrases.yaml")
    data: dict[str, Any] = (load_yaml(path) if path.is_file() else None) or {}
    idioms = [str(w) for w in data.get("idioms") or ()]
    labels = [str(w) for w in data.get("labels") or ()]
    fractions = {str(k).lower(): float(v) for k, v in (data.get("fraction_after") or {}).items()}
    fraction_phrases = {
        re.sub(r"[\s-]+", " ", str(k).lower()): float(v) for k, v in (data.get("fraction_phrases") or {}).items()
    }
    return PhraseWords(
        # in a lookahead, so that overlapping idioms ("tous les deux ou trois ans") are all found
        re.compile(r"(?<![\w])(?=((?:" + _alternation(idioms) + r"))(?![\w]))", re.I) if idioms else None,
        re.compile(r"(?<![\w])(?:" + _alternation(labels) + r")" + _SP + r"(?=\d)", re.I) if labels else None,
        {str(k).lower(): float(v) for k, v in (data.get("count_nouns") or {}).items()},
        # "three and a half", "three-and-a-half"
        re.compile(r"[ \u00a0\u202f\u2011-]+(" + _alternation(list(fractions)) + r")(?![\w])", re.I)
        if fractions
        else None,
        fractions,
        fraction_phrases,
        key_words(idioms),
        key_words(labels),
        key_words(list(fractions)),
        key_words(list(fraction_phrases)),
    )


def optional_spans(text: str, lang: str, runs: Runs = None) -> list[tuple[int, int]]:
    """Spans whose numbers a translation may leave out: idioms, and the figure after a label noun.

    Such a number still matches one on the other side, and a changed one is still
    a changed number; it is only never reported as missing on its own.
    """
    words = phrase_words(lang)
    spans: list[tuple[int, int]] = []
    runs = word_runs(text) if runs is None else runs
    if words.idiom_re is not None and may_hold(words.idiom_keys, runs):
        spans.extend((m.start(1), m.end(1)) for m in words.idiom_re.finditer(text))
    # a label's figure is a \d run
    if words.label_re is not None and may_hold(words.label_keys, runs) and _DIGIT_RE.search(text):
        for m in words.label_re.finditer(text):
            figure = re.match(r"\d+", text[m.end() :])
            if figure:
                spans.append((m.end(), m.end() + figure.end()))
    if lang == "en" and "clock" in text:
        # "five o'clock": a time (TQ302's), which the source may write "17 heures"
        spans.extend((m.start(), m.end()) for m in _OCLOCK_RE.finditer(text))
    if lang == "fr" and "heure" in text:
        # "neuf heures moins vingt" ~ "8:40", "cinq heures moins le quart": a time told backwards
        spans.extend((m.start(), m.end()) for m in _TIME_BEFORE_HOUR_RE.finditer(text))
    if lang == "fr" and "1" in text:
        # "Boleslav 1er", "François 1er": a regnal number, which English writes "I"
        spans.extend((m.start(1), m.end(1)) for m in _REGNAL_RE.finditer(text))
    return spans


_OCLOCK_RE = re.compile(r"\b[^\W\d_]+\s+o['’]clock\b", re.I)
_TIME_BEFORE_HOUR_RE = re.compile(
    r"\b[^\W\d_]+(?:-[^\W\d_]+)*\s+heures?\s+moins\s+(?:le\s+quart|[^\W\d_]+(?:-[^\W\d_]+)*)", re.I
)
_REGNAL_RE = re.compile(r"\b[A-Z][a-zéèëï]+ (1er)\b")


def count_noun_factor(text: str, end: int, lang: str) -> float | None:
    """The factor of a count noun right after a number ending at ``end`` ("trois décennies" → 10)."""
    m = _NEXT_WORD_RE.match(text, end)
    if not m:
        return None
    return phrase_words(lang).count_nouns.get(m.group(1).lower())


_NEXT_WORD_RE = re.compile(_SP + r"+([^\W\d_]+)")


def fraction_after(text: str, end: int, lang: str) -> tuple[int, float] | None:
    """The end and share of "et demi"/"and a half" right after ``end`` ("7 millions et demi"), if there."""
    words = phrase_words(lang)
    m = words.fraction_after.match(text, end) if words.fraction_after is not None else None
    if not m:
        return None
    share = words.fractions.get(re.sub(r"[\s\u00a0\u202f\u2011-]+", " ", m.group(1).lower()))
    return (m.end(), share) if share else None


def has_fraction(text: str, lang: str, runs: Runs = None) -> bool:
    """Whether ``text`` says a fraction after some number ("et demi", "and a half")."""
    words = phrase_words(lang)
    pattern = words.fraction_after
    if pattern is None or not may_hold(words.fraction_after_keys, word_runs(text) if runs is None else runs):
        return False
    return pattern.search(text) is not None


def fraction_after_unit(text: str, end: int, lang: str) -> tuple[int, float] | None:
    """A fraction after the word that follows a number: "un an et demi", "une heure et quart"."""
    m = _NEXT_WORD_RE.match(text, end)
    return fraction_after(text, m.end(), lang) if m else None


# "5 mille 352", "630 mille 697": thousands then units, as Spanish writes them and some translations copy
_MILLE_THEN_UNITS_RE = re.compile(
    r"(?<![\d.,])(?:(\d{1,3})"
    + _SP
    + r"+millions?"
    + _SP
    + r"+)?(\d{1,3})"
    + _SP
    + r"+(?:mille|mil)"
    + _SP
    + r"+(\d{1,3})(?![\d.,]?\d)"
)
# "0, 5 %", "50, 3%": a decimal comma with a stray space
# (not in a list: "5, 10, 15 %" has a comma before its first figure)
_SPACED_DECIMAL_RE = re.compile(r"(?<![\d.,])(?<!\d,\s)(\d{1,3}),[ \u00a0](\d{1,2})(?=" + _SP + r"?%)")
# "80, 000 crowns": a thousands comma with a stray space
_SPACED_THOUSANDS_RE = re.compile(r"(?<![\d.,])(\d{1,3}),[ \u00a0](000)(?![\d.,]?\d)")


def split_figures(text: str, lang: str) -> list[tuple[int, int, float]]:
    """Figures written in pieces, as (start, end, value): each piece alone is no number of the text."""
    if not _DIGIT_RE.search(text):
        return []  # every pattern below needs a \d
    found: list[tuple[int, int, float]] = []
    # each pattern waits for a word or sign it cannot match without (they start with a look-behind)
    if lang == "fr":
        for m in _MILLE_THEN_UNITS_RE.finditer(text) if "mil" in text else ():
            millions = int(m.group(1)) * 1e6 if m.group(1) else 0.0
            found.append((m.start(), m.end(), millions + int(m.group(2)) * 1000.0 + int(m.group(3))))
        for m in _SPACED_DECIMAL_RE.finditer(text) if "%" in text and "," in text else ():
            found.append((m.start(), m.end(), float(f"{m.group(1)}.{m.group(2)}")))
    elif lang == "en":
        for m in _SPACED_THOUSANDS_RE.finditer(text) if "000" in text and "," in text else ():
            found.append((m.start(), m.end(), int(m.group(1)) * 1000.0))
    return found


# "Louis XIV", "World War II": a regnal or serial Roman numeral after a capitalised word
# (a lone "I" is left out: after a name it is as often the pronoun, "Yesterday I")
_ROMAN_RE = re.compile(r"\b([IVX]{2,5}|V|X)\b(?![.'’]?\w)")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


def roman_numerals(text: str, lang: str) -> list[tuple[int, int, float]]:
    """English Roman numerals after a name ("Boleslav I" for "Boleslav 1er"), as (start, end, value)."""
    if lang != "en" or not ("I" in text or "V" in text or "X" in text):
        return []
    found = []
    for m in _ROMAN_RE.finditer(text):
        before = text[max(0, m.start() - 12) : m.start()]
        if not re.search(r"[A-Z][a-z]+ $", before):
            continue  # "I" alone is the pronoun; a numeral follows a name
        total, prev = 0, 0
        for ch in reversed(m.group(1)):
            v = _ROMAN_VALUES[ch]
            total = total - v if v < prev else total + v
            prev = max(prev, v)
        if total:
            found.append((m.start(), m.end(), float(total)))
    return found


# "the 8es de finale" are the last sixteen, "les quarts de finale" the last eight
_ROUND_RE = {
    "fr": re.compile(
        r"\b(?:(huiti[eè]mes?|8(?:es?|èmes?))|(seizi[eè]mes?|16(?:es?|èmes?))|(quarts?))\s+de\s+finale", re.I
    ),
    "en": re.compile(r"\blast\s+(?:(sixteen|16)|(thirty-two|32)|(eight|8))\b", re.I),
}
_ROUND_SIZES = (16.0, 32.0, 8.0)


def round_of(text: str, lang: str) -> list[tuple[int, int, float]]:
    """Knockout rounds named by their size: "les 8es de finale" and "the last 16" are the same round.

    Returned as (start, end, teams left); a number inside also reads as that size.
    """
    pattern = _ROUND_RE.get(lang)
    if pattern is None or "finale" not in text and "last" not in text.lower():
        return []
    found = []
    for m in pattern.finditer(text):
        k = next(i for i in range(3) if m.group(i + 1))
        found.append((m.start(), m.end(), _ROUND_SIZES[k]))
    return found


# "1h30" is also an hour and a half: a length of time, as "1.5 hours" writes it
_HOUR_HINT_RE = re.compile(r"\d\s?h")
_HOURS_MINUTES_RE = re.compile(r"(?<![\w,.])(\d{1,2})\s?h\s?([0-5]\d)(?!\w)")


def durations(text: str, lang: str) -> list[tuple[int, int, float]]:
    """French clock notations read as lengths of time, in hours ("1h30" → 1.5)."""
    if lang != "fr" or _HOUR_HINT_RE.search(text) is None:
        return []  # the pattern needs a figure, then "h" (nearly every French sentence has an "h")
    return [
        (m.start(), m.end(), int(m.group(1)) + int(m.group(2)) / 60) for m in _HOURS_MINUTES_RE.finditer(text)
    ]


# 6'7", 6′ 7″: feet and inches, read in feet
_FEET_INCHES_RE = re.compile(r"(?<![\d.,])(\d{1,2})\s?['’′]\s?(\d{1,2})\s?(?:\"|”|″|'')")


def feet_and_inches(text: str, lang: str) -> list[tuple[int, int, float]]:
    """Heights written in feet and inches, as (start, end, feet)."""
    if lang != "en" or not any(c in text for c in "'’′"):
        return []
    return [
        (m.start(), m.end(), int(m.group(1)) + int(m.group(2)) / 12)
        for m in _FEET_INCHES_RE.finditer(text)
        if int(m.group(2)) < 12
    ]


def fraction_readings(text: str, lang: str, runs: Runs = None) -> list[tuple[int, int, float]]:
    """Lengths named by a share of a unit, as (start, end, value): "un demi-siècle" 50, "a decade and a half" 15."""
    pattern = _fraction_phrases(lang)
    if pattern is None or not may_hold(phrase_words(lang).fraction_keys, word_runs(text) if runs is None else runs):
        return []
    table = phrase_words(lang).fraction_phrases
    return [
        (m.start(), m.end(), table[re.sub(r"[\s\u00a0\u202f-]+", " ", m.group(0).lower())])
        for m in pattern.finditer(text)
    ]


@lru_cache(maxsize=4)
def _fraction_phrases(lang: str) -> re.Pattern[str] | None:
    table = phrase_words(lang).fraction_phrases
    return re.compile(r"(?<![\w])(?:" + _alternation(list(table)) + r")(?![\w])", re.I) if table else None


# "2:21:31", "2:21.31", "20 sec 53", "1'45\"30": a race time, written in pieces
_RACE_TIME_RE = re.compile(
    r"(?<![\d.,:])(\d{1,2})[ \u00a0\u202f]?:[ \u00a0\u202f]?(\d{2})[ \u00a0\u202f]?[:.][ \u00a0\u202f]?(\d{2})(?![\d:])"
    r"|(?<![\d.,])(\d{1,3})\s?(?:sec|s|secondes?)\s?(\d{2})(?!\d)"
)


def race_times(text: str, lang: str) -> list[tuple[int, int, float, frozenset[float]]]:
    """Race times as (start, end, time, pieces): the minutes or seconds with what follows them as
    a decimal ("2:21:31" and "2:21.31" are both 21.31), and every piece on its own."""
    if ":" not in text and "sec" not in text and " s " not in text:
        return []
    found = []
    for m in _RACE_TIME_RE.finditer(text):
        if m.group(1):
            h, mi, sec = (int(m.group(k)) for k in (1, 2, 3))
            found.append((m.start(), m.end(), mi + sec / 100, frozenset({float(h), float(mi), float(sec)})))
        else:
            sec, hundredths = int(m.group(4)), int(m.group(5))
            found.append(
                (m.start(), m.end(), sec + hundredths / 100, frozenset({float(sec), float(hundredths)}))
            )
    return found


# French secondary school counts its years down: "sixième" is the US 6th grade, "troisième" the 9th
_FR_SCHOOL_RE = re.compile(r"\b(?:élèves?|collège|collégien(?:ne)?s?|classes?|grade|écoles?|scolaires?|lycée)\b", re.I)
_FR_SCHOOL_YEAR_RE = re.compile(
    r"\b(?:([3-6])(?:e|è|ème|eme)|(troisième|quatrième|cinquième|sixième))(?!\w)", re.I
)
_FR_SCHOOL_WORDS = {"troisième": 3, "quatrième": 4, "cinquième": 5, "sixième": 6}
# "eighth grade", "4th to 8th grades", "eighth-graders": a school year, which the source may count otherwise
_EN_GRADE_RE = re.compile(
    r"\b((?:\d{1,2}(?:st|nd|rd|th))|[a-z]+(?:th|st|nd|rd))(?=(?:[ -]+(?:to|and|or|through)[ -]+"
    r"(?:\d{1,2}(?:st|nd|rd|th)|[a-z]+(?:th|st|nd|rd)))*[ -]+grad(?:e|es|ers?)\b)",
    re.I,
)


def school_years(text: str, lang: str) -> list[tuple[int, int, frozenset[float]]]:
    """School years, as (start, end, the grade they also read as): "4ème" is "8th grade".

    A translation may name a school year by either country's count, or by the
    school it is in: such a number is never reported as missing on its own.
    French ordinals of the collège count only in a sentence about school.
    """
    found: list[tuple[int, int, frozenset[float]]] = []
    if lang == "fr" and ("è" in text or "e" in text) and _FR_SCHOOL_RE.search(text):
        for m in _FR_SCHOOL_YEAR_RE.finditer(text):
            n = int(m.group(1)) if m.group(1) else _FR_SCHOOL_WORDS[m.group(2).lower()]
            found.append((m.start(), m.end(), frozenset({float(12 - n)})))
    elif lang == "en" and "grade" in text.lower():
        found.extend((m.start(1), m.end(1), frozenset()) for m in _EN_GRADE_RE.finditer(text))
    return found


# "5,6 ans" for "5 à 6 ans": two consecutive counts typed as a decimal, before a unit of time
_RANGE_AS_DECIMAL_RE = re.compile(
    r"(?<![\d.,])(\d),(\d)(?=" + _SP + r"+(?:ans|années|mois|semaines|jours|heures|fois)\b)"
)
# "deux fois moins cher" is half the price: "50 percent less", "half as much"
_TIMES_LESS_RE = re.compile(r"(?<![\w])([^\W\d_]+|\d+)" + _SP + r"+fois" + _SP + r"+moins\b", re.I)


def range_as_decimal(text: str, lang: str) -> list[tuple[int, int, float, float]]:
    """Two consecutive counts written as a French decimal, as (start, end, first, second).

    "5,6 ans" is read as 5.6 years and as "five or six years": both readings are kept.
    """
    if lang != "fr" or "," not in text:
        return []
    found = []
    for m in _RANGE_AS_DECIMAL_RE.finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        if b == a + 1:
            found.append((m.start(), m.end(), float(a), float(b)))
    return found


def times_less(text: str, lang: str) -> list[tuple[int, int]]:
    """Spans of "N fois moins" (a ratio below one: "deux fois moins" is half, 50 % less)."""
    if lang != "fr" or "fois" not in text:
        return []
    return [(m.start(1), m.end(1)) for m in _TIMES_LESS_RE.finditer(text)]

