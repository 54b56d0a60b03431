"""Report writers for a run over many documents, fed one document at a time.

Why streaming: a feed of a million segments must not be held in memory to be
written, and a CI log should show the first problems while the rest is still
being checked. Each writer gets :meth:`RunWriter.document` once per document,
in input order, and :meth:`RunWriter.finish` once with the run's totals; what
it writes goes straight to ``write`` (stdout, or a temporary file that is
renamed into place only when the run ends, so no half-written report is
ever left behind).

Formats:

* ``jsonl``: one ``tqcheck-report/1`` object a line, each with a
  ``document`` member (``id``, ``source``, ``target``); an unreadable document
  is a line ``{"schema": "tqcheck-document-error/1", ...}``; the last line is
  ``{"schema": "tqcheck-run-summary/1", ...}``.
* ``json``: ``{"schema": "tqcheck-run/1", "documents": [...], "errors": [...],
  "summary": {...}}`` with the same per-document objects (the HTML view reads
  this shape).
* ``sarif``: one SARIF 2.1.0 run holding every document's results.
* ``junit``: one ``<testcase>`` per document (a failure lists its findings).
* ``github``: GitHub Actions workflow commands, ``::error file=…,line=…::…``.
* ``terminal``: each document with problems as the single-document view, then
  one summary line; a clean document prints nothing (quiet on success).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

from tqcheck import __version__
from tqcheck.datatypes import Finding, Report, Severity
from tqcheck.reporting.json_report import _finding
from tqcheck.reporting.run_writer_base import (
    RUN_SCHEMA,
    RunWriter,
    Write,
    document_dict,
    document_info,
    line_offset,
    locate,
    summary_text,
)
from tqcheck.reporting.summary import fails


class JsonLinesWriter(RunWriter):
    def document(self, result: Any, report: Report | None, extra: list[Finding] | None = None) -> None:
        if report is None:
            if result.error is None:
                return
            obj = {"schema": "tqcheck-document-error/1", "document": document_info(result), "error": result.error}
        else:
            obj = document_dict(result, report, extra)
        self.write(json.dumps(obj, ensure_ascii=False, allow_nan=False) + "\n")

    def run_findings(self, result_ids: dict[int, str], found: dict[int, list[Finding]]) -> None:
        for index in sorted(found):
            obj = {"schema": "tqcheck-run-findings/1", "document": {"id": result_ids.get(index, str(index))},
                   "findings": [_finding(f) for f in found[index]]}
            self.write(json.dumps(obj, ensure_ascii=False, allow_nan=False) + "\n")

    def finish(self, summary: dict[str, Any]) -> None:
        self.write(json.dumps({"schema": "tqcheck-run-summary/1", **summary}, ensure_ascii=False) + "\n")


class JsonRunWriter(RunWriter):
    """``tqcheck-run/1``: the documents array is written as it fills, the rest at the end."""

    def start(self) -> None:
        head = json.dumps({"schema": RUN_SCHEMA, "tqcheck_version": __version__})[:-1]
        self.write(head + ', "documents": [')
        self.n = 0
        self.errors: list[dict[str, Any]] = []

    def document(self, result: Any, report: Report | None, extra: list[Finding] | None = None) -> None:
        if report is None:
            if result.error is not None:
                self.errors.append({"document": document_info(result), "error": result.error})
            return
        body = json.dumps(document_dict(result, report, extra), ensure_ascii=False, allow_nan=False, indent=1)
        self.write(("\n" if self.n == 0 else ",\n") + body)
        self.n += 1

    def run_findings(self, result_ids: dict[int, str], found: dict[int, list[Finding]]) -> None:
        self.run_level = [
            {"document": result_ids.get(i, str(i)), **_finding(f)} for i in sorted(found) for f in found[i]
        ]

    def finish(self, summary: dict[str, Any]) -> None:
        tail = {"errors": self.errors, "run_findings": getattr(self, "run_level", []), "summary": summary}
        rest = json.dumps(tail, ensure_ascii=False, indent=1)
        self.write("\n],\n" + rest.lstrip("{").lstrip() + "\n")


class GithubWriter(RunWriter):
    """GitHub Actions annotations: one workflow command per finding, as the documents come."""

    LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}

    @staticmethod
    def _data(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    @classmethod
    def _prop(cls, text: str) -> str:
        return cls._data(text).replace(":", "%3A").replace(",", "%2C")

    def annotation(self, result: Any, report: Report, f: Finding) -> str:
        props = []
        where = locate(result, report, f)
        if where is not None and where[0]:
            path, line, col, end_line, end_col = where
            props += [f"file={self._prop(path)}", f"line={line}", f"col={col}"]
            if end_line == line:
                props += [f"endLine={end_line}", f"endColumn={end_col}"]
        props.append(f"title={self._prop(f'{f.code} {f.name}')}")
        message = f.message + (f" Suggestion: {f.suggestion}" if f.suggestion else "")
        return f"::{self.LEVELS[f.severity]} {','.join(props)}::{self._data(message)}\n"

    def document(self, result: Any, report: Report | None, extra: list[Finding] | None = None) -> None:
        if report is None:
            if result.error is not None:
                self.write(f"::error file={self._prop(document_info(result)['source'] or result.id)},"
                           f"title=tqcheck%3A unreadable input::{self._data(result.error)}\n")
            return
        for f in sorted((*report.findings, *(extra or ())), key=lambda f: f.sort_key):
            self.write(self.annotation(result, report, f))

    def finish(self, summary: dict[str, Any]) -> None:
        line = summary_text(summary)
        self.write(f"::notice title=tqcheck::{self._data(line)}\n")


class JunitWriter(RunWriter):
    """JUnit XML, one test case per document; cases are small, so they wait in memory for the totals."""

    def start(self) -> None:
        self.cases: list[ET.Element] = []
        self.failures = 0
        self.errors = 0

    def document(self, result: Any, report: Report | None, extra: list[Finding] | None = None) -> None:
        from tqcheck.reporting.junit import xml_text

        case = ET.Element("testcase", {"classname": "tqcheck", "name": xml_text(result.id), "time": f"{result.seconds:.3f}"})
        if report is None:
            if result.error is None:
                return
            self.errors += 1
            ET.SubElement(case, "error", {"message": xml_text(result.error), "type": "unreadable input"})
            self.cases.append(case)
            return
        findings = sorted((*report.findings, *(extra or ())), key=lambda f: f.sort_key)
        failing = [f for f in findings if fails(f, self.threshold)]
        lines = []
        for f in findings:
            where = locate(result, report, f)
            pos = f"{where[0]}:{where[1]}:{where[2]}: " if where and where[0] else ""
            lines.append(f"{pos}{f.code} {f.name} [{f.severity.value}]: {f.message}"
                         + (f" (suggestion: {f.suggestion})" if f.suggestion else ""))
        if failing:
            self.failures += 1
            failure = ET.SubElement(
                case, "failure",
                {"message": xml_text(f"{len(failing)} finding(s) at or above {self.threshold.value if self.threshold else 'never'}"),
                 "type": xml_text(",".join(sorted({f.code for f in failing})))},
            )
            failure.text = xml_text("\n".join(lines))
        elif lines:
            ET.SubElement(case, "system-out").text = xml_text("\n".join(lines))
        self.cases.append(case)

    def finish(self, summary: dict[str, Any]) -> None:
        totals = {"tests": str(len(self.cases)), "failures": str(self.failures), "errors": str(self.errors),
                  "skipped": "0", "time": f"{summary.get('seconds', 0):.3f}"}
        root = ET.Element("testsuites", {"name": "tqcheck", **totals})
        suite = ET.SubElement(root, "testsuite", {"name": "tqcheck", **totals})
        suite.extend(self.cases)
        ET.SubElement(suite, "system-out").text = summary_text(summary)
        ET.indent(root)
        self.write('<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n")


class SarifRunWriter(RunWriter):
    """One SARIF 2.1.0 run: results streamed, artifacts and notifications written at the end."""

    def start(self) -> None:
        from tqcheck.reporting.sarif import _registry_rules, _rule_descriptor

        rules = _registry_rules() if self.rules is None else list(self.rules)
        self.descriptors = [_rule_descriptor(r) for r in rules]
        self.rule_index = {d["id"]: i for i, d in enumerate(self.descriptors)}
        self.artifacts: list[dict[str, Any]] = []
        self.artifact_index: dict[str, int] = {}
        self.notifications: list[dict[str, Any]] = []
        self.n = 0
        self.write('{"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [{"results": [')

    def _artifact(self, entry: dict[str, Any]) -> int:
        uri = entry["location"]["uri"]
        if uri not in self.artifact_index:
            self.artifact_index[uri] = len(self.artifacts)
            self.artifacts.append(entry)
        return self.artifact_index[uri]

    def _remap(
        self, obj: Any, local: list[dict[str, Any]], lines: tuple[int, ...], offset: int = 0,
        offsets: dict[str, int] | None = None,
    ) -> None:
        """Point artifact indices at this run's list; put streamed blocks' regions on file lines.

        ``offsets`` gives a file's own offset by URI (a big text pair's target
        block starts at another line than its source block); ``offset`` is the default.
        """
        if isinstance(obj, dict):
            loc = obj.get("artifactLocation")
            if isinstance(loc, dict) and "index" in loc:
                uri = local[loc["index"]].get("location", {}).get("uri")
                offset = (offsets or {}).get(uri, offset)
                loc["index"] = self._artifact(local[loc["index"]])
            region = obj.get("region")
            if (lines or offset) and isinstance(region, dict):
                for key in ("startLine", "endLine"):
                    if key in region:
                        line = lines[min(region[key], len(lines)) - 1] if lines else region[key]
                        region[key] = line + offset
                if offset:  # offsets index the block's text, not the file's
                    region.pop("charOffset", None)
                    region.pop("charLength", None)
            for value in obj.values():
                self._remap(value, local, lines, offset, offsets)
        elif isinstance(obj, list):
            for value in obj:
                self._remap(value, local, lines, offset, offsets)

    def _descriptor_for(self, f: Finding) -> None:
        from tqcheck.reporting.sarif import LEVELS

        if f.code not in self.rule_index:
            self.rule_index[f.code] = len(self.descriptors)
            self.descriptors.append({"id": f.code, "name": f.name, "shortDescription": {"text": f.name},
                                     "defaultConfiguration": {"level": LEVELS[f.severity]}})

    def document(self, result: Any, report: Report | None, extra: list[Finding] | None = None) -> None:
        from tqcheck.reporting.sarif import _Sarif, artifact_uri

        if report is None:
            if result.error is not None:
                note: dict[str, Any] = {"level": "error", "message": {"text": result.error}}
                source = document_info(result)["source"]
                if source:
                    note["locations"] = [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(source)}}}]
                self.notifications.append(note)
            return
        sarif = _Sarif(report)
        offsets = {
            artifact_uri(doc.path): line_offset(result, doc.path)
            for doc in (report.pair.target, report.pair.source)
            if doc.path
        }
        findings = sorted((*report.findings, *(extra or ())), key=lambda f: f.sort_key)
        for f in findings:
            self._descriptor_for(f)
            res = sarif.result(f, self.rule_index)
            res.setdefault("properties", {})["document"] = result.id
            self._remap(res, sarif.artifacts, getattr(result, "lines", ()), getattr(result, "line_offset", 0), offsets)
            if getattr(result, "line_offset", 0):
                res.pop("fixes", None)  # a fix's region would point into the block, not the file
            self.write(("\n" if self.n == 0 else ",\n") + json.dumps(res, ensure_ascii=False, allow_nan=False))
            self.n += 1
        for entry in sarif.artifacts:
            self._artifact(entry)

    def finish(self, summary: dict[str, Any]) -> None:
        tail = {
            "tool": {"driver": {"name": "tqcheck", "version": __version__, "semanticVersion": __version__,
                                "informationUri": "https://pypi.org/project/tqcheck/", "rules": self.descriptors}},
            "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": self.notifications}],
            "columnKind": "unicodeCodePoints",
            "artifacts": self.artifacts,
            "properties": {"summary": summary},
        }
        body = json.dumps(tail, ensure_ascii=False, indent=1)
        self.write("\n], " + body.lstrip("{").lstrip() + "]}\n")


class TerminalRunWriter(RunWriter):
    """Each document with problems as the one-document view; clean ones print nothing.

    Notes (MT scoring off, similarity off) are the same for every document of
    a run, so they are said once, under the summary line, not once a document.
    """

    def start(self) -> None:
        self.notes: list[str] = []

    def document(self, result: Any, report: Report | None, extra: list[Finding] | None = None) -> None:
        if report is None:
            return
        from dataclasses import replace

        from tqcheck.reporting import render
        from tqcheck.reporting.summary import all_notes

        for note in all_notes(report):
            if note not in self.notes:
                self.notes.append(note)
        if (not report.findings and not extra) or self.opts.get("quiet"):
            return
        report = replace(report, findings=(*report.findings, *(extra or ())), notes=(),
                         scores=replace(report.scores, notes=()))
        text = render(report, "terminal", fail_on=self.threshold.value if self.threshold else "never",
                      color=self.opts.get("color", False), width=self.opts.get("width", 100),
                      show_scores=self.opts.get("show_scores", False))
        self.write(f"── {result.id}\n{text if text.endswith(chr(10)) else text + chr(10)}\n")

    def finish(self, summary: dict[str, Any]) -> None:
        self.write("\n".join([summary_text(summary), *(f"note: {n}" for n in self.notes)]) + "\n")


class HtmlRunWriter(RunWriter):
    """The HTML view of a run: the ``tqcheck-run/1`` JSON, collected, rendered as one page with a document index.

    HTML is for a reviewer reading a report, not for a million-segment feed,
    so this one writer holds the run in memory; it renders from the same JSON
    that ``tqcheck report`` reads later, so both give the same page.
    """

    def start(self) -> None:
        from tqcheck.reporting.html import render_html_run

        self.render = render_html_run
        self.parts: list[str] = []
        self.json = JsonRunWriter(self.parts.append, rules=self.rules, **self.opts)
        self.json.start()

    def document(self, result: Any, report: Report | None, extra: list[Finding] | None = None) -> None:
        self.json.document(result, report, extra)

    def run_findings(self, result_ids: dict[int, str], found: dict[int, list[Finding]]) -> None:
        self.json.run_findings(result_ids, found)

    def finish(self, summary: dict[str, Any]) -> None:
        self.json.finish(summary)
        self.write(self.render(json.loads("".join(self.parts)), **self.opts))


WRITERS: dict[str, type[RunWriter]] = {
    "jsonl": JsonLinesWriter,
    "json": JsonRunWriter,
    "github": GithubWriter,
    "junit": JunitWriter,
    "sarif": SarifRunWriter,
    "terminal": TerminalRunWriter,
    "html": HtmlRunWriter,
}


def make_writer(fmt: str, write: Write, **opts: Any) -> RunWriter:
    try:
        cls = WRITERS[fmt]
    except KeyError:
        from tqcheck.errors import ConfigError

        raise ConfigError(f"format {fmt!r} is not available for a run over several documents; "
                          f"choose one of {', '.join(WRITERS)}") from None
    return cls(write, **opts)
