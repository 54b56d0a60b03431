"""Impersonal «il» calqued as English "He": «Il faut agir» → "He must act".

French uses a dummy subject «il» for constructions English builds with "it",
"there" or a personal subject («il faut», «il s'agit de», «il y a», «il
semble que», «il est important de»). A translation that copies the dummy as
"he" invents a man. Two tests live here. :func:`is_impersonal` is the
lenient one TQ201's resolver uses to skip an «il» that resumes nothing.
:func:`impersonals` recognises only the *strong* impersonal constructions
from the token sequence (not the parser's often wrong ``expl:subj``), and the
English calques each one invites, so the rule can pair the two.

The constructions are strict on purpose: «il arrive à Paris» (he arrives)
and «il reste au pouvoir» (he stays) are personal, so «arriver» and «rester»
count only before «que» or a partitive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tqcheck.nlp import Token

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

# Clitics that may stand between «il» and its verb: «il n'y a», «il s'en faut».
_CLITICS = frozenset({"ne", "n'", "n’", "y", "en", "se", "s'", "s’", "lui", "leur", "me", "m'", "m’", "nous", "vous"})
_QUE = frozenset({"que", "qu'", "qu’"})
_DE = frozenset({"de", "d'", "d’"})
_PARTITIVE = frozenset({"des", "du", "de", "d'", "d’", "un", "une", "beaucoup", "peu", "plusieurs", "quelques", "deux", "trois"})
# Past participles of the impersonal verbs: «il s'est agi», «il a fallu» (the tagger may call «agi» a noun).
_PARTICIPLES = {
    "agi": "agir",
    "fallu": "falloir",
    "semblé": "sembler",
    "paru": "paraître",
    "plu": "pleuvoir",
    "neigé": "neiger",
    "suffi": "suffire",
    "valu": "valoir",
    "existé": "exister",
    "resté": "rester",
    "arrivé": "arriver",
    "convenu": "convenir",
}
# Clitics that keep «il est … de» impersonal: «il n'est pas facile de», «il lui est difficile de».
_DATIVE_OR_NEGATION = frozenset({"ne", "n'", "n’", "lui", "leur", "me", "m'", "m’", "nous", "vous"})
# A participle after «il est» is a man's compound tense («il est venu de Paris»), not an adjective.
_PARTICIPLE_ENDINGS = ("é", "ée", "és", "ées", "i", "ie", "is", "u", "ue", "us", "it", "ert", "int", "ort")
# Endings of the adjectives of «il est … de» that the small tagger calls nouns («facile», «possible»).
_ADJECTIVE_ENDINGS = ("ible", "able", "ile", "nécessaire")
# Adjectives after «il est» that describe a man even before «de»/«que»: «il est fier de», «il est sûr que».
_NOT_IMPERSONAL_ADJ = frozenset(
    """fier fière sûr certain convaincu content heureux ravi satisfait conscient capable incapable
    responsable chargé prêt fatigué las désolé persuadé curieux digne jaloux amoureux proche
    reconnaissant redevable coupable passible susceptible""".split()
)
_BE = r"(?:is|was|will\s+be|would\s+be|has\s+been|had\s+been|'s|’s)"

# English continuations of "he" that calque each construction (matched right
# after the pronoun, case-insensitive). "He must act" for «il faut agir»;
# "He is a study" for «il s'agit d'une étude»; "He has two years" for «il y a
# deux ans».
CALQUES: dict[str, re.Pattern[str]] = {
    name: re.compile(r"\s+(?:(?:\w+ly|never|also|still|then|even|just)\s+)?(?:" + pattern + r")\b", re.IGNORECASE)
    for name, pattern in {
        "falloir": r"must|needs?|needed|(?:did|does|do|will|would)\s+not\s+need|(?:didn|doesn|don|won)['’]t\s+need|has\s+to|had\s+to|will\s+have\s+to|would\s+have\s+to|should|takes|took|"
        r"will\s+take|would\s+take|faut|" + _BE + r"\s+(?:necessary|needed|required|essential|imperative)",
        # «il s'agit d'une étude» → "he is a study"; not "he has been considering"
        "agir": r"(?:is|was|will\s+be|would\s+be|'s|’s)\s+(?:\w+ly\s+)?(?:a|an|the|about|not|also|this|that|one|no|only|rather|mainly|"
        r"mostly|primarily|essentially|simply|just|actually|indeed|really|above|once|again)\b|"
        r"acts|acted|concerns|concerned|deals|dealt|involves|involved|"
        # «il ne s'est jamais agi de rock» → "he never was rock": a bare noun, not "he was born", "he is leaving"
        r"(?:is|was|'s|’s)\s+(?!born\b|\w+ing\b|\w+ed\b)[a-z]+(?=[\s.,;:!?]|$)",
        # «il y a deux ans» → "he has two years"; not "he has been", "he had said"
        "avoir": r"there|(?:has|had|have)\s+(?:a|an|some|no|many|several|more|less|still|also|already|not|never|"
        r"only|about|around|\d[\d,.]*|two|three|four|five|six|seven|eight|nine|ten|dozens|hundreds|thousands)\b",
        "sembler": r"seems|seemed|appears|appeared|would\s+seem|would\s+appear|looks|looked",
        "pleuvoir": r"rains|rained|snows|snowed|" + _BE + r"\s+(?:raining|snowing)",
        "suffire": r"suffices|sufficed|would\s+suffice|will\s+suffice|" + _BE + r"\s+(?:enough|sufficient)",
        "valoir": _BE + r"\s+(?:better|worth)|would\s+be\s+better|better",
        "pouvoir": r"can|could|may|might",
        # «il s'ensuit que» → "he follows that", "he follows from"
        "ensuivre": r"(?:follows|followed|results|resulted)\s+(?:from|that)|ensues|ensued",
        "arriver": r"happens|happened|arrives|arrived|occurs|occurred",
        "exister": r"exists|existed",
        "rester": r"remains|remained|stays|stayed|rests|rested|" + _BE + r"\s+left",
        # "He is important to", "He is less serious to", "He is too early to", "He is time to"
        # "He is a tragedy, when…", "He is not clear if…"
        # "He will become more difficult for them to" for «il deviendra plus difficile, pour eux, de»
        "être": r"(?:" + _BE + r"|becomes|became|(?:will|would)\s+become|has\s+become)"
        r"\s+(?:not\s+)?(?:\w+\s+){0,2}\w+,?\s+(?:to|that|whether|for|if|when)",
        # «il convient de» → "he should be understood that", "he is advisable to"
        "convenir": r"should|must|ought|needs?|has\s+to|suits|" + _BE + r"\s+(?:appropriate|advisable|fitting|best|right|proper|necessary)",
        # «il importe de/que» → "he is important to", "he matters"
        "importer": r"matters|mattered|imports|" + _BE + r"\s+(?:important|essential|crucial|vital|necessary)",
    }.items()
}

# Calques that a free translation about a man named just before could also
# produce ("It is a former soldier" → "He is a former soldier"): these need no
# person in the English before the "he". "He is possible to…", "He rains" never can.
PERSONAL_READINGS = frozenset(
    {"falloir", "agir", "avoir", "sembler", "pouvoir", "arriver", "exister", "rester", "convenir"}
)

# Of those, the ones whose "he" can be a person only when the French sentence names one:
# «Il s'agit de Jean Dupont» → "He is Jean Dupont", «Il semble que Paul…» → "He seems…";
# «Il s'agit de la deuxième hausse» → "He is the second rise" calques whatever came before.
NEEDS_A_PERSON_INSIDE = frozenset({"agir", "sembler"})

# What English says instead, for the suggestion (None: rephrase, no one-word fix).
REPLACEMENT = {
    "falloir": None,
    "avoir": "there",
    "exister": "there",
    "rester": "there",
}


@dataclass(frozen=True)
class Impersonal:
    """A strong impersonal «il» of a French sentence and its construction."""

    index: int
    token: Token
    construction: str  # a key of CALQUES


def _next_words(tokens: list[Token], i: int) -> tuple[int, list[Token]]:
    """Position of the verb after «il» (clitics skipped) and the tokens from there."""
    j = i + 1
    while j < len(tokens) and tokens[j].text.lower() in _CLITICS:
        j += 1
    return j, tokens[j:]


def construction(tokens: list[Token], i: int) -> str | None:
    """The impersonal construction «il» at ``i`` opens, or None when «il» may be a person."""
    if tokens[i].text.lower() != "il":
        return None
    between = {t.text.lower() for t in tokens[i + 1 : _next_words(tokens, i)[0]]}
    j, rest = _next_words(tokens, i)
    if not rest:
        return None
    if len(rest) > 1 and rest[0].lemma in ("avoir", "être"):
        k = _skip_adverbs(rest, 1)  # «il ne s'est jamais agi de»
        if k < len(rest) and (rest[k].text.lower() in _PARTICIPLES or rest[k].lemma == "agir"):
            rest = rest[k:]  # a compound tense: «il s'est agi de», «il a fallu», «il a semblé que»
    verb = rest[0]
    # «il suffisait simplement de», «il semblerait finalement que»: adverbs do not change the construction
    after = [t.text.lower() for t in rest[_skip_adverbs(rest, 1) : _skip_adverbs(rest, 1) + 3]]
    lemma = _PARTICIPLES.get(verb.text.lower(), verb.lemma)
    if lemma == "falloir" or verb.text.lower() in ("faut", "fallait", "faudra", "faudrait", "fallu"):
        return "falloir"
    if lemma == "agir" and between & {"s'", "s’", "se"}:
        return "agir"
    if lemma == "avoir" and "y" in between:
        return "avoir"
    if lemma in ("sembler", "paraître") and after[:1] and (after[0] in _QUE or rest[1].pos == "ADJ"):
        return "sembler"
    if lemma in ("pleuvoir", "neiger", "grêler", "venter"):
        return "pleuvoir"
    if lemma == "suffire" and after[:1] and (after[0] in _DE or after[0] in _QUE):
        return "suffire"
    if lemma == "valoir" and "mieux" in after[:2]:
        return "valoir"
    if lemma == "pouvoir" and between & {"se", "s'", "s’"}:
        return "pouvoir"
    if verb.text.lower().startswith("ensui") and between & {"se", "s'", "s’"}:
        return "ensuivre"  # «il s'ensuit que», «il s'ensuit de … que»: always a dummy subject
    if lemma == "arriver" and after[:1] and after[0] in _QUE:
        return "arriver"
    if lemma == "exister" and after[:1] and after[0] in _PARTITIVE:
        return "exister"
    if lemma == "rester" and after[:1] and (after[0] in _QUE or after[0] in _PARTITIVE):
        return "rester"
    if lemma in ("convenir", "convier") and verb.text.lower().startswith("conv") and after[:1] and (
        after[0] in _DE or after[0] in _QUE
    ):
        return "convenir"  # «il convient de» (the small model lemmatises «convient» as «convier»)
    if lemma == "importer" and after[:1] and (after[0] in _DE or after[0] in _QUE):
        return "importer"
    if lemma == "être" and not between - _DATIVE_OR_NEGATION:  # «il n'est pas», «il lui est difficile de»
        return _impersonal_etre(rest)
    if lemma == "devenir" and not between - _DATIVE_OR_NEGATION and _impersonal_etre(rest) == "être":
        # «il devient difficile de», «il deviendra plus difficile, pour eux, de»; only the adjectives
        # of such clauses, as «il devient fou de rage», «il devient célèbre de son vivant» are a man
        return "être" if any(_judges_a_clause(t.text) for t in rest[1:6]) else None
    return None


# Adjectives that judge a clause after «il devient»: «difficile», «possible», «urgent»…
_CLAUSE_ADJECTIVES = frozenset(
    """difficile facile possible impossible nécessaire urgent indispensable essentiel important
    clair évident compliqué dangereux risqué inutile utile rare courant fréquent coûteux délicat
    intéressant tentant vital crucial primordial normal logique""".split()
)


def _judges_a_clause(word: str) -> bool:
    """Whether ``word`` is one of :data:`_CLAUSE_ADJECTIVES` (in any gender or number form it has)."""
    low = word.lower().removesuffix("s")
    return low in _CLAUSE_ADJECTIVES or low.removesuffix("e") in _CLAUSE_ADJECTIVES


def _skip_adverbs(rest: list[Token], k: int) -> int:
    """The position after the adverbs from ``k`` on («jamais», «simplement», «finalement»): at most three."""
    end = min(len(rest), k + 3)
    while k < end and rest[k].pos == "ADV" and rest[k].text.lower() not in _QUE | _DE:
        k += 1
    return k


def _impersonal_etre(rest: list[Token]) -> str | None:
    """«il est important de», «il n'est pas facile de», «il est trop tôt pour», «il est temps de».

    After adverbs («pas», «moins», «tout de même»): an adjective (the tagger
    may call «facile» a verb) then de/que, or «tôt»/«tard», or «temps» then
    de/que/pour. «Il est prêt à partir» (a man who is ready) is none of these.
    """
    k = 1
    while k < len(rest) and k <= 5:
        low = rest[k].text.lower()
        if low in ("tôt", "tard"):
            return "être"
        if low == "temps":
            nxt = rest[k + 1].text.lower() if k + 1 < len(rest) else ""
            return "être" if nxt in _DE | _QUE | {"pour"} else None
        if k + 1 < len(rest) and f"{low} {rest[k + 1].text.lower()}" in _TWO_WORD_ADVERBS:
            k += 2  # «il est par ailleurs tragique que», «il est en outre probable que»
            continue
        if not (rest[k].pos == "ADV" or (low in ("de", "même") and rest[k - 1].text.lower() in ("tout", "de"))):
            break
        k += 1
    # «aussi … que», «autant … que» compare («il est tout aussi limité que son aîné»); «plus probable
    # que», «si évident que» still open a clause after an impersonal «il»
    compared = any(rest[m].text.lower() in ("aussi", "autant") for m in range(1, k))
    word = rest[k].text if k < len(rest) else ""
    adjective = bool(word) and (
        rest[k].pos == "ADJ"
        or (rest[k].pos == "VERB" and not word.endswith(_PARTICIPLE_ENDINGS))
        or word.endswith(_ADJECTIVE_ENDINGS)  # «plus facile de», tagged a noun
    )
    if adjective and k + 1 < len(rest) and word.islower() and word not in _NOT_IMPERSONAL_ADJ:
        complement = rest[k + 1].text.lower()
        if complement in _QUE and compared:
            return None  # «il est tout aussi limité que son aîné»: a comparison, said of anything
        if complement in _DE | _QUE | {"si"}:  # «il n'est pas clair si…»
            return "être"
        if complement == "," and _after_aside(rest, k + 2) in _DE | _QUE:
            return "être"  # «il est plus difficile, pour eux, de peser…»
        if rest[k + 1].text.lower() == "à" and k + 2 < len(rest) and rest[k + 2].lemma in _SAYING:
            return "être"  # «il est difficile à dire si…»: no man is hard to say or to foresee
    return None


def _after_aside(rest: list[Token], k: int) -> str:
    """The word after an aside of a preposition and up to three words closed by a comma, opening at
    ``k`` («pour eux,», «selon lui,»), or "" when none opens there."""
    if k >= len(rest) or rest[k].pos != "ADP":
        return ""
    for m in range(k + 1, min(len(rest) - 1, k + 5)):
        if rest[m].text == ",":
            return rest[m + 1].text.lower()
    return ""


# Adverbial locutions of two words that may stand between «il est» and its adjective.
_TWO_WORD_ADVERBS = frozenset(
    {"par ailleurs", "en outre", "en effet", "de plus", "du reste", "bien sûr", "en fait", "au fond", "sans doute"}
)

# Verbs of «il est difficile à dire»: said of a proposition, never of a person («il est difficile à
# battre», «à suivre», «à joindre» may be a man, so only these count).
_SAYING = frozenset("dire savoir prévoir prédire déterminer évaluer estimer".split())

_COMPARATIVES = frozenset({"aussi", "plus", "moins", "si", "autant"})
# Reflexive verbs whose compound tense keeps a dummy subject: «il s'est avéré que», «il s'est révélé difficile de».
_REFLEXIVE_IMPERSONAL_PARTICIPLES = frozenset({"avérer", "révéler", "écouler"})


def _complement_follows(tokens: list[Token], k: int) -> bool:
    """«est (bien) difficile de», «a été estimé que»: a word then de/que right after «il est».

    Not a de/que further on («il est disponible dans les hôtels de luxe», «il était
    vendu parmi une centaine de lots»: a thing), nor a comparison («il est tout aussi
    limité que son aîné»).
    """
    adverbs: set[str] = set()
    while k < len(tokens) and tokens[k].pos == "ADV" and len(adverbs) < 3:
        adverbs.add(tokens[k].text.lower())
        k += 1
    if k < len(tokens) and tokens[k].pos == "DET":
        # «il était l'objet de», «c'est… il est le seul à»: kept as before, a dummy when de/que
        # follows soon (such an «il» is as often someone the parser did not see as a name)
        return any(t.text.lower() in _IMPERSONAL_COMPLEMENT for t in tokens[k : k + 4])
    if k + 1 >= len(tokens):
        return False
    complement = tokens[k + 1].text.lower()
    if complement not in _IMPERSONAL_COMPLEMENT:
        return False
    return not (complement in _QUE and adverbs & _COMPARATIVES)


def impersonals(tokens: list[Token]) -> list[Impersonal]:
    """Strong impersonal «il» of one parsed French sentence."""
    out = []
    for i, tok in enumerate(tokens):
        if tok.text.lower() == "il":
            kind = construction(tokens, i)
            if kind is not None:
                out.append(Impersonal(i, tok, kind))
    return out


def calques_construction(construction_name: str, following_text: str) -> bool:
    """Whether the English after "he" is the calque ``construction_name`` invites."""
    return CALQUES[construction_name].match(following_text) is not None


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
    reflexive = any(t.text.lower() in ("se", "s'", "s’") for t in tokens[i + 1 : j])
    if j < len(tokens) and tokens[j].lemma in ("être", "faire", "devenir"):
        rest = tokens[j + 1 : j + 6]
        if reflexive and rest and rest[0].lemma not in IMPERSONAL_REFLEXIVE | _REFLEXIVE_IMPERSONAL_PARTICIPLES:
            return False  # «le franc s'est renforcé… il s'est renforcé de 7 %»: a reflexive verb's compound tense, not «il est … de»
        if _complement_follows(tokens, j + 1):
            return True
        if any(t.pos == "NUM" or t.lemma in ("heure", "temps", "tard", "tôt", "question") for t in rest[:3]):
            return True
        if tokens[j].lemma == "faire" and any(t.lemma in WEATHER_WORDS for t in rest[:2]):
            return True
    return False
