"""Shared by TQ705/TQ706: the glossary entries whose source term a unit uses."""

from __future__ import annotations

from collections.abc import Iterator

from tqcheck.glossary import Glossary, GlossaryEntry, candidates, find_term, inline_glossary, load_glossary
from tqcheck.rules.base import Rule, RuleContext
from tqcheck.rules.feed._common import FeedUnit


def glossary_of(rule: Rule, ctx: RuleContext) -> Glossary | None:
    """The run's glossary: ``glossary`` (config or ``--glossary``) plus the rule's inline ``terms``."""
    pair = ctx.alignment.pair.pair
    parts = []
    path = rule.options.get("glossary")
    if path:
        parts.append(load_glossary(str(path), pair.source, pair.target))
    if rule.options.get("terms") is not None:
        parts.append(inline_glossary(rule.options["terms"], pair.source, pair.target, f"rules.{rule.code}.terms"))
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
