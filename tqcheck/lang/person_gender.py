"""A named person's gender from a title or a first name: «M. Toews», "Mrs Smith", «François Hollande».

TQ201 stays quiet when a person of the pronoun's gender could be meant, and
a name alone says nothing about gender to the parser: «François Hollande»
blocked an «elle» that resumed «cette idée». A title («M.», «Mme», "Mr",
"Ms") settles it; so does a first name that the gender-guesser dictionary
(Jörg Michael's list of some 40,000 first names by country) gives as only
male or only female. "Mostly" and unisex names (Dominique, Camille) give
nothing, so a doubtful name still blocks as before.
"""

from __future__ import annotations

from functools import lru_cache

TITLES = {
    # French
    "m.": "Masc", "monsieur": "Masc", "mm.": "Masc", "messieurs": "Masc",
    "mme": "Fem", "mme.": "Fem", "madame": "Fem", "mlle": "Fem", "mlle.": "Fem", "mademoiselle": "Fem",
    # English
    "mr": "Masc", "mr.": "Masc", "sir": "Masc", "lord": "Masc",
    "mrs": "Fem", "mrs.": "Fem", "ms": "Fem", "ms.": "Fem", "miss": "Fem", "lady": "Fem", "dame": "Fem",
}


def title_gender(word: str) -> str | None:
    """The gender a title gives ("Mr." → Masc), or None for any other word."""
    return TITLES.get(word.lower())


@lru_cache(maxsize=1)
def _answers() -> dict[str, str] | None:
    """Every first name of the gender-guesser dictionary (lower-cased) → its answer without a country
    ("male", "mostly_female", "andy"...), or None without the package.

    Why a table of answers, kept on disk (:mod:`tqcheck.lang.table_cache`): the package parses its
    4 MB data file line by line into a per-country dict each time a process starts (~0.4 s of CPU,
    a tenth of a long document's first block, issue #13), while the checks only ever ask it one
    question per name, whose answer depends on nothing but the name.
    """
    try:
        import gender_guesser.detector as gender_guesser
    except ImportError:  # a dependency, but without it names simply give no gender
        return None
    from pathlib import Path

    from tqcheck.lang.table_cache import cached_table

    def build() -> dict[str, str]:
        detector = gender_guesser.Detector(case_sensitive=False)
        return {name: str(detector.get_gender(name)) for name in detector.names}

    return cached_table(
        "first-name-genders", build, sources=(Path(__file__),), packages=("gender-guesser",)
    )


def gender_answer(word: str) -> str | None:
    """The dictionary's answer for ``word`` as ``Detector(case_sensitive=False).get_gender(word)`` gives
    it ("male", "mostly_female", "andy", "unknown"...), or None without the package."""
    answers = _answers()
    return None if answers is None else answers.get(word.lower(), "unknown")


@lru_cache(maxsize=4096)
def first_name_gender(word: str) -> str | None:
    """Masc/Fem for a first name that is only male or only female in the dictionary, else None."""
    if _answers() is None or not word[:1].isupper() or len(word) < 2:
        return None
    return {"male": "Masc", "female": "Fem"}.get(gender_answer(word))


@lru_cache(maxsize=4096)
def is_first_name(word: str) -> bool:
    """Whether the dictionary knows ``word`` as a first name at all (male, female or either)."""
    if _answers() is None or not word[:1].isupper() or len(word) < 2:
        return False
    return gender_answer(word) != "unknown"


def name_gender(words: list[str], before: str = "") -> str | None:
    """The gender of the person a name of ``words`` names, with ``before`` the word in front of it.

    A title in front or first («M. Toews», "Mr Toews") decides; otherwise
    the first word, when the name has a surname after it («François
    Hollande»; a lone "Paris" or "Florence" is no first name).
    """
    for word in (before, *words[:1]):
        if word and (gender := title_gender(word)) is not None:
            return gender
    names = [w for w in words if title_gender(w) is None]
    if len(names) >= 2 and all(w[:1].isupper() for w in names):
        return first_name_gender(names[0].split("-")[0])
    return None
