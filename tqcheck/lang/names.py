"""Name-like tokens of a sentence, and whether the other side has a counterpart.

A candidate name is an acronym ("CSP", "ONU") or a capitalised word that is
not at the start of a sentence or a quotation and is not an ordinary word of
its language (simplemma's dictionary). Matching is lenient on purpose, since
names legitimately change in translation: the same word, accent-insensitive;
a listed equivalent (``pairs/fr-en/names.yaml``: "Allemagne" → "Germany",
"ONU" → "UN"); a cognate sharing its first letters ("Mali" ~ "Malian",
"Moscou" ~ "Moscow"); or, for an acronym, words whose initials spell it.

About 530 lines, kept together: finding a name and finding its counterpart
read the same tokenisation, folded keys and name tables, and the matching
helpers (cognates, transliteration, acronym expansion) serve only this
module's public checks (:func:`has_counterpart`, :func:`misspelt_part`,
:func:`replaced_part`).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

# names compare with the apostrophe unified: "Côte d’Ivoire" is "Cote d'Ivoire"
from tqcheck.lang.cognate_index import CognateIndex
from tqcheck.lang.folding import fold_apostrophes as fold
from tqcheck.lang.quantities import lexicon
from tqcheck.languages import lang_file, load_wordlist, load_yaml, pair_file
from tqcheck.nlp import is_common_word, is_known_word

PIECE_RE = re.compile(r"[^\W\d_][\w]*")
GAP_RE = re.compile(r"[\s\u00a0-]*(?:(?:de|du|des|la|le|les|of|the|d|l)['’\s\u00a0-]+)*", re.I)
TOKEN_RE = re.compile(r"[^\W\d_][\w]*(?:-[^\W\d_][\w]*)*", re.UNICODE)
ROMAN_RE = re.compile(r"^[IVXLCDM]+(?:e|er|ème|è|th|st|nd|rd)?$")
OPENERS = '.!?:;«"“(—–[•'
CAPITALISED_RE = re.compile(r"(?<![\w’'-])[A-ZÀ-ÖØ-Þ][\w]*(?:-[^\W\d_][\w]*)*")
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


@lru_cache(maxsize=100_000)
def _is_name_token(core: str, lang: str, other: str, lenient: bool = False) -> bool:
    """An acronym or a capitalised word that is no known word (``lenient``: no common word of ``lang``)."""
    if ROMAN_RE.match(core) or core in _stoplist(lang):
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
        return len(core) >= 3 and not is_common_word(core, lang)
    return len(core) >= 3 and not (is_known_word(core, lang) or is_known_word(core, other))


def is_name_word(word: str, lang: str, other: str) -> bool:
    """Whether one word taken alone is an acronym or a capitalised word that is no common word."""
    return _is_name_token(word, lang, other, True)


@lru_cache(maxsize=20000)
def _capitalised_runs(text: str) -> tuple[tuple[tuple[int, int, str], ...], ...]:
    """Runs of capitalised tokens (start, end, word), the sentence-initial word of a run dropped.

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
        if not before or before[-1] in OPENERS or before.endswith("..."):
            run = run[1:] if not run[0][2].isupper() or len(run[0][2]) < 2 else run
        if run:
            out.append(tuple(run))
    return tuple(out)


@lru_cache(maxsize=100_000)  # three variants per sentence and language: 20,000 thrashed on long documents
def candidate_names(text: str, lang: str, other: str, lenient: bool | str = False) -> tuple[Name, ...]:
    """Runs of capitalised tokens holding at least one acronym or non-word, not sentence-initial.

    A run is kept whole so that a name is matched when any part of it is
    ("Brett Kavanaugh" ~ "Kavanaugh"); the sentence-initial word of a run is
    dropped unless the run goes on after it.
    """
    out = []
    for run in _capitalised_runs(text):
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


@lru_cache(maxsize=20000)
def _folded_tokens(text: str, with_parts: bool = True) -> tuple[str, ...]:
    """Folded words, elisions and possessives split off ("l'OTAN" → "otan", "Britain's" → "britain").

    Hyphenated words are kept whole and, ``with_parts``, also given piece by piece;
    without, they are given as their pieces only.
    """
    out = []
    for t in TOKEN_RE.findall(text):
        f = fold(t)
        if "-" in f:
            if with_parts:
                out.append(f)
            out.extend(p for p in f.split("-") if p)
        else:
            out.append(f)
    return tuple(out)


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
    return any(_cognate(key, t) for t in tokens if len(t) >= 3)


@lru_cache(maxsize=20000)
def _skeletons(tokens: tuple[str, ...]) -> frozenset[str]:
    from tqcheck.lang.name_resources import translit_key

    return frozenset(translit_key(t) for t in tokens if len(t) >= 4)


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
        len(s) == len(mine) and sum(a != b for a, b in zip(s, mine, strict=True)) == 1 for s in skeletons
    )


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
    acronyms = _sorted_acronyms(other_text)
    for key in pieces:
        spaced_key = key.replace("-", " ")
        if f" {spaced_key} " in other_spaced:
            return True
        # a listed equivalent, for the name alone or inside a listed phrase around it
        for phrase in _phrase_index(pair, table is forward).get(key, ()):
            renderings = table[phrase]
            spaced_phrase = phrase.replace("-", " ")
            if key == phrase or (key in spaced_phrase.split() and f" {spaced_phrase} " in here_spaced):
                for r in renderings:
                    spaced = _spaced(r)
                    if spaced in other_spaced or f"{spaced[:-1]}s " in other_spaced or f"{spaced[:-1]}es " in other_spaced:
                        return True  # "small business" ~ "small businesses"
                    # "américain" ~ "américaines", "britannique" ~ "britanniques"
                    if " " not in r and len(r) >= 4 and any(t.startswith(r) for t in tokens):
                        return True
        if len(key) >= 3 and _has_cognate(key, tokens):
            return True
        if len(key) >= 4 and _transliterated(key, tokens):
            return True  # "Poutine" ~ "Putin", "Khodorkovski" ~ "Khodorkovsky"
        if name.acronym and _expansion_rendered(name.text, sentence, tokens):
            return True  # "Cadre stratégique permanent (CSP)" ~ "Permanent Strategic Framework"
        if name.acronym and key.isalpha() and len(key) <= 6:
            if "".join(sorted(key)) in acronyms:
                return True  # "IA" ~ "AI", "VIH" ~ "HIV", "URSS" ~ "USSR"
            if len(key) >= 3 and any(
                len(a) == len(key) and _one_letter_apart(a, "".join(sorted(key))) for a in acronyms
            ):
                return True  # "EEE" ~ "EEA", "CPF" ~ "FPC": one word of the expansion translated differently
            # "CSP" ~ "Cadre stratégique permanent": words whose initials spell it
            letters = list(key)
            for t in tokens:
                if len(t) >= 3 and t[0] in letters:
                    letters.remove(t[0])
                    if not letters:
                        return True
    return False


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
                return part, original
    return None


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
    return f" {' '.join(words)} " in _spaced(text)


def abbreviates(short: str, long: str) -> bool:
    """Whether ``short`` could abbreviate ``long``: "NYC" ~ "New York", "UK" ~ "Royaume-Uni"."""
    if not short.isupper():
        return False
    initials = [fold(w)[0] for w in TOKEN_RE.findall(long.replace("-", " "))]
    return bool(initials) and all(c in fold(short) for c in initials)


@lru_cache(maxsize=20000)
def _piece_words(text: str) -> tuple[tuple[int, int, str], ...]:
    return tuple((m.start(), m.end(), m.group(0)) for m in PIECE_RE.finditer(text))


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
            if (
                name.parts[0] in _stoplist(lang)
                and j == 0
                and (is_known_word(neighbour, other) or is_known_word(neighbour, lang))
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
            # is a real name: "Jean Dupont" → "Jean Baker" (titles come before a name, not after)
            if is_common_word(neighbour, other) and not (
                _is_name_token(originals[j] if j < len(originals) else "", lang, other)
                and (step > 0 or not _title_like(folded))
            ):
                continue
            if f" {folded} " in source_folded:
                continue
            if (
                _cognate(folded, pieces[j])
                or folded[:3] == pieces[j][:3]  # "Ponce" ~ "Pontius": the other language's form
                or sorted(folded) == sorted(pieces[j])  # "Kyriat" ~ "Kiryat": a misspelling, reported as such
                or folded in name_table("fr-en")[0].get(pieces[j], ())
            ):
                continue  # a cognate or the listed English form ("Français" → "Frenchman")
            return name.parts[0] if len(name.parts) == 1 else pieces[j], neighbour, a
    return None


@lru_cache(maxsize=1)
def _person_nouns() -> tuple[str, ...]:
    return tuple(fold(w) for w in load_wordlist(lang_file("fr", "person_nouns.txt")) if len(w) >= 4)


@lru_cache(maxsize=20000)
def _title_like(word: str) -> bool:
    """Whether an English word before a name may be a title: it is a cognate of a French noun for a
    person ("President" ~ "président", "Minister" ~ "ministre", "General" ~ "général")."""
    return len(word) >= 4 and any(_cognate(word, noun) for noun in _person_nouns())


def same_initial(a: str, b: str) -> bool:
    """Whether two names start alike, spelling aside ("Corées" ~ "Koreas", "Guyane" ~ "French Guiana")."""

    def initials(name: str) -> set[str]:
        return {fold(w)[0].replace("k", "c") for w in TOKEN_RE.findall(name) if w}

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
