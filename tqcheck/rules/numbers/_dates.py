"""Dates and times in French and English sentences, reduced to comparable parts.

"lundi 13 novembre" and "Monday, November 13" both become weekday 1, day 13,
month 11; "8 h 30", "8h30" and "8:30 a.m." become hour 8, minute 30, and an
English "8" without a.m./p.m. may be 8 or 20. Month names that are also
ordinary words ("may", "March", "Mars", "August") only count next to a day
number or a year, so "Theresa May" is not a date.

Size: just over 400 lines: the French and the English readers of the same
expressions are kept side by side on purpose, because a reading added on one
side without the other is exactly the mismatch TQ302 would then report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tqcheck.languages import lang_file, load_yaml


@dataclass(frozen=True)
class DatePart:
    """A date or time expression; offsets relative to the sentence text.

    ``hours`` holds the 24-hour readings of a time ("8 p.m." → {20};
    "8 o'clock" → {8, 20}); ``maybe_duration`` marks "8 heures"/"8 hours",
    which may be a length of time rather than a time of day.
    """

    start: int
    end: int
    text: str
    weekday: int | None = None
    day: int | None = None
    month: int | None = None
    year: int | None = None
    hours: frozenset[int] = frozenset()
    minute: int | None = None
    maybe_duration: bool = False
    weak: bool = False  # may be a date ("in March") but may be a word or a name: never flagged
    core_start: int = -1  # the day-month(-year) part, without the weekday ("6 mars", "March 16")
    core_end: int = -1

    @property
    def core(self) -> tuple[int, int]:
        return (self.core_start, self.core_end) if self.core_start >= 0 else (self.start, self.end)

    @property
    def is_time(self) -> bool:
        return bool(self.hours)


@dataclass(frozen=True)
class Calendar:
    months: dict[str, int]
    weekdays: dict[str, int]
    ambiguous: frozenset[str]
    keywords: frozenset[str]
    date_re: re.Pattern[str]
    month_re: re.Pattern[str]
    weekday_re: re.Pattern[str]
    weekday_words: frozenset[str]  # what ``weekday_re`` matches, lower-cased: "lundi", "mondays"


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=4)
def calendar(lang: str) -> Calendar:
    data: dict[str, Any] = load_yaml(lang_file(lang, "calendar.yaml")) or {}
    months = {str(k): int(v) for k, v in (data.get("months") or {}).items()}
    weekdays = {str(k): int(v) for k, v in (data.get("weekdays") or {}).items()}
    mon = _alt(list(months))
    wd = _alt(list(weekdays))
    day = r"(?P<day>1er|\d{1,2})(?:st|nd|rd|th)?"
    year = r"(?P<year>\d{4})"
    if lang == "fr":
        date = (
            rf"(?:(?P<wd>{wd})\s+)?(?:le\s+|du\s+|au\s+)?{day}\s+(?P<month>{mon})\.?(?:\s+{year})?"
            rf"|(?P<month2>{mon})\.?\s+(?P<year2>\d{{4}})"
        )
    else:
        date = (
            rf"(?:(?P<wd>{wd}),?\s+)?(?:the\s+)?{day}\s+(?:of\s+)?(?P<month>{mon})\.?(?:,?\s+{year})?"
            rf"|(?:(?P<wd2>{wd}),?\s+)?(?P<month2>{mon})\.?\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?(?![\d,.]\d)(?:,?\s+(?P<year2>\d{{4}}))?"
            rf"|(?P<month3>{mon})\.?,?\s+(?P<year3>\d{{4}})"
        )
    return Calendar(
        months,
        weekdays,
        frozenset(data.get("ambiguous_months") or ()),
        frozenset(months) | frozenset(weekdays) | {w + "s" for w in weekdays} | TIME_WORDS,
        re.compile(rf"(?<![\w])(?:{date})(?!\w)", re.I),
        re.compile(rf"(?<![\w-])({mon})(?![\w-])", re.I),
        re.compile(rf"(?<![\w-])({wd})s?(?![\w-])", re.I),
        frozenset(weekdays) | {w + "s" for w in weekdays},
    )


def _hours12(h: int, mer: str | None) -> frozenset[int]:
    if mer:
        base = h % 12
        return frozenset({base + 12 if mer.lower().startswith("p") else base})
    if h > 12 or h == 0:
        return frozenset({h % 24})
    return frozenset({h, (h + 12) % 24})


# the part of the day written after a French hour: "8h le soir" is 20:00, "11h dans la nuit" 23:00
_FR_DAYPART = r"(?P<{name}>\s+(?:du soir|le soir|de l['’]après-midi|dans la nuit|de la nuit))?"
FR_TIME_RE = re.compile(
    r"(?<![\w,.])(?P<h>[01]?\d|2[0-4])\s?(?:h|H)(?:\s?(?P<m>[0-5]\d))?(?![\w])"
    + _FR_DAYPART.format(name="pm1")
    # "20 heures 30", "22heures" (glued), "19.00 heures" (a dotted hour some writers use)
    + r"|(?<![\w,.])(?:(?P<h9>[01]?\d|2[0-3])\.(?P<m9>[0-5]\d)|(?P<h2>[01]?\d|2[0-4]))\s*heures?(?:\s+(?P<m2>[0-5]\d)(?!\w)|\s+et\s+(?P<half>demie|quart))?"
    + _FR_DAYPART.format(name="pm")
    + r"|(?<![\w,.:])(?P<h3>[01]?\d|2[0-3])[:](?P<m3>[0-5]\d)(?![\d:])"
    # "après midi" (the afternoon, spelt without its hyphen) is no noon
    r"|(?<![\w-])(?P<noon>(?<![Aa]près\s)(?<![Aa]pres\s)midi|minuit)(?![\w-])"
)
EN_TIME_RE = re.compile(
    # "8 p.m.", "8.30am", and the 24-hour "17.40 pm" some translators write
    r"(?<![\w,.:])(?P<h>2[0-3]|1\d|0?\d)(?:[:.](?P<m>[0-5]\d))?\s?(?P<mer>[ap]\.m\.|[ap]m\b|[AP]\.M\.|[AP]M\b)"
    r"|(?<![\w,.:])(?P<h3>[01]?\d|2[0-3]):(?P<m3>[0-5]\d)(?![\d:])"
    r"|(?<![\w,.])(?P<h2>1[0-2]|0?\d)\s+o['’]clock\b"
    r"|(?<![\w,.])(?P<h4>[01]?\d|2[0-4])\s+hours?\b"
    r"|(?<![\w,.])(?P<h5>[01]?\d|2[0-3])[.]?(?P<m5>[0-5]\d)\s?(?:GMT|UTC|Z|hrs|hours)\b"
    # "from 1000 to 2030 hours": the first time of a 24-hour range
    r"|(?<![\w,.])(?P<h8>[01]\d|2[0-3])(?P<m8>[0-5]\d)(?=\s*(?:to|-|–|until|till)\s*(?:[01]\d|2[0-3])[0-5]\d\s?(?:hrs|hours)\b)"
    # British "at 5.13", "until 20.30": a dotted time after a preposition of time
    r"|(?:(?<=\b[Aa]t )|(?<=\b[Uu]ntil )|(?<=\b[Tt]ill )|(?<=\b[Ff]rom )|(?<=\b[Bb]y ))(?P<h7>[01]?\d|2[0-3])\.(?P<m7>[0-5]\d)(?![\d.,%]|\s?(?:%|per|points?\b))"
    # "8 in the evening", "7 in the morning", "11 at night"
    r"|(?<![\w,.:])(?P<h6>1[0-2]|0?\d)(?:[:.](?P<m6>[0-5]\d))?\s+(?P<part>in the (?:morning|afternoon|evening)|at night)\b"
    r"|\b(?P<noon>noon|midday|midnight)\b",
)
# "from 7 to 9 a.m.": the first hour of a range takes the second's a.m. or p.m.
EN_RANGE_TO_MERIDIEM_RE = re.compile(
    r"(?<![\w,.:])(?P<h>1[0-2]|0?\d)(?::(?P<m>[0-5]\d))?\s*(?:to|-|–|and|until|till)\s*(?=(?:1[0-2]|0?\d)(?::[0-5]\d)?\s?(?P<mer>[ap]\.m\.|[ap]m\b|[AP]\.M\.|[AP]M\b))"
)


def _night_or_evening(h: int, part: str) -> frozenset[int]:
    """24-hour reading of ``h`` said with a part of the day ("du soir", "at night", "in the morning")."""
    if "morning" in part or "matin" in part:
        return frozenset({h % 12})
    if "nuit" in part or "night" in part:
        # "11h dans la nuit" is 23:00, "3h dans la nuit" 03:00
        return frozenset({h + 12}) if 7 <= h < 12 else frozenset({h % 24})
    return frozenset({h + 12}) if h < 12 else frozenset({h % 24})


# What every alternative of FR_TIME_RE / EN_TIME_RE (and EN_RANGE_TO_MERIDIEM_RE) needs: a word
# written in it, or a figure followed by what it is followed by there ("8 h", "5 p.m.", "1200 GMT",
# "at 5.13"). A sentence with none of them skips the two big patterns (most sentences with a figure).
_FR_TIME_WORDS = ("heure", ":", "midi", "minuit")
_FR_TIME_HINT = re.compile(r"\d\s?[hH]")
_EN_TIME_WORDS = (
    ":", "clock", "hour", "hrs", "noon", "midday", "midnight",
    "in the morning", "in the afternoon", "in the evening", "at night",
)  # fmt: skip
_EN_TIME_HINT = re.compile(r"\d\s?(?:[apAP]\.?[mM]|GMT|UTC|Z)|\d\.\d")


def _may_tell_time(text: str, lang: str) -> bool:
    """Whether ``text`` holds what a time pattern of ``lang`` needs (see ``_FR_TIME_WORDS``)."""
    if lang == "fr":
        return any(w in text for w in _FR_TIME_WORDS) or _FR_TIME_HINT.search(text) is not None
    return any(w in text for w in _EN_TIME_WORDS) or _EN_TIME_HINT.search(text) is not None


def _times(text: str, lang: str) -> list[DatePart]:
    out: list[DatePart] = []
    if not _may_tell_time(text, lang):
        return out
    if lang == "fr":
        for m in FR_TIME_RE.finditer(text):
            if m.group("noon"):
                h = 12 if m.group("noon").lower() == "midi" else 0
                out.append(DatePart(m.start(), m.end(), m.group(0), hours=frozenset({h}), minute=0))
            elif m.group("h") is not None:
                mi = int(m.group("m")) if m.group("m") else 0
                h = int(m.group("h"))
                if h == 24 and not mi:
                    continue  # "37 $ pour 24h": a length of time (a day), never a time of day
                hours = _night_or_evening(h, m.group("pm1")) if m.group("pm1") else frozenset({h % 24})
                out.append(DatePart(m.start(), m.end(), m.group(0), hours=hours, minute=mi))
            elif m.group("h2") is not None or m.group("h9") is not None:
                h = int(m.group("h2") or m.group("h9"))
                mi = (
                    int(m.group("m9"))
                    if m.group("m9")
                    else (
                        int(m.group("m2"))
                        if m.group("m2")
                        else {"demie": 30, "quart": 15}.get(m.group("half") or "", 0)
                    )
                )
                hours = _night_or_evening(h, m.group("pm")) if m.group("pm") else frozenset({h % 24})
                out.append(
                    DatePart(
                        m.start(),
                        m.end(),
                        m.group(0),
                        hours=hours,
                        minute=mi,
                        maybe_duration=not m.group("pm") and not m.group("h9"),
                    )
                )
            else:
                out.append(
                    DatePart(
                        m.start(),
                        m.end(),
                        m.group(0),
                        hours=frozenset({int(m.group("h3"))}),
                        minute=int(m.group("m3")),
                    )
                )
    else:
        for m in EN_TIME_RE.finditer(text):
            if m.group("noon"):
                h = 0 if m.group("noon").lower() == "midnight" else 12
                out.append(DatePart(m.start(), m.end(), m.group(0), hours=frozenset({h}), minute=0))
            elif m.group("h") is not None:
                mi = int(m.group("m")) if m.group("m") else 0
                h = int(m.group("h"))
                out.append(
                    DatePart(
                        m.start(),
                        m.end(),
                        m.group(0),
                        hours=_hours12(h, m.group("mer")) if h <= 12 else frozenset({h}),
                        minute=mi,
                    )
                )
            elif m.group("h8") is not None:
                out.append(
                    DatePart(
                        m.start(),
                        m.end(),
                        m.group(0),
                        hours=frozenset({int(m.group("h8"))}),
                        minute=int(m.group("m8")),
                    )
                )
            elif m.group("h7") is not None:
                out.append(
                    DatePart(
                        m.start(),
                        m.end(),
                        m.group(0),
                        hours=_hours12(int(m.group("h7")), None),
                        minute=int(m.group("m7")),
                    )
                )
            elif m.group("h6") is not None:
                out.append(
                    DatePart(
                        m.start(),
                        m.end(),
                        m.group(0),
                        hours=_night_or_evening(int(m.group("h6")), m.group("part")),
                        minute=int(m.group("m6")) if m.group("m6") else 0,
                    )
                )
            elif m.group("h3") is not None:
                h = int(m.group("h3"))
                out.append(
                    DatePart(
                        m.start(),
                        m.end(),
                        m.group(0),
                        hours=_hours12(h, None) if h <= 12 and m.group("h3")[0] != "0" else frozenset({h}),
                        minute=int(m.group("m3")),
                    )
                )
            elif m.group("h2") is not None:
                out.append(
                    DatePart(
                        m.start(), m.end(), m.group(0), hours=_hours12(int(m.group("h2")), None), minute=0
                    )
                )
            elif m.group("h5") is not None:
                out.append(
                    DatePart(
                        m.start(),
                        m.end(),
                        m.group(0),
                        hours=frozenset({int(m.group("h5"))}),
                        minute=int(m.group("m5")),
                    )
                )
            else:
                h = int(m.group("h4"))
                out.append(
                    DatePart(
                        m.start(),
                        m.end(),
                        m.group(0),
                        hours=frozenset({h % 24}),
                        minute=0,
                        maybe_duration=True,
                    )
                )
        for m in EN_RANGE_TO_MERIDIEM_RE.finditer(text):
            if not any(p.start <= m.start() < p.end for p in out):
                out.append(
                    DatePart(
                        m.start("h"),
                        m.end("m") if m.group("m") else m.end("h"),
                        text[m.start("h") : m.end("m") if m.group("m") else m.end("h")],
                        hours=_hours12(int(m.group("h")), m.group("mer")),
                        minute=int(m.group("m")) if m.group("m") else 0,
                    )
                )
    return out


NAME_AFTER_WEEKDAY_RE = re.compile(
    r"\s+(?:Times|Telegraph|Night|Morning|Mirror|Express|Post|Herald|Mail|People|Sport|Star|Independent|Review|Observer|Tribune|Show|School|Service|Club)\b"
)


DIGIT_RE = re.compile(r"\d")
WORDS_RE = re.compile(r"[^\W\d_]+")
TIME_WORDS = frozenset({"midi", "minuit", "noon", "midday", "midnight"})
# "12/03/2025", "20.12.2012." (a full stop may end the sentence), "28.8.09"
NUMERIC_DATE_RE = re.compile(r"(?<![\d/.-])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?![\d/-]|[.,]\d)")


def _is_ambiguous_month(cal: Calendar, word: str, lang: str) -> bool:
    w = word.lower().rstrip(".")
    if w not in cal.ambiguous:
        return False
    # a lower-case "mars" is the month; "Mars" (the planet) and every English ambiguous month need a number
    return not (lang == "fr" and word == w)


@lru_cache(maxsize=20000)
def _lower_words(text: str) -> frozenset[str]:
    """The lower-cased words of ``text``: read by ``date_parts`` in both languages (TQ302 reads an
    English sentence for French months too), and the scan is most of a sentence's cost there."""
    return frozenset(WORDS_RE.findall(text.lower()))


@lru_cache(maxsize=20000)
def date_parts(text: str, lang: str) -> tuple[DatePart, ...]:
    """Dates, lone month and weekday names, and times in ``text``."""
    cal = calendar(lang)
    digit = DIGIT_RE.search(text) is not None
    words = _lower_words(text)
    if not digit and cal.keywords.isdisjoint(words):
        return ()  # no figure and no calendar word: nothing to find (most sentences)
    # Each pattern below needs a word of its own list, as a whole word (a date's month too), or a
    # figure: a sentence without them skips the pattern. (A word that re.IGNORECASE matches but that
    # is no word of the list once lower-cased, "ſeptembre", is no month: it is skipped below.)
    months = not cal.months.keys().isdisjoint(words)
    weekdays = not cal.weekday_words.isdisjoint(words)
    out: list[DatePart] = []
    taken: list[tuple[int, int]] = []
    for m in cal.date_re.finditer(text) if months else ():
        g = m.groupdict()
        month_word = g.get("month") or g.get("month2") or g.get("month3")
        if month_word is None or month_word.lower().rstrip(".") not in cal.months:
            continue
        wd_word = g.get("wd") or g.get("wd2")
        day_s = g.get("day") or g.get("day2")
        year_s = g.get("year") or g.get("year2") or g.get("year3")
        if lang == "en" and month_word.islower() and month_word.lower() in cal.ambiguous:
            continue  # "may 5": a modal verb
        day = 1 if day_s == "1er" else (int(day_s) if day_s else None)
        if day is not None and not 1 <= day <= 31:
            continue
        # the span runs from the first to the last part named ("le 21 juin." → "21 juin")
        named = [
            k
            for k in ("wd", "wd2", "day", "day2", "month", "month2", "month3", "year", "year2", "year3")
            if g.get(k)
        ]
        start = min(m.start(k) for k in named)
        end = max(m.end(k) for k in named)
        core = [k for k in named if not k.startswith("wd")]
        core_start, core_end = min(m.start(k) for k in core), max(m.end(k) for k in core)
        out.append(
            DatePart(
                start,
                end,
                text[start:end],
                weekday=cal.weekdays.get(wd_word.lower()) if wd_word else None,
                day=day,
                month=cal.months[month_word.lower().rstrip(".")],
                year=int(year_s) if year_s else None,
                core_start=core_start,
                core_end=core_end,
            )
        )
        taken.append((m.start(), m.end()))

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for m in cal.month_re.finditer(text) if months else ():
        word = m.group(1)
        if not free(m.start(), m.end()) or word.lower() not in cal.months:
            continue
        if lang == "en" and word[0].islower():
            continue  # English month names are capitalised; "march", "may" are words
        abbreviation = any(full != word.lower() and full.startswith(word.lower()) for full in cal.months)
        if abbreviation and not (word[0].isupper() and text[m.end() : m.end() + 1] == "."):
            continue  # "Jan", "oct": only "Oct." with its point and capital
        weak = _is_ambiguous_month(cal, word, lang) and not abbreviation
        if weak and re.search(
            r"(?:Theresa|Mrs?|Ms|Miss|Brian|Karl|Ernest)\.?\s+$", text[max(0, m.start() - 9) : m.start()]
        ):
            continue
        out.append(DatePart(m.start(), m.end(), word, month=cal.months[word.lower()], weak=weak))
    for m in cal.weekday_re.finditer(text) if weekdays else ():
        word = m.group(1)
        if not free(m.start(), m.end()) or word.lower() not in cal.weekdays:
            continue
        # "Sunday Times", "Saturday Night Live": part of a name
        if lang == "en" and NAME_AFTER_WEEKDAY_RE.match(text, m.end()):
            continue
        out.append(DatePart(m.start(), m.end(), m.group(0), weekday=cal.weekdays[word.lower()]))
    for m in NUMERIC_DATE_RE.finditer(text) if digit else ():
        if not free(m.start(), m.end()):
            continue
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        year = y if y > 99 else 2000 + y
        # "12/03/2025": day first in French, either way in English; never flagged, only matched
        readings = [(a, b)] if lang == "fr" else [(a, b), (b, a)]
        for day, month in readings:
            if 1 <= day <= 31 and 1 <= month <= 12:
                out.append(
                    DatePart(m.start(), m.end(), m.group(0), day=day, month=month, year=year, weak=True)
                )
        taken.append((m.start(), m.end()))
    for t in _times(text, lang) if digit or not TIME_WORDS.isdisjoint(words) else ():  # figures or "midi"
        if free(t.start, t.end):
            out.append(t)
    out.sort(key=lambda p: p.start)
    return tuple(out)
