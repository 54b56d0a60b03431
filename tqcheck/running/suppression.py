"""Switching findings off where the input says so: inline ``tqcheck: ignore`` comments.

Where the format has a place for comments, an XLIFF ``<note>``, a TMX
``<note>``, a PO translator comment (``# …``) or a JSONL row's ``note`` key holding
``tqcheck: ignore TQ201`` (several codes separated by commas or spaces,
prefixes such as ``TQ2`` allowed, ``tqcheck: ignore`` alone for every code)
silences those codes on that unit only. The reader stores the codes on the
unit (:attr:`SegmentUnit.ignore`); :func:`apply_suppressions` drops the
findings.

Per-file ignores in config (``[tool.tqcheck.per-file-ignores]``) belong to the
runner, which knows every document's path (:mod:`tqcheck.running.ignores`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tqcheck.datatypes import Alignment, Finding
from tqcheck.units import unit_index_of

_DIRECTIVE = re.compile(r"tqcheck\s*:\s*ignore\b([^\n]*)", re.IGNORECASE)
_CODE = re.compile(r"\bTQ\d{0,3}\b|\bALL\b", re.IGNORECASE)


def ignored_codes(comment: str | None) -> tuple[str, ...]:
    """The code prefixes a comment's ``tqcheck: ignore …`` directives name (``("ALL",)`` for a bare one)."""
    if not comment:
        return ()
    codes: list[str] = []
    for m in _DIRECTIVE.finditer(comment):
        named = [c.upper() for c in _CODE.findall(m.group(1))]
        codes.extend(named or ["ALL"])
    return tuple(dict.fromkeys(codes))


def _matches(code: str, prefixes: Iterable[str]) -> bool:
    return any(p == "ALL" or code.startswith(p) for p in prefixes)


def apply_suppressions(alignment: Alignment, findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """The findings that their unit's inline ``tqcheck: ignore`` directive does not switch off."""
    units = alignment.pair.units
    if not any(u.ignore for u in units):
        return tuple(findings)
    kept = []
    for finding in findings:
        if units:
            index = unit_index_of(alignment, finding)
            if index is not None and _matches(finding.code, units[index].ignore):
                continue
        kept.append(finding)
    return tuple(kept)
