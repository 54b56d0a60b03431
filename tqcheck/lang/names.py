"""Name-like tokens of a sentence, and whether the other side has a counterpart.

A candidate name is an acronym ("CSP", "ONU") or a capitalised word that is
not at the start of a sentence or a quotation and is not an ordinary word of
its language (simplemma's dictionary). Matching is lenient on purpose, since
names legitimately change in translation: the same word, accent-insensitive;
a listed equivalent (``pairs/fr-en/names.yaml``: "Allemagne" → "Germany",
"ONU" → "UN"); a cognate sharing its first letters ("Mali" ~ "Malian",
"Moscou" ~ "Moscow"); or, for an acronym, words whose initials spell it.

Also: a town under another of its GeoNames names, an abbreviation of the
name's own letters, and (:func:`same_sense`, :func:`rendered_by_sense`) the
cross-lingual encoder for names rendered by their meaning (issue #8).

About 840 lines, kept together: finding a name and finding its counterpart
read the same tokenisation, folded keys and name tables, and the matching
helpers (cognates, transliteration, acronym expansion) serve only this
module's public checks (:func:`has_counterpart`, :func:`misspelt_part`,
:func:`replaced_part`). The encoder helpers at the end read none of that and
could move to a module of their own.
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

# names compare with the apostrophe unified: "Côte d’Ivoire" is "Cote d'Ivoire"
from tqcheck.lang.cognate_index import CognateIndex
from tqcheck.lang.folding import fold_apostrophes as fold
from tqcheck.lang.person_names import opens_a_name, person_pair
from tqcheck.lang.quantities import lexicon
from tqcheck.lang.word_offsets import WordOffsets
from tqcheck.languages import lang_file, load_wordlist, load_yaml, pair_file
from tqcheck.nlp import is_common_word, is_known_word

PIECE_RE = re.compile(r"[^\W\d_][\w]*")
GAP_RE = re.compile(r"[\s\u00a0-]*(?:(?:de|du|des|la|le|les|of|the|d|l)['’\s\u00a0-]+)*", re.I)
TOKEN_RE = re.compile(r"[^\W\d_][\w]*(?:-[^\W\d_][\w]*)*", re.UNICODE)
ROMAN_RE = re.compile(r"^[IVXLCDM]+(?:e|er|ème|è|th|st|nd|rd)?$")
OPENERS = '.!?:;«"“(—–[•'
# a capitalised word, also right after an elided article or preposition ("l'Ukraine", "d'Obama",
# "qu'Airbus"): the apostrophe there does not join two words of one name
#: Capitals of Latin Extended-A/B too ("Čepický", "Šťastný", "Łódź", "Ősz"): the news names people and
#: places of Central Europe, whose names were not read as names at all without them.
EXTENDED_CAPITALS = "".join(chr(i) for i in range(0x100, 0x250) if chr(i).isupper())
CAPITALISED_RE = re.compile(
    r"(?:(?<=\b[dlDL]['’])|(?<=\b[qQ]u['’])|(?<![\w’'-]))[A-ZÀ-ÖØ-Þ"
    + EXTENDED_CAPITALS
    + r"][\w]*(?:-[^\W\d_][\w]*)*"
)
#: A title or an initial abbreviated with a full stop ("M. Tremblay", "Dr. Rossi", "J. Smith"): the
#: stop after it does not end a sentence, so the capitalised word after it is no sentence start.
ABBREVIATION_RE = re.compile(r"(?<![\w.])(?:[A-ZÀ-Þ]|[A-Z][a-z]{1,2}|Mgr|Mme|Mlle|Mmes|Prof)\.$")
UPPER_RE = re.compile(r"[^\W\d_a-zß-ÿ]")
LETTER_RE = re.compile(r"[^\W\d_]")
CONNECTOR_GAP_RE = re.compile(
    r"[ \u00a0](?:de|du|des|la|le|of|the|van|von|da|di|al|el|bin|ben)[ \u00a0]|[ \u00a0](?:de[ \u00a0]la|of[ \u00a0]the)[ \u00a0]|[ \u00a0][dl]['’]"
)
CONNECTORS = {
    "de",
    "du",
    "des",
    "d",
    "la",
    "le",
    "les",
    "of",
    "the",
    "and",
    "et",
    "van",
    "von",
    "da",
    "di",
    "al",
    "el",
    "bin",
    "ben",
}


@dataclass(frozen=True)
class Name:
    """A run of capitalised tokens ("Brett Kavanaugh", "Basse-Californie") or an acronym."""

    start: int
    end: int
    text: str
    acronym: bool
    parts: tuple[str, ...] = ()


@lru_cache(maxsize=8)
def _phrase_index(pair: str, forward: bool) -> dict[str, tuple[str, ...]]:
    """Every listed name (folded, hyphens as spaces) by each of its words."""
    table = name_table(pair)[0 if forward else 1]
    index: dict[str, list[str]] = {}
    for phrase in table:
        for word in set(phrase.replace("-", " ").split()) | {phrase}:
            index.setdefault(word, []).append(phrase)
    return {k: tuple(v) for k, v in index.items()}


@lru_cache(maxsize=4)
def name_table(pair: str) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Folded French name → folded English forms, and the reverse."""
    data = load_yaml(pair_file(pair, "names.yaml")) or {}
    forward: dict[str, set[str]] = {}
    backward: dict[str, set[str]] = {}
    for fr, ens in data.items():
        for en in ens:
            forward.setdefault(fold(str(fr)), set()).add(fold(str(en)))
            backward.setdefault(fold(str(en)), set()).add(fold(str(fr)))
    if pair == "fr-en":
        # CLDR territories, cities, languages and currencies, ISO 3166 and holiday names
        from tqcheck.lang.name_resources import resource_names

        for fr, ens in resource_names().items():
            for en in ens:
                forward.setdefault(fold(fr), set()).add(fold(en))
                backward.setdefault(fold(en), set()).add(fold(fr))
    return (
        {k: tuple(v) for k, v in forward.items()},
        {k: tuple(v) for k, v in backward.items()},
    )


@lru_cache(maxsize=8)
def _stoplist(lang: str) -> frozenset[str]:
    return load_wordlist(lang_file(lang, "name_stoplist.txt"))


def _unaccented_capital(word: str, lang: str) -> str | None:
    """The word with the accent French often leaves off a capital put back ("Etats" → "États",
    "Ecole" → "École", "Eglise" → "Église"), or None when there is none to put back."""
    if lang == "fr" and len(word) >= 3 and word[0] == "E" and word[1:2].islower():
        return "É" + word[1:]
    return None


@lru_cache(maxsize=100_000)
def is_known(word: str, lang: str) -> bool:
    """:func:`is_known_word`, also for a French word written without the accent of its capital."""
    accented = _unaccented_capital(word, lang)
    return is_known_word(word, lang) or (accented is not None and is_known_word(accented, lang))


@lru_cache(maxsize=100_000)
def is_common(word: str, lang: str) -> bool:
    """:func:`is_common_word`, also for a French word written without the accent of its capital."""
    accented = _unaccented_capital(word, lang)
    return is_common_word(word, lang) or (accented is not None and is_common_word(accented, lang))


@lru_cache(maxsize=1024)
def is_currency_code(code: str) -> bool:
    """Whether an upper-case word is an ISO 4217 currency code CLDR names ("GBP", "HUF", "CZK").

    Why: a currency code is a unit, rendered by a symbol or a word ("£", "forints"); amounts and
    their currencies are the unit and number rules' to compare, not a name's.
    """
    if len(code) != 3 or not code.isupper():
        return False
    try:
        from babel.numbers import get_currency_name
    except ImportError:  # pragma: no cover - Babel is a declared dependency
        return False
    return get_currency_name(code, locale="en") != code


@lru_cache(maxsize=100_000)
def _is_name_token(core: str, lang: str, other: str, lenient: bool = False) -> bool:
    """An acronym or a capitalised word that is no known word (``lenient``: no common word of ``lang``)."""
    if ROMAN_RE.match(core) or core in _stoplist(lang) or is_currency_code(core):
        return False
    cardinals = lexicon(lang).cardinals
    if all(piece in cardinals for piece in core.lower().split("-")):
        return False  # "Vingt-Sept" (the EU's 27), "Seven"
    if core.isupper():
        # "NOT", "MERCI": a shouted word, not an acronym; two letters ("AZ", "GC") only when listed
        if len(core) >= 3 and (is_known_word(core.lower(), lang) or is_known_word(core.lower(), other)):
            return False
        return len(core) >= 3 or fold(core) in name_table("fr-en")[0] or fold(core) in name_table("fr-en")[1]
    if lenient:
        return len(core) >= 3 and not is_common(core, lang)
    return len(core) >= 3 and not (is_known(core, lang) or is_known_word(core, other))


def is_name_word(word: str, lang: str, other: str) -> bool:
    """Whether one word taken alone is an acronym or a capitalised word that is no common word."""
    return _is_name_token(word, lang, other, True)


@lru_cache(maxsize=20000)
def _capitalised_runs(text: str) -> tuple[tuple[tuple[tuple[int, int, str], ...], bool], ...]:
    """Runs of capitalised tokens (start, end, word), each with whether its first word starts the
    sentence (capitalised as a sentence start, maybe no name: "Selon Christine Ford").

    The part of :func:`candidate_names` that does not depend on the languages or
    on how lenient the caller is: computed once per sentence, not once per variant.
    """
    n_upper = len(UPPER_RE.findall(text))
    if n_upper == 0:
        return ()
    if n_upper > 0.6 * len(LETTER_RE.findall(text)):
        return ()  # a headline in capitals: every word looks like an acronym
    runs: list[list[tuple[int, int, str]]] = []
    last_end = -10
    for m in CAPITALISED_RE.finditer(text):
        w = m.group(0)
        start, end = m.start(), m.end()
        if any(map(str.isdigit, w)):
            last_end = -10
            continue  # "SS19", "A380": a code
        if "-" in w and not all(p[:1].isupper() for p in w.split("-")):
            w = w.split("-")[0]  # "PNG-registered", "War-era"
            end = start + len(w)
        if w.endswith("s") and w[:-1].isupper() and len(w) >= 3:
            w, end = w[:-1], end - 1  # "AMs", "NGOs"
        gap = text[last_end:start]
        if runs and last_end >= 0 and (gap in (" ", "\u00a0", "-") or CONNECTOR_GAP_RE.fullmatch(gap)):
            runs[-1].append((start, end, w))
        else:
            runs.append([(start, end, w)])
        last_end = m.end()
    out = []
    for run in runs:
        before = text[: run[0][0]].rstrip()
        if (
            not before
            or (before[-1] in OPENERS and not ABBREVIATION_RE.search(before))
            or before.endswith("...")
        ):
            if not run[0][2].isupper() or len(run[0][2]) < 2:
                out.append((tuple(run), True))
                continue
        out.append((tuple(run), False))
    return tuple(out)


@lru_cache(maxsize=100_000)  # three variants per sentence and language: 20,000 thrashed on long documents
def candidate_names(text: str, lang: str, other: str, lenient: bool | str = False) -> tuple[Name, ...]:
    """Runs of capitalised tokens holding at least one acronym or non-word, not sentence-initial.

    A run is kept whole so that a name is matched when any part of it is
    ("Brett Kavanaugh" ~ "Kavanaugh"); the sentence-initial word of a run is
    dropped, unless the run goes on after it and the word is no word of ``lang``
    ("Miroslav Čepický a dit": a first name; "Selon Christine Ford": a word).
    """
    out = []
    for full, initial in _capitalised_runs(text):
        run = full
        if initial and (
            (len(full) < 2 and not _titled(text, full[0], lang, other))
            or (is_known(full[0][2], lang) and not opens_a_name(tuple(w for _, _, w in full), lang))
            or full[0][2] in _stoplist(lang)
        ):
            run = full[1:]
        if not run:
            continue
        parts = tuple(w for _, _, w in run)
        if lenient == "any":  # every capitalised run, dictionary words included ("Tours", "Android")
            flagged = [w for w in parts if len(w) >= 2 and not ROMAN_RE.match(w) and w not in _stoplist(lang)]
        else:
            flagged = [w for w in parts if _is_name_token(w, lang, other, bool(lenient))]
        if not flagged:
            continue
        acronym = all(w.isupper() for w in flagged)
        out.append(Name(run[0][0], run[-1][1], text[run[0][0] : run[-1][1]], acronym, parts))
    return tuple(out)


QUOTES = '«"“'


def _titled(text: str, word: tuple[int, int, str], lang: str, other: str) -> bool:
    """Whether a one-word run just after an opening quote mark inside a sentence is a title's or a
    name's first word rather than a quoted sentence's: no word of either language ("pour « Sangre de
    mayo »", "de « Volver a empezar »"). A known word there starts a quotation ("« Selon lui »")."""
    before = text[: word[0]].rstrip()
    return (
        len(before) > 1
        and before[-1] in QUOTES
        and before[:-1].rstrip()[-1:] not in OPENERS
        and not word[2].isupper()
        and _is_name_token(word[2], lang, other)
    )


class _Tokens(tuple):  # noqa: SLOT001 - a __dict__ holds the hash
    """A tuple of folded tokens that hashes once.

    Why: the token tuple of a whole document (100,000 words) is an argument
    of several cached look-ups (:func:`_has_cognate`, :func:`_transliterated`,
    :func:`_skeletons`), and a plain tuple is hashed afresh, word by word, on
    every call: TQ304 spent milliseconds a link hashing it.
    """

    def __hash__(self) -> int:
        h = self.__dict__.get("hash")
        if h is None:
            h = self.__dict__["hash"] = tuple.__hash__(self)
        return h


DOCUMENT_CHARS = 2000
"""Texts longer than this are whole documents (or sides of one): their folded tokens get a cache of their own."""


@lru_cache(maxsize=20000)
def _folded_tokens(text: str, with_parts: bool = True) -> tuple[str, ...]:
    """Folded words, elisions and possessives split off ("l'OTAN" → "otan", "Britain's" → "britain").

    Hyphenated words are kept whole and, ``with_parts``, also given piece by piece;
    without, they are given as their pieces only.
    """
    if len(text) > DOCUMENT_CHARS:
        return _document_tokens(text, with_parts)
    return _fold_tokens(text, with_parts)


@lru_cache(maxsize=4)
def _document_tokens(text: str, with_parts: bool) -> tuple[str, ...]:
    """A whole document's :func:`_folded_tokens`, in a small cache the per-text trims leave alone.

    The rules engine empties the per-text caches between blocks of a long
    document (:mod:`tqcheck.memo`); folding the whole document again after
    each block would make a long document's check quadratic in its length.
    """
    return _fold_tokens(text, with_parts)


def _fold_tokens(text: str, with_parts: bool) -> tuple[str, ...]:
    out = []
    for t in TOKEN_RE.findall(text):
        f = fold(t)
        if "-" in f:
            if with_parts:
                out.append(f)
            out.extend(p for p in f.split("-") if p)
        else:
            out.append(f)
    return _Tokens(out)


@lru_cache(maxsize=200_000)
def _cognate(a: str, b: str) -> bool:
    if a == b:
        return True
    n = min(len(a), len(b))
    prefix = 0
    while prefix < n and a[prefix] == b[prefix]:
        prefix += 1
    if prefix >= 4 or (prefix >= 3 and prefix == min(len(a), len(b))):
        return True
    if len(a) < 4 or len(b) < 4:
        return False
    # difflib's ratio is 2·M/T with M at most the shorter length and at most the letters the two
    # share: most pairs fail these bounds, and SequenceMatcher is only built for the rest
    total = len(a) + len(b)
    if 2.0 * n / total < 0.75:
        return False
    shared = sum(min(a.count(c), b.count(c)) for c in set(a))
    if 2.0 * shared / total < 0.75:
        return False
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.75


# a text of more words than this (a whole document) is searched through a CognateIndex
COGNATE_INDEX_FROM = 1000


@lru_cache(maxsize=4)
def _cognate_index(tokens: tuple[str, ...]) -> CognateIndex:
    return CognateIndex(tokens)


@lru_cache(maxsize=100_000)
def _has_cognate(key: str, tokens: tuple[str, ...]) -> bool:
    """Whether a token of three letters or more is a cognate of ``key``.

    A whole document's tokens go through an index built once, so asking for
    every name of every link does not test every word of the document each time.
    """
    if len(tokens) > COGNATE_INDEX_FROM:
        return any(_cognate(key, t) for t in _cognate_index(tokens).candidates(key))
    return any(_cognate(key, t) for t in _distinct_words(tokens))


@lru_cache(maxsize=20000)
def _distinct_words(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """The distinct tokens of three letters or more, in order: a link's words ("the", "of", a name
    written twice) are each tested once against a name, not once per occurrence (issue #13)."""
    return tuple(dict.fromkeys(t for t in tokens if len(t) >= 3))


@lru_cache(maxsize=20000)
def _skeletons(tokens: tuple[str, ...]) -> frozenset[str]:
    from tqcheck.lang.name_resources import translit_key

    return frozenset(translit_key(t) for t in set(tokens) if len(t) >= 4)  # each distinct word once


@lru_cache(maxsize=100_000)
def _transliterated(key: str, tokens: tuple[str, ...]) -> bool:
    """Whether a token spells ``key`` after the other language's transliteration (same skeleton,
    or one letter apart in a skeleton of six letters or more: "Tchécoslovaquie" ~ "Czechoslovakia")."""
    from tqcheck.lang.name_resources import translit_key

    mine = translit_key(key)
    skeletons = _skeletons(tokens)
    if mine in skeletons:
        return True
    return len(mine) >= 6 and any(
        sum(a != b for a, b in zip(s, mine, strict=True)) == 1 for s in _skeletons_by_length(tokens).get(len(mine), ())
    )


@lru_cache(maxsize=20000)
def _skeletons_by_length(tokens: tuple[str, ...]) -> dict[int, tuple[str, ...]]:
    """:func:`_skeletons` grouped by length: a one-letter slip is looked for among equal lengths only."""
    out: dict[int, list[str]] = {}
    for s in _skeletons(tokens):
        out.setdefault(len(s), []).append(s)
    return {n: tuple(group) for n, group in out.items()}


@lru_cache(maxsize=20000)
def _sorted_acronyms(text: str) -> frozenset[str]:
    """The letters, sorted, of every upper-case word of ``text`` ("AI" → "ai"): acronyms in any order.

    A plural acronym counts without its "s" ("SMEs" → "ems")."""
    words = (w[:-1] if w.endswith("s") and w[:-1].isupper() else w for w in TOKEN_RE.findall(text))
    return frozenset("".join(sorted(t)) for t in (fold(w) for w in words if w.isupper() and len(w) >= 2))


def _one_letter_apart(a: str, b: str) -> bool:
    """Whether two sorted letter strings of one length differ by a single letter."""
    rest = list(a)
    for c in b:
        if c in rest:
            rest.remove(c)
    return len(rest) <= 1


def _expansion_rendered(acronym: str, sentence: str, tokens: tuple[str, ...]) -> bool:
    """Whether the words the sentence spells out before "(ACRONYM)" mostly have cognates in ``tokens``."""
    i = sentence.find(f"({acronym})")
    if i < 0:
        return False
    words = [w for w in TOKEN_RE.findall(sentence[:i]) if fold(w) not in CONNECTORS][-len(acronym) :]
    if len(words) < len(acronym) or {fold(w)[0] for w in words} != set(fold(acronym)):
        return False
    found = sum(1 for w in words if any(_cognate(fold(w), t) for t in tokens if len(t) >= 3))
    return found * 2 >= len(words)


@lru_cache(maxsize=20000)
def _spaced(text: str) -> str:
    """Folded words joined by single spaces, hyphens as spaces, padded: for phrase look-ups.

    Cached: rules look names up in the whole document once per link, and
    re-folding the document each time made TQ304 quadratic in its length.
    """
    if len(text) > DOCUMENT_CHARS:
        return _document_spaced(text)
    return " " + " ".join(_folded_tokens(text, False)) + " "


@lru_cache(maxsize=4)
def _document_spaced(text: str) -> str:
    """A whole document's :func:`_spaced`, kept across the per-text trims (see :func:`_document_tokens`)."""
    return " " + " ".join(_folded_tokens(text, False)) + " "


@lru_cache(maxsize=100_000)
def has_counterpart(name: Name, sentence: str, other_text: str, lang: str, pair: str) -> bool:
    """Whether ``other_text`` (the other side) renders ``name`` (any part of it) in some way.

    Cached: TQ304 asks about a name several times per link (swaps, strangers, missing names).
    """
    forward, backward = name_table(pair)
    table = forward if lang == pair.split("-")[0] else backward
    tokens = _folded_tokens(other_text, True)
    other_spaced = _spaced(other_text)
    here_spaced = _spaced(sentence)
    parts = [fold(p) for p in (name.parts or (name.text,))]
    pieces = {piece for p in parts for piece in p.split("-") if len(piece) >= 2} | set(parts)
    # a whole document is searched for a word only when its word set holds it (see _phrase_in)
    big = len(other_text) > DOCUMENT_CHARS
    for key in pieces:
        spaced_key = key.replace("-", " ")
        if _phrase_in(spaced_key, other_text, other_spaced, big):
            return True
        # a listed equivalent, for the name alone or inside a listed phrase around it
        for phrase in _phrase_index(pair, table is forward).get(key, ()):
            renderings = table[phrase]
            spaced_phrase = phrase.replace("-", " ")
            if key == phrase or (key in spaced_phrase.split() and f" {spaced_phrase} " in here_spaced):
                for r in renderings:
                    spaced = _spaced(r)
                    if (not big or _plural_words_known(spaced, other_text)) and (
                        spaced in other_spaced or f"{spaced[:-1]}s " in other_spaced or f"{spaced[:-1]}es " in other_spaced
                    ):
                        return True  # "small business" ~ "small businesses"
                    # "américain" ~ "américaines", "britannique" ~ "britanniques"
                    if " " not in r and len(r) >= 4 and _starts_a_token(r, tokens, big):
                        return True
        if len(key) >= 3 and _has_cognate(key, tokens):
            return True
        if len(key) >= 4 and _transliterated(key, tokens):
            return True  # "Poutine" ~ "Putin", "Khodorkovski" ~ "Khodorkovsky"
        if name.acronym and _expansion_rendered(name.text, sentence, tokens):
            return True  # "Cadre stratégique permanent (CSP)" ~ "Permanent Strategic Framework"
        if name.acronym and key.isalpha() and len(key) <= 6:
            acronyms = _sorted_acronyms(other_text)  # only an acronym needs them
            if "".join(sorted(key)) in acronyms:
                return True  # "IA" ~ "AI", "VIH" ~ "HIV", "URSS" ~ "USSR"
            if len(key) >= 3 and any(
                len(a) == len(key) and _one_letter_apart(a, "".join(sorted(key))) for a in acronyms
            ):
                return True  # "EEE" ~ "EEA", "CPF" ~ "FPC": one word of the expansion translated differently
            # "CSP" ~ "Cadre stratégique permanent": words whose initials spell it
            if big:
                initials = _initial_counts(tokens)
                if all(initials.get(c, 0) >= key.count(c) for c in set(key)):
                    return True
                continue
            letters = list(key)
            for t in tokens:
                if len(t) >= 3 and t[0] in letters:
                    letters.remove(t[0])
                    if not letters:
                        return True
    return not name.acronym and (_abbreviated(name, other_text) or _same_town(name, other_text))


def _phrase_in(phrase: str, text: str, spaced: str, big: bool) -> bool:
    """Whether ``spaced`` (``_spaced(text)``) holds `` phrase `` (folded words, one space apart).

    For a whole document (``big``), its word set is asked first: a phrase between spaces
    is made of whole pieces of the spaced text, so a word the set lacks rules it out
    without scanning megabytes (issue #13: names were looked up in the whole source once
    per stranger of a link, a scan each).
    """
    if big:
        known = _spaced_words(text)
        if any(w not in known for w in phrase.split(" ")):
            return False
    return f" {phrase} " in spaced


def _plural_words_known(spaced: str, text: str) -> bool:
    """Whether ``text``'s word set holds every word of the spaced phrase ``spaced``, its last word
    alone or with "s" or "es": what the phrase, or its plural, in ``_spaced(text)`` needs."""
    words = spaced[1:-1].split(" ")
    if not spaced.strip():
        return True  # no word to ask: the scan decides
    known = _spaced_words(text)
    last = words[-1]
    return all(w in known for w in words[:-1]) and (
        last in known or f"{last}s" in known or f"{last}es" in known
    )


@lru_cache(maxsize=4)
def _sorted_distinct(tokens: tuple[str, ...]) -> list[str]:
    """A whole document's distinct tokens, sorted: the words starting with a prefix are a range of it."""
    return sorted(set(tokens))


def _starts_a_token(prefix: str, tokens: tuple[str, ...], big: bool) -> bool:
    """Whether a token of ``tokens`` starts with ``prefix``: by bisection in a whole document's
    sorted words (``big``), by a scan of a link's few."""
    if not big:
        return any(t.startswith(prefix) for t in tokens)
    words = _sorted_distinct(tokens)
    i = bisect_left(words, prefix)
    return i < len(words) and words[i].startswith(prefix)


@lru_cache(maxsize=4)
def _initial_counts(tokens: tuple[str, ...]) -> dict[str, int]:
    """How many tokens of three letters or more start with each letter, for a whole document:
    the letters of an acronym are all initials of its words when each is counted often enough."""
    return dict(Counter(t[0] for t in tokens if len(t) >= 3))


def _abbreviated(name: Name, other_text: str) -> bool:
    """Whether the other side writes the name as an abbreviation of its own letters, in order
    ("Volkswagen" → "VW", "Hospodářské noviny" → "HN")."""
    whole = "".join(_folded_tokens(name.text, False))
    return any(_abbreviation(fold(w), whole) for w in _upper_words(other_text) if 2 <= len(w) < len(whole))


@lru_cache(maxsize=4096)
def _upper_words(text: str) -> tuple[str, ...]:
    """The distinct words of ``text`` in capitals, in order: cached, ``text`` is often the whole other
    side, whose acronyms recur hundreds of times (each is tried once)."""
    return tuple(dict.fromkeys(w for w in TOKEN_RE.findall(text) if w.isupper()))


def _same_town(name: Name, other_text: str) -> bool:
    """Whether the other side names a town ``name`` (or a part of it) is one of the names of, in
    GeoNames' alternate names ("Karlovy Vary" ~ "Carlsbad", "Plzeň" ~ "Pilsen", "Bombay" ~ "Mumbai")."""
    from tqcheck.lang.name_resources import place_ids, places_in

    keys = {" ".join(_folded_tokens(name.text, False))} | {fold(p) for p in name.parts if len(p) >= 4}
    ids = frozenset().union(*(place_ids(k) for k in keys))
    return bool(ids) and bool(ids & places_in(_folded_tokens(other_text, False)))


def misspelt_part(name: Name, other_text: str, lang: str = "fr", other: str = "en") -> tuple[str, str] | None:
    """A part of a multi-word name that the other side writes with its letters changed.

    "Karim Benali" → "Karim Belani": one part is found as written, another is
    missing but the other side has a word of the same length with the same
    letters shuffled, or one letter changed. Returns (part, variant) or None.
    """
    parts = [p for p in (name.parts or ()) if p[:1].isupper()]
    if len(parts) < 2:
        return None
    words = {fold(w): w for w in TOKEN_RE.findall(other_text) if w[:1].isupper()}
    found = [p for p in parts if fold(p) in words]
    if not found:
        return None
    for part in parts:
        key = fold(part)
        if key in words or len(key) < 4 or not _is_name_token(part, lang, other):
            continue  # "Université" ~ "University" is a word, not a misspelt name
        for folded, original in words.items():
            if len(folded) != len(key) or folded[0] != key[0]:
                continue
            diff = sum(1 for a, b in zip(key, folded, strict=True) if a != b)
            # letters swapped ("Benali" → "Belani"), or one consonant changed; a vowel changed
            # is usually a transliteration ("Dmitri" ~ "Dmitry", "Mohamed" ~ "Mohammed")
            changed = {a + b for a, b in zip(key, folded, strict=True) if a != b}
            if sorted(folded) == sorted(key) or (
                diff == 1 and len(key) >= 5 and not any(c in "aeiouy" for c in "".join(changed))
            ):
                if _respelt(part, original, lang, other):
                    continue
                return part, original
    return None


def _respelt(part: str, variant: str, lang: str, other: str) -> bool:
    """Whether a changed spelling is how the other language writes the name, or a slip the source
    made and the translation put right, rather than the translation's error.

    Transliterations merge in the skeleton ("Saakachvili" ~ "Saakashvili", "Ershow" ~ "Ershov");
    a variant the other language's dictionary knows, for a part that no dictionary knows, is the
    name spelt right ("Geogre" → "George", "Gilbratar" → "Gibraltar").
    """
    from tqcheck.lang.name_resources import translit_key

    if translit_key(part) == translit_key(variant):
        return True
    if _attested(variant) >= _attested(part) + ATTESTED_MARGIN:
        return True  # "Merker" → "Merkel", "Chrsitine" → "Christine": the translation writes the name the world writes
    return is_known_word(variant, other) and not (is_known(part, lang) or is_known_word(part, other))


#: How much more often (Zipf scale: 1.0 is ten times) the translation's spelling must be written in
#: the world's text than the source's to be the name spelt right. On the news (issue #8): source
#: slips 1.3-3.9 ("Addullah" 0 → "Abdullah" 3.5, "Merker" 1.5 → "Merkel" 3.8), translation slips -3 to
#: 0.2 ("Teixeira" 2.7 → "Teizeira" 0, "Fogleman" 1.4 → "Fogelman" 1.6).
ATTESTED_MARGIN = 1.0


@lru_cache(maxsize=20000)
def _attested(name: str) -> float:
    """How often a name is written in English or French text (wordfreq's Zipf frequency, the higher
    of the two; 0 for a spelling nobody writes). Why: of a name spelt two ways, the one the world
    writes is the right one, which no dictionary of words can tell for "Merkel" or "Topolanek"."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - wordfreq is a declared dependency
        return 0.0
    word = name.lower()
    return max(zipf_frequency(word, "en"), zipf_frequency(word, "fr"))


@lru_cache(maxsize=8)
def _spaced_words(text: str) -> frozenset[str]:
    """The space-separated pieces of ``_spaced(text)``: a word missing here is nowhere in it."""
    return frozenset(_spaced(text).split(" "))


@lru_cache(maxsize=20000)
def appears(name: str, text: str) -> bool:
    """Whether ``name`` occurs in ``text`` as it is (accents and case aside).

    ``text`` is often the whole document: a word of the name missing from its
    word set answers without scanning megabytes of text.
    """
    words = _folded_tokens(name, False)
    if words:
        known = _spaced_words(text)
        if any(" " not in w and w not in known for w in words):
            return False
        if len(words) == 1 and words[0] and " " not in words[0]:
            return True  # a word of the set is a whole piece between spaces: no scan needed
    return f" {' '.join(words)} " in _spaced(text)


def abbreviates(short: str, long: str) -> bool:
    """Whether ``short`` could abbreviate ``long``: "NYC" ~ "New York", "UK" ~ "Royaume-Uni"."""
    if not short.isupper():
        return False
    initials = [fold(w)[0] for w in TOKEN_RE.findall(long.replace("-", " "))]
    return bool(initials) and all(c in fold(short) for c in initials)


@lru_cache(maxsize=20000)
def _respelling(a: str, b: str) -> bool:
    """Whether two folded words are one name spelt two ways: the same first two letters and most
    letters in common ("Willy" ~ "Winy", a source's slip the translator put right). A name put in
    another's place shares neither ("Linda" → "Rose")."""
    return a[:2] == b[:2] and difflib.SequenceMatcher(None, a, b).ratio() >= 0.6


@lru_cache(maxsize=20000)
def _piece_words(text: str) -> WordOffsets:
    return WordOffsets(PIECE_RE, text)  # compact: ``text`` is often a whole side of the document


@lru_cache(maxsize=20000)
def replaced_part(
    name: Name, other_text: str, source_text: str, lang: str, other: str
) -> tuple[str, str, int] | None:
    """A part of a compound name replaced by a stranger: "Jean-Jaurès" → "Ljubljana-Jaurès",
    "Danielle Lantagne" → "Danielle Nakamura", "James-Webb" → "James Ouagadougou".

    One part is found in the other text; the capitalised word written against it
    there is no part of the name, no common word, and nowhere in the source.
    Returns (lost part, stranger, stranger's offset in ``other_text``) or None.
    """
    originals = [p for part in (name.parts or (name.text,)) for p in part.split("-") if p]
    originals = [p for p in originals if p not in _stoplist(lang)] or originals
    pieces = [fold(p) for p in originals]
    if len(pieces) < 2:
        return None
    source_folded = _spaced(source_text)
    words = _piece_words(other_text)
    for k, (start, end, word) in enumerate(words):
        key = fold(word)
        if key not in pieces:
            continue
        i = pieces.index(key)
        for step in (-1, 1):
            j, n = i + step, k + step
            # step over connectors on both sides ("Bouches-du-Rhône", "Banque de France")
            while 0 <= n < len(words) and words[n][2].lower() in CONNECTORS:
                if 0 <= j < len(pieces) and pieces[j] == words[n][2].lower():
                    j += step
                n += step
            if not (0 <= j < len(pieces) and 0 <= n < len(words)):
                continue
            a, b, neighbour = words[n]
            gap = other_text[b:start] if step < 0 else other_text[end:a]
            if not GAP_RE.fullmatch(gap) or not neighbour[0].isupper():
                continue
            if neighbour in _stoplist(other):
                continue  # "Mme Dupont" → "Mrs Dupont": a title
            before = other_text[:a].rstrip()
            if not before or before[-1] in OPENERS:
                continue  # "With the Chigi Palace": capitalised as the sentence's first word
            if _inflected_noun(originals[j] if j < len(originals) else pieces[j]):
                continue  # "Employer Branding Akademien" → "… Academies": a German noun of the name, translated
            if (
                name.parts[0] in _stoplist(lang)
                and j == 0
                and (is_common_word(neighbour, other) or is_common_word(neighbour, lang))
            ):
                continue  # "Me Claire Dupuy" → "Counsel Dupuy": a title for the first name
            folded = fold(neighbour)
            if folded in pieces or pieces[j] in _folded_tokens(other_text, True):
                continue  # the lost part is there, or is a plain word ("Français Julien Mercier")
            if neighbour.isupper() and _one_letter_apart("".join(sorted(folded)), "".join(sorted(pieces[j]))):
                continue  # "BFC" ~ "CFB": the acronym of the other language
            if len(folded) < 3 or any(c.isdigit() for c in neighbour):
                continue
            # a common word in the place of a name is a title or a rendering ("Banque de France" →
            # "Bank of France"), except after the part kept of a person's name, where the lost part
            # is a real name: "Jean Dupont" → "Jean Baker" (titles come before a name, not after).
            # After a first name kept as it is, the lost part is a surname even when a dictionary
            # has it as a word ("Stephen Harper" → "Stephen Brown"): a surname is not translated
            lost_name = _is_name_token(originals[j] if j < len(originals) else "", lang, other, True) or (
                gap == " "
                and person_pair(tuple(originals), name.parts, i, j)
                and not _run_goes_on(words, n, step, other_text)
            )
            if is_common_word(neighbour, other) and not (lost_name and (step > 0 or not _title_like(folded))):
                continue
            if f" {folded} " in source_folded or _abbreviation(folded, pieces[j]):
                continue  # a name of the source, or the part abbreviated ("Senior" → "Snr", "Jr" → "Jnr")
            if (
                _cognate(folded, pieces[j])
                or folded[:3] == pieces[j][:3]  # "Ponce" ~ "Pontius": the other language's form
                or _same_skeleton(folded, pieces[j])  # "Gueorgui" ~ "Georgy", "Oli" ~ "Olli"
                or transliterated_alike(folded, pieces[j])  # "Walujew" ~ "Valuev"
                or sorted(folded) == sorted(pieces[j])  # "Kyriat" ~ "Kiryat": a misspelling, reported as such
                or _respelling(folded, pieces[j])  # "Willy" ~ "Winy": one name, spelt right on one side
                or folded in name_table("fr-en")[0].get(pieces[j], ())
            ):
                continue  # a cognate or the listed English form ("Français" → "Frenchman")
            return name.parts[0] if len(name.parts) == 1 else pieces[j], neighbour, a
    return None


def _run_goes_on(words: tuple[tuple[int, int, str], ...], n: int, step: int, text: str) -> bool:
    """Whether the capitalised run of ``words[n]`` goes on past it, away from the name's part kept
    ("Fabia Station Wagon"): several new capitalised words are a name rendered by meaning, while a
    name's part swapped is one word ("Stephen Brown himself")."""
    m = n + step
    if not 0 <= m < len(words) or not words[m][2][:1].isupper():
        return False
    gap = text[words[n][1] : words[m][0]] if step > 0 else text[words[m][1] : words[n][0]]
    return gap in (" ", "-", "\u00a0")


def _abbreviation(a: str, b: str) -> bool:
    """Whether one folded word abbreviates the other: the shorter's letters, first letter first, in
    order in the longer ("snr" ~ "senior", "jr" ~ "jnr", "vw" ~ "volkswagen")."""
    short, long = sorted((a, b), key=len)
    if len(short) < 2 or short == long or short[0] != long[0]:
        return False
    rest = iter(long)
    return all(c in rest for c in short)


def transliterated_alike(a: str, b: str) -> bool:
    """Whether two names spell one name in two transliterations, their skeletons (``translit_key``)
    equal or a letter apart ("Walujew" ~ "Valuev")."""
    from tqcheck.lang.name_resources import translit_key

    ka, kb = translit_key(fold(a)), translit_key(fold(b))
    short, long = sorted((ka, kb), key=len)
    return ka == kb or (
        len(short) >= 4
        and len(long) == len(short) + 1
        and any(long[:k] + long[k + 1 :] == short for k in range(len(long)))
    )


def _same_skeleton(a: str, b: str) -> bool:
    """Whether two words are one name in two transliterations (see ``translit_key``)."""
    from tqcheck.lang.name_resources import translit_key

    return translit_key(a) == translit_key(b)


@lru_cache(maxsize=20000)
def _inflected_noun(word: str) -> bool:
    """Whether a capitalised word is an inflected German noun that is no French or English word
    ("Länder" of "Land", "Grenzen" of "Grenze"): German capitalises every noun and its word list
    holds names too ("Müller"), but a name is listed as its own lemma while an inflected noun is
    not. (Czech inflects names too, "Martina" of "Martin", so it cannot tell them apart.)"""
    from tqcheck.nlp import word_list

    words = word_list("de")
    if words is None or word not in words or is_known(word, "fr") or is_known_word(word, "en"):
        return False
    lemma = words[word]
    return lemma != word and lemma[:1].isupper()


@lru_cache(maxsize=1)
def _person_nouns() -> tuple[str, ...]:
    return tuple(fold(w) for w in load_wordlist(lang_file("fr", "person_nouns.txt")) if len(w) >= 4)


@lru_cache(maxsize=20000)
def _title_like(word: str) -> bool:
    """Whether an English word before a name may be a title: it is a cognate of a French noun for a
    person ("President" ~ "président", "Minister" ~ "ministre", "General" ~ "général")."""
    return len(word) >= 4 and any(_cognate(word, noun) for noun in _person_nouns())


def same_initial(a: str, b: str) -> bool:
    """Whether two names start alike, spelling aside ("Corées" ~ "Koreas", "Guyane" ~ "French Guiana",
    "Basse-Saxe" ~ "Lower Saxony")."""

    def initials(name: str) -> set[str]:  # of each word, a hyphen parting words ("Basse-Saxe")
        return {fold(p)[0].replace("k", "c") for w in TOKEN_RE.findall(name) for p in w.split("-") if p}

    return bool(initials(a) & initials(b))


def rendering(name: str, pair: str) -> str:
    """The listed English form of a French name ("Addis-Abeba" → "Addis Ababa"), else the name."""
    forward, _ = name_table(pair)
    listed = forward.get(fold(name))
    if not listed:
        return name
    data = load_yaml(pair_file(pair, "names.yaml")) or {}
    for key, values in data.items():
        if fold(str(key)) == fold(name) and values:
            return str(values[0])
    return name


#: Cosine of the cross-lingual encoder's vectors of two names at or above which one renders the
#: other by its meaning or convention. On names of the news (issue #8): translations 0.72–0.96
#: ("Isabel" ~ "Elizabeth", "paix" ~ "peace", "Noël" ~ "Christmas", "Allemagne" ~ "Germany"),
#: swaps 0.15–0.48 ("Tremblay" ~ "Nakamura", "Cameron" ~ "Beckham", "Lille" ~ "Oslo").
SENSE_SIMILARITY = 0.7


@lru_cache(maxsize=1)
def _word_encoder():  # type: ignore[no-untyped-def]
    """The embedded sentence encoder (shared weights with the aligner's), or None if it cannot load."""
    try:
        from tqcheck.encoder import Encoder

        encoder = Encoder(threads=1)
        encoder.embed(["test"])
        return encoder
    except Exception:  # noqa: BLE001 - no encoder: names are compared by spelling and lists only
        return None


@lru_cache(maxsize=20000)
def sense_similarity(a: str, b: str) -> float:
    """The cosine of the cross-lingual encoder's vectors of two names or words (0 without the encoder)."""
    encoder = _word_encoder()
    if encoder is None:
        return 0.0
    vectors = encoder.embed([a, b])
    return float(vectors[0] @ vectors[1])


@lru_cache(maxsize=20000)
def same_sense(a: str, b: str) -> bool:
    """Whether two names (or words of names) are one in two languages by the cross-lingual encoder:
    a name rendered by its meaning or its English convention ("prix Nobel de la Paix" → "Nobel Peace
    Prize", "Isabel" → "Elizabeth", "Côte d'Azur" → "French Riviera"), which no list holds.

    Asked only about a pair about to be reported as a swap: the words alone, not their sentences,
    since two names in one context are alike there whatever they are.
    """
    encoder = _word_encoder()
    if encoder is None:
        return False
    vectors = encoder.embed([a, b])
    return float(vectors[0] @ vectors[1]) >= SENSE_SIMILARITY


#: A missing name is rendered by sense when some phrase of the translation is this close to it;
#: lower than :data:`SENSE_SIMILARITY`, since the phrase is also the best of many. Measured on the
#: news (issue #8): renderings 0.68–0.93 ("Nuovo" ~ "New", "SMS" ~ "text messages", "Melle" ~ "Ms"),
#: names dropped 0.29–0.49 ("Villiers-le-Bel", "Tadjikistan", "Giuseppe Piccioni").
PHRASE_SIMILARITY = 0.65
_PHRASE_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")


@lru_cache(maxsize=20000)
def rendered_by_sense(
    name: str, sentences: tuple[str, ...], source: str = "", threshold: float = PHRASE_SIMILARITY
) -> bool:
    """Whether a phrase of one to three words of ``sentences`` renders ``name`` by its meaning, by the
    cross-lingual encoder: a name is worth a warning only when nothing there can be its rendering.

    A phrase with a word that is a cognate of a word of ``source`` (the name's own link) renders that
    word, not the name ("of biotechnology" for "biotechnologie", not for "Testbiotech").
    """
    encoder = _word_encoder()
    if encoder is None:
        return False
    source_tokens = tuple(t for t in _folded_tokens(source, True) if fold(name) not in t)
    grams: list[str] = []
    for sentence in sentences:
        words = _PHRASE_WORD_RE.findall(sentence)
        free = [not _has_cognate(fold(w), source_tokens) for w in words]
        grams.extend(
            " ".join(words[i : i + n])
            for n in (1, 2, 3)
            for i in range(len(words) - n + 1)
            if all(free[i : i + n])
        )
    grams = list(dict.fromkeys(grams))
    if not grams:
        return False
    vectors = encoder.embed([name, *grams])
    return float((vectors[1:] @ vectors[0]).max()) >= threshold
