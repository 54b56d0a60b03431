"""What every run writer shares: the base class, a document's identity and position, the summary line.

Kept apart from the writers themselves (:mod:`tqcheck.reporting.run_writers`)
so that the writers, one per format, read as a list, and so that the feed
runner can say the summary line without importing any writer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tqcheck.datatypes import Finding, Report
from tqcheck.reporting.json_report import _finding, report_dict
from tqcheck.reporting.summary import fail_threshold
from tqcheck.reporting.textspans import LineIndex

RUN_SCHEMA = "tqcheck-run/1"
Write = Callable[[str], None]


def document_info(result: Any) -> dict[str, Any]:
    """``{"id", "source", "target"}`` of a result: where the document came from."""
    report: Report | None = result.report
    if report is not None:
        return {"id": result.id, "source": report.pair.source.path, "target": report.pair.target.path}
    inp = result.input
    return {"id": result.id, "source": inp.display or inp.source, "target": inp.target}


def document_dict(result: Any, report: Report, extra: list[Finding] | None = None) -> dict[str, Any]:
    """The ``tqcheck-report/1`` object of one document, with its ``document`` member."""
    out = report_dict(report)
    out["document"] = document_info(result)
    if extra:
        out["findings"].extend(_finding(f) for f in extra)
    return out


def locate(result: Any, report: Report, finding: Finding) -> tuple[str | None, int, int, int, int] | None:
    """``(path, line, column, end_line, end_column)`` of a finding in its file (1-based), or ``None``.

    For a block streamed from a big line-aligned file, the block's paragraph
    *k* is file line ``result.lines[k]``; otherwise lines are those of the
    side's text as read.
    """
    span = finding.target or finding.source
    al = report.alignment
    if span is None and finding.link is not None and 0 <= finding.link < len(al.links):
        link = al.links[finding.link]
        side, seg, idx = ("target", al.target, link.target) if link.target else ("source", al.source, link.source)
        if idx:
            doc = report.pair.target if side == "target" else report.pair.source
            start, end = seg.sentences[idx[0]].start, seg.sentences[idx[-1]].end
            return _position(result, doc, start, end)
        return None
    if span is None:
        return None
    doc = report.pair.target if span.side == "target" else report.pair.source
    return _position(result, doc, span.start, span.end)


def _position(result: Any, doc: Any, start: int, end: int) -> tuple[str | None, int, int, int, int]:
    index = LineIndex(doc.text)
    line, col = index.position(start)
    end_line, end_col = index.position(end)
    lines = getattr(result, "lines", ())
    if lines:
        line = lines[min(line, len(lines)) - 1]
        end_line = lines[min(end_line, len(lines)) - 1]
    offset = line_offset(result, doc.path)
    return doc.path, line + offset, col, end_line + offset, end_col


def line_offset(result: Any, path: str | None) -> int:
    """How far into its file a block's text on this side starts (a big text pair's sides can differ)."""
    report = getattr(result, "report", None)
    if report is not None and path is not None and path == report.pair.target.path != report.pair.source.path:
        return getattr(result, "target_line_offset", 0)
    return getattr(result, "line_offset", 0)


class RunWriter:
    """Base: receives documents in order, then the totals."""

    def __init__(self, write: Write, *, fail_on: Any = None, rules: list[Any] | None = None, **opts: Any) -> None:
        self.write = write
        self.threshold = fail_threshold(fail_on)
        self.rules = rules
        self.opts = opts

    def start(self) -> None:
        return None

    def document(self, result: Any, report: Report | None, extra: list[Finding] | None = None) -> None:
        raise NotImplementedError

    def run_findings(self, result_ids: dict[int, str], found: dict[int, list[Finding]]) -> None:
        """Findings of run-level checks, by document index (arrive after every document)."""
        return None

    def finish(self, summary: dict[str, Any]) -> None:
        return None


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def summary_text(summary: dict[str, Any]) -> str:
    """``Checked 12 documents (340 sentence pairs) in 4.1 s: 5 problems (2 errors, 3 warnings) in 3 documents.``"""
    head = (f"Checked {_plural(summary['checked'], 'document')} ({_plural(summary['links'], 'sentence pair')})"
            f" in {summary['seconds']:.1f} s")
    problems = summary["errors"] + summary["warnings"] + summary["infos"]
    if problems:
        parts = [_plural(summary[k], w) for k, w in (("errors", "error"), ("warnings", "warning"), ("infos", "info"))
                 if summary[k]]
        text = f"{head}: {_plural(problems, 'problem')} ({', '.join(parts)}) in {_plural(summary['with_problems'], 'document')}"
    else:
        text = f"{head}: all checks passed"
    if summary.get("unreadable"):
        text += f"; {_plural(summary['unreadable'], 'document')} could not be read"
    if summary.get("input_problems"):
        text += f"; {_plural(summary['input_problems'], 'input problem')} (see stderr)"
    baseline = summary.get("baseline")
    if baseline:
        text += f"; baseline: {baseline['new']} new, {baseline['baselined']} known, {baseline['fixed']} fixed"
    return text + "."
