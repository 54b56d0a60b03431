"""The stop-word list TQ304 reads: spaCy's own, and read from the cache folder without importing spaCy."""

from __future__ import annotations

from helpers import run_fresh_python

from tqcheck.lang.stop_words import stop_words


def test_french_stop_words_are_spacys_function_words() -> None:
    words = stop_words("fr")
    assert {"le", "les", "son", "de"} <= words
    assert "armée" not in words


def test_an_unknown_language_has_none() -> None:
    assert stop_words("xx-unknown") == frozenset()


def test_a_new_process_reads_them_from_the_cache_without_importing_spacy(tmp_path) -> None:
    code = "import sys\nfrom tqcheck.lang.stop_words import stop_words\nprint(len(stop_words('fr')), 'spacy' in sys.modules)\n"
    first = run_fresh_python(code, tmp_path / "cache").split()
    second = run_fresh_python(code, tmp_path / "cache").split()
    assert int(first[0]) > 100 and first == [first[0], "True"]  # built once from spaCy
    assert second == [first[0], "False"]  # then read from disk
