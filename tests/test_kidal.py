"""The founding example end to end: tqcheck against corpora/kidal/gold.json.

Every gold finding of the machine-like translation must be found (same family,
overlapping span), and the professional translation must raise no warning or
error. The gold alignment must be reproduced.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tqcheck.api import check_files
from tqcheck.config import Config
from tqcheck.eval.gold import load_gold
from tqcheck.eval.measure import compare_findings, compare_links, counted, gold_links, predicted_links

pytestmark = pytest.mark.slow


KIDAL = Path(__file__).parent.parent / "corpora" / "kidal"


@pytest.fixture(scope="module")
def golds():
    return {g.target_path.name: g for g in load_gold(KIDAL)}


@pytest.fixture(scope="module")
def reports(golds):
    config = Config(cache=False)
    return {name: check_files(g.source_path, g.target_path, config) for name, g in golds.items()}


def test_every_gold_finding_is_found(golds, reports):
    gold = golds["translation.en.txt"]
    match = compare_findings(reports["translation.en.txt"].findings, gold.findings)
    missed = [(g.code, g.text) for g in match.missed]
    assert not missed, f"missed gold findings: {missed}"


def test_the_pronoun_finding_points_to_the_army(reports):
    pronoun = [f for f in reports["translation.en.txt"].findings if f.code == "TQ201"]
    assert len(pronoun) == 1
    f = pronoun[0]
    assert f.target.text == "She" and f.source.text == "Elle"
    assert f.suggestion == "It"
    assert any("armée" in r.text for r in f.related)


def test_fixed_translation_is_clean(reports):
    report = reports["translation.fixed.en.txt"]
    loud = [(f.code, f.target.text if f.target else None, f.message) for f in counted(report.findings)]
    assert loud == []


@pytest.mark.parametrize("name", ["translation.en.txt", "translation.fixed.en.txt"])
def test_alignment_matches_gold(golds, reports, name):
    g = golds[name]
    counts = compare_links(predicted_links(reports[name]), gold_links(g.source_text, g.target_text, g.links))
    assert counts.fp == 0 and counts.fn == 0, counts.as_dict()


def test_addition_is_the_last_paragraph(reports):
    report = reports["translation.en.txt"]
    last_para = max(s.paragraph for s in report.alignment.target.sentences)
    added = {f.target.sentence for f in report.findings if f.code == "TQ102"}
    in_last = {s.index for s in report.alignment.target.sentences if s.paragraph == last_para}
    assert added == in_last
