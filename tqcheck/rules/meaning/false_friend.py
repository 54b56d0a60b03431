"""TQ202: an English look-alike that does not mean what the French word means here."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tqcheck.datatypes import Finding, Severity
from tqcheck.rules.base import LinkContext, Rule
from tqcheck.rules.meaning._lexicon import find_hits, message
from tqcheck.rules.options import RuleOptions, option


@dataclass(frozen=True)
class LexiconOptions(RuleOptions):
    """Options of the lexicon rules (TQ202, TQ203)."""

    ignore: tuple[str, ...] = option((), "French entries of the lexicon to switch off.", example='["délai"]')
    window: int | None = option(
        None, "sentences around the link that an entry's context condition reads (unset: the entry's own, 1 by default)."
    )


class FalseFriend(Rule):
    """English word that looks like the French one but means something else in this context.

    ## What it does
    Looks up the link's French words in the pair's lexicon
    (``tqcheck/data/pairs/fr-en/lexicon.yaml``, rows of kind ``false-friend``)
    and flags the English look-alike when the French lemma is in the source,
    the look-alike is in the aligned translation, no correct rendering is
    there, and the entry's context condition holds (e.g. «indicateur» only
    near army, police or rebels; never next to «croissance» or «inflation»).

    ## Why is this bad?
    False friends read as fluent English, so a reviewer skims past them, yet
    they change the meaning: «indicateurs» passing positions to an army are
    people (informants), not statistics; the «bilan» of an air strike is its
    death toll, not its results.

    ## Example
    ```text
    fr: …afin d'empêcher des indicateurs de communiquer les positions des rebelles.
    en: …to prevent indicators from passing on the rebels' positions.
    ```

    ## Use instead
    ```text
    en: …to prevent informants from passing on the rebels' positions.
    ```

    ## Fix
    The suggestion is the entry's preferred rendering, inflected like the
    flagged word (plural, tense, capital). Check it fits the sentence.
    """

    code = "TQ202"
    eval_family = "false-friend"
    name = "false-friend"
    severity = Severity.ERROR
    fixable = True
    kind = "false-friend"
    Options = LexiconOptions
    #: «issue» inside a flagged «at the issue of» (for «à l'issue de») is the calque's finding
    defers_to = ("TQ203",)

    def check(self, ctx: LinkContext) -> Iterator[Finding]:
        override = self.effective_severity if self.effective_severity is not self.severity else None
        options = ctx.options
        assert isinstance(options, LexiconOptions)
        for hit in find_hits(ctx, self.kind, ignore=options.ignore, window=options.window):
            yield self.finding(
                ctx,
                message(hit),
                source=hit.source,
                target=hit.target,
                suggestion=hit.suggestion,
                severity=override or hit.entry.severity,
                details={
                    "entry": hit.entry.fr,
                    "kind": hit.entry.kind,
                    "right": [" ".join(r) for r in hit.entry.right],
                },
            )
