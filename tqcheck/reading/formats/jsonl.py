"""JSONL: one ``{"source": …, "target": …}`` object per line, with an optional ``id`` and note.

A row's ``note`` (or ``notes``, ``comment``) may hold ``tqcheck: ignore CODES``.
"""

from __future__ import annotations

import json
from dataclasses import replace

from tqcheck.datatypes import InputProblem, LanguagePair
from tqcheck.reading.documents import TextUnit
from tqcheck.reading.lines import clean_cell, line_format
from tqcheck.running.suppression import ignored_codes


def parse_line(
    line: str, lineno: int, path: str, pair: LanguagePair, first_row: bool
) -> TextUnit | InputProblem | None:
    """A JSON object with string ``source`` and ``target`` is a row; anything else is a problem."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputProblem(path, lineno, f"malformed JSON ({exc.msg}); line skipped")
    ident, why = _row_id(obj)
    if ident is None:
        return InputProblem(path, lineno, f"{why}; line skipped")
    note = " ".join(str(obj[k]) for k in ("note", "notes", "comment") if isinstance(obj.get(k), str))
    source, target = clean_cell(obj["source"]), clean_cell(obj["target"])
    return TextUnit(
        id=ident or f"line {lineno}",
        line=lineno,
        source_raw=source,
        target_raw=target,
        ignore=ignored_codes(note),
        source=source,
        target=target,
    )


def _row_id(obj: object) -> tuple[str | None, str]:
    """The row's id (its own ``id`` key if any), or ``None`` and why the object is no row."""
    if not isinstance(obj, dict):
        return None, 'expected an object with "source" and "target"'
    missing = [k for k in ("source", "target") if k not in obj]
    if missing:
        return None, f"missing key {', '.join(repr(k) for k in missing)}"
    if not all(isinstance(obj[k], str) for k in ("source", "target")):
        return None, '"source" and "target" must be strings'
    ident = obj.get("id")
    return (str(ident) if isinstance(ident, (str, int)) and not isinstance(ident, bool) else ""), ""


def sniff(head: bytes) -> bool:
    """A JSON object first."""
    return head.startswith(b"{")


READER = replace(line_format("jsonl", (".jsonl", ".ndjson"), 2, parse_line), sniff=sniff)
