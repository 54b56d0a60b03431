"""Where a name sits in a link, and whether a word of the other side may stand in its place (TQ304).

Why a module of its own: TQ304 pairs a source name that has no rendering with a word of the
translation that renders nothing, and these tests (same place in the link, spelt alike, meant alike,
touching the part of the name kept) are what keeps that pairing from reading a rendering as a swap
(issue #8). They read only names and texts, not the rule's state.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from tqcheck.lang.names import (
    Name,
    _cognate,
    fold,
    is_name_word,
    same_initial,
    sense_similarity,
    transliterated_alike,
)
from tqcheck.lang.person_names import is_first_name
from tqcheck.lang.word_starts import WORD_RE
from tqcheck.rules.base import LinkContext


def in_place(ctx: LinkContext, ss, lost: Name, ts, stranger: Name, tolerance: float | None = None) -> bool:
    """Whether ``stranger`` sits where ``lost`` sits, measured as the middle of each span over the
    length of its side of the link: a swap leaves the rest of the link as it was, and both sides read
    in the same order ("au siège à Paris." → "at the company's seat in Olga."). Measured over the
    link, not the sentence, since the two sides may cut sentences differently."""

    def share(sentences, sentence, span: Name) -> float:
        before = 0
        for s in sentences:
            if s is sentence:
                break
            before += len(s.text) + 1
        total = sum(len(s.text) + 1 for s in sentences)
        return (before + (span.start + span.end) / 2) / max(1, total)

    limit = IN_PLACE if tolerance is None else tolerance
    return abs(share(ctx.source_sentences, ss, lost) - share(ctx.target_sentences, ts, stranger)) <= limit


#: A capitalised English word renders a phrase of the source when the encoder puts them this close:
#: lower than for a name, since one word alone is a weak vector. On the news (issue #8): renderings
#: 0.5-0.8 ("Grandpa" ~ "Papy" 0.54, "Kingdom" ~ "království"), a name's stand-in 0.1-0.4 ("Rose" ~
#: "Linda" 0.39, "Major" ~ "Madrid").
WORD_SIMILARITY = 0.5

#: How far apart (as a share of the sentence) a lost name and a stranger may sit and still be "in
#: its place": French and English put a name in about the same place of a sentence they share.
IN_PLACE = 0.12


def core(name: Name, lang: str, other: str) -> str:
    """The words of a run that are names, not capitalised common words ("Eastern Stefan" → "Stefan"):
    what an exonym test compares, since "Eastern" says nothing of the name's initial."""
    words = [p for p in name.parts if is_name_word(p, lang, other)]
    return " ".join(words) if words else name.text


def next_to_kept(text: str, start: int, end: int, words: list[str], word: str) -> bool:
    """Whether the word at ``text[start:end]`` touches another word of its run (a space or a hyphen
    between): a name's part written in place ("Rose Mikels", "Young Palace"), not a phrase joined
    by "of"."""
    others = [w for w in words if w != word]
    after = text[end:].lstrip(" -\u00a0")
    before = text[:start].rstrip(" -\u00a0")
    return any(after.startswith(w) or before.endswith(w) for w in others)


def stands_in(name: str, word: str) -> bool:
    """Whether a capitalised word of the translation that renders nothing of the source may stand in
    a missing name's place rather than render it: it neither looks like the name (initial, letters,
    transliteration: "Biélorusses" ~ "Belarusians") nor means it (encoder: "Tchéquie" ~ "Bohemia")."""
    return not (
        alike(name, word)
        or transliterated_alike(name, word)
        or sense_similarity(name, word) >= WORD_SIMILARITY
    )


def spelt_alike(a: str, b: str) -> bool:
    """Whether two names share five letters in a row or a transliteration skeleton: one name spelt
    two ways ("Tchécoslovaques" ~ "Czechoslovaks"), a test an initial alone does not pass."""
    fa, fb = fold(a), fold(b)
    return transliterated_alike(a, b) or any(fa[i : i + 5] in fb for i in range(len(fa) - 4))


#: How alike (difflib's ratio) two words with one initial are spelt when they are one name in two
#: languages: exonyms no table lists score 0.5-0.86 ("Laponie" ~ "Lapland" 0.57, "Gizeh" ~ "Giza"
#: 0.67, "Biélorusses" ~ "Belarusians" 0.64); two names sharing only an initial 0.27-0.43 ("Oslo" ~
#: "Ouagadougou", "Cowon" ~ "Kevin", "Kidal" ~ "Kowalczyk").
ALIKE_SPELLING = 0.45


def _spelling(a: str, b: str) -> float:
    """The best spelling ratio of a word of ``a`` and a word of ``b`` with the same initial."""
    # hyphens part words as spaces do ("Basse-Saxe" ~ "Lower Saxony")
    words_a = [fold(w).replace("k", "c") for w in re.split(r"[\s-]+", a) if w]
    words_b = [fold(w).replace("k", "c") for w in re.split(r"[\s-]+", b) if w]
    return max(
        (SequenceMatcher(None, x, y).ratio() for x in words_a for y in words_b if x[:1] == y[:1]),
        default=0.0,
    )


def alike(a: str, b: str) -> bool:
    """Whether two names may be one name in two languages: the same initial and a spelling alike
    ("Laponie" ~ "Lapland", not "Oslo" ~ "Ouagadougou"; any two first names) or five letters in a row in common
    ("Tchécoslovaques" ~ "Czechoslovaks")."""
    if same_initial(a, b) and (_spelling(a, b) >= ALIKE_SPELLING or (is_first_name(a) and is_first_name(b))):
        return True  # first names keep their initial in translation, not their spelling ("Jacobo" → "James")
    fa, fb = fold(a), fold(b)
    return any(fa[i : i + 5] in fb for i in range(len(fa) - 4))


def near_words(text: str, start: int, end: int, window: int = 4, skip: frozenset[str] = frozenset()) -> list[str]:
    """The folded words of four letters or more within ``window`` words either side of a span
    (words of ``skip`` left out)."""
    words = [(m.start(), fold(m.group(0))) for m in WORD_RE.finditer(text)]
    before = [w for at, w in words if at < start][-window:]
    after = [w for at, w in words if at >= end][:window]
    return [w for w in before + after if len(w) >= 4 and w not in skip]


def anchored(
    source: str, lost: Name, target: str, stranger: Name, window: int = 4, skip: frozenset[str] = frozenset()
) -> bool:
    """Whether a word next to ``stranger`` is a cognate of a word next to ``lost`` (within ``window``).

    ``skip``: the other words of the name ``lost`` is a part of, which anchor nothing: a name kept
    beside a new word may be a title rendered ("l'empire d'Angela Merkel" → "the Realm of Angela")."""
    here = near_words(source, lost.start, lost.end, window, skip)
    there = near_words(target, stranger.start, stranger.end, window, skip)
    return any(_cognate(a, b) for a in here for b in there)
