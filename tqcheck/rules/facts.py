"""Facts about one alignment link that several rules read, computed once per link.

"One mistake, one finding": a link with one side empty is an omission or an
addition (TQ101/TQ102), a translation left in French is TQ401's. Rules that
compare the two sides (numbers, dates, names) have nothing to say there, and
typography rules have nothing to say about the French punctuation of a
sentence left in French. Each such rule used to ask the question itself,
through decorators and per-sentence gates; now a rule declares the facts that
make it skip a link (``Rule.skip_links``) and reads the French-sentence fact
from ``ctx.facts``, and the engine computes each fact at most once per link,
however many rules need it.

Link facts are preconditions, not deferrals: they hold whatever rules are
selected (a number comparison on an untranslated link is meaningless even
when TQ401 is switched off). Deferral to another rule's findings is declared
with ``Rule.defers_to`` and resolved by the engine (see
:func:`tqcheck.rules.engine.resolve_deferrals`).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from functools import cached_property

from tqcheck.datatypes import Sentence


class LinkFact(enum.Enum):
    """A fact about a link that makes a rule skip it (``Rule.skip_links``)."""

    #: the link has no sentence on one side: an omission or an addition (TQ101/TQ102)
    ONE_SIDE_EMPTY = "one-side-empty"
    #: every target sentence of the link is left in the source language (TQ401)
    UNTRANSLATED = "untranslated"


class LinkFacts:
    """The facts of one link, each computed on first use and then shared by every rule."""

    def __init__(
        self, source: Sequence[Sentence], target: Sequence[Sentence], source_lang: str, target_lang: str
    ) -> None:
        self.source_sentences: tuple[Sentence, ...] = tuple(source)
        self.target_sentences: tuple[Sentence, ...] = tuple(target)
        self.source_lang = source_lang
        self.target_lang = target_lang

    @property
    def one_side_empty(self) -> bool:
        return not self.source_sentences or not self.target_sentences

    @cached_property
    def french_targets(self) -> tuple[bool, ...]:
        """Per target sentence: is it, as a whole, left in the source language?"""
        from tqcheck.lang.detection import sentence_is_french

        return tuple(
            sentence_is_french(s.text, self.source_lang, self.target_lang) for s in self.target_sentences
        )

    @property
    def untranslated(self) -> bool:
        """Every target sentence is left in the source language (TQ401 flags each of them)."""
        return bool(self.target_sentences) and all(self.french_targets)

    @property
    def translated_targets(self) -> list[Sentence]:
        """The target sentences not left in the source language, in order."""
        return [s for s, french in zip(self.target_sentences, self.french_targets, strict=True) if not french]

    def holds(self, fact: LinkFact) -> bool:
        if fact is LinkFact.ONE_SIDE_EMPTY:
            return self.one_side_empty
        if fact is LinkFact.UNTRANSLATED:
            return self.untranslated
        raise ValueError(fact)  # pragma: no cover - every member is handled above
