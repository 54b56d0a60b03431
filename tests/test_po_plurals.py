"""PO plural forms and format flags: every msgstr[n] is a unit, and the entry's flag decides what a placeholder is.

The PO files are written here (short made-up UI strings); each test checks
one thing ``msgfmt --check`` would say about them, or what it would let pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import FR_EN

from tqcheck.api import check_pair
from tqcheck.config import Config
from tqcheck.datatypes import InputProblem
from tqcheck.reading.bilingual import read_bilingual, read_units
from tqcheck.reading.po_plurals import ENGLISH, plural_forms

HEADER = 'msgid ""\nmsgstr ""\n"Language: en\\n"\n"Plural-Forms: {forms}\\n"\n\n'
ENGLISH_FORMS = "nplurals=2; plural=(n != 1);"


def po(tmp_path: Path, body: str, forms: str = ENGLISH_FORMS) -> Path:
    path = tmp_path / "ui.po"
    path.write_text(HEADER.format(forms=forms) + body, encoding="utf-8")
    return path


def tq701(path: Path) -> list[tuple[str, str]]:
    """(unit id, message) of every TQ701 finding on the file."""
    doc_pair = read_bilingual(path, FR_EN, "po")
    report = check_pair(doc_pair, Config(cache=False, similarity=False, select=("TQ701",)))
    units = doc_pair.units
    out = []
    for f in report.findings:
        span = f.target or f.source
        side = doc_pair.target if f.target else doc_pair.source
        index = next(p.index for p in side.paragraphs if p.start <= span.start <= p.end)
        out.append((units[index].id, f.message))
    return out


def test_every_form_is_a_unit_paired_as_msgfmt_pairs_them(tmp_path):
    path = po(
        tmp_path,
        'msgctxt "inbox"\nmsgid "%d message non lu"\nmsgid_plural "%d messages non lus"\n'
        'msgstr[0] "%d unread message"\nmsgstr[1] "%d unread messages"\n',
    )
    units = read_units(path, FR_EN, "po")
    assert [(u.id, u.line, u.source, u.target) for u in units] == [
        ("inbox[0] (line 6)", 9, "%d message non lu", "%d unread message"),
        ("inbox[1] (line 6)", 10, "%d messages non lus", "%d unread messages"),
    ]
    assert [u.may_omit_placeholders for u in units] == [True, False]


def test_a_missing_form_is_an_untranslated_unit_and_an_extra_form_a_warning(tmp_path):
    path = po(tmp_path, 'msgid "Une photo"\nmsgid_plural "%d photos"\nmsgstr[0] "One photo"\nmsgstr[2] "%d photoz"\n')
    problems: list[InputProblem] = []
    units = read_units(path, FR_EN, "po", problems)
    assert [(u.id, u.target) for u in units] == [("line 6[0]", "One photo"), ("line 6[1]", "")]
    assert [(p.line, p.message) for p in problems] == [
        (9, "msgstr[2] is beyond the nplurals=2 of the Plural-Forms header; form not checked")
    ]


def test_the_header_sets_the_number_of_forms(tmp_path):
    three = "nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);"
    path = po(tmp_path, 'msgid "Un jour"\nmsgid_plural "%d jours"\nmsgstr[0] "A day"\nmsgstr[1] "Two days"\nmsgstr[2] "%d days"\n', three)
    units = read_units(path, FR_EN, "po")
    assert [(u.source, u.target, u.may_omit_placeholders) for u in units] == [
        ("Un jour", "A day", True),
        ("%d jours", "Two days", True),  # used for n = 2 only
        ("%d jours", "%d days", False),
    ]


@pytest.mark.parametrize(
    ("header", "nplurals", "problem"),
    [
        (None, 2, None),
        ("nplurals=1; plural=0;", 1, None),
        ("nplurals=2; plural=n !! 1;", 2, "does not parse"),
        ("plural=(n != 1);", 2, "unreadable"),
        ("nplurals=40; plural=n;", 2, "out of range"),
    ],
)
def test_plural_forms_header(header, nplurals, problem):
    forms, message = plural_forms(header)
    assert forms.nplurals == nplurals
    assert (message is None) if problem is None else (problem in message)
    if problem:
        assert forms == ENGLISH


def test_an_unreadable_header_is_a_warning_naming_its_line(tmp_path):
    path = po(tmp_path, 'msgid "Un lien"\nmsgid_plural "%d liens"\nmsgstr[0] "One link"\nmsgstr[1] "%d links"\n', "nplurals=2; plural=n ?;")
    problems: list[InputProblem] = []
    assert len(read_units(path, FR_EN, "po", problems)) == 2
    assert [(p.line, "does not parse" in p.message) for p in problems] == [(4, True)]


def test_placeholders_are_checked_per_form(tmp_path):
    path = po(
        tmp_path,
        '#, c-format\nmsgid "%d fichier supprimé"\nmsgid_plural "%d fichiers supprimés"\n'
        'msgstr[0] "One file deleted"\nmsgstr[1] "Files deleted"\n',
    )
    # msgstr[0] is used for n = 1 only: "One" may replace %d, as msgfmt allows; msgstr[1] may not drop it
    assert tq701(path) == [("line 6[1]", "placeholder %d of the source is missing from the translation")]


def test_a_single_number_form_may_not_shift_unnamed_placeholders(tmp_path):
    path = po(
        tmp_path,
        '#, c-format\nmsgid "%d fichier dans %s"\nmsgid_plural "%d fichiers dans %s"\n'
        'msgstr[0] "One file in %s"\nmsgstr[1] "%d files in %s"\n',
    )
    # printf would hand the count to %s
    assert tq701(path) == [("line 6[0]", "placeholder %d of the source is missing from the translation")]


def test_no_c_format_makes_percent_d_plain_text(tmp_path):
    body = 'msgid "Le format %d affiche un entier."\nmsgstr "The format shows a whole number."\n'
    assert [m for _, m in tq701(po(tmp_path, body))] == ["placeholder %d of the source is missing from the translation"]
    assert tq701(po(tmp_path, "#, no-c-format\n" + body)) == []


def test_python_brace_format_fields_are_placeholders_and_double_braces_are_text(tmp_path):
    body = (
        '#, python-brace-format\nmsgid "Bonjour {user.name}, code {{x}} : {0[1]}"\n'
        'msgstr "Hello {user}, code {{y}}: {0[1]}"\n'
    )
    assert sorted(m for _, m in tq701(po(tmp_path, body))) == [
        "placeholder {user.name} of the source is missing from the translation",
        "placeholder {user} is not in the source",
    ]


def test_c_format_ignores_braces_and_counts_a_glued_directive(tmp_path):
    body = '#, c-format\nmsgid "Étape {1} : %dkm parcourus"\nmsgstr "Step {2}: distance covered"\n'
    assert [m for _, m in tq701(po(tmp_path, body))] == ["placeholder %d of the source is missing from the translation"]


def test_fuzzy_entries_are_not_checked(tmp_path):
    path = po(tmp_path, '#, fuzzy, c-format\nmsgid "%d vues"\nmsgstr "views"\n\nmsgid "Oui"\nmsgstr "Yes"\n')
    assert [u.source for u in read_units(path, FR_EN, "po")] == ["Oui"]


@pytest.mark.parametrize("forms", ["nplurals=2; plural=n/0;", "nplurals=2; plural=" + "(" * 400 + "n" + ")" * 400 + ";", "nplurals=x;"])
def test_hostile_plural_headers_are_warnings_not_crashes(tmp_path, forms):
    path = po(tmp_path, 'msgid "Un avis"\nmsgid_plural "%d avis"\nmsgstr[0] "One review"\nmsgstr[99999999] "%d reviews"\n', forms)
    problems: list[InputProblem] = []
    units = read_units(path, FR_EN, "po", problems)
    assert [u.target for u in units] == ["One review", ""]
    assert any("msgstr[99999999]" in p.message for p in problems)


def test_entries_without_a_blank_line_between_them_keep_their_own_forms(tmp_path):
    three = "nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);"
    body = (
        'msgid "Une clé"\nmsgid_plural "%d clés"\nmsgstr[0] "A key"\nmsgstr[1] "Two keys"\n'
        'msgid "Une porte"\nmsgid_plural "%d portes"\nmsgstr[0] "A door"\nmsgstr[1] "Two doors"\nmsgstr[2] "%d doors"\n'
    )
    problems: list[InputProblem] = []
    units = read_units(po(tmp_path, body, three), FR_EN, "po", problems)
    assert [(u.id, u.target) for u in units] == [
        ("line 6[0]", "A key"), ("line 6[1]", "Two keys"), ("line 6[2]", ""),
        ("line 10[0]", "A door"), ("line 10[1]", "Two doors"), ("line 10[2]", "%d doors"),
    ]
    assert problems == []
