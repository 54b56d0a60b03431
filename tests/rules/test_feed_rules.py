"""TQ7xx on real files: XLIFF inline codes and limits, whitespace at unit edges, glossaries, suppression, consistency."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tqcheck.api import check_files
from tqcheck.cli import app
from tqcheck.config import Config
from tqcheck.errors import ConfigError
from tqcheck.glossary import find_term, load_glossary, term
from tqcheck.rules.feed.consistency import consistency_findings

FEED_ONLY = Config(select=("TQ7",), similarity=False, cache=False)


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def xliff(units: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
        '<file original="ui" source-language="fr" target-language="en" datatype="plaintext"><body>\n'
        f"{units}\n</body></file></xliff>\n"
    )


def codes(report) -> list[tuple[str, str | None]]:
    from tqcheck.units import unit_of

    return [(f.code, (unit_of(report.alignment, f) or None) and unit_of(report.alignment, f).id) for f in report.findings]


def test_xliff_inline_codes_and_maxwidth(tmp_path):
    path = write(
        tmp_path / "ui.xlf",
        xliff(
            '<trans-unit id="save" maxwidth="10" size-unit="char"><source>Enregistrer</source>'
            "<target>Save the changes</target></trans-unit>\n"
            '<trans-unit id="link"><source>Voir <x id="1"/>la page</source><target>See the page</target></trans-unit>\n'
            '<trans-unit id="px" maxwidth="10"><source>Ouvrir</source><target>Open the document</target></trans-unit>\n'
            '<trans-unit id="ok" maxwidth="6" size-unit="byte"><source>Fermer</source><target>Close</target></trans-unit>'
        ),
    )
    report = check_files(path, None, FEED_ONLY)
    assert codes(report) == [("TQ704", "save"), ("TQ702", "link")]
    tq702 = report.findings[1]
    assert "x#1" in tq702.message and "missing" in tq702.message


def test_whitespace_at_unit_edges_compares_with_the_source(tmp_path):
    rows = ["Total :\t Total:", " 12 €\t12 €", "Bonjour \tHello ", "Fin.\tEnd."]
    report = check_files(write(tmp_path / "ui.tsv", "\n".join(rows) + "\n"), None, FEED_ONLY)
    found = [(f.code, f.details.get("where"), f.details.get("source"), f.details.get("target")) for f in report.findings]
    assert found == [("TQ703", "leading", "", " "), ("TQ703", "leading", " ", "")]


GLOSSARY_CSV = "source;target;forbidden;note\nindicateur;informant;indicator|indicators;security feeds\nbilan;toll;;\n"

TBX = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="fr"><text><body>
<termEntry id="t1">
 <langSet xml:lang="fr"><tig><term>indicateur</term></tig></langSet>
 <langSet xml:lang="en">
  <tig><term>informant</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
  <tig><term>indicator</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
 </langSet>
</termEntry>
</body></text></martif>
"""

TBX_2019 = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="fr" xmlns="urn:iso:std:iso:30042:ed-2"><text><body>
<conceptEntry id="c1">
 <langSec xml:lang="fr"><termSec><term>indicateur</term></termSec></langSec>
 <langSec xml:lang="en-GB"><termSec><term>informant</term></termSec>
  <termSec><term>indicator</term><termNote type="administrativeStatus">notRecommended</termNote></termSec></langSec>
</conceptEntry>
</body></text></tbx>
"""


@pytest.mark.parametrize(("name", "content"), [("g.csv", GLOSSARY_CSV), ("g.tbx", TBX), ("g2.tbx", TBX_2019)])
def test_glossary_files(tmp_path, name, content):
    glossary = load_glossary(write(tmp_path / name, content))
    entry = glossary.entries[0]
    assert entry.source.text == "indicateur"
    assert [t.text for t in entry.required] == ["informant"]
    assert [t.text for t in entry.forbidden][:1] == ["indicator"]


def test_terms_match_on_lemmas():
    assert find_term(term("indicateur", "fr"), "Deux indicateurs ont parlé.", "fr") == (5, 16)
    assert find_term(term("death toll", "en"), "The death tolls rose.", "en") == (4, 15)
    assert find_term(term("indicateur", "fr"), "L'indice a baissé.", "fr") is None


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("bad.csv", "source,target\nindicateur,informant,extra,fields\n", "bad.csv:2: malformed glossary row"),
        ("bad.csv", "source,target\n,informant\n", "bad.csv:2: malformed glossary row (no source term)"),
        ("bad.csv", "term,meaning\na,b\n", "bad.csv:1: glossary header must name"),
        ("bad.csv", b"source,target\nr\xe9sultat,result\n", "bad.csv:2: glossary is not UTF-8"),
        (
            "lol.tbx",
            '<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><martif>&b;</martif>',
            "lol.tbx: refused: the TBX declares entities",
        ),
        (
            "xxe.tbx",
            '<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY x SYSTEM "file:///etc/passwd">]><martif>&x;</martif>',
            "xxe.tbx: refused",
        ),
        ("cut.tbx", "<martif><text><body>\n<termEntry>", "cut.tbx:2:"),
        ("none.csv", None, "none.csv: glossary not found"),
    ],
)
def test_bad_glossary_is_one_line(tmp_path, name, content, needle):
    path = tmp_path / name if content is None else write(tmp_path / name, content)
    with pytest.raises(ConfigError) as info:
        load_glossary(path)
    assert needle in str(info.value) and "\n" not in str(info.value)


def test_glossary_from_the_command_line_and_from_config(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "terms.csv", GLOSSARY_CSV)
    write(tmp_path / "feed.tsv", "Un indicateur a prévenu la police.\tAn indicator warned the police.\n")
    runner = CliRunner()
    base = ["check", "feed.tsv", "--no-similarity", "--no-cache", "--select", "TQ7", "--format", "json"]
    result = runner.invoke(app, [*base, "--glossary", "terms.csv"])
    assert result.exit_code == 1, result.output
    found = {f["code"]: f for f in json.loads(result.stdout)["findings"]}
    assert set(found) == {"TQ705", "TQ706"} and found["TQ706"]["target"]["text"] == "indicator"
    assert found["TQ706"]["unit"] == {"index": 0, "id": "line 1", "line": 1}
    sub = tmp_path / "project"
    sub.mkdir()
    write(sub / "pyproject.toml", '[tool.tqcheck]\nglossary = "../terms.csv"\n')
    result = runner.invoke(app, [*base, "--config", str(sub / "pyproject.toml")])
    assert {f["code"] for f in json.loads(result.stdout)["findings"]} == {"TQ705", "TQ706"}
    write(tmp_path / "broken.csv", "source,target\nindicateur\tinformant,x,y\n")
    result = runner.invoke(app, [*base, "--glossary", "broken.csv"])
    assert result.exit_code == 2 and result.stderr.startswith("tqcheck: error: broken.csv:2: malformed glossary row")


def test_inline_suppression_in_xliff_note_and_po_comment(tmp_path):
    units = (
        '<trans-unit id="a"><source>Bonjour {name}</source><target>Hello</target></trans-unit>\n'
        '<trans-unit id="b"><source>Salut {name}</source><target>Hi</target>'
        "<note>tqcheck: ignore TQ701</note></trans-unit>"
    )
    report = check_files(write(tmp_path / "m.xlf", xliff(units)), None, FEED_ONLY)
    assert codes(report) == [("TQ701", "a")]
    po = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Bonjour %s"\nmsgstr "Hello"\n\n'
        '# tqcheck: ignore TQ7\nmsgid "Salut %s"\nmsgstr "Hi"\n'
    )
    report = check_files(write(tmp_path / "m.po", po), None, FEED_ONLY)
    assert codes(report) == [("TQ701", "line 5")]


def test_consistency_within_a_feed_file(tmp_path):
    rows = ["Enregistrer\tSave", "Ouvrir\tOpen", "Enregistrer\tStore", "Enregistrer\tSave"]
    report = check_files(write(tmp_path / "ui.tsv", "\n".join(rows) + "\n"), None, FEED_ONLY)
    assert codes(report) == [("TQ707", "line 3")]
    assert "'Save' in ui.tsv:1" in report.findings[0].message


def test_consistency_across_the_documents_of_a_run(tmp_path):
    a = check_files(write(tmp_path / "a.tsv", "Enregistrer\tSave\nOuvrir\tOpen\n"), None, FEED_ONLY)
    b = check_files(write(tmp_path / "b.tsv", "Enregistrer\tStore\nFermer\tClose\n"), None, FEED_ONLY)
    c = check_files(write(tmp_path / "c.tsv", "Enregistrer\tSave\nQuitter\tOpen\n"), None, FEED_ONLY)
    found = consistency_findings([a, b, c])
    assert sorted(found) == [1, 2]
    (store,) = found[1]
    assert store.code == "TQ707" and store.target.text == "Store" and "a.tsv:1 of another document" in store.message
    (shared,) = found[2]
    assert shared.code == "TQ708" and shared.target.text == "Open" and "'Ouvrir'" in shared.message
    assert consistency_findings([a, b, c], codes=("TQ708",)) == {2: found[2]}
    assert consistency_findings([a]) == {}


def test_conflicts_within_a_document_carry_spans_of_both_segments():
    # segments are made without spans and only the conflicting ones get them
    from helpers import make_alignment

    from tqcheck.datatypes import Severity
    from tqcheck.rules.feed.consistency import alignment_segments, document_conflict_findings

    rows = [("Enregistrer le fichier.", "Save the file."), ("Ouvrir.", "Open."), ("Enregistrer le fichier.", "Store the file.")]
    alignment = make_alignment(rows)
    assert all(s.source_span is None for s in alignment_segments(alignment, spans=False))
    (finding,) = document_conflict_findings(alignment, "TQ707", Severity.WARNING)
    assert finding.target is not None and finding.target.text in ("Save the file.", "Store the file.")
    assert [s.label for s in finding.related] == [None, "reference"]
    assert all(s.text for s in finding.related)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Save.", "save"),
        ("  Enregistrer\u00a0 le   fichier …!? ", "enregistrer le fichier"),
        ("Fin ; . ,", "fin"),
        ("ﬁnal\tSTRASSE", "final strasse"),  # NFKC, then casefold (ß would be "ss" too)
        ("...", ""),
    ],
)
def test_segment_keys_ignore_case_spacing_and_final_punctuation(text, key):
    from tqcheck.rules.feed.consistency import segment_key

    assert segment_key(text) == key
