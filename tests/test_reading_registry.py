"""The reading package's registry and its one path from units to a pair.

A format is a module of tqcheck/reading/formats declaring READER: these tests
hold the registry to what the CLI, discovery and the readers rely on (names,
suffixes, aliases, no clashes) and the unit path to what reports rely on
(paragraph spans, plain SegmentUnits in the pair).
"""

from __future__ import annotations

import pkgutil
from pathlib import Path

import pytest

import tqcheck.reading.formats as formats_package
from tqcheck.datatypes import LanguagePair, SegmentUnit
from tqcheck.errors import InputError
from tqcheck.reading import FORMATS, format_of, read_pair
from tqcheck.reading.documents import TextUnit, aligned_pair, cells_document
from tqcheck.reading.registry import Reader, _refuse_clashes, both_sides_suffixes, reader, readers
from tqcheck.running.inputs import discover

FR_EN = LanguagePair("fr", "en")


def _read_nothing(path: Path, pair: LanguagePair):  # a reader that is never called
    raise AssertionError("not read")


def test_every_format_module_declares_one_reader_and_nothing_else_is_a_format():
    modules = sorted(info.name for info in pkgutil.iter_modules(formats_package.__path__))
    assert modules == sorted(FORMATS)
    assert all(reader(name).name == name for name in FORMATS)
    assert FORMATS[0] == "text"  # the default when a suffix names no format


@pytest.mark.parametrize(
    ("path", "given", "expected"),
    [
        ("report.SDLXLIFF", None, "xliff"),
        ("feed.ndjson", None, "jsonl"),
        ("feed.tab", None, "tsv"),
        ("clip.vtt", None, "webvtt"),
        ("notes.md", None, "text"),
        ("anything", "XLF", "xliff"),
        ("anything", " vtt ", "webvtt"),
        ("anything", "plain", "text"),
        ("anything", "txt", "text"),
    ],
)
def test_format_of_a_file_or_a_given_name(path, given, expected):
    assert format_of(Path(path), given) == expected


@pytest.mark.parametrize("given", ["xml", "sdlxliff", "tab"])
def test_a_suffix_is_not_a_format_name(given):
    with pytest.raises(InputError, match="unknown input format"):
        format_of(Path("a.txt"), given)


def test_two_formats_claiming_one_suffix_are_refused():
    first = Reader("one", (".x",), 0, read_file=_read_nothing)
    second = Reader("two", (".y", ".x"), 1, read_file=_read_nothing)
    with pytest.raises(RuntimeError, match="'one' and 'two' both claim '.x'"):
        _refuse_clashes([first, second])


def test_a_reader_reads_one_file_or_two_never_both():
    with pytest.raises(TypeError, match="exactly one"):
        Reader("odd", (".odd",), 0)


def test_discovery_finds_exactly_the_files_that_hold_both_sides(tmp_path):
    both = both_sides_suffixes()
    assert set(both.values()) == {r.name for r in readers() if r.holds_both_sides} == {"tsv", "jsonl", "xliff", "tmx", "po"}
    (tmp_path / "a.tab").write_text("Bonjour.\tHello.\n", encoding="utf-8")
    (tmp_path / "b.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nBonjour.\n", encoding="utf-8")
    found = discover([str(tmp_path)], FR_EN)
    assert [(Path(d.source).name, d.input_format) for d in found.documents] == [("a.tab", "tsv")]


def test_a_text_file_with_a_bilingual_file_as_translation_is_refused(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("Bonjour.\n", encoding="utf-8")
    tgt = tmp_path / "b.tab"
    tgt.write_text("Bonjour.\tHello.\n", encoding="utf-8")
    with pytest.raises(InputError, match="b.tab: a TAB file holds both sides; give it alone"):
        read_pair(src, tgt, FR_EN, None)


def test_cells_spans_exclude_the_edges_and_keep_empty_cells_in_step():
    doc = cells_document(["  Un.  ", "", "   ", "Deux."], "fr", None)
    assert doc.text == "  Un.  \n\n   \nDeux."
    assert [doc.text[p.start : p.end] for p in doc.paragraphs] == ["Un.", "", "", "Deux."]
    assert [(p.start, p.end) for p in doc.paragraphs][1:3] == [(8, 8), (12, 12)]


def test_the_pair_keeps_plain_segment_units_not_the_texts():
    units = [
        TextUnit(id="u1", line=3, source_raw=" Un. ", target_raw="One.", ignore=("TQ101",), source=" Un. ", target="One."),
        TextUnit(id="u2", line=4, source="Deux.", target=""),
    ]
    pair = aligned_pair(units, FR_EN, "tsv", "feed.tsv", problems=())
    assert [type(u) for u in pair.units] == [SegmentUnit, SegmentUnit]
    assert pair.units[0] == SegmentUnit(id="u1", line=3, source_raw=" Un. ", target_raw="One.", ignore=("TQ101",))
    assert pair.paragraphs_aligned and pair.input_format == "tsv"
    assert [pair.target.text[p.start : p.end] for p in pair.target.paragraphs] == ["One.", ""]


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'\xef\xbb\xbf  {"source": "Un.", "target": "One."}\n', "jsonl"),
        (b"Un.\tOne.\nDeux.\tTwo.\n", "tsv"),
        (b'# translator comment\nmsgid ""\nmsgstr ""\n', "po"),
        (b'msgctxt "menu"\nmsgid "Fichier"\nmsgstr "File"\n', "po"),
        (b'<?xml version="1.0"?>\n<tmx version="1.4"><header/><body/></tmx>', "tmx"),
        (b'<?xml version="1.0"?>\n<xliff version="1.2"><file/></xliff>', "xliff"),
        (b'<?xml version="1.0"?>\n<html>\t<body/></html>', None),
        (b"Un texte sans tabulation.\n", None),
    ],
)
def test_standard_input_is_recognised_by_the_format_that_declares_it(head, expected):
    from tqcheck.reading.registry import sniff_format

    assert sniff_format(head) == expected
