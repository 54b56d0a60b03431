"""Cutting a document into sentences, with character offsets into its text.

One regular expression finds every *candidate* end (terminal punctuation,
closing quotes and brackets, whitespace, then something that can start a
sentence); a few cheap tests then veto the candidates that follow an
abbreviation, an initial or a list number. That keeps segmentation linear and
fast (hundreds of thousands of sentences per second), which matters because
it runs on every document and a CI job may check thousands.

Language knowledge lives in data files, ``tqcheck/data/lang/<lang>/``:
``abbreviations.txt`` (never end a sentence: ``M.``, ``Dr.``, ``e.g.``) and
``abbreviations_final.txt`` (may end one: ``etc.``, ``a.m.``). A language
without files gets the structural rules only.

Sentences never cross a paragraph; a title line without final punctuation is
its own paragraph and so its own sentence. Leading list bullets and
surrounding spaces are left out of a sentence; text with no letter or digit
(a ``***`` separator) is not a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tqcheck.datatypes import Document, Segmentation, Sentence
from tqcheck.languages import lang_file, load_wordlist

_SP = r"[ \t\u00a0\u202f\u2009]"
# A candidate end: terminal punctuation (ellipsis, ?!, French "! ?"), closing
# quotes/brackets (French » may follow a space), then whitespace, then a
# plausible sentence start (capital or digit, possibly after an opening quote,
# bracket, dash or bullet).
_CANDIDATE = re.compile(
    rf"""
    (?P<term>\.\.\.|…|[.!?](?:{_SP}?[!?])*)
    (?P<close>(?:["”’'»)\]]|{_SP}[»”])*)
    (?:
        (?P<gap>\s+)(?=[«“"‘'(\[¿¡\-–—•*]?{_SP}?[A-ZÀ-ÖØ-ÞŒ0-9])
      | (?<=[a-zà-ÿ]{{3}}[.!?])(?=[A-ZÀ-Ý][a-zà-ÿ](?:[a-zà-ÿ]|{_SP}))  # "virus.Outside", "area.In late": a missing space
    )
    """,
    re.VERBOSE,
)
# Inside a paragraph a line break is a boundary before a list item, and after
# a Markdown heading; elsewhere it is hard wrapping.
_ITEM_START = re.compile(r"[ \t]*(?:[-–—•*▪◦]|\d{1,3}[.)])[ \t\u00a0]")
_BULLET = re.compile(r"(?:[-–—•*▪◦]|#+)[ \t\u00a0]+")
_WORDY = re.compile(r"\w")
_ENUMERATOR = re.compile(r"(?:\d{1,3}|[a-zA-Z]|[IVXLC]{1,6})")
_DOTTED = re.compile(r"(?:\w{1,3}\.)+\w{1,3}")
_OPENERS = "«“\"‘'([¿¡"


@dataclass(frozen=True)
class LanguageRules:
    """The segmentation data of one language."""

    never_final: frozenset[str]
    maybe_final: frozenset[str]
    speech_verbs: frozenset[str] = frozenset()
    short_openers: frozenset[str] = frozenset()  # two-letter words that may start a sentence glued to a full stop


@lru_cache(maxsize=16)
def language_rules(lang: str) -> LanguageRules:
    """Abbreviation lists of ``lang``; empty for a language without data (structural rules only)."""
    return LanguageRules(
        never_final=load_wordlist(lang_file(lang, "abbreviations.txt")),
        maybe_final=load_wordlist(lang_file(lang, "abbreviations_final.txt")),
        speech_verbs=load_wordlist(lang_file(lang, "speech_verbs.txt")),
        short_openers=load_wordlist(lang_file(lang, "short_openers.txt")),
    )


def _token_before(text: str, end: int, floor: int) -> str:
    """The whitespace-delimited token ending at ``end`` (exclusive), opening punctuation stripped."""
    i = end
    while i > floor and not text[i - 1].isspace():
        i -= 1
    return text[i:end].lstrip(_OPENERS)


def _is_boundary(text: str, m: re.Match[str], sent_start: int, rules: LanguageRules) -> bool:
    term = m.group("term")
    if m.group("gap") is None and text[m.end() + 2 : m.end() + 3].isspace():
        # "the area.In late March": a missing space before a two-letter word; "Node.Js" is a name
        return text[m.end() : m.end() + 2].lower() in rules.short_openers
    if term != ".":
        return True  # ?, !, ellipsis: only the capital after them is required
    dot = m.start("term")
    token = _token_before(text, dot, sent_start)
    if not token:
        return True
    if token in rules.never_final:
        return False
    if token in rules.maybe_final:
        return True
    # "av. J.-C." and friends: the last two tokens together.
    if "." in token or "-" in token:
        prev_end = dot - len(token)
        while prev_end > sent_start and text[prev_end - 1].isspace():
            prev_end -= 1
        prev = _token_before(text, prev_end, sent_start)
        if prev and f"{prev} {token}" in rules.never_final:
            return False
        if _DOTTED.fullmatch(token) and not token.replace(".", "").isdigit():
            return False  # U.S.A., i.e. — dotted abbreviations not listed as final
    if len(token) == 1 and token.isupper():
        return False  # an initial: J. K. Rowling
    if text[sent_start:dot].strip() == token and _ENUMERATOR.fullmatch(token):
        return False  # a list number opening the sentence: "1. Introduction"
    return True


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    m = _BULLET.match(text, start, end)
    if m and m.end() < end:
        start = m.end()
    return start, end


def _line_cuts(text: str, start: int, end: int) -> list[int]:
    """Line breaks inside a paragraph that are boundaries rather than hard wrapping.

    Before a list item; after a Markdown heading; after a short line with no
    final punctuation followed by a capital (a title above its paragraph).
    Wrapped lines are nearly full-width, so "short" means well under the
    paragraph's longest line.
    """
    lines = []
    pos = start
    while True:
        nl = text.find("\n", pos, end)
        if nl < 0:
            lines.append((pos, end))
            break
        lines.append((pos, nl))
        pos = nl + 1
    widest = max(b - a for a, b in lines)
    cuts = []
    for (a, b), (c, _) in zip(lines, lines[1:], strict=False):
        prev = text[a:b].strip()
        nxt = text[c : c + 2].lstrip()
        if _ITEM_START.match(text, c, end) or prev.startswith("#"):
            cuts.append(c)
        elif (
            prev
            and prev[-1] not in ",;:-–("
            and nxt[:1].isupper()
            and len(prev) < 0.7 * widest
        ):
            cuts.append(c)
    return cuts


def split_spans(text: str, start: int, end: int, rules: LanguageRules) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]`` (one paragraph), trimmed, in order."""
    cuts = [start]
    if "\n" in text[start:end]:
        cuts.extend(_line_cuts(text, start, end))
    cuts.append(end)
    pieces = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if b <= a:
            continue
        sent_start = a
        for m in _CANDIDATE.finditer(text, a, b):
            if m.start() <= sent_start:
                continue
            if _is_boundary(text, m, sent_start, rules):
                cut = m.end("close")
                pieces.append((sent_start, cut))
                sent_start = m.end()
        pieces.append((sent_start, b))
    out: list[tuple[int, int]] = []
    for a, b in pieces:
        a, b = _trimmed(text, a, b)
        if b > a and _WORDY.search(text, a, b):
            if out and rules.speech_verbs and _is_attribution(text, out[-1], a, b, rules.speech_verbs):
                out[-1] = (out[-1][0], b)
            else:
                out.append((a, b))
    return out


def _is_attribution(text: str, prev: tuple[int, int], a: int, b: int, verbs: frozenset[str]) -> bool:
    """'"…there's a shark!" Hammel added.': a short tail after a closing quote belongs to the quote."""
    if text[prev[1] - 1] not in "\"”’'»" or "\n" in text[prev[1] : a]:
        return False
    tail = text[a:b]
    words = tail.rstrip(".").split()
    return tail.endswith(".") and 2 <= len(words) <= 3 and words[-1].lower() in verbs


def segment(doc: Document) -> Segmentation:
    """The document's sentences, in reading order, with offsets into ``doc.text``."""
    rules = language_rules(doc.lang)
    text = doc.text
    sentences: list[Sentence] = []
    for para in doc.paragraphs:
        for a, b in split_spans(text, para.start, para.end, rules):
            sentences.append(Sentence(len(sentences), a, b, text[a:b], para.index))
    return Segmentation(document=doc, sentences=tuple(sentences))
