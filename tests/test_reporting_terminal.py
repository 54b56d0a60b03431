"""Terminal view: grouped by sentence pair, highlighted spans, one summary line, honest notes."""

from __future__ import annotations

import re

from test_reporting_support import MT_NOTE, clean_report, sample_report, scored_scores, with_paths

from tqcheck.reporting import render

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def plain(report, **opts):
    return render(report, "terminal", width=100, **opts)


def test_summary_line_counts_and_keeps_the_mt_note():
    out = plain(sample_report())
    lines = out.rstrip("\n").splitlines()
    assert lines[-1] == (
        "Found 6 problems (2 errors, 2 warnings, 2 infos) in 4 sentence pairs; " + MT_NOTE
    )


def test_quiet_on_success():
    out = plain(clean_report())
    assert out.splitlines() == ["All checks passed: 2 sentence pairs, 0 problems.", f"note: {MT_NOTE}"]


def test_other_notes_get_their_own_line():
    report = sample_report(notes=(MT_NOTE, "similarity off: sentence encoder disabled"))
    lines = plain(report).rstrip("\n").splitlines()
    assert lines[-2].endswith(MT_NOTE)
    assert lines[-1] == "note: similarity off: sentence encoder disabled"


def test_grouped_by_pair_with_kind_sentences_and_findings():
    out = plain(with_paths(sample_report(), "c/source.fr.txt", "c/translation.en.txt"))
    assert "pair 1 · 1-1 · translation.en.txt:1" in out
    assert "pair 2 · 1-0 omission · source.fr.txt:2" in out
    assert "pair 3 · 0-1 addition · translation.en.txt:2" in out
    assert "pair 4" not in out  # no finding there
    assert "(nothing: this French is not translated)" in out
    assert "(nothing: this English has no French source)" in out
    # finding lines: code, severity, quoted span, message, suggestion, related span
    assert re.search(r'TQ201 error\s+"she": English \'she\' for a thing', out)
    assert "→ it" in out
    assert 'antecedent: "L\'armée" (fr 1:1)' in out
    # pairs appear in order, findings of a pair under its sentences
    assert out.index("pair 1") < out.index("TQ201") < out.index("pair 2") < out.index("TQ101")
    assert "document" in out and "TQ601" in out


def test_plain_output_brackets_flagged_spans_and_merges_overlaps():
    out = plain(sample_report())
    assert "The Malian [army announced that] [she] had retaken Kidal." in out
    assert "L'armée malienne a annoncé qu'[elle] avait repris Kidal." in out
    assert "\x1b[" not in out


def test_color_output_highlights_spans_and_related_underlined():
    out = render(sample_report(), "terminal", width=100, color=True)
    assert "\x1b[" in out
    assert "\x1b[1;37;41mshe\x1b[0m" in out  # error span: white on red
    assert "\x1b[4mL'armée\x1b[0m" in out  # related span: underlined
    assert ANSI.sub("", out).count("TQ201") == 1


def test_markup_in_texts_is_printed_verbatim():
    out = plain(sample_report())
    assert "<script>alert('x')</script>" in out
    assert 'English sentence <b>added</b> & "unexplained"' in out
    assert '→ <remove> & "it"' in out


def test_quiet_prints_only_summary_and_notes():
    out = plain(sample_report(), quiet=True)
    assert out.splitlines() == [
        "Found 6 problems (2 errors, 2 warnings, 2 infos) in 4 sentence pairs; " + MT_NOTE
    ]


def test_show_scores_without_scores_says_so():
    out = plain(sample_report(), show_scores=True)
    assert "scores: none measured for any sentence pair" in out
    assert "chrF" not in out and "sim " not in out


def test_show_scores_lists_every_pair_with_what_was_measured():
    out = plain(sample_report(scores=scored_scores(4)), show_scores=True)
    assert "sim 0.91  chrF 71.2  logprob -0.80  min -6.50" in out
    assert "pair 4 · 1-1" in out  # shown although it has no finding
    assert out.count("none measured") == 3


def test_no_trailing_blanks():
    for line in plain(sample_report()).splitlines():
        assert line == line.rstrip()


def test_singular_forms():
    from dataclasses import replace

    report = sample_report()
    one = replace(report, findings=report.findings[:1], alignment=replace(report.alignment, links=report.alignment.links[:1]))
    assert plain(one, quiet=True).splitlines()[0].startswith("Found 1 problem (1 error) in 1 sentence pair;")


def test_very_long_sentence_is_cut_around_its_flagged_span():
    from helpers import make_alignment

    from tqcheck.datatypes import Finding, Report, Scores, Severity, Span

    filler = "mot " * 5000
    al = make_alignment([("Il y a 3 morts. " + filler, filler + "There are 4 dead. " + filler)])
    i = al.pair.target.text.index("4 dead")
    f = Finding("TQ301", "number-mismatch", Severity.ERROR, "number differs", link=0, target=Span("target", 0, i, i + 1, "4"))
    out = plain(Report(al, Scores.empty(1), (f,), "sig"))
    assert "There are [4] dead." in out
    assert len(out) < 3000
    assert "… " in out and " …" in out
