"""Reading saved JSON reports back, so pages can be rendered long after the check ran.

A CI job saves ``tqcheck check --format json`` output and publishes pages
later with ``tqcheck report``. Accepted shapes:

* one ``tqcheck-report/1`` object (one document);
* ``{"schema": "tqcheck-run/1", "documents": [<tqcheck-report/1>, ...], ...}``
  (a run over many documents);
* JSON Lines, one ``tqcheck-report/1`` object per line;
* one ``tqcheck-diff/1`` object (``tqcheck diff --format json``).

Each document is checked for the fields and indices a page reads before any
page is made, so a damaged or hand-edited file gives one line naming the file
and line (or document) instead of a traceback; the good documents are still
rendered.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqcheck.errors import InputError
from tqcheck.reporting.json_report import SCHEMA as REPORT_SCHEMA

RUN_SCHEMA = "tqcheck-run/1"
DIFF_SCHEMA = "tqcheck-diff/1"
SEVERITIES = {"error", "warning", "info"}


@dataclass
class Loaded:
    """What a set of saved files held: report documents, diffs, and one message per bad part."""

    documents: list[dict[str, Any]] = field(default_factory=list)
    diffs: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_sentences(items: Any, side: str) -> str | None:
    if not isinstance(items, list):
        return f"sentences.{side} is not a list"
    for i, s in enumerate(items):
        if not isinstance(s, dict) or not isinstance(s.get("text"), str):
            return f"sentences.{side}[{i}] has no text"
        if not all(_is_int(s.get(k)) for k in ("index", "start", "end", "paragraph")):
            return f"sentences.{side}[{i}] needs integer index, start, end and paragraph"
    return None


def _check_span(span: Any, where: str, with_side: bool = False) -> str | None:
    if span is None and not with_side:
        return None
    if not isinstance(span, dict) or not _is_int(span.get("start")) or not _is_int(span.get("end")):
        return f"{where} needs integer start and end"
    if not isinstance(span.get("text", ""), str):
        return f"{where} text is not a string"
    if with_side and span.get("side") not in ("source", "target"):
        return f"{where} side must be source or target"
    return None


def check_finding(f: Any, where: str) -> str | None:
    """Why ``f`` is not a finding a page can show, or ``None``."""
    if not isinstance(f, dict):
        return f"{where} is not an object"
    if not all(isinstance(f.get(k), str) for k in ("code", "message")):
        return f"{where} needs a code and a message"
    if not isinstance(f.get("severity"), str) or f["severity"] not in SEVERITIES:
        return f"{where}.severity must be one of error, warning, info"
    if f.get("link") is not None and not _is_int(f.get("link")):
        return f"{where}.link must be an integer or null"
    for side in ("source", "target"):
        problem = _check_span(f.get(side), f"{where}.{side}")
        if problem:
            return problem
    related = f.get("related", [])
    if not isinstance(related, list):
        return f"{where}.related is not a list"
    for j, r in enumerate(related):
        problem = _check_span(r, f"{where}.related[{j}]", with_side=True)
        if problem:
            return problem
    return None


def check_report(doc: Any) -> str | None:
    """Why ``doc`` cannot be rendered as a ``tqcheck-report/1`` object, or ``None`` when it can."""
    if not isinstance(doc, dict):
        return "not a JSON object"
    if doc.get("schema") != REPORT_SCHEMA:
        return f"schema is {doc.get('schema')!r}, expected {REPORT_SCHEMA!r}"
    for key in ("pair", "inputs", "document"):
        if key in doc and not isinstance(doc[key], dict):
            return f"{key} is not an object"
    sentences = doc.get("sentences")
    if not isinstance(sentences, dict):
        return "no sentences"
    for side in ("source", "target"):
        problem = _check_sentences(sentences.get(side), side)
        if problem:
            return problem
    n = {side: len(sentences[side]) for side in ("source", "target")}
    links = doc.get("alignment")
    if not isinstance(links, list):
        return "alignment is not a list"
    for i, link in enumerate(links):
        if not isinstance(link, dict):
            return f"alignment[{i}] is not an object"
        for side in ("source", "target"):
            idx = link.get(side)
            if not isinstance(idx, list) or not all(_is_int(j) and 0 <= j < n[side] for j in idx):
                return f"alignment[{i}].{side} must list {side} sentence numbers below {n[side]}"
    scores = doc.get("scores", [])
    if not isinstance(scores, list) or not all(isinstance(s, dict) for s in scores):
        return "scores is not a list of objects"
    for i, s in enumerate(scores):
        tokens = s.get("tokens", [])
        if not isinstance(tokens, list) or not all(isinstance(t, dict) for t in tokens):
            return f"scores[{i}].tokens is not a list of objects"
    findings = doc.get("findings")
    if not isinstance(findings, list):
        return "findings is not a list"
    for i, f in enumerate(findings):
        problem = check_finding(f, f"findings[{i}]")
        if problem:
            return problem
    for key in ("notes",):
        if not isinstance(doc.get(key, []), list):
            return f"{key} is not a list"
    return None


def check_diff(diff: Any) -> str | None:
    """Why ``diff`` cannot be rendered as a ``tqcheck-diff/1`` object, or ``None``."""
    for side in ("old", "new"):
        problem = check_report(diff.get(side))
        if problem:
            return f"{side} report: {problem}"
    if not isinstance(diff.get("inputs", {}), dict) or not isinstance(diff.get("match", ""), str):
        return "inputs must be an object and match a string"
    if diff.get("fail_on", "never") not in ("error", "warning", "info", "never"):
        return "fail_on must be one of error, warning, info, never"
    rows, summary, document = diff.get("rows"), diff.get("summary"), diff.get("document")
    if not isinstance(rows, list) or not isinstance(summary, dict) or not isinstance(document, dict):
        return "no rows, summary or document"
    if not all(_is_int(summary.get(k)) for k in ("fixed", "introduced", "kept", "failing", "rows", "changed_rows")):
        return "summary needs integer counts"
    by_rule = summary.get("by_rule")
    if not isinstance(by_rule, dict) or not all(
        isinstance(c, dict) and all(_is_int(c.get(k)) for k in ("fixed", "introduced", "kept")) for c in by_rule.values()
    ):
        return "summary.by_rule must give integer fixed, introduced and kept counts per rule"
    for i, row in enumerate([*rows, document]):
        where = f"rows[{i}]" if i < len(rows) else "document"
        if not isinstance(row, dict):
            return f"{where} is not an object"
        for status in ("fixed", "introduced", "kept"):
            items = row.get(status)
            if not isinstance(items, list):
                return f"{where}.{status} is not a list of findings"
            for j, f in enumerate(items):
                problem = check_finding(f, f"{where}.{status}[{j}]")
                if problem:
                    return problem
        if row is document:
            continue
        if not _is_int(row.get("index")) or not all(isinstance(row.get(k), str) for k in ("label", "status", "source")):
            return f"{where} needs index, label, status and source"
        if not isinstance(row.get("new"), dict) or not isinstance(row["new"].get("text"), str):
            return f"{where}.new has no text"
        diff_pieces = row.get("diff")
        if not isinstance(diff_pieces, list) or not all(
            isinstance(p, dict) and p.get("op") in ("equal", "insert", "delete") and isinstance(p.get("text"), str)
            for p in diff_pieces
        ):
            return f"{where}.diff is not a list of word-diff pieces"
        if not isinstance(row.get("scores", {}), dict):
            return f"{where}.scores is not an object"
    return None


def _documents(value: Any, name: str, loaded: Loaded, where: str) -> None:
    """Add the documents (or the diff) held by one parsed JSON value."""
    if isinstance(value, dict) and value.get("schema") == RUN_SCHEMA:
        docs = value.get("documents")
        if not isinstance(docs, list):
            loaded.errors.append(f"{name}{where}: {RUN_SCHEMA} without a documents list")
            return
        for i, doc in enumerate(docs):
            problem = check_report(doc)
            if problem:
                loaded.errors.append(f"{name}{where}: document {i + 1}: {problem}")
            else:
                loaded.documents.append(doc)
        return
    if isinstance(value, dict) and value.get("schema") == DIFF_SCHEMA:
        problem = check_diff(value)
        if problem:
            loaded.errors.append(f"{name}{where}: {problem}")
        else:
            loaded.diffs.append((name, value))
        return
    problem = check_report(value)
    if problem:
        loaded.errors.append(f"{name}{where}: {problem}")
    else:
        loaded.documents.append(value)


def load_saved(path: Path, loaded: Loaded | None = None) -> Loaded:
    """Read one saved file into ``loaded`` (a new one by default); bad parts become messages."""
    loaded = loaded or Loaded()
    name = str(path)
    if path.is_dir():
        raise InputError(f"{name}: is a directory, not a JSON report")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not UTF-8 text (invalid byte at offset {exc.start})") from None
    if not text.strip():
        raise InputError(f"{name}: empty file, no report in it")
    try:
        whole = json.loads(text)
    except json.JSONDecodeError as exc:
        lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
        if len(lines) < 2 or not _parses(lines[0][1]):
            raise InputError(f"{name}:{exc.lineno}: invalid JSON: {exc.msg} (column {exc.colno})") from None
        for n, line in lines:  # JSON Lines: one report per line
            try:
                value = json.loads(line)
            except json.JSONDecodeError as line_exc:
                loaded.errors.append(f"{name}:{n}: invalid JSON: {line_exc.msg} (column {line_exc.colno})")
                continue
            _documents(value, name, loaded, f":{n}")
        return loaded
    if isinstance(whole, list):
        for i, value in enumerate(whole):
            _documents(value, name, loaded, f": item {i + 1}")
    else:
        _documents(whole, name, loaded, "")
    return loaded


def _parses(line: str) -> bool:
    try:
        json.loads(line)
    except json.JSONDecodeError:
        return False
    return True
