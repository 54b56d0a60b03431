"""TQ305: French number formatting carried over into the English translation."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from tqcheck.datatypes import Finding, Severity
from tqcheck.rules.base import LinkContext, Rule

SP = " \u00a0\u202f\u2009"
# "1 234", "1 234 567,5", "12 000": thousands grouped with a space
SPACE_GROUPED_RE = re.compile(rf"(?<![\d.,])\d{{1,3}}(?:[{SP}]\d{{3}})+(?:,\d+)?(?![\d]|[.,]\d)")
# "12,5", "0,25", "3,1416": a decimal comma (three digits after it is an English thousands group)
DECIMAL_COMMA_RE = re.compile(r"(?<![\d.,])(?:0,\d+|\d+,(?:\d{1,2}|\d{4,}))(?![\d]|[.,]\d)")
# "12 %": a space before the percent sign
SPACE_PERCENT_RE = re.compile(rf"(?<![\d.,])\d+(?:[.,]\d+)?([{SP}])%")
# "3,5 millions", "2 milliards": the French plural after a figure
LIST_AFTER_RE = re.compile(r"\s*(?:,|or|and|to|-)\s*\d")
PHONE_RE = re.compile(
    r"\b(?:call|calling|phone|telephone|tel|dial|number|hotline|helpline|fax|on)\b\.?:?\s*$", re.I
)
PLURAL_MULTIPLIER_RE = re.compile(r"(?<=\d)[ \u00a0\u202f](millions|billions|milliards)\b")
# What each pattern above needs, looked for first: the patterns start with a look-behind, so
# they are tried at every position of every sentence with a figure (issue #13).
_DIGIT_RE = re.compile(r"\d")
_GROUPED_HINT_RE = re.compile(rf"\d[{SP}]\d\d\d")


def _english(figure: str) -> str:
    """ "1 234,5" → "1,234.5"; "12,5" → "12.5"."""
    integer, _, decimals = figure.partition(",")
    digits = re.sub(rf"[{SP}]", "", integer)
    grouped = f"{int(digits):,}" if len(digits) >= 4 else digits
    return grouped + ("." + decimals if decimals else "")


class SourceNumberFormat(Rule):
    """A number in the translation is written the French way: "1 234,5", "12,5", "12 %".

    ## What it does
    Flags, in the English translation, a space used as a thousands
    separator, a decimal comma, a space before "%", and "millions" or
    "milliards" after a figure.

    ## Why is this bad?
    An English reader takes "1,5" for fifteen or a typo and "3 000" for two
    numbers; the formatting also marks the text as an unedited translation.

    ## Example
    French: « Le budget atteint 1 234,5 millions d'euros, soit 12,5 % de plus. »

    English: "The budget reaches 1 234,5 million euros, 12,5 % more."

    ## Use instead
    "The budget reaches 1,234.5 million euros, 12.5% more."

    ## Fix
    The number rewritten with English separators.
    """

    code = "TQ305"
    eval_family = "number-format"
    name = "source-number-format"
    severity = Severity.WARNING
    fixable = True

    def check(self, ctx: LinkContext) -> Iterator[Finding]:
        for sentence in ctx.facts.translated_targets:  # one left in French is TQ401's
            for start, end, message, suggestion in _french_formats(sentence.text):
                yield self.finding(
                    ctx,
                    message,
                    target=ctx.sentence_span("target", sentence, start, end),
                    suggestion=suggestion,
                )


@lru_cache(maxsize=20000)
def _french_formats(text: str) -> tuple[tuple[int, int, str, str], ...]:
    """French-formatted numbers of a target sentence (start, end, message, suggestion), in order.

    Cached by text: a document repeats sentences, and the scan is the rule's whole cost.
    """
    if not _DIGIT_RE.search(text):
        return ()  # every pattern needs a \d
    out: list[tuple[int, int, str, str]] = []
    taken: list[tuple[int, int]] = []
    for m in SPACE_PERCENT_RE.finditer(text) if "%" in text else ():
        number = text[m.start() : m.start(1)]
        taken.append((m.start(), m.end()))
        out.append(
            (
                m.start(),
                m.end(),
                f"'{m.group(0)}' has a space before the percent sign (French style)",
                (_english(number) if "," in number else number) + "%",
            )
        )
    for m in SPACE_GROUPED_RE.finditer(text) if _GROUPED_HINT_RE.search(text) else ():
        if any(s <= m.start() < e for s, e in taken):
            continue
        if re.search(r"[+:/]\s?$|\d\s$", text[max(0, m.start() - 2) : m.start()]) or PHONE_RE.search(
            text[max(0, m.start() - 24) : m.start()]
        ):
            continue  # a phone number or a time
        taken.append((m.start(), m.end()))
        out.append(
            (
                m.start(),
                m.end(),
                f"'{m.group(0)}' uses a space as thousands separator (French style)",
                _english(m.group(0)),
            )
        )
    for m in DECIMAL_COMMA_RE.finditer(text) if "," in text else ():
        if any(s <= m.start() < e for s, e in taken) or LIST_AFTER_RE.match(text, m.end()):
            continue  # "1,2 or 3": a list of numbers
        out.append(
            (
                m.start(),
                m.end(),
                f"'{m.group(0)}' uses a decimal comma (French style)",
                m.group(0).replace(",", "."),
            )
        )
    for m in PLURAL_MULTIPLIER_RE.finditer(text) if "illi" in text else ():  # m-illi-ons, b-illi-ons
        word = m.group(1).lower()
        out.append(
            (
                m.start(1),
                m.end(1),
                f"'{m.group(1)}' after a figure: English uses the singular",
                {"millions": "million", "billions": "billion", "milliards": "billion"}[word],
            )
        )
    return tuple(out)
