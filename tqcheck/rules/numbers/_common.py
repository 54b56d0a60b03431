"""Small helpers the number and name rules share: per-sentence items of a link, English formatting."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from tqcheck.datatypes import Finding, Sentence, Side, Span
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


def untranslated(ctx: LinkContext) -> bool:
    """Whether every target sentence of the link is left in French (TQ401's finding)."""
    from tqcheck.lang.detection import sentence_is_french

    src, tgt = ctx.alignment.source.lang, ctx.alignment.target.lang
    return bool(ctx.target_sentences) and all(
        sentence_is_french(s.text, src, tgt) for s in ctx.target_sentences
    )


def translated_links_only(
    check: Callable[[Any, LinkContext], Iterator[Finding]],
) -> Callable[[Any, LinkContext], Iterator[Finding]]:
    """Run ``check`` only on links with text on both sides that is not left in French.

    Omissions and additions are TQ101/TQ102's, an untranslated sentence is
    TQ401's: comparing numbers, dates or names there would only repeat them.
    """

    @functools.wraps(check)
    def wrapper(self: Any, ctx: LinkContext) -> Iterator[Finding]:
        if not ctx.link.source or not ctx.link.target or untranslated(ctx):
            return iter(())
        return check(self, ctx)

    return wrapper


def once_per_quiet_link(
    check: Callable[[Any, LinkContext], Iterator[Finding]],
) -> Callable[[Any, LinkContext], Iterator[Finding]]:
    """Skip a link whose texts already gave no finding in this document (a repeated sentence pair).

    For rules that read nothing but the link's sentences, the two documents'
    texts, the languages and their own options: the same texts then give the
    same (empty) answer. Links with findings are always checked again, since
    their spans carry the link's own offsets. The memo lives on the rule
    object, which a run creates afresh.
    """

    @functools.wraps(check)
    def wrapper(self: Any, ctx: LinkContext) -> Iterator[Finding]:
        key = (
            ctx.pair_code,
            ctx.text("source"),
            ctx.text("target"),
            tuple(s.text for s in ctx.source_sentences),
            tuple(s.text for s in ctx.target_sentences),
        )
        quiet = self.__dict__.setdefault("_quiet_links", set())
        if key in quiet:
            return
        found = False
        for finding in check(self, ctx):
            found = True
            yield finding
        if not found:
            quiet.add(key)

    return wrapper
