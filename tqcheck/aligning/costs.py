"""The cost of linking a group of source sentences with a group of target sentences.

Three kinds of evidence, each cheap and language-light: length
(Gale–Church: the target length should be the source length times the
document's own length ratio, with variance growing with length); anchors
shared by both sides (numbers, names, acronyms, cognates; see
:mod:`tqcheck.aligning.features`); and, when sentence embeddings are given,
their cosine (vecalign-style).

Costs are scaled by the number of sentences a link covers, so a merge is no
cheaper per sentence than two separate links. One exception, with
embeddings: a short source sentence (``Elle dure toujours.``) that the
translator folded into its neighbour (``..., and it is still going on.``)
carries too little length or anchor evidence to pay for a merge, so a 2-1
whose short member does not dilute the cosine the way an unrelated sentence
would gets a cheaper prior.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from tqcheck.aligning.features import Features, dice, length_cost
from tqcheck.aligning.params import DEFAULT_PARAMS, AlignerParams


def _unit_rows(matrix: Any) -> Any:
    m = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    return m / np.where(norms > 0, norms, 1.0)


class UnitRows:
    """A matrix's rows scaled to unit length, computed a chunk of rows at a time when first read.

    Why: a whole scaled copy of a long document's sentence vectors (two
    512-float rows a pair, 90 MB at 20,000 pairs) was held beside the caller's
    vectors while the aligner ran (issue #13). The search reads rows in
    document order, so a few recent chunks serve nearly every read. Each row
    is scaled exactly as :func:`_unit_rows` scales the whole matrix (numpy
    computes every row's norm on its own), so the costs are the same to the bit.
    """

    __slots__ = ("_matrix", "_chunks")
    CHUNK = 512  # rows scaled at once
    KEEP = 8  # chunks kept (1 MB each), the most recently read

    def __init__(self, matrix: Any) -> None:
        self._matrix = matrix
        self._chunks: dict[int, Any] = {}

    def __len__(self) -> int:
        return len(self._matrix)

    def _chunk(self, c: int) -> Any:
        rows = self._chunks.pop(c, None)
        if rows is None:
            rows = _unit_rows(self._matrix[c * self.CHUNK : (c + 1) * self.CHUNK])
            if len(self._chunks) >= self.KEEP:
                del self._chunks[next(iter(self._chunks))]  # the least recently read
        self._chunks[c] = rows  # (re)inserted last: dicts keep insertion order
        return rows

    def __getitem__(self, k: int | slice) -> Any:
        """Row ``k`` (a vector), or rows ``a:b`` (a matrix; contiguous slices only)."""
        if isinstance(k, slice):
            a, b, step = k.indices(len(self._matrix))
            assert step == 1, "UnitRows reads contiguous rows only"
            if b <= a:
                return self._chunk(0)[:0]
            first, last = a // self.CHUNK, (b - 1) // self.CHUNK
            if first == last:
                return self._chunk(first)[a - first * self.CHUNK : b - first * self.CHUNK]
            pieces = [
                self[max(a, c * self.CHUNK) : min(b, (c + 1) * self.CHUNK)] for c in range(first, last + 1)
            ]
            return np.concatenate(pieces)
        if k < 0:
            k += len(self._matrix)
        return self._chunk(k // self.CHUNK)[k % self.CHUNK]


class CostModel:
    """Link costs for one document pair, with group features and group vectors cached."""

    def __init__(
        self,
        src: Sequence[Features],
        tgt: Sequence[Features],
        ratio: float,
        src_vec: Any = None,
        tgt_vec: Any = None,
        src_para: Sequence[int] | None = None,
        tgt_para: Sequence[int] | None = None,
        params: AlignerParams = DEFAULT_PARAMS,
    ) -> None:
        self.src, self.tgt, self.ratio = src, tgt, ratio
        # Rows are unit vectors, so the cosine of two single sentences is a dot product.
        self.src_vec = None if src_vec is None else UnitRows(src_vec)
        self.tgt_vec = None if tgt_vec is None else UnitRows(tgt_vec)
        self.src_para, self.tgt_para = src_para, tgt_para
        self.params = params
        self.lex_weight = params.lex_weight
        self._groups: dict[tuple[str, int, int], Features] = {}
        self._vectors: dict[tuple[str, int, int], Any] = {}

    def with_lex_weight(self, lex_weight: float) -> CostModel:
        """The same model with another anchor weight; features, vectors and their caches are shared."""
        other = object.__new__(CostModel)
        other.__dict__.update(self.__dict__)
        other.lex_weight = lex_weight
        return other

    def group(self, side: str, a: int, b: int) -> Features:
        """Features of sentences ``a:b`` of one side (``"s"`` or ``"t"``) taken as one."""
        items = self.src if side == "s" else self.tgt
        if b - a == 1:
            return items[a]
        key = (side, a, b)
        g = self._groups.get(key)
        if g is None:
            g = items[a]
            for k in range(a + 1, b):
                g = g | items[k]
            self._groups[key] = g
        return g

    def _vector(self, side: str, a: int, b: int) -> Any:
        vec = self.src_vec if side == "s" else self.tgt_vec
        assert vec is not None
        if b - a == 1:
            return vec[a]
        key = ("v" + side, a, b)
        v = self._vectors.get(key)
        if v is None:
            v = vec[a:b].sum(axis=0)
            norm = float(np.sqrt(v @ v))
            v = v / norm if norm > 0 else v
            self._vectors[key] = v
        return v

    def cosine(self, i0: int, i1: int, j0: int, j1: int) -> float | None:
        """Cosine of the two groups' vectors (a group's vector is the normalised sum of its members')."""
        if self.src_vec is None:
            return None
        return float(self._vector("s", i0, i1) @ self._vector("t", j0, j1))

    def length_cost(self, ls: int, lt: int) -> float:
        """Gale–Church length cost of ``ls`` source against ``lt`` target characters, at this document's ratio."""
        return length_cost(ls, lt, self.ratio, self.params.gc_variance, self.params.length_cap)

    def mismatch(self, i0: int, i1: int, j0: int, j1: int) -> float:
        """How unlike translations the two groups are: ~0.3 for a good pair, ~1.5+ for unrelated ones."""
        p = self.params
        s = self.group("s", i0, i1)
        t = self.group("t", j0, j1)
        m = p.length_weight * length_cost(s.length, t.length, self.ratio, p.gc_variance, p.length_cap)
        lex = 1.0 - min(1.0, dice(s.tokens, t.tokens) / p.lex_saturation)
        if self.src_vec is None:
            return m + self.lex_weight * lex
        cos = self.cosine(i0, i1, j0, j1)
        emb = 1.0 - min(1.0, max(0.0, (cos - p.emb_low) / (p.emb_high - p.emb_low)))
        return p.mix_length * m + p.mix_lex * lex + p.mix_emb * emb

    def _short_fold(self, i0: int, j: int) -> bool:
        """Whether source sentences ``i0``, ``i0 + 1`` look like one target sentence with a short part folded in.

        Needs embeddings: one member is short, and adding it to the other
        dilutes the cosine with the target by less than an unrelated sentence
        would (an unrelated member roughly divides it by √2).
        """
        p = self.params
        if self.src_vec is None or min(self.src[i0].words, self.src[i0 + 1].words) > p.short_member_words:
            return False
        single = max(self.cosine(i0, i0 + 1, j, j + 1) or 0.0, self.cosine(i0 + 1, i0 + 2, j, j + 1) or 0.0)
        merged = self.cosine(i0, i0 + 2, j, j + 1) or 0.0
        return single - merged < p.short_fold_max_drop

    def link_cost(self, i0: int, i1: int, j0: int, j1: int) -> float:
        """Cost of linking source sentences ``i0:i1`` with target sentences ``j0:j1`` (either may be empty)."""
        p = self.params
        ns, nt = i1 - i0, j1 - j0
        if ns == 0 or nt == 0:
            return p.skip_cost * (ns + nt)
        # Never across a paragraph break (tested inline: this is the hottest call).
        sp, tp = self.src_para, self.tgt_para
        if (sp is not None and sp[i0] != sp[i1 - 1]) or (tp is not None and tp[j0] != tp[j1 - 1]):
            return math.inf
        if ns == nt == 1:
            prior = 0.0
        elif ns == nt:
            prior = p.merge22_prior
        else:
            prior = p.merge_prior
            if ns == 2 and self._short_fold(i0, j0):
                # A short sentence has too little length or anchor evidence to
                # pay for the merge, and folding it into a neighbour is an
                # ordinary translation choice; skipping it is not cheaper.
                prior -= p.short_merge_bonus
        return self.mismatch(i0, i1, j0, j1) * (ns + nt) / 2.0 + prior
