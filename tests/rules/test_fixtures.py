"""Runs every YAML rule fixture (tests/rules/fixtures/<CODE>.yml) through the rule engine.

Fixture format (see any file in fixtures/):

    rule: TQ201
    cases:
      - name: what the case shows
        source: ["sentence 1", "sentence 2"]   # or one string; rows align 1-1 with target,
        target: ["sentence 1", "sentence 2"]   # null on one side = omission/addition row;
                                               # a row given as a list (["a.", "b."]) is one link of several sentences
        options: {}                            # optional [tool.tqcheck.rules.CODE] options
        expect:                                # findings of this rule only, all listed (exact count)
          - {target: "She", source: "Elle", suggestion: "It", related: "L'armée", severity: error}

Every key of an expected finding is optional; given keys must match exactly
(``suggestion`` and ``message`` match as substrings).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from helpers import findings_for

from tqcheck.rules.registry import all_rules

FIXTURES = Path(__file__).parent / "fixtures"


def _cases():
    for path in sorted(FIXTURES.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            yield pytest.param(data["rule"], case, id=f"{data['rule']}-{case['name']}")


def _rows(case):
    src, tgt = case["source"], case["target"]
    src = [src] if isinstance(src, str) or src is None else src
    tgt = [tgt] if isinstance(tgt, str) or tgt is None else tgt
    assert len(src) == len(tgt), "source and target rows must have the same length"
    return list(zip(src, tgt, strict=True))


def _matches(finding, want) -> bool:
    checks = {
        "target": lambda: finding.target is not None and finding.target.text == want["target"],
        "source": lambda: finding.source is not None and finding.source.text == want["source"],
        "severity": lambda: finding.severity.value == want["severity"],
        "suggestion": lambda: finding.suggestion is not None and want["suggestion"] in finding.suggestion,
        "message": lambda: want["message"] in finding.message,
        "related": lambda: any(r.text == want["related"] for r in finding.related),
    }
    return all(checks[k]() for k in want)


@pytest.mark.parametrize(("code", "case"), list(_cases()))
def test_rule_fixture(code, case):
    findings = [f for f in findings_for(_rows(case), select=(code,), rule_options={code: case.get("options", {})}) if f.code == code]
    expected = case.get("expect", [])
    described = [(f.source.text if f.source else None, f.target.text if f.target else None, f.message) for f in findings]
    assert len(findings) == len(expected), f"expected {len(expected)} finding(s), got {described}"
    for want in expected:
        assert any(_matches(f, want) for f in findings), f"no finding matches {want}; got {described}"


def test_every_rule_has_positive_and_negative_fixtures():
    by_code = {}
    for path in FIXTURES.glob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        by_code[data["rule"]] = data["cases"]
    for rule in all_rules():
        if rule.needs_scores:
            continue  # score-based rules are tested with scores in tests/scoring
        cases = by_code.get(rule.code)
        assert cases, f"{rule.code} has no fixture file tests/rules/fixtures/{rule.code}.yml"
        assert any(c.get("expect") for c in cases), f"{rule.code} has no positive case"
        assert any(not c.get("expect") for c in cases), f"{rule.code} has no negative case"
