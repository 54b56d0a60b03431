"""TQ101 omission: a source sentence the translation leaves out."""

from __future__ import annotations

from collections.abc import Iterator

from tqcheck.datatypes import Finding, Severity
from tqcheck.rules.base import LinkContext, Rule

QUOTE_CHARS = 60


def quote_start(text: str, limit: int = QUOTE_CHARS) -> str:
    """The start of a sentence for a message, cut at a word boundary."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,;:") + "…"


class Omission(Rule):
    """A source sentence has no translation.

    ## What it does
    Flags every source sentence that the aligner linked to nothing on the
    target side (a 1-0 link): no target sentence, alone or merged with a
    neighbour, carries its content. With sentence embeddings the aligner
    first links what the paragraph structure explains
    (:mod:`tqcheck.aligning.slots`): a sentence rendered so freely that it
    shares no words with its source but holds the same place in its
    paragraph is a 1-1 link (judged by TQ501, not reported here), and a
    sentence the translator merged into its neighbour joins that link when
    it keeps the link's similarity (up to three sentences: three French
    sentences joined into one English sentence are one 3-1 link). A source
    paragraph replaced by unrelated
    text (far off in both similarity and length) is still an omission.

    ## Why is this bad?
    A dropped sentence is the most damaging translation error a reader
    cannot see: the English reads fluently, and the information (a date, a
    casualty figure, a denial) is simply gone. Machine translation drops
    sentences silently, often in long paragraphs or after a quotation.

    ## Example
    ```
    FR: Les combats ont repris lundi. Deux soldats ont été tués.
    EN: Fighting resumed on Monday.
    ```

    ## Use instead
    ```
    EN: Fighting resumed on Monday. Two soldiers were killed.
    ```

    ## Fix
    Translate the sentence and insert it where it belongs. If it was left out
    on purpose (an editor's cut), exclude the rule for this document.
    """

    code = "TQ101"
    eval_family = "omission"
    name = "omission"
    severity = Severity.ERROR

    def check(self, ctx: LinkContext) -> Iterator[Finding]:
        link = ctx.link
        if not link.source or link.target:
            return
        for sentence in ctx.source_sentences:
            yield self.finding(
                ctx,
                f"source sentence not translated: \"{quote_start(sentence.text)}\"",
                source=ctx.sentence_span("source", sentence),
                suggestion="translate this sentence and insert it in the translation",
                details={"link_kind": link.kind.value, "align_cost": link.cost},
            )
