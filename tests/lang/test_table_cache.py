"""Tables kept on disk: read back as built, rebuilt when the code changes or the file is damaged."""

from __future__ import annotations

from pathlib import Path

import pytest

from tqcheck.lang.table_cache import cached_table, table_path


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "builder.py"
    source.write_text("VERSION = 1\n", encoding="utf-8")
    return source


def test_a_table_is_built_once_then_read(cache: Path) -> None:
    calls: list[int] = []

    def build() -> dict[str, frozenset[str]]:
        calls.append(1)
        return {"le caire": frozenset({"cairo"}), "tchequie": frozenset({"czechia", "czech republic"})}

    first = cached_table("t", build, sources=(cache,), packages=("pyyaml",))
    second = cached_table("t", build, sources=(cache,), packages=("pyyaml",))
    assert first == second == build()
    assert len(calls) == 2  # the first call built it, the second read it back, then the direct call


def test_an_edit_to_the_building_code_gives_a_new_table(cache: Path) -> None:
    before = table_path("t", (cache,), ())
    cached_table("t", lambda: {"a": 1}, sources=(cache,), packages=())
    cache.write_text("VERSION = 2\n", encoding="utf-8")
    assert table_path("t", (cache,), ()) != before
    assert cached_table("t", lambda: {"a": 2}, sources=(cache,), packages=()) == {"a": 2}


def test_a_damaged_file_is_rebuilt(cache: Path) -> None:
    path = table_path("t", (cache,), ())
    assert path is not None
    cached_table("t", lambda: {"a": 1}, sources=(cache,), packages=())
    path.write_bytes(b"\x00garbage")
    assert cached_table("t", lambda: {"a": 3}, sources=(cache,), packages=()) == {"a": 3}


def test_the_name_table_read_back_equals_the_built_one(cache: Path) -> None:
    from tqcheck.lang.name_resources import _build_resource_names, resource_names

    resource_names.cache_clear()
    try:
        built = resource_names()  # builds and stores
        resource_names.cache_clear()
        assert resource_names() == built == _build_resource_names()  # read back
    finally:
        resource_names.cache_clear()


def test_the_place_index_read_back_equals_the_built_one(cache: Path) -> None:
    from tqcheck.lang.name_resources import _build_place_index, _place_index

    _place_index.cache_clear()
    try:
        built = _place_index()  # builds and stores
        _place_index.cache_clear()
        assert _place_index() == built == _build_place_index()  # read back
        assert built  # GeoNames is a dependency: an empty index would make this test vacuous
    finally:
        _place_index.cache_clear()
