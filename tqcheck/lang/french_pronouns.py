"""Which French words are referential third-person pronouns: «il», «elle», «le», «la», «lui», «son», «sa».

The first step of TQ201's French side. A pronoun counts when it can resume a
noun (not an impersonal «il», an article the tagger called a pronoun, or the
possessive of a fixed locution, «à son tour»); :mod:`tqcheck.lang.antecedents`
then decides what it resumes. The pronoun tables of ``pairs/fr-en/pronouns.yaml``
are read here, once, for both languages' sides.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tqcheck.datatypes import Sentence
from tqcheck.lang.impersonal import is_impersonal
from tqcheck.languages import load_yaml, pair_file
from tqcheck.nlp import Token, french_lemma

SUBJECT, OBJECT, POSSESSIVE = "subject", "object", "possessive"
POSSESSIVE_IDIOMS = frozenset("tour côté sein encontre insu gré égard".split())


@dataclass(frozen=True)
class FrenchPronoun:
    """A referential third-person singular pronoun of the French source."""

    sentence: Sentence
    index: int
    token: Token
    role: str
    gender: str | None


@lru_cache(maxsize=1)
def _tables() -> dict[str, Any]:
    data = load_yaml(pair_file("fr-en", "pronouns.yaml")) or {}
    people = data.get("english_person_words", {})
    return {
        "french": data.get("french", {}),
        "english": data.get("english", {}),
        "plural_in_english": frozenset(data.get("plural_in_english", [])),
        "she_things": frozenset(data.get("she_things", [])),
        "cities_named_like_people": frozenset(data.get("cities_named_like_people", [])),
        "vehicles": frozenset(data.get("vehicles", [])) | frozenset(data.get("she_things", [])),
        "en_people": {
            "Fem": frozenset(people.get("feminine", [])),
            "Masc": frozenset(people.get("masculine", [])),
        },
        "en_neutral_people": frozenset(people.get("neutral", [])),
    }


def _names_a_source(tokens: list[Token], i: int) -> bool:
    """«selon lui», «d'après elle»: the source of an opinion, a person (unlike «après elle», after it)."""
    prev = tokens[i - 1].text.lower() if i > 0 else ""
    return prev == "selon" or (prev == "après" and i > 1 and tokens[i - 2].text.lower() in ("d'", "d’"))


def _looks_like_verb(word: str) -> bool:
    """A conjugated verb the small tagger took for a noun ("nous le signerons")."""
    lemma = french_lemma(word)
    return lemma != word.lower() and lemma.endswith(("er", "ir", "re"))


def french_pronouns(sentence: Sentence, tokens: list[Token]) -> list[FrenchPronoun]:
    """Referential third-person singular pronouns (subject, object clitic, possessive)."""
    table = _tables()["french"]
    out = []
    for i, tok in enumerate(tokens):
        low = tok.text.lower()
        entry = table.get(low)
        if entry is None:
            continue
        role, gender = entry["role"], entry.get("gender")
        prev = tokens[i - 1] if i > 0 else None
        after_preposition = prev is not None and prev.pos == "ADP"
        if low in ("lui", "elle") and _names_a_source(tokens, i):
            continue  # «selon lui», «d'après elle»: whose opinion it is, always a person
        if role == POSSESSIVE:
            if tok.pos != "DET" or tok.feat("Poss") != "Yes":
                continue
            if tok.head >= 0 and tokens[tok.head].lemma in POSSESSIVE_IDIOMS:
                continue  # "à son tour", "en son sein": no his/her in the English
        elif low in ("il", "elle"):
            if tok.pos != "PRON":
                continue
            if low == "il" and is_impersonal(tokens, i):
                continue
            if after_preposition or tok.dep in ("obl", "obl:arg", "obl:mod", "nmod", "iobj", "obj"):
                role = OBJECT
        else:  # la, le, l', lui
            if tok.pos != "PRON":
                continue
            if low == "lui":
                gender = "Masc" if after_preposition else None
            else:
                nxt = tokens[i + 1] if i + 1 < len(tokens) else None
                if nxt is None or not (
                    nxt.pos in ("VERB", "AUX")
                    or nxt.text.lower() in ("y", "en", "lui", "leur")
                    or (tok.dep in ("obj", "iobj") and _looks_like_verb(nxt.text))
                ):
                    continue  # an article the tagger called a pronoun
        out.append(FrenchPronoun(sentence, i, tok, role, gender))
    return out
