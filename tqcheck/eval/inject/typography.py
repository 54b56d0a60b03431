"""Corruption of typography: French guillemets (TQ601) or a French space before punctuation (TQ602)."""

from __future__ import annotations

import random
import re

from tqcheck.eval.gold import GoldTranslation
from tqcheck.eval.inject.edits import InjectedCase, edit_target, label, one_one

_QUOTED = re.compile(r"[\"“]([^\"“”\n]{2,80})[\"”]")


def quotes(gold: GoldTranslation, rng: random.Random, case: InjectedCase) -> bool:
    """Leave French guillemets in the English (or a space before a colon when none are quoted)."""
    candidates = [
        (i, m)
        for i in one_one(gold)
        for m in _QUOTED.finditer(gold.target_text[slice(*gold.links[i].target[0])])
    ]
    if candidates:
        i, m = rng.choice(candidates)
        start = case.links[i].target[0][0] + m.start()
        new = f"« {m.group(1)} »"
        edit_target(case, start, start + len(m.group(0)), new)
        # the pair is the error: a checker that reports each mark (the quote may hold two
        # sentences) reports it twice, and either finding finds it
        label(case, "TQ601", target=(start, start + len(new)))
        return True
    colons = [
        (i, m)
        for i in one_one(gold)
        for m in re.finditer(r"[^\W\d](:|;|\?|!)(?!\d)", gold.target_text[slice(*gold.links[i].target[0])])
    ]
    if not colons:
        return False
    i, m = rng.choice(colons)
    at = case.links[i].target[0][0] + m.start(1)
    edit_target(case, at, at, "\u00a0")
    label(case, "TQ602", target=(at, at + 2))
    return True
