"""Sentence alignment: which source sentences each target sentence translates.

A dynamic programme over sentence groups (1-1, 1-2, 2-1, 2-2, 1-0, 0-1) whose
link cost mixes three kinds of evidence, each cheap and language-light:

* length (Gale–Church: the target length should be the source length times the
  document's own length ratio, with variance growing with length);
* anchors shared by both sides: numbers (as digit runs, so ``3,5`` and ``3.5``
  or ``1 000`` and ``1,000`` agree), capitalised names and acronyms, and
  cognates (words sharing their first four letters once accents are dropped);
* when sentence embeddings are given, their cosine (vecalign-style).

Costs are scaled by the number of sentences a link covers, so a merge is no
cheaper per sentence than two separate links; that, plus an explicit
*coverage check* run on every merge the programme keeps, stops omitted or
added sentences from vanishing into 2-1/1-2 links, which is where plain
Gale–Church loses them. A merge member that the other side does not cover
(length already accounted for, none of its anchors found, low embedding
similarity) is split off as an omission or addition. One exception, with
embeddings: a short source sentence (``Elle dure toujours.``) that the
translator folded into its neighbour (``..., and it is still going on.``)
carries too little length or anchor evidence to pay for a merge, so a 2-1
whose short member does not dilute the cosine the way an unrelated sentence
would gets a cheaper prior, and the coverage check keeps it.

Paragraphs are used when both sides have several: paragraphs are aligned
first (same costs, 1-0/0-1/1-2/2-1/2-2 allowed), then sentences inside each
paragraph group, so the quadratic part of the search is small. Line-aligned
inputs (TSV, JSONL) skip the first step. Long single-paragraph documents use
a band around the diagonal that widens when the path touches its edge, so
memory stays linear in the document length.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from tqcheck.datatypes import Alignment, DocumentPair, Link, Segmentation, SentenceEmbeddings
from tqcheck.languages import lang_file, load_wordlist

# --------------------------------------------------------------------------- parameters

GC_VARIANCE = 6.8  # Gale & Church's s², per character
LEN_WEIGHT = 0.35  # weight of the (capped) length cost
LEN_CAP = 6.0
LEX_WEIGHT = 1.0  # weight of the missing-anchor term without embeddings
LOCAL_LEX_WEIGHT = 1.4  # the same, when links next to an unlinked sentence are searched again
LEX_SATURATION = 0.4  # Dice overlap at which lexical evidence counts as complete
SKIP_COST = 1.1  # cost of leaving one sentence unlinked (1-0 / 0-1)
MERGE_PRIOR = 0.25  # extra cost of a 1-2 / 2-1 link
MERGE22_PRIOR = 0.8  # extra cost of a 2-2 link
PARAGRAPH_SKIP_COST = 0.5  # extra cost of leaving a whole paragraph unlinked
PARAGRAPH_ANCHOR_MAX = 0.8  # paragraph pairs matching at least this well are fixed blocks
PARAGRAPH_WALK_MAX = 1.2  # paragraph pairs this good are paired without search (maybe not fixed)
EMB_LOW, EMB_HIGH = 0.2, 0.7  # cosines of unrelated and clearly matching sentences
PAIR_NULLS_MAX = 1.65  # an adjacent 1-0 and 0-1 this similar become one 1-1 link
SHORT_MEMBER_WORDS = 10  # merge members this short are not split off with embeddings
SHORT_FOLD_MAX_DROP = 0.15  # ... when adding the short member lowers the cosine by less than this
SHORT_MERGE_BONUS = 0.45  # a 2-1 / 1-2 whose short member has at most SHORT_MEMBER_WORDS words costs this less
CONFIDENT_PAIR = 0.8  # a 1-1 link this cheap is taken without search when all its neighbours are too
BAND = 12  # half-width of the search band, in sentences, before widening
FULL_DP_CELLS = 40_000  # blocks smaller than this get the full table

KINDS: tuple[tuple[int, int], ...] = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2))
PARAGRAPH_KINDS: tuple[tuple[int, int], ...] = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2))


# --------------------------------------------------------------------------- features

_WORD = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)


@lru_cache(maxsize=8)
def _function_words(lang: str) -> frozenset[str]:
    return frozenset(_fold(w) for w in load_wordlist(lang_file(lang, "function_words.txt")))


@lru_cache(maxsize=200_000)
def _fold(word: str) -> str:
    """Lower case without accents, so ``présidé`` and ``preside`` share a prefix."""
    word = word.lower()
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class Features:
    """What the cost function needs of one sentence or group of sentences."""

    length: int
    tokens: frozenset[str]  # cognate prefixes, numbers, names
    strong: frozenset[str]  # numbers and names only
    words: int = 0

    def __or__(self, other: Features) -> Features:
        return Features(
            self.length + other.length + 1,
            self.tokens | other.tokens,
            self.strong | other.strong,
            self.words + other.words,
        )


_WORD_KEYS: dict[tuple[str, str], tuple[str, bool] | None] = {}


def _word_key(word: str, lang: str) -> tuple[str, bool] | None:
    """The anchor key of a word and whether it is a name-like (capitalised) key; cached."""
    cached = _WORD_KEYS.get((word, lang), False)
    if cached is not False:
        return cached  # type: ignore[return-value]
    key: tuple[str, bool] | None
    if word[0].isdigit():
        key = ("#" + (word.lstrip("0") or "0"), True)
    elif len(word) >= 4:
        f = _fold(word)
        key = None if f in _function_words(lang) else (f[:4], word[0].isupper())
    elif len(word) >= 2 and word.isupper():
        key = ("^" + word, False)  # acronyms: UN, ONU, CSP
    else:
        key = None
    if len(_WORD_KEYS) < 500_000:
        _WORD_KEYS[(word, lang)] = key
    return key


def features(text: str, lang: str) -> Features:
    """Anchors of a sentence: digit runs, capitalised words and acronyms, 4-letter prefixes.

    A capitalised first word is not a name (every sentence starts with one).
    """
    tokens: set[str] = set()
    strong: set[str] = set()
    words = _WORD.findall(text)
    for k, w in enumerate(words):
        key = _word_key(w, lang)
        if key is None:
            continue
        tokens.add(key[0])
        if key[1] and (k > 0 or key[0][0] == "#"):
            strong.add(key[0])
    return Features(len(text), frozenset(tokens), frozenset(strong), len(words))


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return 2.0 * len(a & b) / (len(a) + len(b))


def _length_cost(ls: int, lt: int, ratio: float) -> float:
    """Gale–Church: -log P(|delta|) for a source of ``ls`` characters and a target of ``lt``."""
    mean = (ls * ratio + lt) / 2.0
    if mean <= 0:
        return 0.0
    delta = abs(lt - ls * ratio) / math.sqrt(mean * GC_VARIANCE)
    p = math.erfc(delta / math.sqrt(2.0))
    return min(LEN_CAP, -math.log(p) if p > 1e-300 else LEN_CAP)


# --------------------------------------------------------------------------- the cost model


def _unit_rows(matrix: Any) -> Any:
    m = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    return m / np.where(norms > 0, norms, 1.0)


class CostModel:
    """Link costs for one document pair, with group features cached."""

    def __init__(
        self,
        src: Sequence[Features],
        tgt: Sequence[Features],
        ratio: float,
        src_vec=None,
        tgt_vec=None,
        src_para: Sequence[int] | None = None,
        tgt_para: Sequence[int] | None = None,
    ) -> None:
        self.src, self.tgt, self.ratio = src, tgt, ratio
        # Rows are unit vectors, so the cosine of two single sentences is a dot product.
        self.src_vec = None if src_vec is None else _unit_rows(src_vec)
        self.tgt_vec = None if tgt_vec is None else _unit_rows(tgt_vec)
        self.src_para, self.tgt_para = src_para, tgt_para
        self._groups: dict[tuple[str, int, int], Features] = {}
        self.lex_weight = LEX_WEIGHT
        self._vectors: dict[tuple[str, int, int], Any] = {}

    def group(self, side: str, a: int, b: int) -> Features:
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

    def same_paragraph(self, side: str, a: int, b: int) -> bool:
        para = self.src_para if side == "s" else self.tgt_para
        return para is None or para[a] == para[b - 1]

    def _vector(self, side: str, a: int, b: int):
        vec = self.src_vec if side == "s" else self.tgt_vec
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

    def mismatch(self, i0: int, i1: int, j0: int, j1: int) -> float:
        """How unlike translations the two groups are: ~0.3 for a good pair, ~1.5+ for unrelated ones."""
        s = self.group("s", i0, i1)
        t = self.group("t", j0, j1)
        m = LEN_WEIGHT * _length_cost(s.length, t.length, self.ratio)
        lex = 1.0 - min(1.0, _dice(s.tokens, t.tokens) / LEX_SATURATION)
        cos = self.cosine(i0, i1, j0, j1)
        if cos is None:
            return m + self.lex_weight * lex
        emb = 1.0 - min(1.0, max(0.0, (cos - EMB_LOW) / (EMB_HIGH - EMB_LOW)))
        return 0.6 * m + 0.4 * lex + 1.4 * emb

    def _short_fold(self, i0: int, j: int) -> bool:
        """Whether source sentences ``i0``, ``i0 + 1`` look like one target sentence with a short part folded in.

        Needs embeddings: one member is short, and adding it to the other
        dilutes the cosine with the target by less than an unrelated sentence
        would (an unrelated member roughly divides it by √2).
        """
        if self.src_vec is None or min(self.src[i0].words, self.src[i0 + 1].words) > SHORT_MEMBER_WORDS:
            return False
        single = max(self.cosine(i0, i0 + 1, j, j + 1) or 0.0, self.cosine(i0 + 1, i0 + 2, j, j + 1) or 0.0)
        merged = self.cosine(i0, i0 + 2, j, j + 1) or 0.0
        return single - merged < SHORT_FOLD_MAX_DROP

    def link_cost(self, i0: int, i1: int, j0: int, j1: int) -> float:
        ns, nt = i1 - i0, j1 - j0
        if ns == 0 or nt == 0:
            return SKIP_COST * (ns + nt)
        if not (self.same_paragraph("s", i0, i1) and self.same_paragraph("t", j0, j1)):
            return math.inf
        if ns == nt == 1:
            prior = 0.0
        elif ns == nt:
            prior = MERGE22_PRIOR
        else:
            prior = MERGE_PRIOR
            if ns == 2 and self._short_fold(i0, j0):
                # A short sentence has too little length or anchor evidence to
                # pay for the merge, and folding it into a neighbour is an
                # ordinary translation choice; skipping it is not cheaper.
                prior -= SHORT_MERGE_BONUS
        return self.mismatch(i0, i1, j0, j1) * (ns + nt) / 2.0 + prior


# --------------------------------------------------------------------------- dynamic programming


Step = tuple[int, int, int, int, float]  # i0, i1, j0, j1, cost


def dp_align(
    n: int,
    m: int,
    cost: Callable[[int, int, int, int], float],
    kinds: Sequence[tuple[int, int]] = KINDS,
    band: int = BAND,
    confident: Callable[[int, int], bool] | None = None,
) -> list[Step]:
    """Cheapest path of links from (0, 0) to (n, m), searched in a band around the diagonal.

    Small blocks get the full table. For large ones the band (``band``
    sentences either side of the diagonal, plus the length difference) is
    doubled while the best path runs along its edge, so a long added or
    omitted passage is still found; memory is ``O((n + m) · band)``.
    """
    if n == 0 or m == 0:
        return [(i, i + 1, 0, 0, cost(i, i + 1, 0, 0)) for i in range(n)] + [
            (0, 0, j, j + 1, cost(0, 0, j, j + 1)) for j in range(m)
        ]
    if confident is not None:
        return _chain(n, m, cost, kinds, band, confident)
    if (n + 1) * (m + 1) <= FULL_DP_CELLS:
        return _dp(n, m, cost, kinds, None)[0]
    width = band
    while True:
        path, touched = _dp(n, m, cost, kinds, width)
        if not touched or width >= max(n, m):
            return path
        width *= 2


def _chain(
    n: int,
    m: int,
    cost: Callable[[int, int, int, int], float],
    kinds: Sequence[tuple[int, int]],
    band: int,
    confident: Callable[[int, int], bool],
) -> list[Step]:
    """Walk the diagonal while 1-1 links are confident; search a small window where they are not.

    Most of a real translation is confident 1-1 links, so this costs one cost
    evaluation per sentence there. Where the walk stalls, a window is searched
    and its path kept up to the last point where two confident 1-1 links in a
    row show the two sides are back in step; the window doubles when no such
    point is found, and the remainder gets the banded search past 256.
    """
    path: list[Step] = []
    walked: list[int] = []  # positions in path of links taken by the walk, not a search
    i = j = 0
    while i < n and j < m:
        if confident(i, j):
            walked.append(len(path))
            path.append((i, i + 1, j, j + 1, cost(i, i + 1, j, j + 1)))
            i, j = i + 1, j + 1
            continue
        # Step back over the last two walked links: the stall may come from a
        # merge that the walk took for a 1-1 link.
        back = 0
        while back < 2 and path and path[-1][1] == i and path[-1][3] == j and walked and walked[-1] == len(path) - 1:
            i, j = path[-1][0], path[-1][2]
            path.pop()
            walked.pop()
            back += 1
        w = 4

        def local(a: int, b: int, c_: int, d: int, i: int = i, j: int = j) -> float:
            return cost(i + a, i + b, j + c_, j + d)

        def local_confident(a: int, b: int, i: int = i, j: int = j) -> bool:
            return confident(i + a, j + b)

        while True:
            i1, j1 = min(n, i + w), min(m, j + w)
            at_end = i1 == n and j1 == m
            if w > 256 and not at_end:
                i1, j1, at_end = n, m, True
            if at_end:
                sub = dp_align(n - i, m - j, local, kinds, band)
                path += [(i + a, i + b, j + c_, j + d, x) for a, b, c_, d, x in sub]
                return path
            sub = _dp(i1 - i, j1 - j, local, kinds, None)[0]
            keep = _resync(sub, local_confident)
            if keep:
                path += [(i + a, i + b, j + c_, j + d, x) for a, b, c_, d, x in sub[:keep]]
                i, j = i + sub[keep - 1][1], j + sub[keep - 1][3]
                break
            w *= 2
    if i < n or j < m:
        # One side ran out first: the last walked links may belong in a merge
        # with what is left (a final 2-1 that the walk took for a 1-1 link),
        # so step back over them and search the tail.
        back = 0
        while back < 2 and walked and walked[-1] == len(path) - 1:
            i, j = path[-1][0], path[-1][2]
            path.pop()
            walked.pop()
            back += 1

        def tail(a: int, b: int, c_: int, d: int, i: int = i, j: int = j) -> float:
            return cost(i + a, i + b, j + c_, j + d)

        sub = dp_align(n - i, m - j, tail, kinds, band)
        path += [(i + a, i + b, j + c_, j + d, x) for a, b, c_, d, x in sub]
    return path


def _resync(sub: list[Step], confident: Callable[[int, int], bool]) -> int:
    """How many steps of a window path to keep: up to the first of two confident 1-1 links in a row."""
    for k in range(1, len(sub) - 2):
        a, b = sub[k], sub[k + 1]
        if all(s[1] - s[0] == 1 and s[3] - s[2] == 1 and confident(s[0], s[2]) for s in (a, b)):
            return k
    return 0


def _dp(n, m, cost, kinds, width):
    inf = math.inf
    if width is None:
        lo = [0] * (n + 1)
        hi = [m] * (n + 1)
    else:
        lo, hi = [], []
        for i in range(n + 1):
            c = i * m / n
            lo.append(max(0, int(c) - width))
            hi.append(min(m, int(c) + width + 1))
        # Keep the band connected: each row must reach the previous row's range.
        for i in range(1, n + 1):
            lo[i] = min(lo[i], hi[i - 1])
        lo[n] = min(lo[n], m)
        hi[n] = m
    D: list[list[float]] = []
    B: list[list[int]] = []
    for i in range(n + 1):
        li, hi_i = lo[i], hi[i]
        row = [inf] * (hi_i - li + 1)
        back = [-1] * (hi_i - li + 1)
        for j in range(li, hi_i + 1):
            if i == 0 and j == 0:
                row[0] = 0.0
                continue
            best, arg = inf, -1
            for k, (di, dj) in enumerate(kinds):
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0:
                    continue
                plo = lo[pi]
                if pj < plo or pj > hi[pi]:
                    continue
                prev = (row if di == 0 else D[pi])[pj - plo]
                if prev == inf:
                    continue
                c = prev + cost(pi, i, pj, j)
                if c < best:
                    best, arg = c, k
            row[j - li] = best
            back[j - li] = arg
        D.append(row)
        B.append(back)
    path: list[Step] = []
    i, j = n, m
    touched = False
    while i > 0 or j > 0:
        k = B[i][j - lo[i]]
        if k < 0:
            raise RuntimeError("alignment search found no path")  # pragma: no cover - band is connected
        if width is not None and ((lo[i] > 0 and j - lo[i] < 2) or (hi[i] < m and hi[i] - j < 2)):
            touched = True
        di, dj = kinds[k]
        step_cost = D[i][j - lo[i]] - D[i - di][j - dj - lo[i - di]]
        path.append((i - di, i, j - dj, j, step_cost))
        i, j = i - di, j - dj
    path.reverse()
    return path, touched


# --------------------------------------------------------------------------- coverage check


def _covered(model: CostModel, member: tuple[int, int], rest: tuple[int, int], other: tuple[int, int], side: str) -> bool:
    """Whether the ``other`` side really translates ``member`` too, beyond ``rest`` of the merge.

    ``side`` is the side of ``member`` and ``rest`` ("s" or "t"). A member is
    covered when adding it brings the lengths closer, or when some of its own
    anchors (not shared with the rest) turn up on the other side, or (with
    embeddings) when adding it raises the cosine.
    """
    oside = "t" if side == "s" else "s"
    mem = model.group(side, *member)
    rst = model.group(side, *rest)
    oth = model.group(oside, *other)
    whole_lo, whole_hi = min(member[0], rest[0]), max(member[1], rest[1])
    ratio = model.ratio
    if side == "s":
        with_cost = _length_cost(mem.length + rst.length + 1, oth.length, ratio)
        without_cost = _length_cost(rst.length, oth.length, ratio)
        cos_with = model.cosine(whole_lo, whole_hi, *other)
        cos_without = model.cosine(*rest, *other)
        cos_member = model.cosine(*member, *other)
    else:
        with_cost = _length_cost(oth.length, mem.length + rst.length + 1, ratio)
        without_cost = _length_cost(oth.length, rst.length, ratio)
        cos_with = model.cosine(*other, whole_lo, whole_hi)
        cos_without = model.cosine(*other, *rest)
        cos_member = model.cosine(*other, *member)
    own = mem.tokens - rst.tokens
    hits = len(own & oth.tokens)
    hit_rate = hits / len(own) if own else 0.0
    own_strong = mem.strong - rst.strong
    strong_missing = len(own_strong - oth.tokens)
    if cos_with is not None:
        if mem.words <= SHORT_MEMBER_WORDS and cos_without - cos_with < SHORT_FOLD_MAX_DROP:
            # A sentence this short carries too little for its own cosine or
            # anchors to show it was left out, and translators often fold
            # such a sentence into a neighbour ("... and is ongoing"). Unless
            # it dilutes the cosine as an unrelated sentence would, trust the
            # search, which already paid for the merge.
            return True
        # A linear score fitted (logistic regression) on merges proposed for the
        # shared news/Wikipedia/medical test documents with injected omissions
        # and additions; the threshold favours keeping genuine merges.
        score = (
            5.89 * hit_rate
            + 3.13 * min(hits, 4) / 4
            + 4.88 * (without_cost - with_cost) / LEN_CAP
            - 3.92 * without_cost / LEN_CAP
            - 2.85 * min(len(own), 8) / 8
            + 6.64 * cos_member
            + 1.87 * (cos_with - cos_without)
            - 0.51
        )
        return score >= -1.2
    length_helps = with_cost + 0.5 < without_cost
    length_fits_without = without_cost < 1.5
    rest_rate = len(rst.tokens & oth.tokens) / len(rst.tokens) if rst.tokens else 0.0
    if len(own) >= 3 and rest_rate >= 0.2 and hit_rate <= 0.3 * rest_rate and with_cost + 1.0 >= without_cost:
        return False  # the rest of the merge finds its anchors on the other side, this member does not
    if hits >= 2 and hit_rate >= 0.2:
        return True
    if length_helps and not (len(own) >= 4 and hits == 0):
        return True
    if len(own) <= 1 and mem.length < 40 and with_cost <= without_cost + 1.0:
        return True  # too short to carry evidence either way: trust the search
    if length_fits_without and (hits == 0 or hit_rate < 0.12):
        return False
    if own_strong and strong_missing == len(own_strong) and len(own_strong) >= 2 and not length_helps:
        return False
    return not (len(own) >= 5 and hits == 0 and not length_helps)


def _check_merges(steps: list[Step], model: CostModel) -> list[Step]:
    """Split off merge members the other side does not cover (they become 1-0 / 0-1)."""
    out: list[Step] = []
    for i0, i1, j0, j1, c in steps:
        ns, nt = i1 - i0, j1 - j0
        if ns == 2 and nt == 1:
            first_ok = _covered(model, (i0, i0 + 1), (i0 + 1, i1), (j0, j1), "s")
            second_ok = _covered(model, (i0 + 1, i1), (i0, i0 + 1), (j0, j1), "s")
            if first_ok and not second_ok:
                out += [(i0, i0 + 1, j0, j1, c), (i0 + 1, i1, j1, j1, SKIP_COST)]
                continue
            if second_ok and not first_ok:
                out += [(i0, i0 + 1, j0, j0, SKIP_COST), (i0 + 1, i1, j0, j1, c)]
                continue
        elif ns == 1 and nt == 2:
            first_ok = _covered(model, (j0, j0 + 1), (j0 + 1, j1), (i0, i1), "t")
            second_ok = _covered(model, (j0 + 1, j1), (j0, j0 + 1), (i0, i1), "t")
            if first_ok and not second_ok:
                out += [(i0, i1, j0, j0 + 1, c), (i1, i1, j0 + 1, j1, SKIP_COST)]
                continue
            if second_ok and not first_ok:
                out += [(i0, i0, j0, j0 + 1, SKIP_COST), (i0, i1, j0 + 1, j1, c)]
                continue
        elif ns == 2 and nt == 2:
            a = model.link_cost(i0, i0 + 1, j0, j0 + 1)
            b = model.link_cost(i0 + 1, i1, j0 + 1, j1)
            if a + b <= c + 0.3:
                out += [(i0, i0 + 1, j0, j0 + 1, a), (i0 + 1, i1, j0 + 1, j1, b)]
                continue
        out.append((i0, i1, j0, j1, c))
    return out


def _pair_adjacent_nulls(steps: list[Step], model: CostModel) -> list[Step]:
    """An unlinked source sentence next to an unlinked target sentence: pair them if they plausibly match.

    Splitting merges can leave a 1-0 beside a 0-1 that translate each other
    (a loose translation with no shared anchors); leaving both unlinked would
    report an omission and an addition for one rephrased sentence.
    """
    out: list[Step] = []
    for step in steps:
        if out and _is_null(step) and _is_null(out[-1]):
            prev = out[-1]
            src_null = prev if prev[2] == prev[3] else step
            tgt_null = step if src_null is prev else prev
            if src_null[1] - src_null[0] == 1 and tgt_null[3] - tgt_null[2] == 1 and src_null is not tgt_null:
                i, j = src_null[0], tgt_null[2]
                c = model.link_cost(i, i + 1, j, j + 1)
                if c <= PAIR_NULLS_MAX:
                    out[-1] = (i, i + 1, j, j + 1, c)
                    continue
        out.append(step)
    return out


def _check_pairs(steps: list[Step], model: CostModel) -> list[Step]:
    """With embeddings, a 1-1 link between plainly unrelated sentences is an omission plus an addition."""
    if model.src_vec is None:
        return steps
    out: list[Step] = []
    for i0, i1, j0, j1, c in steps:
        if i1 - i0 == 1 and j1 - j0 == 1:
            cos = model.cosine(i0, i1, j0, j1)
            s, t = model.group("s", i0, i1), model.group("t", j0, j1)
            if cos is not None and cos < 0.25 and _dice(s.tokens, t.tokens) < 0.1:
                out += [(i0, i1, j0, j0, SKIP_COST), (i1, i1, j0, j1, SKIP_COST)]
                continue
        out.append((i0, i1, j0, j1, c))
    return out


# --------------------------------------------------------------------------- paragraphs


def _paragraph_groups(src_seg: Segmentation, tgt_seg: Segmentation) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Sentence-index ranges of each paragraph holding sentences, per side."""

    def ranges(seg: Segmentation) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        last = None
        for s in seg.sentences:
            if s.paragraph != last:
                out.append((s.index, s.index + 1))
                last = s.paragraph
            else:
                out[-1] = (out[-1][0], s.index + 1)
        return out

    return ranges(src_seg), ranges(tgt_seg)


def _ratio(src: Sequence[Features], tgt: Sequence[Features]) -> float:
    ls = sum(f.length for f in src)
    lt = sum(f.length for f in tgt)
    if ls == 0 or lt == 0:
        return 1.0
    return min(1.6, max(0.6, lt / ls))


def align(
    pair: DocumentPair,
    source: Segmentation,
    target: Segmentation,
    *,
    embeddings: SentenceEmbeddings | None = None,
) -> Alignment:
    """Link every sentence of both sides exactly once, in order (1-1, 1-2, 2-1, 2-2, 1-0, 0-1)."""
    src_feats = [features(s.text, source.lang) for s in source.sentences]
    tgt_feats = [features(s.text, target.lang) for s in target.sentences]
    ratio = _ratio(src_feats, tgt_feats)
    src_vec = tgt_vec = None
    if embeddings is not None:
        src_vec, tgt_vec = embeddings.source, embeddings.target
        if len(src_vec) != len(src_feats) or len(tgt_vec) != len(tgt_feats):
            src_vec = tgt_vec = None  # vectors of another segmentation: do not trust them
    model = CostModel(
        src_feats,
        tgt_feats,
        ratio,
        src_vec,
        tgt_vec,
        [s.paragraph for s in source.sentences],
        [s.paragraph for s in target.sentences],
    )
    method = "gale-church+anchors" + ("+similarity" if src_vec is not None else "")

    blocks = _blocks(pair, source, target, model)
    fixed = pair.paragraphs_aligned
    results = [_align_block(model, blk) for blk in blocks]
    # A sentence left unlinked at the edge of a paragraph block may belong to
    # the neighbouring block (the two sides broke paragraphs differently):
    # join such blocks with their neighbour and align them again.
    for _ in range(8 if not fixed else 0):
        k = next(
            (
                k
                for k, steps in enumerate(results)
                if steps
                and (
                    (k + 1 < len(results) and _is_null(steps[-1]))
                    or (k > 0 and _is_null(steps[0]))
                )
            ),
            None,
        )
        if k is None:
            break
        other = k + 1 if (k + 1 < len(results) and _is_null(results[k][-1])) else k - 1
        lo, hi = min(k, other), max(k, other)
        (a0, _), (b0, _) = blocks[lo]
        (_, a1), (_, b1) = blocks[hi]
        merged = ((a0, a1), (b0, b1))
        new_steps = _align_block(model, merged)
        if new_steps == results[lo] + results[hi]:
            break
        blocks[lo : hi + 1] = [merged]
        results[lo : hi + 1] = [new_steps]
    if fixed:
        # Rows of a segment-level file are hard units: the repair passes work inside each row,
        # so an omission in one row is never paired with an addition in the next.
        steps = [step for r in results for step in _repair(r, model, src_vec is None)]
    else:
        steps = _repair([step for r in results for step in r], model, src_vec is None)
    links = tuple(
        Link(source=tuple(range(i0, i1)), target=tuple(range(j0, j1)), cost=round(c, 4)) for i0, i1, j0, j1, c in steps
    )
    return Alignment(pair=pair, source=source, target=target, links=links, method=method)


def _repair(steps: list[Step], model: CostModel, no_vectors: bool) -> list[Step]:
    """The post-passes over a run of links: re-search near nulls (without vectors), merges, null pairs."""
    if no_vectors:
        steps = _realign_near_nulls(steps, model)
    return _check_pairs(_pair_adjacent_nulls(_check_merges(steps, model), model), model)


def _realign_near_nulls(steps: list[Step], model: CostModel) -> list[Step]:
    """Re-pair the links around each unlinked sentence, with anchors weighing more.

    Without embeddings, an omission next to a loosely matching pair is often
    resolved by pairing the wrong neighbours (the unlinked sentence ends up
    one place off). Near a null link, where that happens, shared numbers,
    names and cognates are the best evidence, so the window is searched again
    with a heavier anchor term; elsewhere the balanced weights stay.
    """
    out = list(steps)
    k = 0
    while k < len(out):
        if not _is_null(out[k]):
            k += 1
            continue
        lo, hi = max(0, k - 2), min(len(out), k + 3)
        i0, j0 = out[lo][0], out[lo][2]
        i1, j1 = out[hi - 1][1], out[hi - 1][3]
        old = out[lo:hi]
        model.lex_weight = LOCAL_LEX_WEIGHT
        try:
            if i1 > i0 and j1 > j0:
                def local(a: int, b: int, c: int, d: int, i0: int = i0, j0: int = j0) -> float:
                    return model.link_cost(i0 + a, i0 + b, j0 + c, j0 + d)

                sub = _dp(i1 - i0, j1 - j0, local, KINDS, None)[0]
                new = [(i0 + a, i0 + b, j0 + c, j0 + d, x) for a, b, c, d, x in sub]
            else:
                new = old
        finally:
            model.lex_weight = LEX_WEIGHT
        if [st[:4] for st in new] != [st[:4] for st in old]:
            new = [(a, b, c, d, model.link_cost(a, b, c, d)) for a, b, c, d, _ in new]
            out[lo:hi] = new
        # Continue after the window's null links (a re-searched window is not searched again).
        k = max(k + 1, lo + len(new) - 1 if len(new) > 2 else k + 1)
    return out


def _is_null(step: Step) -> bool:
    return step[0] == step[1] or step[2] == step[3]


def _align_block(model: CostModel, block: tuple[tuple[int, int], tuple[int, int]]) -> list[Step]:
    """Sentence links of one block of source and target sentences."""
    (a0, a1), (b0, b1) = block
    if a1 == a0 or b1 == b0:
        return [(i, i + 1, b0, b0, SKIP_COST) for i in range(a0, a1)] + [
            (a1, a1, j, j + 1, SKIP_COST) for j in range(b0, b1)
        ]

    def cost(i0: int, i1: int, j0: int, j1: int) -> float:
        return model.link_cost(a0 + i0, a0 + i1, b0 + j0, b0 + j1)

    def confident(i: int, j: int) -> bool:
        return model.link_cost(a0 + i, a0 + i + 1, b0 + j, b0 + j + 1) <= CONFIDENT_PAIR

    return [
        (a0 + i0, a0 + i1, b0 + j0, b0 + j1, c)
        for i0, i1, j0, j1, c in dp_align(a1 - a0, b1 - b0, cost, confident=confident)
    ]


def _blocks(
    pair: DocumentPair, source: Segmentation, target: Segmentation, model: CostModel
) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Blocks of sentences (source range, target range) that the sentence search works within."""
    n, m = len(source.sentences), len(target.sentences)
    if pair.paragraphs_aligned and len(pair.source.paragraphs) == len(pair.target.paragraphs):
        by_src: dict[int, list[int]] = {}
        by_tgt: dict[int, list[int]] = {}
        for s in source.sentences:
            by_src.setdefault(s.paragraph, []).append(s.index)
        for s in target.sentences:
            by_tgt.setdefault(s.paragraph, []).append(s.index)
        blocks = []
        i = j = 0
        for p in range(len(pair.source.paragraphs)):
            ni, nj = len(by_src.get(p, ())), len(by_tgt.get(p, ()))
            blocks.append(((i, i + ni), (j, j + nj)))
            i, j = i + ni, j + nj
        return blocks
    src_paras, tgt_paras = _paragraph_groups(source, target)
    np_, mp = len(src_paras), len(tgt_paras)
    if np_ < 2 or mp < 2 or max(np_, mp) > 2 * min(np_, mp):
        return [((0, n), (0, m))]  # paragraphs too unlike to pair: one block
    p_src = [model.group("s", a, b) for a, b in src_paras]
    p_tgt = [model.group("t", a, b) for a, b in tgt_paras]
    pmodel = CostModel(p_src, p_tgt, model.ratio)

    src_counts = [b - a for a, b in src_paras]
    tgt_counts = [b - a for a, b in tgt_paras]

    def pcost(i0: int, i1: int, j0: int, j1: int) -> float:
        # Scaled by sentence counts, like sentence links, so that leaving a
        # paragraph out costs what leaving its sentences out would.
        ns_sent = sum(src_counts[i0:i1])
        nt_sent = sum(tgt_counts[j0:j1])
        if i1 == i0 or j1 == j0:
            return PARAGRAPH_SKIP_COST + SKIP_COST * (ns_sent + nt_sent)
        prior = 0.0 if i1 - i0 == j1 - j0 == 1 else MERGE_PRIOR
        return pmodel.mismatch(i0, i1, j0, j1) * (ns_sent + nt_sent) / 2.0 + prior

    # Only confident 1-1 paragraph links are kept as fixed blocks; every other
    # stretch (a paragraph left out, paragraphs split or joined, a doubtful
    # pair) is merged with its neighbours into one block that the sentence
    # search handles, so a paragraph-level mistake cannot lose sentences.
    blocks: list[tuple[tuple[int, int], tuple[int, int]]] = []
    pending: list[int] | None = None  # [i0, i1, j0, j1] in paragraph indices
    def pconfident(i: int, j: int) -> bool:
        return pmodel.mismatch(i, i + 1, j, j + 1) <= PARAGRAPH_WALK_MAX

    path = dp_align(np_, mp, pcost, PARAGRAPH_KINDS, confident=pconfident)
    for i0, i1, j0, j1, _ in path:
        anchor = i1 - i0 == 1 and j1 - j0 == 1 and pmodel.mismatch(i0, i1, j0, j1) <= PARAGRAPH_ANCHOR_MAX
        if anchor:
            if pending is not None:
                blocks.append(_sentence_ranges(pending, src_paras, tgt_paras, n, m))
                pending = None
            blocks.append(_sentence_ranges([i0, i1, j0, j1], src_paras, tgt_paras, n, m))
        elif pending is None:
            pending = [i0, i1, j0, j1]
        else:
            pending[1], pending[3] = i1, j1
    if pending is not None:
        blocks.append(_sentence_ranges(pending, src_paras, tgt_paras, n, m))
    return blocks


def _sentence_ranges(
    span: list[int], src_paras: list[tuple[int, int]], tgt_paras: list[tuple[int, int]], n: int, m: int
) -> tuple[tuple[int, int], tuple[int, int]]:
    i0, i1, j0, j1 = span
    a = (src_paras[i0][0], src_paras[i1 - 1][1]) if i1 > i0 else ((src_paras[i0][0] if i0 < len(src_paras) else n),) * 2
    b = (tgt_paras[j0][0], tgt_paras[j1 - 1][1]) if j1 > j0 else ((tgt_paras[j0][0] if j0 < len(tgt_paras) else m),) * 2
    return a, b
