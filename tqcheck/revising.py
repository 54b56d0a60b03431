"""Revision diff: two versions of a translation checked against the same source, compared row by row.

A reviewer or a vendor wants to know what a post-editor fixed and what they
broke. Both versions are checked as usual; this module works on the two JSON
reports (schema ``tqcheck-report/1``) and produces a ``tqcheck-diff/1`` dict:

* **Rows.** For two translations of one source document, a row is a group of
  source sentences that the two alignments link together (if the old version
  linked sentences 3-4 to one English sentence and the new one splits them,
  3 and 4 form one row). Sentences added in the translation (no source) go
  in a row of their own at their place between source sentences. For segment
  feeds (XLIFF, TMX, PO, TSV, JSONL) a row is a translation unit, matched
  between the two files by unit id when the format has ids, else by source
  text (the n-th occurrence of a text matches the n-th).
* **Words.** The two English texts of a row are compared word by word
  (:mod:`tqcheck.reporting.worddiff`).
* **Findings.** A finding of the old version and one of the new are the same
  problem when they are in the same row, have the same code and flag the
  same text; failing that, the same source text; failing that (findings with
  only an English span, such as an added sentence), English texts that share
  most of their words. Old findings left over were *fixed*, new ones left
  over were *introduced*, matched ones were *kept*.
* **Scores.** Per row, the mean similarity, chrF and log-probability of the
  row's links in each version and the change.

The exit code of ``tqcheck diff`` fails only on introduced findings at or
above ``--fail-on``: a revision is judged by what it broke, not by what it
failed to fix.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from tqcheck import __version__
from tqcheck.reporting.summary import fail_threshold
from tqcheck.reporting.worddiff import changed, similarity, word_diff

SCHEMA = "tqcheck-diff/1"
STATUSES = ("fixed", "introduced", "kept")
SCORE_FIELDS = ("similarity", "chrf", "logprob_mean")
_RANK = {"info": 0, "warning": 1, "error": 2}
# Two English-only findings (same code, same row) are one problem when their texts share this much.
SAME_TEXT_RATIO = 0.5


@dataclass
class _Row:
    key: str
    label: str
    old: list[int] = field(default_factory=list)  # link indices in the old report
    new: list[int] = field(default_factory=list)


# --------------------------------------------------------------------------- rows


def _link_paragraph(report: dict[str, Any], link: dict[str, Any]) -> int:
    sents = report["sentences"]
    if link["source"]:
        return int(sents["source"][link["source"][0]]["paragraph"])
    return int(sents["target"][link["target"][0]]["paragraph"])


def rows_by_sentences(old: dict[str, Any], new: dict[str, Any]) -> list[_Row]:
    """Rows of two translations of one source: source sentences the two alignments group together."""
    n = len(new["sentences"]["source"])
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for report in (old, new):
        for link in report["alignment"]:
            src = [i for i in link["source"] if 0 <= i < n]
            for other in src[1:]:
                parent[find(other)] = find(src[0])
    component = [find(i) for i in range(n)]
    order: list[str] = []
    rows: dict[str, _Row] = {}

    def row(key: str, label: str) -> _Row:
        if key not in rows:
            rows[key] = _Row(key, label)
            order.append(key)
        return rows[key]

    # Walk both alignments in source order, so gap rows (added sentences) land between the right groups.
    events: list[tuple[float, int, str, int]] = []
    for side, report in (("old", old), ("new", new)):
        last = -1
        for i, link in enumerate(report["alignment"]):
            if link["source"]:
                last = link["source"][-1]
                events.append((link["source"][0], 0, side, i))
            else:
                events.append((last + 0.5 if last >= 0 else -0.5, 1, side, i))
    for position, is_gap, side, i in sorted(events, key=lambda e: (e[0], e[1], e[2] == "new", e[3])):
        link = (old if side == "old" else new)["alignment"][i]
        if is_gap:
            key = f"gap-{position}"
            target = row(key, "added text")
        else:
            first = component[link["source"][0]]
            members = [j for j in range(n) if component[j] == first]
            target = row(f"s{first}", f"source sentence{'s' if len(members) > 1 else ''} "
                         + (f"{members[0] + 1}" if len(members) == 1 else f"{members[0] + 1}-{members[-1] + 1}"))
        (target.old if side == "old" else target.new).append(i)
    return [rows[k] for k in order]


def _unit_keys(report: dict[str, Any], ids: list[str] | None) -> dict[int, str]:
    """Paragraph index → matching key: the unit id, else the source text with its occurrence number."""
    texts: dict[int, list[str]] = {}
    for s in report["sentences"]["source"]:
        texts.setdefault(int(s["paragraph"]), []).append(s["text"])
    paragraphs = {int(s["paragraph"]) for side in ("source", "target") for s in report["sentences"][side]}
    keys: dict[int, str] = {}
    seen: Counter[str] = Counter()
    for p in sorted(paragraphs):
        if ids is not None and p < len(ids):
            keys[p] = f"id:{ids[p]}"
            continue
        text = " ".join(texts.get(p, []))
        seen[text] += 1
        keys[p] = f"text:{seen[text]}:{text}"
    return keys


def rows_by_units(
    old: dict[str, Any], new: dict[str, Any], old_ids: list[str] | None = None, new_ids: list[str] | None = None
) -> list[_Row]:
    """Rows of two segment feeds: one per translation unit, matched by id (when both have ids) or source text."""
    use_ids = old_ids is not None and new_ids is not None
    old_keys = _unit_keys(old, old_ids if use_ids else None)
    new_keys = _unit_keys(new, new_ids if use_ids else None)

    def units(report: dict[str, Any], keys: dict[int, str]) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {}
        for i, link in enumerate(report["alignment"]):
            out.setdefault(keys[_link_paragraph(report, link)], []).append(i)
        return out

    old_units, new_units = units(old, old_keys), units(new, new_keys)

    def label(key: str) -> str:
        kind, _, rest = key.partition(":")
        return f"unit {rest}" if kind == "id" else "unit"

    old_order = list(old_units)
    rows: list[_Row] = []
    emitted: set[str] = set()
    for key, links in new_units.items():
        if key in old_units:
            for earlier in old_order[: old_order.index(key)]:
                if earlier not in emitted and earlier not in new_units:
                    rows.append(_Row(earlier, label(earlier), old=old_units[earlier]))
                    emitted.add(earlier)
        rows.append(_Row(key, label(key), old=old_units.get(key, []), new=links))
        emitted.add(key)
    rows += [_Row(k, label(k), old=v) for k, v in old_units.items() if k not in emitted]
    return rows


# --------------------------------------------------------------------------- findings


def _text(span: Any) -> str:
    return str(span.get("text", "")) if isinstance(span, dict) else ""


def match_findings(
    old: list[dict[str, Any]], new: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[tuple[dict[str, Any], dict[str, Any]]]]:
    """(fixed, introduced, kept pairs) for the findings of one row; see the module docstring."""
    old_left, new_left = list(old), list(new)
    kept: list[tuple[dict[str, Any], dict[str, Any]]] = []

    def take(same: Any) -> None:
        for o in list(old_left):
            for n in new_left:
                if o.get("code") == n.get("code") and same(o, n):
                    kept.append((o, n))
                    old_left.remove(o)
                    new_left.remove(n)
                    break

    take(lambda o, n: (_text(o.get("source")), _text(o.get("target"))) == (_text(n.get("source")), _text(n.get("target"))))
    take(lambda o, n: bool(_text(o.get("source"))) and _text(o.get("source")) == _text(n.get("source")))
    take(
        lambda o, n: not _text(o.get("source")) and not _text(n.get("source"))
        and bool(_text(o.get("target"))) and bool(_text(n.get("target")))
        and similarity(_text(o.get("target")), _text(n.get("target"))) >= SAME_TEXT_RATIO
    )
    return old_left, new_left, kept


# --------------------------------------------------------------------------- scores


def _mean(values: list[Any]) -> float | None:
    nums = [float(v) for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    return round(statistics.fmean(nums), 4) if nums else None


def _row_scores(old: dict[str, Any], new: dict[str, Any], row: _Row) -> dict[str, dict[str, float | None]]:
    out = {}
    for name in SCORE_FIELDS:
        a = _mean([old["scores"][i].get(name) for i in row.old if i < len(old["scores"])])
        b = _mean([new["scores"][i].get(name) for i in row.new if i < len(new["scores"])])
        if a is None and b is None:
            continue
        out[name] = {"old": a, "new": b, "delta": round(b - a, 4) if a is not None and b is not None else None}
    return out


# --------------------------------------------------------------------------- the diff


def _joined(report: dict[str, Any], links: list[int], side: str) -> str:
    out = []
    for i in links:
        out += [report["sentences"][side][j]["text"] for j in report["alignment"][i][side]]
    return " ".join(out)


def _source_text(old: dict[str, Any], new: dict[str, Any], row: _Row) -> str:
    return _joined(new, row.new, "source") or _joined(old, row.old, "source")


def _status(row: _Row, old_text: str, new_text: str, pieces: Any, fixed: int, introduced: int) -> str:
    if not row.new or (not new_text and old_text):
        return "removed"
    if not row.old or (not old_text and new_text):
        return "added"
    return "changed" if changed(pieces) or fixed or introduced else "unchanged"


def revision_diff(
    old: dict[str, Any],
    new: dict[str, Any],
    *,
    old_ids: list[str] | None = None,
    new_ids: list[str] | None = None,
    by_units: bool | None = None,
    fail_on: Any = None,
) -> dict[str, Any]:
    """Compare two ``tqcheck-report/1`` dicts of the same source; the ``tqcheck-diff/1`` dict.

    ``by_units`` (default: when the inputs are segment feeds) matches rows by
    unit (``old_ids``/``new_ids``: unit ids by paragraph, when the format has
    them) instead of by source sentence.
    """
    if by_units is None:
        by_units = (old.get("inputs") or {}).get("format", "text") != "text"
    rows = rows_by_units(old, new, old_ids, new_ids) if by_units else rows_by_sentences(old, new)
    match = ("unit id" if old_ids is not None and new_ids is not None else "source text") if by_units else "source sentences"
    threshold = fail_threshold(fail_on)
    old_by_link: dict[int, list[dict[str, Any]]] = {}
    new_by_link: dict[int, list[dict[str, Any]]] = {}
    old_loose: list[dict[str, Any]] = []
    new_loose: list[dict[str, Any]] = []
    for findings, by_link, loose in ((old["findings"], old_by_link, old_loose), (new["findings"], new_by_link, new_loose)):
        for f in findings:
            if isinstance(f.get("link"), int):
                by_link.setdefault(f["link"], []).append(f)
            else:
                loose.append(f)
    by_rule: dict[str, Counter[str]] = {}
    totals: Counter[str] = Counter()

    def tally(status: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for f in items:
            by_rule.setdefault(str(f.get("code")), Counter())[status] += 1
            totals[status] += 1
        return items

    out_rows = []
    for number, row in enumerate(rows):
        fixed, introduced, kept = match_findings(
            [f for i in row.old for f in old_by_link.get(i, [])], [f for i in row.new for f in new_by_link.get(i, [])]
        )
        old_text, new_text = _joined(old, row.old, "target"), _joined(new, row.new, "target")
        pieces = word_diff(old_text, new_text)
        out_rows.append(
            {
                "index": number,
                "key": row.key,
                "label": row.label,
                "status": _status(row, old_text, new_text, pieces, len(fixed), len(introduced)),
                "source": _source_text(old, new, row),
                "old": {"links": row.old, "text": old_text},
                "new": {"links": row.new, "text": new_text},
                "diff": [p.as_dict() for p in pieces],
                "fixed": tally("fixed", fixed),
                "introduced": tally("introduced", introduced),
                "kept": tally("kept", [n for _, n in kept]),
                "scores": _row_scores(old, new, row),
            }
        )
    fixed, introduced, kept = match_findings(old_loose, new_loose)
    document = {"fixed": tally("fixed", fixed), "introduced": tally("introduced", introduced),
                "kept": tally("kept", [n for _, n in kept])}
    failing = [
        f for r in [*out_rows, document] for f in r["introduced"]
        if threshold is not None and _RANK.get(str(f.get("severity")), 0) >= threshold.rank
    ]
    return {
        "schema": SCHEMA,
        "tqcheck_version": __version__,
        "inputs": {
            "source": (new.get("inputs") or {}).get("source"),
            "old": (old.get("inputs") or {}).get("target"),
            "new": (new.get("inputs") or {}).get("target"),
            "format": (new.get("inputs") or {}).get("format"),
        },
        "match": match,
        "fail_on": threshold.value if threshold is not None else "never",
        "rows": out_rows,
        "document": document,
        "summary": {
            "fixed": totals["fixed"],
            "introduced": totals["introduced"],
            "kept": totals["kept"],
            "failing": len(failing),
            "rows": len(out_rows),
            "changed_rows": sum(1 for r in out_rows if r["status"] != "unchanged"),
            "by_rule": {code: {s: c[s] for s in STATUSES} for code, c in sorted(by_rule.items())},
        },
        "old": old,
        "new": new,
    }


def summary_line(diff: dict[str, Any]) -> str:
    """``Revision: 5 fixed, 0 introduced, 2 kept in 17 rows (9 changed).``"""
    s = diff["summary"]
    return (
        f"Revision: {s['fixed']} fixed, {s['introduced']} introduced, {s['kept']} kept"
        f" in {s['rows']} row{'' if s['rows'] == 1 else 's'} ({s['changed_rows']} changed)"
        + (f"; {s['failing']} introduced at or above --fail-on {diff['fail_on']}." if s["failing"] else ".")
    )
