"""Whether a capitalised English word is also what people are called ("Baker", "Hope", "Major").

Why this exists (issue #8): TQ304 pairs a source name that has no rendering with a capitalised
English dictionary word written in its place ("Dupont" → "Baker"). On the wmt-news set, most
such pairs were renderings by meaning of a word of a name in a third language ("RPG Byty" → "RPG
Flats", "Confindustria" → "the employers' Federation", "Estado de México Poniente" → "West Mexico
State", "Briza" → "Birch"): words nobody is called by. A name swapped for a word is swapped for a
name that is also a word (the issue's examples: Rose, Baker, Hope, Bush, Major): a frequent
surname or a first name.

The surnames are the US Census Bureau's 1990 list shipped by the ``names`` package (88,799
surnames with their frequency, read from its ``dist.all.last`` file without importing it); only
the most frequent :data:`FREQUENT_SURNAMES` count, since the list's long tail holds any word
someone once was registered under ("State", "City", "Kingdom"). First names are gender-guesser's,
those it gives a gender without a "mostly" ("Rose", "Maria"; not "Sky", "Will").
"""

from __future__ import annotations

from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from tqcheck.lang.person_gender import gender_answer

#: The most frequent surnames of the census list kept (a fifth of a percent of its names, carried by
#: half the people counted): "Hope" ranks 1,800th, "Major" 1,441st; "Council" 3,353rd, "Birch"
#: 3,012th, "City" 44,248th.
FREQUENT_SURNAMES = 2000


@lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    """The frequent surnames, lower-cased; empty when the ``names`` package is missing."""
    spec = find_spec("names")
    if spec is None or spec.origin is None:  # pragma: no cover - a declared dependency
        return frozenset()
    path = Path(spec.origin).with_name("dist.all.last")
    if not path.is_file():  # pragma: no cover
        return frozenset()
    out: set[str] = set()
    with path.open(encoding="ascii", errors="replace") as lines:
        for line in lines:
            fields = line.split()
            if len(fields) != 4:
                continue
            if int(fields[3]) > FREQUENT_SURNAMES:
                break  # the file is sorted by rank
            out.add(fields[0].lower())
    return frozenset(out)


def is_frequent_surname(word: str) -> bool:
    """Whether ``word`` is one of the frequent surnames ("Baker", "Young"), whatever its case."""
    return word.lower() in _surnames()


@lru_cache(maxsize=20000)
def is_people_name(word: str) -> bool:
    """Whether a capitalised word is what people are called: a frequent surname or a first name."""
    if is_frequent_surname(word):
        return True
    return len(word) >= 3 and gender_answer(word) in ("male", "female")
