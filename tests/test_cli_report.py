"""``tqcheck diff`` and ``tqcheck report`` through the CLI: formats, exit codes, feeds, saved JSON, bad input."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from test_reporting_support import sample_report, with_paths
from typer.testing import CliRunner

from tqcheck.cli import app, register_optional_commands
from tqcheck.reporting import render
from tqcheck.reporting.json_report import report_dict
from tqcheck.reporting.pages import render_report_page

register_optional_commands()

FAST = ["--no-similarity"]
SRC = "L'armée malienne a publié un communiqué lundi.\nElle affirme avoir détruit un véhicule près de Kidal.\nLe bilan de ces frappes reste inconnu.\n"
OLD = "The Malian army issued a statement on Monday.\nShe claims to have destroyed a vehicle near Kidal.\nThe toll of these strikes remains unknown.\n"
NEW = "The Malian army issued a statement on Monday.\nIt claims to have destroyed a vehicle near Kidal.\nThe results of these strikes remain unknown.\n"


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def one_error(result, contains: str):
    assert result.exit_code == 2, (result.exit_code, result.output)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("tqcheck: error: "), result.stderr
    assert contains in lines[0], lines[0]
    assert "Traceback" not in result.output


@pytest.fixture
def work(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TQCHECK_MODEL", raising=False)
    (tmp_path / "s.fr.txt").write_text(SRC, encoding="utf-8")
    (tmp_path / "old.en.txt").write_text(OLD, encoding="utf-8")
    (tmp_path / "new.en.txt").write_text(NEW, encoding="utf-8")
    return tmp_path


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
        if a.get("id"):
            self.ids.add(a["id"])


def links_of(html: str) -> Links:
    parser = Links()
    parser.feed(html)
    return parser


# --------------------------------------------------------------------------- diff


@pytest.mark.slow
def test_diff_terminal_json_html_and_the_gate(work):
    result = run("diff", "s.fr.txt", "old.en.txt", "new.en.txt", *FAST)
    assert result.exit_code == 0, result.output  # the introduced TQ202 is a warning; default gate is error
    assert "[-She-] {+It+} claims" in result.stdout
    assert "fixed TQ201 error" in result.stdout and "introduced TQ202 warning" in result.stdout
    assert result.stdout.rstrip().endswith("Revision: 1 fixed, 1 introduced, 0 kept in 3 rows (2 changed).")

    result = run("diff", "s.fr.txt", "old.en.txt", "new.en.txt", "--fail-on", "warning", "-f", "json", "-o", "d.json", *FAST)
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines()[-1] == "wrote d.json"
    diff = json.loads((work / "d.json").read_text(encoding="utf-8"))
    assert diff["schema"] == "tqcheck-diff/1" and diff["summary"]["failing"] == 1
    assert diff["old"]["schema"] == diff["new"]["schema"] == "tqcheck-report/1"

    result = run("report", "d.json", "-o", "d.html")  # the diff page, later, from the saved JSON
    assert result.exit_code == 0, result.output
    page = (work / "d.html").read_text(encoding="utf-8")
    assert '<li class="finding sev-error st-fixed"' in page and "<del>She </del><ins>It </ins>" in page

    result = run("diff", "s.fr.txt", "old.en.txt", "new.en.txt", "-f", "html", "-o", "live.html", "--fail-on", "never", *FAST)
    assert result.exit_code == 0
    live = (work / "live.html").read_text(encoding="utf-8")
    assert "<del>She </del><ins>It </ins>" in live and '<li class="finding sev-warning st-introduced"' in live
    assert "Revision: 1 fixed, 1 introduced, 0 kept in 3 rows (2 changed)." in live


XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file source-language="fr" target-language="en" datatype="plaintext" original="x"><body>
{units}
</body></file></xliff>
"""


def xliff(units):
    body = "\n".join(f'<trans-unit id="{i}"><source>{s}</source><target>{t}</target></trans-unit>' for i, s, t in units)
    return XLIFF.format(units=body)


@pytest.mark.slow
def test_diff_of_two_feeds_matches_units_by_id(work):
    (work / "old.xlf").write_text(xliff([
        ("a", "Le marché ouvre à 8 heures.", "The market opens at 8 o'clock."),
        ("b", "Elle affirme avoir détruit un véhicule.", "She claims to have destroyed a vehicle."),
    ]), encoding="utf-8")
    (work / "new.xlf").write_text(xliff([
        ("b", "Elle affirme avoir détruit un véhicule.", "It claims to have destroyed a vehicle."),
        ("a", "Le marché ouvre à 8 heures.", "The market opens at 8 o'clock."),
        ("c", "Il pleut à Gao.", "It is raining in Gao."),
    ]), encoding="utf-8")
    result = run("diff", "old.xlf", "new.xlf", "-f", "json", *FAST)
    assert result.exit_code == 0, result.output
    diff = json.loads(result.stdout)
    assert diff["match"] == "unit id"
    assert [(r["label"], r["status"]) for r in diff["rows"]] == [
        ("unit b", "changed"), ("unit a", "unchanged"), ("unit c", "added"),
    ]
    (work / "old.tsv").write_text("Il pleut.\tIt rains.\nBonjour.\tHello.\n", encoding="utf-8")
    (work / "new.tsv").write_text("Bonjour.\tHi.\nIl pleut.\tIt rains.\n", encoding="utf-8")
    diff = json.loads(run("diff", "old.tsv", "new.tsv", "-f", "json", *FAST).stdout)
    assert diff["match"] == "source text"
    assert [(r["old"]["text"], r["new"]["text"]) for r in diff["rows"]] == [("Hello.", "Hi."), ("It rains.", "It rains.")]
    header = 'msgid ""\nmsgstr ""\n"Language: en\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    (work / "old.po").write_text(header + 'msgid "Il pleut."\nmsgstr "It rains."\n\nmsgid "Bonjour."\nmsgstr "Hello."\n',
                                 encoding="utf-8")
    (work / "new.po").write_text(header + 'msgid "Bonjour."\nmsgstr "Hi."\n\nmsgid "Il pleut."\nmsgstr "It rains."\n',
                                 encoding="utf-8")
    result = run("diff", "old.po", "new.po", "-f", "json", *FAST)
    assert result.exit_code == 0, result.output
    diff = json.loads(result.stdout)
    assert diff["match"] == "source text"  # PO ids carry line numbers, which move
    assert [(r["old"]["text"], r["new"]["text"]) for r in diff["rows"]] == [("Hello.", "Hi."), ("It rains.", "It rains.")]


def test_diff_usage_errors(work):
    one_error(run("diff", "s.fr.txt", *FAST), "diff takes SOURCE OLD NEW or OLD NEW")
    one_error(run("diff", "old.en.txt", "new.en.txt", *FAST), "two versions of a feed")
    one_error(run("diff", "s.fr.txt", "old.en.txt", "missing.en.txt", *FAST), "missing.en.txt")
    one_error(run("diff", "s.fr.txt", "old.en.txt", "new.en.txt", "--fail-on", "fatal"), "--fail-on must be one of")
    one_error(run("diff", "s.fr.txt", "old.en.txt", "new.en.txt", "--select", "TQ999"), "TQ999")
    assert not list(work.glob("*.html"))


# --------------------------------------------------------------------------- report


def saved(name="c/translation.en.txt"):
    return report_dict(with_paths(sample_report(), "c/source.fr.txt", name))


def test_live_page_and_page_from_saved_json_are_the_same():
    report = with_paths(sample_report(), "c/source.fr.txt", "c/translation.en.txt")
    saved_json = json.loads(render(report, "json"))
    assert render(report, "html") == render_report_page([saved_json])


def test_report_from_one_saved_report(tmp_path):
    (tmp_path / "r.json").write_text(json.dumps(saved()), encoding="utf-8")
    result = run("report", tmp_path / "r.json", "-o", tmp_path / "r.html")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"wrote {tmp_path / 'r.html'} (1 document)"
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert page.count('<tr id="pair-') == 4 and "Found 6 problems" in page
    stdout = run("report", tmp_path / "r.json").stdout
    assert stdout == page


def test_report_from_a_run_and_from_json_lines_has_a_document_index(tmp_path):
    docs = [saved("a.en.txt"), saved("b.en.txt")]
    docs[1]["document"] = {"id": "doc-b", "source": "b.fr.txt", "target": "b.en.txt"}
    run_json = {"schema": "tqcheck-run/1", "documents": docs, "summary": {}}
    (tmp_path / "run.json").write_text(json.dumps(run_json), encoding="utf-8")
    (tmp_path / "run.jsonl").write_text("\n".join(json.dumps(d) for d in docs) + "\n", encoding="utf-8")
    for name in ("run.json", "run.jsonl"):
        result = run("report", tmp_path / name, "-o", tmp_path / "many.html")
        assert result.exit_code == 0, result.output
        page = (tmp_path / "many.html").read_text(encoding="utf-8")
        links = links_of(page)
        assert "#d1-doc" in links.hrefs and "#d2-doc" in links.hrefs
        assert {"d1-doc", "d2-doc", "d1-pair-1", "d2-pair-4"} <= links.ids
        assert all(h[1:] in links.ids for h in links.hrefs if h.startswith("#"))  # every anchor resolves
        assert ">a.en.txt</a>" in page and ">doc-b</a>" in page
        assert "Found 12 problems (4 errors, 4 warnings, 4 infos) in 8 sentence pairs across 2 documents." in page


def test_report_per_document_folder_with_index(tmp_path):
    lines = [json.dumps(saved("a.en.txt")), json.dumps(saved("b/../x y.en.txt"))]
    (tmp_path / "run.jsonl").write_text("\n".join(lines), encoding="utf-8")
    out = tmp_path / "site"
    result = run("report", tmp_path / "run.jsonl", "--per-document", "-o", out)
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["001-a.en.txt.html", "002-x-y.en.txt.html", "index.html"]
    index = links_of((out / "index.html").read_text(encoding="utf-8"))
    assert index.hrefs == ["001-a.en.txt.html", "002-x-y.en.txt.html"]
    second = (out / "002-x-y.en.txt.html").read_text(encoding="utf-8")
    assert "Found 6 problems" in second and links_of(second).hrefs[0] == "index.html"
    one_error(run("report", tmp_path / "run.jsonl", "--per-document"), "--per-document needs --output")


def test_bad_json_names_file_and_line_and_writes_nothing(tmp_path):
    (tmp_path / "bad.json").write_text('{"schema": "tqcheck-report/1",\n "sentences": [\n}', encoding="utf-8")
    result = run("report", tmp_path / "bad.json", "-o", tmp_path / "out.html")
    one_error(result, f"{tmp_path / 'bad.json'}:3: invalid JSON")
    assert not (tmp_path / "out.html").exists()
    (tmp_path / "other.json").write_text(json.dumps({"schema": "something/2"}), encoding="utf-8")
    one_error(run("report", tmp_path / "other.json"), "schema is 'something/2', expected 'tqcheck-report/1'")
    broken = saved()
    broken["alignment"][0]["source"] = [99]
    (tmp_path / "broken.json").write_text(json.dumps(broken), encoding="utf-8")
    one_error(run("report", tmp_path / "broken.json"), "alignment[0].source must list source sentence numbers below")
    one_error(run("report", tmp_path / "missing.json"), "missing.json: no such file")
    (tmp_path / "empty.json").write_text("", encoding="utf-8")
    one_error(run("report", tmp_path / "empty.json"), "empty file")


def test_a_bad_line_does_not_lose_the_good_documents(tmp_path):
    good = json.dumps(saved("good.en.txt"))
    (tmp_path / "run.jsonl").write_text(f"{good}\n{{not json\n{good}\n", encoding="utf-8")
    result = run("report", tmp_path / "run.jsonl", "-o", tmp_path / "out.html")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"tqcheck: error: {tmp_path / 'run.jsonl'}:2: invalid JSON: "
                                          "Expecting property name enclosed in double quotes (column 2)"]
    page = (tmp_path / "out.html").read_text(encoding="utf-8")
    assert page.count('class="document"') == 2 and "skipped: " in page and "run.jsonl:2: invalid JSON" in page


def test_a_diff_is_rendered_alone(tmp_path):
    from tqcheck.revising import revision_diff

    (tmp_path / "d.json").write_text(json.dumps(revision_diff(saved(), saved())), encoding="utf-8")
    (tmp_path / "r.json").write_text(json.dumps(saved()), encoding="utf-8")
    one_error(run("report", tmp_path / "d.json", tmp_path / "r.json"), "a diff is rendered on its own page")
    result = run("report", tmp_path / "d.json")
    assert result.exit_code == 0 and "Revision: 0 fixed, 0 introduced, 6 kept in 4 rows (0 changed)." in result.stdout
