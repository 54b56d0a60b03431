"""Small readings of the English side that tell TQ201 whether a word there is a person.

Why apart: TQ201's rule module is already over the size the project aims at,
and these readings need no French and no parser, only the English words.

* :func:`counts_as_figure` — "Forty-two parent volunteers", "two member
  states": a person noun between a number and a plural noun is a modifier,
  as after a figure ("27 member states"), not a person a pronoun can resume.
* :func:`name_resumed_only_as` — "Sarkozy has broken his promise": a name of no
  known gender that the English around it resumes only with "he"/"his" is a
  man to the translator, so it is no woman a later "she" could point at.
"""

from __future__ import annotations

from collections.abc import Iterable

#: English number words that can stand where a figure does before a counted noun.
NUMBER_WORDS = frozenset(
    """one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
    hundred hundreds thousand thousands million millions dozen dozens several""".split()
)


def counts_as_figure(word: str) -> bool:
    """Whether ``word`` counts like a figure before a noun: "27", "sixty", "Sixty", "dozens"."""
    return word[:1].isdigit() or word.lower() in NUMBER_WORDS


def name_resumed_only_as(genders: Iterable[str], gender: str) -> bool:
    """Whether the pronouns around a name (``genders``, of the English sentences near it) are all of
    the gender other than ``gender``, and there is at least one: "Sarkozy has broken his promise" for a
    later "she"."""
    seen = set(genders)
    return bool(seen) and seen == {"Fem", "Masc"} - {gender}
