"""The words of a text with their offsets, stored compactly for texts as long as a whole document.

Why a class: a rule that looks up a name's neighbours in the whole other side
of a document kept that side's words as a tuple of ``(start, end, word)``
tuples, ~180 bytes a word (a tuple, two int objects, a string per
occurrence): 18 MB on a 20,000-pair document, rebuilt after
every block of links (issue #13). Here the offsets are two machine-integer
arrays and the words one tuple of shared strings (a word that recurs is
stored once): ~35 bytes a word (its distinct words included), and the same ``(start, end, word)`` items
when iterated or indexed.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterator, Sequence
from typing import overload

Piece = tuple[int, int, str]


class WordOffsets(Sequence[Piece]):
    """The matches of ``pattern`` in ``text`` as ``(start, end, word)`` items, in order."""

    __slots__ = ("_starts", "_ends", "_words")

    def __init__(self, pattern: re.Pattern[str], text: str) -> None:
        starts, ends = array("q"), array("q")
        words: list[str] = []
        shared: dict[str, str] = {}
        for m in pattern.finditer(text):
            starts.append(m.start())
            ends.append(m.end())
            word = m.group(0)
            words.append(shared.setdefault(word, word))
        self._starts, self._ends, self._words = starts, ends, tuple(words)

    def __len__(self) -> int:
        return len(self._words)

    @overload
    def __getitem__(self, k: int) -> Piece: ...

    @overload
    def __getitem__(self, k: slice) -> Sequence[Piece]: ...

    def __getitem__(self, k: int | slice) -> Piece | Sequence[Piece]:
        if isinstance(k, slice):
            return list(zip(self._starts[k], self._ends[k], self._words[k], strict=True))
        return self._starts[k], self._ends[k], self._words[k]

    def __iter__(self) -> Iterator[Piece]:
        # zip runs in C: iterating stays as fast as over a stored tuple of tuples
        return zip(self._starts, self._ends, self._words, strict=True)
