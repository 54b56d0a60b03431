"""Number words a writer mistyped or glued to a neighbour: "quattre jours", "Lestrois appareils".

Professional sources carry typos, and their translators read through them:
"quattre jours" is rendered "four days", "cinqpoursuit" (a lost space) "five
… graduates". A number rule that reads only well-spelled words reports the
translation's "four" as invented. This module finds such slips as weak
readings (see :func:`tqcheck.lang.quantities.equivalents`): they may match a
number on the other side, never raise a finding of their own.

A token is a slip of a cardinal when it is no word of the language (a real
word such as "trios", "douce" or "septembre" is never read as a number) and
either lies one edit (insertion, deletion, substitution, transposition) from
a cardinal of four letters or more, or is that cardinal glued to a word of
the language ("les"+"trois", "cinq"+"poursuit").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

_TOKEN_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
#: shorter cardinals ("six", "dix", "un") are one edit from too many words to be read through a typo
MIN_CARDINAL_LETTERS = 4
#: a glued neighbour this short is read only if it is a word of the language ("les", "des")
MIN_GLUED_LETTERS = 2


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by exactly one insertion, deletion, substitution or transposition."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [k for k in range(len(a)) if a[k] != b[k]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    k = next((k for k in range(len(short)) if short[k] != long_[k]), len(short))
    return short[k:] == long_[k + 1 :]


def slipped_numbers(
    text: str, cardinals: dict[str, float], is_word: Callable[[str], bool], skip: Iterable[str] = ()
) -> list[tuple[int, int, float]]:
    """Mistyped or glued cardinals of ``text``, as (start, end, value).

    ``cardinals`` are the language's number words, ``is_word`` tells a word of
    the language (lower case), ``skip`` lists words never read this way (a
    cardinal that is also another word, as "neuf" is "new").
    """
    skipped = set(skip)
    words = {w: v for w, v in cardinals.items() if len(w) >= MIN_CARDINAL_LETTERS and w not in skipped}
    found: list[tuple[int, int, float]] = []
    for m in _TOKEN_RE.finditer(text):
        token = m.group(0).lower()
        if len(token) < MIN_CARDINAL_LETTERS - 1 or token in cardinals:
            continue
        value = _slip_of(token, words, is_word)
        if value is not None:
            found.append((m.start(), m.end(), value))
    return found


def _slip_of(token: str, words: dict[str, float], is_word: Callable[[str], bool]) -> float | None:
    if is_word(token):
        return None  # a word of the language is no slip (most tokens: asked first, before any comparison)
    n = len(token)
    candidates = {v for w, v in words.items() if abs(len(w) - n) <= 1 and _one_edit(token, w)}
    candidates.update(
        v
        for w, v in words.items()
        if n >= len(w) + MIN_GLUED_LETTERS
        and (
            (token.startswith(w) and is_word(token[len(w) :]))
            or (token.endswith(w) and is_word(token[: -len(w)]))
        )
    )
    if len(candidates) != 1:
        return None  # no slip, or one of two numbers: no reading
    return candidates.pop()
