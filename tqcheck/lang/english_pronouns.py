"""The English side of pronoun analysis: what a gendered English pronoun is and how to find words.

Kept apart from :mod:`tqcheck.lang.antecedents`, which resolves *French*
pronouns over a French parse: the English side needs no parser, only these
patterns and the ``english`` tables of ``pairs/fr-en/pronouns.yaml``, and
TQ201 reads it to decide which English he/she/his/her to pair with a French
pronoun. :func:`english_pronouns` finds them in target sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tqcheck.datatypes import Sentence
from tqcheck.lang.french_pronouns import OBJECT, POSSESSIVE, _tables

# Cheap gate: only links whose English has a gendered pronoun reach the parser.
ENGLISH_GENDERED_RE = re.compile(r"\b(?:she|he|her|hers|him|his|herself|himself)\b", re.IGNORECASE)
# Letters with accents: "Drôme" is one word, not "Dr" (doctor) and "me".
ENGLISH_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|[^\s\w]|\d|_")

# Words after "her" that show it is an object ("told her that"), not a possessive ("her army").
NOT_A_NOUN_AFTER_HER = frozenset(
    """and or but nor so to that than as at by for from in into of off on onto out over
    up down back away about again too also very well yet with without the a an this these those
    is was are were be been has have had will would can could should may might must do does did
    who which when while if because since until before after its their his her our my your
    himself herself itself""".split()
)


@dataclass(frozen=True)
class EnglishPronoun:
    """A gendered pronoun of the English target; offsets relative to its sentence."""

    sentence: Sentence
    start: int
    end: int
    word: str
    role: str
    gender: str


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
                is_noun_next = nxt[:1].isalpha() and nxt not in NOT_A_NOUN_AFTER_HER
                role = POSSESSIVE if is_noun_next else OBJECT
            else:
                role = roles[0]
            out.append(EnglishPronoun(sentence, m.start(), m.end(), m.group(0), role, entry["gender"]))
    return out
