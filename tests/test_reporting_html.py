"""HTML report: self-contained, side by side, everything escaped, overlapping spans handled."""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser

from helpers import make_alignment
from test_reporting_support import MT_NOTE, clean_report, sample_report, scored_scores, span, with_paths

from tqcheck.datatypes import Finding, Report, Scores, Severity
from tqcheck.reporting import render

VOID = {"meta", "br", "col", "input", "link", "img", "hr"}


class Tree(HTMLParser):
    """Checks tags balance and collects tags, attributes and per-sentence text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.errors: list[str] = []
        self.sentences: list[str] = []
        self._sentence_depth: int | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag in VOID:
            return
        self.stack.append(tag)
        if tag == "span" and attrs.get("class") == "sentence":
            self.sentences.append("")
            self._sentence_depth = len(self.stack)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unbalanced </{tag}> (open: {self.stack[-3:]})")
            return
        if self._sentence_depth == len(self.stack):
            self._sentence_depth = None
        self.stack.pop()

    def handle_data(self, data):
        if self._sentence_depth is not None:
            self.sentences[-1] += data


def parse(text):
    tree = Tree()
    tree.feed(text)
    tree.close()
    assert tree.errors == []
    assert tree.stack == []
    return tree


def test_self_contained_page():
    text = render(with_paths(sample_report(), "c/source.fr.txt", "c/translation.en.txt"), "html")
    assert text.startswith("<!DOCTYPE html>")
    tree = parse(text)
    names = [t for t, _ in tree.tags]
    assert "link" not in names and "img" not in names
    scripts = [a for t, a in tree.tags if t == "script"]
    assert scripts == [{}]  # one inline script (filters, keyboard navigation), nothing loaded
    csp = [a["content"] for t, a in tree.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert len(csp) == 1 and csp[0].startswith("default-src 'none'; style-src 'sha256-")
    assert not re.search(r"(src|href)=\"(https?:)?//", text)
    assert "<style>" in text
    assert "Found 6 problems (2 errors, 2 warnings, 2 infos) in 4 sentence pairs" in text
    assert MT_NOTE in text
    assert "tqcheck:0.1.0|pair:fr-en|align:manual" in text


def test_one_row_per_link_with_omission_and_addition_marked():
    tree = parse(render(sample_report(), "html"))
    rows = [a for t, a in tree.tags if t == "tr" and "link" in (a.get("class") or "").split()]
    assert [r["id"] for r in rows] == ["pair-1", "pair-2", "pair-3", "pair-4"]
    assert "omission" in rows[1]["class"] and "addition" in rows[2]["class"]
    assert "clean" in rows[3]["class"] and "flagged" in rows[0]["class"]
    text = render(sample_report(), "html")
    assert "(not translated)" in text and "(no French source: added in translation)" in text


def test_sentence_text_survives_highlighting_exactly():
    report = sample_report()
    tree = parse(render(report, "html"))
    expected = []
    for link in report.alignment.links:
        expected += [report.alignment.source.sentences[i].text for i in link.source]
        expected += [report.alignment.target.sentences[i].text for i in link.target]
    assert tree.sentences == expected


def test_everything_is_escaped():
    text = render(sample_report(), "html")
    assert text.count("<script") == 1  # the page's own, at the end
    assert "<b>added" not in text and "<remove>" not in text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in text
    assert "English sentence &lt;b&gt;added&lt;/b&gt; &amp; &#34;unexplained&#34;" in text
    assert "&lt;remove&gt; &amp; &#34;it&#34;" in text
    tree = parse(text)
    # the tooltip (an attribute) carries the message unescaped once parsed: it was escaped exactly once
    titles = [a["title"] for t, a in tree.tags if t == "mark"]
    assert any(title == 'TQ102 warning: English sentence <b>added</b> & "unexplained"' for title in titles)


def test_escaping_in_paths_signature_and_notes():
    report = with_paths(sample_report(notes=('note with <i>"quotes"</i> & more',)), 'a"<b>.txt', "x&y.txt")
    report = replace(report, signature="sig<script>")
    text = render(report, "html")
    assert "<i>" not in text and 'a"<b>' not in text and "sig<script>" not in text
    assert "sig&lt;script&gt;" in text and "x&amp;y.txt" in text
    parse(text)


def test_overlapping_spans_give_flat_marks_with_all_tooltips():
    tree = parse(render(sample_report(), "html"))
    marks = [a for t, a in tree.tags if t == "mark"]
    titles = [m["title"] for m in marks]
    assert "TQ402 warning: overlap A\nTQ403 info: overlap B" in titles  # the shared word
    shared = marks[titles.index("TQ402 warning: overlap A\nTQ403 info: overlap B")]
    assert shared["class"] == "m-warning"  # worst severity wins the colour
    assert "TQ403 info: overlap B" in titles and "TQ402 warning: overlap A" in titles


def test_adversarial_overlaps_and_markup_inside_spans():
    rows = [("Le <b>chef</b> & « elle » dit.", 'The <i>"chief"</i> & she said <script>x</script>.')]
    al = make_alignment(rows)
    findings = (
        Finding("TQ201", "a", Severity.ERROR, "m1 <x>", link=0, target=span(al, "target", '<i>"chief"</i> & she')),
        Finding("TQ202", "b", Severity.WARNING, "m2 'y'", link=0, target=span(al, "target", "she said <script>")),
        Finding("TQ203", "c", Severity.INFO, "m3", link=0, target=span(al, "target", "said"),
                source=span(al, "source", "« elle »"), related=(span(al, "source", "<b>chef</b> &", "antecedent"),)),
    )
    report = Report(al, Scores.empty(1), findings, "sig")
    text = render(report, "html")
    assert text.count("<script") == 1 and "<i>" not in text and "<b>" not in text
    tree = parse(text)
    assert tree.sentences == [rows[0][0], rows[0][1]]
    assert any(a.get("class") == "related" for t, a in tree.tags if t == "span")


def test_findings_listed_under_their_row_with_suggestion():
    text = render(sample_report(), "html")
    row = text.index('id="pair-1"')
    listing = re.search(r'<li class="finding sev-error fail"[^>]*><span class="code">TQ201</span>', text).start()
    assert row < listing < text.index('id="pair-2"')
    assert "→ <q>it</q>" in text
    assert '(antecedent: <q>L&#39;armée</q>)' in text


def test_fail_on_marks_failing_findings():
    text = render(sample_report(), "html", fail_on="warning")
    failing = re.compile(r'<li class="finding sev-\w+ fail"[ >]')
    assert len(failing.findall(text)) == 4 and 'class="summary fail"' in text
    text = render(sample_report(), "html", fail_on="never")
    assert not failing.findall(text) and 'class="summary pass"' in text


def test_filters_work_without_javascript():
    text = render(sample_report(), "html")
    for sev in ("error", "warning", "info"):
        assert f'id="hide-{sev}"' in text
        assert f"body:has(#hide-{sev}:checked) .sev-{sev}" in text
    assert "body:has(#only-flagged:checked) tr.clean" in text


def test_scores_shown_only_when_measured():
    assert 'class="scores"' not in render(sample_report(), "html")
    text = render(sample_report(scores=scored_scores(4)), "html")
    assert "sim 0.91  chrF 71.2" in text


def test_clean_report():
    text = render(clean_report(), "html")
    assert "All checks passed: 2 sentence pairs, 0 problems." in text
    parse(text)
