"""Cutting an over-long model input where it hurts least: sentences, then clauses, then words.

Plain text functions with no model in them, so the length policy of
:class:`~tqcheck.scoring.backends.marian.MarianBackend` can be tested alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'»”’)\]]*\s+")
_CLAUSE_END = re.compile(r"(?<=[,;:])\s+")


def _split_at(text: str, pattern: re.Pattern[str]) -> list[str]:
    return [part for part in pattern.split(text) if part and part.strip()]


def sentences_of(text: str) -> list[str]:
    """A rough sentence split, good enough to cut an over-long input where it hurts least."""
    return _split_at(text.strip(), _SENTENCE_END)


def pack(text: str, n_tokens: Callable[[str], int], limit: int) -> tuple[list[str], bool]:
    """Cut ``text`` into consecutive chunks of at most ``limit`` tokens each.

    Sentence boundaries first, then clause boundaries, then spaces. Returns the
    chunks and whether a chunk had to be cut inside a word-free run (then the
    last resort cuts the characters in halves until they fit).
    """
    hard = False

    def units(piece: str, level: int) -> Iterator[str]:
        nonlocal hard
        if n_tokens(piece) <= limit:
            yield piece
            return
        splitters: list[Callable[[str], list[str]]] = [
            lambda s: _split_at(s, _SENTENCE_END),
            lambda s: _split_at(s, _CLAUSE_END),
            lambda s: s.split(),
        ]
        for depth in range(level, len(splitters)):
            parts = splitters[depth](piece)
            if len(parts) > 1:
                for part in parts:
                    yield from units(part, depth)
                return
        hard = True
        middle = len(piece) // 2
        if middle == 0:
            yield piece
            return
        yield from units(piece[:middle], len(splitters))
        yield from units(piece[middle:], len(splitters))

    chunks: list[str] = []
    current = ""
    for unit in units(text.strip(), 0):
        candidate = f"{current} {unit}" if current else unit
        if current and n_tokens(candidate) > limit:
            chunks.append(current)
            current = unit
        else:
            current = candidate
    if current or not chunks:
        chunks.append(current)
    return chunks, hard

