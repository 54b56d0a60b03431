"""English inflection of a suggested word, from lemminflect's dictionary instead of hand tables.

TQ202/TQ203 (via :func:`tqcheck.lang.lexicon.inflect`) and TQ204
(tense_calque) suggest an English word inflected like the one they flag:
«took in account» → «took into account», «is living here since» → «has lived
here». Two hand tables of irregular verbs used to do this and disagreed
(one knew «dealt», the other «dealed»); lemminflect covers the whole
vocabulary, irregular plurals included, and spells out-of-vocabulary words
by rule.

Where lemminflect offers several forms, or a form for another sense of the
same lemma, :data:`CHOICES` says which one a suggestion should use; its
entries are choices of sense or spelling, never whole paradigms.

lemminflect is imported on the first inflection, not with this module:
importing it imports spaCy (to register its token extensions), which would
put spaCy's seconds of start-up on every run and bypass the torch-free
import of :func:`tqcheck.nlp._import_spacy`. A suggestion is only inflected
after the French side was parsed, so spaCy is usually loaded by then and the
import costs milliseconds; where it is not (a one-page check parses in a
helper process, :mod:`tqcheck.spacy_worker`), lemminflect is imported as on a
machine without spaCy: tqcheck never uses those extensions
(``token._.inflect``), and importing spaCy here would import torch too. Its inflection dictionary (40,000 lemmas, a gzip text
file parsed line by line: ~0.25 s of CPU, once per process) and its lemma
dictionary (~0.2 s) are kept decoded in the cache folder by
:func:`lemminflect_module` and read back in milliseconds.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

#: (lemma, Penn tag) → the form to suggest where lemminflect's first form is another sense or spelling
CHOICES: dict[tuple[str, str], str] = {
    ("bear", "VBN"): "borne",  # «has borne the cost», not «born»
    ("get", "VBN"): "got",  # British usage, as the hand tables had it
    ("lie", "VBN"): "lain",  # a state in a duration («has lain there since»), not «lied»
    ("quit", "VBN"): "quit",  # lemminflect lists «quitted» first
}


class _NoSpacy:
    """An import finder that answers ``import spacy`` (and only that) with ModuleNotFoundError."""

    @staticmethod
    def find_spec(name: str, path: Any = None, target: Any = None) -> None:
        if name == "spacy":
            raise ModuleNotFoundError("spacy is not imported for lemminflect", name=name)


_NO_SPACY = _NoSpacy()


@lru_cache(maxsize=1)
def lemminflect_module() -> Any:
    """lemminflect, with its inflection and lemma dictionaries read through :mod:`tqcheck.lang.table_cache`.

    Each dictionary is what lemminflect's own codec builds; it is stored under
    a key of lemminflect's version and the codec's code, so an upgrade
    rebuilds it.
    """
    if "spacy" in sys.modules:
        import lemminflect
    else:
        sys.meta_path.insert(0, _NO_SPACY)  # lemminflect's ``import spacy`` fails, as without spaCy
        try:
            import lemminflect
        finally:
            sys.meta_path.remove(_NO_SPACY)
    try:
        from lemminflect.codecs.InflectionLUCodec import InflectionLUCodec
        from lemminflect.codecs.LemmaLUCodec import LemmaLUCodec
        from lemminflect.core.Inflections import Inflections
        from lemminflect.core.Lemmatizer import Lemmatizer
    except ImportError:  # another layout: lemminflect loads its dictionaries itself
        return lemminflect
    # lemma → {Penn tag: forms}: every inflected suggestion
    _cache_dictionary("lemminflect-inflections", InflectionLUCodec, Inflections(), "infl_dict", "infl_lu_fn")
    # word → {UPOS: lemmas}, 70,000 words: TQ201's word_classes (lang/english_referents.py) on most
    # pages with a he or she, where decoding the gzip file cost ~0.2 s of a one-page check
    _cache_dictionary("lemminflect-lemmas", LemmaLUCodec, Lemmatizer(), "lemma_dict", "lemma_lu_fn")
    return lemminflect


def _cache_dictionary(name: str, codec: Any, owner: Any, attr: str, file_attr: str) -> None:
    """Set ``owner.attr`` (lemminflect's process-wide singleton) to ``codec``'s dictionary, read through the table cache.

    Left to lemminflect where the singleton already holds it or does not name its file.
    """
    if hasattr(owner, attr) or not hasattr(owner, file_attr):
        return
    from tqcheck.lang.table_cache import cached_table

    table = cached_table(
        name,
        lambda: codec.load(getattr(owner, file_attr)),
        sources=(Path(sys.modules[codec.__module__].__file__ or ""),),
        packages=("lemminflect",),
    )
    setattr(owner, attr, table)


@lru_cache(maxsize=4096)
def inflected(lemma: str, tag: str) -> str:
    """``lemma`` in the form of Penn ``tag`` (NNS, VBZ, VBD, VBN, VBG); the lemma itself if none is known.

    Only the last word of a phrase is inflected for nouns and the first for
    verbs by the callers; this function takes one word.
    """
    word = lemma.lower()
    chosen = CHOICES.get((word, tag))
    if chosen is not None:
        return chosen
    forms = lemminflect_module().getInflection(word, tag=tag, inflect_oov=True)
    return forms[0] if forms else lemma


def plural(noun: str) -> str:
    """«toll» → «tolls», «crisis» → «crises»."""
    return inflected(noun, "NNS")


def third_person(verb: str) -> str:
    """«have» → «has», «go» → «goes»."""
    return inflected(verb, "VBZ")


def past(verb: str) -> str:
    """Simple past: «take» → «took»."""
    return inflected(verb, "VBD")


def participle(verb: str) -> str:
    """Past participle: «take» → «taken»."""
    return inflected(verb, "VBN")


def gerund(verb: str) -> str:
    """«stop» → «stopping», «see» → «seeing»."""
    return inflected(verb, "VBG")
