"""Documentation generated from code: the README's rule table comes from the rule classes.

The rule docstrings are the single source: `tqcheck explain`, SARIF's rule
list and this table all read them, and tests/test_docs.py fails when the
README's copy drifts. Refresh it with ``python -m tqcheck.docs``, which also
copies the latest evaluation table (bench/eval.md, from ``make eval``) and speed
table (bench/speed.md, from ``make bench``) in.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from tqcheck.rules.registry import all_rules

START, END = "<!-- rules:start -->", "<!-- rules:end -->"
EVAL_MD = Path("bench/eval.md")
SPEED_MD = Path("bench/speed.md")  # written by `make bench` (bench/report.py)


def rules_table() -> str:
    """A Markdown table of every rule: code, name, severity, family, summary."""
    lines = ["| code | name | severity | family | what it flags |", "|---|---|---|---|---|"]
    for rule in all_rules():
        summary = rule.summary().replace("|", "\\|")
        lines.append(f"| {rule.code} | `{rule.name}` | {rule.severity.value} | {rule.family()} | {summary} |")
    return "\n".join(lines)


def with_block(readme: str, name: str, content: str) -> str:
    """``readme`` with the text between ``<!-- name:start -->`` and ``<!-- name:end -->`` replaced."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    if start not in readme:
        raise ValueError(f"README has no {name} markers")
    block = f"{start}\n{content.strip()}\n{end}"
    return re.sub(re.escape(start) + r".*?" + re.escape(end), lambda _: block, readme, flags=re.S)


def with_rules_table(readme: str) -> str:
    """``readme`` with the text between the rules markers replaced by the current table."""
    return with_block(readme, "rules", rules_table())


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("README.md")
    text = path.read_text(encoding="utf-8")
    new = with_rules_table(text)
    if EVAL_MD.is_file():  # written by `tqcheck eval` (make eval)
        new = with_block(new, "eval", EVAL_MD.read_text(encoding="utf-8"))
    if SPEED_MD.is_file():
        new = with_block(new, "bench", SPEED_MD.read_text(encoding="utf-8"))
    if new != text:
        path.write_text(new, encoding="utf-8")
        print(f"updated the generated tables in {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
