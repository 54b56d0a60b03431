"""``tqcheck.memo.last_document``: a whole-document answer made once per document, kept no longer."""

from __future__ import annotations

import gc

from helpers import make_alignment

from tqcheck.memo import last_document
from tqcheck.rules.feed._common import feed_units


class _Doc:
    """A stand-in document: compared by identity, as alignments are."""


def test_the_answer_is_made_once_per_document_object() -> None:
    calls: list[object] = []

    @last_document
    def answer(doc: _Doc) -> list[int]:
        calls.append(doc)
        return [len(calls)]

    first, second = _Doc(), _Doc()
    assert answer(first) is answer(first)  # asked twice, made once
    assert answer(second) == [2]  # another document: made again
    assert answer(first) == [3]  # one entry only: the first one was forgotten
    assert calls == [first, second, first]


def test_the_entry_goes_with_its_document() -> None:
    made: list[int] = []

    @last_document
    def answer(doc: _Doc) -> int:
        made.append(1)
        return len(made)

    doc = _Doc()
    answer(doc)
    del doc
    gc.collect()
    answer(_Doc())  # a new object, even one at the old address, is never served the old answer
    assert made == [1, 1]


def test_feed_units_are_shared_by_the_rules_of_one_check() -> None:
    al = make_alignment([("Il pleut.", "It is raining."), ("Le train part.", "The train leaves.")])
    assert feed_units(al) is feed_units(al)
    assert [(u.source, u.target) for u in feed_units(al)] == [
        ("Il pleut.", "It is raining."),
        ("Le train part.", "The train leaves."),
    ]
