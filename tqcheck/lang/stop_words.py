"""spaCy's stop words of a language, lower-case: function words that carry no name and no meaning.

Why a module of its own: TQ304 asks about them in two places, a first name that is also a function
word ("Les", "Son" are listed as first names) and a one-word phrase of the source that the encoder
finds near a capitalised English word ("Le" ~ "Little" 0.50): a function word renders no name.

The list is kept on disk (:mod:`tqcheck.lang.table_cache`) because reading it from spaCy means
importing spaCy, about a quarter of a second that a one-page check otherwise spends only in its
helper process (:mod:`tqcheck.spacy_worker`), on the other core.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


def _build(lang: str) -> frozenset[str]:
    try:
        from spacy.util import get_lang_class

        return frozenset(get_lang_class(lang).Defaults.stop_words)
    except Exception:  # noqa: BLE001 - an unknown language has no stop words to leave out
        return frozenset()


@lru_cache(maxsize=8)
def stop_words(lang: str) -> frozenset[str]:
    """The stop words of ``lang`` (empty for a language spaCy does not know)."""
    from tqcheck.lang.table_cache import cached_table

    return cached_table(
        f"stop-words-{lang}", lambda: _build(lang), sources=(Path(__file__),), packages=("spacy",)
    )
