"""UnitRows: the aligner's unit vectors scaled a chunk at a time are the whole matrix's, to the bit."""

from __future__ import annotations

import numpy as np

from tqcheck.aligning.costs import UnitRows, _unit_rows


def _matrix(n: int) -> np.ndarray:
    rng = np.random.default_rng(13)
    m = rng.standard_normal((n, 16)).astype(np.float32)
    m[5] = 0.0  # a zero row stays zero
    return m


def test_rows_and_slices_equal_the_whole_scaled_matrix_bit_for_bit(monkeypatch):
    monkeypatch.setattr(UnitRows, "CHUNK", 8)
    monkeypatch.setattr(UnitRows, "KEEP", 2)
    m = _matrix(61)
    whole, lazy = _unit_rows(m), UnitRows(m)
    assert len(lazy) == 61
    for k in [*range(61), 3, 60, 0, 33, -1]:  # back and forth, so chunks are dropped and scaled again
        assert np.array_equal(lazy[k], whole[k])
    for a, b in [(0, 2), (6, 10), (7, 9), (3, 30), (59, 61), (4, 4)]:
        assert np.array_equal(lazy[a:b], whole[a:b])
        assert np.array_equal(lazy[a:b].sum(axis=0), whole[a:b].sum(axis=0))


def test_only_the_last_read_chunks_are_kept(monkeypatch):
    monkeypatch.setattr(UnitRows, "CHUNK", 8)
    monkeypatch.setattr(UnitRows, "KEEP", 2)
    lazy = UnitRows(_matrix(61))
    for k in (0, 9, 17, 1, 30):
        lazy[k]
    assert list(lazy._chunks) == [0, 3]  # 0 was read again after 1 and 2, so 1 and 2 went first
