"""Whether a capitalised English word found by a recogniser is plausibly a person's name.

Why apart: TQ201 reads English names in two places (a person the English
mentions before a he/she, and whether a he/she has any referent at all in the
English, :mod:`tqcheck.lang.english_referents`); the recogniser (the French
model run on English) calls months, institutions, adjectives of nationality
and sentence openers PER, and these lists and tests weed them out.
"""

from __future__ import annotations

from functools import lru_cache

from tqcheck.lang.english_pronouns import NOT_A_NOUN_AFTER_HER
from tqcheck.lang.folding import fold as _fold
from tqcheck.lang.humanness import _city_names, _organisation_designators, _place_names

_CALENDAR = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december""".split()
)


# Capitalised words of English organisation names, which a recogniser may call PER.
_INSTITUTION_WORDS = frozenset(
    """armed forces force army navy ministry minister government party union council court bank company
    group agency authority republic office department university committee commission organization
    organisation association federation league club national united nations international european
    state states police assembly parliament senate congress front movement corporation institute
    service services foundation fund board house city county region province airlines inc ltd""".split()
)


def _names_an_organisation(words: list[str]) -> bool:
    """A name of several words with a company designator after a word that is no first name ("Barrick Gold")."""
    from tqcheck.lang.person_gender import is_first_name

    return (
        len(words) > 1
        and not is_first_name(words[0])
        and any(_fold(w.strip(".,")) in _organisation_designators() for w in words[1:])
    )


def _looks_like_name(text: str, after: str, before: str = "") -> bool:
    """Whether an English PER entity (found by a French model) is plausibly a person's name.

    ``before``/``after`` are the texts around it: "Malian army" is an
    adjective before a noun, "This" opening a sentence no name.
    """
    words = text.split()
    if not words or not all(w[:1].isupper() for w in words):
        return False
    if any(w.lower().strip(".,") in _CALENDAR | _INSTITUTION_WORDS for w in words):
        return False
    if _names_an_organisation(words):
        return False  # "Barrick Gold": a firm, as TQ201's French side reads it
    following = after.split()[:1]
    if following and following[0][:1].islower() and following[0][:1].isalpha():
        if words[-1].lower().endswith(("an", "ese", "ish", "ch", "i")):
            return False  # "Malian army", "Chinese officials": an adjective, not a name
    if len(words) == 1 and before.strip() in ("", '"', "'", "“", "‘", "(") and words[0].lower() in _OPENERS:
        return False  # "This contract…": a capitalised word opening the sentence
    return True


# Words that open English sentences and that a recogniser may take for a name.
_OPENERS = NOT_A_NOUN_AFTER_HER | frozenset(
    """this that these those there here then now we they you i it some many most all each every
    such what where why how however meanwhile still yesterday today tomorrow last next one two
    according despite although though thus hence moreover furthermore indeed only even""".split()
)


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    """Folded English and French names of countries and territories (CLDR, via Babel) and big towns."""
    from babel import Locale

    names = {_fold(n) for lang in ("en", "fr") for n in Locale(lang).territories.values()}
    words = {w for n in names for w in n.split()}
    return frozenset(words | set(_city_names()) | set(_place_names()))
