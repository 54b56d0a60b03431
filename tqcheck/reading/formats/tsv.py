"""TSV: one ``source<TAB>translation`` pair per line; a first line naming the columns is a header."""

from __future__ import annotations

from dataclasses import replace

from tqcheck.datatypes import InputProblem, LanguagePair
from tqcheck.reading.documents import TextUnit
from tqcheck.reading.lines import line_format

_HEADERS = {("source", "target"), ("source", "translation")}


def parse_line(
    line: str, lineno: int, path: str, pair: LanguagePair, first_row: bool
) -> TextUnit | InputProblem | None:
    """A line with exactly one tab is a row; on the first row, column names (or the pair's codes) are a header."""
    n_tabs = line.count("\t")
    if n_tabs != 1:
        return InputProblem(
            path, lineno, f"expected exactly one tab (source<TAB>translation), found {n_tabs}; line skipped"
        )
    a, b = line.split("\t")
    if first_row and (a.strip().lower(), b.strip().lower()) in {*_HEADERS, (pair.source, pair.target)}:
        return None
    return TextUnit(id=f"line {lineno}", line=lineno, source_raw=a, target_raw=b, source=a, target=b)


def sniff(head: bytes) -> bool:
    """A tab in the first line of something that is not XML: tried last, after every stricter test."""
    return not head.startswith(b"<") and b"\t" in head.split(b"\n", 1)[0]


READER = replace(line_format("tsv", (".tsv", ".tab"), 1, parse_line), sniff=sniff)
