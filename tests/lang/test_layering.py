"""The language layer sits below the rules: it may not import them, the engine or the evaluation."""

from __future__ import annotations

import ast
from pathlib import Path

import tqcheck.lang

LANG = Path(tqcheck.lang.__file__).parent
ABOVE = ("tqcheck.rules", "tqcheck.eval", "tqcheck.running.runner", "tqcheck.cli", "tqcheck.reporting")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_lang_modules_do_not_import_the_layers_above() -> None:
    offending = {
        path.name: sorted(m for m in _imports(path) if m.startswith(ABOVE))
        for path in sorted(LANG.glob("*.py"))
    }
    assert {name: mods for name, mods in offending.items() if mods} == {}


def test_nothing_imports_a_language_module_from_its_old_private_home() -> None:
    """The shared analysis has one home: no module re-creates a rules/*/_private path for it."""
    root = LANG.parent
    old = (
        "tqcheck.rules.meaning._antecedents",
        "tqcheck.rules.meaning._impersonal",
        "tqcheck.rules.numbers._quantities",
        "tqcheck.rules.numbers._names",
        "tqcheck.rules.numbers._name_resources",
        "tqcheck.rules.numbers._holidays",
        "tqcheck.rules.language._french",
    )
    users = {
        str(path.relative_to(root)): sorted(m for m in _imports(path) if m in old)
        for path in sorted(root.rglob("*.py"))
    }
    assert {name: mods for name, mods in users.items() if mods} == {}
