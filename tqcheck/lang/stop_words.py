"""spaCy's stop words of a language, lower-case: function words that carry no name and no meaning.

Why a module of its own: TQ304 asks about them in two places, a first name that is also a function
word ("Les", "Son" are listed as first names) and a one-word phrase of the source that the encoder
finds near a capitalised English word ("Le" ~ "Little" 0.50): a function word renders no name.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=8)
def stop_words(lang: str) -> frozenset[str]:
    """The stop words of ``lang`` (empty for a language spaCy does not know)."""
    try:
        from spacy.util import get_lang_class

        return frozenset(get_lang_class(lang).Defaults.stop_words)
    except Exception:  # noqa: BLE001 - an unknown language has no stop words to leave out
        return frozenset()
