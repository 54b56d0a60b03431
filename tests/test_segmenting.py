"""Segmentation: the tricky French and English cases, offsets and paragraphs."""

from __future__ import annotations

import pytest

from tqcheck.datatypes import LanguagePair
from tqcheck.reading import pair_from_texts
from tqcheck.segmenting import segment

FR_EN = LanguagePair("fr", "en")


def sentences(text: str, lang: str = "fr") -> list[str]:
    pair = pair_from_texts(text, text, FR_EN if lang == "fr" else LanguagePair("en", "fr"))
    seg = segment(pair.source)
    for s in seg.sentences:
        assert s.text == seg.document.text[s.start : s.end]
        assert s.text == s.text.strip()
    return [s.text for s in seg.sentences]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("M. Dupont est arrivé. Il a vu Mme Martin.", ["M. Dupont est arrivé.", "Il a vu Mme Martin."]),
        ("MM. Durand et Leroy sont là. Le Dr. House aussi.", ["MM. Durand et Leroy sont là.", "Le Dr. House aussi."]),
        ("Le Pr. Martin et St. Louis. Fin.", ["Le Pr. Martin et St. Louis.", "Fin."]),
        ("Il est né en 52 av. J.-C. Puis il est mort.", ["Il est né en 52 av. J.-C.", "Puis il est mort."]),
        ("Des pommes, des poires, etc. Les fruits sont là.", ["Des pommes, des poires, etc.", "Les fruits sont là."]),
        ("La hausse est de 3,5 % et 3.5 points. Voilà.", ["La hausse est de 3,5 % et 3.5 points.", "Voilà."]),
        ("Rendez-vous à 8 h 30. Soyez à l'heure.", ["Rendez-vous à 8 h 30.", "Soyez à l'heure."]),
        ("Il hésite... Puis il part.", ["Il hésite...", "Puis il part."]),
        ("Il hésite… Puis il part.", ["Il hésite…", "Puis il part."]),
        ("« Il est parti. » Puis il revint.", ["« Il est parti. »", "Puis il revint."]),
        ("« Vraiment ? » demanda-t-il. Oui.", ["« Vraiment ? » demanda-t-il.", "Oui."]),
        ("Quoi ! ? Non !", ["Quoi ! ?", "Non !"]),
        ("Pourquoi ?! Parce que.", ["Pourquoi ?!", "Parce que."]),
        ("Attention : il pleut ; prenez un parapluie ! Merci.", ["Attention : il pleut ; prenez un parapluie !", "Merci."]),
        ("Il a lu le chap. 3 et la p. 12. Bien.", ["Il a lu le chap. 3 et la p. 12.", "Bien."]),
        ("Restez chez vous.En fin de mois, tout rouvre.", ["Restez chez vous.", "En fin de mois, tout rouvre."]),
    ],
)
def test_french(text, expected):
    assert sentences(text, "fr") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("J. K. Rowling wrote it. She is rich.", ["J. K. Rowling wrote it.", "She is rich."]),
        ("Mr. Smith met Mrs. Jones. They talked.", ["Mr. Smith met Mrs. Jones.", "They talked."]),
        ("Fruit, e.g. apples, i.e. food. Yes.", ["Fruit, e.g. apples, i.e. food.", "Yes."]),
        ("The U.S. Army moved. It won.", ["The U.S. Army moved.", "It won."]),
        ("It is No. 5 on Jan. 3 at 5 p.m. They left.", ["It is No. 5 on Jan. 3 at 5 p.m.", "They left."]),
        ("He said “It is over.” Then he left.", ["He said “It is over.”", "Then he left."]),
        ('She said "Stop." He stopped.', ['She said "Stop."', "He stopped."]),
        ("It rose 3.5 percent. Good.", ["It rose 3.5 percent.", "Good."]),
        ("Killed by soap.Outside the body it dies.", ["Killed by soap.", "Outside the body it dies."]),
        ("Stay home in the area.In late March, rules eased.", ["Stay home in the area.", "In late March, rules eased."]),
        ("They use Node.Js and read the file.Py docs.", ["They use Node.Js and read the file.Py docs."]),
        ('"There is a shark!" Hammel added. Then he ran.', ['"There is a shark!" Hammel added.', "Then he ran."]),
    ],
)
def test_english(text, expected):
    assert sentences(text, "en") == expected


def test_title_line_is_its_own_sentence_and_paragraph():
    pair = pair_from_texts("Mali : l'avancée reprend\nLundi, l'armée a repris. Elle avance.", "x", FR_EN)
    seg = segment(pair.source)
    assert [s.text for s in seg.sentences] == ["Mali : l'avancée reprend", "Lundi, l'armée a repris.", "Elle avance."]
    assert [s.paragraph for s in seg.sentences] == [0, 1, 1]


def test_title_above_wrapped_paragraph_in_a_block():
    text = "Un titre court\nUne longue phrase qui continue sur la ligne suivante sans\nse terminer avant. Fin.\n\nAutre bloc."
    assert sentences(text) == [
        "Un titre court",
        "Une longue phrase qui continue sur la ligne suivante sans\nse terminer avant.",
        "Fin.",
        "Autre bloc.",
    ]


def test_bullets_are_items_without_their_marker():
    text = "Les mesures :\n\n- fermer les écoles\n- limiter les déplacements\n\n1. Premier point\n2. Second point"
    assert sentences(text) == [
        "Les mesures :",
        "fermer les écoles",
        "limiter les déplacements",
        "1. Premier point",
        "2. Second point",
    ]


def test_never_crosses_a_paragraph_and_skips_separators():
    text = "Une phrase sans point\nUne autre\n***\nFin."
    pair = pair_from_texts(text, text, FR_EN)
    seg = segment(pair.source)
    assert [s.text for s in seg.sentences] == ["Une phrase sans point", "Une autre", "Fin."]
    assert [s.paragraph for s in seg.sentences] == [0, 1, 3]


def test_unknown_language_uses_structural_rules():
    pair = pair_from_texts("Un deux. Trois quatre.", "x", LanguagePair("xx", "en"))
    assert [s.text for s in segment(pair.source).sentences] == ["Un deux.", "Trois quatre."]


def test_offsets_and_indices_on_a_long_document():
    text = "\n".join(f"Paragraphe {i}. M. Martin a payé 3,5 € à {i} h 30. « Oui ! » dit-il." for i in range(2000))
    pair = pair_from_texts(text, text, FR_EN)
    seg = segment(pair.source)
    assert len(seg.sentences) == 6000
    for k, s in enumerate(seg.sentences):
        assert s.index == k and s.paragraph == k // 3
        assert text[s.start : s.end] == s.text


def test_megabyte_line_is_segmented():
    text = "Ceci est une phrase. " * 50_000
    pair = pair_from_texts(text, text, FR_EN)
    assert len(segment(pair.source).sentences) == 50_000
