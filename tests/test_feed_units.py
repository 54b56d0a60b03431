"""Segment-level inputs: every unit carries its id and line; a bad line or entry is a problem, not the end.

A feed of thousands of rows with one broken line must still be checked: the
broken line becomes an :class:`InputProblem` (file, line, message) and the
other rows are read. Only a file with no readable unit at all is an error.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tqcheck.datatypes import InputProblem, LanguagePair
from tqcheck.errors import InputError
from tqcheck.reading import read_pair
from tqcheck.reading.bilingual import read_bilingual

FR_EN = LanguagePair("fr", "en")
FORMATS = Path(__file__).parent / "data" / "formats"


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def rows(pair):
    src, tgt = pair.source, pair.target
    return [
        (src.text[a.start : a.end], tgt.text[b.start : b.end])
        for a, b in zip(src.paragraphs, tgt.paragraphs, strict=True)
    ]


# --------------------------------------------------------------------------- TSV / JSONL


def test_tsv_units_carry_their_line(tmp_path):
    path = write(tmp_path / "f.tsv", "source\ttarget\nBonjour.\tHello.\n\nMerci.\tThanks.\n")
    pair = read_pair(path, None, FR_EN, None)
    assert [(u.id, u.line) for u in pair.units] == [("line 2", 2), ("line 4", 4)]
    assert pair.problems == ()


def test_jsonl_uses_the_rows_own_id(tmp_path):
    lines = [{"id": "a-1", "source": "Bonjour.", "target": "Hello."}, {"source": "Merci.", "target": "Thanks."}]
    path = write(tmp_path / "f.jsonl", "".join(json.dumps(x) + "\n" for x in lines))
    pair = read_pair(path, None, FR_EN, None)
    assert [(u.id, u.line) for u in pair.units] == [("a-1", 1), ("line 2", 2)]


def test_jsonl_note_carries_an_inline_ignore(tmp_path):
    row = {"source": "Bonjour {name}", "target": "Hello", "note": "tqcheck: ignore TQ701, TQ703"}
    pair = read_pair(write(tmp_path / "f.jsonl", json.dumps(row) + "\n"), None, FR_EN, None)
    assert pair.units[0].ignore == ("TQ701", "TQ703")


def test_invalid_utf8_in_the_middle_of_a_jsonl_feed(tmp_path):
    good = [json.dumps({"source": f"Phrase {i}.", "target": f"Sentence {i}."}).encode() for i in range(4)]
    bad = b'{"source": "caf\xe9", "target": "coffee"}'
    path = write(tmp_path / "f.jsonl", b"\n".join([good[0], good[1], bad, good[2], good[3]]) + b"\n")
    pair = read_pair(path, None, FR_EN, None)
    assert [u.line for u in pair.units] == [1, 2, 4, 5]
    assert rows(pair)[2] == ("Phrase 2.", "Sentence 2.")
    assert len(pair.problems) == 1
    problem = pair.problems[0]
    assert isinstance(problem, InputProblem)
    assert (problem.path, problem.line) == (str(path), 3) and "not UTF-8" in problem.message


def test_malformed_json_and_bad_rows_are_problems(tmp_path):
    content = "\n".join(
        [
            '{"source": "Bonjour.", "target": "Hello."}',
            "{oops",
            '["source", "target"]',
            '{"source": "Seul"}',
            '{"source": 1, "target": "x"}',
            '{"source": "Merci.", "target": "Thanks."}',
        ]
    )
    pair = read_pair(write(tmp_path / "f.jsonl", content), None, FR_EN, None)
    assert rows(pair) == [("Bonjour.", "Hello."), ("Merci.", "Thanks.")]
    assert [p.line for p in pair.problems] == [2, 3, 4, 5]
    assert "malformed JSON" in pair.problems[0].message and "missing key 'target'" in pair.problems[2].message
    assert str(pair.problems[0]).startswith(f"{tmp_path / 'f.jsonl'}:2: malformed JSON")


def test_tsv_line_without_tab_is_a_problem(tmp_path):
    pair = read_pair(write(tmp_path / "f.tsv", "Bonjour.\tHello.\nSans tabulation\nMerci.\tThanks.\n"), None, FR_EN, None)
    assert [u.line for u in pair.units] == [1, 3]
    assert [(p.line, "expected exactly one tab" in p.message) for p in pair.problems] == [(2, True)]


def test_feed_with_no_readable_line_is_one_error(tmp_path):
    with pytest.raises(InputError) as info:
        read_pair(write(tmp_path / "f.jsonl", "{oops\n{again\n"), None, FR_EN, None)
    assert str(info.value).startswith("f.jsonl:1: malformed JSON") and "1 more" in str(info.value)


def test_a_file_in_another_encoding_stays_one_file_error(tmp_path):
    path = write(tmp_path / "f.tsv", "Café.\tCoffee.\nÉté.\tSummer.\nDéjà.\tAlready.\n".encode("latin-1"))
    with pytest.raises(InputError, match="f.tsv: not UTF-8"):
        read_pair(path, None, FR_EN, None)


# --------------------------------------------------------------------------- XLIFF / TMX / PO


XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="x" source-language="fr" target-language="en" datatype="plaintext">
  <body>
   <trans-unit id="welcome" maxwidth="12" size-unit="char">
    <source>Bienvenue <x id="1"/>!</source>
    <target>Welcome!</target>
   </trans-unit>
   <trans-unit id="bye">
    <source>Au revoir <g id="2">Marie</g>.</source>
    <target> Goodbye <g id="2">Marie</g>.</target>
    <note>tqcheck: ignore TQ702, TQ2</note>
   </trans-unit>
  </body>
 </file>
</xliff>
"""


def test_xliff_units_carry_id_line_codes_limits_and_ignores(tmp_path):
    pair = read_bilingual(write(tmp_path / "m.xlf", XLIFF), FR_EN, "xliff")
    first, second = pair.units
    assert (first.id, first.line, second.id, second.line) == ("welcome", 5, "bye", 9)
    assert first.source_codes == ("x#1",) and first.target_codes == ()
    assert (first.max_width, first.size_unit) == (12, "char")
    assert second.source_codes == second.target_codes == ("g#2",)
    assert second.ignore == ("TQ702", "TQ2")
    assert second.target_raw == " Goodbye Marie." and rows(pair)[1][1] == "Goodbye Marie."


def test_xliff_with_no_units_is_one_line(tmp_path):
    empty = XLIFF[: XLIFF.index("<body>") + 6] + "</body></file></xliff>"
    with pytest.raises(InputError) as info:
        read_bilingual(write(tmp_path / "e.xlf", empty), FR_EN, "xliff")
    assert str(info.value).startswith("e.xlf: no translation units") and "\n" not in str(info.value)


def test_tmx_units_carry_their_line_and_note(tmp_path):
    tmx = (
        '<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="fr"/><body>\n'
        '<tu tuid="t1"><note>tqcheck: ignore</note><tuv xml:lang="fr"><seg>Oui <ph x="1">&lt;br/&gt;</ph></seg></tuv>'
        '<tuv xml:lang="en"><seg>Yes</seg></tuv></tu>\n'
        '<tu><tuv xml:lang="fr"><seg>Non.</seg></tuv><tuv xml:lang="en"><seg>No.</seg></tuv></tu>\n'
        "</body></tmx>\n"
    )
    pair = read_bilingual(write(tmp_path / "m.tmx", tmx), FR_EN, "tmx")
    assert [(u.id, u.line) for u in pair.units] == [("t1", 3), ("2", 4)]
    assert pair.units[0].ignore == ("ALL",) and pair.units[0].source_codes == ("ph#1",)


PO = """# header comment
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: en\\n"

# tqcheck: ignore TQ201
msgctxt "greeting"
msgid "Bonjour."
msgstr "Hello."

msgid "Cassé
msgstr "Broken"

msgid "Merci."
msgstr "Thanks."
"""


def test_po_entry_with_a_broken_string_is_skipped_and_the_rest_read(tmp_path):
    pair = read_bilingual(write(tmp_path / "m.po", PO), FR_EN, "po")
    assert rows(pair) == [("Bonjour.", "Hello."), ("Merci.", "Thanks.")]
    assert [(u.id, u.line) for u in pair.units] == [("greeting (line 7)", 7), ("line 15", 15)]
    assert pair.units[0].ignore == ("TQ201",)
    assert [(p.line, p.message) for p in pair.problems] == [
        (12, 'malformed PO file (unterminated string: a closing " is missing); entry skipped')
    ]


def test_po_with_a_broken_header(tmp_path):
    broken = PO.replace('"Language: en\\n"', '"Language: en\\n').replace('msgid "Cassé', 'msgid "Cassé"')
    pair = read_bilingual(write(tmp_path / "h.po", broken), FR_EN, "po")
    assert len(pair.units) == 3
    assert [p.line for p in pair.problems] == [5] and "header entry skipped" in pair.problems[0].message


def test_po_syntax_error_in_one_entry_is_skipped(tmp_path):
    broken = PO.replace('msgid "Cassé\nmsgstr "Broken"', 'msgstr "Orphan"')
    pair = read_bilingual(write(tmp_path / "s.po", broken), FR_EN, "po")
    assert rows(pair) == [("Bonjour.", "Hello."), ("Merci.", "Thanks.")]
    assert len(pair.problems) == 1 and pair.problems[0].line == 12


# --------------------------------------------------------------------------- rows are hard units


def _check(path: Path):
    from tqcheck.api import check_files
    from tqcheck.config import Config

    return check_files(path, None, Config(similarity=False, cache=False))


def test_an_empty_target_and_an_empty_source_in_two_rows_are_not_paired(tmp_path):
    rows_ = [
        ("Le maire de Gao a démissionné lundi.", "The mayor of Gao resigned on Monday."),
        ("Le conseil municipal se réunira jeudi.", ""),
        ("", "The town council will meet on Thursday."),
        ("Les élections auront lieu en mars.", "The elections will take place in March."),
    ]
    report = _check(write(tmp_path / "f.tsv", "".join(f"{a}\t{b}\n" for a, b in rows_)))
    assert [(link.source, link.target) for link in report.alignment.links] == [
        ((0,), (0,)), ((1,), ()), ((), (1,)), ((2,), (2,))
    ]
    assert sorted(f.code for f in report.findings) == ["TQ101", "TQ102"]


PRONOUN_ROWS = [
    ("L'armée malienne a annoncé une offensive.", "The Malian army announced an offensive."),
    ("Elle a repris Kidal.", "She retook Kidal."),
]


def test_no_antecedent_is_looked_for_in_the_row_before(tmp_path):
    from tqcheck.api import check_texts
    from tqcheck.config import Config

    text = check_texts(
        "\n".join(a for a, _ in PRONOUN_ROWS), "\n".join(b for _, b in PRONOUN_ROWS), Config(similarity=False, cache=False)
    )
    assert [f.code for f in text.findings] == ["TQ201"]  # a text document: the army is two lines up
    feed = _check(write(tmp_path / "f.tsv", "".join(f"{a}\t{b}\n" for a, b in PRONOUN_ROWS)))
    assert [f.code for f in feed.findings] == []
    one_row = " ".join(a for a, _ in PRONOUN_ROWS) + "\t" + " ".join(b for _, b in PRONOUN_ROWS) + "\n"
    inside = _check(write(tmp_path / "g.tsv", one_row))
    assert [f.code for f in inside.findings] == ["TQ201"]  # within one row the antecedent is found


def test_xliff2_units_carry_codes_notes_and_size_restriction(tmp_path):
    doc = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0"
       xmlns:slr="urn:oasis:names:tc:xliff:sizerestriction:2.0" srcLang="fr" trgLang="en">
 <file id="f1">
  <unit id="u1" slr:sizeRestriction="8">
   <notes><note>tqcheck: ignore TQ703</note></notes>
   <segment><source>Voir <pc id="1">la page</pc> <ph id="2"/></source><target>See <pc id="1">the page</pc></target></segment>
  </unit>
 </file>
</xliff>
"""
    pair = read_bilingual(write(tmp_path / "m.xliff", doc), FR_EN, "xliff")
    (unit,) = pair.units
    assert (unit.id, unit.line, unit.max_width, unit.size_unit, unit.ignore) == ("u1", 5, 8, "char", ("TQ703",))
    assert unit.source_codes == ("pc#1", "ph#2") and unit.target_codes == ("pc#1",)


def test_a_person_in_an_earlier_row_still_blocks_a_finding(tmp_path):
    rows_ = [
        ("Le patron a refusé toute discussion.", "The boss refused any discussion."),
        ("Le projet était lancé et il voulait davantage.", "The project was launched and he wanted more."),
    ]
    feed = _check(write(tmp_path / "f.tsv", "".join(f"{a}\t{b}\n" for a, b in rows_)))
    assert [f.code for f in feed.findings] == []
