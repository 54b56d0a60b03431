"""SARIF 2.1.0: required structure, rules from the registry, offsets to 1-based lines/columns, fixes."""

from __future__ import annotations

import json

import pytest
from helpers import make_alignment
from test_reporting_support import sample_report, span, with_paths

from tqcheck.datatypes import Finding, Report, Scores, Severity
from tqcheck.reporting import render
from tqcheck.reporting.sarif import artifact_uri


def sarif(report, **opts):
    return json.loads(render(report, "sarif", **opts))


def check_required(log):
    """The fields SARIF 2.1.0 requires (§3.13 onwards) for the objects tqcheck emits."""
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    assert isinstance(log["runs"], list) and log["runs"]
    for run in log["runs"]:
        driver = run["tool"]["driver"]
        assert driver["name"] == "tqcheck"
        for rule in driver.get("rules", []):
            assert isinstance(rule["id"], str)
            for key in ("shortDescription", "fullDescription", "help"):
                if key in rule:
                    assert isinstance(rule[key]["text"], str)
            if "defaultConfiguration" in rule:
                assert rule["defaultConfiguration"]["level"] in ("none", "note", "warning", "error")
        artifacts = run.get("artifacts", [])
        for artifact in artifacts:
            assert "uri" in artifact["location"]
        for result in run["results"]:
            assert isinstance(result["message"]["text"], str) and result["message"]["text"]
            assert result["level"] in ("none", "note", "warning", "error")
            assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
            locations = [*result.get("locations", []), *result.get("relatedLocations", [])]
            for loc in locations:
                phys = loc["physicalLocation"]
                art = phys["artifactLocation"]
                assert "uri" in art
                assert artifacts[art["index"]]["location"]["uri"] == art["uri"]
                check_region(phys["region"])
            for fix in result.get("fixes", []):
                assert fix["artifactChanges"]
                for change in fix["artifactChanges"]:
                    assert "uri" in change["artifactLocation"]
                    for rep in change["replacements"]:
                        check_region(rep["deletedRegion"])
                        assert isinstance(rep["insertedContent"]["text"], str)


def check_region(region):
    assert region["startLine"] >= 1 and region["startColumn"] >= 1
    assert (region["endLine"], region["endColumn"]) >= (region["startLine"], region["startColumn"])
    if "charOffset" in region:
        assert region["charOffset"] >= 0 and region["charLength"] >= 0


@pytest.fixture
def report():
    return with_paths(sample_report(), "corpus/source.fr.txt", "corpus/translation.en.txt")


def test_required_fields_and_tool(report):
    log = sarif(report)
    check_required(log)
    run = log["runs"][0]
    assert run["tool"]["driver"]["version"] == run["tool"]["driver"]["semanticVersion"]
    assert run["tool"]["driver"]["informationUri"].startswith("https://")
    assert run["columnKind"] == "unicodeCodePoints"
    assert [a["location"]["uri"] for a in run["artifacts"]] == ["corpus/source.fr.txt", "corpus/translation.en.txt"]
    assert run["properties"]["signature"] == report.signature
    assert run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"].startswith("MT scoring off")


def test_levels_and_primary_locations(report):
    results = sarif(report)["runs"][0]["results"]
    by_code = {r["ruleId"]: r for r in results}
    assert [by_code[c]["level"] for c in ("TQ201", "TQ402", "TQ403")] == ["error", "warning", "note"]
    pronoun = by_code["TQ201"]
    loc = pronoun["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "corpus/translation.en.txt"
    assert loc["region"] == {
        "startLine": 1, "startColumn": 32, "endLine": 1, "endColumn": 35, "charOffset": 31, "charLength": 3,
        "snippet": {"text": "she"},
    }
    related = pronoun["relatedLocations"]
    assert [r["message"]["text"] for r in related] == ["French source: elle", "antecedent: L'armée"]
    assert related[0]["physicalLocation"]["artifactLocation"]["uri"] == "corpus/source.fr.txt"
    assert related[1]["physicalLocation"]["region"]["startColumn"] == 1
    # an omission has no English span: located at the French sentence
    omission = by_code["TQ101"]["locations"][0]["physicalLocation"]
    assert omission["artifactLocation"]["uri"] == "corpus/source.fr.txt"
    assert omission["region"]["startLine"] == 2
    # a document-level finding without spans has no location, but is still a result
    assert "locations" not in by_code["TQ601"]


def test_fix_replaces_the_target_span(report):
    pronoun = next(r for r in sarif(report)["runs"][0]["results"] if r["ruleId"] == "TQ201")
    (fix,) = pronoun["fixes"]
    (change,) = fix["artifactChanges"]
    assert change["artifactLocation"]["uri"] == "corpus/translation.en.txt"
    (rep,) = change["replacements"]
    assert rep["deletedRegion"]["charOffset"] == 31 and rep["deletedRegion"]["charLength"] == 3
    assert rep["insertedContent"] == {"text": "it"}
    assert "fixes" not in next(r for r in sarif(report)["runs"][0]["results"] if r["ruleId"] == "TQ402")


def test_rules_come_from_the_registry_with_docs():
    from tqcheck.rules.registry import all_rules

    rules = all_rules()
    if not rules:
        pytest.skip("no rule registered yet")
    log = sarif(sample_report())
    descriptors = {d["id"]: d for d in log["runs"][0]["tool"]["driver"]["rules"]}
    for rule in rules:
        d = descriptors[rule.code]
        assert d["name"] == rule.name
        assert d["shortDescription"]["text"] == rule.summary()
        assert d["help"]["markdown"] == rule.docs()
        assert d["defaultConfiguration"]["level"] == {"error": "error", "warning": "warning", "info": "note"}[rule.severity.value]
    check_required(log)


def test_offsets_to_lines_and_columns_on_multiline_accented_text():
    rows = [
        ("Première phrase.", "Première ligne : café, thé, été."),
        ("Deuxième.", "Élan à Noël;\nsuite «ici» après."),
    ]
    al = make_alignment(rows)
    tgt = al.pair.target.text
    target = span(al, "target", "Noël;\nsuite")
    cafe = span(al, "target", "été")
    findings = (
        Finding("TQ601", "x", Severity.WARNING, "across lines", link=1, target=target, suggestion="Noël, suite"),
        Finding("TQ602", "y", Severity.INFO, "accents before", link=0, target=cafe),
    )
    report = with_paths(Report(al, Scores.empty(2), findings, "sig"), "fr.txt", "en.txt")
    log = sarif(report, rules=[])
    check_required(log)
    results = {r["ruleId"]: r for r in log["runs"][0]["results"]}

    def expected(offset):
        before = tgt[:offset]
        return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1

    region = results["TQ601"]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == expected(target.start) == (2, 8)
    assert (region["endLine"], region["endColumn"]) == expected(target.end) == (3, 6)
    assert tgt[region["charOffset"] : region["charOffset"] + region["charLength"]] == "Noël;\nsuite"
    region = results["TQ602"]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (1, 29, 32)
    assert region["snippet"]["text"] == "été"
    # rules outside the given list still get a descriptor
    assert {d["id"] for d in log["runs"][0]["tool"]["driver"]["rules"]} == {"TQ601", "TQ602"}


def test_line_aligned_input_has_lines_but_no_char_offsets_or_fixes(report):
    tsv = with_paths(sample_report(), "pairs.tsv", "pairs.tsv", input_format="tsv")
    run = sarif(tsv)["runs"][0]
    assert [a["location"]["uri"] for a in run["artifacts"]] == ["pairs.tsv"]
    for result in run["results"]:
        for loc in result.get("locations", []):
            assert "charOffset" not in loc["physicalLocation"]["region"]
        assert "fixes" not in result
    check_required(sarif(tsv))


def test_without_paths_results_have_no_locations():
    run = sarif(sample_report())["runs"][0]
    assert run["artifacts"] == []
    assert all("locations" not in r for r in run["results"])
    assert len(run["results"]) == 6


def test_fingerprints_are_stable_and_distinct(report):
    a = [r["partialFingerprints"]["tqcheckFinding/v1"] for r in sarif(report)["runs"][0]["results"]]
    b = [r["partialFingerprints"]["tqcheckFinding/v1"] for r in sarif(report)["runs"][0]["results"]]
    assert a == b and len(set(a)) == len(a)


def test_artifact_uri():
    assert artifact_uri("corpus/my file.txt") == "corpus/my%20file.txt"
    assert artifact_uri("/tmp/é.txt") == "file:///tmp/%C3%A9.txt"


def test_advice_is_no_fix_only_literal_replacements_are():
    """TQ102's suggestion ("delete this sentence…") is advice; TQ202's is the replacement word."""
    from dataclasses import replace

    base = with_paths(sample_report(), "corpus/source.fr.txt", "corpus/translation.en.txt")
    span_ = next(f.target for f in base.findings if f.target is not None)
    advice = Finding("TQ102", "addition", Severity.ERROR, "added", target=span_, suggestion="delete this sentence")
    literal = Finding("TQ202", "false-friend", Severity.ERROR, "false friend", target=span_, suggestion="toll")
    report = replace(base, findings=(advice, literal))
    by_code = {r["ruleId"]: r for r in sarif(report)["runs"][0]["results"]}
    assert "fixes" not in by_code["TQ102"]
    assert by_code["TQ202"]["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"] == {"text": "toll"}


def test_feed_results_point_at_the_units_line_in_the_file(tmp_path):
    from tqcheck.api import check_files
    from tqcheck.config import Config

    xlf = tmp_path / "ui.xlf"
    xlf.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
        '<file original="ui" source-language="fr" target-language="en" datatype="plaintext"><body>\n'
        '<trans-unit id="ok"><source>Ouvrir</source><target>Open</target></trans-unit>\n'
        "\n"
        '<trans-unit id="hi"><source>Bonjour {name}</source><target>Hello</target></trans-unit>\n'
        "</body></file></xliff>\n",
        encoding="utf-8",
    )
    log = sarif(check_files(xlf, None, Config(select=("TQ7",), similarity=False, cache=False)))
    (result,) = log["runs"][0]["results"]
    assert result["properties"]["unit"] == {"id": "hi", "line": 6}
    assert result["locations"][0]["logicalLocations"] == [{"name": "hi", "kind": "element"}]  # SARIF 2.1.0 §3.28.4
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 6, "startColumn": 1, "endLine": 7, "endColumn": 1, "snippet": {"text": "{name}"}}
    assert "fixes" not in result
    check_required(log)
