"""Compare a report with gold labels: per-family counts and alignment link scores.

Everything is compared as character ranges, so the measure does not depend on
how tqcheck or the annotator cut sentences: a predicted link matches a gold
link when both cover the same stretch of source and of target text
(whitespace at the edges ignored); a predicted finding matches a gold finding
of the same family when their ranges overlap on either side that the gold
label marks (only the source side for omissions).

A finding left over after the matching is a false positive unless it speaks
of a labelled error already (an *echo*, counted neither way): a second
finding of the label's family on the same stretch (an omitted paragraph of
two sentences is reported once per sentence), or any finding lying wholly
inside the target text a label marks (a number in an added sentence has no
source, a French word in a sentence left untranslated is French: what a rule
says about the inside of an injected error is not a false alarm about the
rest of the translation). Recall stays strict: only a finding of the label's
own family finds it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from tqcheck.datatypes import Finding, Report, Severity
from tqcheck.eval.gold import GoldFinding, GoldLink, Range, family_of


@dataclass
class Counts:
    """True positives, false positives, false negatives; P/R/F1 derived."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __iadd__(self, other: Counts) -> Counts:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None if p is None or r is None else 0.0
        return 2 * p * r / (p + r)

    def as_dict(self) -> dict[str, float | int | None]:
        def rnd(x: float | None) -> float | None:
            return None if x is None else round(x, 4)

        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": rnd(self.precision),
            "recall": rnd(self.recall),
            "f1": rnd(self.f1),
        }


def _trim(text: str, r: Range) -> Range:
    s, e = r
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return (s, e)


def _cover(text: str, ranges: Iterable[Range]) -> Range | None:
    ranges = list(ranges)
    if not ranges:
        return None
    return _trim(text, (min(r[0] for r in ranges), max(r[1] for r in ranges)))


def link_key(source_text: str, target_text: str, source: Iterable[Range], target: Iterable[Range]) -> tuple:
    return (_cover(source_text, source), _cover(target_text, target))


def predicted_links(report: Report) -> list[tuple]:
    a = report.alignment
    src, tgt = a.source.sentences, a.target.sentences
    return [
        link_key(
            a.pair.source.text,
            a.pair.target.text,
            [(src[i].start, src[i].end) for i in link.source],
            [(tgt[j].start, tgt[j].end) for j in link.target],
        )
        for link in a.links
    ]


def gold_links(source_text: str, target_text: str, links: list[GoldLink]) -> list[tuple]:
    return [link_key(source_text, target_text, g.source, g.target) for g in links]


def compare_links(predicted: list[tuple], gold: list[tuple]) -> Counts:
    """Link-level counts: a link is right only if both its sides are exactly right."""
    p, g = Counter(predicted), Counter(gold)
    tp = sum((p & g).values())
    return Counts(tp=tp, fp=sum(p.values()) - tp, fn=sum(g.values()) - tp)


def _overlaps(a: Range | None, b: Range | None) -> bool:
    return a is not None and b is not None and a[0] < max(b[1], b[0] + 1) and b[0] < max(a[1], a[0] + 1)


def _anchor(f: Finding, side: str) -> Range | None:
    span = f.target if side == "target" else f.source
    return (span.start, span.end) if span else None


def counted(findings: Iterable[Finding]) -> list[Finding]:
    """Findings that take part in precision/recall: rule findings of warning level or above."""
    return [f for f in findings if f.severity.rank >= Severity.WARNING.rank and not f.code.startswith("TQ5")]


@dataclass
class FindingMatch:
    per_family: dict[str, Counts] = field(default_factory=dict)
    false_positives: list[Finding] = field(default_factory=list)
    missed: list[GoldFinding] = field(default_factory=list)
    echoes: list[Finding] = field(default_factory=list)


def _on_label(f: Finding, g: GoldFinding) -> bool:
    """Whether ``f`` points at the stretch ``g`` labels (either side the label marks)."""
    return _overlaps(_anchor(f, "target"), g.target) or _overlaps(_anchor(f, "source"), g.source)


def _inside(a: Range | None, b: Range | None) -> bool:
    return a is not None and b is not None and b[0] <= a[0] and a[1] <= b[1]


def _echoes(f: Finding, gold: list[GoldFinding]) -> bool:
    """Whether an unmatched ``f`` speaks of a labelled error (see the module docstring)."""
    family = family_of(f.code)
    return any(
        (g.family == family and _on_label(f, g)) or _inside(_anchor(f, "target"), g.target) for g in gold
    )


def compare_findings(findings: Iterable[Finding], gold: Iterable[GoldFinding]) -> FindingMatch:
    """Greedy one-to-one matching of findings to gold labels within each family; leftovers are
    false positives unless they echo a label."""
    result = FindingMatch()
    gold = list(gold)
    preds = counted(findings)
    used: set[int] = set()
    for g in gold:
        counts = result.per_family.setdefault(g.family, Counts())
        hit = None
        for k, f in enumerate(preds):
            if k in used or family_of(f.code) != g.family:
                continue
            # A label with spans on both sides is found by a finding on either
            # side (a name missing from the English is reported on the French).
            if _on_label(f, g):
                hit = k
                break
        if hit is None:
            counts.fn += 1
            result.missed.append(g)
        else:
            used.add(hit)
            counts.tp += 1
    for k, f in enumerate(preds):
        if k in used:
            continue
        if _echoes(f, gold):
            result.echoes.append(f)
        else:
            result.per_family.setdefault(family_of(f.code), Counts()).fp += 1
            result.false_positives.append(f)
    return result


def spearman(xs: list[float], ys: list[float]) -> float | None:
    """Spearman rank correlation with average ranks for ties (no SciPy needed)."""
    n = len(xs)
    if n < 3:
        return None

    def ranks(values: list[float]) -> list[float]:
        order = sorted(range(n), key=lambda i: values[i])
        out = [0.0] * n
        i = 0
        while i < n:
            j = i
            while j + 1 < n and values[order[j + 1]] == values[order[i]]:
                j += 1
            for k in range(i, j + 1):
                out[order[k]] = (i + j) / 2 + 1
            i = j + 1
        return out

    rx, ry = ranks(xs), ranks(ys)
    mx, my = sum(rx) / n, sum(ry) / n
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = math.sqrt(sum((a - mx) ** 2 for a in rx))
    vy = math.sqrt(sum((b - my) ** 2 for b in ry))
    return None if vx == 0 or vy == 0 else cov / (vx * vy)
