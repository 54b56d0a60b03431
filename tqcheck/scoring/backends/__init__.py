"""Local MT models behind one small interface: translate, and score a given translation.

The scorer needs two things from a translation model: its own translation of
a source (compared with the human one by chrF/BLEU/TER) and the probability
it gives to the human translation, token by token (forced decoding). Two
runtimes provide them for the same Marian (opus-mt) models:

- ``transformers`` (:mod:`.transformers`): the model as published on the hub,
  float32 on CPU;
- ``ctranslate2`` (:mod:`.ctranslate2`): the same weights converted to int8
  by ``tqcheck models convert``, several times faster on CPU.

The modules: :mod:`.base` (the :class:`Backend` protocol, constants and
helpers everything imports, no runtime), :mod:`.splitting` and
:mod:`.marian` (the tokenisation, batching and length policy the runtimes
share), :mod:`.resolve` (:func:`resolve_model`: which folder and runtime a
setting names, without loading it) and :mod:`.loader` (:func:`load_backend`,
the only place the runtimes are imported). Models arrive only through
``tqcheck models pull``; nothing here downloads.
"""

from tqcheck.scoring.backends.base import (
    BACKEND_NAMES,
    CT2_SUFFIX,
    KINDS,
    Backend,
    ScoredTokens,
    default_threads,
)
from tqcheck.scoring.backends.loader import load_backend
from tqcheck.scoring.backends.resolve import ResolvedModel, folder_kind, resolve_model
from tqcheck.scoring.backends.splitting import pack, sentences_of

__all__ = [
    "BACKEND_NAMES",
    "CT2_SUFFIX",
    "KINDS",
    "Backend",
    "ResolvedModel",
    "ScoredTokens",
    "default_threads",
    "folder_kind",
    "load_backend",
    "pack",
    "resolve_model",
    "sentences_of",
]
