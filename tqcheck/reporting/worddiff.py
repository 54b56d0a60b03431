"""Word-level differences between two English texts, for revision and MT diffs.

Reviewers want to see which words a post-editor (or the MT model) changed,
not which characters: "She claims" → "It claims" is one replaced word. The
texts are cut into words and punctuation marks, each carrying the blank that
follows it, and :class:`difflib.SequenceMatcher` compares the tokens without
their blanks, so a changed line end never counts as a change. Joining the
``equal`` and ``insert`` pieces gives the new text back; ``equal`` and
``delete`` give the old one up to blanks.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

Op = Literal["equal", "delete", "insert"]

_TOKEN = re.compile(r"\w+(?:['’\-]\w+)*\s*|[^\w\s]\s*|\s+")


@dataclass(frozen=True)
class DiffPiece:
    """A run of text that is in both texts (``equal``), only the old one or only the new one."""

    op: Op
    text: str

    def as_dict(self) -> dict[str, str]:
        return {"op": self.op, "text": self.text}


def tokens(text: str) -> list[str]:
    """Words and punctuation marks, each with its trailing blanks; they join back to ``text``."""
    return _TOKEN.findall(text)


def word_diff(old: str, new: str) -> list[DiffPiece]:
    """The pieces of a word-level diff, adjacent pieces of one kind merged.

    A replaced stretch comes out as its deletion followed by its insertion.
    """
    a, b = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(None, [t.strip() for t in a], [t.strip() for t in b], autojunk=False)
    pieces: list[DiffPiece] = []

    def add(op: Op, parts: list[str]) -> None:
        text = "".join(parts)
        if not text:
            return
        if pieces and pieces[-1].op == op:
            pieces[-1] = DiffPiece(op, pieces[-1].text + text)
        else:
            pieces.append(DiffPiece(op, text))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add("equal", b[j1:j2])
        else:
            add("delete", a[i1:i2])
            add("insert", b[j1:j2])
    return pieces


def changed(pieces: list[DiffPiece]) -> bool:
    return any(p.op != "equal" and p.text.strip() for p in pieces)


def similarity(old: str, new: str) -> float:
    """Share of words the two texts have in common (difflib ratio over word tokens)."""
    a, b = [t.strip() for t in tokens(old)], [t.strip() for t in tokens(new)]
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
