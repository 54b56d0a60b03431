"""TQ706: the translation uses a target term the glossary forbids for a source term of the unit."""

from __future__ import annotations

from collections.abc import Iterator

from tqcheck.datatypes import Finding, Severity
from tqcheck.glossary import Glossary, GlossaryEntry, find_term
from tqcheck.rules.base import RuleContext
from tqcheck.rules.feed._common import FeedUnit
from tqcheck.rules.feed._terminology import TerminologyRule


class ForbiddenTerm(TerminologyRule):
    """The translation uses a target term the glossary forbids for a source term of the unit.

    ## What it does
    With a glossary (`--glossary FILE` or `glossary = …` in config), finds
    each source term in the unit by lemma and flags, in the translation, a
    target term the glossary forbids for it (CSV `forbidden` column; TBX
    terms with status *deprecated*, *superseded* or *not recommended*),
    matched by lemma.

    ## Why is this bad?
    Forbidden terms are the known wrong renderings: the false friend, the
    superseded product name, the word the client rejected. Catching them
    where the source term occurs keeps the check quiet when the same word
    is right in another context.

    ## Example
    Glossary: `indicateur` → `informant`, forbidden `indicator`. French:
    `Selon un indicateur de la police…`

    English: `According to a police indicator…`

    ## Use instead
    `According to a police informant…`

    ## Fix
    Replace the forbidden term with the glossary's target term.
    """

    code = "TQ706"
    name = "forbidden-term"
    severity = Severity.ERROR

    def check_entry(
        self, ctx: RuleContext, unit: FeedUnit, glossary: Glossary, entry: GlossaryEntry, where: tuple[int, int]
    ) -> Iterator[Finding]:
        start, end = where
        for bad in entry.forbidden:
            hit = find_term(bad, unit.target, glossary.target_lang)
            if hit is None:
                continue
            found = unit.target[hit[0] : hit[1]]
            yield self.unit_finding(
                ctx,
                unit,
                f"glossary: {found!r} is a forbidden translation of {entry.source.text!r}"
                + (f"; use {entry.required[0].text!r}" if entry.required else ""),
                target=self.unit_span(ctx, unit, "target", *hit),
                related=[self.unit_span(ctx, unit, "source", start, end)],
                suggestion=entry.required[0].text if entry.required else None,
                details={"glossary": glossary.path, "glossary_line": entry.line},
            )
