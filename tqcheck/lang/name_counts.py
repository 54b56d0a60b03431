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
    return sum(1 for t in _folded_tokens(text, False) if len(t) >= STEM and t[:STEM] in stems)


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
                if len(word) < STEM or word.isupper() or is_common(word, lang):
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
