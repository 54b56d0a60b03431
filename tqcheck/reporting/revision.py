"""A revision diff (``tqcheck-diff/1``, see :mod:`tqcheck.revising`) for people and for tools.

Three formats, like ``check``: ``terminal`` (git ``--word-diff`` style,
coloured on a terminal, only the rows that changed), ``json`` (the diff dict
itself, both reports included, so ``tqcheck report`` can render the page
later) and ``html`` (a page with the word diff per row, each finding marked
fixed, introduced or kept, and the score changes).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from tqcheck.reporting.page_data import LANGUAGE_NAMES, FindingView, finding_view, rank
from tqcheck.reporting.summary import fail_threshold, is_mt_note
from tqcheck.reporting.worddiff import DiffPiece
from tqcheck.revising import STATUSES, summary_line

SCORE_LABELS = {"similarity": ("sim", "{:.2f}"), "chrf": ("chrF", "{:.1f}"), "logprob_mean": ("log p", "{:.2f}")}
FORMATS = ("terminal", "json", "html")


def scores_change(scores: dict[str, Any]) -> str:
    """``sim 0.85 → 0.79 (-0.06)  chrF 41.0 → 55.2 (+14.2)``: only what was measured."""
    parts = []
    def number(value: Any) -> float | None:
        return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None

    for name, (label, fmt) in SCORE_LABELS.items():
        s = scores.get(name)
        if not isinstance(s, dict):
            continue
        a, b, d = number(s.get("old")), number(s.get("new")), number(s.get("delta"))
        old = fmt.format(a) if a is not None else "–"
        new = fmt.format(b) if b is not None else "–"
        delta = f" ({'+' if d >= 0 else ''}{fmt.format(d)})" if d is not None else ""
        parts.append(f"{label} {old} → {new}{delta}")
    return "  ".join(parts)


# --------------------------------------------------------------------------- json


def render_diff_json(diff: dict[str, Any], **_: Any) -> str:
    return json.dumps(diff, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


# --------------------------------------------------------------------------- terminal


def render_diff_terminal(diff: dict[str, Any], *, color: bool = False, quiet: bool = False, **_: Any) -> str:
    """Changed rows with a word diff and their fixed/introduced findings, then the summary."""

    def paint(text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if color and text else text

    lines: list[str] = []
    if not quiet:
        for row in diff["rows"]:
            if row["status"] == "unchanged":
                continue
            lines.append(paint(f"row {row['index'] + 1} ({row['label']}): {row['status']}", "1"))
            words = []
            for p in row["diff"]:
                if p["op"] == "delete":
                    words.append(paint(f"[-{p['text'].rstrip()}-]", "31") + p["text"][len(p["text"].rstrip()):])
                elif p["op"] == "insert":
                    words.append(paint(f"{{+{p['text'].rstrip()}+}}", "32") + p["text"][len(p["text"].rstrip()):])
                else:
                    words.append(p["text"])
            lines.append("  " + "".join(words))
            for status, colour in (("fixed", "32"), ("introduced", "31")):
                for f in row[status]:
                    lines.append(f"  {paint(status, colour)} {f['code']} {f['severity']} {f['name']}: {f['message']}")
            change = scores_change(row["scores"])
            if change:
                lines.append(f"  {change}")
        for status in ("fixed", "introduced"):
            for f in diff["document"][status]:
                lines.append(f"whole document: {status} {f['code']} {f['severity']} {f['name']}: {f['message']}")
        by_rule = diff["summary"]["by_rule"]
        if by_rule:
            lines.append("")
            lines.append("rule     fixed  introduced  kept")
            for code, c in by_rule.items():
                lines.append(f"{code:<8} {c['fixed']:>5}  {c['introduced']:>10}  {c['kept']:>4}")
    summary = summary_line(diff)
    lines.append(paint(summary, "31" if diff["summary"]["failing"] else "32"))
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- html


@dataclass
class DiffRowView:
    anchor: str
    number: int
    label: str
    status: str
    classes: list[str]
    source: str
    new_text: str
    diff: list[DiffPiece]
    findings: list[tuple[str, FindingView]]
    scores: str


def _views(items: list[tuple[str, dict[str, Any]]], counter: list[int], threshold: Any) -> list[tuple[str, FindingView]]:
    out = []
    for status, f in items:
        counter[0] += 1
        view = finding_view(f, f"f-{counter[0]}", threshold)
        view.fail = view.fail and status == "introduced"  # only what the revision broke fails it
        out.append((status, view))
    return out


def render_diff_html(diff: dict[str, Any], *, title: str | None = None, **_: Any) -> str:
    from tqcheck.reporting.pages import render_page

    threshold = fail_threshold(diff.get("fail_on"))
    counter = [0]
    rows = []
    severities = {"error": 0, "warning": 0, "info": 0}
    codes: dict[str, int] = {}

    def count(findings: list[tuple[str, FindingView]]) -> None:
        for _, f in findings:
            severities[f.severity] = severities.get(f.severity, 0) + 1
            codes[f.code] = codes.get(f.code, 0) + 1

    document = _views([(s, f) for s in STATUSES for f in diff["document"][s]], counter, threshold)
    count(document)
    for row in diff["rows"]:
        items = [(s, f) for s in STATUSES for f in row[s]]
        items.sort(key=lambda item: (STATUSES.index(item[0]), -rank(str(item[1].get("severity")))))
        findings = _views(items, counter, threshold)
        count(findings)
        classes = ["link", row["status"], "flagged" if findings else "clean"]
        classes += sorted({f"has-{f.severity}" for _, f in findings})
        rows.append(
            DiffRowView(
                anchor=f"row-{row['index'] + 1}",
                number=row["index"] + 1,
                label=row["label"],
                status=row["status"],
                classes=classes,
                source=row["source"],
                new_text=row["new"]["text"],
                diff=[DiffPiece(p["op"], p["text"]) for p in row["diff"]],
                findings=findings,
                scores=scores_change(row["scores"]),
            )
        )
    new = diff.get("new") or {}
    pair = new.get("pair") or {}
    src_lang, tgt_lang = str(pair.get("source_lang", "fr")), str(pair.get("target_lang", "en"))
    notes: list[str] = []
    for report in (diff.get("old") or {}, new):
        for n in report.get("notes") or []:
            if is_mt_note(str(n)) and n not in notes:
                notes.append(str(n))
    given = diff.get("inputs") or {}
    inputs = {k: str(given[k]) if given.get(k) is not None else "(text)" for k in ("source", "old", "new")}
    return render_page(
        "diff.html.j2",
        title=title or f"tqcheck diff: {inputs.get('old', '')} → {inputs.get('new', '')}",
        inputs=inputs,
        match=str(diff.get("match", "")),
        source_lang=src_lang,
        target_lang=tgt_lang,
        source_name=LANGUAGE_NAMES.get(src_lang, src_lang),
        target_name=LANGUAGE_NAMES.get(tgt_lang, tgt_lang),
        summary=summary_line(diff),
        failed=bool(diff["summary"]["failing"]),
        mt_notes=notes,
        by_rule=diff["summary"]["by_rule"],
        severities=severities,
        codes=dict(sorted(codes.items())),
        document=document,
        rows=rows,
    )


def render_diff(diff: dict[str, Any], fmt: str, **opts: Any) -> str:
    renderers = {"terminal": render_diff_terminal, "json": render_diff_json, "html": render_diff_html}
    return renderers[fmt](diff, **opts)
