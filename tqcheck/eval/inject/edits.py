"""Editing a corrupted copy: replace a stretch of the English, keep the gold ranges in step, label it.

Shared by every corruption module, so an edit can never leave a link or a
label pointing at the text as it was before.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from tqcheck.eval.gold import GoldFinding, GoldLink, GoldTranslation, Range, family_of


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


def shift(r: Range, start: int, end: int, delta: int) -> Range:
    """Move a range after target_text[start:end] was replaced by ``delta`` more characters.

    A range that ends where a pure insertion happens keeps its end: the
    inserted text belongs to what follows.
    """
    s, e = r
    return (s + delta if s >= end else s, e + delta if e >= end and e > start else e)


def edit_target(case: InjectedCase, start: int, end: int, new: str) -> None:
    """Replace target_text[start:end] by ``new`` and shift every gold range after it."""
    old_len = end - start
    delta = len(new) - old_len
    case.target_text = case.target_text[:start] + new + case.target_text[end:]
    case.links = [
        GoldLink(link.source, tuple(shift(r, start, end, delta) for r in link.target)) for link in case.links
    ]
    case.findings = [
        replace(f, target=shift(f.target, start, end, delta) if f.target else None) for f in case.findings
    ]


def label(case: InjectedCase, code: str, *, source: Range | None = None, target: Range | None = None) -> None:
    text = (
        case.target_text[target[0] : target[1]]
        if target
        else case.source_text[source[0] : source[1]]
        if source
        else ""
    )
    case.findings.append(GoldFinding(code, family_of(code), "error", source, target, text))


def one_one(gold: GoldTranslation) -> list[int]:
    """Indices of 1-1 links, the title link (first) excluded: the safe places to corrupt."""
    return [i for i, link in enumerate(gold.links) if link.kind == "1-1" and i > 0]


def one_one_texts(gold: GoldTranslation) -> Iterator[tuple[int, str, str]]:
    """(link index, source text, target text) of each safe 1-1 link (see :func:`_one_one`)."""
    for i in one_one(gold):
        yield (
            i,
            gold.source_text[slice(*gold.links[i].source[0])],
            gold.target_text[slice(*gold.links[i].target[0])],
        )


def start_case(gold: GoldTranslation, kind: str, seed: int) -> InjectedCase:
    return InjectedCase(gold.corpus, kind, seed, gold.source_text, gold.target_text, list(gold.links))
