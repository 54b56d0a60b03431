"""Documentation generated from code: the README's rule table comes from the rule classes.

The rule docstrings are the single source: `tqcheck explain`, SARIF's rule
list and this table all read them, and tests/test_docs.py fails when the
README's copy drifts. Refresh it with ``python -m tqcheck.docs``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from tqcheck.rules.registry import all_rules

START, END = "<!-- rules:start -->", "<!-- rules:end -->"


def rules_table() -> str:
    """A Markdown table of every rule: code, name, severity, family, summary."""
    lines = ["| code | name | severity | family | what it flags |", "|---|---|---|---|---|"]
    for rule in all_rules():
        summary = rule.summary().replace("|", "\\|")
        lines.append(f"| {rule.code} | `{rule.name}` | {rule.severity.value} | {rule.family()} | {summary} |")
    return "\n".join(lines)


def with_rules_table(readme: str) -> str:
    """``readme`` with the text between the rules markers replaced by the current table."""
    block = f"{START}\n{rules_table()}\n{END}"
    if START not in readme:
        raise ValueError("README has no rules markers")
    return re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _: block, readme, flags=re.S)


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("README.md")
    text = path.read_text(encoding="utf-8")
    new = with_rules_table(text)
    if new != text:
        path.write_text(new, encoding="utf-8")
        print(f"updated the rule table in {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
