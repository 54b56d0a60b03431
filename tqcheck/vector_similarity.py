"""Cosines of sentence vectors: of one pair, of merged sentences, of a link and its neighbours.

Kept apart from :mod:`tqcheck.encoder` (which makes the vectors) so that
each module holds one thing; :mod:`tqcheck.encoder` re-exports these names
for its callers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from tqcheck.datatypes import Link


def normalise(matrix: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero)."""
    norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1.0)


def group_vector(matrix: np.ndarray, indices: Iterable[int]) -> np.ndarray | None:
    """The vector of merged sentences: the normalised sum of their rows (``None`` if empty)."""
    idx = list(indices)
    if not idx:
        return None
    v = np.asarray(matrix[idx], dtype=np.float32).sum(axis=0)
    n = float(np.linalg.norm(v))
    return v / n if n > 0 else v


def similarity(a: np.ndarray | None, b: np.ndarray | None) -> float | None:
    """Cosine of two vectors, ``None`` when either side is missing."""
    if a is None or b is None:
        return None
    na, nb = float(np.linalg.norm(a)), float(np.linalg.norm(b))
    if na == 0 or nb == 0:
        return 0.0
    return float(np.clip(np.dot(a, b) / (na * nb), -1.0, 1.0))


#: Links either side of a link whose sentences count as its rivals (a shifted or swapped line lands nearby).
RIVAL_WINDOW = 3


def rival_similarities(source: np.ndarray, target: np.ndarray, links: Sequence[Link]) -> list[float | None]:
    """Per link, the best cosine of its source with a nearby link's target or of a nearby source with its target.

    Why: a low cosine alone cannot tell a loose but faithful rendering from a
    replaced sentence. A faithful one still matches its own source better than
    its neighbours' sentences do; a sentence from elsewhere (or a shifted line)
    does not. ``None`` for links with an empty side or no neighbour to compare.
    """
    return link_similarities(source, target, links)[1]


def link_similarities(
    source: np.ndarray, target: np.ndarray, links: Sequence[Link]
) -> tuple[list[float | None], list[float | None]]:
    """Per link, its own cosine (:func:`similarity` of its group vectors) and its rival's (:func:`rival_similarities`).

    Each link's group vectors and their norms are computed once, not once per
    comparison: a link is compared with up to twelve neighbours, and the norms
    and clipping of :func:`similarity` on 512-float vectors cost many times
    the dot product (~1 CPU-s of 5,000 pairs). The arithmetic is
    :func:`similarity`'s, so the values are the same to the bit.
    """
    src = [group_vector(source, link.source) for link in links]
    tgt = [group_vector(target, link.target) for link in links]
    src_norm = [None if v is None else float(np.linalg.norm(v)) for v in src]
    tgt_norm = [None if v is None else float(np.linalg.norm(v)) for v in tgt]
    own = [_cosine(src[k], src_norm[k], tgt[k], tgt_norm[k]) for k in range(len(links))]
    rivals: list[float | None] = []
    for k in range(len(links)):
        if src[k] is None or tgt[k] is None:
            rivals.append(None)
            continue
        best: float | None = None
        for h in range(max(0, k - RIVAL_WINDOW), min(len(links), k + RIVAL_WINDOW + 1)):
            if h == k:
                continue
            for sim in (
                _cosine(src[k], src_norm[k], tgt[h], tgt_norm[h]),
                _cosine(src[h], src_norm[h], tgt[k], tgt_norm[k]),
            ):
                if sim is not None and (best is None or sim > best):
                    best = sim
        rivals.append(best)
    return own, rivals


def _cosine(a: np.ndarray | None, na: float | None, b: np.ndarray | None, nb: float | None) -> float | None:
    """:func:`similarity` of ``a`` and ``b`` given their norms ``na`` and ``nb`` (the same operations, in order)."""
    if a is None or b is None or na is None or nb is None:
        return None
    if na == 0 or nb == 0:
        return 0.0
    x = float(np.dot(a, b) / (na * nb))  # float32 / float: float32, as in similarity
    return -1.0 if x < -1.0 else 1.0 if x > 1.0 else x
