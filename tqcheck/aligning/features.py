"""What the aligner knows of a sentence: its length and its anchors (numbers, names, cognates).

Language-light on purpose: the only per-language data is a list of function
words, so that ``pour`` and ``pourtant`` do not anchor on ``pour``. Word keys
are cached per process, since the same words recur across a document and
across documents.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from tqcheck.aligning.params import DEFAULT_PARAMS, FeatureParams
from tqcheck.lang.folding import fold
from tqcheck.languages import lang_file, load_wordlist

_WORD = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)
_WORD_KEYS_MAX = 500_000


@lru_cache(maxsize=8)
def _function_words(lang: str) -> frozenset[str]:
    return frozenset(fold(w) for w in load_wordlist(lang_file(lang, "function_words.txt")))


@dataclass(frozen=True, slots=True)
class Features:
    """What the cost function needs of one sentence or group of sentences."""

    length: int
    tokens: frozenset[str]  # cognate prefixes, numbers, names
    strong: frozenset[str]  # numbers and names only
    words: int = 0

    def __or__(self, other: Features) -> Features:
        return Features(
            self.length + other.length + 1,
            self.tokens | other.tokens,
            self.strong | other.strong,
            self.words + other.words,
        )


# one empty set for every sentence without numbers or names (216 bytes each otherwise)
_NONE: frozenset[str] = frozenset()

WordKeys = dict[str, "tuple[str, bool] | None"]
# Per feature settings and language: word -> (key, name-like) or None; a word's key depends on nothing else.
# Keyed by the word alone (not a (word, lang) tuple), with each (key, name-like) value stored once and
# shared by the words that have it: 120 bytes a word less (issue #13; 11,569 French words held 395 bytes
# each with the fold memo, 275 now), where the memo held 16 MB of a 20,000-pair document's peak.
_WORD_KEYS: dict[tuple[FeatureParams, str], WordKeys] = {}
_KEY_VALUES: dict[tuple[str, bool], tuple[str, bool]] = {}
_DEFAULT_FEATURES = DEFAULT_PARAMS.features
# by language: the default settings' memos, found without hashing the settings
_DEFAULT_WORD_KEYS: dict[str, WordKeys] = {}


def clear_word_keys() -> int:
    """Empty the per-word anchor memo (a long feed's worker calls this now and then); the words dropped."""
    dropped = 0
    for cache in _WORD_KEYS.values():  # the inner dicts, so the references to the default ones stay valid
        dropped += len(cache)
        cache.clear()
    _KEY_VALUES.clear()
    return dropped


def _word_keys(lang: str, params: FeatureParams) -> WordKeys:
    """The memo of one language's words under ``params``."""
    if params is _DEFAULT_FEATURES:
        cache = _DEFAULT_WORD_KEYS.get(lang)
        if cache is None:
            cache = _DEFAULT_WORD_KEYS[lang] = _WORD_KEYS.setdefault((params, lang), {})
        return cache
    return _WORD_KEYS.setdefault((params, lang), {})


def _word_key(word: str, lang: str, params: FeatureParams, cache: WordKeys) -> tuple[str, bool] | None:
    """The anchor key of a word and whether it is a name-like (capitalised) key; kept in ``cache``."""
    key: tuple[str, bool] | None
    if word[0].isdigit():
        key = ("#" + (word.lstrip("0") or "0"), True)
    elif len(word) >= params.cognate_min_length:
        f = fold(word)
        key = None if f in _function_words(lang) else (f[: params.cognate_prefix], word[0].isupper())
    elif len(word) >= params.acronym_min_length and word.isupper():
        key = ("^" + word, False)  # acronyms: UN, ONU, CSP
    else:
        key = None
    if len(cache) < _WORD_KEYS_MAX:
        if key is not None:
            key = _KEY_VALUES.setdefault(key, key)
        cache[word] = key
    return key


def features(text: str, lang: str, params: FeatureParams = DEFAULT_PARAMS.features) -> Features:
    """Anchors of a sentence: digit runs, capitalised words and acronyms, 4-letter prefixes.

    A capitalised first word is not a name (every sentence starts with one).
    """
    tokens: set[str] = set()
    strong: set[str] = set()
    words = _WORD.findall(text)
    cache = _word_keys(lang, params)
    for k, w in enumerate(words):
        key = cache.get(w, False)
        if key is False:
            key = _word_key(w, lang, params, cache)
        if key is None:
            continue
        tokens.add(key[0])
        if key[1] and (k > 0 or key[0][0] == "#"):
            strong.add(key[0])
    return Features(len(text), frozenset(tokens), frozenset(strong) if strong else _NONE, len(words))


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice overlap of two anchor sets (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return 2.0 * len(a & b) / (len(a) + len(b))


def length_cost(ls: int, lt: int, ratio: float, variance: float, cap: float) -> float:
    """Gale–Church: -log P(|delta|) for a source of ``ls`` characters and a target of ``lt``, capped."""
    mean = (ls * ratio + lt) / 2.0
    if mean <= 0:
        return 0.0
    delta = abs(lt - ls * ratio) / math.sqrt(mean * variance)
    p = math.erfc(delta / math.sqrt(2.0))
    return min(cap, -math.log(p) if p > 1e-300 else cap)


def length_ratio(src: list[Features], tgt: list[Features], low: float, high: float) -> float:
    """The document's own target/source length ratio, clamped to [low, high] (1.0 when a side is empty)."""
    ls = sum(f.length for f in src)
    lt = sum(f.length for f in tgt)
    if ls == 0 or lt == 0:
        return 1.0
    return min(high, max(low, lt / ls))
