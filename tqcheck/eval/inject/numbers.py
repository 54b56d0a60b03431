"""Corruptions of numbers and names: a changed number (TQ301), date (TQ302), unit (TQ303) or name (TQ304)."""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from tqcheck.eval.gold import GoldTranslation
from tqcheck.eval.inject.edits import InjectedCase, edit_target, label, one_one, one_one_texts

_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?(?![\w])")
_MONTH_OR_CLOCK = re.compile(
    r"\d[:h]\d|\b(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"a\.m\.|p\.m\.|o'clock|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\b",
    re.I,
)


def number(gold: GoldTranslation, rng: random.Random, case: InjectedCase) -> bool:
    """Change a number that both sides share."""
    candidates = []
    for i, src, tgt in one_one_texts(gold):
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
    edit_target(case, start, start + len(value), new)
    src_start = case.links[i].source[0][0] + src_m.start()
    label(
        case, "TQ301", target=(start, start + len(new)), source=(src_start, src_start + len(src_m.group(0)))
    )
    return True


MONTHS = ("January February March April May June July August September October November December").split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
FRENCH_NAMES = (
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre "
    "lundi mardi mercredi jeudi vendredi samedi dimanche"
).split()
_FR_DATE = re.compile(r"\b(" + "|".join(FRENCH_NAMES) + r")\b", re.I)


#: The French name of each English month and weekday, in the order of :data:`MONTHS` + :data:`WEEKDAYS`.
_FRENCH_OF = dict(zip(MONTHS + WEEKDAYS, FRENCH_NAMES, strict=True))


def date(gold: GoldTranslation, rng: random.Random, case: InjectedCase) -> bool:
    """Swap a month or weekday name that has a French counterpart, for one the source does not name:
    a translation may shift a day ("dans la nuit du samedi" → "on Friday night", the night before
    Saturday), and putting back the day the French names would be no error."""
    names = re.compile(r"\b(" + "|".join(MONTHS + WEEKDAYS) + r")\b")
    candidates = []
    for i, src, tgt in one_one_texts(gold):
        if _FR_DATE.search(src):
            candidates.extend((i, m, src) for m in names.finditer(tgt))
    if not candidates:
        return False
    i, m, src = rng.choice(candidates)
    named = {w.lower() for w in _FR_DATE.findall(src)}
    pool = MONTHS if m.group(0) in MONTHS else WEEKDAYS
    new = rng.choice([n for n in pool if n != m.group(0) and _FRENCH_OF[n] not in named])
    start = case.links[i].target[0][0] + m.start()
    edit_target(case, start, start + len(m.group(0)), new)
    label(case, "TQ302", target=(start, start + len(new)))
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


def unit(gold: GoldTranslation, rng: random.Random, case: InjectedCase) -> bool:
    """Change the unit of a quantity (30 kilometers → 30 miles)."""
    candidates = [
        (i, m)
        for i in one_one(gold)
        for m in _UNIT.finditer(gold.target_text[slice(*gold.links[i].target[0])])
    ]
    if not candidates:
        return False
    i, m = rng.choice(candidates)
    new = UNIT_SWAPS[m.group(0)]
    start = case.links[i].target[0][0] + m.start()
    edit_target(case, start, start + len(m.group(0)), new)
    label(case, "TQ303", target=(start, start + len(new)))
    return True


_NAME = re.compile(r"(?<=[a-z,] )([A-Z][a-z]{3,}|[A-Z]{3,})\b")
REPLACEMENT_NAMES = ("Valparaíso", "Kowalczyk", "Tromsø", "Ouagadougou", "Ljubljana", "Nakamura", "Brisbane")


def _shared_names(
    gold: GoldTranslation, pattern: re.Pattern[str], keep: Callable[[str], bool] = lambda name: True
) -> list[tuple[int, re.Match[str], re.Match[str]]]:
    """(link, match in the English, match in the French) of each name both sides of a 1-1 link share."""
    candidates = []
    for i, src, tgt in one_one_texts(gold):
        for m in pattern.finditer(tgt):
            in_source = re.search(rf"\b{re.escape(m.group(0))}\b", src)
            if in_source and keep(m.group(0)):
                candidates.append((i, m, in_source))
    return candidates


def _replace_name(case: InjectedCase, i: int, at: int, old: str, new: str, in_source: re.Match[str]) -> bool:
    """Write ``new`` over ``old`` at offset ``at`` of link ``i``'s English and label a TQ304 on both names."""
    start = case.links[i].target[0][0] + at
    edit_target(case, start, start + len(old), new)
    src_start = case.links[i].source[0][0] + in_source.start()
    label(
        case,
        "TQ304",
        target=(start, start + len(new)),
        source=(src_start, src_start + len(in_source.group(0))),
    )
    return True


def entity(gold: GoldTranslation, rng: random.Random, case: InjectedCase) -> bool:
    """Replace a name both sides share by another name."""
    candidates = _shared_names(gold, _NAME)
    if not candidates:
        return False
    i, m, in_source = rng.choice(candidates)
    new = rng.choice([n for n in REPLACEMENT_NAMES if n != m.group(0)])
    return _replace_name(case, i, m.start(), m.group(0), new, in_source)


# Names that are also common English words: a swap to one of them hides from a
# checker that only looks at words no dictionary knows.
WORD_NAMES = (
    "Rose",
    "Baker",
    "Hope",
    "Bush",
    "Major",
    "Young",
    "Brown",
    "Little",
    "Church",
    "King",
    "Mills",
    "Hunter",
)
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


def _entity_swap(
    gold: GoldTranslation, rng: random.Random, case: InjectedCase, pool: tuple[str, ...]
) -> bool:
    """Replace a name both sides share by a name of ``pool`` (a dictionary word, a first name alone)."""
    candidates = _shared_names(gold, _NAME, lambda name: not name.isupper() and _proper(name))
    new = _fresh(pool, rng, gold.source_text, gold.target_text)
    if not candidates or new is None:
        return False
    i, m, in_source = rng.choice(candidates)
    return _replace_name(case, i, m.start(), m.group(0), new, in_source)


def entity_word(gold: GoldTranslation, rng: random.Random, case: InjectedCase) -> bool:
    """A shared name becomes a name that is also an English word ("Dupont" → "Baker")."""
    return _entity_swap(gold, rng, case, WORD_NAMES)


def entity_first(gold: GoldTranslation, rng: random.Random, case: InjectedCase) -> bool:
    """A shared name becomes a first name alone ("Dupont" → "Kevin")."""
    return _entity_swap(gold, rng, case, FIRST_NAMES)


def entity_part(gold: GoldTranslation, rng: random.Random, case: InjectedCase) -> bool:
    """One word of a multi-word name both sides share is replaced ("Pierre Martin" → "Pierre Baker")."""
    candidates = _shared_names(
        gold, _MULTI_NAME, lambda name: any(_proper(w) for w in re.findall(r"[A-Z][a-z]+", name))
    )
    new = _fresh(WORD_NAMES + FIRST_NAMES, rng, gold.source_text, gold.target_text)
    if not candidates or new is None:
        return False
    i, m, in_source = rng.choice(candidates)
    words = [w for w in re.finditer(r"[A-Z][a-z]+", m.group(0)) if _proper(w.group(0))]
    word = rng.choice(words)
    return _replace_name(case, i, m.start() + word.start(), word.group(0), new, in_source)
