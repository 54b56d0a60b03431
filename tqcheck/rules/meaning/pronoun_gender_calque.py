"""TQ201: an English he/she/his/her that copies the grammatical gender of a French thing.

Size: about 740 lines, over the 400 the project aims at. The French side
(who a pronoun refers to) is apart, in :mod:`tqcheck.lang.antecedents`, and
so are the English readings (:mod:`tqcheck.lang.english_pronouns`,
``english_people``, ``english_names``, ``english_referents``,
``english_rendering``); what is here is the pairing of the two sides and the
guards that weigh them, which change together.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, partial
from typing import Any

from tqcheck.datatypes import Alignment, Sentence, Severity
from tqcheck.lang.antecedents import MIN_SALIENCE, Resolution, Resolver
from tqcheck.lang.english_names import _CALENDAR, _INSTITUTION_WORDS, _OPENERS, _looks_like_name, _places
from tqcheck.lang.english_people import _premodifier, name_resumed_only_as
from tqcheck.lang.english_pronouns import (
    ENGLISH_GENDERED_RE,
    ENGLISH_WORD_RE,
    EnglishPronoun,
    english_pronouns,
)
from tqcheck.lang.english_referents import (
    _modifies_next,
    before_collective,
    could_be_person_word,
    english_referent,
    predicated_thing,
    predicates_french_noun,
    word_classes,
)
from tqcheck.lang.english_topic import topic_rendered_as_thing
from tqcheck.lang.folding import fold as _fold
from tqcheck.lang.french_pronouns import OBJECT, POSSESSIVE, SUBJECT, _tables
from tqcheck.lang.humanness import Human
from tqcheck.lang.impersonal import (
    NEEDS_A_PERSON_INSIDE,
    PERSONAL_READINGS,
    REPLACEMENT,
    Impersonal,
    calques_construction,
    impersonals,
    is_impersonal,
)
from tqcheck.lang.person_gender import name_gender
from tqcheck.nlp import Analysis, Token, is_common_word, ner_pipeline
from tqcheck.rules.base import LinkContext, Rule, RuleContext, unit_start
from tqcheck.rules.options import RuleOptions, option


@dataclass(frozen=True)
class PronounOptions(RuleOptions):
    """Options of TQ201."""

    lookback: int = option(2, "source sentences before the link searched for the antecedent.")
    person_lookback: int = option(
        5,
        "sentences searched for a person of the pronoun's gender who may still be the topic "
        "(any such person blocks the finding).",
    )
    min_salience: float = option(
        MIN_SALIENCE, "how salient the thing must be; raise it for fewer, surer findings."
    )

ORPHAN_CONTEXT = 3
"""English sentences that must precede a link (in its unit) before a he/she there is judged to resume no one."""

# --------------------------------------------------------------------------- English side


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
    return name_resumed_only_as(genders, gender)


def _determined_person_word(words: list[re.Match[str]], k: int, gender: str) -> bool:
    """ "the architect", "a bystander": a person word beyond the short neutral list
    (:func:`tqcheck.lang.english_referents.could_be_person_word`) right after an article or
    a possessive (over its modifiers: "the 29-year-old engineer"); not "veteran taxi drivers" or
    "the term vehicle conductor", said of a kind."""
    word = words[k].group(0)
    if not word.islower() or not could_be_person_word(word, gender) or _modifies_next(words, k):
        return False
    for j in range(k - 1, max(-1, k - 8), -1):  # "the 29-year-old engineer": over modifiers to the article
        before = words[j].group(0)
        if before.lower() in _ARTICLES:
            return True
        if not (before == "-" or before.isdigit() or (before.islower() and "VERB" not in word_classes(before))):
            return False
    return False


_ARTICLES = frozenset("the a an this that his her its their our my your".split())


def _english_people_before(
    sentences: list[Sentence],
    pronoun: EnglishPronoun,
    gender: str,
    french_names: dict[str, str],
    earlier: Sequence[Sentence] = (),
    french_people: frozenset[str | None] | None = None,
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
    A neutral word does not count either when ``french_people`` (the
    genders of the nouns of the French window that are or may be persons,
    None where no title or first name shows it) are all of the other gender:
    "the minister" of «M. Bussereau» is not the "she". An article is not
    enough («le lauréat» may be said of anyone), and when the French names
    nobody the word still counts (the resolver misses persons «au patient»).
    """
    other_gender_only = bool(french_people) and not french_people & {gender, None}
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
                (low in neutral_people or _determined_person_word(words, k, gender))
                and not other_gender_only
                and not _premodifier(words, k)
                and not before_collective(words, k)
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
            before_words = text[: ent.start_char].split()
            named = name_gender(ent.text.split(), before_words[-1] if before_words else "")
            if named is not None and named != gender:
                continue  # "Mr. Toews", "François Hollande": not the person a "she" can be
            if named is None and _resumed_by_other_gender([*earlier, *sentences], sentence.index, pronoun, gender):
                continue  # "Sarkozy has broken his promise": a man to the translator, whom no "she" resumes
            labels = [french_names.get(_fold(w)) for w in re.findall(r"\w+", ent.text)]
            if "PER" in labels:
                return ent.text
            # Only in the English: a name unless it is an ordinary word ("Flu:" opening a title).
            if all(label is None for label in labels) and not (
                len(ent.text.split()) == 1 and is_common_word(ent.text, "en")
            ):
                return ent.text
    return None


def _name_in_sentence(en: EnglishPronoun, french_names: dict[str, str]) -> bool:
    """Whether the English sentence of a possessive names someone who could be its owner.

    "The timing of Obama's strategy is foiled by his voluntarism", "Most of
    his friends…, Chen said": a French possessive does not show its owner's
    gender, and the resolver, which must find the owner among nouns the
    recogniser often mislabels («d'Obama» as a place), went wrong in every
    such finding on news text. Any capitalised word inside the sentence
    counts, unless it is a place (a country or big town), a month or day, a
    word of an institution's name, an acronym, or a name the French
    recogniser calls an organisation.
    """
    text = en.sentence.text
    for m in ENGLISH_WORD_RE.finditer(text):
        word = m.group(0)
        if not word[:1].isupper() or word.isupper() or m.start() == en.start:
            continue
        before = text[: m.start()].rstrip(" \t\"'“‘«(—–")
        if before == "" or before[-1] in ".!?:;…":
            continue  # opens the sentence
        low = _fold(word)
        if low in _CALENDAR or low in _INSTITUTION_WORDS or low in _OPENERS or french_names.get(low) == "ORG":
            continue
        if low in _places():
            continue
        return True
    return False


def _pair(french: list[Resolution], english: list[EnglishPronoun]) -> list[tuple[Resolution, EnglishPronoun]]:
    """Match French pronouns to English ones of the same role, in order.

    Equal counts pair one to one in order. When the French has more, an
    English pronoun is paired only when every French pronoun of that role is
    a surely-a-thing calque candidate, with the one nearest in relative
    position. When the English has more ("his right hand… his forehead…
    his name" for one «son»), the extra ones resume someone the French
    names rather than pronominalises, and any of them may be the one a
    French pronoun was translated by: that role is left unpaired.
    """
    pairs = []
    for role in (SUBJECT, OBJECT, POSSESSIVE):
        fr = [r for r in french if r.pronoun.role == role]
        en = [e for e in english if e.role == role]
        if not fr or not en:
            continue
        if len(fr) == len(en):
            pairs.extend(zip(fr, en, strict=True))
        elif len(en) < len(fr) and all(r.flaggable for r in fr):
            for k, e in enumerate(en):
                pos = (k + 0.5) / len(en)
                nearest = min(range(len(fr)), key=lambda j: abs((j + 0.5) / len(fr) - pos))
                pairs.append((fr[nearest], e))
    return pairs


def _local_subject(res: Resolution) -> bool:
    """Whether a subject pronoun resumes the subject of its own sentence, standing before it.

    «La loi doit être appliquée, et si elle interdit…»: the resolver picked
    that subject over every person of the earlier sentences (a sure person
    there still competes, see :func:`tqcheck.lang.antecedents.resolve`), so
    a person further back or named in the English of earlier sentences is
    no longer in reach.
    """
    ante = res.antecedent.noun_phrase if res.antecedent is not None else None
    return (
        ante is not None
        and res.pronoun.role == SUBJECT == ante.role
        and ante.sentence.index == res.pronoun.sentence.index
        and ante.head < res.pronoun.index
    )


def _orphan_candidate(res: Resolution, en: EnglishPronoun | None = None) -> bool:
    """Whether a subject pronoun the resolver did not flag may still be judged on the English alone.

    Its antecedent is not a sure person («le lecteur», a bare name it may
    have misread, or a thing some person competed with), and (with ``en``) the
    English subject pronoun has its gender: then an English with no one of
    that gender to resume decides (see :meth:`PronounGenderCalque._orphan`).
    """
    ante = res.antecedent.noun_phrase if res.antecedent is not None else None
    if ante is None or res.pronoun.role != SUBJECT or res.pronoun.gender is None:
        return False
    if ante.human == Human.YES and ante.name_key is None:
        return False  # a person noun or a titled name; a bare name («Kestrel») the recogniser may misread
    if en is None:
        return True
    if en.gender == "Fem" and ante.lemma in _tables()["she_things"]:
        return False
    return en.role == SUBJECT and en.gender == res.pronoun.gender


def _predicates_antecedent(en: EnglishPronoun, res: Resolution) -> bool:
    """ "he is a film" for an «il» the resolver tied to «le film», a thing: the English says the
    he/she is the very thing the French pronoun resumes (see
    :func:`tqcheck.lang.english_referents.predicates_french_noun`)."""
    ante = res.antecedent.noun_phrase if res.antecedent is not None else None
    return (
        ante is not None
        and ante.human == Human.NO
        and en.role == SUBJECT
        and predicates_french_noun(en, ante.lemma)
    )


def _chain_calque(res: Resolution, en: EnglishPronoun, resolver: Resolver) -> bool:
    """A sentence-opening "He"/"She" for a sentence-opening «Il»/«Elle» whose chain the English just
    rendered "It" (:meth:`tqcheck.lang.antecedents.Resolver.rendered_chain`)."""
    return (
        en.role == SUBJECT
        and en.start == len(en.sentence.text) - len(en.sentence.text.lstrip("\"“'‘("))
        and en.gender == res.pronoun.gender
        and resolver.rendered_chain(res)
    )


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
    when the English has called its people only by the other gender), or a
    he/she of the same gender in the five English sentences before the link
    whose own French pronoun the resolver did not take for a thing (the
    translator speaking of a person the resolver missed). When the thing is
    the subject of the pronoun's own sentence («La loi doit être appliquée,
    et si elle interdit…»), only persons of that sentence (on either side)
    still block: the resolver has already weighed those of earlier ones. A title («M.»,
    "Mrs") or a first name that is only male or only female (gender-guesser)
    gives a named person's gender, so «François Hollande» does not block an
    «elle». A possessive (his/her for «son/sa/ses», which do not show their
    owner's gender) is left alone when the English sentence names someone
    who could own it: precision first, as the owner is where the resolver
    most often went wrong on news text.

    The English the translator wrote around the link is read as evidence
    too: an earlier French pronoun the English renders "it"/"its" (with no
    he/she/him/her for it) is a thing, not a rival person; a person further
    back whom the English resumes only with the other gender's pronouns
    does not block. A subject he/she whose English (the link and the five
    sentences before it, at least three) offers no one of its gender to
    resume — no pronoun, person word or name that could be such a person —
    is flagged even where the French resolver doubted (a person further
    back, a bare name it may misread, a thing not salient enough), unless
    the French names a person of that gender just before the pronoun; so is
    a sentence-opening "He" for an «Il» whose chain the English rendered
    "It" a sentence before, and a "he" for an «il» of a weaker impersonal
    reading («il n'est pas certain que») with no man in the English (one
    named three sentences back or more only as the subject of an "if" or
    "when" clause does not count). A subject he/she the English says *is*
    the very noun the French pronoun resumes ("he is a film" for «le film»)
    is flagged whoever else the English names.

    Things include ships, aircraft and trains even when named after a person
    («le porte-avions Charles-de-Gaulle… il»), towns (GeoNames towns of
    150,000 people or more, less the few that are as often a person's name),
    and companies named by their trade («le constructeur… il»). A ship may
    be "she" in English by tradition, so only "he" is flagged for one.

    It also flags the impersonal «il» copied as "he": «Il faut agir» → "He
    must act", «Il s'agit d'une étude» → "He is a study". Only the strong
    impersonal constructions count (il faut, il s'agit, il y a, il semble
    que, il convient de, il est + adjective + de/que, il est trop tôt pour,
    il reste des…, in compound tenses too: «il s'est agi»), and only when every
    «il» of the link is one, so no "he" can translate a person.

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
    """

    code = "TQ201"
    eval_family = "pronoun"
    name = "pronoun-gender-calque"
    severity = Severity.ERROR
    pairs = frozenset({"fr-en"})
    fixable = True
    Options = PronounOptions

    def document_state(self, ctx: RuleContext) -> _Chains:
        """The document's pronoun chains, resolved on first need and then read by every link."""
        assert isinstance(self.options, PronounOptions)
        return _Chains(ctx.alignment, ctx.analysis, self.options)

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
        yield from self._impersonal_calques(ctx, english, resolver)
        resolutions = [r for i in link.source for r in resolver.resolutions(i)]
        if not any(r.flaggable or _orphan_candidate(r) or resolver.rendered_chain(r) for r in resolutions):
            return

        first = link.source[0]
        previous_target = ctx.sentences(
            "target", range(max(0, link.target[0] - resolver.lookback), link.target[0])
        )
        assert isinstance(self.options, PronounOptions)
        person_lookback = self.options.person_lookback
        window_start = max(0, link.target[0] - resolver.lookback)
        earlier_target = ctx.sentences("target", range(max(0, window_start - 2), window_start))
        names = self._french_names(ctx, range(max(0, first - resolver.lookback), link.source[-1] + 1))
        # a name the document gives a thing («l'association Rexalia») is no person in the English either
        names.update((word, "ORG") for word in resolver.thing_names() & names.keys())
        french_people = resolver.person_genders(range(max(0, first - resolver.lookback), link.source[-1] + 1))
        # In a feed the antecedent search stops at the row, so persons of earlier rows inside the
        # lookback window were no candidates: they must block like persons further back do.
        cut = ctx.unit_start("source", first) > max(0, first - resolver.lookback)
        person_from = first if cut else first - resolver.lookback
        person_back = person_lookback if cut else person_lookback - resolver.lookback
        for res, en in _pair(resolutions, english):
            if res.antecedent is None:
                continue
            if not res.flaggable:
                # the French resolver doubted, but the English has no one the pronoun could resume,
                # or it rendered the same chain "It" a sentence before
                if _orphan_candidate(res, en) and (
                    predicated_thing(en)
                    or _predicates_antecedent(en, res)
                    or topic_rendered_as_thing(resolver, res, ctx.target_text)
                    or self._orphan(ctx, en, resolver, res)
                ):
                    yield self._finding(ctx, res, en)
                elif _chain_calque(res, en, resolver):
                    yield self._finding(ctx, res, en, chained=True)
                continue
            tokens = resolver.tokens(res.pronoun.sentence.index)
            if not _gender_consistent(res, en, tokens):
                continue
            if en.gender == "Fem" and res.antecedent.noun_phrase.lemma in _tables()["she_things"]:
                continue  # "the ship… she" is English; only "he" is the calque
            # (not in a feed row that cut the search: earlier rows' persons were never weighed)
            local = not cut and _local_subject(res)
            window = [*previous_target, *ctx.target_sentences]
            topic_start = self._topic_start(ctx, res, resolver)
            if local:  # people of earlier sentences were weighed by the resolver, which kept the subject
                window = list(ctx.target_sentences)
            elif topic_start is not None:  # people named before the topic sentence are out of reach
                window = [s for s in window if s.index >= topic_start]
            # A person of that gender a little further back may still be the topic (not past
            # a thing that is the subject of the pronoun's own sentence: «La loi…, si elle…»);
            # a person the English names before it may be meant; unless the English has no one
            # of that gender at all for a subject he/she to resume.
            blocked = (
                (not local and resolver.persons_before(person_from, res.pronoun.gender or en.gender, person_back))
                or _english_people_before(window, en, en.gender, names, earlier_target, french_people)
                or self._english_speaks_of_a_person(ctx, en, resolver, person_lookback)
            )
            # "she was a secret city": a he/she the English itself says is a thing resumes that thing
            if blocked and not (
                en.role == SUBJECT
                and (predicated_thing(en) or _predicates_antecedent(en, res) or self._orphan(ctx, en, resolver, res))
            ):
                continue
            if en.role == POSSESSIVE and _name_in_sentence(en, names):
                continue
            yield self._finding(ctx, res, en)

    def _orphan(self, ctx: LinkContext, en: EnglishPronoun, resolver: Resolver, res: Resolution | None = None) -> bool:
        """Whether the English of the link and the ``person_lookback`` sentences before it (in its unit)
        has no one ``en`` could resume (see :mod:`tqcheck.lang.english_referents`).

        Never with fewer than :data:`ORPHAN_CONTEXT` English sentences before the link: an
        excerpt (or a feed row) may start after the person it speaks of was named. Nor when the
        French pronoun (``res``) follows a person of its gender just before it, other than its
        antecedent (:meth:`tqcheck.lang.antecedents.Resolver.person_beside`): an English without
        her has changed or lost her name.
        """
        assert isinstance(self.options, PronounOptions)
        if res is not None and resolver.person_beside(res.pronoun, res.antecedent) is not None:
            return False
        first = max(ctx.unit_start("target", ctx.link.target[0]), ctx.link.target[0] - self.options.person_lookback)
        if ctx.link.target[0] - first < ORPHAN_CONTEXT:
            return False
        before = ctx.sentences("target", range(first, ctx.link.target[0]))
        # «le président»: when every French person around is of the other gender, the English
        # "the president" is that man, no woman a "she" resumes
        french_first = max(ctx.unit_start("source", ctx.link.source[0]), ctx.link.source[0] - self.options.person_lookback)
        genders = resolver.person_word_genders(range(french_first, ctx.link.source[-1] + 1))
        neutral_words = not (genders and genders == {"Masc", "Fem"} - {en.gender})
        return english_referent([*before, *ctx.target_sentences], en, resolver.thing_names(), neutral_words) is None

    @staticmethod
    def _english_speaks_of_a_person(
        ctx: LinkContext, en: EnglishPronoun, resolver: Resolver, back: int
    ) -> bool:
        """Whether the English already calls someone by ``en``'s gender shortly before it.

        A "she" in the ``back`` target sentences before the link (of its
        unit) whose own French has no pronoun the resolver takes for a thing
        is the translator speaking of a woman: "She was born in 1921… She has
        only ever eaten what her farm grows" resumes her, whatever noun the
        French resolver found for «Elle». A chain of calques ("The government…
        He plans… He said") does not block: each earlier "he" sits in a link
        whose French pronoun resumes a thing.
        """
        first = max(ctx.unit_start("target", ctx.link.target[0]), ctx.link.target[0] - back)
        before = ctx.sentences("target", range(first, ctx.link.target[0]))
        link_of = {t: link for link in ctx.alignment.links for t in link.target if first <= t < ctx.link.target[0]}
        for pronoun in english_pronouns(before):
            if pronoun.gender != en.gender:
                continue
            link = link_of.get(pronoun.sentence.index)
            if link is None or not link.source:
                return True  # English of its own: only a person can be meant
            if not any(r.flaggable for i in link.source for r in resolver.resolutions(i)):
                return True
        return False

    def _impersonal_calques(self, ctx: LinkContext, english: list[EnglishPronoun], resolver: Resolver) -> Iterator[Any]:
        """ "He must act" for «Il faut agir»: an impersonal «il» copied as a man.

        Only when every «il» of the link's French is a strong impersonal (so
        no "he" can translate a referential one), the English "he" goes on
        with the calque of that construction, and no person the English
        names shortly before it could be meant.
        """
        hes = [e for e in english if e.word.lower() == "he" and e.role == SUBJECT]
        if not hes:
            return
        found = []
        for i in ctx.link.source:
            tokens = resolver.tokens(i)
            strong = impersonals(tokens)
            if sum(1 for t in tokens if t.text.lower() == "il") != len(strong):
                yield from self._orphan_impersonal(ctx, hes, resolver)  # a personal «il» may be the "he"
                return
            found.extend((i, imp) for imp in strong)
        used: set[int] = set()
        # "Who is this man? It is Jean Dupont" may fairly become "He is Jean Dupont":
        # a man (or a person word) in the English shortly before leaves the "he" alone.
        window = [
            *ctx.sentences("target", range(max(0, ctx.link.target[0] - resolver.lookback), ctx.link.target[0])),
            *ctx.target_sentences,
        ]
        french_window = range(max(0, ctx.link.source[0] - resolver.lookback), ctx.link.source[-1] + 1)
        for i, imp in found:
            for k, en in enumerate(hes):
                if k in used or not calques_construction(imp.construction, en.sentence.text[en.end :]):
                    continue
                if (
                    imp.construction in PERSONAL_READINGS
                    and (imp.construction not in NEEDS_A_PERSON_INSIDE or resolver.names_a_person(i, imp.index))
                    and _english_people_before(
                        window, en, "Masc", {}, french_people=resolver.person_genders(french_window)
                    )
                ):
                    continue
                used.add(k)
                yield self._impersonal_finding(ctx, resolver.sentence(i), imp, en)
                break

    def _orphan_impersonal(self, ctx: LinkContext, hes: list[EnglishPronoun], resolver: Resolver) -> Iterator[Any]:
        """ "He is not yet certain that…" for «il n'est pas encore certain que…», with no man in the English.

        The weaker impersonal readings (:func:`tqcheck.lang.impersonal.is_impersonal`:
        «il n'est pas certain que», «il est possible que») may be a man's («il est
        certain que» is also "he is sure that"), so the English decides: when every
        «il» of the link reads as impersonal, there are as many as English subject
        "he"s, and the English has no one a "he" could resume (see :meth:`_orphan`).
        """
        found = []
        for i in ctx.link.source:
            tokens = resolver.tokens(i)
            ils = [k for k, t in enumerate(tokens) if t.text.lower() == "il"]
            if not all(is_impersonal(tokens, k) for k in ils):
                return
            found.extend((i, Impersonal(k, tokens[k], "être")) for k in ils)
        if len(found) != len(hes):
            return
        for (i, imp), en in zip(found, hes, strict=True):
            if self._orphan(ctx, en, resolver):
                yield self._impersonal_finding(ctx, resolver.sentence(i), imp, en)

    def _impersonal_finding(self, ctx: LinkContext, sentence: Sentence, imp: Any, en: EnglishPronoun) -> Any:
        replacement = REPLACEMENT.get(imp.construction, "it")
        if replacement is not None and en.word[:1].isupper():
            replacement = replacement.capitalize()
        fix = f'use "{replacement}"' if replacement else 'rephrase ("we must", "it is necessary to")'
        message = f'"{en.word}" translates the impersonal "il" of a French construction, which refers to no one: {fix}'
        return self.finding(
            ctx,
            message,
            source=ctx.sentence_span("source", sentence, imp.token.start, imp.token.end),
            target=ctx.sentence_span("target", en.sentence, en.start, en.end),
            suggestion=replacement,
            details={"french_pronoun": imp.token.text, "construction": imp.construction, "reason": "impersonal il"},
        )

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
            if any(m.role == SUBJECT and m.human != Human.NO for m in resolver.nouns(k)):
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
        chains = ctx.state if isinstance(ctx.state, _Chains) else self.document_state(ctx)
        return chains.resolver_for(ctx.index)

    def _finding(self, ctx: LinkContext, res: Resolution, en: EnglishPronoun, chained: bool = False) -> Any:
        """The finding for ``en``; ``chained``: found by the chain the English rendered "It" (the
        resolver's antecedent is then no thing to name, so the message names the rendering)."""
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
        related = [ctx.sentence_span("source", ante.sentence, ante.start, ante.end, label="antecedent")]
        if chained:
            message = (
                f'"{en.word}" translates "{fr.token.text}", which resumes what the translation called "It" '
                f'a sentence before (a thing, not a person): use "{replacement}"'
            )
            related = []
        return self.finding(
            ctx,
            message,
            source=ctx.sentence_span("source", fr.sentence, fr.token.start, fr.token.end),
            target=ctx.sentence_span("target", en.sentence, en.start, en.end),
            suggestion=replacement,
            related=related,
            details={
                "french_pronoun": fr.token.text,
                "role": fr.role,
                "antecedent": ante.text,
                "antecedent_lemma": ante.lemma,
                "reason": "chain rendered it" if chained else res.reason,
            },
        )


PREPARE_LINKS = 1_000
"""Links whose French is parsed in one batch when the first of them needs it: the rules engine's block
(:data:`tqcheck.rules.engine.RULE_BLOCK_LINKS`), so a long document's parses are held one block at a time."""


class _Chains:
    """One document's pronoun resolution for TQ201, made once per document (``Rule.document_state``).

    The resolver parses the French of every link whose English has a
    gendered pronoun, a block of :data:`PREPARE_LINKS` links at a time, the
    first time a link of the block needs it, so a document with no
    "he"/"she" is never parsed and a long one is not held parsed whole.
    """

    def __init__(self, alignment: Alignment, analysis: Analysis, options: PronounOptions) -> None:
        self.alignment = alignment
        self.analysis = analysis
        self.options = options
        self._prepared_until = 0
        if not getattr(analysis, "parses_here", False):
            # a page's French goes to the helper process (if any) while the rules before this one run;
            # a longer document's first block is parsed here while the helper parses the second
            self.resolver.prefetch(self._gated(0, min(len(alignment.links), PREPARE_LINKS)))

    @cached_property
    def resolver(self) -> Resolver:
        return Resolver(
            self.analysis,
            lookback=self.options.lookback,
            min_salience=self.options.min_salience,
            # In a feed each row is a unit: antecedents come from the row only (earlier rows may
            # still hold a person who blocks a finding, but never supply the antecedent).
            floor=partial(unit_start, self.alignment, "source"),
        )

    def resolver_for(self, link_index: int) -> Resolver:
        """The resolver, with the gated French of ``link_index``'s block parsed in one batch.

        Moving to a new block drops the resolver's memo of sentences well
        before it (chains reach ``lookback * depth`` sentences back; a dropped
        sentence asked for again is resolved again).
        """
        resolver = self.resolver
        if link_index < self._prepared_until:
            return resolver
        links = self.alignment.links
        start = link_index // PREPARE_LINKS * PREPARE_LINKS
        end = min(len(links), start + PREPARE_LINKS)
        self._prepared_until = end
        first = next((link.source[0] for link in links[start:end] if link.source), None)
        if first is not None:
            resolver.forget_before(first - max(32, 4 * resolver.lookback * resolver.depth))
        gated = self._gated(start, end)
        # the next block's French is parsed in the helper process (if any) while this block's is parsed
        # (sent ahead for a page, parsed here in a longer document) and its rules run
        resolver.prefetch(self._gated(end, min(len(links), end + PREPARE_LINKS)), skip=gated)
        resolver.prepare(gated)
        return resolver

    def _gated(self, start: int, end: int) -> list[int]:
        """The French sentences of links ``start:end`` whose English has a gendered pronoun."""
        return [
            i
            for link in self.alignment.links[start:end]
            if link.source and link.target and ENGLISH_GENDERED_RE.search(self.alignment.target_text(link))
            for i in link.source
        ]
