"""TQ705: a glossary term of the source is not translated with the glossary's target term."""

from __future__ import annotations

from collections.abc import Iterator

from tqcheck.datatypes import Finding, Severity
from tqcheck.glossary import Glossary, GlossaryEntry, find_term
from tqcheck.rules.base import RuleContext
from tqcheck.rules.feed._common import FeedUnit
from tqcheck.rules.feed._terminology import TerminologyRule


class RequiredTerm(TerminologyRule):
    """A glossary term of the source is not translated with the glossary's target term.

    ## What it does
    With a glossary (`--glossary FILE`, or `glossary = "terms.csv"` in
    `[tool.tqcheck]`; CSV or TBX), finds each source term in the unit by
    lemma ("indicateurs" is *indicateur*) and checks that the translation
    uses one of the target terms the glossary requires for it, also by
    lemma ("informants" is *informant*).

    ## Why is this bad?
    A glossary records the translation a domain or a client has settled on.
    In a security feed an *indicateur* is a police informant, and a reader
    of "indicators" understands statistics; mixed terms across a feed also
    read as several different things.

    ## Example
    Glossary: `indicateur` → `informant`. French: `Un indicateur a
    prévenu la police.`

    English: `An indicator warned the police.`

    ## Use instead
    `An informant warned the police.`

    ## Fix
    Use the glossary's term (any of them when it lists several).
    """

    code = "TQ705"
    name = "required-term"
    severity = Severity.WARNING

    def check_entry(
        self, ctx: RuleContext, unit: FeedUnit, glossary: Glossary, entry: GlossaryEntry, where: tuple[int, int]
    ) -> Iterator[Finding]:
        start, end = where
        if not entry.required or any(find_term(t, unit.target, glossary.target_lang) for t in entry.required):
            return
        wanted = " or ".join(repr(t.text) for t in entry.required)
        yield self.unit_finding(
            ctx,
            unit,
            f"glossary: {entry.source.text!r} should be translated {wanted}"
            + (f" ({entry.note})" if entry.note else ""),
            source=self.unit_span(ctx, unit, "source", start, end),
            suggestion=entry.required[0].text,
            details={"glossary": glossary.path, "glossary_line": entry.line},
        )
