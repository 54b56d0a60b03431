"""Error injector: corrupt a clean, gold-aligned translation and label the damage.

Each corruption makes one change of one kind to a copy of the English text,
keeps the gold alignment in step with the edit, and records the finding a
perfect checker would report (code and character range). Kinds that must
*not* be flagged (a legitimate merge or split of sentences) record no
finding. Every choice goes through one ``random.Random(seed)``, so a case is
reproducible from (document, kind, seed).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from tqcheck.eval.gold import GoldFinding, GoldLink, GoldTranslation, Range, family_of

KINDS = (
    "omission",
    "addition",
    "untranslated",
    "pronoun",
    "false-friend",
    "number",
    "date",
    "unit",
    "entity",
    "entity-word",
    "entity-first",
    "entity-part",
    "quotes",
    "merge",
    "split",
)


@dataclass
class InjectedCase:
    """A corrupted copy of a gold translation, with the labels of what was done."""

    corpus: str
    kind: str
    seed: int
    source_text: str
    target_text: str
    links: list[GoldLink]
    findings: list[GoldFinding] = field(default_factory=list)
    note: str = ""


# --------------------------------------------------------------------------- edit plumbing


def _shift(r: Range, start: int, end: int, delta: int) -> Range:
    """Move a range after target_text[start:end] was replaced by ``delta`` more characters.

    A range that ends where a pure insertion happens keeps its end: the
    inserted text belongs to what follows.
    """
    s, e = r
    return (s + delta if s >= end else s, e + delta if e >= end and e > start else e)


def _edit_target(case: InjectedCase, start: int, end: int, new: str) -> None:
    """Replace target_text[start:end] by ``new`` and shift every gold range after it."""
    old_len = end - start
    delta = len(new) - old_len
    case.target_text = case.target_text[:start] + new + case.target_text[end:]
    case.links = [GoldLink(link.source, tuple(_shift(r, start, end, delta) for r in link.target)) for link in case.links]
    case.findings = [
        replace(f, target=_shift(f.target, start, end, delta) if f.target else None) for f in case.findings
    ]


def _label(case: InjectedCase, code: str, *, source: Range | None = None, target: Range | None = None) -> None:
    text = case.target_text[target[0] : target[1]] if target else case.source_text[source[0] : source[1]] if source else ""
    case.findings.append(GoldFinding(code, family_of(code), "error", source, target, text))


def _one_one(gold: GoldTranslation) -> list[int]:
    """Indices of 1-1 links, the title link (first) excluded: the safe places to corrupt."""
    return [i for i, link in enumerate(gold.links) if link.kind == "1-1" and i > 0]


def _one_one_texts(gold: GoldTranslation) -> Iterator[tuple[int, str, str]]:
    """(link index, source text, target text) of each safe 1-1 link (see :func:`_one_one`)."""
    for i in _one_one(gold):
        yield i, gold.source_text[slice(*gold.links[i].source[0])], gold.target_text[slice(*gold.links[i].target[0])]


def _start(gold: GoldTranslation, kind: str, seed: int) -> InjectedCase:
    return InjectedCase(gold.corpus, kind, seed, gold.source_text, gold.target_text, list(gold.links))


# --------------------------------------------------------------------------- corruptions


def _omission(gold: GoldTranslation, rng: random.Random, case: InjectedCase) -> bool:
    """Drop one translated sentence: the source sentence becomes a 1-0 link."""
    candidates = _one_one(gold)
    if len(gold.links) < 4 or not candidates:
        return False
    i = rng.choice(candidates)
    (start, end) = case.links[i].target[0]
    # swallow the space after the sentence (or before it at a paragraph end)
    text = case.target_text
    if end < len(text) and text[end] == " ":
        end += 1
    elif start > 0 and text[start - 1] == " ":
        start -= 1
    elif end < len(text) and text[end] == "\n" and (start == 0 or text[start - 1] == "\n"):
        end += 1  # a one-sentence paragraph: drop its line
    source_range = case.links[i].source[0]
    case.links[i] = GoldLink(case.links[i].source, ())
    _edit_target(case, start, end, "")
    _label(case, "TQ101", source=source_range)
    return True


def _addition(gold: GoldTranslation, rng: random.Random, case: InjectedCase, donors: list[str]) -> bool:
    """Insert a sentence from another document after a translated sentence: a 0-1 link."""
    candidates = _one_one(gold)
    if not candidates or not donors:
        return False
    i = rng.choice(candidates)
    sentence = rng.choice(donors)
    _, end = case.links[i].target[-1]
    insert = " " + sentence
    _edit_target(case, end, end, insert)
    new_range = (end + 1, end + 1 + len(sentence))
    case.links.insert(i + 1, GoldLink((), (new_range,)))
    _label(case, "TQ102", target=new_range)
    return True


def _untranslated(gold: GoldTranslation, rng: random.Random, case: InjectedCase) -> bool:
    """Leave one sentence in French."""
    candidates = [i for i in _one_one(gold) if len(gold.source_text[slice(*gold.links[i].source[0])].split()) >= 5]
    if not candidates:
        return False
    i = rng.choice(candidates)
    s = case.links[i].source[0]
    french = case.source_text[s[0] : s[1]]
    start, end = case.links[i].target[0]
    _edit_target(case, start, end, french)
    case.links[i] = GoldLink(case.links[i].source, ((start, start + len(french)),))
    _label(case, "TQ401", target=(start, start + len(french)))
    return True


# A referential subject «il»/«elle»: not the dummy «il» of «il y a», «il faut»,
# «il s'agit», «il semble que», «il est difficile de» (those are the impersonal variant).
_FR_IMPERSONAL_AFTER = (
    r"(?:n['’]|ne\s+)?(?:y\b|faut\b|fallait\b|faudra\b|faudrait\b|s['’]ag|semble\b|semblait\b|para[iî]t\b|"
    r"reste\b|restait\b|suffit\b|vaut\b|se\s+peut\b|arrive\s+qu|existe\b|pleut\b|"
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
_EN_GENDERED = {"he": re.compile(r"\b(?:he|him|his|himself)\b", re.I), "she": re.compile(r"\b(?:she|her|hers|herself)\b", re.I)}


def _pronoun(gold: GoldTranslation, rng: random.Random, case: InjectedCase) -> bool:
    """Calque a French gendered pronoun for a thing: English "It" becomes "She"/"He".

    Only where the "it" can be the calque's: the French sentence has one
    «il»/«elle» and no other word an "it" may translate («c'est», «cela»,
    «celle-ci», «elles»), and the English of the sentence and the two before
    has no pronoun of the injected gender: a "he" beside a man the English
    already calls "he" may be that man (the French «il» may be him and the
    "it" the translator's slip), so no checker could call it a calque.
    """
    candidates = []
    lines = gold.target_text
    for i, src, tgt in _one_one_texts(gold):
        fr = _FR_SUBJECT.findall(src)
        its = list(_EN_IT.finditer(tgt))
        personal = len(re.findall(r"\b(?:[Ii]l|[Ee]lle)\b", src))
        if personal != 1 or _FR_OTHER_IT.search(src):
            continue
        before = " ".join(lines[: gold.links[i].target[0][0]].rstrip("\n").rsplit("\n", 2)[-2:])
        word = "she" if re.search(r"\b[Ee]lle\b", src) else "he"
        if _EN_GENDERED[word].search(before + " " + tgt):
            continue
        if len(fr) == 1 and len(its) == 1:
            candidates.append((i, fr[0].lower(), its[0]))
        elif _FR_IMPERSONAL.search(src) and len(its_is := list(_EN_IT_IS.finditer(tgt))) == 1:
            candidates.append((i, "il", its_is[0]))  # «Il s'agit d'un…» → "He is a…"
    if not candidates:
        return False
    i, pronoun, match = rng.choice(candidates)
    start = case.links[i].target[0][0] + match.start(1)
    word = "she" if pronoun == "elle" else "he"
    new = word.capitalize() if match.group(1) == "It" else word
    _edit_target(case, start, start + 2, new)
    _label(case, "TQ201", target=(start, start + len(new)))
    return True


def _lexicon_swaps() -> list[tuple[re.Pattern[str], re.Pattern[str], str, str, Any]]:
    """(French trigger, English right word, wrong word, code, entry) from the pair's lexicon.

    Reading the same data file as the rules keeps the injector honest about
    what the lexicon claims, and adding an entry adds an injection. Only
    one-word entries are used: a phrase calque cannot be swapped in blindly.
    """
    from tqcheck.rules.meaning._lexicon import load_lexicon

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
    from tqcheck.nlp import french_lemma
    from tqcheck.rules.meaning._lexicon import (
        EXCEPTION_GAP,
        _fr_norm,
        _fr_pattern,
        _match_sequence,
        french_words,
    )

    # Read as the rule reads: on dictionary lemmas («prévient» is «prévenir»).
    forms = [frozenset({w, _fr_norm(w), french_lemma(w)}) for w in french_words(source)]
    for phrase in (*entry.unless_source, *entry.exceptions):
        if next(_match_sequence(forms, _fr_pattern(phrase), EXCEPTION_GAP), None) is not None:
            return True
    return False


def _french_has(entry: Any, source: str) -> bool:
    """Whether the entry's French word is in the sentence as a word of its own, on lemmas.

    The text pattern alone takes «porte-parole» for «parole» and «blessure»
    for «blesser»; the rule does not, and neither is that false friend. The
    parse then asks for the entry's part of speech, as the rule does.
    """
    from tqcheck.nlp import _from_spacy, french_lemma, parse_text, spacy_pipeline
    from tqcheck.rules.meaning._lexicon import _fr_norm, _match_sequence, french_occurrences, french_words

    forms = [frozenset({w, _fr_norm(w), french_lemma(w)}) for w in french_words(source)]
    if next(_match_sequence(forms, entry.fr_pattern, entry.gap), None) is None:
        return False
    # and with the part of speech the rule asks for: «on fabrique» is the verb, not «une fabrique»
    tokens = _from_spacy(spacy_pipeline("fr")(parse_text(source)), source)
    return bool(french_occurrences(entry, [(0, tokens)]))


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
    from tqcheck.rules.meaning._lexicon import _inflections

    rest = (target[: match.start()] + " " + target[match.end() :]).lower()
    forms = [" ".join(r) for r in entry.right] + [f for r in entry.right if len(r) == 1 for f in _inflections(r[0])]
    return any(re.search(rf"\b{re.escape(f)}", rest) for f in forms)


def _inflect(wrong: str, suffix: str | None) -> str:
    if not suffix:
        return wrong
    if suffix in ("s", "es") and wrong.endswith("s"):
        return wrong  # "responsibles" is plural already
    if suffix in ("s", "es"):
        return wrong + ("es" if wrong.endswith(("s", "x", "ch", "sh")) else "s")
    if suffix in ("d", "ed"):
        return wrong + ("d" if wrong.endswith("e") else "ed")
    return (wrong[:-1] if wrong.endswith("e") else wrong) + "ing"


def _false_friend(gold: GoldTranslation, rng: random.Random, case: InjectedCase) -> bool:
    """Replace a right rendering by the false friend the French word invites."""
    candidates = []
    whole = gold.source_text + "\n" + gold.target_text
    for french, right, wrong, code, entry in _lexicon_swaps():
        if not _context_holds(entry.context, whole):
            continue
        for i, src, tgt in _one_one_texts(gold):
            m = right.search(tgt)
            if (
                m
                and french.search(src)
                and _french_has(entry, src)
                and not _explained(entry, src)
                and not _right_left(entry, tgt, m)
                and not _harmless_after_swap(entry, tgt, m, _inflect(wrong, m.group(1)))
            ):
                candidates.append((i, m, wrong, code))
    if not candidates:
        return False
    i, m, wrong, code = rng.choice(candidates)
    start = case.links[i].target[0][0] + m.start()
    new = _inflect(wrong, m.group(1))
    new = new.capitalize() if m.group(0)[0].isupper() else new
    _edit_target(case, start, start + len(m.group(0)), new)
    _label(case, code, target=(start, start + len(new)))
    return True


_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?(?![\w])")
_MONTH_OR_CLOCK = re.compile(
    r"\d[:h]\d|\b(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"a\.m\.|p\.m\.|o'clock|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\b",
    re.I,
)


def _number(gold: GoldTranslation, rng: random.Random, case: InjectedCase) -> bool:
    """Change a number that both sides share."""
    candidates = []
    for i, src, tgt in _one_one_texts(gold):
        src_numbers = {n.replace(",", "."): m for m in _NUMBER.finditer(src) for n in [m.group(0)]}
        for m in _NUMBER.finditer(tgt):
            around = tgt[max(0, m.start() - 12) : m.end() + 12]
            if _MONTH_OR_CLOCK.search(around):
                continue  # a day or an hour: that is the date injector's job
            if m.group(0) in src_numbers and not (1900 <= float(m.group(0)) <= 2100):
                candidates.append((i, m, src_numbers[m.group(0)]))
    if not candidates:
        return False
    i, m, src_m = rng.choice(candidates)
    value = m.group(0)
    digits = [k for k, c in enumerate(value) if c.isdigit()]
    k = rng.choice(digits)
    new_digit = str((int(value[k]) + rng.randint(1, 8)) % 10)
    if k == 0 and new_digit == "0" and len(digits) > 1:
        new_digit = "9"
    new = value[:k] + new_digit + value[k + 1 :]
    start = case.links[i].target[0][0] + m.start()
    _edit_target(case, start, start + len(value), new)
    src_start = case.links[i].source[0][0] + src_m.start()
    _label(case, "TQ301", target=(start, start + len(new)), source=(src_start, src_start + len(src_m.group(0))))
    return True


MONTHS = ("January February March April May June July August September October November December").split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_FR_DATE = re.compile(
    r"\b(janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b",
    re.I,
)


def _date(gold: GoldTranslation, rng: random.Random, case: InjectedCase) -> bool:
    """Swap a month or weekday name that has a French counterpart."""
    names = re.compile(r"\b(" + "|".join(MONTHS + WEEKDAYS) + r")\b")
    candidates = []
    for i, src, tgt in _one_one_texts(gold):
        if _FR_DATE.search(src):
            candidates.extend((i, m) for m in names.finditer(tgt))
    if not candidates:
        return False
    i, m = rng.choice(candidates)
    pool = MONTHS if m.group(0) in MONTHS else WEEKDAYS
    new = rng.choice([n for n in pool if n != m.group(0)])
    start = case.links[i].target[0][0] + m.start()
    _edit_target(case, start, start + len(m.group(0)), new)
    _label(case, "TQ302", target=(start, start + len(new)))
    return True


UNIT_SWAPS = {
    "kilometers": "miles",
    "kilometres": "miles",
    "km": "mi",
    "meters": "feet",
    "metres": "feet",
    "kilograms": "pounds",
    "kg": "lb",
    "euros": "dollars",
    "liters": "gallons",
    "litres": "gallons",
    "hectares": "acres",
    "tonnes": "pounds",
}
_UNIT = re.compile(r"(?<=\d )(" + "|".join(UNIT_SWAPS) + r")\b")


def _unit(gold: GoldTranslation, rng: random.Random, case: InjectedCase) -> bool:
    """Change the unit of a quantity (30 kilometers → 30 miles)."""
    candidates = [(i, m) for i in _one_one(gold) for m in _UNIT.finditer(gold.target_text[slice(*gold.links[i].target[0])])]
    if not candidates:
        return False
    i, m = rng.choice(candidates)
    new = UNIT_SWAPS[m.group(0)]
    start = case.links[i].target[0][0] + m.start()
    _edit_target(case, start, start + len(m.group(0)), new)
    _label(case, "TQ303", target=(start, start + len(new)))
    return True


_NAME = re.compile(r"(?<=[a-z,] )([A-Z][a-z]{3,}|[A-Z]{3,})\b")
REPLACEMENT_NAMES = ("Valparaíso", "Kowalczyk", "Tromsø", "Ouagadougou", "Ljubljana", "Nakamura", "Brisbane")


def _shared_names(
    gold: GoldTranslation, pattern: re.Pattern[str], keep: Callable[[str], bool] = lambda name: True
) -> list[tuple[int, re.Match[str], re.Match[str]]]:
    """(link, match in the English, match in the French) of each name both sides of a 1-1 link share."""
    candidates = []
    for i, src, tgt in _one_one_texts(gold):
        for m in pattern.finditer(tgt):
            in_source = re.search(rf"\b{re.escape(m.group(0))}\b", src)
            if in_source and keep(m.group(0)):
                candidates.append((i, m, in_source))
    return candidates


def _entity(gold: GoldTranslation, rng: random.Random, case: InjectedCase) -> bool:
    """Replace a name both sides share by another name."""
    candidates = _shared_names(gold, _NAME)
    if not candidates:
        return False
    i, m, in_source = rng.choice(candidates)
    new = rng.choice([n for n in REPLACEMENT_NAMES if n != m.group(0)])
    start = case.links[i].target[0][0] + m.start()
    _edit_target(case, start, start + len(m.group(0)), new)
    src_start = case.links[i].source[0][0] + in_source.start()
    _label(case, "TQ304", target=(start, start + len(new)), source=(src_start, src_start + len(in_source.group(0))))
    return True


# Names that are also common English words: a swap to one of them hides from a
# checker that only looks at words no dictionary knows.
WORD_NAMES = ("Rose", "Baker", "Hope", "Bush", "Major", "Young", "Brown", "Little", "Church", "King", "Mills", "Hunter")
FIRST_NAMES = ("Kevin", "Maria", "Stefan", "Olga", "Pedro", "Ingrid", "Tomasz", "Aisha")
_MULTI_NAME = re.compile(r"(?<=[a-z,] )([A-Z][a-z]{2,}(?:[ -][A-Z][a-z]{2,})+)\b")


def _proper(word: str) -> bool:
    """A word that is a name, not a capitalised common word ("National", "Saint"): what a swap replaces."""
    from tqcheck.nlp import is_common_word

    return not is_common_word(word, "en")


def _fresh(pool: tuple[str, ...], rng: random.Random, *texts: str) -> str | None:
    """A name of ``pool`` that neither text contains as a word (so the swap is truly a stranger)."""
    free = [n for n in pool if not any(re.search(rf"\b{n}\b", t, re.I) for t in texts)]
    return rng.choice(free) if free else None


def _entity_swap(gold: GoldTranslation, rng: random.Random, case: InjectedCase, pool: tuple[str, ...]) -> bool:
    """Replace a name both sides share by a name of ``pool`` (a dictionary word, a first name alone)."""
    candidates = _shared_names(gold, _NAME, lambda name: not name.isupper() and _proper(name))
    new = _fresh(pool, rng, gold.source_text, gold.target_text)
    if not candidates or new is None:
        return False
    i, m, in_source = rng.choice(candidates)
    start = case.links[i].target[0][0] + m.start()
    _edit_target(case, start, start + len(m.group(0)), new)
    src_start = case.links[i].source[0][0] + in_source.start()
    _label(case, "TQ304", target=(start, start + len(new)), source=(src_start, src_start + len(in_source.group(0))))
    return True


def _entity_word(gold: GoldTranslation, rng: random.Random, case: InjectedCase) -> bool:
    """A shared name becomes a name that is also an English word ("Dupont" → "Baker")."""
    return _entity_swap(gold, rng, case, WORD_NAMES)


def _entity_first(gold: GoldTranslation, rng: random.Random, case: InjectedCase) -> bool:
    """A shared name becomes a first name alone ("Dupont" → "Kevin")."""
    return _entity_swap(gold, rng, case, FIRST_NAMES)


def _entity_part(gold: GoldTranslation, rng: random.Random, case: InjectedCase) -> bool:
    """One word of a multi-word name both sides share is replaced ("Pierre Martin" → "Pierre Baker")."""
    candidates = _shared_names(gold, _MULTI_NAME, lambda name: any(_proper(w) for w in re.findall(r"[A-Z][a-z]+", name)))
    new = _fresh(WORD_NAMES + FIRST_NAMES, rng, gold.source_text, gold.target_text)
    if not candidates or new is None:
        return False
    i, m, in_source = rng.choice(candidates)
    words = [w for w in re.finditer(r"[A-Z][a-z]+", m.group(0)) if _proper(w.group(0))]
    word = rng.choice(words)
    start = case.links[i].target[0][0] + m.start() + word.start()
    _edit_target(case, start, start + len(word.group(0)), new)
    src_start = case.links[i].source[0][0] + in_source.start()
    _label(case, "TQ304", target=(start, start + len(new)), source=(src_start, src_start + len(in_source.group(0))))
    return True


_QUOTED = re.compile(r"[\"“]([^\"“”\n]{2,80})[\"”]")


def _quotes(gold: GoldTranslation, rng: random.Random, case: InjectedCase) -> bool:
    """Leave French guillemets in the English (or a space before a colon when none are quoted)."""
    candidates = [(i, m) for i in _one_one(gold) for m in _QUOTED.finditer(gold.target_text[slice(*gold.links[i].target[0])])]
    if candidates:
        i, m = rng.choice(candidates)
        start = case.links[i].target[0][0] + m.start()
        new = f"« {m.group(1)} »"
        _edit_target(case, start, start + len(m.group(0)), new)
        _label(case, "TQ601", target=(start, start + 1))
        return True
    colons = [(i, m) for i in _one_one(gold) for m in re.finditer(r"[^\W\d](:|;|\?|!)(?!\d)", gold.target_text[slice(*gold.links[i].target[0])])]
    if not colons:
        return False
    i, m = rng.choice(colons)
    at = case.links[i].target[0][0] + m.start(1)
    _edit_target(case, at, at, "\u00a0")
    _label(case, "TQ602", target=(at, at + 2))
    return True


def _merge(gold: GoldTranslation, rng: random.Random, case: InjectedCase) -> bool:
    """Join two consecutive translated sentences into one (a legitimate 2-1): no finding."""
    text = gold.target_text
    candidates = []
    for i in _one_one(gold)[:-1]:
        nxt = i + 1
        if gold.links[nxt].kind != "1-1":
            continue
        (_, e1), (s2, _) = gold.links[i].target[0], gold.links[nxt].target[0]
        between = text[e1:s2]
        if between == " " and text[e1 - 1] == "." and text[s2].isupper() and text[s2 : s2 + 2] != "I ":
            candidates.append(i)
    if not candidates:
        return False
    i = rng.choice(candidates)
    (s1, e1), (s2, _) = case.links[i].target[0], case.links[i + 1].target[0]
    first_word = re.match(r"\w+", case.target_text[s2:])
    keep_case = first_word and (first_word.group(0).isupper() or _looks_like_name(first_word.group(0)))
    joiner = "; " + (case.target_text[s2] if keep_case else case.target_text[s2].lower())
    _edit_target(case, e1 - 1, s2 + 1, joiner)
    merged = (s1, case.links[i + 1].target[0][1])
    case.links[i : i + 2] = [GoldLink(case.links[i].source + case.links[i + 1].source, (merged,))]
    return True


def _looks_like_name(word: str) -> bool:
    return word[0].isupper() and word.lower() not in {"the", "a", "an", "this", "it", "he", "she", "they", "we", "in", "on", "but", "and", "however", "for", "at"}


def _split(gold: GoldTranslation, rng: random.Random, case: InjectedCase) -> bool:
    """Split one translated sentence at ", but"/", and"/"; " (a legitimate 1-2): no finding."""
    candidates = []
    for i in _one_one(gold):
        tgt = gold.target_text[slice(*gold.links[i].target[0])]
        for m in re.finditer(r"(, (?:but|and|while|although) |; )(?=[a-z])", tgt):
            if 25 <= m.start() and len(tgt) - m.end() >= 25:
                candidates.append((i, m))
    if not candidates:
        return False
    i, m = rng.choice(candidates)
    start = case.links[i].target[0][0]
    a, b = start + m.start(), start + m.end()
    connector = m.group(1).strip(" ,;")
    rest_first = case.target_text[b]
    new = ". " + (connector.capitalize() + " " if connector else "") + ("" if connector else rest_first.upper())
    consumed_end = b if connector else b + 1
    end_first = a + 1
    _edit_target(case, a, consumed_end, new)
    link_end = case.links[i].target[0][1]
    case.links[i] = GoldLink(case.links[i].source, ((start, end_first), (end_first + 1, link_end)))
    return True


def inject(gold: GoldTranslation, kind: str, seed: int, donors: list[str] | None = None) -> InjectedCase | None:
    """One corrupted copy of ``gold`` of the given kind, or ``None`` when the text offers no place for it."""
    if kind not in KINDS:
        raise ValueError(f"unknown corruption {kind!r}; kinds: {', '.join(KINDS)}")
    rng = random.Random(f"{gold.corpus}:{kind}:{seed}")
    case = _start(gold, kind, seed)
    actions: dict[str, Callable[..., bool]] = {
        "omission": _omission,
        "untranslated": _untranslated,
        "pronoun": _pronoun,
        "false-friend": _false_friend,
        "number": _number,
        "date": _date,
        "unit": _unit,
        "entity": _entity,
        "entity-word": _entity_word,
        "entity-first": _entity_first,
        "entity-part": _entity_part,
        "quotes": _quotes,
        "merge": _merge,
        "split": _split,
    }
    if kind == "addition":
        done = _addition(gold, rng, case, donors or [])
    else:
        done = actions[kind](gold, rng, case)
    return case if done else None
