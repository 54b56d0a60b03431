"""Offsets to lines/columns, and text cut at (overlapping) span boundaries."""

from __future__ import annotations

import pytest

from tqcheck.reporting.textspans import LineIndex, split_at_spans


def test_line_index_counts_characters_not_bytes():
    text = "Élément un.\nDeuxième ligne, été.\n\nQuatre."
    idx = LineIndex(text)
    assert idx.position(0) == (1, 1)
    assert idx.position(text.index("un")) == (1, 9)
    assert idx.position(text.index("été")) == (2, 17)
    assert idx.position(text.index("Quatre")) == (4, 1)
    assert idx.position(len(text)) == (4, 8)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_index_handles_every_sarif_line_end(newline):
    text = newline.join(["première", "deuxième", "troisième"])
    idx = LineIndex(text)
    assert idx.position(text.index("deuxième")) == (2, 1)
    assert idx.position(text.index("troisième") + 3) == (3, 4)


def test_line_index_clamps_out_of_range_offsets():
    idx = LineIndex("abc")
    assert idx.position(-5) == (1, 1)
    assert idx.position(99) == (1, 4)


def test_split_without_spans_is_one_piece():
    pieces = split_at_spans("Bonjour.", 10, [])
    assert [(p.start, p.end, p.text, p.marks) for p in pieces] == [(10, 18, "Bonjour.", ())]


def test_split_overlapping_and_nested_spans():
    text = "abcdefghij"
    pieces = split_at_spans(text, 100, [(102, 106, "A"), (104, 108, "B"), (105, 106, "C")])
    assert "".join(p.text for p in pieces) == text
    assert [(p.text, p.marks) for p in pieces] == [
        ("ab", ()), ("cd", ("A",)), ("e", ("A", "B")), ("f", ("A", "B", "C")), ("gh", ("B",)), ("ij", ()),
    ]


def test_split_clips_spans_reaching_outside_and_ignores_empty_ones():
    pieces = split_at_spans("xyz", 10, [(5, 11, "L"), (12, 40, "R"), (11, 11, "E"), (50, 60, "F")])
    assert [(p.text, p.marks) for p in pieces] == [("x", ("L",)), ("y", ()), ("z", ("R",))]
