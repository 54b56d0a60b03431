"""The JSON report: every stage's output, versioned, for programs to read.

The layout is described by ``docs/json-schema.json``; ``schema`` names its
version (``tqcheck-report/1``) and changes only when a field is removed or
changes meaning, so a consumer can refuse a format it does not know. Offsets
(``start``/``end``) are character offsets into that side's input text, the
same as in the library's data objects; link and sentence numbers are 0-based
indices into ``alignment`` and ``sentences``.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import math
from typing import Any

from tqcheck import __version__
from tqcheck.datatypes import Alignment, Finding, LinkScores, Report, Segmentation, Span
from tqcheck.reporting.summary import all_notes, counts
from tqcheck.units import unit_index_of

SCHEMA = "tqcheck-report/1"


def jsonable(value: Any) -> Any:
    """Plain JSON values from rule details: enums by value, tuples as lists, NaN/inf as null."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, enum.Enum):
        return jsonable(value.value)
    if value is None or isinstance(value, (str, int, bool)):
        return value
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return jsonable(dataclasses.asdict(value))
    if hasattr(value, "tolist"):  # numpy scalars and arrays
        return jsonable(value.tolist())
    return str(value)


def _sentences(seg: Segmentation) -> list[dict[str, Any]]:
    return [
        {"index": s.index, "text": s.text, "paragraph": s.paragraph, "start": s.start, "end": s.end}
        for s in seg.sentences
    ]


def _scores(ls: LinkScores) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in dataclasses.fields(LinkScores):
        if f.name == "tokens":
            continue
        out[f.name] = jsonable(getattr(ls, f.name))
    if ls.tokens:
        out["tokens"] = [{"token": t.token, "logprob": jsonable(t.logprob)} for t in ls.tokens]
    return out


def _span(span: Span | None) -> dict[str, Any] | None:
    if span is None:
        return None
    return {"sentence": span.sentence, "start": span.start, "end": span.end, "text": span.text}


def _finding(f: Finding, al: Alignment | None = None) -> dict[str, Any]:
    out = {
        "code": f.code,
        "name": f.name,
        "severity": f.severity.value,
        "message": f.message,
        "link": f.link,
        "source": _span(f.source),
        "target": _span(f.target),
        "related": [
            {"side": r.side, "sentence": r.sentence, "start": r.start, "end": r.end, "text": r.text, "label": r.label}
            for r in f.related
        ],
        "suggestion": f.suggestion,
        "details": jsonable(f.details),
    }
    units = al.pair.units if al is not None else ()
    index = unit_index_of(al, f) if al is not None and units else None
    if index is not None and 0 <= index < len(units):
        out["unit"] = {"index": index, "id": units[index].id, "line": units[index].line}
    return out


def report_dict(report: Report) -> dict[str, Any]:
    """The report as plain JSON values, in the documented layout."""
    al = report.alignment
    pair = report.pair
    c = counts(report)
    scores = list(report.scores.links)
    # Scores are per link; pad defensively so both lists always line up.
    scores += [LinkScores()] * (len(al.links) - len(scores))
    return {
        "schema": SCHEMA,
        "tqcheck_version": __version__,
        "signature": str(report.signature),
        "pair": {"source_lang": pair.pair.source, "target_lang": pair.pair.target},
        "inputs": {"source": pair.source.path, "target": pair.target.path, "format": pair.input_format},
        "sentences": {"source": _sentences(al.source), "target": _sentences(al.target)},
        "alignment": [
            {
                "index": i,
                "source": list(link.source),
                "target": list(link.target),
                "kind": link.kind.value,
                "cost": jsonable(float(link.cost)),
            }
            for i, link in enumerate(al.links)
        ],
        "scores": [_scores(ls) for ls in scores[: len(al.links)]],
        "models": [
            {"name": m.name, "revision": m.revision, "backend": m.backend, "kind": m.kind} for m in report.scores.models
        ],
        "corpus": jsonable(report.scores.corpus),
        "findings": [_finding(f, al) for f in sorted(report.findings, key=lambda f: f.sort_key)],
        "summary": {
            "errors": c.errors,
            "warnings": c.warnings,
            "infos": c.infos,
            "links": c.links,
            "source_sentences": c.source_sentences,
            "target_sentences": c.target_sentences,
        },
        "notes": all_notes(report),
        **(
            {"problems": [{"path": p.path, "line": p.line, "message": p.message} for p in pair.problems]}
            if pair.problems
            else {}
        ),
    }


def render_json(report: Report, *, indent: int | None = 2, **_: Any) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False, indent=indent, allow_nan=False) + "\n"
