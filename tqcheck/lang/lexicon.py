"""The false-friend and calque lexicon: loading, validation and matching on lemmas.

TQ202 (false friends) and TQ203 (calques) are the same check driven by
different rows of one data file, ``tqcheck/data/pairs/<pair>/lexicon.yaml``
(its header documents the fields). Keeping the knowledge in data means a
reviewer can add «librairie → library» without touching code, and another
language pair only needs its own file. This module is the lexicon itself:
the rules (:mod:`tqcheck.rules.meaning._lexicon` turns occurrences into
hits on a link) and the error injector (:mod:`tqcheck.eval.inject.meaning`,
which must read a sentence exactly as the rules do) both use it, so it
lives in the language layer.

Matching is on lemmas, never on raw strings, and is cheap-first: the English
side is checked with regex tokens and dictionary lemmas, then the French side
with a word-set prefilter, and only when both could match is the French
sentence parsed by spaCy (for POS and reliable lemmas). An entry fires only
when the French pattern, a wrong English rendering, the absence of every
right rendering and the context condition all agree, which keeps false alarms
on clean human translations rare.

Size: about 580 lines, over the 400 the project aims at: the data file's
schema (entries, conditions, validation) and the matching that reads it
change together whenever a field is added, so they stay side by side.
"""


from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from tqcheck.datatypes import Severity
from tqcheck.errors import ConfigError
from tqcheck.lang.inflection import gerund, participle, past, plural, third_person
from tqcheck.languages import load_yaml, pair_file
from tqcheck.nlp import Token, english_lemma, french_lemma

LEXICON_FILE = "lexicon.yaml"
KINDS = ("false-friend", "calque")
EN_POS = ("noun", "verb", "other")
REQUIRED = ("fr", "kind", "severity", "wrong", "right", "explanation")
OPTIONAL = ("pos", "gap", "suggest", "en_pos", "context", "unless_source", "exceptions", "unless_target", "target_word")
# Exception phrases may have a few words inside them ("s'en est retiré").
EXCEPTION_GAP = 2

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})
# French function words whose surface forms vary by contraction or elision.
_FR_NORMAL = {
    "d'": "de",
    "du": "de",
    "des": "de",
    "l'": "le",
    "la": "le",
    "les": "le",
    "s'": "se",
    "qu'": "que",
    "n'": "ne",
    "j'": "je",
    "m'": "me",
    "t'": "te",
    "c'": "ce",
    "aux": "au",
    "une": "un",
    "jusqu'": "jusque",
}
_FR_WORD_RE = re.compile(r"[^\W\d_]+'|[^\W_]+(?:-[^\W_]+)*", re.UNICODE)
_SPLIT_RE = re.compile(r"[^\w]+", re.UNICODE)
# A capitalised word after another word is a name ("Réunion", "Formation Energy").
_TRAILING_DETERMINERS = frozenset({"a", "an", "the", "several", "this", "these", "some"})
_OPENERS = {'"', "«", "“", "‘", "'", "(", "[", ":", "-", "—", "–", "*", "•"}


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class ContextCondition:
    """Lemmas that must (``any``) or must not (``none``) occur near the link."""

    any: tuple[str, ...] = ()
    none: tuple[str, ...] = ()
    window: int = 1


@dataclass(frozen=True)
class Entry:
    """One row of the lexicon, compiled for matching."""

    fr: str
    kind: str
    severity: Severity
    wrong: tuple[tuple[str, ...], ...]
    right: tuple[tuple[str, ...], ...]
    suggest: str
    en_pos: str
    explanation: str
    pos: str | None = None
    gap: int = 0
    context: ContextCondition | None = None
    unless_source: tuple[str, ...] = ()
    exceptions: tuple[str, ...] = ()
    unless_target: tuple[tuple[str, ...], ...] = ()
    target_word: str | None = None

    @property
    def fr_pattern(self) -> tuple[frozenset[str], ...]:
        return french_pattern(self.fr)


@dataclass(frozen=True)
class Lexicon:
    """All entries of a pair, indexed by the key lemma of their wrong renderings."""

    entries: tuple[Entry, ...]
    path: str = ""

    def of_kind(self, kind: str) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.kind == kind)

    @cached_property
    def by_english_key(self) -> dict[str, tuple[Entry, ...]]:
        """Entries by the key word of their wrong renderings, made once per lexicon.

        Kept on the instance rather than in an ``lru_cache`` keyed by the
        lexicon: hashing a frozen lexicon hashes every field of every entry,
        which the rules paid on every link (~0.2 ms a link).
        """
        return _english_index(self)


def _key_word(pattern: tuple[str, ...]) -> str:
    return max(pattern, key=len)


def _english_index(lexicon: Lexicon) -> dict[str, tuple[Entry, ...]]:
    index: dict[str, list[Entry]] = {}
    for entry in lexicon.entries:
        for pattern in entry.wrong:
            bucket = index.setdefault(_key_word(pattern), [])
            if entry not in bucket:
                bucket.append(entry)
    return {k: tuple(v) for k, v in index.items()}


def _strings(value: Any, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(
            f'{what}: expected a list of non-empty strings (quote words YAML reads as booleans: "on", "no", "true")'
        )
    return tuple(v.strip() for v in value)


def _phrases(value: Any, what: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(p.split()) for p in _strings(value, what))


def parse_entry(raw: Any, where: str) -> Entry:
    """Validate one YAML row and compile it; a malformed row is a one-line ConfigError."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: an entry must be a mapping")
    missing = [k for k in REQUIRED if k not in raw]
    if missing:
        raise ConfigError(f"{where}: missing field(s) {', '.join(missing)}")
    unknown = sorted(set(raw) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        raise ConfigError(f"{where}: unknown field(s) {', '.join(unknown)}")
    fr = str(raw["fr"]).strip()
    where = f"{where} ({fr})"
    if not french_words(fr):
        raise ConfigError(f"{where}: fr must contain a word")
    if raw["kind"] not in KINDS:
        raise ConfigError(f"{where}: kind must be one of {', '.join(KINDS)}")
    try:
        severity = Severity(str(raw["severity"]).lower())
    except ValueError:
        raise ConfigError(f"{where}: severity must be error, warning or info") from None
    wrong = _phrases(raw["wrong"], f"{where}: wrong")
    right = _phrases(raw["right"], f"{where}: right")
    if not wrong:
        raise ConfigError(f"{where}: wrong must list at least one rendering")
    en_pos = raw.get("en_pos", "other")
    if en_pos not in EN_POS:
        raise ConfigError(f"{where}: en_pos must be one of {', '.join(EN_POS)}")
    gap = raw.get("gap", 0)
    if not isinstance(gap, int) or isinstance(gap, bool) or not 0 <= gap <= 5:
        raise ConfigError(f"{where}: gap must be an integer from 0 to 5")
    suggest = raw.get("suggest") or (" ".join(right[0]) if right else "")
    if not suggest:
        raise ConfigError(f"{where}: give right renderings or a suggest")
    target_word = str(raw["target_word"]).strip().lower() if raw.get("target_word") else None
    if target_word and not all(target_word in pattern for pattern in wrong):
        raise ConfigError(f"{where}: target_word {target_word!r} must be a word of every wrong rendering")
    context = None
    if raw.get("context") is not None:
        c = raw["context"]
        if not isinstance(c, dict) or set(c) - {"any", "none", "window"}:
            raise ConfigError(f"{where}: context must be a mapping with any / none / window")
        window = c.get("window", 1)
        if not isinstance(window, int) or not 0 <= window <= 5:
            raise ConfigError(f"{where}: context.window must be an integer from 0 to 5")
        context = ContextCondition(
            any=tuple(s.lower() for s in _strings(c.get("any"), f"{where}: context.any")),
            none=tuple(s.lower() for s in _strings(c.get("none"), f"{where}: context.none")),
            window=window,
        )
    return Entry(
        fr=fr,
        kind=raw["kind"],
        severity=severity,
        wrong=wrong,
        right=right,
        suggest=str(suggest),
        en_pos=en_pos,
        explanation=str(raw["explanation"]).strip(),
        pos=str(raw["pos"]).upper() if raw.get("pos") else None,
        gap=gap,
        context=context,
        unless_source=tuple(s.lower() for s in _strings(raw.get("unless_source"), f"{where}: unless_source")),
        exceptions=_strings(raw.get("exceptions"), f"{where}: exceptions"),
        unless_target=_phrases(raw.get("unless_target"), f"{where}: unless_target"),
        target_word=target_word,
    )


def parse_lexicon(data: Any, where: str = "lexicon") -> Lexicon:
    """Compile the parsed YAML document of a lexicon file."""
    if data is None:
        return Lexicon(entries=(), path=where)
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise ConfigError(f"{where}: expected a mapping with a list 'entries'")
    entries = tuple(parse_entry(raw, f"{where}: entry {i + 1}") for i, raw in enumerate(data["entries"]))
    return Lexicon(entries=entries, path=where)


@lru_cache(maxsize=8)
def load_lexicon(pair_code: str) -> Lexicon:
    """The pair's lexicon (empty when the pair ships none)."""
    path = pair_file(pair_code, LEXICON_FILE)
    return parse_lexicon(load_yaml(path), str(path))


# --------------------------------------------------------------------------- French side


def french_norm(word: str) -> str:
    w = word.lower().translate(_APOSTROPHES)
    return _FR_NORMAL.get(w, w)


def french_words(text: str) -> list[str]:
    """Lower-cased words with elisions split off ("l'issue" → "l'", "issue")."""
    return _FR_WORD_RE.findall(text.lower().translate(_APOSTROPHES))


@lru_cache(maxsize=4096)
def french_pattern(text: str) -> tuple[frozenset[str], ...]:
    return tuple(frozenset({w, french_norm(w), french_lemma(w)}) for w in french_words(text))


def _fr_forms(token: Token) -> frozenset[str]:
    text = token.text.lower().translate(_APOSTROPHES)
    return frozenset({text, french_norm(text), token.lemma.translate(_APOSTROPHES), french_lemma(text)})


def match_sequence(
    forms: list[frozenset[str]], pattern: tuple[frozenset[str], ...], gap: int, *, stems: bool = False
) -> Iterator[tuple[int, int]]:
    """(first, last) token indices of each match of ``pattern``, left to right, not overlapping.

    With ``stems``, a word also matches an element when it starts with the
    element's stem («blessés» for «blesser»): a loose test for the prefilter,
    which must never reject what the parsed match would accept.
    """

    def same(j: int, element: frozenset[str]) -> bool:
        if not element or forms[j] & element:
            return True
        return stems and any(f.startswith(stem) for f in forms[j] for stem in _stems(element))

    i, n = 0, len(forms)
    while i < n:
        if same(i, pattern[0]):
            pos, ok = i, True
            for element in pattern[1:]:
                nxt = next((j for j in range(pos + 1, min(n, pos + 2 + gap)) if same(j, element)), None)
                if nxt is None:
                    ok = False
                    break
                pos = nxt
            if ok:
                yield i, pos
                i = pos + 1
                continue
        i += 1


# Words whose inflected forms a dictionary lemmatiser misses («été» is also a
# noun): in the prefilter they match any word.
_LOOSE_WORDS = frozenset({"être", "avoir", "faire", "aller", "le", "de", "un", "à", "au", "se", "il"})


@lru_cache(maxsize=1024)
def loose_pattern(pattern: tuple[frozenset[str], ...]) -> tuple[frozenset[str], ...]:
    return tuple(frozenset() if element & _LOOSE_WORDS else element for element in pattern)


@lru_cache(maxsize=4096)
def _stems(element: frozenset[str]) -> tuple[str, ...]:
    """Stems of a pattern word's forms without their inflectional ending (at least 4 letters)."""
    out = set()
    for form in element:
        stem = re.sub(r"(?:er|ir|re|e|s|x)$", "", form)
        if len(stem) >= 4:
            out.add(stem)
    return tuple(out)


@dataclass(frozen=True)
class Occurrence:
    """Where a pattern matched: a sentence index and token positions in it."""

    sentence: int
    first: int
    last: int
    tokens: tuple[Token, ...]

    @property
    def start(self) -> int:
        return self.tokens[self.first].start

    @property
    def end(self) -> int:
        return self.tokens[self.last].end


_OPEN_CLASS = {"NOUN": "NOUN", "PROPN": "NOUN", "VERB": "VERB", "AUX": "VERB", "ADJ": "ADJ", "ADV": "ADV"}


# Endings of French past participles, which the tagger calls adjectives («le second tour attendu»).
_PARTICIPLE_ENDINGS = ("é", "ée", "és", "ées", "i", "ie", "is", "ies", "u", "ue", "us", "ues", "it", "ite", "its", "ites")


def pos_compatible(tokens: list[Token], k: int, wanted: str) -> bool:
    """Whether the parser's tag of ``tokens[k]`` allows the entry's POS.

    A different open-class tag rules a token out (the noun «sort» is not
    the verb «il sort», «on fabrique» is no «fabrique», the adjective «la
    police locale» is no «local»), with two kinds of tagger noise let through
    where the neighbours settle the part of speech: an adjective tagged a
    noun right before its noun («l'actuel hôtel»), a noun tagged an
    adjective after a determiner and an adjective («mes fréquents voyages»).
    Participles tagged adjectives count for a verb entry («le second tour
    attendu»). A closed-class tag on a content word is noise too («résume»
    tagged PRON) and is ignored.
    """
    token = tokens[k]
    got, want = _OPEN_CLASS.get(token.pos), _OPEN_CLASS.get(wanted, wanted)
    if got is None or got == want:
        return True
    before = [t.pos for t in tokens[max(0, k - 2) : k]]
    after = tokens[k + 1].pos if k + 1 < len(tokens) else ""
    if want == "ADJ" and got == "NOUN":
        # the noun after it is often mistagged too («l'actuel musée» with «musée» a verb)
        return before[-1:] == ["DET"] and after in ("NOUN", "PROPN", "ADJ", "VERB")
    if want == "NOUN" and got == "ADJ":
        return before == ["DET", "ADJ"] and after not in ("NOUN", "PROPN")
    return want == "VERB" and got == "ADJ" and token.text.lower().endswith(_PARTICIPLE_ENDINGS)


def french_occurrences(entry: Entry, sentences: list[tuple[int, list[Token]]]) -> list[Occurrence]:
    """The entry's French pattern in the parsed source sentences, minus its exceptions."""
    found = []
    pattern = entry.fr_pattern
    for index, tokens in sentences:
        forms = [_fr_forms(t) for t in tokens]
        blocked: set[int] = set()
        for phrase in entry.exceptions:
            for a, b in match_sequence(forms, french_pattern(phrase), EXCEPTION_GAP):
                blocked.update(range(a, b + 1))
        # A verb the lemmatisers miss («délivre» left as is) still counts when the
        # parser calls it a verb and it starts with the entry's stem.
        verb_stems = entry.pos == "VERB" and len(pattern) == 1
        for k, token in enumerate(tokens):
            if verb_stems and token.pos in ("VERB", "AUX") and not (forms[k] & pattern[0]):
                text = token.text.lower()
                if any(text.startswith(stem) and len(stem) >= 5 for stem in _stems(pattern[0])):
                    forms[k] = forms[k] | pattern[0]
        for a, b in match_sequence(forms, pattern, entry.gap):
            if a in blocked or b in blocked:
                continue
            if entry.pos and len(pattern) == 1 and not pos_compatible(tokens, a, entry.pos):
                continue
            found.append(Occurrence(index, a, b, tuple(tokens)))
    return found


# --------------------------------------------------------------------------- English side


def english_token_forms(token: Token) -> frozenset[str]:
    text = token.text.lower().translate(_APOSTROPHES)
    return frozenset({text, token.lemma})


def english_occurrences(
    patterns: Iterable[tuple[str, ...]],
    sentences: list[tuple[int, list[Token]]],
    *,
    skip_names: bool,
    forms_of: list[list[frozenset[str]]] | None = None,
) -> list[Occurrence]:
    """Matches of any of ``patterns`` in the target sentences; longer matches win overlaps.

    ``forms_of``: each sentence's :func:`english_token_forms`, when the caller
    already made them (it asks about several entries of one link).
    """
    hits: list[Occurrence] = []
    for k, (index, tokens) in enumerate(sentences):
        forms = forms_of[k] if forms_of is not None else [english_token_forms(t) for t in tokens]
        # a pattern matches only if each of its words is a form of some token: most are not
        vocab = frozenset().union(*forms)
        spans: list[tuple[int, int]] = []
        for pattern in sorted(patterns, key=len, reverse=True):
            if not all(w in vocab for w in pattern):
                continue
            compiled = tuple(frozenset({w}) for w in pattern)
            for a, b in match_sequence(forms, compiled, 0):
                if any(not (b < x or a > y) for x, y in spans):
                    continue
                if skip_names and _is_name(tokens, a):
                    continue
                spans.append((a, b))
        for a, b in sorted(spans):
            # «realise a study»: the article only anchors the sense; flag the verb.
            while b > a and forms[b] & _TRAILING_DETERMINERS:
                b -= 1
            hits.append(Occurrence(index, a, b, tuple(tokens)))
    return hits


@lru_cache(maxsize=2048)
def english_forms(word: str) -> frozenset[str]:
    """Every English inflected form of ``word`` ("axis" → "axes"), from lemminflect (a dependency, imported on first use)."""
    from tqcheck.lang.inflection import lemminflect_module

    forms = {word}
    for values in lemminflect_module().getAllInflections(word).values():
        forms.update(values)
    return frozenset(forms)


def also_a_right_form(entry: Entry, occ: Occurrence) -> bool:
    """Whether the look-alike found is also a form of a right rendering: "axes" is the plural of "axis".

    The English lemmatiser reads "transverse axes" as "axe"; the word is as
    much the right "axis", so it proves nothing.
    """
    if occ.first != occ.last:
        return False
    text = occ.tokens[occ.first].text.lower()
    return any(len(r) == 1 and text in english_forms(r[0]) for r in entry.right)


def _is_name(tokens: list[Token], i: int) -> bool:
    """A capitalised word inside a sentence: part of a name, unless it heads a title.

    "the Chef of State" is capitalised like "Head of State": a word before
    "of" and a capitalised word is a title's head, whose sense still counts.
    """
    word = tokens[i].text
    if not word[:1].isupper() or i == 0:
        return False
    if i + 2 < len(tokens) and tokens[i + 1].text == "of" and tokens[i + 2].text[:1].isupper():
        return False
    prev = tokens[i - 1].text
    return prev not in _OPENERS and prev not in {".", "!", "?", "…"}


# --------------------------------------------------------------------------- context


@dataclass
class LinkWords:
    """Lower-cased words and lemmas of both sides, for context and blocker checks."""

    words: set[str]
    text: str

    def has(self, item: str) -> bool:
        if " " in item or "'" in item or "-" in item:
            return re.search(r"(?<!\w)" + re.escape(item), self.text) is not None
        return item in self.words


def link_words(texts: Iterable[tuple[str, str]], extra: Iterable[str] = ()) -> LinkWords:
    """Words of ``(text, lang)`` pairs with their dictionary lemmas."""
    words: set[str] = set(extra)
    parts = []
    for text, lang in texts:
        low = text.lower().translate(_APOSTROPHES)
        parts.append(low)
        lemma = french_lemma if lang == "fr" else english_lemma
        for w in _SPLIT_RE.split(low):
            if w:
                words.add(w)
                words.add(lemma(w))
    return LinkWords(words, " \n ".join(parts))


def context_holds(condition: ContextCondition | None, words: LinkWords) -> bool:
    if condition is None:
        return True
    if condition.none and any(words.has(item) for item in condition.none):
        return False
    return not condition.any or any(words.has(item) for item in condition.any)


# --------------------------------------------------------------------------- inflection

_HAVE_BE = {"have", "has", "had", "having", "be", "is", "are", "was", "were", "been", "being", "'ve", "'s"}


def inflect(suggestion: str, entry: Entry, match: Occurrence, french_number: str | None = None) -> str:
    """``suggestion`` inflected like the flagged English word, keeping its capital.

    A noun is made plural only when the English word is plural and the French
    one is not singular: «les résultats» of one «bilan» become one «toll».
    """
    words = suggestion.split()
    tokens = match.tokens[match.first : match.last + 1]
    if len(words) > 1 and words[0] == tokens[0].lemma and entry.en_pos == "verb":
        # «took in account» → «took into account»: reuse the verb as written.
        words[0] = tokens[0].text
        return " ".join(words)
    if entry.en_pos == "verb":
        head, at = tokens[0], 0
    elif entry.en_pos == "noun":
        key = None
        for pattern in entry.wrong:
            if len(pattern) == len(tokens):
                key = _key_word(pattern)
                break
        head = next((t for t in tokens if key and t.lemma == key), tokens[-1])
        at = len(words) - 1
    else:
        head, at = tokens[0], -1
    text = head.text.lower()
    if at >= 0 and text != head.lemma and words:
        word = words[at]
        if entry.en_pos == "noun":
            if text.endswith("s") and not head.lemma.endswith("s") and french_number != "Sing":
                words[at] = plural(word)
        elif text.endswith("ing"):
            words[at] = gerund(word)
        elif text.endswith("s") and not head.lemma.endswith("s"):
            words[at] = third_person(word)
        else:
            prev = match.tokens[match.first - 1].text.lower() if match.first > 0 else ""
            words[at] = participle(word) if prev in _HAVE_BE else past(word)
    out = " ".join(words)
    if tokens[0].text[:1].isupper() and out:
        out = out[0].upper() + out[1:]
    return out


