"""Names a French document gives to things: «la société Čeps», «le carnet Moleskine», «le Moleskine».

Why: TQ201 must not flag a he/she that may resume a person, and a bare name
(«Amnesty a affirmé…, elle…», «Endesa…») looks like a person's to the parser
and the recogniser. Elsewhere in the same article the writer usually says
what the name is: a common noun for a thing before it («l'association
Amnesty», «l'entreprise électrique Endesa», «l'usine Hyundai»), or an
article («le Moleskine»), which French never puts before a person's name.

Things are often named after people («la loi Evin», «l'administration
Obama», «le musée Picasso»), so a name the document also gives a person's
marks to (a title, a first name, a person noun: «M. Evin», «Barack Obama»,
«le président Obama») is no thing name. Family nouns («la famille
Kennedy») name people, not a thing.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tqcheck.lang.folding import fold
from tqcheck.lang.humanness import AGENT_SUFFIXES, _is_french_word, _non_person_nouns, _person_nouns
from tqcheck.lang.person_gender import is_first_name, title_gender

_UPPER = "A-ZÀ-ÖØ-ÞČŠŽŘĆŁŚŹŻ"
_NAME = rf"[{_UPPER}][\w’'-]*"
_ARTICLE = r"(?i:le|la|l['’]|les|du|au|aux|des|un|une|ce|cet|cette)"
_LOWER_WORD = r"[a-zàâäçéèêëîïôöûùüÿœæ]+"
# article + lowercase noun (+ lowercase adjective) + Name, or a bare definite article + Name
_NAMED_THING = re.compile(
    rf"(?<![\w’'])({_ARTICLE})\s*(?:({_LOWER_WORD})\s+(?:({_LOWER_WORD})\s+)?)?({_NAME})"
)
_DEFINITE = frozenset({"le", "la", "l'", "l’", "les", "du", "au", "aux"})
# Nouns before a name that still name people: «la famille Kennedy», «le clan Assad»; and
# adjectives that French puts before a person's name: «le jeune Martin», «le regretté Dupont».
_PEOPLE_WORDS = frozenset(
    """famille familles clan couple époux frères sœurs soeurs dynastie tribu jeune vieux vieil vieille
    petit petite grand grande gros grosse beau bel belle nouveau nouvel nouvelle ancien ancienne pauvre
    cher chère célèbre fameux fameuse regretté regrettée défunt défunte feu feue saint sainte""".split()
)
_PERSON_MARK = re.compile(rf"(?<![\w’'])([\w.’']+)\s+(?=({_NAME}))")  # the name may mark the next


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    """French function words (spaCy's list): «la déposition de Kerviel» names no thing Kerviel."""
    from tqcheck.lang.stop_words import stop_words  # kept on disk: no spaCy import in a one-page check

    prepositions = "contre vers chez envers malgré parmi sauf selon sans sous dès durant pendant via outre"
    return stop_words("fr") | frozenset(prepositions.split())


def _thing_noun(word: str) -> bool:
    """A common noun for a thing or a body: not a person noun, nor a likely one («-eur», «-iste»)."""
    low = word.lower()
    if low in _function_words() or low in _PEOPLE_WORDS or low in _person_nouns():
        return False
    if low in _non_person_nouns():
        return True
    return _is_french_word(low) and not low.endswith(AGENT_SUFFIXES)


def _person_marked(before: str) -> bool:
    """Whether the word in front of a name marks a person: a title, a first name, a person noun."""
    low = before.lower()
    if low in _function_words():
        return False  # «Le», «La» opening a sentence are no first names
    return title_gender(low) is not None or is_first_name(before) or low in _person_nouns()


def thing_names(text: str) -> frozenset[str]:
    """Folded first words of the names ``text`` (a French document) gives only to things."""
    things: set[str] = set()
    for m in _NAMED_THING.finditer(text):
        article, noun, adjective, name = m.groups()
        if noun is None:
            if article.lower() not in _DEFINITE or article[0].isupper():
                continue  # «Le Pen», «La Fontaine»: a capital article may belong to the name
        elif not all(_thing_noun(w) for w in (noun, adjective) if w):
            continue
        if is_first_name(name) or name.lower() in _person_nouns():
            continue  # «le petit Nicolas», «du Président»: a person's whatever stands before it
        things.add(fold(name))
    people = {fold(m.group(2)) for m in _PERSON_MARK.finditer(text) if _person_marked(m.group(1))}
    return frozenset(things - people)
