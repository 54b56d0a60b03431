"""Shared by TQ705/TQ706: the glossary entries whose source term a unit uses."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from tqcheck.datatypes import Finding
from tqcheck.glossary import Glossary, GlossaryEntry, candidates, find_term, inline_glossary, load_glossary
from tqcheck.rules.base import Rule, RuleContext
from tqcheck.rules.feed._common import FeedRule, FeedUnit, feed_units
from tqcheck.rules.options import RuleOptions, option


@dataclass(frozen=True)
class TerminologyOptions(RuleOptions):
    """Options of the glossary rules (TQ705, TQ706)."""

    terms: tuple[Any, ...] | None = option(
        None,
        'a glossary written in config: a list of tables `{source = "indicateur", target = "informant", '
        'forbidden = "indicator"}` (alternatives separated by `|` or given as a list), used with or instead '
        "of the glossary file.",
        example='[{source = "indicateur", target = "informant"}]',
    )
    glossary: str | None = option(
        None,
        "a CSV or TBX glossary for this rule only (unset: `--glossary` or the top-level `glossary`).",
        example='"terms.csv"',
    )


def glossary_of(rule: Rule, ctx: RuleContext) -> Glossary | None:
    """The run's glossary: ``glossary`` (config or ``--glossary``) plus the rule's inline ``terms``."""
    pair = ctx.alignment.pair.pair
    parts = []
    options = rule.options
    assert isinstance(options, TerminologyOptions)
    if options.glossary:
        parts.append(load_glossary(options.glossary, pair.source, pair.target))
    if options.terms is not None:
        parts.append(inline_glossary(list(options.terms), pair.source, pair.target, f"rules.{rule.code}.terms"))
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    return Glossary(parts[0].path, pair.source, pair.target, parts[0].entries + parts[1].entries)


def used_entries(glossary: Glossary, unit: FeedUnit) -> Iterator[tuple[GlossaryEntry, tuple[int, int]]]:
    """Each entry whose source term occurs in the unit's source, with where it occurs."""
    for entry in candidates(glossary, unit.source):
        where = find_term(entry.source, unit.source, glossary.source_lang)
        if where is not None:
            yield entry, where


class TerminologyRule(FeedRule):
    """TQ705/TQ706: each glossary entry whose source term a translated unit uses, checked by :meth:`check_entry`.

    The glossary (file and inline ``terms``) is put together once per
    document, not once per unit: the file is stat'ed and the inline terms
    parsed a single time however long the feed.
    """

    abstract = True
    Options = TerminologyOptions

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        glossary = glossary_of(self, ctx)
        if glossary is None:
            return
        for unit in feed_units(ctx.alignment):
            if not unit.target.strip():
                continue  # an untranslated unit is TQ101's
            for entry, where in used_entries(glossary, unit):
                yield from self.check_entry(ctx, unit, glossary, entry, where)

    def check_entry(
        self, ctx: RuleContext, unit: FeedUnit, glossary: Glossary, entry: GlossaryEntry, where: tuple[int, int]
    ) -> Iterator[Finding]:  # pragma: no cover - abstract
        raise NotImplementedError
