"""The English side of pronoun analysis: what a gendered English pronoun is and how to find words.

Kept apart from :mod:`tqcheck.lang.antecedents`, which resolves *French*
pronouns over a French parse: the English side needs no parser, only these
patterns and the ``english`` tables of ``pairs/fr-en/pronouns.yaml``, and
TQ201 reads it to decide which English he/she/his/her to pair with a French
pronoun.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tqcheck.datatypes import Sentence

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
