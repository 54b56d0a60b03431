"""Small helpers the number and name rules share: per-sentence items of a link, English formatting."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

from tqcheck.datatypes import Sentence, Side, Span
from tqcheck.rules.base import LinkContext

T = TypeVar("T")


def per_sentence(
    ctx: LinkContext, side: Side, extract: Callable[[str, str], tuple[T, ...]]
) -> Iterator[tuple[Sentence, T]]:
    """``extract(text, lang)`` applied to every sentence of ``side`` in the link."""
    sentences = ctx.source_sentences if side == "source" else ctx.target_sentences
    lang = ctx.alignment.source.lang if side == "source" else ctx.alignment.target.lang
    for sentence in sentences:
        for item in extract(sentence.text, lang):
            yield sentence, item


def whole_side(ctx: LinkContext, side: Side, label: str) -> list[Span]:
    """The link's sentences on ``side`` as related spans (what the finding was compared with)."""
    sentences = ctx.source_sentences if side == "source" else ctx.target_sentences
    return [ctx.sentence_span(side, s, label=label) for s in sentences]


def english_number(value: float, grouped: bool = True) -> str:
    """``value`` as English writes it: 1,234.5; 2 million; 1.5 billion.

    ``grouped=False`` keeps a plain figure plain (a year, a code: "2023", not "2,023").
    """
    for factor, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= factor and (value / factor) * 100 == int((value / factor) * 100):
            return f"{_plain(value / factor)} {word}"
    return _plain(value, grouped=grouped)


def _plain(value: float, grouped: bool = False) -> str:
    if value == int(value):
        return f"{int(value):,}" if grouped and abs(value) >= 1000 else str(int(value))
    text = f"{value:,.6f}" if grouped else f"{value:.6f}"
    return text.rstrip("0").rstrip(".")
