"""What the typography rules share: which target sentences are theirs to check."""

from __future__ import annotations

from tqcheck.datatypes import Sentence
from tqcheck.lang.detection import sentence_is_french
from tqcheck.rules.base import LinkContext


def translated_target_sentences(ctx: LinkContext) -> list[Sentence]:
    """The link's target sentences that are not left in French.

    Typography rules skip the others: an untranslated sentence is TQ401's
    finding, and its French punctuation is no separate mistake.
    """
    src, tgt = ctx.alignment.source.lang, ctx.alignment.target.lang
    return [s for s in ctx.target_sentences if not sentence_is_french(s.text, src, tgt)]
