"""Model adjudication: fixed targets, pronoun context, verdicts, annotate/filter modes."""

from __future__ import annotations

import math
import re

import pytest
from helpers import make_alignment

from tqcheck.config import Config
from tqcheck.datatypes import Finding, ModelInfo, Severity, TokenScore
from tqcheck.scoring import Scorer
from tqcheck.scoring.adjudication import (
    FIX_PREFERRED,
    ORIGINAL_PREFERRED,
    UNDECIDED,
    adjudicate,
    fixed_target,
    verdict,
)


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path / "cache"))


class LexiconBackend:
    """A deterministic stand-in for an MT model: word-by-word lexicon, pronoun by antecedent.

    ``elle`` is "it" when an earlier sentence of the source it is given
    mentions a thing (armée, ville), else "she"; a target word the lexicon
    translation contains gets log-prob -0.1, any other word -6.
    """

    LEXICON = {"elle": "she", "affirme": "claims", "avoir": "to have", "détruit": "destroyed",
               "un": "a", "véhicule": "vehicle", "la": "the", "ville": "town", "reste": "remains",
               "calme": "calm", "armée": "army", "malienne": "Malian", "a": "has", "parlé": "spoken"}
    THINGS = ("armée", "ville")

    info = ModelInfo("lexicon-double", "1", "test", "mt")
    max_length = 512

    def __init__(self) -> None:
        self.score_calls: list[tuple[list[str], list[str]]] = []

    def _words(self, text: str) -> list[str]:
        return re.findall(r"\w+", text.lower())

    def translate(self, sources):
        out = []
        for src in sources:
            sentences = re.split(r"(?<=\.)\s+", src)
            words = []
            for k, sentence in enumerate(sentences):
                earlier = " ".join(sentences[:k]).lower()
                for w in self._words(sentence):
                    if w == "elle" and any(t in earlier for t in self.THINGS):
                        words.append("it")
                    else:
                        words.append(self.LEXICON.get(w, w))
            out.append(" ".join(words))
        return out

    def score(self, sources, targets):
        self.score_calls.append((list(sources), list(targets)))
        results = []
        for src, tgt in zip(sources, targets, strict=True):
            allowed = set(" ".join(self.translate([src])).lower().split())
            toks = [TokenScore(f" {w}", -0.1 if w.lower() in allowed else -6.0) for w in re.findall(r"\w+|[^\w\s]", tgt)]
            results.append((*toks, TokenScore("</s>", -0.5)))
        return results


ROWS = [
    ("L'armée malienne a parlé.", "The Malian army has spoken."),
    ("Elle affirme avoir détruit un véhicule.", "She claims to have destroyed a vehicle."),
    ("La ville reste calme.", "The town remains calm."),
]


def _finding(alignment, link, text, suggestion, code="TQ201", severity=Severity.ERROR):
    sentence = alignment.target.sentences[alignment.links[link].target[0]]
    start = sentence.text.index(text)
    from tqcheck.datatypes import Span

    span = Span("target", sentence.index, sentence.start + start, sentence.start + start + len(text), text)
    return Finding(code, "x", severity, "msg", link=link, target=span, suggestion=suggestion)


def test_fixed_target_replaces_the_span_in_the_link_text():
    al = make_alignment(ROWS)
    f = _finding(al, 1, "She", "It")
    assert fixed_target(al, f) == (ROWS[1][1], "It claims to have destroyed a vehicle.")
    assert fixed_target(al, Finding("TQ201", "x", Severity.ERROR, "m", link=1)) is None  # no span, no suggestion


def test_pronoun_is_judged_with_the_previous_sentences_as_context():
    al = make_alignment(ROWS)
    backend = LexiconBackend()
    out = adjudicate(al, [_finding(al, 1, "She", "It")], backend)
    sources, targets = backend.score_calls[0]
    assert sources[0].startswith(ROWS[0][0]) and targets[0].startswith(ROWS[0][1])
    adj = out[0].details["adjudication"]
    assert adj["verdict"] == FIX_PREFERRED and adj["context"] is True
    assert adj["fixed_logprob"] > adj["original_logprob"]
    assert adj["fixed_region_logprob"] > adj["original_region_logprob"]


def test_without_context_the_same_pronoun_is_not_fixed():
    al = make_alignment(ROWS[1:])  # no antecedent sentence before "Elle"
    out = adjudicate(al, [_finding(al, 0, "She", "It")], LexiconBackend())
    assert out[0].details["adjudication"]["verdict"] == ORIGINAL_PREFERRED


def test_filter_drops_only_original_preferred_findings():
    al = make_alignment(ROWS)
    good = _finding(al, 1, "She", "It")
    bad = _finding(al, 2, "town", "village", code="TQ202", severity=Severity.WARNING)
    omission = Finding("TQ101", "omission", Severity.ERROR, "missing", link=0)
    annotated = adjudicate(al, [good, bad, omission], LexiconBackend(), mode="annotate")
    assert [f.details.get("adjudication", {}).get("verdict") for f in annotated] == [
        FIX_PREFERRED, ORIGINAL_PREFERRED, None,
    ]
    filtered = adjudicate(al, [good, bad, omission], LexiconBackend(), mode="filter")
    assert [f.code for f in filtered] == ["TQ201", "TQ101"]
    assert adjudicate(al, [good], LexiconBackend(), mode="off") == (good,)


def test_verdict_margin():
    assert verdict(-10.0, -8.5) == FIX_PREFERRED
    assert verdict(-8.5, -10.0) == ORIGINAL_PREFERRED
    assert verdict(-10.0, -9.5) == UNDECIDED
    assert verdict(-10.0, -9.5, margin=0.1) == FIX_PREFERRED


def test_scorer_without_model_leaves_findings_unchanged():
    al = make_alignment(ROWS)
    f = _finding(al, 1, "She", "It")
    assert Scorer(Config(similarity=False)).adjudicate(al, (f,)) == (f,)


def test_scorer_adjudicates_with_given_backend_and_margin_from_config():
    al = make_alignment(ROWS)
    f = _finding(al, 1, "She", "It")
    scorer = Scorer(Config(adjudicate="filter", thresholds={"adjudication_margin": 100.0}), backend=LexiconBackend())
    (out,) = scorer.adjudicate(al, (f,))
    assert out.details["adjudication"]["verdict"] == UNDECIDED  # huge margin: nothing decided


def test_tiny_marian_gives_a_verdict_and_filter_follows_it(tiny_marian_dir):
    al = make_alignment(ROWS)
    findings = (_finding(al, 1, "She", "It"), _finding(al, 2, "town", "city", code="TQ202"))
    config = Config(model=str(tiny_marian_dir), backend="transformers", similarity=False, adjudicate="annotate")
    annotated = Scorer(config).adjudicate(al, findings)
    verdicts = []
    for f in annotated:
        adj = f.details["adjudication"]
        assert math.isfinite(adj["original_logprob"]) and math.isfinite(adj["fixed_logprob"])
        assert adj["verdict"] == verdict(adj["original_logprob"], adj["fixed_logprob"], adj["margin"])
        verdicts.append(adj["verdict"])
    filtered = Scorer(Config(**{**config.__dict__, "adjudicate": "filter"})).adjudicate(al, findings)
    assert len(filtered) == sum(v != ORIGINAL_PREFERRED for v in verdicts)
    again = Scorer(config).adjudicate(al, findings)
    assert again == annotated  # deterministic (second run served from the cache)
