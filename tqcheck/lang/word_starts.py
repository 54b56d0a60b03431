"""How often a word starts a word of a text: the counts TQ304 compares between a link and its document.

Why this exists: TQ304 asks, for a capitalised word of a link, whether the whole translation writes
it in other links too (then it is how the translation renders some source name throughout, "Noël" →
"Yuletide", not a swap made in this link). Counting by a regex scan of the whole document for every
name of every link made the rule quadratic in the document's length; a document's word runs are
sorted once here and each count is a range of that list. Counts are folded (accents and case aside)
or, for a word people are called by, as written (:func:`capitalised_count`: "a major success" says
nothing of "Voices for Major").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from functools import lru_cache

from tqcheck.lang.folding import fold

WORD_RE = re.compile(r"[^\W\d_]+")


def name_count(name: str, text: str) -> int:
    """How often the rarest word of ``name`` starts a word of ``text`` (accents and case aside):
    "Falkland" is counted in "Falklands", "Christmas Day" in "Christmas"."""
    words = [w for w in WORD_RE.findall(fold(name)) if len(w) >= 3] or [fold(name)]
    return min(starts(w, text) for w in words)


RUN_RE = re.compile(r"\w+")


def capitalised_count(word: str, text: str) -> int:
    """How often ``word`` starts a word of ``text`` written with its capitals ("Major" counts
    "Major" and "Majors", not "major"): a common English word written in lower case elsewhere is
    that word, not a rendering of some name the translation uses throughout."""
    return starts(word, text, folded=False)


@lru_cache(maxsize=4)
def sorted_runs(text: str, folded: bool = True) -> tuple[list[str], list[int]]:
    """The distinct runs of word characters of folded ``text``, sorted, and how many runs come before each.

    Built once for a whole document. Distinct runs with running counts (the
    last count is the total) give the same counts as the list of every run
    in a fraction of the memory: a 20,000-pair document has ~500,000 runs
    per side but only a tenth as many distinct ones.
    """
    counts = Counter(RUN_RE.findall(fold(text) if folded else text))
    runs = sorted(counts)
    before = [0]
    for run in runs:
        before.append(before[-1] + counts[run])
    return runs, before


def starts(word: str, text: str, folded: bool = True) -> int:
    """How many times ``word`` starts a word of ``text`` (folded, or as written): ``(?<!\\w)word``, counted.

    A word of word characters matches exactly at the start of each run of word
    characters that begins with it, so a document's runs are sorted once and the
    count is a range of that list; it was a regex scan of the whole document
    for every name of every link. Other words keep the scan.
    """
    if not RUN_RE.fullmatch(word) or ord(word[-1]) == 0x10FFFF or len(text) < 2000:
        return len(re.findall(rf"(?<!\w){re.escape(word)}", fold(text) if folded else text))
    runs, before = sorted_runs(text, folded)
    after = word[:-1] + chr(ord(word[-1]) + 1)  # the first string past every one starting with word
    return before[bisect_left(runs, after)] - before[bisect_left(runs, word)]


