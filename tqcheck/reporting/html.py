"""The HTML report, for a reviewer reading a translation side by side with its source.

One self-contained file (inline CSS, no external resource, no script): a
table with the French on the left and the English on the right, one row per
alignment link, omissions and additions marked, flagged words highlighted
with a tooltip giving the code and message, and the findings listed under
their row with the suggested fix. Severity filters and "only pairs with
findings" are checkboxes driven by CSS ``:has()``, so they work without
JavaScript.

Every piece of text from the documents or the rules is escaped: a sentence is
cut into pieces at span boundaries (overlapping spans give pieces covered by
several findings) and each piece is escaped on its own, so a ``<script>`` in a
document is shown, never run, and no tag is ever left unbalanced.
"""

from __future__ import annotations

import html
from typing import Any

from tqcheck.datatypes import Finding, Report, Segmentation, Severity
from tqcheck.reporting.summary import all_notes, counts, fail_threshold, fails, findings_by_link, summary_line
from tqcheck.reporting.terminal import scores_text
from tqcheck.reporting.textspans import split_at_spans

CSS = """
:root { --err: #c62828; --warn: #b26a00; --info: #1565c0; --line: #ddd; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 1.5rem; color: #222; }
header h1 { font-size: 1.3rem; margin: 0 0 .3rem; }
.meta { color: #555; font-size: .85rem; margin: .15rem 0; }
.sig { font-family: ui-monospace, monospace; font-size: .78rem; color: #666; word-break: break-all; }
.summary { font-weight: 600; margin: .5rem 0; }
.summary.fail { color: var(--err); } .summary.pass { color: #2e7d32; }
.notes { margin: .3rem 0; padding-left: 1.2rem; color: #555; font-size: .9rem; }
.filters { margin: .6rem 0 1rem; font-size: .9rem; display: flex; gap: 1.2rem; flex-wrap: wrap; }
table.pairs { border-collapse: collapse; width: 100%; table-layout: fixed; }
table.pairs th, table.pairs td { border-top: 1px solid var(--line); padding: .35rem .5rem; vertical-align: top; text-align: left; }
table.pairs th { background: #f5f5f5; position: sticky; top: 0; }
col.num { width: 4.5rem; }
td.num { color: #777; font-size: .8rem; white-space: nowrap; }
td.num a { color: inherit; text-decoration: none; }
.kind { display: inline-block; font-family: ui-monospace, monospace; font-size: .75rem; }
tr.omission td, tr.addition td { background: #fdf3e7; }
tr.omission .kind, tr.addition .kind { color: #8e24aa; font-weight: 700; }
.missing { color: #8e24aa; font-style: italic; }
tr.findings td { border-top: none; padding-top: 0; }
ul.findings { margin: 0; padding-left: 1.1rem; font-size: .88rem; }
li.finding { margin: .15rem 0; }
.code { font-family: ui-monospace, monospace; font-weight: 700; }
.sev { font-size: .75rem; text-transform: uppercase; padding: 0 .3rem; border-radius: 3px; color: #fff; }
.sev-error .sev { background: var(--err); } .sev-warning .sev { background: var(--warn); } .sev-info .sev { background: var(--info); }
li.fail .code { text-decoration: underline; }
.fix { color: #2e7d32; } .fix q { font-weight: 600; }
.rel { color: #666; }
.scores { color: #666; font-family: ui-monospace, monospace; font-size: .75rem; }
mark { border-radius: 2px; padding: 0 1px; cursor: help; }
mark.m-error { background: #ffcdd2; box-shadow: inset 0 -2px var(--err); }
mark.m-warning { background: #ffe0b2; box-shadow: inset 0 -2px var(--warn); }
mark.m-info { background: #bbdefb; box-shadow: inset 0 -2px var(--info); }
.related { text-decoration: underline dotted 2px; text-underline-offset: 3px; cursor: help; }
body:has(#hide-error:checked) .sev-error,
body:has(#hide-warning:checked) .sev-warning,
body:has(#hide-info:checked) .sev-info { display: none; }
body:has(#hide-error:checked) mark.m-error,
body:has(#hide-warning:checked) mark.m-warning,
body:has(#hide-info:checked) mark.m-info { background: none; box-shadow: none; }
body:has(#only-flagged:checked) tr.clean { display: none; }
"""

_SIDE_NAMES = {"fr": "Français", "en": "English", "es": "Español", "de": "Deutsch", "it": "Italiano"}


def esc(value: object) -> str:
    """Escape text for element content and quoted attribute values alike."""
    return html.escape(str(value), quote=True)


class _Html:
    def __init__(self, report: Report, fail_on: Any) -> None:
        self.report = report
        self.threshold = fail_threshold(fail_on)

    def sentences(self, seg: Segmentation, indices: tuple[int, ...], findings: list[Finding], side: str) -> str:
        marks: list[tuple[int, int, tuple[str, Finding]]] = []
        for f in findings:
            own = f.target if side == "target" else f.source
            if own is not None:
                marks.append((own.start, own.end, ("flag", f)))
            for r in f.related:
                if r.side == side:
                    marks.append((r.start, r.end, ("related", f)))
        parts: list[str] = []
        for i in indices:
            s = seg.sentences[i]
            pieces = []
            for piece in split_at_spans(s.text, s.start, marks):
                text = esc(piece.text)
                flags = [f for kind, f in piece.marks if kind == "flag"]
                related = [f for kind, f in piece.marks if kind == "related"]
                if related:
                    tip = "\n".join(f"{r_label(f, side)} for {f.code}: {f.message}" for f in related)
                    text = f'<span class="related" title="{esc(tip)}">{text}</span>'
                if flags:
                    worst = max(flags, key=lambda f: f.severity.rank).severity.value
                    tip = "\n".join(f"{f.code} {f.severity.value}: {f.message}" for f in flags)
                    text = f'<mark class="m-{worst}" title="{esc(tip)}">{text}</mark>'
                pieces.append(text)
            parts.append(f'<span class="sentence" data-sentence="{s.index}">{"".join(pieces)}</span>')
        return " ".join(parts)

    def finding_item(self, f: Finding) -> str:
        classes = f"finding sev-{f.severity.value}" + (" fail" if fails(f, self.threshold) else "")
        out = [
            f'<li class="{classes}">',
            f'<span class="code">{esc(f.code)}</span> <span class="sev">{esc(f.severity.value)}</span> ',
            f'<span class="name">{esc(f.name)}</span>: {esc(f.message)}',
        ]
        if f.suggestion:
            out.append(f' <span class="fix">→ <q>{esc(f.suggestion)}</q></span>')
        for r in f.related:
            out.append(f' <span class="rel">({esc(r.label or "related")}: <q>{esc(r.text)}</q>)</span>')
        out.append("</li>")
        return "".join(out)

    def findings_list(self, findings: list[Finding]) -> str:
        return '<ul class="findings">' + "".join(self.finding_item(f) for f in findings) + "</ul>"

    def rows(self, show_scores: bool) -> str:
        al = self.report.alignment
        by_link, _ = findings_by_link(self.report)
        link_scores = self.report.scores.links
        out = []
        for i, link in enumerate(al.links):
            findings = by_link.get(i, [])
            kind = link.kind.value
            classes = ["link", f"kind-{kind}"]
            if kind == "1-0":
                classes.append("omission")
            elif kind == "0-1":
                classes.append("addition")
            classes.append("flagged" if findings else "clean")
            classes += sorted({f"has-{f.severity.value}" for f in findings})
            word = {"1-0": "omission", "0-1": "addition"}.get(kind, "")
            num = f'<a href="#pair-{i + 1}">{i + 1}</a><br><span class="kind">{esc(kind)}{"<br>" + word if word else ""}</span>'
            src = (
                self.sentences(al.source, link.source, findings, "source")
                if link.source
                else '<span class="missing">(no French source: added in translation)</span>'
            )
            tgt = (
                self.sentences(al.target, link.target, findings, "target")
                if link.target
                else '<span class="missing">(not translated)</span>'
            )
            if show_scores and i < len(link_scores):
                tgt += f'<div class="scores">{esc(scores_text(link_scores[i]))}</div>'
            out.append(
                f'<tr id="pair-{i + 1}" class="{" ".join(classes)}"><td class="num">{num}</td>'
                f'<td lang="{esc(self.report.pair.pair.source)}">{src}</td>'
                f'<td lang="{esc(self.report.pair.pair.target)}">{tgt}</td></tr>'
            )
            if findings:
                out.append(
                    f'<tr class="findings {" ".join(c for c in classes if c.startswith("has-"))}">'
                    f'<td></td><td colspan="2">{self.findings_list(findings)}</td></tr>'
                )
        return "\n".join(out)


def r_label(f: Finding, side: str) -> str:
    labels = {r.label or "related" for r in f.related if r.side == side}
    return ", ".join(sorted(labels))


def render_html(
    report: Report,
    *,
    fail_on: Severity | str | None = None,
    show_scores: bool = True,
    title: str | None = None,
    **_: Any,
) -> str:
    """The report as one self-contained HTML page."""
    view = _Html(report, fail_on)
    pair = report.pair
    c = counts(report)
    _, loose = findings_by_link(report)
    src_name = _SIDE_NAMES.get(pair.pair.source, pair.pair.source)
    tgt_name = _SIDE_NAMES.get(pair.pair.target, pair.pair.target)
    failed = any(fails(f, view.threshold) for f in report.findings)
    any_scores = any(scores_text(ls) != "none measured" for ls in report.scores.links)
    title = title or f"tqcheck: {pair.target.path or pair.pair.code}"
    notes = "".join(f"<li>{esc(n)}</li>" for n in all_notes(report))
    filters = "".join(
        f'<label><input type="checkbox" id="hide-{sev}"> hide {sev}s ({n})</label>'
        for sev, n in (("error", c.errors), ("warning", c.warnings), ("info", c.infos))
    )
    doc_findings = (
        f'<section class="document"><h2>Whole document</h2>{view.findings_list(loose)}</section>' if loose else ""
    )
    files = (
        f'<p class="meta">{esc(src_name)} ({esc(pair.pair.source)}): {esc(pair.source.path or "(text)")}'
        f" → {esc(tgt_name)} ({esc(pair.pair.target)}): {esc(pair.target.path or '(text)')}"
        f" · input: {esc(pair.input_format)} · aligner: {esc(report.alignment.method or 'none')}</p>"
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="tqcheck">
<title>{esc(title)}</title>
<style>{CSS}</style>
</head>
<body>
<header>
<h1>{esc(title)}</h1>
{files}
<p class="summary {"fail" if failed else "pass"}">{esc(summary_line(report))}</p>
<ul class="notes">{notes}</ul>
<p class="sig">{esc(str(report.signature))}</p>
<div class="filters">{filters}<label><input type="checkbox" id="only-flagged"> only pairs with findings</label></div>
</header>
{doc_findings}
<table class="pairs">
<colgroup><col class="num"><col><col></colgroup>
<thead><tr><th>#</th><th lang="{esc(pair.pair.source)}">{esc(src_name)}</th><th lang="{esc(pair.pair.target)}">{esc(tgt_name)}</th></tr></thead>
<tbody>
{view.rows(show_scores and any_scores)}
</tbody>
</table>
</body>
</html>
"""
