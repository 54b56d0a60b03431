"""Switching findings off where the input says so: inline comments and per-file ignores.

Two ways, as in linters:

* **Inline**, where the format has a place for comments: an XLIFF ``<note>``,
  a TMX ``<note>`` or a PO translator comment (``# …``) holding
  ``tqcheck: ignore TQ201`` (several codes separated by commas or spaces,
  prefixes such as ``TQ2`` allowed, ``tqcheck: ignore`` alone for every
  code) silences those codes on that unit only. The reader stores the codes
  on the unit (:attr:`SegmentUnit.ignore`); :func:`apply_suppressions` drops
  the findings.
* **Per file**, in config: ``[tool.tqcheck.per-file-ignores]`` maps glob
  patterns (matched against the input path, like ruff's) to code prefixes.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Mapping
from pathlib import PurePath

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


def file_ignores(path: str | None, per_file_ignores: Mapping[str, Iterable[str]]) -> tuple[str, ...]:
    """The code prefixes ``per-file-ignores`` switches off for ``path`` (glob on the path or its name)."""
    if not path or not per_file_ignores:
        return ()
    pure = PurePath(path)
    posix = pure.as_posix()
    out: list[str] = []
    for pattern, codes in per_file_ignores.items():
        if fnmatch.fnmatch(posix, pattern) or fnmatch.fnmatch(pure.name, pattern) or pure.match(pattern):
            out.extend(c.upper() for c in codes)
    return tuple(dict.fromkeys(out))


def apply_suppressions(
    alignment: Alignment,
    findings: Iterable[Finding],
    per_file_ignores: Mapping[str, Iterable[str]] | None = None,
) -> tuple[Finding, ...]:
    """The findings that neither their unit's inline directive nor the file's config switches off."""
    pair = alignment.pair
    whole_file = file_ignores(pair.source.path, per_file_ignores or {})
    units = pair.units
    kept = []
    for finding in findings:
        if whole_file and _matches(finding.code, whole_file):
            continue
        if units and any(u.ignore for u in units):
            index = unit_index_of(alignment, finding)
            if index is not None and _matches(finding.code, units[index].ignore):
                continue
        kept.append(finding)
    return tuple(kept)
