"""The terminal view, for a translator running ``tqcheck check`` in a shell.

Findings are grouped by aligned sentence pair, because a translator fixes a
sentence, not a rule: each pair with findings shows the French and the English
with the flagged words highlighted, then one line per finding with its code,
severity, message and suggested fix. It ends with one summary line, like
ruff or pytest, and says plainly what was not measured (no MT model) rather
than printing scores that do not exist. Quiet on success: one line.

Without colour (piped output, ``NO_COLOR``, ``--no-color``) flagged spans are
wrapped in ``[`` ``]`` so they still stand out and no escape codes leak.
"""

from __future__ import annotations

import io
import re
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from tqcheck.datatypes import Finding, Link, LinkScores, Report, Segmentation, Severity, Span
from tqcheck.reporting.summary import (
    counts,
    extra_notes,
    fail_threshold,
    failing,
    findings_by_link,
    summary_line,
)
from tqcheck.reporting.textspans import LineIndex, split_at_spans

SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
SPAN_STYLE = {Severity.ERROR: "bold white on red", Severity.WARNING: "bold black on yellow", Severity.INFO: "bold black on cyan"}
RELATED_STYLE = "underline"
KIND_WORDS = {"1-0": "omission", "0-1": "addition"}


def _new_console(color: bool, width: int) -> Console:
    return Console(
        file=io.StringIO(),
        force_terminal=color,
        color_system="standard" if color else None,
        no_color=not color,
        width=max(width, 40),
        highlight=False,
        markup=False,
        emoji=False,
        legacy_windows=False,
        soft_wrap=False,
    )


def _fmt(value: float | None, pattern: str) -> str | None:
    return None if value is None else pattern.format(value)


def scores_text(ls: LinkScores) -> str:
    """Compact per-link scores: only what was measured; never invents a number."""
    parts = [
        p
        for p in (
            _fmt(ls.similarity, "sim {:.2f}"),
            _fmt(ls.chrf, "chrF {:.1f}"),
            _fmt(ls.bleu, "BLEU {:.1f}"),
            _fmt(ls.ter, "TER {:.1f}"),
            _fmt(ls.logprob_mean, "logprob {:.2f}"),
            _fmt(ls.logprob_min, "min {:.2f}"),
            _fmt(ls.reverse_logprob_mean, "reverse {:.2f}"),
        )
        if p
    ]
    return "  ".join(parts) if parts else "none measured"


class _View:
    def __init__(self, report: Report, color: bool, fail_on: Any) -> None:
        self.report = report
        self.color = color
        self.threshold = fail_threshold(fail_on)
        self.lines = {
            "source": LineIndex(report.pair.source.text),
            "target": LineIndex(report.pair.target.text),
        }

    # ------------------------------------------------------------ sentences

    def sentence_text(self, seg: Segmentation, indices: tuple[int, ...], findings: list[Finding], side: str) -> Text:
        marks: list[tuple[int, int, tuple[str, Severity]]] = []
        for f in findings:
            own = f.target if side == "target" else f.source
            if own is not None:
                marks.append((own.start, own.end, ("flag", f.severity)))
            for r in f.related:
                if r.side == side:
                    marks.append((r.start, r.end, ("related", f.severity)))
        out = Text()
        for n, i in enumerate(indices):
            if n:
                out.append(" ")
            s = seg.sentences[i]
            text, base, cut_before, cut_after = _window(s.text, s.start, marks)
            if cut_before:
                out.append("… ", style="dim" if self.color else None)
            if not self.color:
                out.append(_bracketed(text, base, marks))
            else:
                self._append_styled(out, text, base, marks)
            if cut_after:
                out.append(" …", style="dim" if self.color else None)
        return out

    @staticmethod
    def _append_styled(out: Text, text: str, base: int, marks: list[tuple[int, int, Any]]) -> None:
        for piece in split_at_spans(text, base, marks):
                flags = [sev for kind, sev in piece.marks if kind == "flag"]
                style = SPAN_STYLE[max(flags, key=lambda sv: sv.rank)] if flags else ""
                if any(kind == "related" for kind, _ in piece.marks):
                    style = f"{style} {RELATED_STYLE}".strip()
                out.append(piece.text, style=style or None)

    # ------------------------------------------------------------ locations

    def where(self, link: Link) -> str:
        """``translation.en.txt:12`` for text inputs, ``row 12`` for TSV/JSONL, where the pair starts."""
        pair = self.report.pair
        al = self.report.alignment
        side, seg, indices = ("target", al.target, link.target) if link.target else ("source", al.source, link.source)
        if not indices:
            return ""
        sentence = seg.sentences[indices[0]]
        unit = pair.units[sentence.paragraph] if sentence.paragraph < len(pair.units) else None
        name = (pair.source.path or "").replace(chr(92), "/").rsplit("/", 1)[-1]
        at = f"{name}:{unit.line}" if unit is not None and unit.line else ""
        if pair.input_format in ("tsv", "jsonl"):
            return f"row {sentence.paragraph + 1}" + (f" ({at})" if at else "")
        if unit is not None:  # XLIFF, TMX, PO, subtitles: the file's line and the unit's own id
            ident = unit.id.replace(f" (line {unit.line})", "")  # a PO id repeats the line: "ctx (line 7)"
            shown = ident and ident != f"line {unit.line}"
            return " ".join(x for x in (at, f"[{ident}]" if shown else "") if x) or f"unit {sentence.paragraph + 1}"
        doc = pair.target if side == "target" else pair.source
        line, _ = self.lines[side].position(sentence.start)
        return f"{doc.path.replace(chr(92), '/').rsplit('/', 1)[-1]}:{line}" if doc.path else f"{doc.lang} line {line}"

    def span_label(self, span: Span) -> str:
        line, col = self.lines[span.side].position(span.start)
        return f"{_quote(span.text)} ({'fr' if span.side == 'source' else 'en'} {line}:{col})"

    # ------------------------------------------------------------ findings

    def finding_text(self, f: Finding) -> Text:
        out = Text()
        sev_style = SEVERITY_STYLE[f.severity] if self.color else None
        out.append(f"{f.severity.value:<7} ", style=sev_style)
        anchor = f.target or f.source
        if anchor is not None and anchor.text.strip() and not self._whole_sentence(anchor):
            out.append(_quote(anchor.text), style="bold" if self.color else None)
            out.append(": ")
        out.append(f.message)
        if f.suggestion:
            out.append("\n→ ", style="green" if self.color else None)
            out.append(f.suggestion, style="green" if self.color else None)
        for r in f.related:
            label = r.label or "related"
            out.append(f"\n  {label}: ", style="dim" if self.color else None)
            out.append(self.span_label(r), style="dim" if self.color else None)
        return out

    def _whole_sentence(self, span: Span) -> bool:
        """A span covering its whole sentence adds nothing when quoted next to that sentence."""
        seg = self.report.alignment.source if span.side == "source" else self.report.alignment.target
        if span.sentence is None or not 0 <= span.sentence < len(seg.sentences):
            return False
        s = seg.sentences[span.sentence]
        return span.start <= s.start and span.end >= s.end

    def code_text(self, f: Finding) -> Text:
        style = SEVERITY_STYLE[f.severity] if self.color else None
        return Text(f.code, style=style)

    # ------------------------------------------------------------ blocks

    def link_title(self, index: int, scores: LinkScores | None = None) -> Text:
        link = self.report.alignment.links[index]
        kind = link.kind.value
        title = Text()
        title.append(f"pair {index + 1}", style="bold" if self.color else None)
        title.append(f" · {kind}")
        if kind in KIND_WORDS:
            title.append(f" {KIND_WORDS[kind]}", style="magenta" if self.color else None)
        where = self.where(link)
        if where:
            title.append(f" · {where}", style="dim" if self.color else None)
        if scores is not None:
            title.append(f" · {scores_text(scores)}", style="cyan" if self.color else None)
        return title

    def link_block(self, index: int, findings: list[Finding]) -> Table:
        al = self.report.alignment
        link = al.links[index]
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, min_width=5)
        grid.add_column(overflow="fold")
        lang = self.report.pair.pair
        for side, seg, indices, missing in (
            ("source", al.source, link.source, "(nothing: this English has no French source)"),
            ("target", al.target, link.target, "(nothing: this French is not translated)"),
        ):
            label = Text(f"  {lang.source if side == 'source' else lang.target}", style="dim" if self.color else None)
            if indices:
                grid.add_row(label, self.sentence_text(seg, indices, findings, side))
            else:
                grid.add_row(label, Text(missing, style="italic magenta" if self.color else None))
        for f in findings:
            grid.add_row(Text("  ") + self.code_text(f), self.finding_text(f))
        return grid

    def document_block(self, findings: list[Finding]) -> Table:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, min_width=5)
        grid.add_column(overflow="fold")
        for f in findings:
            grid.add_row(Text("  ") + self.code_text(f), self.finding_text(f))
        return grid


MAX_SHOWN = 1000
"""Longest stretch of one sentence the terminal shows; a longer one is cut around its first flagged span."""


def _window(text: str, base: int, marks: list[tuple[int, int, Any]]) -> tuple[str, int, bool, bool]:
    """``(shown text, its absolute start, cut before?, cut after?)`` for one sentence."""
    if len(text) <= MAX_SHOWN:
        return text, base, False, False
    inside = [st for st, e, _ in marks if base <= st < base + len(text)]
    anchor = (min(inside) - base) if inside else 0
    start = max(0, min(anchor - MAX_SHOWN // 3, len(text) - MAX_SHOWN))
    end = start + MAX_SHOWN
    return text[start:end], base + start, start > 0, end < len(text)


def _bracketed(text: str, base: int, marks: list[tuple[int, int, Any]]) -> str:
    """Plain mode: wrap the merged flagged stretches of one sentence in [ ]."""
    flagged = sorted(
        (max(s, base) - base, min(e, base + len(text)) - base)
        for s, e, (kind, _) in marks
        if kind == "flag" and min(e, base + len(text)) > max(s, base)
    )
    merged: list[list[int]] = []
    for s, e in flagged:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    pieces, pos = [], 0
    for s, e in merged:
        pieces += [text[pos:s], "[", text[s:e], "]"]
        pos = e
    pieces.append(text[pos:])
    return "".join(pieces)


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return f'"{text[:57]}…"' if len(text) > 60 else f'"{text}"'


def render_terminal(
    report: Report,
    *,
    color: bool = False,
    width: int = 100,
    quiet: bool = False,
    show_scores: bool = False,
    fail_on: Severity | str | None = None,
    **_: Any,
) -> str:
    """The report as text for a terminal (ANSI codes only when ``color``)."""
    console = _new_console(color, width)
    view = _View(report, color, fail_on)
    c = counts(report)
    if not quiet:
        by_link, loose = findings_by_link(report)
        link_scores = list(report.scores.links)
        measured = show_scores and any(scores_text(ls) != "none measured" for ls in link_scores)
        if show_scores and not measured:
            console.print(Text("scores: none measured for any sentence pair", style="dim" if color else None), soft_wrap=True)
            console.print()
        shown = range(c.links) if measured else sorted(by_link)
        for i in shown:
            ls = (link_scores[i] if i < len(link_scores) else LinkScores()) if measured else None
            console.print(view.link_title(i, ls), soft_wrap=True)
            console.print(view.link_block(i, by_link.get(i, [])))
            console.print()
        if loose:
            console.print(Text("document", style="bold" if color else None))
            console.print(view.document_block(loose))
            console.print()
    line = summary_line(report)
    if color:
        bad = bool(failing(report, fail_on))
        style = "bold red" if bad else ("bold yellow" if c.problems else "bold green")
        console.print(Text(line, style=style), soft_wrap=True)
    else:
        console.print(Text(line), soft_wrap=True)
    for note in extra_notes(report):
        console.print(Text(f"note: {note}", style="dim" if color else None), soft_wrap=True)
    return strip_trailing(console.file.getvalue())  # type: ignore[attr-defined]


def strip_trailing(text: str) -> str:
    """Drop the blanks rich pads table cells with (kept colour resets stay)."""
    return "".join(_TRAILING.sub(r"\1", line) for line in text.splitlines(keepends=True))


# Table cells are padded to the column width; trailing blanks are noise in a log.
_TRAILING = re.compile(r"[ \t]+((?:\x1b\[[0-9;]*m)*)(?=\r?\n|$)")
