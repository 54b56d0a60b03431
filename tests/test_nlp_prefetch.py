"""Sentences sent ahead to the helper process (Analysis.prefetch): what is sent, and how the answers are taken.

The helper is replaced by a recording stand-in here; tests/test_spacy_worker.py
runs the real one.
"""

from __future__ import annotations

from concurrent.futures import Future
from typing import Any

import pytest
from helpers import make_alignment

from tqcheck import nlp, spacy_worker

ROWS = [
    ("Le maire est arrivé.", "a"),
    ("Il a salué Claire Fontaine.", "b"),
    ("Elle a souri.", "c"),
    ("La séance a commencé.", "d"),
]


def _fields(text: str) -> list[tuple]:
    """One token per word, proper nouns for capitalised words after the first."""
    out, at = [], 0
    for k, word in enumerate(text.split()):
        start = text.index(word, at)
        at = start + len(word)
        pos = "PROPN" if k and word[0].isupper() else "X"
        out.append((word, word.lower(), pos, start, at, (), "", -1))
    return out


def _wants_ner(tokens: list[nlp.Token]) -> bool:
    return any(t.pos == "PROPN" for t in tokens)


class FakeHelper:
    """Answers 'prepare' requests as the worker would, and records them."""

    def __init__(self, fail: bool = False) -> None:
        self.sent: list[list[str]] = []
        self.fail = fail

    def submit(self, op: str, texts: list[str], batch_size: int = 64, ner_if: Any = None) -> Future:
        assert op == "prepare"
        self.sent.append(texts)
        future: Future = Future()
        if self.fail:
            future.set_exception(EOFError())
            return future
        tokens = [_fields(t) for t in texts]
        ents = {}
        for k, fields in enumerate(tokens):
            if ner_if([nlp.Token(*f) for f in fields]):
                ents[k] = [(f[0], "PER", f[3], f[4]) for f in fields if f[2] == "PROPN"]
        future.set_result(("ok", (tokens, ents)))
        return future


@pytest.fixture
def helper(monkeypatch: pytest.MonkeyPatch) -> FakeHelper:
    fake = FakeHelper()
    monkeypatch.setattr(spacy_worker, "serves", lambda lang: lang == "fr")
    monkeypatch.setattr(spacy_worker, "submit", fake.submit)
    monkeypatch.setattr(spacy_worker, "stop", lambda: None)
    return fake


def test_only_sentences_neither_parsed_nor_sent_are_sent(helper: FakeHelper) -> None:
    a = nlp.Analysis(make_alignment(ROWS))
    assert a.prefetch("source", [0, 1, 1], _wants_ner)
    assert not a.prefetch("source", [1, 0], _wants_ner)
    assert a.prefetch("source", [0, 1, 2], _wants_ner)
    assert helper.sent == [[ROWS[0][0], ROWS[1][0]], [ROWS[2][0]]]
    assert not a.prefetch("target", [0], _wants_ner)  # English: no helper pipeline for it


def test_answers_are_taken_when_first_needed_entities_only_where_asked(helper: FakeHelper) -> None:
    a = nlp.Analysis(make_alignment(ROWS))
    a.prefetch("source", [0, 1, 2], _wants_ner)
    assert [t.text for t in a.tokens("source", 2)] == ["Elle", "a", "souri."]
    assert not a._pending  # one answer covers the whole request
    assert set(a._parsed) == {("source", 0), ("source", 1), ("source", 2)}
    assert a._entities == {
        ("source", 1): [nlp.Entity("Claire", "PER", 11, 17), nlp.Entity("Fontaine.", "PER", 18, 27)]
    }


def test_sentences_forgotten_before_their_answer_is_taken_are_not_brought_back(helper: FakeHelper) -> None:
    a = nlp.Analysis(make_alignment(ROWS))
    a.prefetch("source", [0, 1, 2, 3], _wants_ner)
    a.forget_before("source", 2)
    assert set(a._pending) == {("source", 2), ("source", 3)}
    a.parse_many("source", [2, 3])
    assert set(a._parsed) == {("source", 2), ("source", 3)} and not a._entities


def test_a_request_that_failed_leaves_the_sentence_to_the_usual_parse(
    helper: FakeHelper, monkeypatch: pytest.MonkeyPatch
) -> None:
    helper.fail = True
    asked: list[list[str]] = []

    def usual(nlp_: Any, texts: list[str], *, batch: bool) -> list[list[nlp.Token]]:
        asked.append(texts)
        return [[nlp.Token(*f) for f in _fields(t)] for t in texts]

    monkeypatch.setattr(nlp, "_parser", lambda lang: object())
    monkeypatch.setattr(nlp, "token_lists", usual)
    a = nlp.Analysis(make_alignment(ROWS))
    assert a.prefetch("source", [0, 1], _wants_ner)
    assert a.tokens("source", 1)[0].text == "Il"
    assert asked == [[ROWS[1][0]]] and not a._pending


def test_without_a_helper_nothing_is_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spacy_worker, "serves", lambda lang: False)
    a = nlp.Analysis(make_alignment(ROWS))
    assert not a.prefetch("source", [0, 1], _wants_ner) and not a._pending
