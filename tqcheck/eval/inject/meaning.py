"""Corruptions of meaning: a gendered pronoun for a thing (TQ201) and a false friend or calque (TQ202/TQ203).

The false-friend swaps are read from the same lexicon as the rules, and a
swap is made only where the rule, reading lemmas, would call it wrong.
"""

from __future__ import annotations

import random
import re
from typing import Any

from tqcheck.eval.gold import GoldTranslation
from tqcheck.eval.inject.edits import InjectedCase, edit_target, label, one_one_texts
from tqcheck.lang.inflection import gerund, past, plural, third_person

# A referential subject «il»/«elle»: not the dummy «il» of «il y a», «il faut»,
# «il s'agit», «il semble que», «il est difficile de» (those are the impersonal variant).
_FR_IMPERSONAL_AFTER = (
    r"(?:n['’]|ne\s+)?(?:y\b|faut\b|fallait\b|faudra\b|faudrait\b|s['’]ag|semble\b|semblait\b|para[iî]t\b|"
    r"reste\b|restait\b|suffit\b|vaut\b|se\s+peut\b|arrive\s+(?:\w+\s+)?qu|existe\b|pleut\b|"
    r"(?:est|était|sera|serait|a\s+été|avait\s+été)\s+(?:\w+\s+){0,2}(?:de|d['’]|que|qu['’]))"
)
_FR_SUBJECT = re.compile(r"(?:^|[\s,;:«(])([Ee]lle|[Ii]l)\s+(?!" + _FR_IMPERSONAL_AFTER + r")", re.U)
# English "it" as a subject: opening the sentence or a clause, followed by a verb-like lowercase word.
_CLAUSE_OPENERS = "that and but because when as if so while since although".split()
_EN_IT = re.compile(
    r"(?:^|(?<=[.!?:;]\s)|(?<=[\"“(])|(?<=,\s)|" + "|".join(rf"(?<=\b{w}\s)" for w in _CLAUSE_OPENERS) + ")"
    r"(It|it)\b(?!')(?=\s+(?!is\s+(?:not\s+)?(?:possible|likely|unclear|clear|important|necessary|difficult|true|time)\b)[a-z]+)"
)
# The impersonal variant: «Il faut…», «Il s'agit de…», «Il est difficile de…» rendered "It is…" → "He is…".
_FR_IMPERSONAL = re.compile(
    r"(?:^|[\s,;:«(])[Ii]l\s+(?:n['’]|ne\s+)?(?:s['’]agi|est\s+(?:\w+\s+)?\w+\s+(?:de|d['’]|que|qu['’])|semble\s+que|"
    r"sera\s+\w+\s+(?:de|d['’]))",
    re.U,
)
_EN_IT_IS = re.compile(r"(?:^|(?<=[.!?:;]\s)|(?<=[\"“(]))(It)(?=\s+(?:is|was|will\s+be|would\s+be|seems)\b)")


# Other French words an English "it" may translate: «c'est», «cela», «ça», «celle-ci», «elles».
# When one of them is in the sentence the "it" may be theirs, and a "he" for it copies nothing.
_FR_OTHER_IT = re.compile(
    r"\b(?:[Cc](?:['’]|e\s+(?:n['’]|ne\s+)?(?:est|était|sera|serait|fut)\b)|[Cc]ela\b|[Çç]a\b|[Cc]eci\b|"
    r"[Cc]el(?:ui|le)-(?:ci|là)\b|[Ii]ls\b|[Ee]lles\b)"
)
_EN_GENDERED = {
    "he": re.compile(r"\b(?:he|him|his|himself)\b", re.I),
    "she": re.compile(r"\b(?:she|her|hers|herself)\b", re.I),
}


#: Target lines before the sentence searched for a person of the injected gender (TQ201's ``person_lookback``).
PERSON_LOOKBACK = 5


_MASC_DET = r"(?:un|le|ce|cet|du|au|son|mon|notre|votre|leur)"
_FEM_DET = r"(?:une|la|cette|sa|ma|notre|votre|leur)"


def _resumes_person_noun(source_before: str, pronoun: str) -> bool:
    """Whether the French pronoun may resume a person noun of its sentence: «Si un commerçant…, il risque…».

    ``source_before`` is the French sentence up to the pronoun, whose nouns
    are its nearest antecedents. When one of them is a person noun of the
    pronoun's gender (shown by its determiner: «un commerçant» for «il»)
    the «il» is that person; the translator's "it" then stands for some
    other word ("the outlet") and a "he" there copies no grammatical gender.
    «l'élection du président…, elle…» still resumes the election, «la
    Société générale, elle…» the bank. (A person of an earlier sentence is
    left alone: «Le maire a inauguré le pont. Il mesure…» resumes the bridge.)
    """
    from tqcheck.lang.humanness import _person_nouns

    people = _person_nouns()
    det = _FEM_DET if pronoun == "elle" else _MASC_DET
    return any(m.group(1) in people for m in re.finditer(rf"\b(?i:{det})\s+([a-zà-ÿ]+)\b", source_before))


# "it was mentioned that…", "it is expected that…": the dummy subject of an English passive of
# saying, which renders no French pronoun (a «il a mentionné que» there is a person).
_EN_EXTRAPOSED = re.compile(
    r"\s+(?:is|was|has\s+been|had\s+been|will\s+be|would\s+be)\s+(?:\w+ly\s+)?[a-z]+ed\s+(?:that|whether)\b"
)

# "It was day 20 when…", "It was late at night when…": the dummy subject of a cleft of time, which
# stands for no noun and renders no French «il» (that one is translated elsewhere, or left out);
# not "it was sold when…", a thing's passive, where the "it" is the thing's.
_TIME_WORDS = (
    "day|days|week|weeks|month|months|year|years|night|morning|afternoon|evening|noon|midnight|"
    "dawn|dusk|late|early|time|pm|am|o'clock|january|february|march|april|may|june|july|august|"
    "september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
)
_EN_CLEFT = re.compile(
    rf"\s+(?:is|was)\s+(?=(?:[\w'-]+\s+){{0,3}}?(?:\d|(?i:{_TIME_WORDS})\b))(?:[\w'-]+\s+){{0,3}}[\w'-]+,?\s+when\b"
)


def _names_a_person_before(target_before: str, word: str) -> bool:
    """Whether the English sentence before the "it" names a person a ``word`` ("he"/"she") would resume.

    "Under the law, the Secretary of the Treasury may apply a mixed strategy: it can buy…": the
    translator made the French office («le secrétariat») a person, and a "he" there is right. A
    person word of that gender or of none right after an article ("the Secretary", "a minister")
    counts, as :func:`_resumes_person_noun` does for the French; not one modifying the next noun
    ("the student union") nor one inside a prepositional phrase ("the election of the
    president, it was won…": the "it" is the election's).
    """
    from tqcheck.lang.english_referents import _modifies_next, could_be_person_word

    gender = "Fem" if word == "she" else "Masc"
    words = list(re.finditer(r"[A-Za-z][a-z]+", target_before))
    return any(
        k > 0
        and words[k - 1].group(0).lower() in ("the", "a", "an")
        and not (k > 1 and words[k - 2].group(0).lower() in _PREPOSITIONS)
        and could_be_person_word(m.group(0), gender)
        and not _modifies_next(words, k)
        for k, m in enumerate(words)
    )


_PREPOSITIONS = frozenset("of for to by with from about against among between at in on into onto over under".split())


def pronoun(gold: GoldTranslation, rng: random.Random, case: InjectedCase) -> bool:
    """Calque a French gendered pronoun for a thing: English "It" becomes "She"/"He".

    Only where the "it" can be the calque's: the French sentence has one
    «il»/«elle» and no other word an "it" may translate («c'est», «cela»,
    «celle-ci», «elles»), and the English of the sentence and the two before
    has no pronoun of the injected gender: a "he" beside a man the English
    already calls "he" may be that man (the French «il» may be him and the
    "it" the translator's slip), so no checker could call it a calque.
    "Before" is the ``PERSON_LOOKBACK`` paragraphs TQ201 itself searches for
    such a person: a man named three sentences back may still be the topic.
    """
    candidates = []
    lines = gold.target_text
    for i, src, tgt in one_one_texts(gold):
        fr = _FR_SUBJECT.findall(src)
        its = list(_EN_IT.finditer(tgt))
        personal = len(re.findall(r"\b(?:[Ii]l|[Ee]lle)\b", src))
        if personal != 1 or _FR_OTHER_IT.search(src):
            continue
        before = " ".join(
            lines[: gold.links[i].target[0][0]].rstrip("\n").rsplit("\n", PERSON_LOOKBACK)[-PERSON_LOOKBACK:]
        )
        word = "she" if re.search(r"\b[Ee]lle\b", src) else "he"
        if _EN_GENDERED[word].search(before + " " + tgt):
            continue
        if len(fr) == 1 and len(its) == 1:
            at = _FR_SUBJECT.search(src)
            impersonal = at is not None and re.match(r"(?:lui|leur)\s+est\b", src[at.end() :])
            if at is not None and not impersonal and _resumes_person_noun(src[: at.start(1)], fr[0].lower()):
                continue  # «il lui est plus facile de…» stays: an impersonal «il» resumes no one
            if _EN_EXTRAPOSED.match(tgt, its[0].end(1)):
                continue  # "it was mentioned that…": a dummy of the English passive, no French «il»'s
            if _EN_CLEFT.match(tgt, its[0].end(1)):
                continue  # "It was day 20 when…": a cleft's dummy, no French «il»'s
            if _names_a_person_before(tgt[: its[0].start(1)], word):
                continue  # "the Secretary of the Treasury…: it can buy…": a "he" resumes that person
            candidates.append((i, fr[0].lower(), its[0]))
        elif _FR_IMPERSONAL.search(src) and len(its_is := list(_EN_IT_IS.finditer(tgt))) == 1:
            candidates.append((i, "il", its_is[0]))  # «Il s'agit d'un…» → "He is a…"
    if not candidates:
        return False
    i, pronoun, match = rng.choice(candidates)
    start = case.links[i].target[0][0] + match.start(1)
    word = "she" if pronoun == "elle" else "he"
    new = word.capitalize() if match.group(1) == "It" else word
    edit_target(case, start, start + 2, new)
    label(case, "TQ201", target=(start, start + len(new)))
    return True


def _lexicon_swaps() -> list[tuple[re.Pattern[str], re.Pattern[str], str, str, Any]]:
    """(French trigger, English right word, wrong word, code, entry) from the pair's lexicon.

    Reading the same data file as the rules keeps the injector honest about
    what the lexicon claims, and adding an entry adds an injection. Only
    one-word entries are used: a phrase calque cannot be swapped in blindly.
    """
    from tqcheck.lang.lexicon import load_lexicon

    swaps = []
    for entry in load_lexicon("fr-en").entries:
        if " " in entry.fr or not entry.wrong or len(entry.wrong[0]) != 1:
            continue
        if entry.severity.value == "info":
            continue  # the rule only informs about these: not an error to count
        wrong = entry.wrong[0][0]
        code = "TQ203" if entry.kind == "calque" else "TQ202"
        if entry.pos == "VERB" and entry.fr.endswith(("er", "ir", "re")):
            french = re.compile(rf"\b{re.escape(entry.fr[:-2])}\w*", re.I)
        else:
            french = re.compile(rf"\b{re.escape(entry.fr)}(?:s|e|es|x)?\b", re.I)
        suffixes = "s|es|d|ed|ing" if entry.en_pos == "verb" else "s|es"
        for right in entry.right:
            if len(right) != 1 or right[0] == wrong:
                continue
            pattern = re.compile(rf"\b{re.escape(right[0])}({suffixes})?\b", re.I)
            swaps.append((french, pattern, wrong, code, entry))
    return swaps


def _context_holds(context: object, text: str) -> bool:
    """A rough, text-level reading of the entry's context condition (the rule reads lemmas)."""
    if context is None:
        return True
    lowered = text.lower()
    has_any = not context.any or any(re.search(rf"\b{re.escape(w)}", lowered) for w in context.any)
    return has_any and not any(re.search(rf"\b{re.escape(w)}", lowered) for w in context.none)


def _explained(entry: Any, source: str) -> bool:
    """Whether the source sentence makes the look-alike a fair rendering after all.

    A French word the entry names as an ordinary source of the English one
    («réel» → "actual"), or a set phrase in which it is right («sans délai»):
    swapping the look-alike in there would not make an error.
    """
    from tqcheck.lang.lexicon import EXCEPTION_GAP, french_pattern, match_sequence

    forms = _french_forms(source)
    for phrase in (*entry.unless_source, *entry.exceptions):
        if next(match_sequence(forms, french_pattern(phrase), EXCEPTION_GAP), None) is not None:
            return True
    return False


def _french_has(entry: Any, source: str) -> bool:
    """Whether the entry's French word is in the sentence as a word of its own, on lemmas.

    The text pattern alone takes «porte-parole» for «parole» and «blessure»
    for «blesser»; the rule does not, and neither is that false friend. The
    parse then asks for the entry's part of speech, as the rule does.
    """
    from tqcheck.lang.lexicon import french_occurrences, match_sequence
    from tqcheck.nlp import _from_spacy, parse_text, spacy_pipeline

    if next(match_sequence(_french_forms(source), entry.fr_pattern, entry.gap), None) is None:
        return False
    # and with the part of speech the rule asks for: «on fabrique» is the verb, not «une fabrique»
    tokens = _from_spacy(spacy_pipeline("fr")(parse_text(source)), source)
    return bool(french_occurrences(entry, [(0, tokens)]))


def _french_forms(source: str) -> list[frozenset[str]]:
    """Each French word with its normal form and dictionary lemma: read as the rule reads («prévient» is «prévenir»)."""
    from tqcheck.lang.lexicon import french_norm, french_words
    from tqcheck.nlp import french_lemma

    return [frozenset({w, french_norm(w), french_lemma(w)}) for w in french_words(source)]


def _harmless_after_swap(entry: Any, target: str, match: re.Match[str], new: str) -> bool:
    """Whether the look-alike lands in a phrase the entry calls right ("notably in Paris")."""
    swapped = (target[: match.start()] + new + target[match.end() :]).lower()
    return any(re.search(rf"\b{re.escape(' '.join(p))}\b", swapped) for p in entry.unless_target)


def _right_left(entry: Any, target: str, match: re.Match[str]) -> bool:
    """Whether another right rendering stays in the sentence after the swap.

    Swapping "crude" in "crude oil" leaves "petrol oil": the sentence still
    renders «pétrole» right, so no checker could call the look-alike wrong.
    Inflected forms count ("axes" is the plural of "axis").
    """
    from tqcheck.lang.lexicon import english_forms

    rest = (target[: match.start()] + " " + target[match.end() :]).lower()
    forms = [" ".join(r) for r in entry.right] + [
        f for r in entry.right if len(r) == 1 for f in english_forms(r[0])
    ]
    return any(re.search(rf"\b{re.escape(f)}", rest) for f in forms)


def _inflect(wrong: str, suffix: str | None, en_pos: str | None) -> str:
    """The false friend in the form of the right word it replaces («attended» → «assisted»).

    lemminflect (:mod:`tqcheck.lang.inflection`), as the rules' suggestions
    use, instead of a hand suffix table: irregular and doubled forms come out
    right («commit» → «committed»).
    """
    if not suffix:
        return wrong
    if suffix in ("s", "es"):
        if en_pos == "verb":
            return third_person(wrong)
        return wrong if wrong.endswith("s") else plural(wrong)  # «responsibles» is plural already
    return gerund(wrong) if suffix == "ing" else past(wrong)


def false_friend(gold: GoldTranslation, rng: random.Random, case: InjectedCase) -> bool:
    """Replace a right rendering by the false friend the French word invites."""
    candidates = []
    whole = gold.source_text + "\n" + gold.target_text
    for french, right, wrong, code, entry in _lexicon_swaps():
        if not _context_holds(entry.context, whole):
            continue
        for i, src, tgt in one_one_texts(gold):
            m = right.search(tgt)
            if (
                m
                and french.search(src)
                and _french_has(entry, src)
                and not _explained(entry, src)
                and not _right_left(entry, tgt, m)
                and not _harmless_after_swap(entry, tgt, m, _inflect(wrong, m.group(1), entry.en_pos))
            ):
                candidates.append((i, m, wrong, code, entry))
    if not candidates:
        return False
    i, m, wrong, code, entry = rng.choice(candidates)
    start = case.links[i].target[0][0] + m.start()
    new = _inflect(wrong, m.group(1), entry.en_pos)
    new = new.capitalize() if m.group(0)[0].isupper() else new
    edit_target(case, start, start + len(m.group(0)), new)
    label(case, code, target=(start, start + len(new)))
    return True
