"""XLIFF, TMX and PO reading: texts and offsets per format, skipped units, languages, and hostile files.

The sample files in tests/data/formats are short French news sentences with
correct English translations (budget_error.fr-en.xlf has one wrong number).
Every failure must be a one-line InputError naming the file: no ParseError,
KeyError or UnicodeError may escape, whatever the bytes.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tqcheck.datatypes import DocumentPair, LanguagePair
from tqcheck.errors import InputError
from tqcheck.reading import files
from tqcheck.reading.bilingual import read_bilingual, read_units, suffix_formats

FORMATS = Path(__file__).parent / "data" / "formats"
FR_EN = LanguagePair("fr", "en")
FORMAT_BY_SUFFIX = suffix_formats()
SAMPLES = sorted(p.name for p in FORMATS.iterdir() if p.suffix in FORMAT_BY_SUFFIX)


def read(name: str, pair: LanguagePair = FR_EN) -> DocumentPair:
    path = FORMATS / name
    return read_bilingual(path, pair, FORMAT_BY_SUFFIX[path.suffix])


def sides(doc_pair: DocumentPair) -> tuple[list[str], list[str]]:
    """The paragraph texts of each side, cut from the joined text by the paragraph spans."""
    src, tgt = doc_pair.source, doc_pair.target
    return [src.text[p.start : p.end] for p in src.paragraphs], [tgt.text[p.start : p.end] for p in tgt.paragraphs]


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def input_error(path: Path, fmt: str, pair: LanguagePair = FR_EN) -> str:
    """The InputError message for ``path``: one line that names the file."""
    with pytest.raises(InputError) as info:
        read_bilingual(path, pair, fmt)
    message = str(info.value)
    assert "\n" not in message
    assert path.name in message
    return message


def xliff12(units: str, src: str = "fr", tgt: str = "en", decl: str = '<?xml version="1.0" encoding="UTF-8"?>') -> str:
    return (
        f'{decl}\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        f'<file original="x" source-language="{src}" target-language="{tgt}" datatype="plaintext"><body>'
        f"{units}</body></file></xliff>"
    )


def xliff20(units: str, src: str = "fr", tgt: str = "en") -> str:
    return (
        f'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="{src}" trgLang="{tgt}">'
        f'<file id="f">{units}</file></xliff>'
    )


def tmx(tus: str, srclang: str = "fr") -> str:
    return (
        f'<?xml version="1.0"?><tmx version="1.4"><header srclang="{srclang}" adminlang="en" segtype="sentence" '
        f'o-tmf="x" datatype="plaintext" creationtool="t" creationtoolversion="1"/><body>{tus}</body></tmx>'
    )


UNIT = '<trans-unit id="1"><source>Le maire a démissionné.</source><target>The mayor resigned.</target></trans-unit>'


# --------------------------------------------------------------------------- the samples


def test_suffixes_name_the_formats():
    assert FORMAT_BY_SUFFIX == {".xlf": "xliff", ".xliff": "xliff", ".tmx": "tmx", ".po": "po"}


@pytest.mark.parametrize("name", SAMPLES)
def test_paragraph_spans_cut_the_joined_text_exactly(name):
    doc_pair = read(name)
    units = read_units(FORMATS / name, FR_EN, FORMAT_BY_SUFFIX[Path(name).suffix])
    assert doc_pair.paragraphs_aligned
    assert doc_pair.input_format == FORMAT_BY_SUFFIX[Path(name).suffix]
    src, tgt = sides(doc_pair)
    assert src == [u.source for u in units]
    assert tgt == [u.target for u in units]
    for doc in (doc_pair.source, doc_pair.target):
        assert doc.path == str(FORMATS / name)
        assert [p.index for p in doc.paragraphs] == list(range(len(units)))
        assert doc.text == "\n".join(doc.text[p.start : p.end] for p in doc.paragraphs)
        assert all("\n" not in doc.text[p.start : p.end] for p in doc.paragraphs)
    assert (doc_pair.source.lang, doc_pair.target.lang) == ("fr", "en")


def test_xliff12_sample_keeps_inline_text_and_skips_what_is_not_translated():
    src, tgt = sides(read("budget.fr-en.xlf"))
    assert src == [
        "Le conseil municipal de Lyon a adopté le budget mardi soir.",
        "La nouvelle ligne de tramway coûtera 45 millions d'euros, selon la mairie.",
        "Les travaux commenceront en mars et dureront deux ans.",
        "Les riverains seront consultés en février.",
    ]
    assert tgt == [
        "Lyon city council passed the budget on Tuesday evening.",  # <g> keeps its text
        "The new tram line will cost 45 million euros, according to the city hall.",  # <x/> and alt-trans dropped
        "Work will begin in March and last two years.",  # <bpt>/<ept> code dropped, line break collapsed
        "",  # no <target>: kept, so the aligner reports an omission
    ]


def test_xliff12_unit_ids_follow_the_file():
    units = read_units(FORMATS / "budget.fr-en.xlf", FR_EN, "xliff")
    assert [u.id for u in units] == ["1", "2", "4", "5"]  # 3 is in a translate="no" group, 6 is translate="no"


def test_xliff20_sample_joins_segments_and_keeps_untranslated_units():
    units = read_units(FORMATS / "storm.fr-en.xliff", FR_EN, "xliff")
    assert [u.id for u in units] == ["u1", "u2", "u4", "u5"]
    assert units[0].source == (
        "La tempête a privé d'électricité 12 000 foyers en Bretagne. "
        "Les pompiers sont intervenus plus de 300 fois dans la nuit."
    )
    assert units[0].target == (
        "The storm left 12,000 homes in Brittany without power. "
        "Firefighters were called out more than 300 times during the night."
    )
    assert units[1].target == "Météo-France put four departments on orange alert."
    assert units[2].source == "Les rafales ont atteint 150 km/h à la pointe du Raz."
    assert units[3].target == ""


def test_tmx_sample_picks_the_english_variant_and_drops_native_codes():
    units = read_units(FORMATS / "election.fr-en.tmx", FR_EN, "tmx")
    assert [u.id for u in units] == ["e1", "e2", "e3", "e4"]
    assert units[1].source == "La candidate écologiste arrive en tête dans 14 communes."
    assert units[1].target == "The Green candidate is ahead in 14 municipalities."  # not the German variant
    assert units[2].target == "The run-off will take place on 21 June."  # <hi> kept, <ph>&lt;br/&gt; dropped
    assert units[3].target == ""  # no English variant: an omission


def test_po_sample_context_plural_escapes_fuzzy_and_obsolete():
    units = read_units(FORMATS / "minimum_wage.fr-en.po", FR_EN, "po")
    assert [u.source for u in units] == [
        "Le gouvernement annonce une hausse de 3 % du salaire minimum.",
        "La ministre du Travail a déclaré : « Cette mesure concerne deux millions de salariés. »",
        "%d article publié aujourd'hui sur le sujet.",
        "%d articles publiés aujourd'hui sur le sujet.",
        "Les syndicats jugent la mesure insuffisante.",
    ]
    assert [u.target for u in units] == [
        "The government announces a 3% rise in the minimum wage.",
        'The Labour Minister said: "This measure affects two million employees."',  # \" unescaped, \n dropped
        "%d article published today on the subject.",  # msgstr[0], paired with msgid
        "%d articles published today on the subject.",  # msgstr[1], paired with msgid_plural
        "",  # msgstr "": untranslated, kept
    ]
    assert units[0].id == "headline (line 11)"
    assert not any("1er février" in u.source for u in units)  # fuzzy: skipped
    assert not any("Ancien titre" in u.source for u in units)  # obsolete: skipped


def test_wrong_number_in_a_unit_is_flagged_at_its_offset():
    from tqcheck.api import check_pair
    from tqcheck.config import Config

    doc_pair = read("budget_error.fr-en.xlf")
    report = check_pair(doc_pair, Config(cache=False, similarity=False, select=("TQ301",)))
    assert [f.code for f in report.findings] == ["TQ301"]
    span = report.findings[0].target
    assert doc_pair.target.text[span.start : span.end] == span.text
    paragraph = doc_pair.target.paragraphs[1]
    assert paragraph.start <= span.start < span.end <= paragraph.end
    assert "54" in span.text
    clean = check_pair(read("budget.fr-en.xlf"), Config(cache=False, similarity=False, select=("TQ301",)))
    assert clean.findings == ()


# --------------------------------------------------------------------------- inline markup and whitespace


def test_xliff12_equiv_text_stands_in_for_a_code(tmp_path):
    unit = (
        '<trans-unit id="1"><source>Le prix passe de 2<x id="1" equiv-text=" "/>€ à 3 €.</source>'
        '<target>The price rises from <ph id="2" equiv-text="€">&lt;cur/&gt;</ph>2 to €3.</target></trans-unit>'
    )
    units = read_units(write(tmp_path, "a.xlf", xliff12(unit)), FR_EN, "xliff")
    assert units[0].source == "Le prix passe de 2 € à 3 €."
    assert units[0].target == "The price rises from €2 to €3."


def test_xliff20_equiv_order_and_code_points(tmp_path):
    unit = (
        '<unit id="1"><segment><source>Le <pc id="1" equivStart="«" equivEnd="»">Monde</pc> titre'
        '<ph id="2" equiv=""/> :<cp hex="0007"/> crise.</source>'
        '<target order="3">crisis.</target></segment>'
        '<ignorable><source> </source></ignorable>'
        '<segment><source>Deuxième phrase.</source><target order="1">Le Monde headline:</target></segment></unit>'
    )
    units = read_units(write(tmp_path, "a.xliff", xliff20(unit)), FR_EN, "xliff")
    assert units[0].source == "Le «Monde» titre : crise. Deuxième phrase."
    # Targets placed by their order attribute; the ignorable (position 2) stays between them.
    assert units[0].target == "Le Monde headline: crisis."


def test_xml_space_preserve_keeps_inner_spacing_but_not_line_breaks(tmp_path):
    unit = (
        '<trans-unit id="1" xml:space="preserve"><source>Deux  espaces\nici.</source>'
        "<target>Two  spaces\nhere.</target></trans-unit>"
    )
    units = read_units(write(tmp_path, "a.xlf", xliff12(unit)), FR_EN, "xliff")
    assert units[0].source == "Deux  espaces ici."
    assert units[0].target == "Two  spaces here."


def test_spacing_is_kept_as_written_except_around_dropped_codes_and_line_breaks(tmp_path):
    unit = (
        '<trans-unit id="1"><source>Il a dit\u00a0: «\u00a0Non\u00a0».</source>'
        '<target>He said:  "No"<x id="2"/>.\n      Then <x id="1"/>  <ph id="3">{b}</ph> left.</target></trans-unit>'
    )
    units = read_units(write(tmp_path, "a.xlf", xliff12(unit)), FR_EN, "xliff")
    assert units[0].source == "Il a dit\u00a0: «\u00a0Non\u00a0»."  # no-break spaces are text
    # the translator's double spaces stay (a typography rule may flag them); codes leave no extra space
    assert units[0].target == 'He said:  "No". Then left.'


def test_comments_and_processing_instructions_inside_segments_are_ignored(tmp_path):
    unit = '<trans-unit id="1"><source>Le <!-- note -->maire<?pi x?> part.</source><target>The mayor leaves.</target></trans-unit>'
    units = read_units(write(tmp_path, "a.xlf", xliff12(unit)), FR_EN, "xliff")
    assert units[0].source == "Le maire part."


def test_xliff20_translate_no_on_file_skips_its_units(tmp_path):
    doc = xliff20('<unit id="1"><segment><source>Un.</source><target>One.</target></segment></unit>')
    doc = doc.replace("</file>", '</file><file id="g" translate="no"><unit id="2"><segment><source>Deux.</source></segment></unit></file>')
    units = read_units(write(tmp_path, "a.xliff", doc), FR_EN, "xliff")
    assert [u.id for u in units] == ["1"]


def test_xliff_without_namespace_or_with_a_prefix_and_several_files(tmp_path):
    legacy = (
        '<xliff version="1.1"><file source-language="fr" target-language="en" datatype="plaintext" original="a">'
        "<body>" + UNIT + "</body></file>"
        '<file source-language="fr" target-language="en" datatype="plaintext" original="b"><body>'
        '<trans-unit id="9"><source>Deuxième fichier.</source><target>Second file.</target></trans-unit></body></file></xliff>'
    )
    units = read_units(write(tmp_path, "a.xlf", legacy), FR_EN, "xliff")
    assert [u.target for u in units] == ["The mayor resigned.", "Second file."]
    prefixed = xliff12(UNIT).replace("<", "<x:").replace("<x:/", "</x:").replace("<x:?xml", "<?xml")
    prefixed = prefixed.replace('xmlns="', 'xmlns:x="')
    assert read_units(write(tmp_path, "b.xlf", prefixed), FR_EN, "xliff")[0].target == "The mayor resigned."
    # A second <file> in another language is refused like the first would be.
    mixed = legacy.replace('target-language="en" datatype="plaintext" original="b"', 'target-language="es" datatype="plaintext" original="b"')
    assert "target language is es" in input_error(write(tmp_path, "c.xlf", mixed), "xliff")


def test_tmx_prefers_the_exact_regional_variant(tmp_path):
    tu = (
        '<tu><tuv xml:lang="fr"><seg>La couleur du drapeau.</seg></tuv>'
        '<tuv xml:lang="en-US"><seg>The color of the flag.</seg></tuv>'
        '<tuv xml:lang="en-GB"><seg>The colour of the flag.</seg></tuv></tu>'
    )
    path = write(tmp_path, "a.tmx", tmx(tu))
    assert read_units(path, LanguagePair("fr", "en-GB"), "tmx")[0].target == "The colour of the flag."
    assert read_units(path, FR_EN, "tmx")[0].target == "The color of the flag."


def test_tmx_11_lang_attribute_and_units_without_source_are_skipped(tmp_path):
    tus = (
        '<tu><tuv lang="FR"><seg>Il pleut.</seg></tuv><tuv lang="EN"><seg>It is raining.</seg></tuv></tu>'
        '<tu><tuv lang="EN"><seg>English only.</seg></tuv></tu>'
    )
    units = read_units(write(tmp_path, "a.tmx", tmx(tus)), FR_EN, "tmx")
    assert [(u.source, u.target) for u in units] == [("Il pleut.", "It is raining.")]


# --------------------------------------------------------------------------- PO details


def test_po_decodes_with_the_charset_its_header_names(tmp_path):
    po = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=ISO-8859-1\\n"\n"Language: en\\n"\n\n'
        'msgid "Fête de la musique à Paris."\nmsgstr "Music festival in Paris."\n'
    )
    units = read_units(write(tmp_path, "a.po", po.encode("latin-1")), FR_EN, "po")
    assert units[0].source == "Fête de la musique à Paris."


def test_po_without_header_and_with_crlf_and_bom(tmp_path):
    po = '\ufeff# commentaire\r\nmsgid "Le train part."\r\nmsgstr "The train leaves."\r\n'
    units = read_units(write(tmp_path, "a.po", po), FR_EN, "po")
    assert [(u.id, u.source, u.target) for u in units] == [("line 2", "Le train part.", "The train leaves.")]


def test_po_plural_without_first_form_is_untranslated(tmp_path):
    po = 'msgid "Un blessé."\nmsgid_plural "%d blessés."\nmsgstr[1] "%d injured."\n\nmsgid "Oui."\nmsgstr "Yes."\n'
    units = read_units(write(tmp_path, "a.po", po), FR_EN, "po")
    assert [(u.id, u.target) for u in units] == [("line 1[0]", ""), ("line 1[1]", "%d injured."), ("line 5", "Yes.")]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('msgid "Bonjour\nmsgstr "Hello"\n', "a.po:1: malformed PO file (unterminated string"),
        ('msgid "Bonjour."\nmsgstr "Hello', "a.po:2: malformed PO file (unterminated string"),
        ('msgid "Bon"jour"\nmsgstr "Hello"\n', "a.po:1: malformed PO file"),
        ('msgid "a"\nmsgstr "b"\nmsgstr "c"\n', "a.po:3: malformed PO file"),
        ("Le gouvernement annonce une hausse.\n", "a.po:1: malformed PO file"),
    ],
)
def test_malformed_po_names_the_line(tmp_path, content, expected):
    assert input_error(write(tmp_path, "a.po", content), "po").startswith(expected)


def test_po_in_a_charset_it_does_not_use(tmp_path):
    po = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Fête."\nmsgstr "Party."\n'
    message = input_error(write(tmp_path, "a.po", po.encode("latin-1")), "po")
    assert "not valid UTF-8" in message
    po = po.replace("UTF-8", "klingon-1")
    assert "unknown charset 'klingon-1'" in input_error(write(tmp_path, "a.po", po), "po")


def test_compiled_mo_file_is_refused(tmp_path):
    mo = b"\xde\x12\x04\x95\x00\x00\x00\x00\x01\x00\x00\x00\x1c\x00\x00\x00"
    assert "binary file" in input_error(write(tmp_path, "a.po", mo), "po")


def test_po_whose_content_names_an_existing_file_is_read_as_content(tmp_path):
    # polib opens its argument as a path when such a file exists.
    target = write(tmp_path, "other.po", 'msgid "Secret."\nmsgstr "Secret."\n')
    message = input_error(write(tmp_path, "a.po", str(target)), "po")
    assert "malformed PO file" in message


# --------------------------------------------------------------------------- languages


@pytest.mark.parametrize(
    ("name", "content", "fmt", "expected"),
    [
        (
            "a.xlf", xliff12(UNIT, tgt="de"), "xliff",
            "a.xlf: target language is de, but the pair is fr-en; use --target-lang de if that is intended",
        ),
        (
            "a.xlf", xliff12(UNIT, src="en-US"), "xliff",
            "a.xlf: source language is en-US, but the pair is fr-en; use --source-lang en if that is intended",
        ),
        (
            "a.xliff", xliff20('<unit id="1"><segment><source>Un.</source><target>Eins.</target></segment></unit>', tgt="de-DE"),
            "xliff", "a.xliff: target language is de-DE, but the pair is fr-en; use --target-lang de if that is intended",
        ),
        (
            "a.tmx", tmx('<tu><tuv xml:lang="fr"><seg>Un.</seg></tuv><tuv xml:lang="de"><seg>Eins.</seg></tuv></tu>'), "tmx",
            "a.tmx: no unit has a variant in en (the file's languages: de, fr); use --target-lang de if that is intended",
        ),
        (
            "a.tmx", tmx('<tu><tuv xml:lang="it"><seg>Uno.</seg></tuv><tuv xml:lang="en"><seg>One.</seg></tuv></tu>', srclang="it"),
            "tmx", "a.tmx: source language is it, but the pair is fr-en; use --source-lang it if that is intended",
        ),
        (
            "a.po", 'msgid ""\nmsgstr "Language: de_DE\\n"\n\nmsgid "Un."\nmsgstr "Eins."\n', "po",
            "a.po: target language is de_DE, but the pair is fr-en; use --target-lang de if that is intended",
        ),
    ],
)
def test_declared_language_must_match_the_pair(tmp_path, name, content, fmt, expected):
    assert input_error(write(tmp_path, name, content), fmt) == expected


def test_target_lang_option_makes_the_other_language_readable(tmp_path):
    path = write(tmp_path, "a.xlf", xliff12(UNIT, tgt="de"))
    doc_pair = read_bilingual(path, LanguagePair("fr", "de"), "xliff")
    assert doc_pair.target.lang == "de"


@pytest.mark.parametrize(("src", "tgt"), [("fr-FR", "en-GB"), ("FR", "EN_us"), ("fr-CA", "en"), ("fr", "")])
def test_regional_and_missing_language_codes_match(tmp_path, src, tgt):
    path = write(tmp_path, "a.xlf", xliff12(UNIT, src=src, tgt=tgt))
    assert sides(read_bilingual(path, FR_EN, "xliff")) == (["Le maire a démissionné."], ["The mayor resigned."])


def test_tmx_srclang_all_is_not_a_language(tmp_path):
    tu = '<tu><tuv xml:lang="fr"><seg>Un.</seg></tuv><tuv xml:lang="en"><seg>One.</seg></tuv></tu>'
    assert read_units(write(tmp_path, "a.tmx", tmx(tu, srclang="*all*")), FR_EN, "tmx")[0].target == "One."


# --------------------------------------------------------------------------- hostile and broken XML


def test_billion_laughs_is_refused_without_expanding(tmp_path):
    lol = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{"".join(f"&lol{i - 1};" for _ in range(10))}">' for i in range(1, 10)
    )
    doc = f'<?xml version="1.0"?><!DOCTYPE xliff [{lol}]>' + xliff12(
        '<trans-unit id="1"><source>&lol9;</source><target>x</target></trans-unit>', decl=""
    )
    message = input_error(write(tmp_path, "lol.xlf", doc), "xliff")
    assert "refused" in message and "entity 'lol0'" in message


def test_external_entity_cannot_read_local_files(tmp_path):
    doc = '<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' + tmx(
        '<tu><tuv xml:lang="fr"><seg>&xxe;</seg></tuv><tuv xml:lang="en"><seg>x</seg></tuv></tu>'
    ).replace('<?xml version="1.0"?>', "")
    message = input_error(write(tmp_path, "xxe.tmx", doc), "tmx")
    assert "refused" in message and "file:///etc/passwd" in message
    assert "root:" not in message


def test_external_parameter_entity_is_refused(tmp_path):
    doc = '<?xml version="1.0"?><!DOCTYPE xliff [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>' + xliff12(UNIT, decl="")
    assert "refused" in input_error(write(tmp_path, "p.xlf", doc), "xliff")


def test_external_dtd_is_never_loaded(tmp_path):
    # A DTD beside the file declares an entity that would read /etc/passwd; the reader must not load it,
    # so the reference stays undefined.
    write(tmp_path, "evil.dtd", '<!ENTITY x SYSTEM "file:///etc/passwd">')
    doc = '<?xml version="1.0"?>\n<!DOCTYPE xliff SYSTEM "evil.dtd">\n' + xliff12(
        '<trans-unit id="1"><source>Bonjour &x;.</source><target>Hello.</target></trans-unit>', decl=""
    )
    message = input_error(write(tmp_path, "dtd.xlf", doc), "xliff")
    assert "undefined entity" in message and "root:" not in message


def test_doctype_without_entities_is_accepted(tmp_path):
    # Real TMX files often carry <!DOCTYPE tmx SYSTEM "tmx14.dtd">; the sample does, so does this internal subset.
    assert read("election.fr-en.tmx").target.text.startswith("Turnout reached 68%")
    doc = '<?xml version="1.0"?><!DOCTYPE xliff [<!ELEMENT xliff ANY>]>' + xliff12(UNIT, decl="")
    assert sides(read_bilingual(write(tmp_path, "a.xlf", doc), FR_EN, "xliff"))[1] == ["The mayor resigned."]


def test_truncated_xml_names_line_and_column(tmp_path):
    text = (FORMATS / "budget.fr-en.xlf").read_text(encoding="utf-8")
    cut = text[: text.index("<target>Work")]
    message = input_error(write(tmp_path, "cut.xlf", cut), "xliff")
    line = cut.count("\n") + 1
    assert message.startswith(f"cut.xlf:{line}:") and "malformed XML" in message


@pytest.mark.parametrize(
    ("name", "content", "fmt", "expected"),
    [
        ("a.xlf", "<html><body>Bonjour</body></html>", "xliff", "a.xlf: root element is <html>, not <xliff>"),
        ("a.tmx", xliff12(UNIT), "tmx", "not a TMX file; it looks like XLIFF: use --input-format xliff"),
        ("a.xlf", tmx(""), "xliff", "not an XLIFF file; it looks like TMX: use --input-format tmx"),
        ("a.xlf", '<xliff version="1.2"></xliff>', "xliff", "a.xlf: XLIFF without any <file> element"),
        ("a.tmx", '<tmx version="1.4"><header/></tmx>', "tmx", "a.tmx: TMX without a <body> element"),
        ("a.xlf", "Bonjour, ceci n'est pas du XML.", "xliff", "a.xlf:1:1: malformed XML (syntax error)"),
        ("a.xlf", "<xliff>&nbsp;</xliff>", "xliff", "a.xlf:1:8: malformed XML (undefined entity"),
    ],
)
def test_not_the_expected_document(tmp_path, name, content, fmt, expected):
    assert expected in input_error(write(tmp_path, name, content), fmt)


@pytest.mark.parametrize("encoding", ["ISO-8859-1", "windows-1252", "UTF-16"])
def test_xml_declared_encoding_is_honoured(tmp_path, encoding):
    unit = "<trans-unit id='1'><source>L'été sera chaud, prévient Météo-France.</source><target>Summer will be hot, Météo-France warns.</target></trans-unit>"
    doc = xliff12(unit, decl=f'<?xml version="1.0" encoding="{encoding}"?>')
    units = read_units(write(tmp_path, "a.xlf", doc.encode(encoding)), FR_EN, "xliff")
    assert units[0].source == "L'été sera chaud, prévient Météo-France."


def test_latin1_bytes_declared_utf8_get_a_hint(tmp_path):
    doc = xliff12("<trans-unit id='1'><source>Été.</source><target>Summer.</target></trans-unit>")
    message = input_error(write(tmp_path, "a.xlf", doc.encode("latin-1")), "xliff")
    assert "malformed XML" in message and "not UTF-8" in message and "ISO-8859-1" in message


def test_unknown_declared_encoding(tmp_path):
    doc = xliff12(UNIT, decl='<?xml version="1.0" encoding="x-martian"?>')
    assert "unknown encoding" in input_error(write(tmp_path, "a.xlf", doc), "xliff")


def test_deeply_nested_markup_is_an_input_error(tmp_path):
    depth = 20_000
    unit = f'<trans-unit id="1"><source>{"<g>" * depth}Oui.{"</g>" * depth}</source><target>Yes.</target></trans-unit>'
    assert "nested too deeply" in input_error(write(tmp_path, "deep.xlf", xliff12(unit)), "xliff")


# --------------------------------------------------------------------------- files without anything to check


@pytest.mark.parametrize(("name", "fmt"), [("e.xlf", "xliff"), ("e.tmx", "tmx"), ("e.po", "po")])
@pytest.mark.parametrize("content", ["", "  \n\n"])
def test_empty_file(tmp_path, name, fmt, content):
    assert input_error(write(tmp_path, name, content), fmt) == f"{name}: empty file"


def test_every_unit_untranslated_or_skipped(tmp_path):
    untranslated = '<trans-unit id="1"><source>Le maire a démissionné.</source></trans-unit>'
    assert "no unit is translated" in input_error(write(tmp_path, "u.xlf", xliff12(untranslated)), "xliff")
    locked = UNIT.replace('id="1"', 'id="1" translate="no"')
    assert "no translation units with text" in input_error(write(tmp_path, "n.xlf", xliff12(locked)), "xliff")
    po = '#, fuzzy\nmsgid "Un."\nmsgstr "One."\n\n#~ msgid "Deux."\n#~ msgstr "Two."\n'
    assert "no translation units with text" in input_error(write(tmp_path, "f.po", po), "po")


def test_missing_file_directory_and_unknown_format(tmp_path):
    assert "no such file" in str(pytest.raises(InputError, read_bilingual, tmp_path / "x.xlf", FR_EN, "xliff").value)
    assert "is a directory" in str(pytest.raises(InputError, read_bilingual, tmp_path, FR_EN, "tmx").value)
    path = write(tmp_path, "a.xlf", xliff12(UNIT))
    assert "unknown bilingual format 'sdlxliff'" in str(pytest.raises(InputError, read_bilingual, path, FR_EN, "sdlxliff").value)


def test_file_too_large(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_BYTES", 100)
    assert "file too large" in input_error(write(tmp_path, "a.xlf", xliff12(UNIT)), "xliff")


# --------------------------------------------------------------------------- no exception but InputError escapes


@pytest.mark.parametrize("name", SAMPLES)
def test_damaged_samples_fail_only_with_input_error(tmp_path, name):
    """Cut and byte-flipped versions of each sample either read or raise a one-line InputError."""
    data = (FORMATS / name).read_bytes()
    fmt = FORMAT_BY_SUFFIX[Path(name).suffix]
    rng = random.Random(name)
    variants = [data[:cut] for cut in range(0, len(data), max(1, len(data) // 40))]
    for _ in range(40):
        damaged = bytearray(data)
        for _ in range(3):
            damaged[rng.randrange(len(damaged))] = rng.choice(b'<>&"\\\x00\xff\xe9#\n]')
        variants.append(bytes(damaged))
    path = tmp_path / name
    for variant in variants:
        path.write_bytes(variant)
        try:
            doc_pair = read_bilingual(path, FR_EN, fmt)
        except InputError as exc:
            assert "\n" not in str(exc) and name in str(exc)
        else:
            assert len(doc_pair.source.paragraphs) == len(doc_pair.target.paragraphs)


# --------------------------------------------------------------------------- real text round trip


NTREX = Path(__file__).resolve().parents[2] / "shared" / "data" / "ntrex" / "ntrex.fr-en.docs.tsv"


def test_real_news_rows_round_trip_through_every_format(tmp_path):
    """Human FR-EN rows (quotes, apostrophes, &, no-break spaces) written in each format read back unchanged."""
    from xml.sax.saxutils import escape

    import polib

    if not NTREX.is_file():
        pytest.skip("../shared/data/ntrex not present")
    lines = NTREX.read_text(encoding="utf-8").split("\n")[1:401]
    rows = [(cells[2].strip(), cells[3].strip()) for cells in (line.split("\t") for line in lines) if len(cells) == 4]
    assert len(rows) == 400
    units = "".join(f'<trans-unit id="{i}"><source>{escape(s)}</source><target>{escape(t)}</target></trans-unit>' for i, (s, t) in enumerate(rows))
    write(tmp_path, "a.xlf", xliff12(units, src="fr-FR", tgt="en-US"))
    units = "".join(f'<unit id="u{i}"><segment><source>{escape(s)}</source><target>{escape(t)}</target></segment></unit>' for i, (s, t) in enumerate(rows))
    write(tmp_path, "a.xliff", xliff20(units))
    tus = "".join(f'<tu><tuv xml:lang="fr"><seg>{escape(s)}</seg></tuv><tuv xml:lang="en"><seg>{escape(t)}</seg></tuv></tu>' for s, t in rows)
    write(tmp_path, "a.tmx", tmx(tus))
    po = polib.POFile()
    po.metadata = {"Language": "en", "Content-Type": "text/plain; charset=UTF-8"}
    for i, (s, t) in enumerate(rows):
        po.append(polib.POEntry(msgctxt=str(i), msgid=s, msgstr=t))
    po.save(str(tmp_path / "a.po"))
    for name in ("a.xlf", "a.xliff", "a.tmx", "a.po"):
        src, tgt = sides(read_bilingual(tmp_path / name, FR_EN, FORMAT_BY_SUFFIX[Path(name).suffix]))
        assert list(zip(src, tgt, strict=True)) == rows, name
