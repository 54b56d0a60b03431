"""Families come from where a rule lives, evaluation families from the rule itself: one source each."""

from __future__ import annotations

import sys

from tqcheck.eval.gold import FAMILY_OF_CODE, family_of
from tqcheck.rules.registry import all_rules


def test_a_rules_family_is_its_package_or_the_name_that_package_declares():
    for rule in all_rules():
        package = rule.__module__.rpartition(".")[0]
        expected = getattr(sys.modules[package], "FAMILY", package.rpartition(".")[2])
        assert rule.family() == expected, rule.code
    assert {r.family() for r in all_rules() if r.code.startswith("TQ3")} == {"numbers-names"}


def test_evaluation_families_are_read_from_the_rules():
    assert FAMILY_OF_CODE == {r.code: r.eval_family for r in all_rules() if r.eval_family}
    assert family_of("TQ603") == "typography"  # was missing from the hand-kept table
    assert family_of("TQ501") == "scores" and family_of("TQ701") == "other"
