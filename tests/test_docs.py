"""Docs are generated from code: the README's rule table must match the rule classes."""

from __future__ import annotations

from pathlib import Path

from tqcheck.docs import rules_table, with_rules_table
from tqcheck.rules.registry import all_rules

ROOT = Path(__file__).parent.parent


def test_readme_rule_table_is_current():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert with_rules_table(readme) == readme, "README rule table is stale: run python -m tqcheck.docs"


def test_every_rule_is_in_the_table_once():
    table = rules_table()
    for rule in all_rules():
        assert table.count(f"| {rule.code} |") == 1
        assert rule.summary() and rule.section("Example") and rule.section("Use instead")
