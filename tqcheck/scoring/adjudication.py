"""Model adjudication: ask the MT model whether a rule's suggested fix reads better.

QA checkers flag patterns; they cannot tell whether the flagged wording is
actually wrong *here*. With a local MT model we can: apply the suggestion to
the link's target, score both versions by forced decoding given the source,
and compare. For a pronoun finding (TQ201) the previous source and target
sentences are prepended, so the model sees the antecedent ("L'armée malienne
a indiqué… Elle affirme…": is "She claims" or "It claims" the likelier
continuation?).

Both sequences share the same prefix, so comparing their summed
log-probabilities is comparing P(target | source) of the two versions; a
margin keeps near-ties "undecided". In ``filter`` mode a finding the model
clearly disagrees with (original-preferred) is dropped; findings the model
cannot judge (no suggestion, no target span, omissions) are never touched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from tqcheck.datatypes import Alignment, Finding, TokenScore

DEFAULT_MARGIN = 1.0  # nats: the fix must be e≈2.7 times likelier (or less likely) to decide
CONTEXT_CODES = frozenset({"TQ201"})  # findings whose judgement needs the previous sentence
SKIP_PREFIXES = ("TQ1", "TQ5")  # alignment and score findings: the model already spoke or cannot judge

FIX_PREFERRED = "fix-preferred"
ORIGINAL_PREFERRED = "original-preferred"
UNDECIDED = "undecided"


class Scoring(Protocol):
    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[tuple[TokenScore, ...]]: ...


@dataclass(frozen=True)
class Candidate:
    """One finding to judge: the source (with context) and both target versions."""

    index: int
    source: str
    original: str
    fixed: str
    context: bool
    fixed_link: str


def _link_target(alignment: Alignment, link_index: int) -> tuple[str, list[tuple[int, int, int]]] | None:
    """The link's target text as the scorer sees it, and (sentence start, end, offset in text)."""
    link = alignment.links[link_index]
    if not link.target:
        return None
    parts, layout, offset = [], [], 0
    for i in link.target:
        s = alignment.target.sentences[i]
        parts.append(s.text)
        layout.append((s.start, s.end, offset))
        offset += len(s.text) + 1
    return " ".join(parts), layout


def fixed_target(alignment: Alignment, finding: Finding) -> tuple[str, str] | None:
    """(original, fixed) link target texts, or ``None`` if the finding cannot be applied."""
    if finding.link is None or finding.target is None or finding.suggestion is None:
        return None
    if not 0 <= finding.link < len(alignment.links):
        return None
    built = _link_target(alignment, finding.link)
    if built is None:
        return None
    text, layout = built
    span = finding.target
    for start, end, offset in layout:
        if start <= span.start and span.end <= end:
            a, b = span.start - start + offset, span.end - start + offset
            if text[a:b] != span.text:
                return None
            fixed = text[:a] + finding.suggestion + text[b:]
            return (text, fixed) if fixed != text else None
    return None


def _previous(alignment: Alignment, side: str, indices: tuple[int, ...]) -> str:
    if not indices or indices[0] == 0:
        return ""
    seg = alignment.source if side == "source" else alignment.target
    return seg.sentences[indices[0] - 1].text


def candidates(alignment: Alignment, findings: Sequence[Finding]) -> list[Candidate]:
    out = []
    for i, f in enumerate(findings):
        if f.code.startswith(SKIP_PREFIXES):
            continue
        texts = fixed_target(alignment, f)
        if texts is None:
            continue
        link = alignment.links[f.link]  # type: ignore[index]
        source = alignment.source_text(link)
        if not source:
            continue
        original, fixed = texts
        fixed_link = fixed
        context = f.code in CONTEXT_CODES
        if context:
            prev_src = _previous(alignment, "source", link.source)
            prev_tgt = _previous(alignment, "target", link.target)
            if prev_src and prev_tgt:
                source = f"{prev_src} {source}"
                original, fixed = f"{prev_tgt} {original}", f"{prev_tgt} {fixed}"
            else:
                context = False
        out.append(Candidate(i, source, original, fixed, context, fixed_link))
    return out


def _differing(a: tuple[TokenScore, ...], b: tuple[TokenScore, ...]) -> tuple[float, float]:
    """Summed log-probs of the pieces that differ (after the common prefix, before the common suffix)."""
    p = 0
    while p < min(len(a), len(b)) and a[p].token == b[p].token:
        p += 1
    s = 0
    while s < min(len(a), len(b)) - p and a[-1 - s].token == b[-1 - s].token:
        s += 1
    return sum(t.logprob for t in a[p : len(a) - s]), sum(t.logprob for t in b[p : len(b) - s])


def verdict(original: float, fixed: float, margin: float = DEFAULT_MARGIN) -> str:
    if fixed - original > margin:
        return FIX_PREFERRED
    if original - fixed > margin:
        return ORIGINAL_PREFERRED
    return UNDECIDED


def adjudicate(
    alignment: Alignment,
    findings: Sequence[Finding],
    model: Scoring,
    *,
    mode: str = "annotate",
    margin: float = DEFAULT_MARGIN,
    model_name: str = "",
) -> tuple[Finding, ...]:
    """Findings with ``details["adjudication"]`` added (and, in ``filter`` mode, rejected ones dropped)."""
    findings = tuple(findings)
    if mode == "off" or not findings:
        return findings
    todo = candidates(alignment, findings)
    if not todo:
        return findings
    sources = [c.source for c in todo for _ in (0, 1)]
    targets = [t for c in todo for t in (c.original, c.fixed)]
    scored = model.score(sources, targets)
    judged: dict[int, dict[str, Any]] = {}
    for n, c in enumerate(todo):
        orig_tokens, fixed_tokens = scored[2 * n], scored[2 * n + 1]
        orig_sum = sum(t.logprob for t in orig_tokens)
        fixed_sum = sum(t.logprob for t in fixed_tokens)
        region_orig, region_fixed = _differing(orig_tokens, fixed_tokens)
        judged[c.index] = {
            "original_logprob": round(orig_sum, 4),
            "fixed_logprob": round(fixed_sum, 4),
            "original_region_logprob": round(region_orig, 4),
            "fixed_region_logprob": round(region_fixed, 4),
            "margin": margin,
            "context": c.context,
            "fixed_text": c.fixed_link,
            "model": model_name,
            "verdict": verdict(orig_sum, fixed_sum, margin),
        }
    out = []
    for i, f in enumerate(findings):
        if i not in judged:
            out.append(f)
            continue
        if mode == "filter" and judged[i]["verdict"] == ORIGINAL_PREFERRED:
            continue
        out.append(replace(f, details={**f.details, "adjudication": judged[i]}))
    return tuple(out)
