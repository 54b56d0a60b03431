"""The ``tqcheck`` command end to end: options, formats, config, exit codes and one-line errors.

Most tests run the real pipeline in-process (typer's CliRunner) on two-line
documents with the sentence encoder off, so they stay fast; a few run the
installed console script in a subprocess (or a pseudo-terminal) to check what
only a real process shows: the entry point, tracebacks, colours on a TTY.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tqcheck import __version__
from tqcheck.cli import _needs_optional_commands, _optional_module, app, register_optional_commands, use_color

ROOT = Path(__file__).resolve().parent.parent
TQCHECK = ROOT / ".venv" / "bin" / "tqcheck"
ANSI = re.compile(r"\x1b\[[0-9;]*m")

FR_BAD = "L'armée malienne a annoncé qu'elle avait repris Kidal.\nLes combats ont fait 3 morts.\n"
EN_BAD = "The Malian army announced that she had retaken Kidal.\nThe fighting left 4 dead.\n"
FR_OK = "Il fait beau à Gao ce matin.\nLe marché ouvre à 8 heures.\n"
EN_OK = "The weather is fine in Gao this morning.\nThe market opens at 8 o'clock.\n"
FAST = ["--no-similarity", "--no-cache"]


@pytest.fixture
def work(tmp_path, monkeypatch):
    """A clean working folder (no pyproject above it that configures tqcheck) with sample files."""
    monkeypatch.chdir(tmp_path)
    for var in ("TQCHECK_MODEL", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(var, raising=False)
    (tmp_path / "bad.fr.txt").write_text(FR_BAD, encoding="utf-8")
    (tmp_path / "bad.en.txt").write_text(EN_BAD, encoding="utf-8")
    (tmp_path / "ok.fr.txt").write_text(FR_OK, encoding="utf-8")
    (tmp_path / "ok.en.txt").write_text(EN_OK, encoding="utf-8")
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(app, [str(a) for a in args])


def check(*args: str):
    return run("check", *args, *FAST)


def assert_one_error_line(result, contains: str = ""):
    assert result.exit_code == 2, (result.exit_code, result.output)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("tqcheck: error: ")
    assert contains in lines[0]
    assert "Traceback" not in result.output
    assert result.stdout == ""


# --------------------------------------------------------------------------- version, rules, explain


def test_version_command_and_flag():
    for args in (["version"], ["--version"], ["-V"]):
        result = run(*args)
        assert result.exit_code == 0
        assert result.stdout == f"tqcheck {__version__}\n"


def test_no_arguments_shows_help():
    result = run()
    assert result.exit_code in (0, 2)  # click >= 8.2 exits 2 for a group called without command
    assert "check" in result.output and "explain" in result.output


def test_rules_table_lists_every_registered_rule():
    from tqcheck.rules.registry import all_rules

    result = run("rules")
    assert result.exit_code == 0
    assert "code" in result.stdout.splitlines()[0] and "severity" in result.stdout.splitlines()[0]
    for rule in all_rules():
        assert rule.code in result.stdout and rule.name in result.stdout
    assert f"{len(all_rules())} rules" in result.stdout
    assert "\x1b[" not in result.stdout


def test_rules_json():
    from tqcheck.rules.registry import all_rules

    result = run("rules", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [r["code"] for r in rows] == [r.code for r in all_rules()]
    for row in rows:
        assert set(row) == {"code", "name", "severity", "family", "status", "summary"}
        assert row["severity"] in ("error", "warning", "info") and row["summary"]


def test_explain_by_code_and_by_name():
    from tqcheck.rules.registry import all_rules

    rule = all_rules()[0]
    for key in (rule.code, rule.code.lower(), rule.name):
        result = run("explain", key)
        assert result.exit_code == 0, result.output
        assert f"{rule.code} {rule.name}" in result.stdout
        assert "What it does" in result.stdout and "Why is this bad?" in result.stdout
        assert "## " not in result.stdout  # Markdown rendered, not dumped
        assert f"Default severity: {rule.severity.value}" in result.stdout


def test_explain_unknown_code_is_one_line():
    assert_one_error_line(run("explain", "TQ999"), "unknown rule 'TQ999'")


# --------------------------------------------------------------------------- check: results and exit codes


def test_clean_pair_passes_quietly(work):
    result = check("ok.fr.txt", "ok.en.txt")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "All checks passed: 2 sentence pairs, 0 problems."
    assert any(line.startswith("note: MT scoring off") for line in lines[1:])
    assert result.stderr == ""


def test_findings_exit_1_with_grouped_terminal_report(work):
    result = check("bad.fr.txt", "bad.en.txt")
    assert result.exit_code == 1, result.output
    out = result.stdout
    assert "pair 1 · 1-1 · bad.en.txt:1" in out and "pair 2 · 1-1 · bad.en.txt:2" in out
    assert "TQ201" in out and "TQ301" in out
    assert "[she]" in out and "[4]" in out  # flagged spans, no colour when not a terminal
    summary = [line for line in out.splitlines() if line.startswith("Found ")]
    assert len(summary) == 1 and "in 2 sentence pairs; MT scoring off" in summary[0]
    assert "\x1b[" not in out


@pytest.mark.parametrize(
    ("fail_on", "code"),
    [("error", 1), ("warning", 1), ("info", 1), ("never", 0)],
)
def test_fail_on_with_errors(work, fail_on, code):
    assert check("bad.fr.txt", "bad.en.txt", "--fail-on", fail_on).exit_code == code


def test_fail_on_threshold_above_findings(work):
    (work / "pyproject.toml").write_text('[tool.tqcheck]\nseverity = { TQ301 = "info", TQ201 = "warning" }\n')
    assert check("bad.fr.txt", "bad.en.txt").exit_code == 0  # default fail-on error
    assert check("bad.fr.txt", "bad.en.txt", "--fail-on", "warning").exit_code == 1
    result = check("bad.fr.txt", "bad.en.txt", "--fail-on", "warning", "--select", "TQ3")
    assert result.exit_code == 0 and "TQ301" in result.stdout and "info" in result.stdout
    assert check("bad.fr.txt", "bad.en.txt", "--fail-on", "info", "--select", "TQ3").exit_code == 1


def test_select_and_ignore_prefixes(work):
    only_numbers = check("bad.fr.txt", "bad.en.txt", "--select", "TQ3")
    assert only_numbers.exit_code == 1
    assert "TQ301" in only_numbers.stdout and "TQ201" not in only_numbers.stdout
    both = check("bad.fr.txt", "bad.en.txt", "--select", "tq201,TQ301")
    assert "TQ301" in both.stdout and "TQ201" in both.stdout
    ignored = check("bad.fr.txt", "bad.en.txt", "--ignore", "TQ2, TQ3")
    assert ignored.exit_code == 0 and ignored.stdout.startswith("All checks passed")
    minus = check("bad.fr.txt", "bad.en.txt", "--select", "TQ2,TQ3", "--ignore", "TQ201")
    assert "TQ201" not in minus.stdout and "TQ301" in minus.stdout


def test_unknown_select_prefix_is_one_line(work):
    assert_one_error_line(check("bad.fr.txt", "bad.en.txt", "--select", "TQ9"), "no rule code starts with 'TQ9'")


def test_quiet_prints_only_summary_and_notes(work):
    result = check("bad.fr.txt", "bad.en.txt", "-q")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Found 2 problems (2 errors) in 2 sentence pairs")
    assert all(line.startswith("note: ") for line in lines[1:])


def test_show_scores_never_invents_scores(work):
    result = check("ok.fr.txt", "ok.en.txt", "--show-scores")
    assert "scores: none measured for any sentence pair" in result.stdout
    assert "chrF" not in result.stdout


def test_color_flags(work):
    forced = check("bad.fr.txt", "bad.en.txt", "--color")
    assert "\x1b[" in forced.stdout and "[she]" not in ANSI.sub("", forced.stdout)
    plain = check("bad.fr.txt", "bad.en.txt", "--no-color")
    assert "\x1b[" not in plain.stdout and "[she]" in plain.stdout


def test_use_color_decision(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setattr("tqcheck.cli.support.is_tty", lambda: True)
    assert use_color(None, to_file=False) is True
    assert use_color(None, to_file=True) is False
    assert use_color(True, to_file=True) is False  # a file never gets escape codes
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_color(None, to_file=False) is False
    assert use_color(True, to_file=False) is True  # an explicit flag wins
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setattr("tqcheck.cli.support.is_tty", lambda: False)
    assert use_color(None, to_file=False) is False
    monkeypatch.setattr("tqcheck.cli.support.is_tty", lambda: True)
    monkeypatch.setenv("TERM", "dumb")
    assert use_color(None, to_file=False) is False


def test_threads_and_source_target_lang_options(work):
    assert check("ok.fr.txt", "ok.en.txt", "--threads", "1", "--source-lang", "FR", "--target-lang", "en").exit_code == 0
    assert run("check", "ok.fr.txt", "ok.en.txt", "--threads", "0").exit_code == 2  # typer usage error
    assert_one_error_line(check("ok.fr.txt", "ok.en.txt", "--source-lang", "de"), "language pair de-en is not supported")


# --------------------------------------------------------------------------- check: input shapes


def test_corpus_folder(work):
    folder = work / "corpus"
    folder.mkdir()
    (folder / "source.fr.txt").write_text(FR_BAD, encoding="utf-8")
    (folder / "translation.en.txt").write_text(EN_BAD, encoding="utf-8")
    result = check("corpus", "--format", "json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["inputs"]["source"].endswith("source.fr.txt") and doc["inputs"]["format"] == "text"
    assert {f["code"] for f in doc["findings"]} >= {"TQ201", "TQ301"}


def test_tsv_and_jsonl_files(work):
    rows = list(zip(FR_BAD.splitlines(), EN_BAD.splitlines(), strict=True))
    (work / "pairs.tsv").write_text("".join(f"{fr}\t{en}\n" for fr, en in rows), encoding="utf-8")
    (work / "pairs.jsonl").write_text(
        "".join(json.dumps({"source": fr, "target": en}, ensure_ascii=False) + "\n" for fr, en in rows), encoding="utf-8"
    )
    (work / "pairs.txt").write_text((work / "pairs.tsv").read_text(encoding="utf-8"), encoding="utf-8")
    for args in (["pairs.tsv"], ["pairs.jsonl"], ["pairs.txt", "--input-format", "tsv"]):
        result = check(*args, "--format", "json")
        assert result.exit_code == 1, (args, result.output)
        doc = json.loads(result.stdout)
        assert doc["inputs"]["format"] == ("jsonl" if args[0].endswith("jsonl") else "tsv")
        assert {f["code"] for f in doc["findings"]} >= {"TQ201", "TQ301"}
    terminal = check("pairs.tsv")
    assert "row 1" in terminal.stdout and "row 2" in terminal.stdout


def test_a_bad_line_in_a_feed_is_a_warning_and_exit_3(work):
    lines = [
        json.dumps({"id": "m1", "source": "Le marché ouvre à 8 heures.", "target": "The market opens at 9 o'clock."}),
        '{"source": "oops"',
        json.dumps({"source": "Il fait beau à Gao.", "target": "The weather is fine in Gao."}),
    ]
    (work / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = check("feed.jsonl", "--format", "json", "-o", "report.json")
    assert result.exit_code == 3, result.output
    assert result.stderr.splitlines() == ["tqcheck: warning: feed.jsonl:2: malformed JSON (Expecting ',' delimiter); line skipped"]
    doc = json.loads((work / "report.json").read_text(encoding="utf-8"))
    assert [(f["code"], f["unit"]) for f in doc["findings"]] == [("TQ302", {"index": 0, "id": "m1", "line": 1})]
    assert doc["problems"] == [{"path": "feed.jsonl", "line": 2, "message": "malformed JSON (Expecting ',' delimiter); line skipped"}]
    terminal = check("feed.jsonl")
    assert terminal.exit_code == 3 and "row 1 (feed.jsonl:1)" in terminal.stdout
    sarif = json.loads(check("feed.jsonl", "--format", "sarif").stdout)
    result = sarif["runs"][0]["results"][0]
    assert result["properties"]["unit"] == {"id": "m1", "line": 1}


def test_tsv_with_a_second_file_is_refused(work):
    (work / "pairs.tsv").write_text("Bonjour.\tHello.\n", encoding="utf-8")
    assert_one_error_line(check("pairs.tsv", "ok.en.txt"), "holds both sides")


# --------------------------------------------------------------------------- check: bad input


def _write_bad_inputs(folder: Path) -> dict[str, list[str]]:
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\x03PK\x00binary")
    (folder / "latin1.txt").write_bytes("L'été est très chaud à Gao, où l'élévation…\n".encode("latin-1", "replace"))
    (folder / "bad.jsonl").write_text('{"source": "oops"\n', encoding="utf-8")
    (folder / "adir").mkdir()
    return {
        "missing file": ["nope.fr.txt", "ok.en.txt"],
        "missing target": ["ok.fr.txt", "nope.en.txt"],
        "directory as target": ["ok.fr.txt", "adir"],
        "empty": ["empty.txt", "ok.en.txt"],
        "binary": ["ok.fr.txt", "binary.txt"],
        "latin-1": ["latin1.txt", "ok.en.txt"],
        "malformed jsonl": ["bad.jsonl"],
        "no translation": ["ok.fr.txt"],
        "corpus folder without files": ["adir"],
    }


@pytest.mark.parametrize(
    "case",
    [
        "missing file", "missing target", "directory as target", "empty", "binary", "latin-1",
        "malformed jsonl", "no translation", "corpus folder without files",
    ],
)
def test_bad_input_is_one_line_exit_2_and_no_output_file(work, case):
    args = _write_bad_inputs(work)[case]
    for fmt in ("terminal", "json"):
        result = check(*args, "--format", fmt, "-o", "report.out")
        assert_one_error_line(result)
        assert not (work / "report.out").exists()
    assert sorted(p.name for p in work.iterdir() if p.name.startswith(".")) == []  # no temp file left


def test_bad_input_leaves_existing_report_untouched(work):
    _write_bad_inputs(work)
    (work / "report.json").write_text("previous report\n")
    before = (work / "report.json").stat().st_mtime_ns
    assert_one_error_line(check("binary.txt", "ok.en.txt", "--format", "json", "-o", "report.json"), "binary")
    assert (work / "report.json").read_text() == "previous report\n"
    assert (work / "report.json").stat().st_mtime_ns == before


def test_one_megabyte_line_is_handled_without_traceback(work):
    (work / "big.tsv").write_text("Le mot " + "x" * 1_000_000 + ".\tThe word.\nBonjour.\tHello.\n", encoding="utf-8")
    result = check("big.tsv", "-q")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 1, 2)
    if result.exit_code == 2:
        assert_one_error_line(result)
    else:
        assert "sentence pair" in result.stdout


def test_library_oserror_and_unicodeerror_become_one_line(work, monkeypatch):
    def denied(*a, **k):
        raise PermissionError(13, "Permission denied", "secret.txt")

    monkeypatch.setattr("tqcheck.api.check_files", denied)
    assert_one_error_line(check("ok.fr.txt", "ok.en.txt"), "secret.txt: Permission denied")

    def undecodable(*a, **k):
        raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")

    monkeypatch.setattr("tqcheck.api.check_files", undecodable)
    assert_one_error_line(check("ok.fr.txt", "ok.en.txt"), "invalid start byte")


def test_keyboard_interrupt_exits_130(work, monkeypatch):
    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr("tqcheck.api.check_files", interrupted)
    result = check("ok.fr.txt", "ok.en.txt")
    assert result.exit_code == 130
    assert "Traceback" not in result.output


def test_usage_errors_exit_2(work):
    assert run("check").exit_code == 2
    assert run("check", "ok.fr.txt", "ok.en.txt", "--format", "pdf").exit_code == 2
    assert run("check", "ok.fr.txt", "ok.en.txt", "--fail-on", "fatal").exit_code == 2
    assert run("check", "ok.fr.txt", "ok.en.txt", "--bogus").exit_code == 2
    assert run("nonsense").exit_code == 2


# --------------------------------------------------------------------------- check: output formats and files


@pytest.mark.parametrize("fmt", ["terminal", "json", "junit", "sarif", "html"])
def test_every_format_to_stdout_and_to_file(work, fmt):
    to_stdout = check("bad.fr.txt", "bad.en.txt", "--format", fmt)
    assert to_stdout.exit_code == 1
    to_file = check("bad.fr.txt", "bad.en.txt", "--format", fmt, "-o", f"report.{fmt}", "--color")
    assert to_file.exit_code == 1
    written = (work / f"report.{fmt}").read_text(encoding="utf-8")
    assert "\x1b[" not in written
    lines = to_file.stdout.splitlines()
    assert lines[0].startswith("Found ") and lines[-1] == f"wrote report.{fmt}"
    assert [p.name for p in work.iterdir() if p.name.startswith(".")] == []
    if fmt == "json":
        doc = json.loads(written)
        assert doc["schema"] == "tqcheck-report/1" and doc["summary"]["errors"] >= 2
        from test_reporting_json import validate

        assert validate(doc) == []
        assert json.loads(to_stdout.stdout)["findings"] == doc["findings"]
    elif fmt == "junit":
        root = ET.fromstring(written.encode("utf-8"))
        assert int(root.get("failures")) >= 2
        classnames = {c.get("classname") for c in root.iter("testcase")}
        assert {"TQ201", "TQ301"} <= classnames
        from tqcheck.rules.registry import all_rules

        score_rules = {r.code for r in all_rules() if r.needs_scores}
        skipped = {c.get("classname") for c in root.iter("testcase") if c.find("skipped") is not None}
        assert score_rules <= skipped  # no MT model, no similarity: score rules did not run
    elif fmt == "sarif":
        log = json.loads(written)
        results = log["runs"][0]["results"]
        assert {r["ruleId"] for r in results} >= {"TQ201", "TQ301"}
        uri = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri == "bad.en.txt"
    elif fmt == "html":
        assert written.startswith("<!DOCTYPE html>") and "TQ201" in written
    else:
        assert "TQ201" in written and written == to_stdout.stdout


def test_junit_fail_on_follows_the_flag(work):
    result = check("bad.fr.txt", "bad.en.txt", "--format", "junit", "--fail-on", "never")
    assert result.exit_code == 0
    assert ET.fromstring(result.stdout.encode("utf-8")).get("failures") == "0"


def test_output_into_missing_folder_is_one_line(work):
    assert_one_error_line(check("bad.fr.txt", "bad.en.txt", "-o", "nowhere/report.txt"), "does not exist")
    assert not (work / "nowhere").exists()


def test_output_onto_a_directory_is_one_line(work):
    (work / "out").mkdir()
    assert_one_error_line(check("bad.fr.txt", "bad.en.txt", "-o", "out"), "is a directory")


# --------------------------------------------------------------------------- configuration


def test_config_from_pyproject_found_upward(work):
    (work / "pyproject.toml").write_text(
        '[tool.tqcheck]\nselect = ["TQ3"]\nfail-on = "warning"\nsimilarity = false\n'
        'severity = { TQ301 = "warning" }\n',
        encoding="utf-8",
    )
    sub = work / "docs" / "fr"
    sub.mkdir(parents=True)
    os.chdir(sub)
    result = run("check", "../../bad.fr.txt", "../../bad.en.txt", "--no-cache", "--format", "json")
    assert result.exit_code == 1  # a warning, and fail-on = warning
    doc = json.loads(result.stdout)
    assert {(f["code"], f["severity"]) for f in doc["findings"]} == {("TQ301", "warning")}
    # CLI flags beat the file
    assert run("check", "../../bad.fr.txt", "../../bad.en.txt", "--no-cache", "--fail-on", "error").exit_code == 0
    flags = run("check", "../../bad.fr.txt", "../../bad.en.txt", "--no-cache", "--select", "TQ2", "--format", "json")
    assert {f["code"] for f in json.loads(flags.stdout)["findings"]} == {"TQ201"}


def test_config_ignore_from_pyproject(work):
    (work / "pyproject.toml").write_text('[tool.tqcheck]\nignore = ["TQ2", "TQ301"]\n', encoding="utf-8")
    result = check("bad.fr.txt", "bad.en.txt")
    assert result.exit_code == 0 and result.stdout.startswith("All checks passed")


def test_explicit_config_files(work):
    (work / "conf").mkdir()
    (work / "conf" / "tqcheck.toml").write_text('select = ["TQ2"]\n[severity]\nTQ201 = "info"\n', encoding="utf-8")
    result = check("bad.fr.txt", "bad.en.txt", "--config", "conf/tqcheck.toml", "--format", "json")
    assert result.exit_code == 0  # TQ201 demoted to info; default fail-on error
    assert {(f["code"], f["severity"]) for f in json.loads(result.stdout)["findings"]} == {("TQ201", "info")}
    (work / "conf" / "pyproject.toml").write_text('[tool.tqcheck]\nselect = ["TQ3"]\n', encoding="utf-8")
    result = check("bad.fr.txt", "bad.en.txt", "--config", "conf/pyproject.toml", "--format", "json")
    assert {f["code"] for f in json.loads(result.stdout)["findings"]} == {"TQ301"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[tool.tqcheck]\ncolour = true\n", "unknown tqcheck setting 'colour'"),
        ('[tool.tqcheck]\nfail-on = "fatal"\n', "severity must be one of"),
        ("[tool.tqcheck\n", "not valid TOML"),
        ('[tool.tqcheck]\nselect = ["TQ9"]\n', "no rule code starts with 'TQ9'"),
        ("[tool.tqcheck.rules.TQ401]\nmin-word = 6\n", "rules.TQ401: unknown option 'min-word'"),
        ("[tool.tqcheck.rules.TQ999]\nmin-words = 6\n", "rules.TQ999: no such rule"),
    ],
)
def test_bad_config_is_one_line(work, content, message):
    (work / "pyproject.toml").write_text(content, encoding="utf-8")
    assert_one_error_line(check("ok.fr.txt", "ok.en.txt"), message)


def test_missing_config_file_is_one_line(work):
    assert_one_error_line(check("ok.fr.txt", "ok.en.txt", "--config", "nope.toml"), "config file not found")


def test_model_precedence_config_env_flag(work, monkeypatch):
    """defaults < pyproject < TQCHECK_MODEL < --model: the error names the model that won."""
    (work / "pyproject.toml").write_text('[tool.tqcheck]\nmodel = "/from/config"\n', encoding="utf-8")
    assert_one_error_line(check("ok.fr.txt", "ok.en.txt"), "/from/config")
    monkeypatch.setenv("TQCHECK_MODEL", "/from/env")
    assert_one_error_line(check("ok.fr.txt", "ok.en.txt"), "/from/env")
    assert_one_error_line(check("ok.fr.txt", "ok.en.txt", "--model", "/from/flag"), "/from/flag")
    (work / "tq.toml").write_text('model = "/from/standalone"\n', encoding="utf-8")
    assert_one_error_line(check("ok.fr.txt", "ok.en.txt", "--config", "tq.toml"), "/from/env")


# --------------------------------------------------------------------------- sub-apps by other modules


def test_optional_sub_apps_register_when_present():
    register_optional_commands()
    register_optional_commands()  # idempotent
    if _optional_module("tqcheck.cli.models") is not None:
        assert run("models", "--help").exit_code == 0
    if _optional_module("tqcheck.eval.cli") is not None:
        assert run("eval", "--help").exit_code == 0


def test_optional_module_skips_only_a_missing_module(tmp_path, monkeypatch):
    assert _optional_module("tqcheck.no_such_module") is None
    assert _optional_module("tqcheck.no_such_package.cli") is None
    (tmp_path / "tq_broken_plugin.py").write_text("import tq_dependency_that_does_not_exist\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ModuleNotFoundError):
        _optional_module("tq_broken_plugin")


def test_cheap_commands_skip_the_optional_imports():
    assert not _needs_optional_commands(["--version"])
    assert not _needs_optional_commands(["rules", "--format", "json"])
    assert not _needs_optional_commands(["check", "a.txt", "--model", "models"])
    assert _needs_optional_commands(["models", "list"])
    assert _needs_optional_commands(["--help"])
    assert _needs_optional_commands([])


# --------------------------------------------------------------------------- the installed command


needs_script = pytest.mark.skipif(not TQCHECK.exists(), reason="console script not installed in .venv")


@needs_script
def test_console_script_bad_input_is_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "TQCHECK_MODEL"}
    proc = subprocess.run(
        [str(TQCHECK), "check", str(tmp_path / "missing.fr.txt"), str(tmp_path / "missing.en.txt")],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("tqcheck: error: ")
    assert "missing.fr.txt" in proc.stderr


@needs_script
def test_console_script_version_and_models_listed_in_help(tmp_path):
    proc = subprocess.run([str(TQCHECK), "--version"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout == f"tqcheck {__version__}\n"
    proc = subprocess.run([str(TQCHECK), "--help"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "check" in proc.stdout
    if _optional_module("tqcheck.cli.models") is not None:
        assert "models" in proc.stdout


@needs_script
@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_colours_on_a_terminal_and_none_with_no_color(tmp_path):
    import pty

    def on_tty(extra_env):
        env = {**{k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}, "TERM": "xterm", **extra_env}
        master, slave = pty.openpty()
        proc = subprocess.Popen([str(TQCHECK), "rules"], stdout=slave, stderr=slave, env=env, cwd=tmp_path)
        os.close(slave)
        chunks = []
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        proc.wait(timeout=60)
        os.close(master)
        return b"".join(chunks).decode("utf-8", "replace")

    assert "\x1b[" in on_tty({})
    assert "\x1b[" not in on_tty({"NO_COLOR": "1"})


def test_a_reader_that_stops_reading_ends_the_check_in_silence(tmp_path):
    # `tqcheck check … | head -1`: the pipe closes under the report; no "error: Broken pipe", no traceback
    read_end, write_end = os.pipe()
    os.close(read_end)  # every write to stdout now fails with EPIPE, whatever its size
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "tqcheck.cli", "check", "corpora/kidal", "--format", "github", "--no-cache"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT), "TQCHECK_CACHE_DIR": str(tmp_path)},
            timeout=300,
            check=False,
        )
    finally:
        os.close(write_end)
    assert proc.returncode == 141, proc.stderr
    assert "error" not in proc.stderr and "Traceback" not in proc.stderr


def test_broken_pipe_is_not_reported_as_an_input_error(monkeypatch):
    import typer

    from tqcheck.cli import support

    monkeypatch.setattr(support, "_drop_stdout", lambda: None)
    with pytest.raises(typer.Exit) as done, support.errors_as_exit():
        raise BrokenPipeError(32, "Broken pipe")
    assert done.value.exit_code == support.SIGPIPE_EXIT
    with pytest.raises(typer.Exit) as other, support.errors_as_exit():
        raise FileNotFoundError(2, "No such file or directory", "gone.txt")
    assert other.value.exit_code == 2
