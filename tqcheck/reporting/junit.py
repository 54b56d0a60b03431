"""JUnit XML, for CI systems that show test results (GitLab, Jenkins, Azure).

One ``<testsuite>`` per document pair. Each finding is its own
``<testcase>`` (``classname`` = the rule code, ``name`` = where it is), so
GitLab's test report lists every problem separately with its message and
suggestion: findings at or above ``--fail-on`` are ``<failure>``s, the others
pass and carry their text in ``<system-out>`` (visible, but not red). Rules
that ran and found nothing are passing test cases when the caller passes the
rule list, so the suite counts what was checked, not only what failed.

The XML is built with :mod:`xml.etree` so escaping is the library's job;
characters XML 1.0 cannot hold at all (most control characters) are replaced.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import Any

from tqcheck.datatypes import Finding, Report, Severity
from tqcheck.reporting.summary import all_notes, extra_notes, fail_threshold, fails, summary_line
from tqcheck.reporting.textspans import LineIndex

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: object) -> str:
    """Text that XML 1.0 can carry (etree escapes markup but not control characters)."""
    return _XML_INVALID.sub("\ufffd", str(value))


def _suite_name(report: Report) -> str:
    pair = report.pair
    if pair.target.path and pair.source.path and pair.target.path != pair.source.path:
        return f"{pair.source.path} -> {pair.target.path}"
    return pair.target.path or pair.source.path or f"tqcheck {pair.pair.code}"


def _location(report: Report, f: Finding, lines: dict[str, LineIndex]) -> str:
    anchor = f.target or f.source
    if f.link is not None:
        where = f"pair {f.link + 1}"
    else:
        where = "document"
    if anchor is not None:
        doc = report.pair.target if anchor.side == "target" else report.pair.source
        line, col = lines[anchor.side].position(anchor.start)
        name = doc.path or anchor.side
        where += f" ({name}:{line}:{col})"
    return where


def _body(report: Report, f: Finding) -> str:
    al = report.alignment
    out = [f"{f.code} {f.name} [{f.severity.value}]: {f.message}"]
    if f.link is not None and 0 <= f.link < len(al.links):
        link = al.links[f.link]
        out.append(f"{report.pair.pair.source}: {al.source_text(link) or '(none)'}")
        out.append(f"{report.pair.pair.target}: {al.target_text(link) or '(none)'}")
    if f.target is not None:
        out.append(f"flagged: {f.target.text!r}")
    if f.source is not None:
        out.append(f"source: {f.source.text!r}")
    for r in f.related:
        out.append(f"{r.label or 'related'}: {r.text!r}")
    if f.suggestion:
        out.append(f"suggestion: {f.suggestion}")
    return "\n".join(out)


def render_junit(
    report: Report,
    *,
    fail_on: Severity | str | None = None,
    rules: Iterable[Any] | None = None,
    rules_run: Iterable[str] | None = None,
    **_: Any,
) -> str:
    """The report as a JUnit XML document (one testsuite).

    ``rules`` are the selected rule classes; ``rules_run`` the codes that
    actually ran (a score rule does not run without scores): a selected rule
    that did not run is a skipped test case, not a passing one.
    """
    threshold = fail_threshold(fail_on)
    lines = {"source": LineIndex(report.pair.source.text), "target": LineIndex(report.pair.target.text)}
    findings = sorted(report.findings, key=lambda f: f.sort_key)
    suite_name = _suite_name(report)

    cases: list[ET.Element] = []
    n_fail = 0
    for f in findings:
        case = ET.Element(
            "testcase",
            {"classname": xml_text(f.code), "name": xml_text(f"{f.code} {f.name} at {_location(report, f, lines)}"),
             "file": xml_text((report.pair.target.path if f.target else report.pair.source.path) or ""), "time": "0"},
        )
        if fails(f, threshold):
            n_fail += 1
            failure = ET.SubElement(case, "failure", {"message": xml_text(f.message), "type": xml_text(f"{f.code} {f.severity.value}")})
            failure.text = xml_text(_body(report, f))
        else:
            out = ET.SubElement(case, "system-out")
            out.text = xml_text(_body(report, f))
        if not case.get("file"):
            del case.attrib["file"]
        cases.append(case)

    found_codes = {f.code for f in findings}
    ran = None if rules_run is None else set(rules_run)
    n_skipped = 0
    for rule in rules or ():
        if rule.code in found_codes:
            continue
        case = ET.Element("testcase", {"classname": xml_text(rule.code), "name": xml_text(f"{rule.code} {rule.name}"), "time": "0"})
        if ran is not None and rule.code not in ran:
            n_skipped += 1
            needs = ", ".join(getattr(rule, "needs_scores", ()) or ()) or "conditions"
            ET.SubElement(case, "skipped", {"message": xml_text(f"not run: needs {needs} that this run did not measure or apply to")})
        cases.append(case)
    if not cases:
        cases.append(ET.Element("testcase", {"classname": "tqcheck", "name": xml_text(summary_line(report)), "time": "0"}))

    totals = {"tests": str(len(cases)), "failures": str(n_fail), "errors": "0", "skipped": str(n_skipped), "time": "0"}
    root = ET.Element("testsuites", {"name": "tqcheck", **totals})
    suite = ET.SubElement(root, "testsuite", {"name": xml_text(suite_name), **totals})
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", {"name": "signature", "value": xml_text(str(report.signature))})
    ET.SubElement(props, "property", {"name": "fail_on", "value": threshold.value if threshold else "never"})
    for note in all_notes(report):
        ET.SubElement(props, "property", {"name": "note", "value": xml_text(note)})
    suite.extend(cases)
    out = ET.SubElement(suite, "system-out")
    out.text = xml_text("\n".join([summary_line(report), *extra_notes(report)]))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
