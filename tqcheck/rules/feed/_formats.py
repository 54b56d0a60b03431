"""Which placeholder syntaxes count in a unit, from the format flags its file declares (PO ``#, c-format``…).

Without a flag, :func:`~tqcheck.rules.feed._markup.markup` guesses every
syntax and doubts the ambiguous cases (``50 %d`` glued to a word, an empty
``{}``…). A flag is the author's word, as ``msgfmt --check`` takes it: a
``c-format`` entry has printf directives only (``{0}`` is text, and ``%d``
is a directive even glued to a word), a ``python-brace-format`` entry has
:meth:`str.format` fields only (``{user.name}``, ``{0[1]}``; ``{{`` is an
escaped brace, not Mustache), and ``no-c-format`` says its ``%d`` is text.
Flags of other languages (``java-format``, ``qt-format``…) leave the
heuristics in charge.
"""

from __future__ import annotations

from dataclasses import dataclass

ALL = frozenset({"mustache", "dollar", "icu", "brace", "printf"})
"""Every syntax the heuristics look for."""

_FAMILY = {
    "c-format": "printf",
    "objc-format": "printf",
    "python-format": "printf",
    "php-format": "printf",
    "perl-format": "printf",
    "python-brace-format": "python-brace",
}
"""The gettext format flags whose directives are printf's or :meth:`str.format`'s."""

_HEURISTIC = {"printf": "printf", "python-brace": "brace"}
"""The heuristic syntax a ``no-…-format`` flag switches off."""


@dataclass(frozen=True)
class Syntaxes:
    """The syntaxes to find; ``declared`` when a flag named them (no doubting then)."""

    kinds: frozenset[str] = ALL
    declared: bool = False


GUESSED = Syntaxes()


def syntaxes(formats: tuple[str, ...]) -> Syntaxes:
    """The syntaxes a unit's format flags select (:data:`GUESSED` when they name none this module knows)."""
    positive = {_FAMILY[f] for f in formats if f in _FAMILY}
    if positive:
        return Syntaxes(frozenset(positive), declared=True)
    negated = {_HEURISTIC[_FAMILY[f[3:]]] for f in formats if f.startswith("no-") and f[3:] in _FAMILY}
    return Syntaxes(ALL - negated) if negated else GUESSED
