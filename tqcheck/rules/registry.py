"""The one table of rule codes.

Rules live one per file in family packages (``tqcheck/rules/<family>/``) and
register themselves when imported; this module imports them all once, so
``all_rules()`` is the single source for the CLI, the docs and SARIF.
Codes are never reused: a retired rule keeps its code with status
"deprecated" rather than handing it to a new rule.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable, Sequence
from functools import lru_cache

from tqcheck.errors import ConfigError
from tqcheck.rules.base import Rule

RULE_PACKAGES = ("alignment", "meaning", "numbers", "language", "scores", "typography", "feed")

PARSER_FAMILIES = ("TQ2",)
"""Rule families that ask the French parser for tokens (TQ2xx: pronouns, false friends, calques, tenses)."""


def needs_parser(codes: Iterable[str]) -> bool:
    """Whether a rule of these codes asks the French parser (then the check loads it, or its helper serves it)."""
    return any(code.startswith(PARSER_FAMILIES) for code in codes)


@lru_cache(maxsize=1)
def all_rules() -> tuple[type[Rule], ...]:
    """Every registered rule class, sorted by code."""
    for package in RULE_PACKAGES:
        name = f"tqcheck.rules.{package}"
        try:
            pkg = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        for info in pkgutil.iter_modules(pkg.__path__):
            if not info.name.startswith("_"):
                importlib.import_module(f"{name}.{info.name}")
    return tuple(sorted(Rule._registry.values(), key=lambda r: r.code))


def get_rule(code: str) -> type[Rule]:
    """Look a rule up by code (``TQ201``) or name (``pronoun-gender-calque``)."""
    wanted = code.strip()
    for rule in all_rules():
        if rule.code == wanted.upper() or rule.name == wanted.lower():
            return rule
    raise ConfigError(f"unknown rule {code!r}; run 'tqcheck rules' to list the codes")


def select_rules(select: Sequence[str] = (), ignore: Sequence[str] = ()) -> tuple[type[Rule], ...]:
    """Rules whose code starts with a ``select`` prefix and with no ``ignore`` prefix.

    Prefixes work as in ruff: ``TQ2`` selects TQ201, TQ202…; ``ALL`` selects all.
    An unknown prefix is an error, so a typo in pyproject.toml cannot silently
    switch a rule family off. Computed once per selection: a run over many
    documents asks for the same one each time.
    """
    return _select(tuple(select), tuple(ignore))


@lru_cache(maxsize=32)
def _select(select: tuple[str, ...], ignore: tuple[str, ...]) -> tuple[type[Rule], ...]:
    rules = all_rules()
    for prefix in (*select, *ignore):
        p = prefix.upper()
        if p != "ALL" and not any(r.code.startswith(p) for r in rules):
            raise ConfigError(f"no rule code starts with {prefix!r}; run 'tqcheck rules' to list the codes")

    def matches(rule: type[Rule], prefixes: tuple[str, ...]) -> bool:
        return any(p.upper() == "ALL" or rule.code.startswith(p.upper()) for p in prefixes)

    chosen = [r for r in rules if (not select or matches(r, select)) and not matches(r, ignore)]
    return tuple(chosen)
