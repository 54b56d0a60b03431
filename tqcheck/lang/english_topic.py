"""Whether the translator already called the topic a French subject pronoun resumes "its" (issue #8).

Why: TQ201's resolver doubts a pronoun whose thing antecedent has a person
somewhere behind it («Gordon Bajnai, ministre…» two sentences before «Le
Ministère des finances organisera une fête dans sa grande salle. Il compte
dépenser…»), and the English around it may name that person too, so
neither side alone settles who the «Il» is. The translator has settled it,
one sentence earlier: "The finance ministry is holding a gathering in its
own assembly hall." A subject «il»/«elle» that continues the subject of the
sentence before (the topic) resumes the thing the English of that sentence
already resumed with "its"/"itself"; a "he"/"she" there copies the French
gender.

Strict on purpose: the topic must be the subject of the sentence just
before and the pronoun a subject too; that sentence must name no person
who may be of the pronoun's gender («le club a prolongé son entraîneur,
Thomas Arrieta. Il dirige l'équipe…» is the coach); its French must have a
possessive or reflexive pronoun (what the "its" translates) that the
resolver did not tie to a sure person; and its English must say
"its"/"itself" with no gendered pronoun at all, so that a link speaking of
a person and a thing at once proves nothing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tqcheck.lang.antecedents import NOT_SALIENT
from tqcheck.lang.english_pronouns import ENGLISH_GENDERED_RE
from tqcheck.lang.french_pronouns import POSSESSIVE, SUBJECT
from tqcheck.lang.humanness import Human

if TYPE_CHECKING:
    from tqcheck.lang.antecedents import Resolution, Resolver

_ITS = re.compile(r"\b(?:its|itself)\b", re.IGNORECASE)
_REFLEXIVE = frozenset({"se", "s'", "s’"})


def topic_rendered_as_thing(resolver: Resolver, res: Resolution, english_here: str) -> bool:
    """Whether ``res``'s subject pronoun continues a topic the English of its sentence called "its".

    ``english_here`` is the English of the pronoun's own link: when it has
    more than the one gendered pronoun being judged ("He has extended his
    season"), the translator reads the chain as a person throughout, and
    the earlier "its" proves nothing. See the module docstring for the rest.
    """
    ante = res.antecedent.noun_phrase if res.antecedent is not None else None
    pronoun = res.pronoun
    if (
        len(ENGLISH_GENDERED_RE.findall(english_here)) != 1
        or res.reason == NOT_SALIENT  # below the salience the run asks for (TQ201's min-salience)
        or ante is None
        or (ante.human == Human.YES and ante.name_key is None)  # a person noun or a titled name
        or pronoun.role != SUBJECT
        or ante.role != SUBJECT
        or ante.sentence.index != pronoun.sentence.index - 1
    ):
        return False
    texts = resolver.english.texts(ante.sentence.index)
    english = " ".join(texts)
    if not english or not _ITS.search(english) or ENGLISH_GENDERED_RE.search(english):
        return False
    k = ante.sentence.index
    if any(
        m.human == Human.YES and m.number != "Plur" and m.gender in (None, pronoun.gender)
        for m in resolver.nouns(k)
    ):
        return False  # «… de son entraîneur, Thomas Arrieta. Il dirige…»: a person of the topic sentence
    owners = [r for r in resolver.resolutions(k) if r.pronoun.role == POSSESSIVE]
    reflexive = any(t.text.lower() in _REFLEXIVE for t in resolver.tokens(k))
    sure_person = any(
        r.antecedent is not None and r.antecedent.noun_phrase.human == Human.YES and r.antecedent.noun_phrase.name_key is None
        for r in owners
    )
    return bool(owners or reflexive) and not sure_person
