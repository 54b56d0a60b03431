"""CTranslate2 int8: conversion of the tiny Marian, same API, scores close to the float32 reference."""

from __future__ import annotations

import json
import math
import shutil

import pytest
from test_backends import LONG_EN, LONG_FR, SOURCES, TARGETS  # same pairs as the reference runtime

from tqcheck.errors import ModelError
from tqcheck.scoring.backends import Backend, ScoredTokens, load_backend
from tqcheck.scoring.backends.ctranslate2 import convert

# int8 weights vs float32: the tiny model was measured within ~0.1% per token;
# 0.5% leaves room for other CPUs' int8 kernels without hiding a wrong decoder start.
REL_TOLERANCE = 5e-3


def test_conversion_writes_a_loadable_folder_with_the_tokenizer(tiny_marian_ct2_dir):
    names = {p.name for p in tiny_marian_ct2_dir.iterdir()}
    assert {"model.bin", "config.json", "source.spm", "target.spm", "vocab.json", "tqcheck.json"} <= names
    meta = json.loads((tiny_marian_ct2_dir / "tqcheck.json").read_text(encoding="utf-8"))
    assert meta["quantization"] == "int8" and meta["max_length"] == 128


def test_ct2_backend_has_the_same_api(tiny_ct2_backend):
    assert isinstance(tiny_ct2_backend, Backend)
    assert tiny_ct2_backend.info.backend == "ctranslate2"
    assert tiny_ct2_backend.max_length == 128
    out = tiny_ct2_backend.translate(SOURCES)
    assert len(out) == len(SOURCES) and all(isinstance(t, str) for t in out)
    assert tiny_ct2_backend.translate(SOURCES) == out
    assert tiny_ct2_backend.translate([]) == [] and tiny_ct2_backend.score([], []) == []


def test_ct2_scores_match_transformers(tiny_backend, tiny_ct2_backend):
    reference = tiny_backend.score(SOURCES, TARGETS)
    fast = tiny_ct2_backend.score(SOURCES, TARGETS)
    worst = 0.0
    for ref, got in zip(reference, fast, strict=True):
        assert isinstance(got, ScoredTokens)
        assert [t.token for t in got] == [t.token for t in ref]  # same tokenisation, same </s> at the end
        for a, b in zip(ref, got, strict=True):
            assert math.isfinite(b.logprob) and b.logprob < 0
            worst = max(worst, abs(a.logprob - b.logprob) / abs(a.logprob))
    assert worst < REL_TOLERANCE, f"worst relative difference {worst:.2%}"


def test_ct2_batched_equals_one_by_one(tiny_ct2_backend):
    together = tiny_ct2_backend.score(SOURCES, TARGETS)
    for i, (source, target) in enumerate(zip(SOURCES, TARGETS, strict=True)):
        (alone,) = tiny_ct2_backend.score([source], [target])
        assert max(abs(a.logprob - b.logprob) for a, b in zip(alone, together[i], strict=True)) < 1e-4


def test_ct2_follows_the_same_length_policy(tiny_ct2_backend, tiny_backend):
    tiny_ct2_backend.drain_warnings()
    (split,) = tiny_ct2_backend.score([LONG_FR], [LONG_EN])
    (reference,) = tiny_backend.score([LONG_FR], [LONG_EN])
    assert split.split and len(split) == len(reference)
    (cut,) = tiny_ct2_backend.score([LONG_FR], [LONG_EN.replace(". ", ", ")])
    assert cut.truncated and len(cut) == tiny_ct2_backend.max_length - 1 and cut[-1].token != "</s>"
    assert len(tiny_ct2_backend.drain_warnings()) == 2


def test_auto_prefers_the_converted_folder(tiny_marian_dir, tmp_path):
    shutil.copytree(tiny_marian_dir, tmp_path / "opus-mt-fr-en")
    assert load_backend("opus-mt-fr-en", models_dir=tmp_path).info.backend == "transformers"
    convert(tmp_path / "opus-mt-fr-en", tmp_path / "opus-mt-fr-en-ct2-int8", revision="abc")
    auto = load_backend("opus-mt-fr-en", models_dir=tmp_path)
    assert auto.info.backend == "ctranslate2" and auto.info.name == "opus-mt-fr-en"
    forced = load_backend("opus-mt-fr-en", models_dir=tmp_path, backend="transformers", kind="mt-reverse")
    assert forced.info.backend == "transformers" and forced.info.kind == "mt-reverse"
    # a path to a transformers folder with a converted sibling: the folder named is used
    assert load_backend(str(tmp_path / "opus-mt-fr-en")).info.backend == "transformers"
    assert load_backend(str(tmp_path / "opus-mt-fr-en"), backend="ctranslate2").info.backend == "ctranslate2"


def test_conversion_errors_are_model_errors(tiny_marian_dir, tiny_marian_ct2_dir, tmp_path):
    with pytest.raises(ModelError, match="not a transformers model folder"):
        convert(tmp_path, tmp_path / "out")
    with pytest.raises(ModelError, match="already exists"):
        convert(tiny_marian_dir, tiny_marian_ct2_dir)
    broken = tmp_path / "broken-ct2-int8"
    shutil.copytree(tiny_marian_ct2_dir, broken)
    (broken / "model.bin").write_bytes(b"\0" * 64)
    with pytest.raises(ModelError, match="cannot load the CTranslate2 model"):
        load_backend(str(broken))


def test_ct2_translates_an_over_long_source_in_pieces(tiny_ct2_backend):
    tiny_ct2_backend.drain_warnings()
    (out,) = tiny_ct2_backend.translate([LONG_FR])
    assert out
    (warning,) = tiny_ct2_backend.drain_warnings()
    assert "split at sentence/clause boundaries" in warning
