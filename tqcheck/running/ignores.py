"""Per-file ignores: rule codes switched off for some files only, as ruff's ``per-file-ignores``.

A feed mixes documents with different conventions (a legacy folder that keeps
French quotes on purpose, subtitles where short lines are fine). In config::

    [tool.tqcheck.per-file-ignores]
    "feed/legacy/**" = ["TQ601"]
    "*.po" = ["TQ3"]

Patterns are globs matched against the document's path as given on the
command line and as a path relative to the current folder (``**`` crosses
folders, ``*`` does not); codes are prefixes, like ``--ignore``.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from tqcheck.datatypes import Report


@lru_cache(maxsize=256)
def _glob_regex(pattern: str) -> re.Pattern[str]:
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def _candidates(path: str) -> set[str]:
    p = Path(path)
    names = {p.as_posix(), p.name}
    try:
        names.add(Path(os.path.relpath(p.resolve(), Path.cwd())).as_posix())
    except (OSError, ValueError):
        pass
    return {n.removeprefix("./") for n in names}


def ignored_codes(paths: tuple[str | None, ...], table: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The code prefixes switched off for a document whose sides live at ``paths``."""
    if not table:
        return ()
    names: set[str] = set()
    for path in paths:
        if path:
            names |= _candidates(path)
    codes: list[str] = []
    for pattern, prefixes in table.items():
        rx = _glob_regex(pattern.removeprefix("./"))
        if any(rx.match(n) for n in names):
            codes.extend(prefixes)
    return tuple(codes)


def apply_per_file_ignores(report: Report, table: dict[str, tuple[str, ...]]) -> Report:
    """The report without the findings its file's patterns switch off."""
    codes = ignored_codes((report.pair.source.path, report.pair.target.path), table)
    if not codes:
        return report
    kept = tuple(f for f in report.findings if not f.code.startswith(codes))
    return replace(report, findings=kept) if len(kept) != len(report.findings) else report
