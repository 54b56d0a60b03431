"""gettext plural forms: which ``msgstr[n]`` a PO file must have, and which source text each one translates.

``msgfmt --check`` pairs ``msgstr[0]`` with ``msgid`` and every other form
with ``msgid_plural``; the number of forms is ``nplurals`` in the header's
``Plural-Forms`` (English, the target here, has two when the header says
nothing). A form the plural expression picks for a single value of *n*
(English ``msgstr[0]``, used for n = 1 only) may say the number in words, so
``msgfmt`` lets it drop format directives there (its "relaxed" check); the
forms used for many numbers must keep them all.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable
from dataclasses import dataclass

_NPLURALS = re.compile(r"\bnplurals\s*=\s*(\d+)")
_PLURAL = re.compile(r"\bplural\s*=\s*([^;]+)")
_SAMPLE = range(1000)
"""The values of *n* tried to see how often a form is used (as ``msgfmt`` does, on a finite range)."""


@dataclass(frozen=True)
class PluralForms:
    """The header's plural rule: how many forms, and for each one whether it is used for one *n* only."""

    nplurals: int
    single: tuple[bool, ...]

    def source_of(self, form: int, msgid: str, msgid_plural: str) -> str:
        """The source text ``msgstr[form]`` translates, as ``msgfmt --check`` pairs them."""
        return msgid if form == 0 else msgid_plural


ENGLISH = PluralForms(2, (True, False))
"""English's rule (``nplurals=2; plural=(n != 1);``), used when the header gives none."""


def plural_forms(header: str | None) -> tuple[PluralForms, str | None]:
    """The rule a ``Plural-Forms`` header value states, and a problem when it cannot be read.

    A missing header means English's two forms; a header that does not parse
    also falls back to them, with the reason (a reading warning for the user).
    """
    if not header or not header.strip():
        return ENGLISH, None
    count, expression = _NPLURALS.search(header), _PLURAL.search(header)
    if count is None or expression is None:
        return ENGLISH, f"unreadable Plural-Forms header {header.strip()!r} (English's two forms assumed)"
    nplurals = int(count.group(1))
    if not 1 <= nplurals <= 6:  # CLDR has at most six categories
        return ENGLISH, f"Plural-Forms nplurals={nplurals} is out of range (English's two forms assumed)"
    try:
        rule: Callable[[int], int] = gettext.c2py(expression.group(1).strip())
        chosen = [rule(n) for n in _SAMPLE]
    except (ValueError, SyntaxError, RecursionError, ZeroDivisionError):
        return (
            ENGLISH,
            f"Plural-Forms expression {expression.group(1).strip()!r} does not parse (English's two forms assumed)",
        )
    return PluralForms(nplurals, tuple(chosen.count(k) <= 1 for k in range(nplurals))), None
