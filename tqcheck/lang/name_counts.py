"""A name the source writes more often in a link than the translation renders it (TQ304, issue #8).

Why this exists: TQ304 asks whether a link's translation renders a source name at all, so a name
written twice in the source ("la mission de l'Iran ... l'élite de l'Iran") counts as rendered when
the translation keeps one of the two and writes a stranger in the place of the other ("Ljubljana's
mission ... Iran's elite"). This module counts, for each name of a link's source, the words that
begin like it (or like one of its listed English names) on each side: when the source has more,
every place of the name is a place where it may have been lost, and the rule pairs the one that
sits where the link's one stranger sits.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from tqcheck.lang.names import Name, _folded_tokens, candidate_names, fold, is_common, name_table

#: The letters of a name compared: "Iran" counts "Iraniens" and "Iranian", "Europe" "européenne".
STEM = 4


def _stems(word: str, pair: str) -> set[str]:
    """The word's stem and those of its listed English names ("Allemagne": "alle", "germ")."""
    key = fold(word)
    stems = {key[:STEM]}
    for rendering in name_table(pair)[0].get(key, ()):
        stems |= {w[:STEM] for w in rendering.split() if len(w) >= STEM}
    return stems


def _count(stems: set[str], text: str) -> int:
    """How many words of ``text`` begin with one of ``stems`` (each of :data:`STEM` letters)."""
    heads = _heads(text)
    return sum(heads[s] for s in stems)


@lru_cache(maxsize=4096)  # per text: emptied with the other per-text caches (tqcheck.memo)
def _heads(text: str) -> Counter[str]:
    """How many words of ``text`` (of :data:`STEM` letters or more) begin with each stem.

    Counted once per text: a link's source and translation are each read for every name word of
    the link, and scanning the words again for each (issue #13) made this module a second of the
    5,000-pair bench. A stem shorter than :data:`STEM` (none is) would count nothing, as before."""
    return Counter(t[:STEM] for t in _folded_tokens(text, False) if len(t) >= STEM)


def fewer_in_translation(
    sentences: list, target_text: str, lang: str, other: str, pair: str
) -> list[tuple[object, Name]]:
    """(sentence, one-word name) of every place of a name of ``sentences`` (a link's source) that the
    source writes more often than ``target_text`` renders it, when the translation renders it at
    least once (a name never rendered is an unrendered name, read elsewhere). Common French words
    ("Centre", "Banque") are left out: they are rendered by meaning as often as kept; so is an
    English word the translation writes only in another form ("Liberty Street et Cedar Street" →
    "Liberty and Cedar Streets")."""
    source_text = "\n".join(s.text for s in sentences)
    places: list[tuple[object, Name]] = []
    seen: set[str] = set()
    for sentence in sentences:
        for name in candidate_names(sentence.text, lang, other, lenient="any"):
            for word in name.parts or (name.text,):
                if len(word) < STEM or word.isupper():
                    continue
                if is_common(word, lang) and not (is_common(word, other) and _places(word, target_text)):
                    # a French word is rendered by meaning as often as kept; an English word the
                    # source borrows ("une « It Girl »") is kept as it is written
                    continue
                if is_common(word, other) and fold(word) not in _folded_tokens(target_text, False):
                    continue  # an English word the translation writes only merged ("Cedar Streets")
                stems = _stems(word, pair)
                here, there = _count(stems, source_text), _count(stems, target_text)
                if not (there >= 1 and here > there) or word in seen:
                    continue
                seen.add(word)
                places += [(s, place) for s in sentences for place in _places(word, s.text)]
    return places


def _places(word: str, text: str) -> list[Name]:
    """Every place ``word`` stands as a whole word in ``text`` (no letter or digit touching it)."""
    pattern = rf"(?<![^\W_]){re.escape(word)}(?![^\W_])"  # [^\W_]: a letter or digit, as str.isalnum
    return [Name(m.start(), m.end(), word, False, (word,)) for m in re.finditer(pattern, text)]
