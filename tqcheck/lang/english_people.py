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

import re
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


_DETERMINERS = frozenset("the a an this that his her its their our my your whose every each another".split())


def _premodifier(words: list[re.Match[str]], k: int) -> bool:
    """ "EU member states", "27 member countries": a person word used as a modifier, not a person.

    Only after a name, acronym or figure and before a lowercase plural,
    so "the winner says" is still a person.
    """
    if k > 0 and words[k - 1].group(0).lower() == "by":
        return True  # "travelled by coach": a means, no determiner, no person
    if k > 1 and words[k - 1].group(0).lower() == "one" and words[k - 2].group(0).lower() == "than":
        return True  # "surprised more than one person": a count, not someone
    if k > 1 and words[k - 1].group(0) == "-" and counts_as_figure(words[k - 2].group(0)):
        return True  # "a twelve-member panel", "a 27-member board": a size
    if k == 0 or k + 1 >= len(words):
        return False
    before, after = words[k - 1].group(0), words[k + 1].group(0)
    if before.lower() in _DETERMINERS or not (before[:1].isupper() or counts_as_figure(before)):
        return False  # "Forty-two parent volunteers" counts like "27 member states"
    return after.isalpha() and after.islower() and after.endswith("s") and not after.endswith("ss")
