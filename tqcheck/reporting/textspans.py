"""Character offsets turned into what viewers need: lines and columns, and pieces of text.

Findings carry character offsets into each side's text. SARIF and the
terminal want 1-based line/column positions; HTML and the terminal want a
sentence cut into pieces at span boundaries, so that overlapping spans can be
shown without nesting tags or losing a character.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


class LineIndex:
    """1-based line and column of a character offset; lines end at LF, CR LF or CR (as in SARIF)."""

    def __init__(self, text: str) -> None:
        self.text = text
        starts = [0]
        i, n = 0, len(text)
        while i < n:
            ch = text[i]
            if ch == "\r":
                if i + 1 < n and text[i + 1] == "\n":
                    i += 1
                starts.append(i + 1)
            elif ch == "\n":
                starts.append(i + 1)
            i += 1
        self.starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        """``(line, column)``, both 1-based, columns counted in characters."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1


@dataclass(frozen=True)
class Piece(Generic[T]):
    """A stretch ``text[start:end]`` covered by exactly the spans in ``marks``."""

    start: int
    end: int
    text: str
    marks: tuple[T, ...]


def split_at_spans(text: str, base: int, spans: Sequence[tuple[int, int, T]]) -> list[Piece[T]]:
    """Cut ``text`` (which starts at absolute offset ``base``) at every span boundary.

    ``spans`` are ``(start, end, mark)`` in absolute offsets; they may overlap,
    nest or reach outside ``text`` (they are clipped). Each piece lists the
    marks of all spans covering it, in the order given, so the caller decides
    how to show overlaps. Empty spans are ignored. The pieces' texts always
    join back to ``text``.
    """
    end_of_text = base + len(text)
    clipped = [(max(s, base), min(e, end_of_text), m) for s, e, m in spans]
    clipped = [(s, e, m) for s, e, m in clipped if s < e]
    cuts = sorted({base, end_of_text, *(s for s, _, _ in clipped), *(e for _, e, _ in clipped)})
    pieces: list[Piece[T]] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        marks = tuple(m for s, e, m in clipped if s <= a and b <= e)
        pieces.append(Piece(a, b, text[a - base : b - base], marks))
    return pieces
