"""The generic monotone alignment search: the cheapest path of links through two sequences.

Knows nothing of text: it sees two lengths ``n`` and ``m``, a cost function
of a link ``(i0, i1, j0, j1)`` (items ``i0:i1`` of one side with ``j0:j1``
of the other), the allowed link shapes, and optionally a predicate saying a
1-1 link is confident enough to take without search. The same search aligns
sentences inside a block and paragraphs of a whole document.

Three strategies, chosen by :func:`dp_align`:

* small problems get the full dynamic-programming table;
* large ones get a band around the diagonal that doubles while the best path
  runs along its edge, so memory is ``O((n + m) · band)``;
* with a ``confident`` predicate, a walk takes confident 1-1 links one by one
  and searches a small window only where it stalls (:func:`walk`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import NamedTuple

from tqcheck.aligning.params import SearchParams

KINDS: tuple[tuple[int, int], ...] = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2))

Cost = Callable[[int, int, int, int], float]
Confident = Callable[[int, int], bool]


class Step(NamedTuple):
    """One link of a path: items ``i0:i1`` of the first side with ``j0:j1`` of the second, and its cost."""

    i0: int
    i1: int
    j0: int
    j1: int
    cost: float

    def shifted(self, di: int, dj: int) -> Step:
        """The same link in a larger frame whose first items are ``di`` and ``dj`` earlier."""
        return Step(self.i0 + di, self.i1 + di, self.j0 + dj, self.j1 + dj, self.cost)

    @property
    def is_null(self) -> bool:
        """An item of one side linked to nothing (1-0 or 0-1)."""
        return self.i0 == self.i1 or self.j0 == self.j1

    @property
    def is_one_one(self) -> bool:
        return self.i1 - self.i0 == 1 and self.j1 - self.j0 == 1


def offset(cost: Cost, di: int, dj: int) -> Cost:
    """``cost`` seen from a sub-problem that starts at items ``di`` and ``dj``.

    An offset of an offset calls the original cost directly (one call per
    evaluation, however deep the sub-problems nest).
    """
    base: Cost | None = getattr(cost, "offset_of", None)
    if base is not None:
        di, dj = di + cost.offset_by[0], dj + cost.offset_by[1]  # type: ignore[attr-defined]
        cost = base

    def local(i0: int, i1: int, j0: int, j1: int) -> float:
        return cost(i0 + di, i1 + di, j0 + dj, j1 + dj)

    local.offset_of = cost  # type: ignore[attr-defined]
    local.offset_by = (di, dj)  # type: ignore[attr-defined]
    return local


def dp_align(
    n: int,
    m: int,
    cost: Cost,
    kinds: Sequence[tuple[int, int]] = KINDS,
    search: SearchParams = SearchParams(),  # noqa: B008 - frozen, shared on purpose
    confident: Confident | None = None,
) -> list[Step]:
    """Cheapest path of links from (0, 0) to (n, m), searched in a band around the diagonal.

    Small blocks get the full table. For large ones the band (``search.band``
    items either side of the diagonal, plus the length difference) is
    doubled while the best path runs along its edge, so a long added or
    omitted passage is still found; memory is ``O((n + m) · band)``.
    """
    if n == 0 or m == 0:
        return [Step(i, i + 1, 0, 0, cost(i, i + 1, 0, 0)) for i in range(n)] + [
            Step(0, 0, j, j + 1, cost(0, 0, j, j + 1)) for j in range(m)
        ]
    if confident is not None:
        return walk(n, m, cost, kinds, search, confident)
    if (n + 1) * (m + 1) <= search.full_table_cells:
        return table(n, m, cost, kinds, None)[0]
    width = search.band
    while True:
        path, touched = table(n, m, cost, kinds, width)
        if not touched or width >= max(n, m):
            return path
        width *= 2


def _step_back(
    path: list[Step], walked: list[int], limit: int, at: tuple[int, int] | None = None
) -> tuple[int, int] | None:
    """Undo up to ``limit`` links that the walk took last (ending at ``at``, when given).

    Returns the position the walk is back at, or None when nothing was undone.
    """
    back = None
    while walked and limit > 0 and walked[-1] == len(path) - 1:
        last = path[-1]
        if at is not None and (last.i1, last.j1) != at:
            break
        at = (last.i0, last.j0) if at is not None else None
        path.pop()
        walked.pop()
        back = (last.i0, last.j0)
        limit -= 1
    return back


def walk(
    n: int,
    m: int,
    cost: Cost,
    kinds: Sequence[tuple[int, int]],
    search: SearchParams,
    confident: Confident,
) -> list[Step]:
    """Walk the diagonal while 1-1 links are confident; search a small window where they are not.

    Most of a real translation is confident 1-1 links, so this costs one cost
    evaluation per item there. Where the walk stalls, a window is searched
    and its path kept up to the last point where two confident 1-1 links in a
    row show the two sides are back in step; the window doubles when no such
    point is found, and the remainder gets the banded search past
    ``search.window_max``.
    """
    path: list[Step] = []
    walked: list[int] = []  # positions in path of links taken by the walk, not a search
    i = j = 0
    while i < n and j < m:
        if confident(i, j):
            walked.append(len(path))
            path.append(Step(i, i + 1, j, j + 1, cost(i, i + 1, j, j + 1)))
            i, j = i + 1, j + 1
            continue
        # Step back over the last walked links: the stall may come from a
        # merge that the walk took for a 1-1 link.
        i, j = _step_back(path, walked, search.step_back, (i, j)) or (i, j)
        local = offset(cost, i, j)

        def local_confident(a: int, b: int, i: int = i, j: int = j) -> bool:
            return confident(i + a, j + b)

        w = search.window_start
        while True:
            i1, j1 = min(n, i + w), min(m, j + w)
            at_end = i1 == n and j1 == m
            if w > search.window_max and not at_end:
                i1, j1, at_end = n, m, True
            if at_end:
                path += [s.shifted(i, j) for s in dp_align(n - i, m - j, local, kinds, search)]
                return path
            sub = table(i1 - i, j1 - j, local, kinds, None)[0]
            keep = _resync(sub, local_confident)
            if keep:
                path += [s.shifted(i, j) for s in sub[:keep]]
                i, j = i + sub[keep - 1].i1, j + sub[keep - 1].j1
                break
            w *= 2
    if i < n or j < m:
        # One side ran out first: the last walked links may belong in a merge
        # with what is left (a final 2-1 that the walk took for a 1-1 link),
        # so step back over them and search the tail.
        i, j = _step_back(path, walked, search.step_back) or (i, j)
        path += [s.shifted(i, j) for s in dp_align(n - i, m - j, offset(cost, i, j), kinds, search)]
    return path


def _resync(sub: list[Step], confident: Confident) -> int:
    """How many steps of a window path to keep: up to the first of two confident 1-1 links in a row."""
    for k in range(1, len(sub) - 2):
        if all(s.is_one_one and confident(s.i0, s.j0) for s in (sub[k], sub[k + 1])):
            return k
    return 0


def _band(n: int, m: int, width: int | None) -> tuple[list[int], list[int]]:
    """Per row ``i``, the lowest and highest column searched (the whole row without a width)."""
    if width is None:
        return [0] * (n + 1), [m] * (n + 1)
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
    return lo, hi


def table(
    n: int, m: int, cost: Cost, kinds: Sequence[tuple[int, int]], width: int | None
) -> tuple[list[Step], bool]:
    """The dynamic programme over a band of ``width`` (the full table for None).

    Returns the cheapest path and whether it came within two cells of the
    band's edge (then the caller widens the band and searches again).
    """
    inf = math.inf
    lo, hi = _band(n, m, width)
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
        path.append(Step(i - di, i, j - dj, j, step_cost))
        i, j = i - di, j - dj
    path.reverse()
    return path, touched
