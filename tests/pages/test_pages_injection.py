"""Hostile text in every field that reaches a page stays text: proven in the browser.

Payloads go through the source and target sentences, file names, document
and unit ids, rule codes, names and messages, suggestions, related spans and
their labels (where glossary terms are shown), notes, the signature and the
MT output and tokens. Each page (one report, many documents, the document
index, the revision diff) is opened in chromium: no dialog, no console error,
no request, the sentinel global stays unset, no element the payloads would
create exists, and the payloads are shown as written.
"""

from __future__ import annotations

import pytest
from helpers import make_alignment
from test_reporting_support import span, with_paths

from tqcheck.datatypes import Finding, LinkScores, Report, Scores, Severity, TokenScore
from tqcheck.reporting.json_report import report_dict
from tqcheck.reporting.page_data import document_view
from tqcheck.reporting.pages import render_index_page, render_report_page
from tqcheck.reporting.revision import render_diff_html
from tqcheck.revising import revision_diff

pytestmark = pytest.mark.slow

PAYLOADS = (
    "<script>window.__pwned = 1</script>",
    '"><img src=x onerror="window.__pwned = 2">',
    "javascript:window.__pwned = 3",
    "</script><script>window.__pwned = 4</script>",
    "'><svg onload='window.__pwned = 5'>",
    "</style><style>body{display:none}</style>",
    "{{ 7 * 7 }}",
)
P = " ".join(PAYLOADS)


def hostile_report(variant: str) -> dict:
    rows = [
        (f"Le chef {P} a dit.", f"The chief {P} {variant} said."),
        ("Les combats ont duré.", None),
        (None, f"Added {P}."),
    ]
    al = make_alignment(rows)
    findings = (
        Finding(
            'TQ201"><script>window.__pwned=6</script>', P, Severity.ERROR, f"message {P} {variant}",
            link=0, source=span(al, "source", P), target=span(al, "target", P), suggestion=f"fix {P}",
            related=(span(al, "source", "chef", P),), details={"term": P},
        ),
        Finding("TQ101", "omission", Severity.WARNING, P, link=1, source=span(al, "source", "Les combats ont duré.")),
        Finding("TQ102", "addition", Severity.INFO, P, link=2, target=span(al, "target", f"Added {P}.")),
        Finding("TQ999", P, Severity.INFO, f"document {P}"),
    )
    links = (
        LinkScores(similarity=0.5, mt_hypothesis=f"The leader {P} said.", chrf=40.0, logprob_mean=-2.0,
                   tokens=(TokenScore(f"▁{P}", -4.0), TokenScore("▁said", -0.2))),
        LinkScores(),
        LinkScores(mt_hypothesis=P),
    )
    report = Report(al, Scores(links=links), findings, signature=f"sig {P}", notes=(f"note {P}",))
    report = with_paths(report, f"{P}.fr.txt", f"{P}.en.txt", input_format="xliff")
    doc = report_dict(report)
    doc["document"] = {"id": f"doc {P}", "source": f"src {P}", "target": f"tgt {P}"}
    return doc


def pages() -> dict[str, str]:
    old, new = hostile_report("old"), hostile_report("new")
    new = replace_finding_code(new)
    diff = revision_diff(old, new, old_ids=[f"unit {P}", "u2"], new_ids=[f"unit {P}", "u2"], by_units=True)
    return {
        "one": render_report_page([old]),
        "many": render_report_page([old, new]),
        "index": render_index_page([("001-x.html", document_view(old)), ("002-y.html", document_view(new))]),
        "diff": render_diff_html(diff),
    }


def replace_finding_code(doc: dict) -> dict:
    """The new version trades one finding for another, so the diff page lists fixed and introduced ones."""
    doc = dict(doc)
    doc["findings"] = [dict(f) for f in doc["findings"]]
    doc["findings"][1]["code"] = f"TQ3{P}"
    return doc


@pytest.mark.parametrize("name", ["one", "many", "index", "diff"])
def test_payloads_stay_inert_in_the_browser(open_page, name):
    html = pages()[name]
    probe = open_page(html, name=f"{name}.html")
    page = probe.page
    page.mouse.move(300, 300)
    page.keyboard.press("j")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert probe.dialogs == [] and probe.errors == []
    assert [m for m in probe.console if m.startswith("error")] == []
    assert all(url.startswith("file://") for url in probe.requests)
    assert page.locator("img, svg, iframe, object, embed").count() == 0
    assert page.locator("script").count() == 1 and page.locator("style").count() == 1
    text = page.inner_text("body")
    for payload in PAYLOADS:
        assert payload in text, payload  # shown as written, not interpreted
    assert "49" not in text  # no template evaluated the input


def test_payloads_are_escaped_in_the_markup():
    for name, html in pages().items():
        for payload in PAYLOADS:
            if any(c in payload for c in "<>\"'"):
                assert payload not in html, (name, payload)
        assert html.count("<script>") == 1 and html.count("</script>") == 1, name


def test_report_fields_all_carry_payloads():
    """Guard for the tests above: every field really holds a payload."""
    doc = hostile_report("old")
    f = doc["findings"][0]
    assert P in f["message"] and P in f["name"] and P in f["suggestion"] and P in f["related"][0]["label"]
    assert P in doc["inputs"]["source"] and P in doc["signature"] and P in doc["notes"][0]
    assert P in doc["scores"][0]["mt_hypothesis"] and P in doc["scores"][0]["tokens"][0]["token"]
