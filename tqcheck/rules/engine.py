"""Runs the selected rules over an alignment and collects their findings."""

from __future__ import annotations

from collections.abc import Sequence

from tqcheck.config import Config
from tqcheck.datatypes import Alignment, Finding, Scores, Sentence
from tqcheck.nlp import Analysis
from tqcheck.rules.base import LinkContext, Rule, RuleContext
from tqcheck.rules.registry import select_rules


def _has_scores(scores: Scores, needs: tuple[str, ...]) -> bool:
    return any(all(getattr(ls, n) is not None for n in needs) for ls in scores.links)


def instantiate(config: Config, pair_code: str, scores: Scores | None = None) -> list[Rule]:
    """The rule objects a run uses: selected, applicable to the pair, with config applied."""
    rules = []
    for cls in select_rules(config.select, config.ignore):
        options = config.rule_options.get(cls.code, {})
        if getattr(cls, "uses_glossary", False) and config.glossary and "glossary" not in options:
            options = {**options, "glossary": config.glossary}  # --glossary / [tool.tqcheck] glossary
        rule = cls(severity=config.severity.get(cls.code), options=options)
        if not rule.applies_to(pair_code):
            continue
        if cls.needs_scores and (scores is None or not _has_scores(scores, cls.needs_scores)):
            continue
        rules.append(rule)
    return rules


def run_rules(
    alignment: Alignment,
    scores: Scores,
    config: Config,
    analysis: Analysis | None = None,
    rules: Sequence[Rule] | None = None,
) -> tuple[Finding, ...]:
    """All findings of the selected rules, sorted by link then position.

    ``rules`` are the rule objects to run (from :func:`instantiate`, which a
    caller that also reports them has already called); by default they are
    made here. Each link's sentences are looked up once and handed to every
    rule's context, instead of once per rule and link.
    """
    analysis = analysis or Analysis(alignment)
    if rules is None:
        rules = instantiate(config, alignment.pair.pair.code, scores)
    findings: list[Finding] = []
    per_link: list[tuple[list[Sentence], list[Sentence]]] | None = None
    for rule in rules:
        if rule.scope == "document":
            findings.extend(
                rule.check(
                    RuleContext(
                        alignment=alignment,
                        scores=scores,
                        analysis=analysis,
                        options=rule.options,
                        thresholds=config.thresholds,
                    )
                )
            )
            continue
        if per_link is None:
            source, target = alignment.source.sentences, alignment.target.sentences
            per_link = [
                ([source[i] for i in link.source], [target[j] for j in link.target])
                for link in alignment.links
            ]
        for i, (src, tgt) in enumerate(per_link):
            ctx = LinkContext(alignment, scores, analysis, rule.options, config.thresholds, i)
            # what the cached properties would compute; a fresh list each, as they would give
            ctx.__dict__["source_sentences"] = list(src)
            ctx.__dict__["target_sentences"] = list(tgt)
            findings.extend(rule.check(ctx))
    return tuple(sorted(findings, key=lambda f: f.sort_key))
