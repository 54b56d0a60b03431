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
_BE = r"(?:is|was|will\s+be|would\s+be|has\s+been|had\s+been|'s|’s)"

# English continuations of "he" that calque each construction (matched right
# after the pronoun, case-insensitive). "He must act" for «il faut agir»;
# "He is a study" for «il s'agit d'une étude»; "He has two years" for «il y a
# deux ans».
CALQUES: dict[str, re.Pattern[str]] = {
    name: re.compile(r"\s+(?:" + pattern + r")\b", re.IGNORECASE)
    for name, pattern in {
        "falloir": r"must|needs?|needed|has\s+to|had\s+to|will\s+have\s+to|would\s+have\s+to|should|takes|took|"
        r"will\s+take|would\s+take|faut|" + _BE + r"\s+(?:necessary|needed|required|essential|imperative)",
        # «il s'agit d'une étude» → "he is a study"; not "he has been considering"
        "agir": r"(?:is|was|will\s+be|would\s+be|'s|’s)\s+(?:a|an|the|about|not|also|this|that|one|no|only|rather|mainly|"
        r"mostly|primarily|essentially|simply|just|actually|indeed|really|above|once|again)\b|"
        r"acts|acted|concerns|concerned|deals|dealt|involves|involved",
        # «il y a deux ans» → "he has two years"; not "he has been", "he had said"
        "avoir": r"there|(?:has|had|have)\s+(?:a|an|some|no|many|several|more|less|still|also|already|not|never|"
        r"only|about|around|\d[\d,.]*|two|three|four|five|six|seven|eight|nine|ten|dozens|hundreds|thousands)\b",
        "sembler": r"seems|seemed|appears|appeared|would\s+seem|would\s+appear|looks|looked",
        "pleuvoir": r"rains|rained|snows|snowed|" + _BE + r"\s+(?:raining|snowing)",
        "suffire": r"suffices|sufficed|would\s+suffice|will\s+suffice|" + _BE + r"\s+(?:enough|sufficient)",
        "valoir": _BE + r"\s+(?:better|worth)|would\s+be\s+better|better",
        "pouvoir": r"can|could|may|might",
        "arriver": r"happens|happened|arrives|arrived|occurs|occurred",
        "exister": r"exists|existed",
        "rester": r"remains|remained|stays|stayed|rests|rested|" + _BE + r"\s+left",
        "être": _BE + r"\s+(?:\w+ly\s+)?\w+\s+(?:to|that|whether|for)",
    }.items()
}

# Calques that a free translation about a man named just before could also
# produce ("It is a former soldier" → "He is a former soldier"): these need no
# person in the English before the "he". "He is possible to…", "He rains" never can.
PERSONAL_READINGS = frozenset({"falloir", "agir", "avoir", "sembler", "pouvoir", "arriver", "exister", "rester"})

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
    verb, after = rest[0], [t.text.lower() for t in rest[1:4]]
    lemma = verb.lemma
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
    if lemma == "arriver" and after[:1] and after[0] in _QUE:
        return "arriver"
    if lemma == "exister" and after[:1] and after[0] in _PARTITIVE:
        return "exister"
    if lemma == "rester" and after[:1] and (after[0] in _QUE or after[0] in _PARTITIVE):
        return "rester"
    if lemma == "être" and not between:
        # «il est important de / possible que»: an adjective (maybe after an adverb) then de/que.
        k = 1
        if k < len(rest) and rest[k].pos == "ADV":
            k += 1
        if k + 1 < len(rest) and rest[k].pos == "ADJ" and rest[k + 1].text.lower() in _DE | _QUE:
            return "être"
    return None


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
