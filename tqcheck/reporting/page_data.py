"""What an HTML page shows, computed from a JSON report (schema ``tqcheck-report/1``).

Pages are rendered from the JSON layout rather than from the library's
objects, so a page made at check time and a page made later from the JSON a
CI job saved (``tqcheck report``) are the same page. This module turns one
report dict into plain view objects (rows, sentence pieces, findings, MT
scores); the templates in ``templates/`` only lay them out, and Jinja's
autoescaping escapes every string they print.

A sentence is cut into pieces at span boundaries (overlapping spans give
pieces covered by several findings), so highlights never nest tags and every
character of the sentence is printed exactly once.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from tqcheck.datatypes import LinkScores, Severity
from tqcheck.reporting.summary import fail_threshold, is_mt_note
from tqcheck.reporting.textspans import split_at_spans
from tqcheck.reporting.worddiff import DiffPiece, word_diff

LANGUAGE_NAMES = {"fr": "Français", "en": "English", "es": "Español", "de": "Deutsch", "it": "Italiano"}
SEVERITIES = ("error", "warning", "info")
_RANK = {"info": 0, "warning": 1, "error": 2}
# Surprisal (-log p, nats) at which a token moves to the next heat level (0 = expected … 5 = very surprising).
HEAT_STEPS = (0.5, 1.5, 3.0, 5.0, 8.0)


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def rank(severity: str) -> int:
    return _RANK.get(severity, 0)


# --------------------------------------------------------------------------- summary


@dataclass(frozen=True)
class DocCounts:
    errors: int
    warnings: int
    infos: int
    links: int

    @property
    def problems(self) -> int:
        return self.errors + self.warnings + self.infos

    def by_severity(self) -> dict[str, int]:
        return {"error": self.errors, "warning": self.warnings, "info": self.infos}


def doc_counts(doc: dict[str, Any]) -> DocCounts:
    """Counts from the findings themselves (a saved file's ``summary`` could be stale or missing)."""
    sev = [f.get("severity") for f in doc.get("findings", [])]
    return DocCounts(sev.count("error"), sev.count("warning"), sev.count("info"), len(doc.get("alignment", [])))


def summary_text(c: DocCounts) -> str:
    """The summary line every format prints, without the MT note (a page shows that once, on its own)."""
    if c.problems == 0:
        return f"All checks passed: {plural(c.links, 'sentence pair')}, 0 problems."
    parts = [plural(n, w) for n, w in ((c.errors, "error"), (c.warnings, "warning"), (c.infos, "info")) if n]
    return f"Found {plural(c.problems, 'problem')} ({', '.join(parts)}) in {plural(c.links, 'sentence pair')}."


def fails(severity: str, threshold: Severity | None) -> bool:
    return threshold is not None and rank(severity) >= threshold.rank


# --------------------------------------------------------------------------- view objects


@dataclass
class FindingView:
    fid: str
    code: str
    name: str
    severity: str
    message: str
    suggestion: str | None
    related: list[tuple[str, str]]
    fail: bool
    link: int | None


@dataclass
class PieceView:
    text: str
    worst: str | None = None  # severity of the worst finding flagging this piece
    title: str = ""
    fids: str = ""
    related_title: str = ""
    related_fids: str = ""


@dataclass
class SentenceView:
    index: int
    pieces: list[PieceView]


@dataclass
class TokenView:
    text: str
    level: int
    title: str


@dataclass
class MtView:
    hypothesis: str
    diff: list[DiffPiece]
    chrf: float | None
    logprob_mean: float | None
    tokens: list[TokenView]


@dataclass
class RowView:
    anchor: str
    number: int
    kind: str
    word: str
    classes: list[str]
    source: list[SentenceView] | None
    target: list[SentenceView] | None
    findings: list[FindingView]
    scores: str
    mt: MtView | None


@dataclass
class DocumentView:
    """One report, ready for the templates."""

    anchor: str
    title: str
    source_path: str
    target_path: str
    input_format: str
    aligner: str
    source_lang: str
    target_lang: str
    source_name: str
    target_name: str
    signature: str
    counts: DocCounts
    summary: str
    failed: bool
    notes: list[str]
    mt_note: str | None
    rows: list[RowView]
    loose: list[FindingView]
    codes: dict[str, int] = field(default_factory=dict)
    show_scores: bool = False

    @property
    def flagged_rows(self) -> int:
        return sum(1 for r in self.rows if r.findings)


# --------------------------------------------------------------------------- builders


def scores_text(scores: dict[str, Any]) -> str:
    """The terminal's compact per-link scores line, from a JSON ``scores`` entry."""
    from tqcheck.reporting.terminal import scores_text as _text

    names = {f.name for f in dataclasses.fields(LinkScores)} - {"tokens"}
    values = {k: v for k, v in scores.items() if k in names and (v is None or isinstance(v, (int, float, str)))}
    try:
        return _text(LinkScores(**values))
    except (TypeError, ValueError):
        return "none measured"


def heat_level(logprob: float | None) -> int:
    if logprob is None:
        return 0
    surprisal = -float(logprob)
    return sum(1 for step in HEAT_STEPS if surprisal >= step)


def token_views(tokens: list[dict[str, Any]]) -> list[TokenView]:
    """SentencePiece tokens as shown: ``▁`` becomes the blank it stands for."""
    out = []
    for t in tokens:
        text = str(t.get("token", "")).replace("▁", " ")
        lp = t.get("logprob")
        lp_text = f"{lp:.2f}" if isinstance(lp, (int, float)) else "n/a"
        out.append(TokenView(text, heat_level(lp if isinstance(lp, (int, float)) else None), f"{text.strip()!s}: log p = {lp_text}"))
    return out


def mt_view(scores: dict[str, Any], human: str) -> MtView | None:
    hyp = scores.get("mt_hypothesis")
    tokens = scores.get("tokens") or []
    if not isinstance(hyp, str) and not tokens:
        return None
    hyp = hyp if isinstance(hyp, str) else ""
    return MtView(
        hypothesis=hyp,
        diff=word_diff(human, hyp) if hyp else [],
        chrf=_number(scores.get("chrf")),
        logprob_mean=_number(scores.get("logprob_mean")),
        tokens=token_views(tokens),
    )


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def finding_view(f: dict[str, Any], fid: str, threshold: Severity | None) -> FindingView:
    return FindingView(
        fid=fid,
        code=str(f.get("code", "")),
        name=str(f.get("name", "")),
        severity=str(f.get("severity", "info")),
        message=str(f.get("message", "")),
        suggestion=f.get("suggestion") if isinstance(f.get("suggestion"), str) else None,
        related=[(str(r.get("label") or "related"), str(r.get("text", ""))) for r in f.get("related") or []],
        fail=fails(str(f.get("severity", "")), threshold),
        link=f.get("link") if isinstance(f.get("link"), int) else None,
    )


def _sentence_views(
    sentences: list[dict[str, Any]], indices: list[int], findings: list[tuple[FindingView, dict[str, Any]]], side: str
) -> list[SentenceView]:
    marks: list[tuple[int, int, tuple[str, FindingView]]] = []
    for view, raw in findings:
        own = raw.get(side)
        if isinstance(own, dict):
            marks.append((int(own["start"]), int(own["end"]), ("flag", view)))
        for r in raw.get("related") or []:
            if r.get("side") == side:
                marks.append((int(r["start"]), int(r["end"]), ("related", view)))
    out = []
    for i in indices:
        s = sentences[i]
        pieces = []
        for piece in split_at_spans(s["text"], int(s["start"]), marks):
            flags = [f for kind, f in piece.marks if kind == "flag"]
            related = [f for kind, f in piece.marks if kind == "related"]
            pv = PieceView(piece.text)
            if flags:
                pv.worst = max(flags, key=lambda f: rank(f.severity)).severity
                pv.title = "\n".join(f"{f.code} {f.severity}: {f.message}" for f in flags)
                pv.fids = " ".join(f.fid for f in flags)
            if related:
                pv.related_title = "\n".join(f"{_labels(raw_of(f, findings), side)} for {f.code}: {f.message}" for f in related)
                pv.related_fids = " ".join(f.fid for f in related)
            pieces.append(pv)
        out.append(SentenceView(int(s["index"]), pieces))
    return out


def raw_of(view: FindingView, findings: list[tuple[FindingView, dict[str, Any]]]) -> dict[str, Any]:
    return next(raw for v, raw in findings if v is view)


def _labels(raw: dict[str, Any], side: str) -> str:
    return ", ".join(sorted({str(r.get("label") or "related") for r in raw.get("related") or [] if r.get("side") == side}))


def document_title(doc: dict[str, Any], number: int | None = None) -> str:
    meta = doc.get("document") if isinstance(doc.get("document"), dict) else {}
    inputs = doc.get("inputs") or {}
    name = meta.get("id") or meta.get("target") or inputs.get("target")
    if name:
        return str(name)
    pair = doc.get("pair") or {}
    base = f"{pair.get('source_lang', '?')}-{pair.get('target_lang', '?')}"
    return f"document {number}" if number is not None else base


def document_view(doc: dict[str, Any], *, fail_on: Any = None, prefix: str = "", number: int | None = None) -> DocumentView:
    """The view of one ``tqcheck-report/1`` dict; ``prefix`` keeps anchors unique on a many-document page."""
    threshold = fail_threshold(fail_on)
    sentences = doc.get("sentences") or {}
    src_sents, tgt_sents = sentences.get("source", []), sentences.get("target", [])
    links = doc.get("alignment") or []
    scores = list(doc.get("scores") or [])
    scores += [{}] * (len(links) - len(scores))
    views: list[tuple[FindingView, dict[str, Any]]] = []
    for i, f in enumerate(doc.get("findings") or []):
        views.append((finding_view(f, f"{prefix}f-{i + 1}", threshold), f))
    by_link: dict[int, list[tuple[FindingView, dict[str, Any]]]] = {}
    loose: list[FindingView] = []
    for view, raw in views:
        if view.link is not None and 0 <= view.link < len(links):
            by_link.setdefault(view.link, []).append((view, raw))
        else:
            loose.append(view)
    any_scores = any(scores_text(s) != "none measured" for s in scores)
    rows = []
    for i, link in enumerate(links):
        found = by_link.get(i, [])
        kind = str(link.get("kind", ""))
        classes = ["link", f"kind-{kind}"]
        word = {"1-0": "omission", "0-1": "addition"}.get(kind, "")
        if word:
            classes.append(word)
        classes.append("flagged" if found else "clean")
        classes += sorted({f"has-{v.severity}" for v, _ in found})
        target_text = " ".join(tgt_sents[t]["text"] for t in link.get("target", []))
        rows.append(
            RowView(
                anchor=f"{prefix}pair-{i + 1}",
                number=i + 1,
                kind=kind,
                word=word,
                classes=classes,
                source=_sentence_views(src_sents, link.get("source", []), found, "source") if link.get("source") else None,
                target=_sentence_views(tgt_sents, link.get("target", []), found, "target") if link.get("target") else None,
                findings=[v for v, _ in found],
                scores=scores_text(scores[i]) if any_scores else "",
                mt=mt_view(scores[i], target_text) if link.get("target") else None,
            )
        )
    notes = [str(n) for n in doc.get("notes") or []]
    mt_notes = [n for n in notes if is_mt_note(n)]
    pair = doc.get("pair") or {}
    inputs = doc.get("inputs") or {}
    meta = doc.get("document") if isinstance(doc.get("document"), dict) else {}
    src_lang, tgt_lang = str(pair.get("source_lang", "")), str(pair.get("target_lang", ""))
    c = doc_counts(doc)
    codes: dict[str, int] = {}
    for v, _ in views:
        codes[v.code] = codes.get(v.code, 0) + 1
    return DocumentView(
        anchor=f"{prefix}doc",
        title=document_title(doc, number),
        source_path=str(meta.get("source") or inputs.get("source") or "(text)"),
        target_path=str(meta.get("target") or inputs.get("target") or "(text)"),
        input_format=str(inputs.get("format") or "text"),
        aligner=_aligner(str(doc.get("signature", ""))),
        source_lang=src_lang,
        target_lang=tgt_lang,
        source_name=LANGUAGE_NAMES.get(src_lang, src_lang),
        target_name=LANGUAGE_NAMES.get(tgt_lang, tgt_lang),
        signature=str(doc.get("signature", "")),
        counts=c,
        summary=summary_text(c),
        failed=any(v.fail for v, _ in views),
        notes=[n for n in notes if not is_mt_note(n)],
        mt_note=mt_notes[0] if mt_notes else None,
        rows=rows,
        loose=loose,
        codes=dict(sorted(codes.items())),
        show_scores=any_scores,
    )


def _aligner(signature: str) -> str:
    for part in signature.split("|"):
        if part.startswith("align:"):
            return part.removeprefix("align:")
    return "none"
