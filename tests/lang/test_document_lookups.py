"""A name looked up in a whole document answers as in a short text: the word-set and sorted-word
short cuts of :mod:`tqcheck.lang.names` and :func:`tqcheck.lang.name_resources.places_in` only
skip scans that could not match (issue #13)."""

from __future__ import annotations

import pytest

from tqcheck.lang import name_resources, names
from tqcheck.lang.names import Name

# invented filler, long enough to be a "whole document" (over DOCUMENT_CHARS) once repeated
FILLER = (
    "The committee of Varnholt met on Tuesday to discuss the harbour budget. "
    "Several small businesses asked the council for cheaper loans. "
    "Her brother, a teacher in Port Elmsby, wrote to the regional paper about the floods. "
    "American visitors praised the old market; the mayor thanked the Cooperative for Safe Piers. "
)
ENGLISH_DOCUMENT = FILLER * 12 + "Trade with Germany grew. Many travellers came from Karlovy Vary and Pilsen."
FRENCH_DOCUMENT = (
    "Le comité de Varnholt s'est réuni mardi pour parler du budget du port. "
    "Des touristes américaines ont visité le vieux marché de Port Elmsby. "
) * 20


def _name(text: str) -> Name:
    return Name(0, len(text), text, text.isupper(), tuple(text.split()))


def _short_path_answer(monkeypatch: pytest.MonkeyPatch, fn, *args):  # type: ignore[no-untyped-def]
    """``fn(*args)`` with every text treated as short: the scans the short cuts replace."""
    with monkeypatch.context() as patched:
        patched.setattr(names, "DOCUMENT_CHARS", 10**9)
        return fn(*args)


CASES = [
    ("Varnholt", "fr", ENGLISH_DOCUMENT, True),  # written as it is
    ("Quillemont", "fr", ENGLISH_DOCUMENT, False),  # nowhere
    ("Port Elmsby", "fr", ENGLISH_DOCUMENT, True),
    ("Allemagne", "fr", ENGLISH_DOCUMENT, True),  # a listed equivalent
    ("PME", "fr", ENGLISH_DOCUMENT, True),  # "small business" written in the plural
    ("Ruvérac", "fr", ENGLISH_DOCUMENT, False),
    ("American", "en", FRENCH_DOCUMENT, True),  # "américain" as the start of "américaines"
    ("CSP", "fr", ENGLISH_DOCUMENT, True),  # initials of words of the document
    ("XQZ", "fr", ENGLISH_DOCUMENT, False),  # no word starts with x, q or z
    ("Karlsbad", "fr", ENGLISH_DOCUMENT, True),  # another GeoNames name of Karlovy Vary
]


@pytest.mark.parametrize(("text", "lang", "document", "expected"), CASES)
def test_a_whole_document_answers_as_the_word_by_word_scan(
    monkeypatch: pytest.MonkeyPatch, text: str, lang: str, document: str, expected: bool
) -> None:
    assert len(document) > names.DOCUMENT_CHARS
    look_up = names.has_counterpart.__wrapped__  # type: ignore[attr-defined]
    args = (_name(text), text, document, lang, "fr-en")
    assert look_up(*args) is expected
    assert _short_path_answer(monkeypatch, look_up, *args) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Varnholt", True), ("varnholt", True), ("Quillemont", False), ("Port Elmsby", True), ("Elmsby Port", False)],
)
def test_a_name_appears_in_a_whole_document_as_by_a_scan(text: str, expected: bool) -> None:
    appears = names.appears.__wrapped__  # type: ignore[attr-defined]
    assert appears(text, ENGLISH_DOCUMENT) is expected
    assert (f" {' '.join(names._folded_tokens(text, False))} " in names._spaced(ENGLISH_DOCUMENT)) is expected


def test_upper_case_words_are_each_listed_once_in_order() -> None:
    assert names._upper_words.__wrapped__("The UN and NATO; the UN again, then the EU.") == ("UN", "NATO", "EU")  # type: ignore[attr-defined]


def _places_by_every_phrase(words: tuple[str, ...]) -> frozenset[int]:
    index = name_resources._place_index()
    found: set[int] = set()
    for i in range(len(words)):
        for n in (1, 2, 3):
            if i + n <= len(words):
                found |= index.get(" ".join(words[i : i + n]), frozenset())
    return frozenset(found)


def test_towns_of_a_document_are_those_of_every_phrase() -> None:
    words = names._folded_tokens(ENGLISH_DOCUMENT, False)
    found = name_resources.places_in.__wrapped__(words)  # type: ignore[attr-defined]
    assert found == _places_by_every_phrase(words)
    assert name_resources.place_ids("karlovy vary") <= found and name_resources.place_ids("pilsen") <= found
    nothing = ("the", "harbour", "budget")
    assert name_resources.places_in.__wrapped__(nothing) == _places_by_every_phrase(nothing) == frozenset()  # type: ignore[attr-defined]
