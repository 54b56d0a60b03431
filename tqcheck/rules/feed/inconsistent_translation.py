"""TQ707: the same source segment is translated differently in two units of the file."""

from __future__ import annotations

from collections.abc import Iterator

from tqcheck.datatypes import Finding, Severity
from tqcheck.rules.base import Rule, RuleContext
from tqcheck.rules.feed.consistency import document_conflict_findings


class InconsistentTranslation(Rule):
    """The same source segment is translated differently in two units of the file.

    ## What it does
    Groups the units of the document (rows, trans-units, PO entries, cues;
    sentence pairs in a text document) by source text, compared without
    case, extra spaces or final punctuation, and reports each unit whose
    translation differs from the one most units of the group use. Across
    the documents of a run, the runner applies the same check
    (`tqcheck.rules.feed.consistency.consistency_findings`).

    ## Why is this bad?
    A repeated source string is nearly always the same thing in the same
    place: a button, a menu entry, a recurring headline. Two translations
    make users believe there are two things, and translation memories then
    propose both.

    ## Example
    French: `Enregistrer` (unit 3) and `Enregistrer` (unit 17)

    English: `Save` (unit 3) and `Store` (unit 17)

    ## Use instead
    `Save` in both units.

    ## Fix
    Use one translation for the repeated source, unless the contexts really
    differ (then give the units a context, e.g. PO `msgctxt`).
    """

    code = "TQ707"
    name = "inconsistent-translation"
    severity = Severity.WARNING
    scope = "document"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        yield from document_conflict_findings(ctx.alignment, self.code, self.effective_severity)
