"""What keeps a long feed run in flat memory: a worker's encoder memo is bounded."""

from __future__ import annotations

import numpy as np

from tqcheck.encoder import Encoder


def test_encoder_memo_starts_afresh_past_its_limit(monkeypatch):
    monkeypatch.setattr("tqcheck.encoder.MEMO_LIMIT", 3)
    enc = Encoder(threads=1)
    first = enc.embed(["Bonjour.", "Merci.", "Au revoir.", "Salut."])
    assert len(enc._memo) == 0  # more new texts than the limit (a long document): none kept
    again = enc.embed(["Bonjour.", "Le chat dort.", "Bonjour."])
    assert list(enc._memo) == ["Bonjour.", "Le chat dort."]
    assert np.allclose(again[0], first[0]) and np.allclose(again[2], first[0])
    enc.embed(["Il pleut.", "Merci."])
    assert list(enc._memo) == ["Il pleut.", "Merci."]  # four would overflow: started afresh
    one = Encoder(threads=1).embed(["Merci."])
    assert np.allclose(enc.embed(["Merci."]), one, atol=1e-5)  # batches differ in the last float bits


def test_trim_caches_empties_per_text_caches_and_keeps_model_caches():
    from tqcheck import nlp
    from tqcheck.running.runner import trim_caches

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
    from tqcheck.running.runner import trim_caches

    feats.features("Le Conseil de sécurité de l'ONU se réunit à Genève.", "fr")
    assert sum(len(c) for c in feats._WORD_KEYS.values()) > 0
    trim_caches()
    assert sum(len(c) for c in feats._WORD_KEYS.values()) == 0
    again = feats.features("Le Conseil de sécurité de l'ONU se réunit à Genève.", "fr")
    assert again == feats.features("Le Conseil de sécurité de l'ONU se réunit à Genève.", "fr")
    assert sum(len(c) for c in feats._WORD_KEYS.values()) > 0  # the default memo still in use after the trim


def test_a_checked_document_is_freed_once_its_report_is_dropped():
    """No module-level cache may keep a finished document alive (a leak of every block of a feed).

    A WeakKeyDictionary whose value refers back to its key never lets the
    entry go: TQ201's per-document resolver did that with the analysis, and
    a 30,000-segment feed kept every block's sentences and tokens (+18 MB per
    1,000 segments). The document here has what makes the pronoun and lexicon
    rules build their per-document state: a thing resumed by «elle», a
    gendered English pronoun, a false-friend candidate.
    """
    import gc
    import weakref

    from tqcheck.api import check_texts
    from tqcheck.config import Config

    report = check_texts(
        "L'armée a annoncé le bilan. Elle a assisté à la réunion avec ses indicateurs.\n",
        "The army announced the results. She assisted the meeting with her indicators.\n",
        Config(similarity=False),
    )
    assert {f.code for f in report.findings} & {"TQ201", "TQ202"}  # the per-document state was built
    alive = weakref.ref(report.alignment)
    del report
    gc.collect()
    assert alive() is None
