"""Finding stretches of French inside English text, by function words.

Content words are no use here (English shares thousands of them with
French, and names travel unchanged); function words are: "les", "dans",
"qui", "été" never occur in running English, and "the", "of", "with" never
in French. A stretch with several French function words and no English one
is French. Quotations, loan phrases ("déjà vu", "raison d'être") and
capitalised names ("Le Monde", "Des Moines") are set aside first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tqcheck.languages import lang_file, load_wordlist

WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
# "l'armée", "d'un", "qu'il": a French elision (not "John's", "I'd": those follow a letter)
ELISION_RE = re.compile(
    r"(?<![\w’'])(?:[dljncsmt]|qu|jusqu|lorsqu|puisqu)['’](?=[aeiouyhàâäéèêëîïôöûùœ])", re.I
)
# a lower-case word with a French-only letter ("annoncé", "écoles", "leçon"): a weak sign of French
ACCENTED_RE = re.compile(r"\b[a-zàâçéèêëîïôûùüÿœ]*[àâçéèêëîïôûùœ][a-zàâçéèêëîïôûùüÿœ]*\b")
QUOTED_RE = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"]*\"|‘[^’]*’(?!\w)|\([^)]*\)")


@dataclass(frozen=True)
class Stretch:
    """A run of words judged French; offsets relative to the sentence text."""

    start: int
    end: int
    words: int
    french: int


@lru_cache(maxsize=4)
def _lists(source: str, target: str) -> tuple[frozenset[str], frozenset[str], tuple[str, ...]]:
    loans = tuple(sorted(load_wordlist(lang_file(target, "french_loanwords.txt")), key=len, reverse=True))
    return (
        load_wordlist(lang_file(source, "stopwords.txt")),
        load_wordlist(lang_file(target, "stopwords.txt")),
        loans,
    )


@lru_cache(maxsize=4)
def _source_only(source: str, target: str) -> frozenset[str]:
    """Source-language function words that are no target-language ones (what may make a word French)."""
    src_stop, tgt_stop, _ = _lists(source, target)
    return frozenset(src_stop - tgt_stop)


def _mask(text: str, loans: tuple[str, ...]) -> str:
    """``text`` with quotations and loan phrases blanked out (same length, so offsets hold)."""
    masked = QUOTED_RE.sub(lambda m: " " * len(m.group(0)), text)
    lower = masked.lower()
    for phrase in loans:
        i = lower.find(phrase)
        while i >= 0:
            masked = masked[:i] + " " * len(phrase) + masked[i + len(phrase) :]
            lower = masked.lower()
            i = lower.find(phrase, i + len(phrase))
    return masked


def french_stretches(
    text: str,
    source: str = "fr",
    target: str = "en",
    min_words: int = 4,
    min_french: int = 2,
    min_ratio: float = 0.3,
) -> list[Stretch]:
    """Maximal runs of words with no target-language function word and enough source-language ones."""
    return list(_french_stretches(text, source, target, min_words, min_french, min_ratio))


@lru_cache(maxsize=20000)
def _french_stretches(
    text: str, source: str, target: str, min_words: int, min_french: int, min_ratio: float
) -> tuple[Stretch, ...]:
    """:func:`french_stretches`, cached: TQ401 and :func:`sentence_is_french` read the same sentences."""
    src_stop, tgt_stop, loans = _lists(source, target)
    masked = _mask(text, loans)
    # an elision needs an apostrophe (the pattern, a look-behind first, is tried at every position)
    elisions = {m.start() for m in ELISION_RE.finditer(masked)} if "'" in masked or "’" in masked else set()
    # A stretch needs ``min_french`` French words, each an elision or a source function word that is
    # no target one: with fewer such words in the whole sentence there is none (most sentences).
    if len(elisions) + sum(map(_source_only(source, target).__contains__, WORD_RE.findall(masked.lower()))) < min_french:
        return ()
    words = list(WORD_RE.finditer(masked))
    out: list[Stretch] = []
    run: list[tuple[int, int, bool, bool]] = []  # start, end, French?, after a comma?

    def close() -> None:
        n = len(run)
        k = sum(1 for r in run if r[2])
        accented = sum(1 for r in run if not r[2] and ACCENTED_RE.search(masked, r[0], r[1]))
        if n >= min_words and k >= min_french and (k + accented) / n >= min_ratio:
            # from the first French word to the last, plus the (at most three) words that
            # finish its phrase: "… par ses arguments", "… dans la presse"
            first = next(i for i, r in enumerate(run) if r[2])
            hi = max(i for i, r in enumerate(run) if r[2])
            extra = 0
            while hi + 1 < n and extra < 3 and not run[hi + 1][3]:
                hi += 1
                extra += 1
            if hi - first + 1 >= min_words:
                out.append(Stretch(run[first][0], run[hi][1], hi - first + 1, k))
        run.clear()

    prev_end = 0
    for i, m in enumerate(words):
        w = m.group(0)
        low = w.lower()
        gap = masked[prev_end : m.start()]
        prev_end = m.end()
        if run and (gap.strip(" ,’'-") or "\n" in gap):
            close()  # a sentence mark, a masked quotation or a dash ends a stretch
        if low in tgt_stop:
            close()
            continue
        is_french = m.start() in elisions or (
            low in src_stop and (w == low or i == 0 or _sentence_initial(masked, m.start()))
        )
        if low == "et" and masked[m.end() : m.end() + 4].startswith(" al"):
            is_french = False  # "et al."
        run.append((m.start(), m.end(), is_french, "," in gap))
    close()
    return tuple(out)


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in ".!?:;"


@lru_cache(maxsize=20000)
def sentence_is_french(text: str, source: str = "fr", target: str = "en") -> bool:
    """Whether a target sentence is, as a whole, left in the source language.

    No (or almost no) target-language function word, and the language
    detector prefers the source language; or French stretches covering most
    of it. Other rules use this to stay quiet on such a sentence: its
    guillemets, decimal commas and French number words are one problem
    (TQ401), not five.
    """
    words = [w.lower() for w in WORD_RE.findall(text)]
    if len(words) < 3:
        return False
    src_stop, tgt_stop, _ = _lists(source, target)
    english = sum(1 for w in words if w in tgt_stop)
    if english > 0.05 * len(words):
        return False
    french = sum(1 for w in words if w in src_stop) + len(ELISION_RE.findall(text))
    covered = sum(s.words for s in french_stretches(text, source, target, min_words=3))
    if french < 2 and covered < 0.8 * len(words):
        return False
    scores = dict(langdetect(text, (source, target)))
    return scores.get(source, 0.0) >= 0.5 and scores.get(source, 0.0) > scores.get(target, 0.0)


def langdetect(text: str, langs: tuple[str, ...]) -> list[tuple[str, float]]:
    """``simplemma.langdetect(text, lang=langs)``: each language's share of the text's words, best first.

    Through the library's public function: its default strategy reads the
    dictionaries from simplemma's process-wide factory, the same ones
    :func:`tqcheck.nlp.word_list` hands to the rules, so they are loaded once.
    """
    from tqcheck.nlp import simplemma_module

    return simplemma_module().langdetect(text, lang=langs)

