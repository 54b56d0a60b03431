"""The transformers backend on a tiny random Marian: shapes, arithmetic, batching, limits, errors."""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import sys

import pytest

from tqcheck.datatypes import TokenScore
from tqcheck.errors import ModelError
from tqcheck.scoring.backends import (
    Backend,
    ScoredTokens,
    default_threads,
    load_backend,
    pack,
    resolve_model,
    sentences_of,
)

SOURCES = [
    "L'armée affirme avoir détruit un véhicule.",
    "Le gouvernement a annoncé de nouvelles mesures pour les hôpitaux du pays.",
    "Merci.",
    "Les élus gallois sont consternés par une proposition visant à remplacer leur titre.",
    "Il pleut.",
]
TARGETS = [
    "The army says it destroyed a vehicle.",
    "The government announced new measures for the country's hospitals.",
    "Thank you.",
    "Welsh members are dismayed by a proposal to change their title.",
    "It is raining.",
]


def test_loaded_backend_follows_the_protocol(tiny_backend):
    assert isinstance(tiny_backend, Backend)
    assert tiny_backend.info.backend == "transformers"
    assert tiny_backend.info.kind == "mt"
    assert tiny_backend.info.name == "tiny-marian"
    assert tiny_backend.info.revision.startswith("local-")
    assert tiny_backend.max_length == 128


def test_score_gives_one_finite_negative_logprob_per_target_piece_and_eos(tiny_backend):
    results = tiny_backend.score(SOURCES, TARGETS)
    assert len(results) == len(TARGETS)
    for target, tokens, ids in zip(TARGETS, results, tiny_backend.target_ids(TARGETS), strict=True):
        assert isinstance(tokens, ScoredTokens) and not tokens.truncated and not tokens.split
        assert all(isinstance(t, TokenScore) for t in tokens)
        assert len(tokens) == len(ids)
        assert tokens[-1].token == "</s>"
        assert all(math.isfinite(t.logprob) and t.logprob < 0 for t in tokens)
        # '▁' became a space: the pieces spell the target again (up to unknown characters)
        spelled = "".join(t.token for t in tokens[:-1])
        if "<unk>" not in spelled:
            assert spelled.strip() == target


def test_forced_decoding_matches_the_model_loss(tiny_backend):
    """Shifted decoder inputs done by hand must give the same numbers as transformers' own labels path."""
    import torch

    model, tokenizer = tiny_backend.model, tiny_backend.tokenizer
    for source, target in zip(SOURCES[:3], TARGETS[:3], strict=True):
        batch = tokenizer([source], text_target=[target], return_tensors="pt")
        with torch.inference_mode():
            loss = model(**batch).loss.item()  # mean negative log-likelihood of the labels
        tokens = tiny_backend.score([source], [target])[0]
        assert -sum(t.logprob for t in tokens) / len(tokens) == pytest.approx(loss, rel=1e-5)


def test_scores_are_deterministic_and_batching_does_not_change_them(tiny_backend):
    first = tiny_backend.score(SOURCES, TARGETS)
    again = tiny_backend.score(SOURCES, TARGETS)
    assert first == again
    for i, (source, target) in enumerate(zip(SOURCES, TARGETS, strict=True)):
        alone = tiny_backend.score([source], [target])[0]
        assert [t.token for t in alone] == [t.token for t in first[i]]
        assert max(abs(a.logprob - b.logprob) for a, b in zip(alone, first[i], strict=True)) < 1e-4


def test_order_is_restored_after_length_sorting(tiny_backend):
    # batch_size is 4 and lengths differ, so the five pairs are reordered internally
    forward = tiny_backend.score(SOURCES, TARGETS)
    backward = tiny_backend.score(SOURCES[::-1], TARGETS[::-1])
    for a, b in zip(forward, backward[::-1], strict=True):
        assert [t.token for t in a] == [t.token for t in b]
        assert max(abs(x.logprob - y.logprob) for x, y in zip(a, b, strict=True)) < 1e-4
    assert tiny_backend.translate(SOURCES) == tiny_backend.translate(SOURCES[::-1])[::-1]


def test_translate_is_deterministic(tiny_backend):
    out = tiny_backend.translate(SOURCES)
    assert len(out) == len(SOURCES) and all(isinstance(t, str) and t for t in out)
    assert tiny_backend.translate(SOURCES) == out


def test_greedy_translation_does_not_depend_on_batch_company(tiny_marian_dir):
    """A random model never stops by itself; each output is still held to its own limit.

    (Beam search is not prefix-consistent, so a run-on output cut at its limit
    may differ with batch company under beam search; real outputs end with </s>.)
    """
    greedy = load_backend(str(tiny_marian_dir), backend="transformers", beam_size=1, batch_size=4, threads=1)
    out = greedy.translate(SOURCES)
    assert [greedy.translate([s])[0] for s in SOURCES] == out


def test_empty_inputs(tiny_backend):
    assert tiny_backend.translate([]) == []
    assert tiny_backend.score([], []) == []
    assert tiny_backend.translate(["", "   "]) == ["", ""]
    (only_eos,) = tiny_backend.score([SOURCES[0]], [""])
    assert [t.token for t in only_eos] == ["</s>"]
    with pytest.raises(ValueError):
        tiny_backend.score(SOURCES[:2], TARGETS[:1])


LONG_FR = " ".join(
    [
        "L'armée malienne a indiqué qu'elle poursuivait sa progression vers le nord, avec prudence.",
        "Les habitants de la région attendent des nouvelles de leurs proches depuis plusieurs jours.",
        "Le gouvernement a promis une aide rapide aux familles déplacées par les combats.",
    ]
    * 3
)
LONG_EN = " ".join(
    [
        "The Malian army said it was continuing its advance to the north, with caution.",
        "People in the region have been waiting for news of their relatives for several days.",
        "The government promised quick help to families displaced by the fighting.",
    ]
    * 3
)


def test_over_long_translation_is_split_not_cut(tiny_backend):
    assert len(tiny_backend.source_ids([LONG_FR])[0]) > tiny_backend.max_length
    tiny_backend.drain_warnings()
    (out,) = tiny_backend.translate([LONG_FR])
    assert out
    (warning,) = tiny_backend.drain_warnings()
    assert "source #0" in warning and "split at sentence/clause boundaries" in warning


def test_over_long_pair_is_scored_sentence_by_sentence(tiny_backend):
    tiny_backend.drain_warnings()
    (tokens,) = tiny_backend.score([LONG_FR], [LONG_EN])
    assert tokens.split and not tokens.truncated
    # every target token is scored, one </s> at the very end only
    sentence_ids = tiny_backend.target_ids(sentences_of(LONG_EN))
    assert len(tokens) == sum(len(ids) - 1 for ids in sentence_ids) + 1
    assert [t.token for t in tokens].count("</s>") == 1
    assert "9 sentence pairs" in tiny_backend.drain_warnings()[0]


def test_over_long_pair_that_cannot_be_split_is_marked_truncated(tiny_backend):
    tiny_backend.drain_warnings()
    one_sentence = LONG_EN.replace(". ", ", ")
    (tokens,) = tiny_backend.score([LONG_FR], [one_sentence])
    assert tokens.truncated and not tokens.split
    assert len(tokens) == tiny_backend.max_length - 1
    assert len(tokens) < len(tiny_backend.target_ids([one_sentence])[0])
    assert "only the first 127 tokens" in tiny_backend.drain_warnings()[0]


def test_pack_prefers_sentence_then_clause_boundaries():
    count = lambda s: len(s.split())  # noqa: E731 - one token per word
    chunks, hard = pack("Un deux trois. Quatre cinq, six sept. Huit.", count, 3)
    assert chunks == ["Un deux trois.", "Quatre cinq,", "six sept. Huit."] and not hard
    chunks, hard = pack("x" * 10, lambda s: len(s), 4)
    assert all(len(c) <= 4 for c in chunks) and "".join(chunks) == "x" * 10 and hard


def test_threads_are_set_from_the_option(tiny_marian_dir):
    import torch

    seen: list[int] = []
    backend = load_backend(str(tiny_marian_dir), backend="transformers", threads=1)
    assert backend.threads == 1
    forward = backend.model.forward

    def spy(*args, **kwargs):
        seen.append(torch.get_num_threads())
        return forward(*args, **kwargs)

    before = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        backend.model.forward = spy
        backend.score(SOURCES[:1], TARGETS[:1])
        assert seen == [1]  # torch ran on the backend's setting
        assert torch.get_num_threads() == 2  # and the caller's setting is back
    finally:
        torch.set_num_threads(before)
    assert default_threads() == len(os.sched_getaffinity(0))
    with pytest.raises(ModelError, match="threads"):
        load_backend(str(tiny_marian_dir), threads=0)


def test_missing_folder_is_a_model_error(tmp_path):
    with pytest.raises(ModelError, match="does not exist"):
        load_backend(str(tmp_path / "nowhere"))
    with pytest.raises(ModelError, match="not a model folder"):
        load_backend(str(tmp_path))


def test_unknown_or_uninstalled_manifest_name_is_a_model_error(tmp_path):
    with pytest.raises(ModelError, match="unknown model 'no-such-model'"):
        load_backend("no-such-model", models_dir=tmp_path)
    with pytest.raises(ModelError, match=r"model opus-mt-fr-en is not installed in .* \(run 'make models'"):
        load_backend("opus-mt-fr-en", models_dir=tmp_path)


def test_corrupt_folders_are_model_errors(tiny_marian_dir, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(tiny_marian_dir, broken)
    (broken / "model.safetensors").write_bytes(b"not a safetensors file")
    with pytest.raises(ModelError, match="cannot load the Marian model"):
        load_backend(str(broken), backend="transformers")
    no_vocab = tmp_path / "no-vocab"
    shutil.copytree(tiny_marian_dir, no_vocab)
    (no_vocab / "vocab.json").unlink()
    with pytest.raises(ModelError, match="missing vocab.json"):
        load_backend(str(no_vocab))
    bad_config = tmp_path / "bad-config"
    shutil.copytree(tiny_marian_dir, bad_config)
    (bad_config / "config.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match="bad-config"):
        load_backend(str(bad_config))


def test_asking_for_a_runtime_that_is_absent_is_a_model_error(tiny_marian_dir, tmp_path):
    lone = tmp_path / "lone"
    shutil.copytree(tiny_marian_dir, lone)
    with pytest.raises(ModelError, match="no ctranslate2 variant.*tqcheck models convert"):
        load_backend(str(lone), backend="ctranslate2")
    with pytest.raises(ModelError, match="unknown backend"):
        load_backend(str(lone), backend="onnx")


def test_a_folder_of_unknown_origin_gets_a_content_fingerprint_as_revision(tiny_marian_dir, tmp_path):
    copy = tmp_path / "mine"
    shutil.copytree(tiny_marian_dir, copy)
    first = load_backend(str(copy)).info.revision
    assert first and first.startswith("local-") and load_backend(str(copy)).info.revision == first
    (copy / "generation_config.json").write_text("{}", encoding="utf-8")
    assert load_backend(str(copy)).info.revision != first


def test_loading_by_manifest_name_uses_the_pinned_revision(tiny_marian_dir, tmp_path):
    shutil.copytree(tiny_marian_dir, tmp_path / "opus-mt-fr-en")
    backend = load_backend("opus-mt-fr-en", models_dir=tmp_path, kind="mt")
    assert backend.info.name == "opus-mt-fr-en"
    assert backend.info.backend == "transformers"
    assert backend.info.revision and len(backend.info.revision) == 40


def test_resolve_model_names_the_folder_and_runtime_without_loading(tiny_marian_dir, tmp_path):
    shutil.copytree(tiny_marian_dir, tmp_path / "opus-mt-fr-en")
    model = resolve_model("opus-mt-fr-en", models_dir=tmp_path)
    assert model.folder == tmp_path / "opus-mt-fr-en"
    assert model.runtime == "transformers" and model.name == "opus-mt-fr-en"
    assert model.revision and len(model.revision) == 40
    # the same identity load_backend gives the loaded model
    loaded = load_backend("opus-mt-fr-en", models_dir=tmp_path).info
    assert (loaded.name, loaded.revision, loaded.backend) == (model.name, model.revision, model.runtime)
    with pytest.raises(ModelError, match="unknown backend"):
        resolve_model("opus-mt-fr-en", "onnx", tmp_path)


def test_importing_the_backends_package_loads_no_runtime():
    code = (
        "import sys; import tqcheck.scoring.backends, tqcheck.scoring; "
        "print(sorted(m for m in ('torch', 'ctranslate2', 'transformers') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_token_budget_closes_batches_without_changing_scores(tiny_backend):
    lengths = [len(t) for t in tiny_backend.target_ids(TARGETS)]
    batches = list(tiny_backend._sorted_batches(lengths, None, lengths, max_tokens=30))
    assert sorted(i for b in batches for i in b) == list(range(len(TARGETS)))
    assert all(max(lengths[i] for i in b) * len(b) <= 30 or len(b) == 1 for b in batches)
    assert len(batches) > len(list(tiny_backend._sorted_batches(lengths)))
    reference = tiny_backend.score(SOURCES, TARGETS)
    before = tiny_backend.max_batch_tokens
    try:
        tiny_backend.max_batch_tokens = 30
        small = tiny_backend.score(SOURCES, TARGETS)
    finally:
        tiny_backend.max_batch_tokens = before
    for a, b in zip(reference, small, strict=True):
        assert max(abs(x.logprob - y.logprob) for x, y in zip(a, b, strict=True)) < 1e-4
