"""Rule checks: one rule per file, grouped by family, registered by code."""

from tqcheck.rules.base import LinkContext, Rule, RuleContext
from tqcheck.rules.engine import run_rules
from tqcheck.rules.registry import all_rules, get_rule, select_rules

__all__ = ["LinkContext", "Rule", "RuleContext", "all_rules", "get_rule", "run_rules", "select_rules"]
