"""SRT and WebVTT: cues of the two files paired by time overlap, one unit per group of overlapping cues."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tqcheck.cli import app
from tqcheck.datatypes import LanguagePair
from tqcheck.errors import InputError
from tqcheck.reading import read_pair
from tqcheck.reading.subtitles import Cue, pair_cues

FR_EN = LanguagePair("fr", "en")

SRT_FR = """1
00:00:01,000 --> 00:00:03,000
<i>Bonjour à tous.</i>

2
00:00:03,500 --> 00:00:05,000
Le maire arrive
à 8 heures.

3
00:00:05,200 --> 00:00:06,000
Il est en retard.

4
00:00:07,000 --> 00:00:09,000
Merci d'être venus.
"""

VTT_EN = """WEBVTT

intro
00:00:01.000 --> 00:00:03.000
<i>Hello everyone.</i>

00:00:03.500 --> 00:00:06.000
The mayor arrives at 8 o'clock. He is late.

NOTE the last cue is missing
"""


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def cells(pair):
    return [
        (pair.source.text[a.start : a.end], pair.target.text[b.start : b.end])
        for a, b in zip(pair.source.paragraphs, pair.target.paragraphs, strict=True)
    ]


def test_cues_are_paired_by_time_merged_cues_form_one_unit(tmp_path):
    pair = read_pair(write(tmp_path / "a.fr.srt", SRT_FR), write(tmp_path / "a.en.vtt", VTT_EN), FR_EN, None)
    assert pair.input_format == "srt" and pair.paragraphs_aligned
    assert cells(pair) == [
        ("Bonjour à tous.", "Hello everyone."),
        ("Le maire arrive à 8 heures. Il est en retard.", "The mayor arrives at 8 o'clock. He is late."),
        ("Merci d'être venus.", ""),
    ]
    assert [(u.id, u.line) for u in pair.units] == [("1", 2), ("2+3", 6), ("4", 15)]


def test_touching_cues_do_not_pair_and_a_target_only_cue_is_its_own_unit():
    src = [Cue("1", 0.0, 2.0, "Un.", 1), Cue("2", 2.0, 4.0, "Deux.", 5)]
    tgt = [Cue("1", 0.0, 2.05, "One.", 1), Cue("2", 2.05, 4.0, "Two.", 5), Cue("3", 6.0, 7.0, "Three.", 9)]
    groups = pair_cues(src, tgt)
    assert [([c.text for c in s], [c.text for c in t]) for s, t in groups] == [
        (["Un."], ["One."]),
        (["Deux."], ["Two."]),
        ([], ["Three."]),
    ]


def test_subtitle_omission_is_reported_with_the_cue(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "a.fr.srt", SRT_FR)
    write(tmp_path / "a.en.vtt", VTT_EN)
    result = CliRunner().invoke(app, ["check", "a.fr.srt", "a.en.vtt", "--no-similarity", "--no-cache"])
    assert result.exit_code == 1, result.output
    assert "a.fr.srt:15 [4]" in result.stdout and "TQ101" in result.stdout


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("b.srt", "1\nnot a timing line\nBonjour\n", "b.srt:1: malformed SRT"),
        ("b.vtt", "00:00:01.000 --> 00:00:02.000\nBonjour\n", "b.vtt: malformed WebVTT"),
        ("b.srt", "", "b.srt: no subtitle cues found"),
    ],
)
def test_bad_subtitle_file_is_one_line(tmp_path, name, content, needle):
    other = write(tmp_path / "ok.en.srt", "1\n00:00:01,000 --> 00:00:02,000\nHello.\n")
    with pytest.raises(InputError) as info:
        read_pair(write(tmp_path / name, content), other, FR_EN, None)
    assert str(info.value).startswith(needle) and "\n" not in str(info.value)


def test_a_subtitle_file_needs_its_translation(tmp_path):
    with pytest.raises(InputError, match="pass the translated subtitle file"):
        read_pair(write(tmp_path / "a.fr.srt", SRT_FR), None, FR_EN, None)


def test_a_malformed_cue_is_skipped_with_a_problem(tmp_path):
    broken = (
        "1\n00:00:01,000 --> 00:00:02,000\nBonjour.\n\n2\n00:00:03,000 -> 00:00:04\nCassé.\n\n"
        "3\n00:00:05,000 --> 00:00:06,000\nMerci.\n"
    )
    english = "1\n00:00:01,000 --> 00:00:02,000\nHello.\n\n2\n00:00:05,000 --> 00:00:06,000\nThanks.\n"
    pair = read_pair(write(tmp_path / "b.fr.srt", broken), write(tmp_path / "b.en.srt", english), FR_EN, None)
    assert cells(pair) == [("Bonjour.", "Hello."), ("Merci.", "Thanks.")]
    assert [(Path(p.path).name, p.line) for p in pair.problems] == [("b.fr.srt", 5)]
    assert "malformed SRT" in pair.problems[0].message
