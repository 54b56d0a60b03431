"""How the English translation renders a French pronoun: as "it"/"its", or as a person.

Why (issue #8): TQ201's resolver keeps every earlier French pronoun it cannot
tie to a sure thing as a possible person, and such a pronoun then vetoes a
later «elle» that resumes a thing («Kalivo a lancé une application. Elle
compte un million d'utilisateurs. La banque centrale… Elle publiera…»). The translator has already read that earlier pronoun:
when the English of its sentence says "it"/"its" in its place and no
he/she/him/her/his of that role at all, the translator took it for a thing,
and so may the resolver. Only a pronoun's role is compared (subject and
object "it", possessive "its"), and only when the English has no gendered
pronoun of that role (a subject and an object count for each other, as
translators swap them), so that a link speaking of a person and a thing at
once ("he said it") proves nothing.
"""

from __future__ import annotations

import re

from tqcheck.datatypes import Alignment
from tqcheck.lang.english_pronouns import ENGLISH_WORD_RE
from tqcheck.lang.french_pronouns import OBJECT, POSSESSIVE, SUBJECT

#: English forms of each role: the neuter ones a thing takes, the gendered ones a person takes.
NEUTER = {SUBJECT: frozenset({"it"}), OBJECT: frozenset({"it", "itself"}), POSSESSIVE: frozenset({"its"})}
# A translator turns a French object into an English subject and back («Autour de lui, des
# conseillers» → "He is surrounded by advisers"): subject and object forms count for both roles.
_PERSONAL = frozenset({"he", "she", "him", "her", "himself", "herself"})
_PRONOUNS_OF = {
    "Masc": frozenset({"he", "him", "his", "himself"}),
    "Fem": frozenset({"she", "her", "hers", "herself"}),
}
GENDERED = {SUBJECT: _PERSONAL, OBJECT: _PERSONAL, POSSESSIVE: frozenset({"his", "her", "hers"})}


class EnglishSide:
    """The English of each French sentence's link, read lazily: its text and its lower-cased words."""

    def __init__(self, alignment: Alignment | None) -> None:
        self._target_of: dict[int, tuple[int, ...]] = {}
        self._alignment = alignment
        if alignment is not None:
            for link in alignment.links:
                for i in link.source:
                    self._target_of[i] = link.target
        self._words: dict[int, frozenset[str] | None] = {}

    def texts(self, index: int) -> list[str]:
        """The English sentences of source sentence ``index``'s link (none without an alignment)."""
        if self._alignment is None:
            return []
        return [self._alignment.target.sentences[t].text for t in self._target_of.get(index, ())]

    def words(self, index: int) -> frozenset[str] | None:
        """Lower-cased words of that English (None: no English)."""
        if index not in self._words:
            text = " ".join(self.texts(index))
            self._words[index] = (
                frozenset(w.lower() for w in ENGLISH_WORD_RE.findall(text) if re.match(r"\w", w)) if text else None
            )
        return self._words[index]

    def opens_with_it(self, index: int) -> bool:
        """Whether the English of source sentence ``index`` is one sentence that opens with a subject
        "It" and has no gendered subject pronoun ("It was presented last November…")."""
        texts = self.texts(index)
        if len(texts) != 1 or not re.match(r"It\s+[a-z]", texts[0].lstrip("\"“'‘(")):
            return False
        return not (self.words(index) or frozenset()) & _PERSONAL

    def opens_with_thing_subject(self, index: int) -> bool:
        """Whether the English of source sentence ``index`` is one sentence that opens with a subject
        "It"/"This"/"That" and a verb, and has no gendered subject or object pronoun ("This could
        lead to…" for «Elle aurait pu conduire à…»): the translator read the French opening
        pronoun as a thing. "This year…" (a determiner before a noun) does not count: the next
        word must be an auxiliary ("could", "will") or a verb that is no noun ("led", not "shows").
        """
        texts = self.texts(index)
        m = re.match(r"(?:It|This|That)\s+([a-z]+)\b", texts[0].lstrip("\"“'‘(")) if len(texts) == 1 else None
        if m is None or (self.words(index) or frozenset()) & _PERSONAL:
            return False
        from tqcheck.lang.english_referents import word_classes  # lemminflect, loaded on first use

        classes = word_classes(m.group(1))
        return "AUX" in classes or ("VERB" in classes and "NOUN" not in classes)

    def resumed_only_as(self, indices: range, gender: str) -> bool:
        """Whether the English of sentences ``indices`` has gendered pronouns, all of ``gender``.

        "Imam X has condemned the threats. His community…": the person the
        French names without a title or first name is a man to the translator.
        """
        seen = {g for i in indices for g, forms in _PRONOUNS_OF.items() if (self.words(i) or frozenset()) & forms}
        return seen == {gender}


def rendered_as_thing(words: frozenset[str] | None, role: str) -> bool:
    """Whether English ``words`` (of one link) render a French pronoun of ``role`` as a thing.

    An "it" (or "its" for a possessive) is there and no pronoun of that role
    that names a person: "a deal that cost it dearly" for «un accord qui
    lui a coûté cher». A possessive «her» is read as both an object and
    a possessive, so it always counts as a person's.
    """
    if not words or role not in NEUTER:
        return False
    return bool(words & NEUTER[role]) and not words & GENDERED[role]
