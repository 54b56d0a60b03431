"""JUnit XML: well-formed, one suite per pair, failures only at or above --fail-on."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

from test_reporting_support import clean_report, sample_report, with_paths

from tqcheck.reporting import render


class FakeRule:
    def __init__(self, code, name):
        self.code, self.name = code, name


def parse(report, **opts):
    text = render(report, "junit", **opts)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    return ET.fromstring(text.encode("utf-8"))


def test_structure_and_counts_default_fail_on_error():
    root = parse(with_paths(sample_report(), "c/source.fr.txt", "c/translation.en.txt"))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert len(suites) == 1
    suite = suites[0]
    assert suite.get("name") == "c/source.fr.txt -> c/translation.en.txt"
    cases = suite.findall("testcase")
    assert len(cases) == 6 == int(suite.get("tests"))
    failures = [c for c in cases if c.find("failure") is not None]
    assert sorted(c.get("classname") for c in failures) == ["TQ101", "TQ201"]
    assert suite.get("failures") == root.get("failures") == "2"
    passing_out = [c for c in cases if c.find("system-out") is not None]
    assert len(passing_out) == 4  # below fail-on: visible but not failing
    pronoun = next(c for c in failures if c.get("classname") == "TQ201")
    assert pronoun.get("name") == "TQ201 pronoun-gender-calque at pair 1 (c/translation.en.txt:1:32)"
    body = pronoun.find("failure").text
    assert "suggestion: it" in body and "antecedent: \"L'armée\"" in body
    assert pronoun.find("failure").get("message") == "English 'she' for a thing: French 'elle' refers to L'armée"
    props = {p.get("name"): p.get("value") for p in suite.find("properties")}
    assert props["signature"].startswith("tqcheck:") and props["fail_on"] == "error"


def test_fail_on_warning_and_never():
    root = parse(sample_report(), fail_on="warning")
    assert root.get("failures") == "4"
    root = parse(sample_report(), fail_on="never")
    assert root.get("failures") == "0"
    root = parse(sample_report(), fail_on="info")
    assert root.get("failures") == "6"


def test_rules_without_findings_are_passing_cases():
    rules = [FakeRule("TQ201", "pronoun-gender-calque"), FakeRule("TQ301", "number-mismatch")]
    suite = parse(sample_report(), rules=rules).find("testsuite")
    names = [c.get("name") for c in suite.findall("testcase")]
    assert "TQ301 number-mismatch" in names
    assert "TQ201 pronoun-gender-calque" not in names  # it has a finding case instead
    assert suite.get("tests") == "7"


def test_clean_report_still_has_a_test_case():
    suite = parse(clean_report()).find("testsuite")
    cases = suite.findall("testcase")
    assert len(cases) == 1 and cases[0].find("failure") is None
    assert cases[0].get("name").startswith("All checks passed")


def test_markup_and_control_characters_are_escaped_or_replaced():
    report = sample_report()
    nasty = replace(report.findings[4], message="bad \x01 char <x> & ]]> \"q\"", severity=report.findings[0].severity)
    text = render(replace(report, findings=(nasty,)), "junit")
    root = ET.fromstring(text.encode("utf-8"))  # well-formed
    failure = root.find("testsuite/testcase/failure")
    assert failure.get("message") == "bad \ufffd char <x> & ]]> \"q\""
    assert "<script>alert('x')</script>" in failure.text


def test_selected_rules_that_did_not_run_are_skipped():
    rules = [FakeRule("TQ301", "number-mismatch"), FakeRule("TQ502", "low-mt-agreement")]
    suite = parse(sample_report(), rules=rules, rules_run=["TQ301"]).find("testsuite")
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert cases["TQ301 number-mismatch"].find("skipped") is None
    assert cases["TQ502 low-mt-agreement"].find("skipped") is not None
    assert suite.get("skipped") == "1" and suite.get("tests") == "8"
