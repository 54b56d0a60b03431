"""PEER, written for the bench: a vecalign-style aligner (not vecalign's code).

What a user who aligns with vecalign (Thompson & Koehn, 2019) on tqcheck's
encoder would run, written here from the paper because vecalign is not on
PyPI: every run of 1..``OVERLAPS`` consecutive sentences of each side is
embedded (the "overlaps" file), the cost of aligning an x-sentence block with
a y-sentence block is ``(1 - cos) * x * y`` divided by the block's mean
distance to random sentences of the other side (so a block is judged against
how similar anything looks), deletions cost the ``DEL_PERCENTILE`` percentile
of the 1-1 costs of random pairs, and the dynamic programme is solved coarse-to-fine: on
vectors averaged over 2**k sentences first, then at each finer level only
within ``SEARCH_BUFFER`` cells of the coarser path (so time stays linear).

It only aligns: no checks, no scores. It is here to be timed against
tqcheck in the same run (``bench/run.py``), with the same encoder
(``tqcheck.encoder.Encoder``) and the same segmentation, which are not timed.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np

OVERLAPS = 4  # vecalign's --num_overlaps default
MAX_SIZE = 4  # --alignment_max_size: x + y <= 4
DEL_PERCENTILE = 20  # --del_percentile_frac 0.2
SEARCH_BUFFER = 5  # --search_buffer_size
RANDOM_SAMPLES = 20
COARSE_CELLS = 250_000  # solve densely once the coarsest grid is this small


def alignment_types(max_size: int = MAX_SIZE) -> list[tuple[int, int]]:
    kinds = [(1, 0), (0, 1)]
    kinds += [(x, y) for x in range(1, max_size) for y in range(1, max_size) if x + y <= max_size]
    return kinds


def overlap_texts(sentences: Sequence[str], overlaps: int = OVERLAPS) -> list[list[str]]:
    """``layer[k][i]`` = sentences i..i+k joined (shorter at the end), k = 0..overlaps-1."""
    n = len(sentences)
    return [[" ".join(sentences[i : min(n, i + k + 1)]) for i in range(n)] for k in range(overlaps)]


def embed_overlaps(encoder, sentences: Sequence[str]) -> np.ndarray:
    """(overlaps, n, dim) unit vectors of every overlap."""
    layers = overlap_texts(sentences)
    flat = [t for layer in layers for t in layer]
    vectors = encoder.embed(flat)
    return vectors.reshape(len(layers), len(sentences), -1)


def _norms(vecs: np.ndarray, other: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Mean cosine distance of each overlap vector to random single sentences of the other side."""
    idx = rng.integers(0, len(other), size=min(RANDOM_SAMPLES, len(other)))
    sample = other[idx]  # (S, dim)
    return (1.0 - np.einsum("kid,sd->kis", vecs, sample)).mean(axis=-1)  # (overlaps, n)


def _downsample(v: np.ndarray, factor: int) -> np.ndarray:
    n = v.shape[0]
    m = (n + factor - 1) // factor
    pad = m * factor - n
    padded = np.concatenate([v, np.repeat(v[-1:], pad, axis=0)]) if pad else v
    out = padded.reshape(m, factor, -1).mean(axis=1)
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def _dp(
    src: np.ndarray,
    tgt: np.ndarray,
    nsrc: np.ndarray,
    ntgt: np.ndarray,
    bands: list[tuple[int, int]],
    kinds: list[tuple[int, int]],
    del_cost: float,
) -> list[tuple[int, int, int, int]]:
    """Banded DP over rows i = 0..n (sources consumed), columns j in ``bands[i]`` (targets consumed).

    ``src[k, i]`` is the vector of source sentences i..i+k; likewise ``tgt``;
    ``nsrc``/``ntgt`` their normalisers. Returns beads (i0, i1, j0, j1).
    """
    n, m = src.shape[1], tgt.shape[1]
    inf = np.inf
    cost = [np.full(hi - lo + 1, inf) for lo, hi in bands]
    back = [np.full(hi - lo + 1, -1, dtype=np.int8) for lo, hi in bands]
    cost[0][0 - bands[0][0]] = 0.0 if bands[0][0] == 0 else inf
    for i in range(n + 1):
        lo, hi = bands[i]
        row = cost[i]
        js = np.arange(lo, hi + 1)
        for t, (x, y) in enumerate(kinds):
            pi = i - x
            if pi < 0 or x == 0:  # (0, y): within this row, after the others (below)
                continue
            plo, phi = bands[pi]
            pj = js - y
            ok = (pj >= plo) & (pj <= phi) & (pj >= 0)
            if x > 0 and y > 0:
                ok &= pj + y <= m
            if not ok.any():
                continue
            prev = np.full(len(js), inf)
            prev[ok] = cost[pi][pj[ok] - plo]
            if x == 0 or y == 0:
                step = np.full(len(js), del_cost)
            else:
                cand = pj[ok]
                sims = tgt[y - 1, cand] @ src[x - 1, pi]
                step = np.full(len(js), inf)
                step[ok] = (1.0 - sims) * x * y / (nsrc[x - 1, pi] + ntgt[y - 1, cand])
            total = prev + step
            better = total < row
            row[better] = total[better]
            back[i][better] = t
        if (0, 1) in kinds:  # runs of insertions along the row: cost[j] = min_k cost[k] + (j - k) * del_cost
            idx = np.arange(len(row))
            chained = np.minimum.accumulate(row - del_cost * idx) + del_cost * idx
            better = chained < row - 1e-9
            row[better] = chained[better]
            back[i][better] = kinds.index((0, 1))
    beads = []
    i, j = n, m
    while i > 0 or j > 0:
        lo = bands[i][0]
        t = int(back[i][j - lo])
        if t < 0:
            raise RuntimeError("vecalign-style DP: no path (band too narrow)")
        x, y = kinds[t]
        beads.append((i - x, i, j - y, j))
        i, j = i - x, j - y
    return beads[::-1]


def _band_from_path(
    beads: list[tuple[int, int, int, int]], factor: int, n: int, m: int
) -> list[tuple[int, int]]:
    """Rows 0..n of the finer grid: the coarse path scaled up, widened by SEARCH_BUFFER.

    The band is made monotone (its lower edge never falls, its upper edge never
    rises, going up the rows) and each row overlaps the previous one, so every
    cell of it can be reached from (0, 0) and reach (n, m).
    """
    lo = [m] * (n + 1)
    hi = [0] * (n + 1)
    points = [(0, 0)] + [(b[1], b[3]) for b in beads]
    for (i0, j0), (i1, j1) in zip(points, points[1:], strict=False):
        for i in range(min(n, i0 * factor), min(n, i1 * factor) + 1):
            lo[i] = min(lo[i], min(m, j0 * factor))
            hi[i] = max(hi[i], min(m, j1 * factor))
    lo = [max(0, x - SEARCH_BUFFER) for x in lo]
    hi = [min(m, x + SEARCH_BUFFER) for x in hi]
    lo[0], hi[n] = 0, m
    for i in range(n - 1, -1, -1):  # lower edge: suffix minimum
        lo[i] = min(lo[i], lo[i + 1])
    for i in range(1, n + 1):  # upper edge: prefix maximum; rows overlap
        hi[i] = max(hi[i], hi[i - 1])
        lo[i] = min(lo[i], hi[i - 1])
    return [(lo[i], max(lo[i], hi[i])) for i in range(n + 1)]


def align(src: np.ndarray, tgt: np.ndarray, seed: int = 0) -> list[tuple[int, int, int, int]]:
    """Beads for (overlaps, n, dim) and (overlaps, m, dim) overlap vectors, coarse to fine."""
    rng = np.random.default_rng(seed)
    n, m = src.shape[1], tgt.shape[1]
    kinds = alignment_types()
    nsrc, ntgt = _norms(src, tgt[0], rng), _norms(tgt, src[0], rng)
    # as vecalign: the deletion penalty is a percentile of the 1-1 costs of arbitrary pairs
    a, b = rng.integers(0, n, size=2000), rng.integers(0, m, size=2000)
    one_one = (1.0 - np.einsum("id,id->i", src[0, a], tgt[0, b])) / (nsrc[0, a] + ntgt[0, b])
    del_cost = float(np.percentile(one_one, DEL_PERCENTILE))
    factors = [1]
    while (n // factors[-1]) * (m // factors[-1]) > COARSE_CELLS:
        factors.append(factors[-1] * 2)
    beads: list[tuple[int, int, int, int]] | None = None
    for f in reversed(factors):
        if f == 1:
            s, t, ns, nt, k = src, tgt, nsrc, ntgt, kinds
        else:  # coarse levels: single-sentence vectors averaged over f sentences, 1-1/1-2/2-1 and gaps
            s, t = _downsample(src[0], f)[None], _downsample(tgt[0], f)[None]
            ns, nt = _norms(s, t[0], rng), _norms(t, s[0], rng)
            k = [(1, 0), (0, 1), (1, 1)]
        rows, cols = s.shape[1], t.shape[1]
        bands = [(0, cols)] * (rows + 1) if beads is None else _band_from_path(beads, 2, rows, cols)
        beads = _dp(s, t, ns, nt, bands, k, del_cost)
    assert beads is not None
    return beads


def run(encoder, source_sentences: Sequence[str], target_sentences: Sequence[str]) -> dict:
    """Embed the overlaps and align; seconds for each (the encoder is loaded beforehand)."""
    start, cpu = time.perf_counter(), time.process_time()
    src = embed_overlaps(encoder, source_sentences)
    tgt = embed_overlaps(encoder, target_sentences)
    embedded = time.perf_counter()
    beads = align(src, tgt)
    done, cpu = time.perf_counter(), time.process_time() - cpu
    return {
        "cpu_seconds": round(cpu, 3),
        "embed_seconds": round(embedded - start, 3),
        "dp_seconds": round(done - embedded, 3),
        "seconds": round(done - start, 3),
        "beads": len(beads),
        "overlap_texts": int(src.shape[0] * src.shape[1] + tgt.shape[0] * tgt.shape[1]),
    }
