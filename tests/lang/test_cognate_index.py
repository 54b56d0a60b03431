"""The cognate index answers exactly as testing every word: it may only leave out sure rejections."""

from __future__ import annotations

import random

from tqcheck.lang.cognate_index import CognateIndex
from tqcheck.lang.names import COGNATE_INDEX_FROM, _cognate, _has_cognate


def _brute(key: str, tokens: tuple[str, ...]) -> bool:
    return any(_cognate(key, t) for t in tokens if len(t) >= 3)


def _words(rng: random.Random, n: int) -> list[str]:
    letters = "aabcdeeeéfghiiklmnoopqrsstuuvyzø"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(1, 11))) for _ in range(n)]


def test_candidates_keep_every_cognate() -> None:
    rng = random.Random(13)
    tokens = _words(rng, 3000)
    index = CognateIndex(tokens)
    for key in _words(rng, 400) + ["tchad", "khodorkovski", "giz", "xy", "abcdefghijkl"]:
        kept = set(index.candidates(key))
        expected = {t for t in tokens if len(t) >= 3 and _cognate(key, t)}
        assert expected <= kept, key


def test_long_texts_answer_as_the_word_by_word_test() -> None:
    rng = random.Random(7)
    tokens = tuple(_words(rng, COGNATE_INDEX_FROM + 500) + ["khodorkovsky", "gizeh", "lapland"])
    keys = _words(rng, 200) + ["khodorkovski", "giza", "laponie", "zzzz"]
    answers = [_has_cognate(k, tokens) for k in keys]
    assert answers == [_brute(k, tokens) for k in keys]
    assert any(answers) and not all(answers)  # the sample holds both answers, so the test can fail


def test_counts_take_a_byte_each_unless_a_word_repeats_a_letter_past_255() -> None:
    rng = random.Random(3)
    tokens = _words(rng, 500)
    assert CognateIndex(tokens).counts.dtype.itemsize == 1  # a document's matrix, a quarter of int32's
    odd = "b" + "a" * 300 + "c"
    wide = CognateIndex([*tokens, odd])
    assert wide.counts.dtype.itemsize == 4  # one byte would wrap the count of "a"
    assert odd in wide.candidates("b" + "a" * 299 + "c")
    assert {t for t in tokens if len(t) >= 3 and _cognate("abcdefg", t)} <= set(wide.candidates("abcdefg"))


def test_short_texts_answer_as_the_word_by_word_test_whatever_their_repeats() -> None:
    rng = random.Random(11)
    words = _words(rng, 60) + ["giza", "lapland", "of", "the"]
    tokens = tuple(words * 3)  # a link's words repeat: each distinct one is tested once
    assert len(tokens) <= COGNATE_INDEX_FROM
    keys = _words(rng, 200) + ["gizeh", "laponie", "zzzz"]
    answers = [_has_cognate(k, tokens) for k in keys]
    assert answers == [_brute(k, tokens) for k in keys]
    assert any(answers) and not all(answers)
