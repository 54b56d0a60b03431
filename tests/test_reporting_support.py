"""Hand-built reports for the renderer tests (independent of reading, aligning and the rules).

The builders live here (imported by the other test_reporting_* files) and the
tests below check that what they build is itself consistent, so a renderer
test never passes on a malformed report.
"""

from __future__ import annotations

from dataclasses import replace

from helpers import make_alignment

from tqcheck.datatypes import (
    Finding,
    LinkScores,
    ModelInfo,
    Report,
    Scores,
    Severity,
    Span,
    TokenScore,
)

MT_NOTE = "MT scoring off: no model (run make models)"

ROWS = [
    ("L'armée malienne a annoncé qu'elle avait repris Kidal.", "The Malian army announced that she had retaken Kidal."),
    ("Les combats ont duré trois jours.", None),
    (None, "This is <script>alert('x')</script> & \"quoted\" 'text'."),
    ("Il fait beau à Gao.", "The weather is nice in Gao."),
]


def span(alignment, side: str, sub: str, label: str | None = None, nth: int = 0) -> Span:
    """The ``nth`` occurrence of ``sub`` in one side's text, as a Span with its sentence."""
    doc = alignment.pair.source if side == "source" else alignment.pair.target
    seg = alignment.source if side == "source" else alignment.target
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(sub, start + 1)
    sentence = next(s.index for s in seg.sentences if s.start <= start < s.end)
    return Span(side, sentence, start, start + len(sub), sub, label)  # type: ignore[arg-type]


def with_paths(report: Report, source: str | None, target: str | None, input_format: str = "text") -> Report:
    al = report.alignment
    pair = replace(
        al.pair,
        source=replace(al.pair.source, path=source),
        target=replace(al.pair.target, path=target),
        input_format=input_format,
    )
    return replace(report, alignment=replace(al, pair=pair))


def sample_report(*, notes: tuple[str, ...] = (MT_NOTE,), scores: Scores | None = None) -> Report:
    """Four links (1-1, omission, addition, 1-1), overlapping spans, markup-like text, a document finding."""
    al = make_alignment(ROWS)
    findings = (
        Finding(
            "TQ201", "pronoun-gender-calque", Severity.ERROR,
            "English 'she' for a thing: French 'elle' refers to L'armée",
            link=0, source=span(al, "source", "elle"), target=span(al, "target", "she"),
            suggestion="it", related=(span(al, "source", "L'armée", "antecedent"),),
        ),
        Finding("TQ402", "word-calque", Severity.WARNING, "overlap A", link=0, target=span(al, "target", "army announced")),
        Finding("TQ403", "word-order", Severity.INFO, "overlap B", link=0, target=span(al, "target", "announced that")),
        Finding(
            "TQ101", "omission", Severity.ERROR, "French sentence not translated",
            link=1, source=span(al, "source", "Les combats ont duré trois jours."),
        ),
        Finding(
            "TQ102", "addition", Severity.WARNING, "English sentence <b>added</b> & \"unexplained\"",
            link=2, target=span(al, "target", "<script>alert('x')</script>"), suggestion="<remove> & \"it\"",
        ),
        Finding("TQ601", "document-note", Severity.INFO, "document-level note"),
    )
    return Report(
        alignment=al,
        scores=scores or Scores.empty(len(al.links), notes=notes),
        findings=findings,
        signature="tqcheck:0.1.0|pair:fr-en|align:manual",
        notes=notes,
    )


def clean_report() -> Report:
    al = make_alignment([ROWS[0], ROWS[3]])
    return Report(al, Scores.empty(2, notes=(MT_NOTE,)), (), "tqcheck:0.1.0|pair:fr-en", (MT_NOTE,))


def scored_scores(n_links: int) -> Scores:
    links = [
        LinkScores(
            similarity=0.91, mt_hypothesis="The Malian army announced that it had retaken Kidal.", chrf=71.25,
            logprob_mean=-0.8, logprob_min=-6.5, logprob_sum=-9.6,
            tokens=(TokenScore("▁she", -6.5), TokenScore("▁had", -0.1)),
        )
    ] + [LinkScores()] * (n_links - 1)
    return Scores(
        links=tuple(links),
        models=(ModelInfo("opus-mt-fr-en", "abc123", "ctranslate2", "mt"),),
        corpus={"chrf": 55.5, "nan": float("nan")},
    )


# --------------------------------------------------------------------------- self-checks


def test_sample_report_spans_match_their_texts():
    report = sample_report()
    for f in report.findings:
        for s in (f.source, f.target, *f.related):
            if s is None:
                continue
            doc = report.pair.source if s.side == "source" else report.pair.target
            assert doc.text[s.start : s.end] == s.text
            seg = report.alignment.source if s.side == "source" else report.alignment.target
            sentence = seg.sentences[s.sentence]
            assert sentence.start <= s.start and s.end <= sentence.end


def test_sample_report_has_every_link_kind_used_by_the_tests():
    kinds = [link.kind.value for link in sample_report().alignment.links]
    assert kinds == ["1-1", "1-0", "0-1", "1-1"]
