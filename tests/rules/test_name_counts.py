"""TQ304's count of a name's words in a whole document: the sorted-runs count equals the regex scan."""

from __future__ import annotations

import random
import re

from tqcheck.lang.names import fold
from tqcheck.lang.word_starts import name_count, starts


def _scan(word: str, text: str) -> int:
    return len(re.findall(rf"(?<!\w){re.escape(word)}", fold(text)))


def _document(rng: random.Random) -> str:
    words = [
        "Falklands",
        "Falkland",
        "l’Élysée",
        "Elysée",
        "Noël",
        "Christmas",
        "Christmas-Day",
        "gaza",
        "Gazette",
        "x",
        "d'Orsay",
        "Orsay2",
        "2Orsay",
        "Ørsted",
        "naïve",
        "ÉTÉ",
        "été",
        "Malouines",
    ]
    return " ".join(rng.choice(words) + rng.choice(["", ",", ".", " (", "’s", "-"]) for _ in range(3000))


def test_counts_in_a_long_document_match_the_scan() -> None:
    rng = random.Random(4)
    text = _document(rng)
    assert len(text) >= 2000  # long enough for the sorted runs
    for word in [
        "falkland",
        "falklands",
        "elysee",
        "noel",
        "christmas",
        "gaz",
        "orsay",
        "orsay2",
        "ørsted",
        "naive",
        "ete",
        "zzz",
        "x",
        "malouines",
        "d'orsay",
        "christmas day",
    ]:
        assert starts(word, text) == _scan(word, text), word
    assert name_count("Falkland", text) == min(_scan("falkland", text), _scan("falkland", text)) > 0
    assert name_count("Christmas Day", text) == min(_scan("christmas", text), _scan("day", text))
