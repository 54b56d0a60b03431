"""Which words of a long text could be cognates of a name: a filter, so the exact test runs on few.

TQ304 asks, for each name of a link that the link's other side does not
render, whether the *whole* other document has a cognate of it ("Gizeh" ~
"Giza" rendered elsewhere). Testing every word of the document for every such
name made the rule quadratic in the document's length. The cognate test of
:func:`tqcheck.lang.names._cognate` only accepts two words that share their
first three letters, or (both of four letters or more) whose lengths and
letter counts pass two bounds on difflib's ratio; :class:`CognateIndex` finds
exactly the words that can pass either, from a table built once per text (a
bucket by first three letters, a matrix of letter counts), and the caller runs
the exact test on those alone. The answer is the same as testing every word:
the index only leaves out words the exact test would reject.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

# the bound of tqcheck.lang.names._cognate: difflib's ratio must reach it
RATIO = 0.75


class CognateIndex:
    """The distinct words (three letters or more) of a text, indexed for :meth:`candidates`."""

    def __init__(self, tokens: Iterable[str]) -> None:
        words = tuple(dict.fromkeys(t for t in tokens if len(t) >= 3))
        self.by_prefix: dict[str, list[str]] = {}
        for w in words:
            self.by_prefix.setdefault(w[:3], []).append(w)
        self.long = [w for w in words if len(w) >= 4]
        alphabet = sorted({c for w in self.long for c in w})
        self.column = {c: k for k, c in enumerate(alphabet)}
        self.lengths = np.fromiter((len(w) for w in self.long), dtype=np.float64, count=len(self.long))
        counts = np.zeros((len(self.long), max(1, len(alphabet))), dtype=np.int32)
        for row, w in enumerate(self.long):
            for c in w:
                counts[row, self.column[c]] += 1
        # One byte a count (a word with a letter 255 times keeps four): a whole document's matrix
        # is words x letters, 5.5 MB as int32 on a 20,000-pair document (issue #13); column-major,
        # since candidates() reads it a letter (column) at a time.
        self.counts = np.asfortranarray(counts.astype(np.uint8) if counts.max(initial=0) <= 255 else counts)

    def candidates(self, key: str) -> list[str]:
        """Every indexed word that ``_cognate(key, word)`` may accept (a superset, never fewer)."""
        out = list(self.by_prefix.get(key[:3], ())) if len(key) >= 3 else []
        if len(key) < 4 or not self.long:
            return out
        total = self.lengths + len(key)
        shorter = np.minimum(self.lengths, len(key))
        shared = np.zeros(len(self.long), dtype=np.float64)
        for c in set(key):
            col = self.column.get(c)
            if col is not None:  # a letter no word has adds nothing to any word's share
                # against uint8 counts (all at most 255) the key's count capped at 255 gives the same minimum
                mine = key.count(c) if self.counts.dtype != np.uint8 else min(key.count(c), 255)
                shared += np.minimum(self.counts[:, col], mine)
        # the same float expressions as _cognate's bounds, so the borderline cases agree
        keep = ~((2.0 * shorter / total) < RATIO) & ~((2.0 * shared / total) < RATIO)
        prefixed = set(out)
        out.extend(self.long[k] for k in np.flatnonzero(keep) if self.long[k] not in prefixed)
        return out
