"""The on-disk score cache: hits, misses, invalidation, corruption, --no-cache, speed-up."""

from __future__ import annotations

import csv
import logging
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from helpers import make_alignment

from tqcheck.config import Config
from tqcheck.datatypes import ModelInfo, TokenScore
from tqcheck.scoring import Scorer
from tqcheck.scoring.cache import FILENAME, CachedBackend, ScoreCache, cache_dir

INFO = ModelInfo("double", "r1", "test", "mt")
NTREX = Path(__file__).resolve().parents[3] / "shared" / "data" / "ntrex" / "ntrex.fr-en.docs.tsv"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path / "cache"))


class CountingBackend:
    """Deterministic double that records how many inputs reached the 'model'."""

    max_length = 512

    def __init__(self, info: ModelInfo = INFO) -> None:
        self.info = info
        self.translated: list[str] = []
        self.scored: list[tuple[str, str]] = []

    def translate(self, sources):
        self.translated.extend(sources)
        return [s.upper() for s in sources]

    def score(self, sources, targets):
        self.scored.extend(zip(sources, targets, strict=True))
        return [tuple(TokenScore(f" {w}", -len(w) / 10) for w in t.split()) + (TokenScore("</s>", -0.5),) for t in targets]


def test_location_env_overrides_config(tmp_path, monkeypatch):
    assert cache_dir("/somewhere") == tmp_path / "cache"
    monkeypatch.delenv("TQCHECK_CACHE_DIR")
    assert cache_dir(str(tmp_path / "x")) == tmp_path / "x"
    assert ScoreCache.from_config(Config(cache=False)) is None
    assert ScoreCache.from_config(Config(cache_dir=str(tmp_path / "y"))).path == tmp_path / "y" / FILENAME


def test_hits_and_misses_only_send_missing_inputs_to_the_model(tmp_path):
    cache = ScoreCache(tmp_path / "c.sqlite")
    backend = CountingBackend()
    cached = CachedBackend(backend, cache)
    assert cached.translate(["a b", "c", "a b"]) == ["A B", "C", "A B"]
    assert backend.translated == ["a b", "c"]
    assert cached.translate(["c", "d"]) == ["C", "D"]
    assert backend.translated == ["a b", "c", "d"]
    first = cached.score(["x", "y"], ["one two", "three"])
    again = CachedBackend(CountingBackend(), ScoreCache(tmp_path / "c.sqlite")).score(["x", "y"], ["one two", "three"])
    assert again == first and [t.token for t in again[0]] == [" one", " two", "</s>"]
    assert len(backend.scored) == 2


def test_other_revision_or_backend_is_a_miss(tmp_path):
    path = tmp_path / "c.sqlite"
    CachedBackend(CountingBackend(), ScoreCache(path)).translate(["bonjour"])
    for info in (ModelInfo("double", "r2", "test", "mt"), ModelInfo("double", "r1", "ctranslate2", "mt")):
        other = CountingBackend(info)
        CachedBackend(other, ScoreCache(path)).translate(["bonjour"])
        assert other.translated == ["bonjour"]
    same = CountingBackend()
    CachedBackend(same, ScoreCache(path)).translate(["bonjour"])
    assert same.translated == []


def test_vectors_round_trip(tmp_path):
    cache = ScoreCache(tmp_path / "c.sqlite")
    v = np.arange(512, dtype=np.float32) / 512
    cache.put_vectors(INFO, {"texte": v})
    got = ScoreCache(tmp_path / "c.sqlite").get_vectors(INFO, ["texte", "absent"])
    assert list(got) == ["texte"] and np.array_equal(got["texte"], v)


def test_corrupt_file_is_recreated_with_a_warning(tmp_path, caplog):
    path = tmp_path / "c.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    cache = ScoreCache(path)
    with caplog.at_level(logging.WARNING, logger="tqcheck"):
        cache.put_json(INFO, "translate", {"a": "A"})
    assert "recreating" in caplog.text
    assert ScoreCache(path).get_json(INFO, "translate", ["a"]) == {"a": "A"}


def test_unusable_location_disables_cache_without_failing(tmp_path, caplog):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cache = ScoreCache(blocker / "sub" / "c.sqlite")  # parent is a file: cannot be created
    with caplog.at_level(logging.WARNING, logger="tqcheck"):
        assert cache.get_json(INFO, "translate", ["a"]) == {}
        cache.put_json(INFO, "translate", {"a": "A"})
    assert "disabled" in caplog.text


def test_wal_mode_and_two_writers(tmp_path):
    path = tmp_path / "c.sqlite"
    a, b = ScoreCache(path), ScoreCache(path)
    a.put_json(INFO, "translate", {"one": "ONE"})
    b.put_json(INFO, "translate", {"two": "TWO"})
    assert a.get_json(INFO, "translate", ["one", "two"]) == {"one": "ONE", "two": "TWO"}
    mode = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode.lower() == "wal"


def test_no_cache_config_bypasses_the_store(tmp_path):
    al = make_alignment([("Bonjour.", "Hello.")])
    backend = CountingBackend()
    Scorer(Config(cache=False, similarity=False), backend=backend).score(al, None)
    Scorer(Config(cache=False, similarity=False), backend=backend).score(al, None)
    assert backend.translated == ["Bonjour.", "Bonjour."]
    assert not (tmp_path / "cache").exists()


def _ntrex_rows(n: int) -> list[tuple[str, str]]:
    if not NTREX.is_file():
        pytest.skip("shared NTREX data missing")
    with NTREX.open(encoding="utf-8") as fh:
        rows = [(r["fr"], r["en"]) for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)]
    return rows[100 : 100 + n]


def _score(config: Config, al) -> tuple[Scorer, object]:
    scorer = Scorer(config)
    return scorer, scorer.score(al, scorer.embed(al.source, al.target))


# The speed-up itself is measured in bench/similarity_speed.py (make bench), never
# asserted here: these tests check that a re-run is served from the cache.


@pytest.mark.slow
def test_cached_rerun_with_encoder_does_not_encode_again(monkeypatch):
    al = make_alignment(_ntrex_rows(40))
    from tqcheck.encoder import Encoder

    _, first = _score(Config(threads=2), al)
    model = Encoder(threads=2).model
    calls = []
    original = model.encode
    monkeypatch.setattr(model, "encode", lambda texts: calls.append(texts) or original(texts))
    _, second = _score(Config(threads=2), al)
    assert calls == []
    assert first == second


@pytest.mark.slow
def test_cached_rerun_with_tiny_marian_never_loads_the_model(tiny_marian_dir):
    al = make_alignment(_ntrex_rows(4))
    config = Config(model=str(tiny_marian_dir), backend="transformers", similarity=False)
    _, first = _score(config, al)
    scorer, second = _score(config, al)
    assert first == second
    assert not scorer.backend.loaded, "a fully cached run must not load the weights"


def _writer(path: str, tag: str) -> None:
    cache = ScoreCache(path)
    for i in range(40):
        cache.put_json(INFO, "translate", {f"{tag}{i}": f"{tag.upper()}{i}"})
        assert cache.get_json(INFO, "translate", [f"{tag}{i}"]) == {f"{tag}{i}": f"{tag.upper()}{i}"}


def test_concurrent_processes_share_one_file(tmp_path):
    import multiprocessing

    path = str(tmp_path / "c.sqlite")
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(path, tag)) for tag in ("a", "b", "c")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0, 0]
    keys = [f"{t}{i}" for t in "abc" for i in range(40)]
    assert len(ScoreCache(path).get_json(INFO, "translate", keys)) == 120
