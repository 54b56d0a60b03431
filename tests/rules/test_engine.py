"""The rule engine: declared deferral, shared link facts, quiet-link memo, per-document state.

Test rules here set ``abstract = True`` so they stay out of the registry
(``all_rules()``, the docs and the CLI never see them).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

import pytest
from helpers import findings_for, make_alignment

from tqcheck.config import Config
from tqcheck.datatypes import Finding, Scores, Severity, Span
from tqcheck.nlp import Analysis
from tqcheck.rules import engine
from tqcheck.rules.base import LinkContext, Rule, RuleContext
from tqcheck.rules.engine import resolve_deferrals, run_rules
from tqcheck.rules.facts import LinkFact

ISSUE_ROWS = [
    (
        "À l'issue de la réunion, le ministre a démissionné.",
        "At the issue of the reunion, the minister resigned.",
    )
]


def _finding(code: str, link: int | None, start: int, end: int, side: str = "target") -> Finding:
    span = Span(side, 0, start, end, "x" * (end - start))  # type: ignore[arg-type]
    return Finding(
        code=code,
        name="test",
        severity=Severity.WARNING,
        message="m",
        link=link,
        source=span if side == "source" else None,
        target=span if side == "target" else None,
    )


class _Loser(Rule):
    abstract = True
    code = "TQ998"
    name = "loser"
    severity = Severity.WARNING
    defers_to = ("TQ997",)


class _Winner(Rule):
    abstract = True
    code = "TQ997"
    name = "winner"
    severity = Severity.ERROR


# --------------------------------------------------------------------------- deferral resolution


def test_a_finding_overlapping_a_finding_of_the_rule_it_defers_to_is_dropped():
    loser = [_finding("TQ998", 0, 5, 10), _finding("TQ998", 0, 20, 25), _finding("TQ998", 1, 5, 10)]
    winner = [_finding("TQ997", 0, 8, 15)]
    kept = resolve_deferrals([_Loser(), _Winner()], {"TQ998": loser, "TQ997": winner})
    # overlap on the same link goes; other text of that link and the same offsets on another link stay
    assert [(f.code, f.link, f.target.start) for f in kept] == [
        ("TQ998", 0, 20),
        ("TQ998", 1, 5),
        ("TQ997", 0, 8),
    ]


def test_touching_spans_do_not_overlap_and_source_spans_count_without_target_spans():
    loser = [_finding("TQ998", 0, 0, 5), _finding("TQ998", 0, 30, 40, side="source")]
    winner = [_finding("TQ997", 0, 5, 9), _finding("TQ997", 0, 35, 36, side="source")]
    kept = resolve_deferrals([_Loser(), _Winner()], {"TQ998": loser, "TQ997": winner})
    assert [(f.code, f.link, (f.target or f.source).start) for f in kept if f.code == "TQ998"] == [
        ("TQ998", 0, 0)
    ]


def test_nothing_is_deferred_to_a_rule_that_did_not_run():
    loser = [_finding("TQ998", 0, 5, 10)]
    assert resolve_deferrals([_Loser()], {"TQ998": loser}) == loser


def test_deferring_never_goes_the_other_way():
    winner = [_finding("TQ997", 0, 5, 10)]
    kept = resolve_deferrals([_Loser(), _Winner()], {"TQ998": [_finding("TQ998", 0, 5, 10)], "TQ997": winner})
    assert [f.code for f in kept] == ["TQ997"]


def test_a_rule_cannot_defer_to_itself():
    with pytest.raises(TypeError, match="defers_to"):

        class _Selfish(Rule):  # noqa: F841 - defining it is the test
            """Doc.

            ## What it does
            ## Why is this bad?
            ## Example
            ## Use instead
            """

            code = "TQ996"
            name = "selfish"
            severity = Severity.INFO
            defers_to = ("TQ996",)


# --------------------------------------------------------------------------- TQ202 defers to TQ203


def test_false_friend_defers_to_the_calque_when_both_run():
    found = {(f.code, f.target.text) for f in findings_for(ISSUE_ROWS, select=("TQ202", "TQ203"))}
    assert ("TQ203", "At the issue of") in found and ("TQ202", "issue") not in found


def test_false_friend_alone_reports_the_look_alike_inside_a_calque():
    """Selected alone, TQ202 defers to nothing: the calque rule is not run, so the false friend is reported."""
    found = {(f.code, f.target.text) for f in findings_for(ISSUE_ROWS, select=("TQ202",))}
    assert ("TQ202", "issue") in found and ("TQ202", "reunion") in found


def test_selecting_the_false_friend_alone_never_matches_calques(monkeypatch):
    from tqcheck.rules.meaning import _lexicon

    kinds: list[str] = []
    real = _lexicon._compute_hits

    def spy(ctx: LinkContext, kind: str, *args: Any) -> Any:
        kinds.append(kind)
        return real(ctx, kind, *args)

    monkeypatch.setattr(_lexicon, "_compute_hits", spy)
    findings_for(ISSUE_ROWS, select=("TQ202",))
    assert kinds == ["false-friend"]


# --------------------------------------------------------------------------- per-document state (TQ201)

THING_ROWS = [
    (
        "L'armée malienne a indiqué dans un communiqué qu'elle poursuivait sa progression.",
        "The Malian army said in a statement that it was continuing its advance.",
    ),
    ("Elle affirme avoir détruit un véhicule.", "She claims to have destroyed a vehicle."),
    ("Elle a aussi saisi des armes.", "She also seized weapons."),
]


def _count_resolvers(monkeypatch) -> list[object]:
    from tqcheck.rules.meaning import pronoun_gender_calque

    made: list[object] = []
    real = pronoun_gender_calque.Resolver

    def counting(*args: Any, **kwargs: Any) -> Any:
        made.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(pronoun_gender_calque, "Resolver", counting)
    return made


def test_the_pronoun_resolver_is_made_once_per_document(monkeypatch):
    made = _count_resolvers(monkeypatch)
    found = findings_for(THING_ROWS, select=("TQ201",))
    assert [f.target.text for f in found] == ["She", "She"]
    assert len(made) == 1
    findings_for(THING_ROWS, select=("TQ201",))  # a new run of the same texts makes its own
    assert len(made) == 2


def test_other_meaning_rules_do_not_run_the_pronoun_resolver(monkeypatch):
    made = _count_resolvers(monkeypatch)
    findings_for(THING_ROWS, select=("TQ202", "TQ203"))
    assert made == []


def test_the_resolver_reads_this_runs_options(monkeypatch):
    """Two runs on one analysis with different options no longer share a resolver made with the first's."""
    alignment = make_alignment(THING_ROWS)
    analysis = Analysis(alignment)
    scores = Scores.empty(len(alignment.links))
    assert run_rules(alignment, scores, Config(select=("TQ201",)), analysis)
    quiet = Config(select=("TQ201",), rule_options={"TQ201": {"min-salience": 1e9}})
    assert run_rules(alignment, scores, quiet, analysis) == ()


# --------------------------------------------------------------------------- link facts and the quiet memo


class _Recorder(Rule):
    """Records the links it is called on."""

    abstract = True
    code = "TQ995"
    name = "recorder"
    severity = Severity.INFO
    calls: ClassVar[list[int]] = []

    def check(self, ctx: LinkContext) -> Iterator[Finding]:
        self.calls.append(ctx.index)
        yield from ()


ROWS = [
    ("Le budget a été voté.", "The budget was passed."),
    ("Un paragraphe oublié.", None),
    (None, "An added sentence."),
    (
        "Les forces maliennes tentent de contourner leurs positions.",
        "les forces maliennes tentent de contourner leurs positions.",
    ),
    ("Le budget a été voté.", "The budget was passed."),
]


def _run(rules: list[Rule], rows=ROWS) -> tuple[Finding, ...]:
    alignment = make_alignment(rows)
    return run_rules(alignment, Scores.empty(len(alignment.links)), Config(), Analysis(alignment), rules)


def test_declared_link_facts_skip_links(monkeypatch):
    class Skipping(_Recorder):
        abstract = True
        calls: ClassVar[list[int]] = []
        skip_links = frozenset({LinkFact.ONE_SIDE_EMPTY, LinkFact.UNTRANSLATED})

    class Plain(_Recorder):
        abstract = True
        calls: ClassVar[list[int]] = []

    _run([Skipping(), Plain()])
    assert Plain.calls == [0, 1, 2, 3, 4]
    assert Skipping.calls == [0, 4]



def test_rules_declaring_the_same_skip_facts_share_one_answer_per_link(monkeypatch):
    """Which links a set of skip facts rules out is asked once per link, however many rules declare it."""
    asked: list[LinkFact] = []
    real = engine.LinkFacts.holds

    def spy(self, fact: LinkFact) -> bool:
        asked.append(fact)
        return real(self, fact)

    monkeypatch.setattr(engine.LinkFacts, "holds", spy)

    def skipping() -> type[_Recorder]:
        class Skipping(_Recorder):
            abstract = True
            calls: ClassVar[list[int]] = []
            skip_links = frozenset({LinkFact.ONE_SIDE_EMPTY, LinkFact.UNTRANSLATED})

        return Skipping

    first, second = skipping(), skipping()
    _run([first(), second()])
    assert first.calls == second.calls == [0, 4]
    # one question per fact a link needed (the one-side-empty links 1 and 2 are never asked the second)
    assert asked.count(LinkFact.ONE_SIDE_EMPTY) == len(ROWS)
    assert asked.count(LinkFact.UNTRANSLATED) == len(ROWS) - 2

def test_a_link_pure_rule_skips_repeated_quiet_links():
    class Pure(_Recorder):
        abstract = True
        calls: ClassVar[list[int]] = []
        link_pure = True

    _run([Pure()])
    assert Pure.calls == [0, 1, 2, 3]  # link 4 repeats link 0's texts, which gave nothing


def test_a_link_pure_rule_checks_a_repeated_link_that_had_findings():
    class Loud(_Recorder):
        abstract = True
        calls: ClassVar[list[int]] = []
        link_pure = True

        def check(self, ctx: LinkContext) -> Iterator[Finding]:
            self.calls.append(ctx.index)
            if ctx.link.source and ctx.link.target:
                yield self.finding(ctx, "seen", target=ctx.sentence_span("target", ctx.target_sentences[0]))

    found = _run([Loud()])
    assert Loud.calls == [0, 1, 2, 3, 4]
    assert [f.link for f in found] == [0, 3, 4]


def test_french_sentences_are_detected_once_per_link_for_all_rules(monkeypatch):
    from tqcheck.lang import detection as _french

    seen: list[str] = []
    real = _french.sentence_is_french

    def spy(text: str, *args: Any) -> bool:
        seen.append(text)
        return real(text, *args)

    monkeypatch.setattr(_french, "sentence_is_french", spy)
    rows = [
        ("Le prix est de 3,5 euros le 12 mars.", "The price is 3,5 euros on 12 March."),
        (
            "Les forces maliennes tentent de contourner leurs positions.",
            "les forces maliennes tentent de contourner leurs positions.",
        ),
    ]
    found = findings_for(rows, select=("TQ301", "TQ302", "TQ305", "TQ401", "TQ601", "TQ603"))
    assert sorted(seen) == sorted(t for _, t in rows)  # each target sentence once, whatever the rules
    assert {f.code for f in found if f.link == 1} == {"TQ401"}  # the untranslated link is TQ401's alone


def test_document_state_is_made_once_and_reaches_every_link():
    class Stateful(Rule):
        abstract = True
        code = "TQ994"
        name = "stateful"
        severity = Severity.INFO
        made: ClassVar[list[RuleContext]] = []
        seen: ClassVar[list[object]] = []

        def document_state(self, ctx: RuleContext) -> object:
            self.made.append(ctx)
            return object()

        def check(self, ctx: LinkContext) -> Iterator[Finding]:
            self.seen.append(ctx.state)
            yield from ()

    _run([Stateful()])
    assert len(Stateful.made) == 1
    assert len(Stateful.seen) == len(ROWS) and len({id(s) for s in Stateful.seen}) == 1


def test_the_engine_module_keeps_no_state_between_runs():
    """No module-level cache that outlives a run (the old WeakKeyDictionaries)."""
    import weakref

    from tqcheck.rules.meaning import _lexicon, pronoun_gender_calque

    for module in (engine, _lexicon, pronoun_gender_calque):
        assert not [
            n
            for n, v in vars(module).items()
            if isinstance(v, (weakref.WeakKeyDictionary, weakref.WeakValueDictionary))
        ]


def test_the_docs_say_which_rules_a_rule_defers_to():
    from tqcheck.rules.registry import get_rule

    assert "TQ203" in get_rule("TQ202").section("Deferral")
    assert get_rule("TQ203").section("Deferral") == ""


def test_every_deferral_names_a_registered_rule():
    from tqcheck.rules.registry import all_rules

    codes = {rule.code: rule for rule in all_rules()}
    for rule in all_rules():
        for code in rule.defers_to:
            assert code in codes, f"{rule.code} defers to unknown rule {code}"


def test_run_rules_records_each_rules_cpu_time_when_asked():
    alignment = make_alignment(ISSUE_ROWS)
    config = Config(similarity=False, select=("TQ202", "TQ301"))
    timings: dict[str, float] = {}
    found = run_rules(alignment, Scores.empty(len(alignment.links)), config, Analysis(alignment), timings=timings)
    assert set(timings) == {"TQ202", "TQ301"}
    assert all(seconds >= 0.0 for seconds in timings.values())
    # recording changes nothing of the findings
    assert found == run_rules(alignment, Scores.empty(len(alignment.links)), config, Analysis(alignment))
