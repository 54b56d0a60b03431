"""docs/ci.md runs as written: its baseline, GitHub Actions and pre-commit commands, on a small feed.

The commands are read from the document itself (sh blocks, the workflow's
``run:`` steps, the hook's ``entry`` + ``args``), so the page cannot drift from
what works. Flags that only make the test fast (no encoder, no cache, one
process) are appended; they do not change what the commands report here.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import yaml
from typer.testing import CliRunner

from tqcheck.cli import app

DOC = Path(__file__).parent.parent / "docs" / "ci.md"
FAST = ["--no-similarity", "--no-cache", "--executor", "serial"]
FR = "L'armée malienne a annoncé qu'elle avait repris Kidal.\nLes combats ont fait 3 morts.\n"
EN = "The Malian army announced that she had retaken Kidal.\nThe fighting left 4 dead.\n"


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def _commands() -> dict[str, list[list[str]]]:
    sh = [shlex.split(line) for block in _blocks("sh") for line in block.splitlines() if line.startswith("tqcheck ")]
    yamls = [yaml.safe_load(block) for block in _blocks("yaml")]
    workflow = next(y for y in yamls if "jobs" in y)
    steps = [s["run"] for job in workflow["jobs"].values() for s in job["steps"] if "run" in s]
    actions = [shlex.split(s) for s in steps if s.startswith("tqcheck ")]
    hooks = next(y for y in yamls if "repos" in y)["repos"][0]["hooks"]
    precommit = [[*shlex.split(h["entry"]), *h.get("args", [])] for h in hooks]
    return {"baseline": sh, "actions": actions, "pre-commit": precommit}


def _run(argv: list[str]):
    assert argv[0] == "tqcheck"
    return CliRunner().invoke(app, [*argv[1:], *FAST])


def test_ci_page_commands_gate_on_new_findings_only(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for side, text in (("fr", FR), ("en", EN)):
        (tmp_path / "feed" / side).mkdir(parents=True)
        (tmp_path / "feed" / side / "kidal.txt").write_text(text, encoding="utf-8")
    commands = _commands()
    assert len(commands["baseline"]) == 1 and len(commands["actions"]) == 2 and len(commands["pre-commit"]) == 1

    recorded = _run(commands["baseline"][0])
    assert recorded.exit_code == 0, recorded.output
    assert Path(".tqcheck-baseline.json").is_file()
    for argv in (*commands["actions"], *commands["pre-commit"]):
        result = _run(argv)
        assert result.exit_code == 0, (argv, result.output)
    sarif = json.loads(Path("tqcheck.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"] == []

    # A commit that adds a problem: the annotations name it, the gate and the hook fail, SARIF lists it.
    (tmp_path / "feed" / "fr" / "gao.txt").write_text("Le marché ouvre à 8 heures.\n", encoding="utf-8")
    (tmp_path / "feed" / "en" / "gao.txt").write_text("The market opens at 9 o'clock.\n", encoding="utf-8")
    annotations, report = (_run(argv) for argv in commands["actions"])
    assert annotations.exit_code == 1
    assert annotations.stdout.startswith("::error file=feed/en/gao.txt,line=1,")
    assert "TQ201" not in annotations.stdout  # the baselined finding stays quiet
    assert report.exit_code == 0  # --fail-on never: the report step never fails the job
    assert [r["ruleId"] for r in json.loads(Path("tqcheck.sarif").read_text())["runs"][0]["results"]] == ["TQ302"]
    hook = _run(commands["pre-commit"][0])
    assert hook.exit_code == 1 and "baseline: 1 new" in hook.stdout
