"""tqcheck.lang.name_counts and name_parts: where a name of a link may have been lost (TQ304)."""

from dataclasses import dataclass

from tqcheck.lang.name_counts import STEM, _count, fewer_in_translation
from tqcheck.lang.name_parts import capitalised, lost_part
from tqcheck.lang.names import _folded_tokens, candidate_names


@dataclass
class _Sentence:
    text: str


def test_a_name_written_more_often_than_rendered_gives_each_of_its_places():
    source = [_Sentence("La mission de l'Iran a dénoncé les sanctions visant l'élite de l'Iran.")]
    places = fewer_in_translation(
        source, "Ljubljana's mission denounced sanctions against Iran's elite.", "fr", "en", "fr-en"
    )
    assert [(n.text, n.start) for _, n in places] == [("Iran", 16), ("Iran", 65)]


def test_a_name_rendered_as_often_as_written_or_never_gives_no_place():
    source = [_Sentence("La mission de l'Iran a dénoncé les sanctions visant l'élite de l'Iran.")]
    both = "Iran's mission denounced sanctions against the elite of the Iranian state."
    assert fewer_in_translation(source, both, "fr", "en", "fr-en") == []
    assert fewer_in_translation(source, "The mission denounced the sanctions.", "fr", "en", "fr-en") == []


def test_the_one_lost_word_of_a_name_whose_other_words_are_rendered():
    sentence = "Le président de l'association Kravatek Miroslav Dvořák a démenti."
    (name,) = [n for n in candidate_names(sentence, "fr", "en", lenient="any") if "Kravatek" in n.text]
    part = lost_part(
        name, sentence, "The head of the Hope association, Miroslav Dvořák, denied it.", "fr", "en", "fr-en"
    )
    assert part is not None and part.text == "Kravatek" and sentence[part.start : part.end] == "Kravatek"
    assert (
        lost_part(name, sentence, "The head of Kravatek, Miroslav Dvořák, denied it.", "fr", "en", "fr-en")
        is None
    )


def test_a_folded_part_is_capitalised_as_a_name_is_written():
    assert capitalised("jacobo") == "Jacobo"


def test_stem_counts_are_those_of_a_scan_of_the_words():
    text = "L'Iran, les Iraniens et l'Irak; Allemagne-Iran: l'Iranienne. Germany's GERMAN germ."
    for stems in ({"iran"}, {"iran", "irak"}, {"alle", "germ"}, {"germ"}, {"zzzz"}, set()):
        scanned = sum(1 for t in _folded_tokens(text, False) if len(t) >= STEM and t[:STEM] in stems)
        assert _count(stems, text) == scanned, stems
    assert _count({"iran"}, text) == 4 and _count({"germ"}, text) == 3  # a test that can fail
