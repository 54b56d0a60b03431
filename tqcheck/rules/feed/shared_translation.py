"""TQ708: two different source segments are given one translation in the file."""

from __future__ import annotations

from collections.abc import Iterator

from tqcheck.datatypes import Finding, Severity
from tqcheck.rules.base import Rule, RuleContext
from tqcheck.rules.feed.consistency import document_conflict_findings


class SharedTranslation(Rule):
    """Two different source segments are given one translation in the file.

    ## What it does
    Groups the units of the document by translation (compared without case,
    extra spaces or final punctuation) and reports each unit whose source
    differs from the source most units of the group have. Across the
    documents of a run, the runner applies the same check
    (`tqcheck.rules.feed.consistency.consistency_findings`).

    ## Why is this bad?
    Two source strings that differ usually mean two things, and one
    translation for both loses the difference ("Supprimer" and "Effacer"
    both "Delete" may be fine; "Annuler la commande" and "Valider la
    commande" both "Confirm the order" is a copy-paste slip). It is an
    *info* because synonyms in the source are common.

    ## Example
    French: `Annuler la commande` (unit 4) and `Valider la commande` (unit 5)

    English: `Confirm the order` for both

    ## Use instead
    `Cancel the order` (unit 4), `Confirm the order` (unit 5)

    ## Fix
    Translate each source on its own; keep one translation only where the
    sources are true synonyms.
    """

    code = "TQ708"
    name = "shared-translation"
    severity = Severity.INFO
    scope = "document"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        yield from document_conflict_findings(ctx.alignment, self.code, self.effective_severity)
