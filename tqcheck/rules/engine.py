"""Runs the selected rules over an alignment and collects their findings.

Besides calling each rule, the engine does what rules declare (see
:class:`~tqcheck.rules.base.Rule`): it makes each link's facts once and
shares them, skips the links a rule's ``skip_links`` facts rule out, skips
links of a ``link_pure`` rule whose texts already gave nothing, and, once
every rule ran, drops a finding that a rule it ``defers_to`` also made.
A long document's later links are shared with a forked child process
(:mod:`tqcheck.rules.forking`; ``TQCHECK_RULE_FORK=0`` keeps them here).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import fields

from tqcheck.config import Config
from tqcheck.datatypes import Alignment, Finding, Scores, Span
from tqcheck.nlp import Analysis
from tqcheck.rules import forking
from tqcheck.rules.base import LinkContext, Rule, RuleContext
from tqcheck.rules.facts import LinkFact, LinkFacts
from tqcheck.rules.registry import needs_parser, select_rules


def _has_scores(scores: Scores, needs: tuple[str, ...]) -> bool:
    return any(all(getattr(ls, n) is not None for n in needs) for ls in scores.links)


def _has_option(cls: type[Rule], name: str) -> bool:
    """Whether the rule's options dataclass has a field ``name`` (a rule with a ``glossary`` option reads the run's)."""
    return any(f.name == name for f in fields(cls.Options))


def instantiate(config: Config, pair_code: str, scores: Scores | None = None) -> list[Rule]:
    """The rule objects a run uses: selected, applicable to the pair, with config applied.

    Making a rule validates its options, so a misspelt option is a
    :class:`~tqcheck.errors.ConfigError` here at the latest.
    """
    rules = []
    for cls in select_rules(config.select, config.ignore):
        options = config.rule_options.get(cls.code, {})
        if config.glossary and "glossary" not in options and _has_option(cls, "glossary"):
            options = {**options, "glossary": config.glossary}  # --glossary / [tool.tqcheck] glossary
        rule = cls(severity=config.severity.get(cls.code), options=options)
        if not rule.applies_to(pair_code):
            continue
        if cls.needs_scores and (scores is None or not _has_scores(scores, cls.needs_scores)):
            continue
        rules.append(rule)
    return rules


RULE_BLOCK_LINKS = 1_000
"""Links checked by every rule before the next block starts (see :func:`run_rules`)."""

CACHE_TRIM_ENTRIES = 8_000
"""After each block, per-text caches holding more entries than this are emptied (:mod:`tqcheck.memo`)."""

KEEP_BEHIND = 32
"""Sentences before a block whose analysis is kept for rules that read earlier sentences (pronoun chains)."""


def run_rules(
    alignment: Alignment,
    scores: Scores,
    config: Config,
    analysis: Analysis | None = None,
    rules: Sequence[Rule] | None = None,
    timings: dict[str, float] | None = None,
    block_links: int = RULE_BLOCK_LINKS,
) -> tuple[Finding, ...]:
    """All findings of the selected rules, sorted by link then position.

    ``rules`` are the rule objects to run (from :func:`instantiate`, which a
    caller that also reports them has already called); by default they are
    made here. Each link's facts (its sentences, which are left in French)
    are made once and shared by every rule's context. ``timings``, when
    given, receives each rule's CPU seconds (its document state, its checks
    and the lazy analysis it was first to ask for), so a profile can say which
    rule a run's time goes to.

    Link rules run block by block (``block_links`` links, every rule on a
    block before the next): what rules share per sentence (parses, quantities,
    names, the memo caches) is then needed for one block only, so it is
    dropped after the block and a long document's peak memory stays flat
    instead of holding every sentence's analysis until the last rule ran
    (one 20,000-pair document held ~300 MB more than a 5,000-pair one).
    Each rule still sees its links in order with its one document state, and
    findings are gathered per rule as before, so the findings are the same.

    A document of :data:`~tqcheck.rules.forking.FORK_MIN_LINKS` links or more
    uses a second core where it may (:func:`~tqcheck.rules.forking.can_fork`):
    after the first block, a forked child checks the second half of the rest
    (:mod:`tqcheck.rules.forking`); its findings are appended to this
    process's per rule, so they come in the same order as from one process.
    """
    analysis = analysis or Analysis(alignment)
    if rules is None:
        rules = instantiate(config, alignment.pair.pair.code, scores)
    by_rule: dict[str, list[Finding]] = {}
    link_rules: list[tuple[Rule, RuleContext, _Quiet | None]] = []
    first_same = _first_same_texts(alignment) if any(r.link_pure and r.scope != "document" for r in rules) else []
    document_rules: list[tuple[Rule, RuleContext]] = []
    for rule in rules:
        started = time.process_time() if timings is not None else 0.0
        document = RuleContext(alignment, scores, analysis, rule.options, config.thresholds)
        document.state = rule.document_state(document)
        by_rule[rule.code] = []
        if rule.scope == "document":
            document_rules.append((rule, document))
        else:
            link_rules.append((rule, document, _Quiet(first_same) if rule.link_pure else None))
        if timings is not None:
            timings[rule.code] = timings.get(rule.code, 0.0) + time.process_time() - started

    def check_document() -> None:
        for rule, document in document_rules:
            started = time.process_time() if timings is not None else 0.0
            by_rule[rule.code].extend(rule.check(document))
            if timings is not None:
                timings[rule.code] = timings.get(rule.code, 0.0) + time.process_time() - started

    n = len(alignment.links)
    step = max(1, block_links)
    blocks = _Blocks(alignment, analysis, link_rules, step, timings)
    chunks = _chunks(n, step, needs_parser(rule.code for rule in rules)) if link_rules else None
    if chunks is None:
        check_document()
        blocks.run(0, n, by_rule)
    else:  # the document rules run here while the child checks links: the child never needs them
        _run_shared(blocks, chunks, by_rule, timings, check_document)
    findings = resolve_deferrals(rules, by_rule)
    return tuple(sorted(findings, key=lambda f: f.sort_key))


def _chunks(n: int, step: int, parser_rules: bool = True) -> list[tuple[int, int]] | None:
    """The ranges of links two processes share out after the first block, or ``None``: one process checks all.

    Ranges of half a block, taken one at a time by whichever process is free
    (:class:`~tqcheck.rules.forking.Tickets`), so neither waits for the other
    however the cost of links varies along the document or whatever else
    runs on the machine.
    """
    if n < max(forking.FORK_MIN_LINKS, 2 * step) or not forking.can_fork(parser_rules):
        return None
    size = max(1, step // 2, -(-(n - step) // forking.Tickets.MAX))
    return [(a, min(n, a + size)) for a in range(step, n, size)]


def _run_shared(
    blocks: _Blocks,
    chunks: list[tuple[int, int]],
    by_rule: dict[str, list[Finding]],
    timings: dict[str, float] | None,
    after_fork: Callable[[], None],
) -> None:
    """The first block here, then ``chunks`` shared with a forked child; findings appended in link order.

    ``after_fork`` is work of this process only (the document rules), done while the child checks links.
    """
    blocks.run(0, chunks[0][0], by_rule)  # loads the tables every later block reads, before the fork shares them
    tickets = forking.Tickets(len(chunks))
    try:
        child: forking.Forked | None = forking.Forked(lambda: blocks.take(tickets, chunks))
    except OSError:  # the system cannot fork now: every chunk is checked here
        child = None
    try:
        after_fork()
        mine, _ = blocks.take(tickets, chunks)
    except BaseException:
        if child is not None:
            child.cancel()
        raise
    finally:
        tickets.close()
    theirs, child_timings = (child.result() if child is not None else None) or ({}, {})
    for k, (begin, end) in enumerate(chunks):
        part = mine.get(k) or theirs.get(k)
        if part is None:  # taken by a child that failed: checked here
            part = {code: [] for code in by_rule}
            blocks.run(begin, end, part)
        for code, found in part.items():
            by_rule[code].extend(found)
    if timings is not None:
        for code, seconds in child_timings.items():
            timings[code] = timings.get(code, 0.0) + seconds


class _Blocks:
    """The link rules of one document run over a range of links, block by block."""

    def __init__(
        self,
        alignment: Alignment,
        analysis: Analysis,
        link_rules: list[tuple[Rule, RuleContext, _Quiet | None]],
        step: int,
        timings: dict[str, float] | None,
    ) -> None:
        self.alignment, self.analysis, self.link_rules = alignment, analysis, link_rules
        self.step, self.timings = step, timings

    def run(self, begin: int, end: int, by_rule: dict[str, list[Finding]]) -> None:
        """Every link rule on links ``begin:end``, block by block, findings appended to ``by_rule``."""
        alignment, analysis, step, timings = self.alignment, self.analysis, self.step, self.timings
        n = len(alignment.links)
        for start in range(begin, end, step):
            stop = min(end, start + step)
            facts = _link_facts(alignment, start, stop)
            skipped: dict[tuple[LinkFact, ...], list[bool]] = {}  # per set of skip facts, shared by the rules
            for rule, document, quiet in self.link_rules:
                started = time.process_time() if timings is not None else 0.0
                by_rule[rule.code].extend(_check_links(rule, document, facts, start, quiet, skipped))
                if timings is not None:
                    timings[rule.code] = timings.get(rule.code, 0.0) + time.process_time() - started
            if stop < n:
                _after_block(alignment, analysis, stop)

    def take(
        self, tickets: forking.Tickets, chunks: list[tuple[int, int]]
    ) -> tuple[dict[int, dict[str, list[Finding]]], dict[str, float]]:
        """Check the chunks whose tickets this process draws: their findings per rule, by chunk; CPU per rule."""
        done: dict[int, dict[str, list[Finding]]] = {}
        timings, self.timings = self.timings, ({} if self.timings is not None else None)
        try:
            while (k := tickets.draw()) is not None:
                done[k] = {rule.code: [] for rule, _, _ in self.link_rules}
                self.run(*chunks[k], done[k])
            return done, self.timings or {}
        finally:
            if timings is not None and self.timings is not None:
                for code, seconds in self.timings.items():
                    timings[code] = timings.get(code, 0.0) + seconds
            self.timings = timings


def _after_block(alignment: Alignment, analysis: Analysis, next_link: int) -> None:
    """Drop what the rules computed for the links before ``next_link`` that later links will not read."""
    from tqcheck.memo import trim_text_caches

    link = alignment.links[next_link]
    for side, indices in (("source", link.source), ("target", link.target)):
        if indices:
            analysis.forget_before(side, min(indices) - KEEP_BEHIND)
    trim_text_caches(above=CACHE_TRIM_ENTRIES)


def _link_facts(alignment: Alignment, start: int = 0, end: int | None = None) -> list[LinkFacts]:
    source, target = alignment.source.sentences, alignment.target.sentences
    src_lang, tgt_lang = alignment.source.lang, alignment.target.lang
    return [
        LinkFacts([source[i] for i in link.source], [target[j] for j in link.target], src_lang, tgt_lang)
        for link in alignment.links[start:end]
    ]


class _Quiet:
    """The links of a ``link_pure`` rule whose texts already gave no finding earlier in the document.

    Links with the same texts share one number (the first such link's index),
    computed once per document, so each rule keeps one byte per link instead
    of a set of text tuples.
    """

    def __init__(self, first_same: list[int]) -> None:
        self.first = first_same
        self.quiet = bytearray(len(first_same))

    def __contains__(self, index: int) -> bool:
        return bool(self.quiet[self.first[index]])

    def add(self, index: int) -> None:
        self.quiet[self.first[index]] = 1


def _first_same_texts(alignment: Alignment) -> list[int]:
    """For each link, the index of the first link with the same source and target texts."""
    source, target = alignment.source.sentences, alignment.target.sentences
    seen: dict[tuple[tuple[str, ...], tuple[str, ...]], int] = {}
    return [
        seen.setdefault((tuple(source[i].text for i in link.source), tuple(target[j].text for j in link.target)), k)
        for k, link in enumerate(alignment.links)
    ]


def _check_links(
    rule: Rule,
    document: RuleContext,
    facts: list[LinkFacts],
    offset: int = 0,
    quiet: _Quiet | None = None,
    skipped: dict[tuple[LinkFact, ...], list[bool]] | None = None,
) -> Iterator[Finding]:
    """``rule`` on every link it does not skip (``facts`` of links from ``offset`` on).

    A ``link_pure`` rule (with its ``quiet`` record) is called once per distinct quiet pair of texts.
    Which links a set of skip facts rules out is worked out once per block and kept in ``skipped``
    for the next rule declaring the same set (most rules declare one of two sets).
    """
    skip = tuple(fact for fact in LinkFact if fact in rule.skip_links)  # declaration order: cheap facts first
    mask = _skip_mask(facts, skip, {} if skipped is None else skipped)
    for k, link_facts in enumerate(facts):
        i = offset + k
        if mask[k]:
            continue
        # a link_pure rule's documents, languages and options are the same for the whole run of this rule
        if quiet is not None and i in quiet:
            continue
        ctx = LinkContext(
            document.alignment,
            document.scores,
            document.analysis,
            document.options,
            document.thresholds,
            document.state,
            index=i,
            facts=link_facts,
        )
        found = False
        for finding in rule.check(ctx):
            found = True
            yield finding
        if quiet is not None and not found:
            quiet.add(i)


def _skip_mask(
    facts: list[LinkFacts], skip: tuple[LinkFact, ...], skipped: dict[tuple[LinkFact, ...], list[bool]]
) -> list[bool]:
    """Per link of ``facts``: does one of the ``skip`` facts hold? (Remembered in ``skipped``.)"""
    mask = skipped.get(skip)
    if mask is None:
        if skip:
            mask = [any(link_facts.holds(fact) for fact in skip) for link_facts in facts]
        else:
            mask = [False] * len(facts)
        skipped[skip] = mask
    return mask


def resolve_deferrals(rules: Iterable[Rule], by_rule: dict[str, list[Finding]]) -> list[Finding]:
    """Every finding, less those of a rule that defers to another rule's finding on the same text.

    A rule's finding is dropped when a rule it ``defers_to`` made a finding on
    the same link whose span overlaps it (target spans when both have one,
    source spans otherwise). Only rules that ran count: with the other rule
    not selected, nothing is deferred (as in ruff, a rule is never silenced
    by a rule the user switched off, and no unselected rule is computed).
    """
    out: list[Finding] = []
    for rule in rules:
        own = by_rule.get(rule.code, [])
        winners = [f for code in rule.defers_to for f in by_rule.get(code, ())]
        out.extend(f for f in own if not any(_same_mistake(f, w) for w in winners))
    return out


def _same_mistake(finding: Finding, other: Finding) -> bool:
    if finding.link != other.link:
        return False
    if finding.target is not None and other.target is not None:
        return _overlap(finding.target, other.target)
    if finding.source is not None and other.source is not None:
        return _overlap(finding.source, other.source)
    return False


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end
