"""The French side of TQ201: which noun a French pronoun resumes, and whether it is a person.

A salience-based resolver (subjects and recent mentions first, earlier pronouns as links of a chain)
over spaCy parses of the pronoun's sentence and the ones before it, with person/thing lexicons
in tqcheck/data. Kept apart from the rule so the rule file reads as the English-side decision.
Its inputs have modules of their own: which words are pronouns (:mod:`tqcheck.lang.french_pronouns`,
impersonal «il» in :mod:`tqcheck.lang.impersonal`), whether a noun is a person
(:mod:`tqcheck.lang.humanness`); what an English pronoun is, :mod:`tqcheck.lang.english_pronouns`.
About 790 lines, one algorithm: the salience weights, the mentions they score and the
chain-keeping :class:`Resolver` change together when the resolution is tuned. (Which names
the document gives to things is apart, in :mod:`tqcheck.lang.thing_names`; where the parse is
wrong whatever it says, in :mod:`tqcheck.lang.parse_repairs`; what the English
translation says of earlier pronouns and persons, in :mod:`tqcheck.lang.english_rendering`.)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from tqcheck.datatypes import Sentence
from tqcheck.lang.english_rendering import EnglishSide, rendered_as_thing
from tqcheck.lang.folding import fold as _fold
from tqcheck.lang.french_pronouns import (
    OBJECT,
    POSSESSIVE,
    SUBJECT,
    FrenchPronoun,
    _names_a_source,
    _tables,
    french_pronouns,
)
from tqcheck.lang.humanness import (
    Human,
    _children,
    _closes_organisation_name,
    _has_determiner,
    _is_french_word,
    _name_like,
    _person_nouns,
    _with_capital_accent,
    humanness,
)
from tqcheck.lang.parse_repairs import (
    name_tagged_pronoun,
    names_take_their_noun,
    opening_subject,
    subject_of_a_modifier_clause,
)
from tqcheck.lang.person_gender import name_gender, title_gender
from tqcheck.lang.thing_names import thing_names
from tqcheck.languages import lang_file, load_yaml
from tqcheck.nlp import Token

SUBJECT_DEPS = ("nsubj", "nsubj:pass")


@dataclass(frozen=True)
class Resolution:
    """What a French pronoun refers to; ``flaggable`` when that is surely a thing."""

    pronoun: FrenchPronoun
    antecedent: Mention | None
    flaggable: bool
    reason: str


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
    human: Human
    base: float  # salience without recency and parallelism
    role: str = ""
    plural_in_english: bool = False
    via: Mention | None = None  # for a pronoun: the noun phrase it resolved to
    # for a bare name («Amnesty», «Endesa», «le Moleskine»: no title, no known first name, no
    # person noun beside it): its folded word, which the document may elsewhere give to a thing
    name_key: str | None = None
    named_gender: bool = False  # the gender comes from a title or a first name, not an article

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


def _base_salience(tokens: list[Token], i: int) -> tuple[str, float]:
    dep = tokens[i].dep
    if dep == "ROOT" and i <= 3 and _has_determiner(tokens, i):
        dep = "nsubj"  # "La société prévoit…" with the verb mistagged: the opening noun is the subject
    if opening_subject(tokens, i):
        dep = "nsubj"  # «Le film d'Affleck manque…», the verb tagged an adjective
    role = SUBJECT if dep in SUBJECT_DEPS else OBJECT if dep in ("obj", "iobj", "obl:arg") else ""
    weight = ROLE_WEIGHTS.get(dep, 0.0)
    if not dep.startswith("obl") and dep not in ("advmod", "nmod"):
        weight += NON_ADVERBIAL
    if dep != "nmod":
        weight += HEAD_NOUN
    return role, weight


# Adverbial locutions made of a preposition and a bare noun: «au contraire», «en effet».
ADVERBIAL_LOCUTIONS = frozenset(
    """au:contraire au:total au:final au:passage du:coup en:effet en:fait en:revanche en:outre
    en:somme en:bref par:exemple par:ailleurs par:contre""".split()
)


# «tout le temps», «toute la journée», «tous les jours»: a span of time said as an adverb
DURATION_NOUNS = frozenset("temps jour journée nuit soirée matinée semaine mois année an été hiver week-end".split())
ALL_WORDS = frozenset("tout toute tous toutes".split())
DURATION_DETERMINERS = frozenset("le la l' l’ les ce cet cette ces".split())


def _is_duration_adverb(tokens: list[Token], i: int) -> bool:
    """«tout le temps», «toute la nuit»: how long, not a thing a later «il» or «elle» resumes.

    The parser often makes the noun an object («je pleurais tout le temps»), so
    its dependency label does not show it; the words before it do.
    """
    return (
        i >= 2
        and tokens[i].lemma in DURATION_NOUNS
        and tokens[i - 1].text.lower() in DURATION_DETERMINERS
        and tokens[i - 2].text.lower() in ALL_WORDS
        and tokens[i].dep not in SUBJECT_DEPS
    )


def _is_locution(tokens: list[Token], i: int) -> bool:
    tok = tokens[i]
    if tok.dep in ("obl:mod", "advmod", "fixed") or _is_duration_adverb(tokens, i):
        return True
    if i > 0 and f"{tokens[i - 1].text.lower()}:{tok.text.lower()}" in ADVERBIAL_LOCUTIONS:
        return True  # «au contraire» names nothing a pronoun could resume
    if tok.lemma not in LOCUTION_NOUNS:
        return False
    nxt = tokens[i + 1].text.lower() if i + 1 < len(tokens) else ""
    prev = [t.pos for t in tokens[max(0, i - 2) : i]]
    return "ADP" in prev and nxt in ("de", "d'", "d’", "du", "des")


@lru_cache(maxsize=1)
def _calendar_words() -> frozenset[str]:
    """French month and weekday names (the calendar data TQ302 reads)."""
    data = load_yaml(lang_file("fr", "calendar.yaml")) or {}
    return frozenset(w for key in ("months", "weekdays") for w in (data.get(key) or {}))


def noun_mentions(sentence: Sentence, tokens: list[Token], entities: list[Any]) -> list[Mention]:
    """Noun phrases of one sentence that a later pronoun could resume."""
    plural_in_english = _tables()["plural_in_english"]
    tokens = [
        replace(t, pos="PROPN") if _subject_name_as_adjective(t)
        # a pronoun's features are no name's («Sos» read as a plural «nous»-like form)
        else replace(t, pos="PROPN", morph=()) if name_tagged_pronoun(t)
        else t
        for t in tokens
    ]
    out = []
    for i, tok in enumerate(tokens):
        if tok.pos not in ("NOUN", "PROPN") or tok.dep in ("flat:name", "flat", "fixed", "compound"):
            continue
        if (
            not any(c.isalpha() for c in tok.text)
            or tok.text.lower() in PRONOUN_WORDS
            or tok.text.lower() in _calendar_words()  # «Vendredi la nuit il est parti»: a date, never resumed
            or (_is_locution(tokens, i) and not opening_subject(tokens, i))
        ):
            continue
        if i > 0 and tokens[i - 1].text == "(" and 0 <= tok.head < i:
            continue  # "les Forces armées maliennes (Fama)": an alias of the phrase before it
        gender, number = _gender_number(tokens, i, _name_like(tokens, i))
        role, base = _base_salience(tokens, i)
        start, end = _np_extent(tokens, i)
        named_gender = _title_gender(tokens, i) is not None
        if gender is None and _name_like(tokens, i):
            # «François Hollande» is a man, and so is «Pascal Affi» parsed as two names
            gender = name_gender(sentence.text[min(start, _name_run_start(tokens, i)) : end].split())
            named_gender = gender is not None
        if _name_like(tokens, i) and _closes_organisation_name(tokens, i):
            start = min(start, tokens[i - 2].start)  # the whole "Météo-France"
        # (an article's gender is no person's: «le Moleskine», read as «le Polonais», is still a brand)
        bare = _name_like(tokens, i) and not named_gender and not _beside_person_noun(tokens, i)
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
                name_key=_fold(tok.text) if bare else None,
                named_gender=named_gender,
            )
        )
    return out


def _subject_name_as_adjective(tok: Token) -> bool:
    """«Panetta a été…»: a capitalised subject the tagger calls an adjective, that is no French word,
    is a name (left out, a thing further back became the antecedent of the «il» that follows)."""
    return (
        tok.pos == "ADJ"
        and tok.dep in SUBJECT_DEPS
        and tok.text[:1].isupper()
        and not tok.text.isupper()
        and not _is_french_word(_with_capital_accent(tok.text))
    )


def _name_run_start(tokens: list[Token], i: int) -> int:
    """Offset of the first of the capitalised proper nouns right before the name at ``i``.

    The parser may split one name in two or three («Pascal» and «Affi
    N'Guessan», or «Pascal Koné N'» and «Dri», each its own root), and only
    the first part has the first name that shows its gender. The run goes
    back over capitalised nouns and proper nouns and over an elided capital
    particle («N'», «D'») glued to the next part.
    """
    j = i
    while j > 0:
        prev = tokens[j - 1]
        glued = prev.end == tokens[j].start and prev.text[-1:] in ("'", "’") and prev.text[:1].isupper()
        spaced = prev.end < tokens[j].start and prev.pos in ("PROPN", "NOUN") and prev.text[:1].isupper()
        if not (glued or spaced):
            break
        j -= 1
    return tokens[j].start


def _beside_person_noun(tokens: list[Token], i: int) -> bool:
    """Whether the name at ``i`` hangs off a person noun or has one in apposition: «le ministre Dupont»."""
    people = _person_nouns()
    tok = tokens[i]
    if tok.head >= 0 and tok.head != i and tokens[tok.head].lemma in people:
        return True
    return any(tokens[j].dep in ("appos", "flat:name", "flat") and tokens[j].lemma in people for j in _children(tokens, i))


def pronoun_mention(pronoun: FrenchPronoun, tokens: list[Token], resolution: Resolution) -> Mention:
    """An already resolved pronoun as a link in the chain: as human as what it resolved to."""
    ante = resolution.antecedent
    if resolution.flaggable and ante is not None and pronoun.gender is not None:
        human, via = Human.NO, ante.noun_phrase  # only a gender-marked pronoun makes a sure link
    elif ante is not None and ante.human == Human.YES:
        human, via = Human.YES, ante.noun_phrase
    else:
        human, via = Human.MAYBE, None
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


#: The reason of a resolution whose thing is below ``min_salience`` (TQ201's option for surer findings).
NOT_SALIENT = "antecedent not salient enough"


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
    if best.human != Human.NO:
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
        if local_subject and c.sentence.index != pronoun.sentence.index and (bound or c.human == Human.MAYBE):
            continue
        if topic and c.sentence.index < best.sentence.index and c.role != SUBJECT:
            continue
        # a sure person competes unless buried deep (a name inside "de Wagner" two
        # sentences back); a possible person only if about as salient as the thing
        share = score(c) / score(best)
        if (c.human == Human.YES and share >= PERSON_SHARE) or (c.human == Human.MAYBE and share >= MAYBE_SHARE):
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
                and ((c.role == SUBJECT and c.human != Human.NO) or (c.human == Human.YES and c.head < root))
                and _agrees(pronoun, c)
            ):
                return Resolution(
                    pronoun, best, False, f"a person later in the sentence ({c.text}) could be meant"
                )
    if score(best) < min_salience:
        return Resolution(pronoun, best, False, NOT_SALIENT)
    return Resolution(pronoun, best, True, "antecedent is a thing")


_SUBJECT_FORM = {"Masc": "he", "Fem": "she"}


def _same_phrase(a: Mention | None, b: Mention | None) -> bool:
    if a is None or b is None:
        return False
    a, b = a.noun_phrase, b.noun_phrase
    return a.sentence.index == b.sentence.index and a.head == b.head


def _unbind_clause_mates(resolutions: list[Resolution], tokens: list[Token]) -> list[Resolution]:
    """A subject and an object pronoun of one clause cannot both resume the same thing.

    "…, et elle ne peut pas la faire sortir": if "la" is the diatribe,
    "elle" is someone else; the resolver has gone wrong, so neither is flagged.
    An elided «l'» shows no gender and is often the neuter «le» of a whole
    proposition («comme elle l'avait fait»): then only the «l'» is in doubt.
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
                if obj.pronoun.gender is not None:
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
        self._things: frozenset[str] | None = None
        self._english: EnglishSide | None = None  # see _link_of_chain

    def forget_before(self, index: int) -> None:
        """Drop the nouns and resolutions of sentences before ``index`` (a long document, block by block)."""
        for memo in (self._nouns, self._resolved):
            for k in [k for k in memo if k < index]:
                del memo[k]

    def prepare(self, indices: list[int]) -> None:
        """Parse, in one batch, every sentence that resolving the pronouns of ``indices`` may read.

        spaCy is several times faster on a batch than sentence by sentence,
        and the chains reach ``lookback * depth`` sentences back.
        """
        wanted = self._reach(indices)
        self.analysis.parse_many("source", wanted)
        named = [k for k in wanted if self._wants_ner(self.tokens(k))]
        self.analysis.entities_many("source", named)

    def prefetch(self, indices: list[int], skip: Sequence[int] = ()) -> None:
        """Have the helper process parse what :meth:`prepare` of ``indices`` will read, while other work runs here.

        ``skip``: sentences whose :meth:`prepare` comes first (what it reads is not sent).
        """
        send = getattr(self.analysis, "prefetch", None)
        if send is not None:
            first = set(self._reach(list(skip))) if skip else set()
            send("source", [k for k in self._reach(indices) if k not in first], Resolver._wants_ner)

    def _reach(self, indices: list[int]) -> list[int]:
        reach = self.lookback * self.depth
        return sorted({k for i in indices for k in range(max(0, i - reach), i + 1)})

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
            things = self.thing_names()
            mentions = [
                replace(m, human=Human.NO) if m.name_key in things and m.human != Human.NO else m
                for m in noun_mentions(self.sentence(index), tokens, entities)
            ]
            self._nouns[index] = names_take_their_noun(mentions, tokens)
        return self._nouns[index]

    def thing_names(self) -> frozenset[str]:
        """Names the whole French document gives only to things («la société Čeps»): see :mod:`tqcheck.lang.thing_names`."""
        if self._things is None:
            self._things = thing_names("\n".join(s.text for s in self.analysis.alignment.source.sentences))
        return self._things

    def chain(self, index: int, depth: int) -> list[Mention]:
        """The pronouns of sentence ``index`` as mentions (empty when the chain is too deep)."""
        if depth <= 0:
            return []
        tokens = self.tokens(index)
        return [self._link_of_chain(r, tokens) for r in self.resolutions(index, depth)]

    def _link_of_chain(self, resolution: Resolution, tokens: list[Token]) -> Mention:
        """An earlier pronoun as a mention, a thing when the English of its sentence renders it "it"/"its".

        The resolver leaves a pronoun it could not tie to a sure thing as a
        possible person, who then competes with every later thing; the
        translator's "it" in its place (see :mod:`tqcheck.lang.english_rendering`)
        settles that it resumed a thing: the one it resolved to.
        """
        mention = pronoun_mention(resolution.pronoun, tokens, resolution)
        ante = resolution.antecedent
        if mention.human != Human.MAYBE or ante is None or ante.noun_phrase.human == Human.YES:
            return mention
        words = self._english_words(mention.sentence.index)
        if words and resolution.pronoun.role == OBJECT and ante.noun_phrase.human == Human.NO:
            # "we cannot accept it because she…" for «nous ne pouvons l'accepter car elle…»: the
            # "she" is the rendering of the sentence's subject «elle», not of the object «l'» (only
            # for an object resolved to a thing: one resolved to a name may be the person)
            subjects = {
                p.gender
                for p in french_pronouns(mention.sentence, tokens)
                if p.role == SUBJECT and p.index != resolution.pronoun.index
            }
            words = words - {_SUBJECT_FORM[g] for g in subjects if g in _SUBJECT_FORM}
        if not rendered_as_thing(words, resolution.pronoun.role):
            return mention
        return replace(mention, human=Human.NO, via=ante.noun_phrase)

    @property
    def english(self) -> EnglishSide:
        """The English of each source sentence's link (none without an alignment)."""
        if self._english is None:
            self._english = EnglishSide(getattr(self.analysis, "alignment", None))
        return self._english

    def _english_words(self, index: int) -> frozenset[str] | None:
        """The words of the English of source sentence ``index``'s link (None without an alignment)."""
        return self.english.words(index)

    def resolutions(self, index: int, depth: int | None = None) -> list[Resolution]:
        depth = self.depth if depth is None else depth
        if index in self._resolved:
            return self._resolved[index]
        first = max(self.floor(index), index - self.lookback)
        self.analysis.parse_many("source", list(range(first, index + 1)))
        sentence, tokens = self.sentence(index), self.tokens(index)
        pronouns = french_pronouns(sentence, tokens)
        out: list[Resolution] = []
        if pronouns:
            # the candidates (the nouns and the chains of the sentences before) are gathered only for
            # a sentence with a pronoun to resolve: most have none, and a chain is resolved again at
            # each depth it is read from (issue #13)
            earlier: list[Mention] = []
            for k in range(first, index):
                earlier.extend(self.nouns(k))
                earlier.extend(self.chain(k, depth - 1))
            here = self.nouns(index)
            for pronoun in pronouns:
                chained = [self._link_of_chain(r, tokens) for r in out]
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

    def names_a_person(self, index: int, after: int | None = None) -> bool:
        """Whether sentence ``index`` has a noun that is or may be one person.

        With ``after`` (a token position), only the first noun after it counts: the
        complement of «il s'agit de» or the subject of «il semble que» («Il s'agissait
        du principe…» names no one, whoever the sentence mentions further on).
        """
        nouns = self.nouns(index)
        if after is not None:
            nouns = [m for m in nouns if m.head > after][:1]
        return any(m.human != Human.NO and m.number != "Plur" for m in nouns)

    def person_genders(self, indices: range) -> frozenset[str | None]:
        """Genders of the nouns and pronouns of sentences ``indices`` that are or may be one person.

        None where the gender is not shown by a title or a first name («M. Durand», «Paul
        Durand»; the article of «le lauréat» is used of anyone) or by a pronoun. A pronoun counts unless the
        resolver took it for a thing; «selon lui», which is no pronoun to resolve, is a man.
        """
        nouns = {
            m.gender if m.named_gender else None
            for k in indices
            for m in self.nouns(k)
            if m.human != Human.NO and m.number != "Plur"
        }
        pronouns = {r.pronoun.gender for k in indices for r in self.resolutions(k) if not r.flaggable}
        sources = {
            "Masc" if t.text.lower() == "lui" else "Fem"
            for k in indices
            for j, t in enumerate(self.tokens(k))
            if t.text.lower() in ("lui", "elle") and _names_a_source(self.tokens(k), j)
        }
        return frozenset(nouns | pronouns | sources)

    def rendered_chain(self, res: Resolution) -> bool:
        """Whether an earlier link of ``res``'s chain, a sentence-opening subject pronoun resuming the
        same noun phrase, was rendered by the translator as a sentence-opening "It".

        «Il a été présenté en novembre. Il sera en vente en 2012.»: the resolver may tie both
        «Il» to a man named just before; the translator's "It was presented…" shows the first
        one, and so the second, to be a thing, so "He will go on sale" copies the French gender.
        Only a pronoun opening both its sentences counts, where the English follows the French.
        """
        ante = res.antecedent
        p = res.pronoun
        if ante is None or p.role != SUBJECT or p.index != 0 or p.gender is None:
            return False
        target = ante.noun_phrase
        for k in range(max(self.floor(p.sentence.index), p.sentence.index - self.lookback), p.sentence.index):
            for r in self.resolutions(k):
                earlier = r.pronoun
                if (
                    earlier.role == SUBJECT
                    and earlier.index == 0
                    and earlier.gender == p.gender
                    and _same_phrase(r.antecedent, target)
                    and self.english.opens_with_it(k)
                ):
                    return True
        return False

    def person_beside(self, pronoun: FrenchPronoun, antecedent: Mention | None = None) -> Mention | None:
        """A person (sure or possible) of ``pronoun``'s gender, shown by its form or name («la
        coordonnatrice», «Amina Diallo»), in the pronoun's sentence before it or in the sentence
        before, other than ``antecedent`` (the resolver's choice).

        The French then names the person the pronoun most likely resumes, and an English that
        names no one of that gender has lost or changed that person (a name error of its own),
        not calqued a thing: TQ201 does not call such a he/she an orphan.
        """
        index = pronoun.sentence.index
        for k in range(max(self.floor(index), index - 1), index + 1):
            for m in self.nouns(k):
                if (
                    m.human != Human.NO
                    and m.number != "Plur"
                    and m.gender == pronoun.gender
                    and (k < index or m.head < pronoun.index)
                    and not _same_phrase(m, antecedent)
                ):
                    return m
        return None

    def person_word_genders(self, indices: range) -> frozenset[str | None]:
        """Genders of the nouns and pronouns of sentences ``indices`` that are or may be one person,
        as their article or form shows them («le président», «la ministre»; None for a name of no
        known gender), and of the pronouns the resolver did not take for a thing.

        Unlike :meth:`person_genders`, an article counts: TQ201 reads this only when the English
        has no pronoun or name of the English pronoun's gender at all, to tell whether its
        "the president" may be the woman a "she" resumes (see ``PronounGenderCalque._orphan``).
        """
        nouns = {m.gender for k in indices for m in self.nouns(k) if m.human != Human.NO and m.number != "Plur"}
        pronouns = {r.pronoun.gender for k in indices for r in self.resolutions(k) if not r.flaggable}
        return frozenset(nouns | pronouns)

    def persons_before(self, index: int, gender: str | None, back: int) -> Mention | None:
        """A person (of ``gender``) who is the subject of one of the ``back`` sentences before ``index``.

        Only a subject of a main clause: one of an adverbial or relative clause («…, avant que
        Galilée ne l'utilise», «l'engin qu'Armstrong pilotait») is a circumstance of what the
        sentence says about its own subject, no topic that a pronoun sentences later resumes.
        """
        for k in range(max(0, index - back), index):
            tokens = self.tokens(k)
            for m in self.nouns(k):
                if (
                    m.human == Human.YES
                    and m.role == SUBJECT
                    and not subject_of_a_modifier_clause(tokens, m.head)
                    and m.number != "Plur"
                    and (gender is None or m.gender in (None, gender))
                    and not (
                        m.gender is None
                        and gender is not None
                        and (
                            self._resumed_as(m, index) == {OTHER[gender]}
                            # the translator's pronouns for them there and in the next sentence
                            or self.english.resumed_only_as(range(k, k + 2), OTHER[gender])
                        )
                    )
                ):
                    return m
            for r in self.resolutions(k):
                p = r.pronoun
                # a pronoun the resolver itself takes for a sure thing («le bâtiment… il») is no person,
                # nor one the translator rendered "it" (see _link_of_chain), nor a sentence-opening one
                # rendered by an opening "This"/"That" ("This could lead…" for «Elle aurait pu conduire…»)
                if (
                    p.role == SUBJECT
                    and p.gender is not None
                    and p.gender == gender
                    and not r.flaggable
                    and not rendered_as_thing(self._english_words(k), SUBJECT)
                    and not (p.index == 0 and self.english.opens_with_thing_subject(k))
                ):
                    return pronoun_mention(p, tokens, Resolution(p, None, False, "not resolved"))
        return None

