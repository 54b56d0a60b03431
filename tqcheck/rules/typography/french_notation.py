"""TQ603: French ordinals, abbreviations and clock times left in the English translation."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from tqcheck.datatypes import Finding, Severity
from tqcheck.rules.base import LinkContext, Rule

ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _roman(s: str) -> int:
    total, prev = 0, 0
    for ch in reversed(s):
        v = ROMAN[ch]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# "13e", "13ème", "1er", "1re", "2nde"; "XIXe", "XXIe". French writes "er"/"re" after 1 alone and
# "nde" after 2 alone ("21e", never "21er"): "21er Haus" or "20er Jahre" is German, a name to keep.
FIGURE_ORDINAL_RE = re.compile(r"(?<![\w.,])(\d{1,4}(?:e|è|ème|eme|ᵉ)|1(?:er|ère|re)|2nde)(?![\w-])")
_ORDINAL_SUFFIX_LETTERS = "eèmᵉrnd"
ROMAN_ORDINAL_RE = re.compile(
    r"(?<![\w])([IVXLC]{2,7}|[IVXLC](?=(?:e|er|ème)\s+(?:siècle|century|République|Republic|arrondissement)))(?:e|è|ème|ᵉ|er)(?![\w])"
)
# "8 h 30", "8h30", "20 h", "20h": the French way of writing a time of day
# ("24 h" alone is also how science writes a duration: only with minutes, or after "at", "from"…)
FRENCH_TIME_RE = re.compile(
    r"(?<![\w.,:])([01]?\d|2[0-4])\s?h\s?([0-5]\d)(?![\w-])"
    r"|\b(?:at|from|until|till|by|before|after|around|about)\s+(([01]?\d|2[0-4])\s?h)(?![\w-]|\s?[0-5]\d)",
    re.I,
)
# "n°", "Mme", "Mlle", "MM."
ABBREVIATIONS = {"n°": "No.", "N°": "No.", "Mme": "Mrs", "Mmes": "Mrs", "Mlle": "Miss", "Mlles": "Misses"}
ABBREVIATION_RE = re.compile(r"(?<![\w])(n°|N°|Mmes?|Mlles?)(?![\w])")
# What each pattern above needs, looked for first: they start with a look-behind, so they are
# tried at every position of every target sentence (issue #13).
_DIGIT_RE = re.compile(r"\d")
_HOUR_HINT_RE = re.compile(r"\d\s?[hH]")  # FRENCH_TIME_RE: a figure, then "h" (re.I)
_ROMAN_HINT_RE = re.compile(r"[IVXLC][eèᵉ]")  # ROMAN_ORDINAL_RE: a numeral, then its suffix


class FrenchNotation(Rule):
    """French ordinals ("13e", "XIXe"), abbreviations ("n°", "Mme") or clock times ("8 h 30") in the translation.

    ## What it does
    Flags, in the English translation, figures with a French ordinal
    suffix, Roman-numeral centuries with one, the abbreviations "n°",
    "Mme" and "Mlle", and times written "8 h 30" or "20h".

    ## Why is this bad?
    An English reader does not read "13e" as "13th" or "20h" as "8 p.m.";
    these are layout copied from the French rather than translated.

    ## Example
    French: « Au XIXe siècle, Mme Martin arrivait 2e à 20 h 30. »

    English: "In the XIXe century, Mme Martin came 2e at 20 h 30."

    ## Use instead
    "In the 19th century, Mrs Martin came 2nd at 8:30 p.m."

    ## Fix
    The English form is suggested.
    """

    code = "TQ603"
    eval_family = "typography"
    name = "french-notation"
    severity = Severity.WARNING
    fixable = True

    def check(self, ctx: LinkContext) -> Iterator[Finding]:
        for sentence in ctx.facts.translated_targets:  # one left in French is TQ401's
            text = sentence.text
            for start, end, what, english in _notations(text):
                yield self.finding(
                    ctx,
                    f"{what} '{text[start:end]}' in the translation",
                    target=ctx.sentence_span("target", sentence, start, end),
                    suggestion=english,
                )


@lru_cache(maxsize=20000)
def _notations(text: str) -> tuple[tuple[int, int, str, str], ...]:
    """French notations of a target sentence (start, end, kind, English form), in order.

    Cached by text: a document repeats sentences, and the scan is the rule's whole cost.
    """
    found: list[tuple[int, int, str, str]] = []
    if _DIGIT_RE.search(text):  # both patterns need a \d
        for m in FIGURE_ORDINAL_RE.finditer(text):
            number = int(m.group(1).rstrip(_ORDINAL_SUFFIX_LETTERS))
            found.append((m.start(), m.end(), "French ordinal", _ordinal(number)))
        for m in FRENCH_TIME_RE.finditer(text) if _HOUR_HINT_RE.search(text) else ():
            group = 1 if m.group(1) else 3
            h, mi = int(m.group(group) if group == 1 else m.group(4)) % 24, int(m.group(2) or 0)
            suffix = "a.m." if h < 12 else "p.m."
            english = f"{h % 12 or 12}:{mi:02d} {suffix}" if mi else f"{h % 12 or 12} {suffix}"
            found.append(
                (
                    m.start(group),
                    m.end(group) if group == 3 else m.end(),
                    "French clock time",
                    english,
                )
            )
    for m in ROMAN_ORDINAL_RE.finditer(text) if _ROMAN_HINT_RE.search(text) else ():
        found.append((m.start(), m.end(), "French ordinal", _ordinal(_roman(m.group(1)))))
    for m in ABBREVIATION_RE.finditer(text) if "°" in text or "Ml" in text or "Mm" in text else ():
        found.append((m.start(), m.end(), "French abbreviation", ABBREVIATIONS[m.group(1)]))
    return tuple(sorted(found))
