"""Helpers shared by the score rules: thresholds, link spans, token offsets."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from tqcheck.datatypes import Span, TokenScore
from tqcheck.rules.base import LinkContext

SPECIAL_PIECES = frozenset({"</s>", "<s>", "<pad>", "<unk>"})
SPACE = "\u2581"  # SentencePiece's word-boundary mark


def threshold(ctx: Any, key: str, default: float) -> float:
    """A rule threshold: ``[tool.tqcheck.rules.CODE] key`` ← ``[tool.tqcheck.thresholds] key`` ← default.

    ``key`` is the options field's name (snake_case); an unset field is ``None``.
    """
    value = getattr(ctx.options, key, None)
    if value is not None:
        return float(value)
    shared = getattr(ctx, "thresholds", None) or {}
    return float(shared.get(key, default))


def link_span(ctx: LinkContext, side: str) -> Span | None:
    """The whole text of the link on one side (first sentence start to last sentence end)."""
    sentences = ctx.source_sentences if side == "source" else ctx.target_sentences
    if not sentences:
        return None
    return ctx.span(side, sentences[0].start, sentences[-1].end)  # type: ignore[arg-type]


def piece_offsets(text: str, tokens: Sequence[TokenScore]) -> list[tuple[int, int] | None]:
    """Character offsets in ``text`` of each forced-decoding piece (``None`` if it cannot be placed).

    Pieces are matched left to right, '▁' read as a space and whitespace in
    ``text`` skipped, so offsets survive the spaces the tokenizer drops. A
    piece that does not match (normalised characters, ``<unk>``) is left
    unplaced, and matching resumes at the next piece that does.
    """
    out: list[tuple[int, int] | None] = []
    pos = 0
    for tok in tokens:
        piece = tok.token.replace(SPACE, " ").strip()
        if not piece or tok.token in SPECIAL_PIECES:
            out.append(None)
            continue
        p = pos
        while p < len(text) and text[p].isspace():
            p += 1
        if text.startswith(piece, p):
            out.append((p, p + len(piece)))
            pos = p + len(piece)
            continue
        found = text.find(piece, p, p + len(piece) + 8)
        if found >= 0:
            out.append((found, found + len(piece)))
            pos = found + len(piece)
        else:
            out.append(None)
    return out


def robust_z(value: float, values: Sequence[float]) -> float:
    """(value − median) / MAD of ``values``; ``inf`` when the MAD is zero."""
    ordered = sorted(values)
    med = _median(ordered)
    mad = _median(sorted(abs(v - med) for v in ordered))
    if mad == 0:
        return math.inf if value >= med else -math.inf
    return (value - med) / mad


def _median(ordered: Sequence[float]) -> float:
    n = len(ordered)
    mid = n // 2
    return ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2
