"""Corruptions of whole sentences: omission (TQ101), addition (TQ102), untranslated (TQ401), and the
legitimate merge and split that must raise nothing.
"""

from __future__ import annotations

import random
import re

from tqcheck.eval.gold import GoldLink, GoldTranslation
from tqcheck.eval.inject.edits import InjectedCase, edit_target, label, one_one

#: How a sentence ends: a full stop, question or exclamation mark, or one before a closing quote or bracket.
_ENDS_SENTENCE = re.compile(r"[.!?…][\"”’'»)\]]*$")


def omission(gold: GoldTranslation, rng: random.Random, case: InjectedCase) -> bool:
    """Drop one translated sentence: the source sentence becomes a 1-0 link."""
    candidates = one_one(gold)
    if len(gold.links) < 4 or not candidates:
        return False
    i = rng.choice(candidates)
    (start, end) = case.links[i].target[0]
    # swallow the space after the sentence (or before it at a paragraph end)
    text = case.target_text
    if end < len(text) and text[end] == " ":
        end += 1
    elif start > 0 and text[start - 1] == " ":
        start -= 1
    elif end < len(text) and text[end] == "\n" and (start == 0 or text[start - 1] == "\n"):
        end += 1  # a one-sentence paragraph: drop its line
    source_range = case.links[i].source[0]
    case.links[i] = GoldLink(case.links[i].source, ())
    edit_target(case, start, end, "")
    label(case, "TQ101", source=source_range)
    return True


def addition(gold: GoldTranslation, rng: random.Random, case: InjectedCase, donors: list[str]) -> bool:
    """Insert a sentence from another document after a translated sentence: a 0-1 link.

    Only after a sentence that ends as sentences do: glued onto a heading (news
    files hold one per article, with no full stop) the addition would make one
    run-on line, "Team wins in Spain The museum reopens in May.", which
    no translator writes and no reader or segmenter can cut.
    """
    candidates = [
        i for i in one_one(gold) if _ENDS_SENTENCE.search(gold.target_text[slice(*gold.links[i].target[-1])])
    ]
    if not candidates or not donors:
        return False
    i = rng.choice(candidates)
    sentence = rng.choice(donors)
    _, end = case.links[i].target[-1]
    insert = " " + sentence
    edit_target(case, end, end, insert)
    new_range = (end + 1, end + 1 + len(sentence))
    case.links.insert(i + 1, GoldLink((), (new_range,)))
    label(case, "TQ102", target=new_range)
    return True


def untranslated(gold: GoldTranslation, rng: random.Random, case: InjectedCase) -> bool:
    """Leave one sentence in French."""
    candidates = [
        i for i in one_one(gold) if len(gold.source_text[slice(*gold.links[i].source[0])].split()) >= 5
    ]
    if not candidates:
        return False
    i = rng.choice(candidates)
    s = case.links[i].source[0]
    french = case.source_text[s[0] : s[1]]
    start, end = case.links[i].target[0]
    edit_target(case, start, end, french)
    case.links[i] = GoldLink(case.links[i].source, ((start, start + len(french)),))
    label(case, "TQ401", target=(start, start + len(french)))
    return True


def merge(gold: GoldTranslation, rng: random.Random, case: InjectedCase) -> bool:
    """Join two consecutive translated sentences into one (a legitimate 2-1): no finding."""
    text = gold.target_text
    candidates = []
    for i in one_one(gold)[:-1]:
        nxt = i + 1
        if gold.links[nxt].kind != "1-1":
            continue
        (_, e1), (s2, _) = gold.links[i].target[0], gold.links[nxt].target[0]
        between = text[e1:s2]
        if between == " " and text[e1 - 1] == "." and text[s2].isupper() and text[s2 : s2 + 2] != "I ":
            candidates.append(i)
    if not candidates:
        return False
    i = rng.choice(candidates)
    (s1, e1), (s2, _) = case.links[i].target[0], case.links[i + 1].target[0]
    first_word = re.match(r"\w+", case.target_text[s2:])
    keep_case = first_word and (first_word.group(0).isupper() or _looks_like_name(first_word.group(0)))
    joiner = "; " + (case.target_text[s2] if keep_case else case.target_text[s2].lower())
    edit_target(case, e1 - 1, s2 + 1, joiner)
    merged = (s1, case.links[i + 1].target[0][1])
    case.links[i : i + 2] = [GoldLink(case.links[i].source + case.links[i + 1].source, (merged,))]
    return True


def _looks_like_name(word: str) -> bool:
    return word[0].isupper() and word.lower() not in {
        "the",
        "a",
        "an",
        "this",
        "it",
        "he",
        "she",
        "they",
        "we",
        "in",
        "on",
        "but",
        "and",
        "however",
        "for",
        "at",
    }


def split(gold: GoldTranslation, rng: random.Random, case: InjectedCase) -> bool:
    """Split one translated sentence at ", but"/", and"/"; " (a legitimate 1-2): no finding."""
    candidates = []
    for i in one_one(gold):
        tgt = gold.target_text[slice(*gold.links[i].target[0])]
        for m in re.finditer(r"(, (?:but|and|while|although) |; )(?=[a-z])", tgt):
            if 25 <= m.start() and len(tgt) - m.end() >= 25:
                candidates.append((i, m))
    if not candidates:
        return False
    i, m = rng.choice(candidates)
    start = case.links[i].target[0][0]
    a, b = start + m.start(), start + m.end()
    connector = m.group(1).strip(" ,;")
    rest_first = case.target_text[b]
    new = (
        ". " + (connector.capitalize() + " " if connector else "") + ("" if connector else rest_first.upper())
    )
    consumed_end = b if connector else b + 1
    end_first = a + 1
    edit_target(case, a, consumed_end, new)
    link_end = case.links[i].target[0][1]
    case.links[i] = GoldLink(case.links[i].source, ((start, end_first), (end_first + 1, link_end)))
    return True
