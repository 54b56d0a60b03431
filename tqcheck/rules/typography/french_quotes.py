"""TQ601: French quotation marks (« » ‹ ›) left in the English translation."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tqcheck.datatypes import Finding, Severity
from tqcheck.lang.detection import translated_target_sentences
from tqcheck.rules.base import LinkContext, Rule

INNER = " \u00a0\u202f\u2009"
# a whole quotation, « … » or ‹ … ›, inner spaces included
QUOTED_RE = re.compile(rf"«[{INNER}]*([^«»]*?)[{INNER}]*»|‹[{INNER}]*([^‹›]*?)[{INNER}]*›")
MARK_RE = re.compile(r"[«»‹›]")


class FrenchQuotes(Rule):
    """French guillemets (« », ‹ ›) in the English translation.

    ## What it does
    Flags every quotation in « » or ‹ › (with or without the spaces French
    puts inside them) and any stray guillemet in the translation.

    ## Why is this bad?
    English uses “…” or "…" (and ‘…’ inside); guillemets mark the text as an
    unedited copy of the French layout.

    ## Example
    French: « Nous continuerons », a déclaré le porte-parole.

    English: « We will continue », said the spokesman.

    ## Use instead
    “We will continue,” said the spokesman.

    ## Fix
    The quotation in English quotation marks (curly if the document uses
    curly ones, straight otherwise), inner spaces removed.
    """

    code = "TQ601"
    eval_family = "typography"
    name = "french-quotes"
    severity = Severity.WARNING
    fixable = True

    def check(self, ctx: LinkContext) -> Iterator[Finding]:
        for sentence in translated_target_sentences(ctx):
            text = sentence.text
            if "«" not in text and "»" not in text and "‹" not in text and "›" not in text:
                continue
            taken: list[tuple[int, int]] = []
            # follow the document's own quotation marks: curly if it uses them, straight otherwise
            curly = any(c in ctx.text("target") for c in "“”‘’")
            for m in QUOTED_RE.finditer(text):
                inner = m.group(1) if m.group(1) is not None else m.group(2)
                double = text[m.start()] == "«"
                taken.append((m.start(), m.end()))
                yield self.finding(
                    ctx,
                    "French quotation marks " + ("« »" if double else "‹ ›") + " in the translation",
                    target=ctx.sentence_span("target", sentence, m.start(), m.end()),
                    suggestion=(f"“{inner}”" if double else f"‘{inner}’")
                    if curly
                    else (f'"{inner}"' if double else f"'{inner}'"),
                )
            for m in MARK_RE.finditer(text):
                if any(s <= m.start() < e for s, e in taken):
                    continue
                mark = m.group(0)
                yield self.finding(
                    ctx,
                    f"French quotation mark '{mark}' in the translation",
                    target=ctx.sentence_span("target", sentence, m.start(), m.end()),
                    suggestion=(
                        {"«": "“", "»": "”", "‹": "‘", "›": "’"}
                        if curly
                        else {"«": '"', "»": '"', "‹": "'", "›": "'"}
                    )[mark],
                )
