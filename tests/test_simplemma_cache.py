"""simplemma's word lists read back from the cache folder are the ones simplemma decodes itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from tqcheck import nlp


def test_cached_word_list_equals_simplemmas_decoding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from simplemma.strategies.dictionaries import dictionary_factory, frontcode

    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path))
    nlp._simplemma()
    load = dictionary_factory._load_dictionary_from_disk
    assert getattr(load, "_tqcheck_cached", False)
    own = frontcode._decode_stream(dictionary_factory._read_decompressed("en"))
    assert load("en") == own  # decoded and stored
    assert list((tmp_path / "tables").glob("simplemma-en-*.marshal"))
    assert load("en") == own  # read back
    nlp._simplemma.cache_clear()
    assert (
        nlp._simplemma() is not None and dictionary_factory._load_dictionary_from_disk is load
    )  # installed once
