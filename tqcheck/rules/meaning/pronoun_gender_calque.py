"""TQ201: an English he/she/his/her that copies the grammatical gender of a French thing."""

from __future__ import annotations

import re
import unicodedata
import weakref
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tqcheck.datatypes import Sentence, Severity
from tqcheck.languages import lang_file, load_wordlist, load_yaml, pair_file
from tqcheck.nlp import Token, french_lemma, is_common_word, ner_pipeline
from tqcheck.rules.base import LinkContext, Rule

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


def _gender_number(tokens: list[Token], i: int, name_like: bool) -> tuple[str | None, str | None]:
    tok = tokens[i]
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
        self, analysis: Any, lookback: int = 2, depth: int = 2, min_salience: float = MIN_SALIENCE
    ) -> None:
        self.analysis = analysis
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
        first = max(0, index - self.lookback)
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
            for p in french_pronouns(self.sentence(k), tokens):
                if p.role == SUBJECT and p.gender is not None and p.gender == gender:
                    return pronoun_mention(p, tokens, Resolution(p, None, False, "not resolved"))
        return None


# --------------------------------------------------------------------------- English side


def _is_pronoun_use(text: str, start: int, end: int) -> bool:
    """Not "He" for helium or "His" for histidine: no hyphen glued on, capitals only where a sentence starts."""
    if text[start - 1 : start] == "-" or text[end : end + 1] == "-":
        return False
    if text[start].isupper() and text[start:end] != text[start:end].capitalize():
        return False  # "HIS", "SHE" in a title or an acronym
    if text[start].isupper():
        before = text[:start].rstrip(" \t\"'“‘«(—–")
        return before == "" or before[-1] in ".!?:;…"
    return True


def english_pronouns(sentences: list[Sentence]) -> list[EnglishPronoun]:
    """Gendered English pronouns of the target sentences, with their role."""
    table = _tables()["english"]
    out: list[EnglishPronoun] = []
    for sentence in sentences:
        words = list(ENGLISH_WORD_RE.finditer(sentence.text))
        for k, m in enumerate(words):
            low = m.group(0).lower()
            entry = table.get(low)
            if entry is None or not _is_pronoun_use(sentence.text, m.start(), m.end()):
                continue
            roles = entry["roles"]
            if len(roles) > 1:  # "her": possessive before a noun, object otherwise
                nxt = words[k + 1].group(0).lower() if k + 1 < len(words) else ""
                is_noun_next = nxt[:1].isalpha() and nxt not in _NOT_A_NOUN_AFTER_HER
                role = POSSESSIVE if is_noun_next else OBJECT
            else:
                role = roles[0]
            out.append(EnglishPronoun(sentence, m.start(), m.end(), m.group(0), role, entry["gender"]))
    return out


def _neutral(word: str, role: str, plural: bool) -> str:
    entry = _tables()["english"][word.lower()]
    form = entry["they" if plural else "it"]
    if isinstance(form, dict):
        form = form[role]
    if word.isupper() and len(word) > 1:
        return form.upper()
    if word[0].isupper():
        return form[0].upper() + form[1:]
    return form


_DETERMINERS = frozenset("the a an this that his her its their our my your whose every each another".split())


def _premodifier(words: list[re.Match[str]], k: int) -> bool:
    """ "EU member states", "27 member countries": a person word used as a modifier, not a person.

    Only after a name, acronym or figure and before a lowercase plural,
    so "the winner says" is still a person.
    """
    if k > 0 and words[k - 1].group(0).lower() == "by":
        return True  # "travelled by coach": a means, no determiner, no person
    if k == 0 or k + 1 >= len(words):
        return False
    before, after = words[k - 1].group(0), words[k + 1].group(0)
    if before.lower() in _DETERMINERS or not (before[:1].isupper() or before[:1].isdigit()):
        return False
    return after.isalpha() and after.islower() and after.endswith("s") and not after.endswith("ss")


OTHER = {"Fem": "Masc", "Masc": "Fem"}


def _resumed_by_other_gender(
    sentences: Sequence[Sentence], at: int, pronoun: EnglishPronoun, gender: str
) -> bool:
    """Whether the English around sentence ``at`` speaks of its people only with the other gender.

    Looks at that sentence and the two before it (a quotation split in two),
    up to ``pronoun``: after
    "He finished first… the winner said", the winner is a man.
    """
    genders: set[str] = set()
    for sentence in sentences:
        if at - 2 <= sentence.index <= at and sentence.index <= pronoun.sentence.index:
            genders |= {
                p.gender
                for p in english_pronouns([sentence])
                if sentence.index < pronoun.sentence.index or p.end <= pronoun.start
            }
    return genders == {"Fem", "Masc"} - {gender}


def _english_people_before(
    sentences: list[Sentence],
    pronoun: EnglishPronoun,
    gender: str,
    french_names: dict[str, str],
    earlier: Sequence[Sentence] = (),
) -> str | None:
    """A person the English mentions before ``pronoun`` that he/she could point at, if any.

    A person noun of the pronoun's gender ("woman" for "she") counts; one of
    the other gender ("chairman" for "she") never does. A gender-neutral one
    ("winner", "coach") counts unless it is a modifier or a means ("EU member
    states", "by coach") or the English around it speaks of people only with
    pronouns of the other gender (``earlier`` are the two target sentences
    before ``sentences``, which show it): after "he won… the winner said", a "she"
    cannot be the winner. Plural forms ("members") are not listed, so never
    count. A name counts unless the French around the
    link has it and does not take it for a person (``french_names`` maps
    folded words of the French window to their entity label, "" for none):
    the recogniser, run on English, calls "Niger" or "Fama" a person.
    """
    people = _tables()["en_people"][gender]
    neutral_people = _tables()["en_neutral_people"]
    ner = ner_pipeline("fr")  # names look alike across languages; the French NER finds them well enough
    for sentence in sentences:
        text = sentence.text
        if sentence.index == pronoun.sentence.index:
            text = text[: pronoun.start]
        elif sentence.index > pronoun.sentence.index:
            continue
        words = list(ENGLISH_WORD_RE.finditer(text))
        for k, m in enumerate(words):
            low = m.group(0).lower()
            if low in people:
                return m.group(0)
            if (
                low in neutral_people
                and not _premodifier(words, k)
                and not _resumed_by_other_gender([*earlier, *sentences], sentence.index, pronoun, gender)
            ):
                return m.group(0)
        if ner is None or not text.strip():
            continue
        for ent in ner(text).ents:
            if ent.label_ != "PER" or not _looks_like_name(
                ent.text, text[ent.end_char :], text[: ent.start_char]
            ):
                continue
            labels = [french_names.get(_fold(w)) for w in re.findall(r"\w+", ent.text)]
            if "PER" in labels:
                return ent.text
            # Only in the English: a name unless it is an ordinary word ("Flu:" opening a title).
            if all(label is None for label in labels) and not (
                len(ent.text.split()) == 1 and is_common_word(ent.text, "en")
            ):
                return ent.text
    return None


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
    following = after.split()[:1]
    if following and following[0][:1].islower() and following[0][:1].isalpha():
        if words[-1].lower().endswith(("an", "ese", "ish", "ch", "i")):
            return False  # "Malian army", "Chinese officials": an adjective, not a name
    if len(words) == 1 and before.strip() in ("", '"', "'", "“", "‘", "(") and words[0].lower() in _OPENERS:
        return False  # "This contract…": a capitalised word opening the sentence
    return True


# Words that open English sentences and that a recogniser may take for a name.
_OPENERS = _NOT_A_NOUN_AFTER_HER | frozenset(
    """this that these those there here then now we they you i it some many most all each every
    such what where why how however meanwhile still yesterday today tomorrow last next one two
    according despite although though thus hence moreover furthermore indeed only even""".split()
)


def _pair(french: list[Resolution], english: list[EnglishPronoun]) -> list[tuple[Resolution, EnglishPronoun]]:
    """Match French pronouns to English ones of the same role, in order.

    Equal counts pair one to one in order. Otherwise an English pronoun is
    paired only when every French pronoun of that role is a surely-a-thing
    calque candidate, with the one nearest in relative position.
    """
    pairs = []
    for role in (SUBJECT, OBJECT, POSSESSIVE):
        fr = [r for r in french if r.pronoun.role == role]
        en = [e for e in english if e.role == role]
        if not fr or not en:
            continue
        if len(fr) == len(en):
            pairs.extend(zip(fr, en, strict=True))
        elif all(r.flaggable for r in fr):
            for k, e in enumerate(en):
                pos = (k + 0.5) / len(en)
                nearest = min(range(len(fr)), key=lambda j: abs((j + 0.5) / len(fr) - pos))
                pairs.append((fr[nearest], e))
    return pairs


def _gender_consistent(res: Resolution, en: EnglishPronoun, tokens: list[Token]) -> bool:
    """Whether the English gender is the one a calque of this French pronoun would give."""
    if res.pronoun.gender is not None:
        return en.gender == res.pronoun.gender
    genders = {res.antecedent.gender} if res.antecedent and res.antecedent.gender else set()
    if res.pronoun.role == POSSESSIVE:
        tok = res.pronoun.token
        possessed = tokens[tok.head] if tok.head >= 0 else None
        if possessed is not None and possessed.feat("Gender"):
            genders.add(possessed.feat("Gender"))
        if tok.feat("Gender"):
            genders.add(tok.feat("Gender"))
    return en.gender in genders


# --------------------------------------------------------------------------- the rule


class PronounGenderCalque(Rule):
    """An English he/she/his/her copies the grammatical gender of a French thing or institution.

    ## What it does
    Finds English gendered pronouns (she, he, her, him, his) that translate a
    French pronoun (elle, il, la, le, lui, sa, son, ses) whose antecedent is a
    thing, a place or an institution: l'armée, la France, le gouvernement,
    l'entreprise, la loi. The French antecedent is found by a salience-based
    resolver over the sentence and the two before it; the rule stays quiet
    when a person of the right gender could be meant on either side: a
    French person as salient as the thing (unless the thing is the subject
    the pronoun continues and the person had another role), a person subject
    later in the sentence ("Malgré ses…, Dupont a…"), an English person
    word or name before the pronoun (a neutral one such as "the winner" not
    when the English has called its people only by the other gender).

    ## Why is this bad?
    French pronouns follow grammatical gender, English ones natural gender: an
    army, a country or a company is "it" in English. "She" for the army reads
    as a woman who was never mentioned; it is a tell-tale sign of literal
    machine translation and misleads the reader about who acted.

    ## Example
    French: « L'armée malienne a indiqué dans un communiqué qu'elle
    poursuivait sa progression. Elle affirme avoir détruit un véhicule. »

    English: "The Malian army said in a statement that it was continuing its
    advance. She claims to have destroyed a vehicle."

    ## Use instead
    "It claims to have destroyed a vehicle." (or repeat the noun: "The army
    claims…"). Nouns English treats as plural take "they": "the police said
    they…".

    ## Fix
    Replace the pronoun with the suggested "it"/"its" (or "they"/"their"),
    keeping the verb in agreement. The finding's related span shows the
    French antecedent.

    ## Options
    ``lookback`` (default 2): source sentences before the link searched for
    the antecedent. ``person_lookback`` (default 5): sentences searched for a
    person of the pronoun's gender who may still be the topic (any blocks
    the finding). ``min_salience`` (default 200): how salient the thing must
    be; raise it for fewer, surer findings.
    """

    code = "TQ201"
    name = "pronoun-gender-calque"
    severity = Severity.ERROR
    pairs = frozenset({"fr-en"})
    fixable = True

    def check(self, ctx: LinkContext) -> Iterator[Any]:
        link = ctx.link
        if not link.source or not link.target:
            return
        if not ENGLISH_GENDERED_RE.search(ctx.target_text):
            return
        english = english_pronouns(ctx.target_sentences)
        if not english:
            return
        resolver = self._resolver(ctx)
        resolutions = [r for i in link.source for r in resolver.resolutions(i)]
        if not any(r.flaggable for r in resolutions):
            return

        first = link.source[0]
        previous_target = ctx.sentences(
            "target", range(max(0, link.target[0] - resolver.lookback), link.target[0])
        )
        person_lookback = int(self.options.get("person_lookback", 5))
        window_start = max(0, link.target[0] - resolver.lookback)
        earlier_target = ctx.sentences("target", range(max(0, window_start - 2), window_start))
        names = self._french_names(ctx, range(max(0, first - resolver.lookback), link.source[-1] + 1))
        for res, en in _pair(resolutions, english):
            if not res.flaggable or res.antecedent is None:
                continue
            tokens = resolver.tokens(res.pronoun.sentence.index)
            if not _gender_consistent(res, en, tokens):
                continue
            # A person of that gender a little further back may still be the topic.
            if resolver.persons_before(
                first - resolver.lookback,
                res.pronoun.gender or en.gender,
                person_lookback - resolver.lookback,
            ):
                continue
            window = [*previous_target, *ctx.target_sentences]
            topic_start = self._topic_start(ctx, res, resolver)
            if topic_start is not None:  # people named before the topic sentence are out of reach
                window = [s for s in window if s.index >= topic_start]
            if _english_people_before(window, en, en.gender, names, earlier_target):
                continue
            yield self._finding(ctx, res, en)

    @staticmethod
    def _topic_start(ctx: LinkContext, res: Resolution, resolver: Resolver) -> int | None:
        """The first target sentence of the antecedent's sentence, when a subject resumes the last subject.

        "Le musée … espère … Il a prolongé ses horaires": the museum is the
        topic, so a poet named a sentence earlier in another role is no
        longer in reach on either side. A person who was a subject there
        (a noun or a pronoun) still is.
        """
        ante = res.antecedent.noun_phrase if res.antecedent is not None else None
        if ante is None or not (
            ante.role == SUBJECT == res.pronoun.role and ante.sentence.index == res.pronoun.sentence.index - 1
        ):
            return None
        for k in range(max(0, ante.sentence.index - resolver.lookback), ante.sentence.index):
            if any(m.role == SUBJECT and m.human != "no" for m in resolver.nouns(k)):
                return None
            for r in resolver.resolutions(k):
                if r.pronoun.role == SUBJECT and not r.flaggable:
                    return None
        for link in ctx.alignment.links:
            if ante.sentence.index in link.source and link.target:
                return link.target[0]
        return None

    @staticmethod
    def _french_names(ctx: LinkContext, indices: range) -> dict[str, str]:
        """Folded words of the French window → entity label ("" outside any entity)."""
        names: dict[str, str] = {}
        for i in indices:
            text = ctx.alignment.source.sentences[i].text
            for word in re.findall(r"\w+", _fold(text)):
                names.setdefault(word, "")
            for ent in ctx.analysis.entities("source", i):
                for word in re.findall(r"\w+", _fold(ent.text)):
                    names[word] = "PER" if ent.label == "PER" or names.get(word) == "PER" else ent.label
        return names

    def _resolver(self, ctx: LinkContext) -> Resolver:
        resolver = _RESOLVERS.get(ctx.analysis)
        if resolver is None:
            resolver = Resolver(
                ctx.analysis,
                lookback=int(self.options.get("lookback", 2)),
                min_salience=float(self.options.get("min_salience", MIN_SALIENCE)),
            )
            _RESOLVERS[ctx.analysis] = resolver
            alignment = ctx.alignment
            gated = [
                i
                for link in alignment.links
                if link.source and link.target and ENGLISH_GENDERED_RE.search(alignment.target_text(link))
                for i in link.source
            ]
            resolver.prepare(gated)
        return resolver

    def _finding(self, ctx: LinkContext, res: Resolution, en: EnglishPronoun) -> Any:
        assert res.antecedent is not None
        ante = res.antecedent.noun_phrase
        fr = res.pronoun
        plural = ante.plural_in_english
        replacement = _neutral(en.word, en.role, plural)
        ante_text = ante.text
        if ante.start == 0 and ante_text[:1].isupper() and ante.head > 0:
            ante_text = ante_text[0].lower() + ante_text[1:]  # "L'armée" opening a sentence → "l'armée"
        kind = "a thing, not a person" if not plural else "a body English treats as plural"
        message = f'"{en.word}" translates "{fr.token.text}", which refers to "{ante_text}" ({kind}): use "{replacement}"'
        return self.finding(
            ctx,
            message,
            source=ctx.sentence_span("source", fr.sentence, fr.token.start, fr.token.end),
            target=ctx.sentence_span("target", en.sentence, en.start, en.end),
            suggestion=replacement,
            related=[ctx.sentence_span("source", ante.sentence, ante.start, ante.end, label="antecedent")],
            details={
                "french_pronoun": fr.token.text,
                "role": fr.role,
                "antecedent": ante.text,
                "antecedent_lemma": ante.lemma,
                "reason": res.reason,
            },
        )


# One resolver per document analysis, so pronoun chains are resolved once per run.
_RESOLVERS: weakref.WeakKeyDictionary[Any, Resolver] = weakref.WeakKeyDictionary()
