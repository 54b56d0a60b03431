"""Reading: every input shape, encodings, and every bad input as one clear InputError."""

from __future__ import annotations

import json

import pytest

from tqcheck.datatypes import LanguagePair
from tqcheck.errors import InputError
from tqcheck.reading import MAX_BYTES, pair_from_texts, read_pair

FR_EN = LanguagePair("fr", "en")


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


def para_texts(doc):
    return [doc.text[p.start : p.end] for p in doc.paragraphs]


def test_plain_text_pair_lines_are_paragraphs(tmp_path):
    src = write(tmp_path / "a.fr.txt", "Titre\nPremier paragraphe. Deux.\n\nTroisième.\n")
    tgt = write(tmp_path / "a.en.txt", "Title\nFirst paragraph. Two.\nThird.\n")
    pair = read_pair(src, tgt, FR_EN, None)
    assert pair.input_format == "text" and not pair.paragraphs_aligned
    assert para_texts(pair.target) == ["Title", "First paragraph. Two.", "Third."]
    # blank lines present: blocks are paragraphs (a block may be hard-wrapped)
    assert para_texts(pair.source) == ["Titre\nPremier paragraphe. Deux.", "Troisième."]
    assert pair.source.lang == "fr" and pair.target.lang == "en"


def test_bom_is_stripped_and_crlf_normalised(tmp_path):
    src = write(tmp_path / "s.txt", "\ufeffLigne un.\r\nLigne deux.\r\n")
    tgt = write(tmp_path / "t.txt", "Line one.\rLine two.\n")
    pair = read_pair(src, tgt, FR_EN, None)
    assert pair.source.text == "Ligne un.\nLigne deux.\n"
    assert pair.target.text == "Line one.\nLine two.\n"
    p = pair.source.paragraphs[1]
    assert pair.source.text[p.start : p.end] == "Ligne deux."


def test_tsv(tmp_path):
    f = write(tmp_path / "p.tsv", "Bonjour.\tHello.\nAu revoir. Merci.\tGoodbye. Thanks.\n\n")
    pair = read_pair(f, None, FR_EN, None)
    assert pair.input_format == "tsv" and pair.paragraphs_aligned
    assert pair.source.text == "Bonjour.\nAu revoir. Merci."
    assert para_texts(pair.target) == ["Hello.", "Goodbye. Thanks."]


def test_tsv_header_and_empty_cell_kept_in_step(tmp_path):
    f = write(tmp_path / "p.tsv", "fr\ten\nBonjour.\tHello.\nEncore.\t\nFin.\tEnd.\n")
    pair = read_pair(f, None, FR_EN, None)
    assert len(pair.source.paragraphs) == len(pair.target.paragraphs) == 3
    assert para_texts(pair.target) == ["Hello.", "", "End."]


def test_jsonl_and_explicit_format(tmp_path):
    lines = [json.dumps({"source": "Bonjour.", "target": "Hello."}), json.dumps({"source": "Oui.", "target": "Yes."})]
    f = write(tmp_path / "p.data", "\n".join(lines) + "\n")
    pair = read_pair(f, None, FR_EN, "jsonl")
    assert pair.input_format == "jsonl" and pair.paragraphs_aligned
    assert pair.target.text == "Hello.\nYes."


def test_corpus_folder_picks_translation_of_target_language(tmp_path):
    write(tmp_path / "source.fr.txt", "Bonjour.\n")
    write(tmp_path / "translation.en.txt", "Hello.\n")
    write(tmp_path / "translation.fixed.en.txt", "Hi.\n")
    pair = read_pair(tmp_path, None, FR_EN, None)
    assert pair.target.text == "Hello.\n"
    assert pair.target.path.endswith("translation.en.txt")


def test_pair_from_texts():
    pair = pair_from_texts("Un.\r\nDeux.", "One.\nTwo.", FR_EN)
    assert pair.source.text == "Un.\nDeux."
    assert len(pair.target.paragraphs) == 2


def test_long_line_is_read(tmp_path):
    sentence = "Ceci est une phrase assez ordinaire. "
    src = write(tmp_path / "s.txt", sentence * (1_000_000 // len(sentence)))
    tgt = write(tmp_path / "t.txt", "This is a fairly ordinary sentence. " * 27_000)
    pair = read_pair(src, tgt, FR_EN, None)
    assert len(pair.source.paragraphs) == 1 and len(pair.source.text) > 990_000


@pytest.mark.parametrize(
    ("setup", "needle"),
    [
        (lambda d: (d / "missing.txt", d / "t.txt"), "no such file"),
        (lambda d: (write(d / "s.txt", "Bonjour."), d), "is a directory"),
        (lambda d: (write(d / "s.txt", "Bonjour."), write(d / "t.txt", "")), "t.txt: empty"),
        (lambda d: (write(d / "s.txt", "Bonjour."), write(d / "t.txt", "  \n\n \t")), "t.txt: empty"),
        (lambda d: (write(d / "s.txt", "Bonjour."), write(d / "t.txt", b"ab\x00cd\x00")), "binary"),
        (lambda d: (write(d / "s.txt", "Bonjour."), write(d / "t.txt", "... --- !!!")), "no sentences"),
        (
            lambda d: (write(d / "s.txt", "Bonjour."), write(d / "translation.en.txt", "Café crème, déjà prêt à l'été. " * 20, "cp1252")),
            "translation.en.txt: not UTF-8",
        ),
        (lambda d: (write(d / "p.tsv", "\nSans tabulation\nNi ici\n"), None), "p.tsv:2: expected exactly one tab"),
        (lambda d: (write(d / "p.tsv", "a\tb\tc\n"), None), "found 2"),
        (lambda d: (write(d / "p.jsonl", '\n{oops\n'), None), "p.jsonl:2: malformed JSON"),
        (lambda d: (write(d / "p.jsonl", '{"source": "a"}\n'), None), "missing key 'target'"),
        (lambda d: (write(d / "p.tsv", "Bonjour.\tHello.\n"), write(d / "t.txt", "x")), "do not give a second file"),
        (lambda d: (write(d / "s.txt", "Bonjour."), None), "no translation given"),
        (lambda d: (write(d / "s.txt", "Bonjour."), write(d / "p.tsv", "a\tb\n")), "give it alone"),
        (lambda d: (d, None), "no source.fr.txt"),
    ],
)
def test_bad_input_raises_one_clear_line(tmp_path, setup, needle):
    source, target = setup(tmp_path)
    with pytest.raises(InputError) as info:
        read_pair(source, target, FR_EN, None)
    message = str(info.value)
    assert needle in message
    assert "\n" not in message


def test_not_utf8_names_the_encoding_and_the_fix(tmp_path):
    src = write(tmp_path / "s.txt", "Bonjour.")
    tgt = write(tmp_path / "translation.en.txt", "Le café était très réputé à l'époque où ils étaient là. " * 30, "cp1252")
    with pytest.raises(InputError, match=r"looks like .*; convert it with iconv -f .* -t utf-8"):
        read_pair(src, tgt, FR_EN, None)


def test_too_large_file_refused(tmp_path, monkeypatch):
    from tqcheck.reading import files

    monkeypatch.setattr(files, "MAX_BYTES", 1000)
    src = write(tmp_path / "s.txt", "Bonjour. " * 200)
    tgt = write(tmp_path / "t.txt", "Hello.")
    with pytest.raises(InputError, match="too large"):
        read_pair(src, tgt, FR_EN, None)
    assert MAX_BYTES == 50 * 1024 * 1024


def test_unknown_format(tmp_path):
    f = write(tmp_path / "p.txt", "a")
    with pytest.raises(InputError, match="unknown input format"):
        read_pair(f, None, FR_EN, "xml")


def test_empty_text_from_strings():
    with pytest.raises(InputError, match="translation text: empty"):
        pair_from_texts("Bonjour.", "   ", FR_EN)


XLIFF12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="fr" target-language="en" datatype="plaintext" original="a.txt">
    <body>
      <trans-unit id="1"><source>Bonjour <g id="b">le</g> monde.</source><target>Hello <g id="b">the</g> world.</target></trans-unit>
      <trans-unit id="2"><source>Encore.</source></trans-unit>
    </body>
  </file>
</xliff>"""

XLIFF20 = """<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="fr" trgLang="en">
  <file id="f1"><unit id="u1">
    <segment><source>Un.</source><target>One.</target></segment>
    <segment><source>Deux.</source><target>Two.</target></segment>
  </unit></file>
</xliff>"""

TMX = """<tmx version="1.4"><header srclang="fr" datatype="plaintext" segtype="sentence" adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="x"/>
<body>
  <tu><tuv xml:lang="fr-FR"><seg>Bonjour.</seg></tuv><tuv xml:lang="en-GB"><seg>Hello.</seg></tuv></tu>
  <tu><tuv xml:lang="en"><seg>Bye.</seg></tuv><tuv xml:lang="fr"><seg>Salut.</seg></tuv></tu>
</body></tmx>"""


def test_xliff_12_and_20(tmp_path):
    pair = read_pair(write(tmp_path / "a.xlf", XLIFF12), None, FR_EN, None)
    assert pair.input_format == "xliff" and pair.paragraphs_aligned
    assert para_texts(pair.source) == ["Bonjour le monde.", "Encore."]
    assert para_texts(pair.target) == ["Hello the world.", ""]
    pair = read_pair(write(tmp_path / "b.xliff", XLIFF20), None, FR_EN, None)
    assert para_texts(pair.target) == ["One. Two."]  # a unit is one paragraph; its segments are sentences


def test_tmx_sides_by_language(tmp_path):
    pair = read_pair(write(tmp_path / "m.tmx", TMX), None, FR_EN, None)
    assert para_texts(pair.source) == ["Bonjour.", "Salut."]
    assert para_texts(pair.target) == ["Hello.", "Bye."]


def test_xml_entities_are_refused(tmp_path):
    bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><xliff><file><body><trans-unit><source>&b;</source></trans-unit></body></file></xliff>'
    with pytest.raises(InputError, match="bomb.xlf: refused"):
        read_pair(write(tmp_path / "bomb.xlf", bomb), None, FR_EN, None)
    external = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><tmx><body><tu><tuv xml:lang="fr"><seg>&e;</seg></tuv></tu></body></tmx>'
    with pytest.raises(InputError, match="ext.tmx: refused"):
        read_pair(write(tmp_path / "ext.tmx", external), None, FR_EN, None)


def test_malformed_xml(tmp_path):
    with pytest.raises(InputError, match=r"bad.xlf:1:\d+: malformed XML"):
        read_pair(write(tmp_path / "bad.xlf", "<xliff><file>"), None, FR_EN, None)
