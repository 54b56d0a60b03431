"""A long document's rules run in bounded blocks: same findings, per-block state dropped, caches bounded.

Why: the engine used to run each rule over the whole document before the
next, so every sentence's parse and every memo cache entry had to stay until
the last rule ran, and one long document's memory grew with its length.
These tests pin the three things that make the block order safe and useful.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from tqcheck.aligning import align
from tqcheck.config import Config
from tqcheck.datatypes import LanguagePair, Scores
from tqcheck.memo import MODEL_CACHE_MAX, text_caches, trim_text_caches
from tqcheck.nlp import Analysis
from tqcheck.reading import pair_from_texts
from tqcheck.rules import engine
from tqcheck.rules.engine import run_rules
from tqcheck.segmenting import segment

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
LONG = ("mt-loi-logement", "mt-escroquerie-lyon", "kidal", "mt-ue-niger")


@pytest.fixture(scope="module")
def long_alignment():
    """Several corpus documents (machine translations with real mistakes) as one document of many links."""
    fr = "\n".join((CORPORA / name / "source.fr.txt").read_text(encoding="utf-8").strip() for name in LONG)
    en = "\n".join((CORPORA / name / "translation.en.txt").read_text(encoding="utf-8").strip() for name in LONG)
    pair = pair_from_texts(fr + "\n", en + "\n", LanguagePair("fr", "en"))
    return align(pair, segment(pair.source), segment(pair.target))


def _findings(alignment, block_links: int, config: Config):
    scores = Scores.empty(len(alignment.links))
    return run_rules(alignment, scores, config, Analysis(alignment), block_links=block_links)


@pytest.mark.parametrize("block_links", [1, 7])
def test_rules_in_small_blocks_find_what_one_block_finds(long_alignment, block_links):
    config = Config(similarity=False)  # every rule that needs no scores, the parser's TQ2xx included
    whole = _findings(long_alignment, len(long_alignment.links) + 1, config)
    assert len(long_alignment.links) > 40 and whole  # a document long enough to be cut, with mistakes
    assert _findings(long_alignment, block_links, config) == whole


def test_sentences_before_a_block_are_forgotten_after_it(long_alignment, monkeypatch):
    monkeypatch.setattr(engine, "KEEP_BEHIND", 0)
    analysis = Analysis(long_alignment)
    config = Config(similarity=False, select=("TQ202", "TQ203"))  # rules that ask for each link's parse
    run_rules(long_alignment, Scores.empty(len(long_alignment.links)), config, analysis, block_links=10)
    last_block = long_alignment.links[(len(long_alignment.links) - 1) // 10 * 10]
    kept = {i for side, i in analysis._parsed if side == "source"}
    assert kept, "the rules parsed the last block's sentences"
    assert min(kept) >= min(last_block.source)  # nothing of the earlier blocks is still held


def test_forget_before_drops_one_sides_earlier_sentences_only(long_alignment):
    analysis = Analysis(long_alignment)
    for i in range(4):
        analysis.light("source", i)
        analysis.light("target", i)
    assert analysis.forget_before("source", 2) == 2
    assert sorted(analysis._light) == [("source", 2), ("source", 3)] + [("target", i) for i in range(4)]
    assert analysis.light("source", 0)  # asked again, analysed again


@lru_cache(maxsize=MODEL_CACHE_MAX * 10)
def _per_text(text: str) -> str:
    return text.upper()


@lru_cache(maxsize=4)
def _model(name: str) -> str:
    return name


def test_only_the_caches_above_the_limit_are_emptied(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "tqcheck._test_memo", sys.modules[__name__])
    caches = text_caches()
    assert _per_text in caches and _model not in caches  # a model cache is never a per-text cache
    _per_text.cache_clear()
    for i in range(5):
        _per_text(f"mot {i}")
    _model("fr")
    trim_text_caches(above=5, caches=caches)
    assert _per_text.cache_info().currsize == 5  # within the limit: kept
    trim_text_caches(above=4, caches=caches)
    assert _per_text.cache_info().currsize == 0
    assert _model.cache_info().currsize == 1


def test_engine_trims_caches_between_blocks(long_alignment, monkeypatch):
    sizes: list[int] = []
    calls: list[int] = []
    real = engine._after_block

    def watch(alignment, analysis, next_link):
        real(alignment, analysis, next_link)
        calls.append(next_link)
        sizes.append(max(c.cache_info().currsize for c in text_caches()))

    monkeypatch.setattr(engine, "CACHE_TRIM_ENTRIES", 50)
    monkeypatch.setattr(engine, "_after_block", watch)
    _findings(long_alignment, 20, Config(similarity=False, ignore=("TQ2",)))
    assert calls == list(range(20, len(long_alignment.links), 20))
    assert max(sizes) <= 50  # every per-text cache is within the limit after each block


def test_pronoun_chains_parsed_block_by_block_find_the_same(long_alignment, monkeypatch):
    from tqcheck.rules.meaning import pronoun_gender_calque

    config = Config(similarity=False, select=("TQ201",))
    whole = _findings(long_alignment, len(long_alignment.links) + 1, config)
    assert whole  # the corpus has pronoun calques
    monkeypatch.setattr(pronoun_gender_calque, "PREPARE_LINKS", 5)
    assert _findings(long_alignment, 5, config) == whole


def test_a_whole_documents_folded_tokens_survive_the_trims_between_blocks():
    from tqcheck.lang import names

    document = "Le Conseil de sécurité de l'ONU se réunit à Genève lundi. " * 60
    assert len(document) > names.DOCUMENT_CHARS
    tokens, spaced = names._folded_tokens(document, False), names._spaced(document)
    trim_text_caches()  # what the engine does between blocks, and more
    assert names._folded_tokens(document, False) is tokens  # not folded again for the next block
    assert names._spaced(document) is spaced
    assert "geneve" in tokens and " conseil de securite " in spaced
