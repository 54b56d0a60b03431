"""What keeps a long feed run in flat memory: a worker's encoder memo is bounded."""

from __future__ import annotations

import numpy as np

from tqcheck.encoder import Encoder


def test_encoder_memo_starts_afresh_past_its_limit(monkeypatch):
    monkeypatch.setattr("tqcheck.encoder.MEMO_LIMIT", 3)
    enc = Encoder(threads=1)
    first = enc.embed(["Bonjour.", "Merci.", "Au revoir.", "Salut."])
    assert len(enc._memo) == 4
    again = enc.embed(["Bonjour.", "Le chat dort."])
    assert len(enc._memo) == 2  # cleared before this call, then filled with its texts only
    assert np.allclose(again[0], first[0])


def test_trim_caches_empties_per_text_caches_and_keeps_model_caches():
    from tqcheck import nlp
    from tqcheck.runner import trim_caches

    nlp.english_lemma("running")
    assert nlp.english_lemma.cache_info().currsize > 0
    small = [f for f in vars(nlp).values() if hasattr(f, "cache_info") and (f.cache_info().maxsize or 0) < 1000]
    before = [f.cache_info().currsize for f in small]
    assert trim_caches() > 0
    assert nlp.english_lemma.cache_info().currsize == 0
    assert [f.cache_info().currsize for f in small] == before
    assert nlp.english_lemma("running") == "run"


def test_trim_caches_empties_the_aligners_word_memo_and_alignment_still_works():
    import importlib

    feats = importlib.import_module("tqcheck.aligning.features")  # the module (the package exports a function of that name)
    from tqcheck.runner import trim_caches

    feats.features("Le Conseil de sécurité de l'ONU se réunit à Genève.", "fr")
    assert sum(len(c) for c in feats._WORD_KEYS.values()) > 0
    trim_caches()
    assert sum(len(c) for c in feats._WORD_KEYS.values()) == 0
    again = feats.features("Le Conseil de sécurité de l'ONU se réunit à Genève.", "fr")
    assert again == feats.features("Le Conseil de sécurité de l'ONU se réunit à Genève.", "fr")
    assert sum(len(c) for c in feats._WORD_KEYS.values()) > 0  # the default memo still in use after the trim
