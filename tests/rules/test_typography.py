"""French typography in the English (TQ601 quotes, TQ602 spaces before : ; ! ?)."""

from __future__ import annotations

from helpers import findings_for


def fixes(target: str, code: str) -> list[tuple[str, str | None]]:
    return [(f.target.text, f.suggestion) for f in findings_for([(None, target)], select=(code,))]


def test_quotation_with_no_break_spaces():
    assert fixes("«\u00a0Yes\u00a0», he said.", "TQ601") == [("«\u00a0Yes\u00a0»", '"Yes"')]


def test_quotes_follow_the_document_style():
    rows = [(None, "“Fine,” she said."), (None, "He said «no».")]
    (f,) = findings_for(rows, select=("TQ601",))
    assert f.suggestion == "“no”"


def test_spans_are_offsets_into_the_document():
    rows = [(None, "First line."), (None, "Why now ?")]
    (f,) = findings_for(rows, select=("TQ602",))
    assert f.target.text == "now ?" and f.target.sentence == 1
    assert f.target.start == len("First line.\n") + len("Why ")


def test_every_kind_of_space_before_punctuation():
    for space in (" ", "\u00a0", "\u202f"):
        assert fixes(f"Really{space}?", "TQ602") == [(f"Really{space}?", "Really?")]


def test_what_is_not_french_typography():
    assert fixes("See https://example.org/page ?x=1 now.", "TQ602") == []
    assert fixes("Smile :-) and :D", "TQ602") == []
    assert fixes("It ended 3 : 1 at 8 : 30.", "TQ602") == []
    assert fixes("Why? Because: that's it!", "TQ602") == []


def test_each_french_notation_is_still_found_behind_its_pre_check():
    from tqcheck.rules.typography.french_notation import _notations

    text = "On the 13e day, at 8 h 30, Mme Roy visited the XIXe-century house n° 5; we left at 9h."
    kinds = [(text[a:b], kind) for a, b, kind, _ in _notations(text)]
    assert kinds == [
        ("13e", "French ordinal"),
        ("8 h 30", "French clock time"),
        ("Mme", "French abbreviation"),
        ("XIXe", "French ordinal"),
        ("n°", "French abbreviation"),
        ("9h", "French clock time"),
    ]
    assert _notations("Nothing French here, 12 times over.") == ()
