"""SARIF 2.1.0, for code-scanning views (GitHub, GitLab, VS Code's SARIF viewer).

Each finding is a result located in the translation file (the flagged English
span), with the French span and any related span (an antecedent) as related
locations in their own files, and a fix when the rule suggested a
replacement. The rule list comes from the rule registry, so the help a viewer
shows is the same docstring ``tqcheck explain`` prints.

Regions are computed from character offsets: lines and columns are 1-based
and columns count Unicode characters (``columnKind: unicodeCodePoints``), so
an accented letter is one column. For TSV/JSONL input the offsets index each
side's cells joined by newlines, not the file's bytes, so results there carry
lines (= data rows) and columns but no ``charOffset`` and no fixes.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from tqcheck import __version__
from tqcheck.datatypes import Document, Finding, Report, Severity, Span
from tqcheck.reporting.json_report import jsonable
from tqcheck.reporting.summary import all_notes
from tqcheck.reporting.textspans import LineIndex
from tqcheck.units import unit_of

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/tqcheck/"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_uri(path: str) -> str:
    """A URI reference for a path as the user gave it: relative stays relative (repo-relative in CI)."""
    p = Path(path)
    if p.is_absolute():
        return p.as_uri()
    return quote(p.as_posix(), safe="/")


def _rule_descriptor(rule: Any) -> dict[str, Any]:
    docs = rule.docs()
    what = rule.section("What it does") or rule.summary()
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary()},
        "fullDescription": {"text": what},
        "help": {"text": docs, "markdown": docs},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "family": rule.family(),
            "status": getattr(rule, "status", "stable"),
            "tags": ["translation", rule.family()],
        },
    }


def _registry_rules() -> list[Any]:
    from tqcheck.rules.registry import all_rules

    return list(all_rules())


class _Sarif:
    def __init__(self, report: Report) -> None:
        self.report = report
        # Offsets are into the file only for plain text: a feed's are into its extracted unit texts.
        self.exact = report.pair.input_format not in ("tsv", "jsonl") and not report.pair.units
        self.lines = {"source": LineIndex(report.pair.source.text), "target": LineIndex(report.pair.target.text)}
        self.artifacts: list[dict[str, Any]] = []
        self.artifact_index: dict[str, int] = {}
        for side in ("source", "target"):
            doc = self.doc(side)
            if doc.path and doc.path not in self.artifact_index:
                self.artifact_index[doc.path] = len(self.artifacts)
                self.artifacts.append(
                    {
                        "location": {"uri": artifact_uri(doc.path)},
                        "sourceLanguage": doc.lang,
                        "encoding": "utf-8",
                        "roles": ["analysisTarget"],
                    }
                )

    def doc(self, side: str) -> Document:
        return self.report.pair.source if side == "source" else self.report.pair.target

    def region(self, side: str, start: int, end: int, *, snippet: bool = True) -> dict[str, Any]:
        start_line, start_col = self.lines[side].position(start)
        end_line, end_col = self.lines[side].position(end)  # SARIF's end column is exclusive
        region: dict[str, Any] = {
            "startLine": start_line,
            "startColumn": start_col,
            "endLine": end_line,
            "endColumn": end_col,
        }
        if self.exact:
            region["charOffset"] = start
            region["charLength"] = end - start
        if snippet:
            region["snippet"] = {"text": self.doc(side).text[start:end]}
        return region

    def physical(self, side: str, start: int, end: int) -> dict[str, Any] | None:
        path = self.doc(side).path
        if not path:
            return None
        return {
            "artifactLocation": {"uri": artifact_uri(path), "index": self.artifact_index[path]},
            "region": self.region(side, start, end),
        }

    def span_location(self, span: Span) -> dict[str, Any] | None:
        return self.physical(span.side, span.start, span.end)

    def link_location(self, link_index: int) -> dict[str, Any] | None:
        """Where a finding without spans lives: its link's English (or French) sentences."""
        al = self.report.alignment
        if not 0 <= link_index < len(al.links):
            return None
        link = al.links[link_index]
        side, seg, indices = ("target", al.target, link.target) if link.target else ("source", al.source, link.source)
        if not indices:
            return None
        first, last = seg.sentences[indices[0]], seg.sentences[indices[-1]]
        return self.physical(side, first.start, last.end)

    def fixes(self, f: Finding) -> list[dict[str, Any]]:
        # Only rules whose suggestion is the literal replacement of the flagged
        # span (Rule.fixable) get a SARIF fix; advice ("delete this sentence") is not one.
        if not f.suggestion or f.target is None or not self.exact or not self.doc("target").path:
            return []
        if not _fixable(f.code):
            return []
        replacement = f.details.get("replacement")
        inserted = replacement if isinstance(replacement, str) else f.suggestion
        path = self.doc("target").path
        assert path is not None
        return [
            {
                "description": {"text": f"Replace {f.target.text!r} with {inserted!r}"},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": artifact_uri(path), "index": self.artifact_index[path]},
                        "replacements": [
                            {
                                "deletedRegion": self.region("target", f.target.start, f.target.end, snippet=False),
                                "insertedContent": {"text": inserted},
                            }
                        ],
                    }
                ],
            }
        ]

    def result(self, f: Finding, rule_index: dict[str, int]) -> dict[str, Any]:
        text = f.message + (f" Suggestion: {f.suggestion}" if f.suggestion else "")
        result: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": rule_index[f.code],
            "level": LEVELS[f.severity],
            "message": {"text": text},
        }
        primary_span = f.target or f.source
        primary = self.span_location(primary_span) if primary_span else None
        if primary is None and f.link is not None:
            primary = self.link_location(f.link)
        if primary is not None:
            result["locations"] = [{"physicalLocation": primary}]
        related: list[dict[str, Any]] = []
        extra = ([f.source] if f.target is not None and f.source is not None else []) + list(f.related)
        for span in extra:
            loc = self.span_location(span)
            if loc is None:
                continue
            label = span.label or ("French source" if span.side == "source" else "related")
            related.append(
                {"id": len(related) + 1, "physicalLocation": loc, "message": {"text": f"{label}: {span.text}"}}
            )
        if related:
            result["relatedLocations"] = related
        fixes = self.fixes(f)
        if fixes:
            result["fixes"] = fixes
        anchor = primary_span.text if primary_span else ""
        context = ""
        if f.link is not None and 0 <= f.link < len(self.report.alignment.links):
            link = self.report.alignment.links[f.link]
            context = self.report.alignment.source_text(link) + "\x1f" + self.report.alignment.target_text(link)
        digest = hashlib.sha256("\x1e".join((f.code, anchor, context)).encode("utf-8")).hexdigest()[:32]
        result["partialFingerprints"] = {"tqcheckFinding/v1": digest}
        props: dict[str, Any] = {"name": f.name, "severity": f.severity.value}
        if f.link is not None:
            props["link"] = f.link
        unit = unit_of(self.report.alignment, f)
        if unit is not None:  # segment-level inputs: the unit as the translator's tool names it
            props["unit"] = {"id": unit.id, "line": unit.line}
            # SARIF 2.1.0 puts logical locations inside a location, never on the result itself
            logical = [{"name": unit.id or f"line {unit.line}", "kind": "element"}]
            if result.get("locations"):
                result["locations"][0]["logicalLocations"] = logical
            else:
                result["locations"] = [{"logicalLocations": logical}]
            side = primary_span.side if primary_span is not None else "source"
            if unit.line and "locations" in result and self.doc(side).path == self.report.pair.source.path:
                # the unit's line in the file; lines of the extracted text would point elsewhere
                region = result["locations"][0]["physicalLocation"]["region"]
                result["locations"][0]["physicalLocation"]["region"] = {
                    "startLine": unit.line,  # the whole line where the unit starts
                    "startColumn": 1,
                    "endLine": unit.line + 1,
                    "endColumn": 1,
                    **({"snippet": region["snippet"]} if "snippet" in region else {}),
                }
        if f.details:
            props["details"] = jsonable(f.details)
        result["properties"] = props
        return result


def sarif_dict(report: Report, rules: list[Any] | None = None) -> dict[str, Any]:
    """The report as a SARIF 2.1.0 log with one run."""
    rules = _registry_rules() if rules is None else list(rules)
    descriptors = [_rule_descriptor(r) for r in rules]
    rule_index = {d["id"]: i for i, d in enumerate(descriptors)}
    for f in report.findings:  # a finding from a rule outside the list still needs a descriptor
        if f.code not in rule_index:
            rule_index[f.code] = len(descriptors)
            descriptors.append(
                {"id": f.code, "name": f.name, "shortDescription": {"text": f.name},
                 "defaultConfiguration": {"level": LEVELS[f.severity]}}
            )
    sarif = _Sarif(report)
    results = [sarif.result(f, rule_index) for f in sorted(report.findings, key=lambda f: f.sort_key)]
    notes = all_notes(report)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "tqcheck",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": descriptors,
            }
        },
        "invocations": [
            {
                "executionSuccessful": True,
                "toolExecutionNotifications": [{"level": "note", "message": {"text": n}} for n in notes],
            }
        ],
        "columnKind": "unicodeCodePoints",
        "artifacts": sarif.artifacts,
        "results": results,
        "properties": {
            "signature": str(report.signature),
            "pair": report.pair.pair.code,
            "inputFormat": report.pair.input_format,
            "notes": notes,
        },
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def render_sarif(report: Report, *, rules: list[Any] | None = None, **_: Any) -> str:
    return json.dumps(sarif_dict(report, rules), ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def _fixable(code: str) -> bool:
    from tqcheck.errors import ConfigError
    from tqcheck.rules.registry import get_rule

    try:
        return get_rule(code).fixable
    except ConfigError:  # a finding of no registered rule
        return False
