"""Error injector: corrupt a clean, gold-aligned translation and label the damage.

Each corruption makes one change of one kind to a copy of the English text,
keeps the gold alignment in step with the edit, and records the finding a
perfect checker would report (code and character range). Kinds that must
*not* be flagged (a legitimate merge or split of sentences) record no
finding. Every choice goes through one ``random.Random(seed)``, so a case is
reproducible from (document, kind, seed).

The corruptions sit beside the rule families they test: :mod:`.sentences`
(omission, addition, untranslated, merge, split), :mod:`.meaning` (pronoun,
false friend), :mod:`.numbers` (number, date, unit, the entity swaps) and
:mod:`.typography` (quotes); :mod:`.edits` is the editing and labelling they
share.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from tqcheck.eval.gold import GoldTranslation
from tqcheck.eval.inject import meaning, numbers, sentences, typography
from tqcheck.eval.inject.edits import InjectedCase, start_case

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

#: The corruption of each kind but "addition", which also takes the donor sentences.
ACTIONS: dict[str, Callable[..., bool]] = {
    "omission": sentences.omission,
    "untranslated": sentences.untranslated,
    "pronoun": meaning.pronoun,
    "false-friend": meaning.false_friend,
    "number": numbers.number,
    "date": numbers.date,
    "unit": numbers.unit,
    "entity": numbers.entity,
    "entity-word": numbers.entity_word,
    "entity-first": numbers.entity_first,
    "entity-part": numbers.entity_part,
    "quotes": typography.quotes,
    "merge": sentences.merge,
    "split": sentences.split,
}

__all__ = ["KINDS", "InjectedCase", "inject"]


def inject(
    gold: GoldTranslation, kind: str, seed: int, donors: list[str] | None = None
) -> InjectedCase | None:
    """One corrupted copy of ``gold`` of the given kind, or ``None`` when the text offers no place for it."""
    if kind not in KINDS:
        raise ValueError(f"unknown corruption {kind!r}; kinds: {', '.join(KINDS)}")
    rng = random.Random(f"{gold.corpus}:{kind}:{seed}")
    case = start_case(gold, kind, seed)
    if kind == "addition":
        done = sentences.addition(gold, rng, case, donors or [])
    else:
        done = ACTIONS[kind](gold, rng, case)
    return case if done else None
