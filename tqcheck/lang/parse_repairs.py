"""Work-arounds for the French parser's errors that TQ201's resolver meets on news text (issue #8).

Why apart: :mod:`tqcheck.lang.antecedents` scores the mentions a parse gives,
and these tests say where the parse is wrong whatever it says, from the
words themselves (a closed class, a determiner and a noun, a firm's noun
before a name) or from where a clause hangs: a name tagged as a pronoun, an
opening subject hung as an adverbial, a firm's name hung as a modifier of
its own noun, the subject of a clause that only modifies its sentence.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from tqcheck.lang.humanness import Human, _children
from tqcheck.languages import lang_file, load_wordlist
from tqcheck.nlp import Token

if TYPE_CHECKING:
    from tqcheck.lang.antecedents import Mention


# Pronouns spaCy's French stop-word list may leave out («Rien n'a changé», «Personne ne sait»).
_PRONOUNS_NOT_STOP_WORDS = frozenset(
    "rien aucun aucune nul nulle personne quiconque autrui moi toi soi lui elle eux elles ça cela ceci celui celle".split()
)


def name_tagged_pronoun(tok: Token) -> bool:
    """«En attendant, Sos poursuit…»: a capitalised word the tagger calls a pronoun, that is none.

    French pronouns are a closed class, all among the function words (spaCy's
    stop words), so a capitalised "pronoun" outside them is a name the tagger
    did not know (left out, the «elle» that resumes the firm found no subject
    before it).
    """
    if tok.pos != "PRON" or not tok.text[:1].isupper() or not tok.text[1:].islower():
        return False
    low = tok.text.lower()
    words = _french_pronoun_words()
    return low not in words and low.split("-")[0] not in words and low.rstrip("'’") not in words


@lru_cache(maxsize=1)
def _french_pronoun_words() -> frozenset[str]:
    """Words a French pronoun may be: the function words, and the pronouns not among them."""
    from tqcheck.lang.stop_words import stop_words

    return stop_words("fr") | _PRONOUNS_NOT_STOP_WORDS


# Nouns of time, which open a sentence as an adverbial without a preposition («Le lendemain, il…»).
TIME_NOUNS = frozenset(
    """an année jour journée semaine mois matin matinée soir soirée nuit lendemain veille surlendemain
    midi minuit heure minute instant moment fois période saison été hiver printemps automne week-end
    siècle décennie époque trimestre semestre temps""".split()
)


def opening_subject(tokens: list[Token], i: int) -> bool:
    """«Le film d'Affleck manque de tension, il…»: a sentence-opening determiner and noun that the
    parser hung as an adverbial (``obl:mod``, after mistagging the verb), but that no preposition
    introduces, names no time («Le lendemain, il…») and has a verb after it before any comma: the
    subject, whatever the parse says (left out as a locution, the «il» found a person instead)."""
    tok = tokens[i]
    if tok.dep != "obl:mod" or tok.pos != "NOUN" or i > 3 or tok.lemma in TIME_NOUNS or tok.text.lower() in TIME_NOUNS:
        return False
    if not tokens[:i] or tokens[0].pos != "DET" or any(t.pos not in ("DET", "ADJ") for t in tokens[:i]):
        return False
    if any(tokens[j].dep == "case" for j in _children(tokens, i)):
        return False
    for t in tokens[i + 1 :]:
        if t.text in (",", ";", ":", "(", "—", "–"):
            return False
        if t.pos in ("VERB", "AUX"):
            return True
    return False


@lru_cache(maxsize=1)
def _firm_nouns() -> frozenset[str]:
    """Nouns that say a name is a firm's (tqcheck/data/lang/fr/firm_nouns.txt)."""
    return load_wordlist(lang_file("fr", "firm_nouns.txt"))


def names_take_their_noun(mentions: list[Mention], tokens: list[Token]) -> list[Mention]:
    """«Le groupe Fujitsu…, elle…»: a firm's name right after the noun that says it is a firm takes
    that noun's role and salience.

    The name and its noun are one firm, and French resumes a firm by the
    gender of «la société» as often as by its noun's («le groupe… il»), so
    the name (no gender of its own) must be as salient as the noun for an
    «elle» to find it: hung off the noun, it had the salience of a
    modifier. Only a name that is surely a thing (``human`` no, as the
    document's «le groupe Fujitsu» makes it) after a singular firm noun
    (tqcheck/data/lang/fr/firm_nouns.txt), with at most adjectives between:
    the name in «l'administration Obama» or «la loi Evin» is a person's, and
    keeps its modifier's weight.
    """
    firms = _firm_nouns()
    by_head = {m.head: m for m in mentions}
    out = []
    for m in mentions:
        noun = by_head.get(tokens[m.head].head)
        if (
            m.name_key is not None
            and m.human == Human.NO
            and noun is not None
            and noun.name_key is None
            and noun.human == Human.NO
            and noun.lemma in firms
            and noun.number != "Plur"
            and noun.head < m.head
            and all(tokens[j].pos == "ADJ" for j in range(noun.head + 1, m.head))
        ):
            m = replace(m, role=noun.role, base=max(m.base, noun.base))
        out.append(m)
    return out


# Clauses that modify a verb or a noun of their sentence (UD relations of their verb).
_MODIFIER_CLAUSES = frozenset({"advcl", "acl", "acl:relcl"})


def subject_of_a_modifier_clause(tokens: list[Token], i: int) -> bool:
    """Whether the subject at ``i`` is that of an adverbial or relative clause («avant que Galilée ne
    l'utilise»), not of the sentence's main clause (or of a clause it reports, which may be a topic).

    The clause must show it: a conjunction that opens it («avant que», «quand», «si») or a relative
    pronoun. The parser also hangs a main clause off a quotation it introduces («Le juge a dit : "Vous
    êtes…"», «a dit» an ``advcl`` of the quotation's verb), and that judge is the topic.
    """
    verb = tokens[i].head
    if not (0 <= verb < len(tokens) and tokens[verb].dep in _MODIFIER_CLAUSES):
        return False
    return tokens[verb].dep == "acl:relcl" or any(tokens[j].dep == "mark" for j in _children(tokens, verb))
