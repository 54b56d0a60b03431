"""What every MT backend shares and the rest of tqcheck may import without loading a runtime.

Both runtimes (:mod:`.transformers`, :mod:`.ctranslate2`), the resolver and
the score cache import this module; it imports nothing of theirs, so there is
no import circle and importing it never pulls in torch or CTranslate2.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from tqcheck.datatypes import ModelInfo, TokenScore

BACKEND_NAMES = ("auto", "transformers", "ctranslate2")
KINDS = ("mt", "mt-reverse")
CT2_SUFFIX = "-ct2-int8"
TOKENIZER_FILES = ("source.spm", "target.spm", "vocab.json", "tokenizer_config.json")
#: written next to a converted model: what it was converted from and its length limit
CT2_META = "tqcheck.json"
EOS = "</s>"
SPACE_MARK = "\u2581"  # SentencePiece's word-start marker '▁'


class ScoredTokens(tuple):
    """The per-token scores of one target: a plain tuple of :class:`TokenScore` plus two flags.

    ``truncated``: the pair did not fit the model and only its first tokens were
    scored (the tuple is then shorter than the target's tokenisation).
    ``split``: the pair was scored sentence pair by sentence pair; every token
    is present, but no token saw the context of the other sentence pairs.
    """

    truncated: bool
    split: bool

    def __new__(cls, items: Sequence[TokenScore] = (), *, truncated: bool = False, split: bool = False):
        self = super().__new__(cls, items)
        self.truncated = truncated
        self.split = split
        return self

    def __repr__(self) -> str:
        flags = "".join(f", {k}=True" for k in ("truncated", "split") if getattr(self, k))
        return f"ScoredTokens({tuple(self)!r}{flags})"


@runtime_checkable
class Backend(Protocol):
    """What the scorer uses of an MT model: both runtimes and any test double implement it.

    The runtimes also keep length-policy events in ``warnings`` and hand them
    over with ``drain_warnings()``; the score cache asks for those only when
    they exist, so a double needs just these four members.
    """

    info: ModelInfo
    max_length: int

    def translate(self, sources: Sequence[str]) -> list[str]: ...

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[tuple[TokenScore, ...]]: ...


def default_threads() -> int:
    """The cores this process may actually run on (not the machine's total)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def short_error(exc: BaseException) -> str:
    """An exception as one short line for a :class:`~tqcheck.errors.ModelError` message."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:200]}" if text else type(exc).__name__
