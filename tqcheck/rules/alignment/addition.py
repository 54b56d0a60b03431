"""TQ102 addition: a target sentence with no source."""

from __future__ import annotations

from collections.abc import Iterator

from tqcheck.datatypes import Finding, Severity
from tqcheck.rules.alignment.omission import quote_start
from tqcheck.rules.base import LinkContext, Rule


class Addition(Rule):
    """A translated sentence has no counterpart in the source.

    ## What it does
    Flags every target sentence that the aligner linked to nothing on the
    source side (a 0-1 link): no source sentence, alone or merged with a
    neighbour, says what it says. With sentence embeddings the aligner
    first links what the paragraph structure explains
    (:mod:`tqcheck.aligning.slots`): a part of a sentence the translator
    split in two or three joins the link of the other parts when it keeps
    that link's similarity (a sentence from elsewhere dilutes it), and a freely rendered sentence
    in the same place of its paragraph as an unlinked source sentence is a
    1-1 link (judged by TQ501).

    ## Why is this bad?
    Added sentences put words in the author's mouth. Machine translation and
    AI post-editing add them typically at the end of an article (a
    concluding paragraph that sums up, speculates or moralises), or as a
    gloss after a name; a reader cannot tell them from the author's text.

    ## Example
    ```
    FR: L'armée a repris son offensive lundi.
    EN: The army resumed its offensive on Monday. This suggests intense
        clashes in the coming days.
    ```

    ## Use instead
    ```
    EN: The army resumed its offensive on Monday.
    ```

    ## Fix
    Delete the sentence, or if it explains something the reader needs, move
    the explanation into a translator's note that is marked as such.
    """

    code = "TQ102"
    eval_family = "addition"
    name = "addition"
    severity = Severity.ERROR

    def check(self, ctx: LinkContext) -> Iterator[Finding]:
        link = ctx.link
        if not link.target or link.source:
            return
        for sentence in ctx.target_sentences:
            yield self.finding(
                ctx,
                f"translation sentence has no source: \"{quote_start(sentence.text)}\"",
                target=ctx.sentence_span("target", sentence),
                suggestion="delete this sentence, or find the source text it translates",
                details={"link_kind": link.kind.value, "align_cost": link.cost},
            )
