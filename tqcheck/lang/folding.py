"""Case and accent folding: the one normalisation for comparisons that should ignore both.

French and English write the same name or cognate with and without accents
("Québec"/"Quebec", "présidé"/"preside"), in any case. Every stage that
compares words across the two sides, or against a word list, folds both
sides with :func:`fold`, so one key means the same thing everywhere:

- lower case first, then Unicode NFKD, then the combining marks dropped.
  NFKD rather than NFD also undoes compatibility forms ("ﬁ" → "fi",
  full-width letters), which only ever turn an odd spelling into the
  ordinary one; on the place, city and name lists the two agree entry for
  entry.
- Pure-ASCII text skips the decomposition (it would not change it), and
  results are cached per process: the same words recur across a document
  and across documents.

Names need one more step, :func:`fold_apostrophes`: "Côte d’Ivoire" and
"Cote d'Ivoire" are one key there, while the aligner's and the pronoun
resolver's words never contain an apostrophe, so they do not pay for it.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower case without accents, so ``Présidé`` and ``preside`` share a prefix."""
    text = text.lower()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    # the marks are found among the distinct characters and deleted in one pass, rather than
    # testing each character in Python: the same result, several times faster on a document
    marks = [c for c in set(decomposed) if unicodedata.combining(c)]
    return decomposed.translate(dict.fromkeys(map(ord, marks))) if marks else decomposed


@lru_cache(maxsize=200_000)
def fold_apostrophes(text: str) -> str:
    """:func:`fold` with the typographic apostrophe (’) written as ASCII ('), for names.

    Cached as :func:`fold` is: the name checks fold every word of a link's
    sentences several times per link (~170 calls a pair on news text), and a
    cache hit costs less than the call into :func:`fold` it replaces.
    """
    return fold(text).replace("’", "'")
