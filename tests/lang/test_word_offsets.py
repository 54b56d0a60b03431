"""WordOffsets: the compact (start, end, word) list of a long text gives what the tuple of tuples gave."""

from __future__ import annotations

import re

from tqcheck.lang.names import PIECE_RE
from tqcheck.lang.word_offsets import WordOffsets

TEXT = "Le maire de Saint-Malo, Jean Dupont, a reçu le maire de Dinard. Le maire a parlé."


def _tuples(pattern: re.Pattern[str], text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in pattern.finditer(text)]


def test_items_iteration_and_slices_match_the_plain_matches():
    words = WordOffsets(PIECE_RE, TEXT)
    plain = _tuples(PIECE_RE, TEXT)
    assert len(words) == len(plain) > 10
    assert list(words) == plain
    assert [words[k] for k in range(len(words))] == plain
    assert words[-1] == plain[-1] and words[2:5] == plain[2:5]
    assert all(TEXT[a:b] == w for a, b, w in words)


def test_a_recurring_word_is_stored_once():
    words = WordOffsets(PIECE_RE, TEXT)
    maires = [w for _, _, w in words if w == "maire"]
    assert len(maires) == 3
    assert all(w is maires[0] for w in maires)


def test_an_empty_text_has_no_words():
    words = WordOffsets(PIECE_RE, "")
    assert len(words) == 0 and list(words) == []
