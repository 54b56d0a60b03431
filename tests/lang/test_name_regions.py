"""TQ304's helpers for names lost beside a point of the compass and for borrowed words counted (issue #8)."""

from __future__ import annotations

from tqcheck.datatypes import Sentence
from tqcheck.lang.name_counts import fewer_in_translation
from tqcheck.lang.name_forms import compass_rendered


def test_a_point_of_the_compass_renders_the_point_either_way():
    assert compass_rendered("Eastern", "l'Europe de l'Est")
    assert compass_rendered("Est", "Eastern Europe")
    assert compass_rendered("Sud", "the South of France")
    assert not compass_rendered("Eastern", "l'Europe centrale")  # no point named there
    assert not compass_rendered("Europe", "Eastern Europe")  # no point at all


def _sentences(text: str) -> list[Sentence]:
    return [Sentence(0, 0, len(text), text, 0)]


def test_a_borrowed_english_word_kept_fewer_times_than_written_is_counted():
    src = "Après la « Cover Girl » de mars, voici la « Golden Girl » de l'été."
    places = fewer_in_translation(
        _sentences(src), "After the 'Cover Girl' of March, the summer's 'Golden Star'.", "fr", "en", "fr-en"
    )
    assert [n.text for _, n in places] == ["Girl", "Girl"]


def test_a_french_word_rendered_by_meaning_is_not_counted():
    # «Centre» twice, "Centre" once and "center" once: a common word rendered both ways, no loss
    src = "Le Centre Pompidou et le Centre Georges-Brassens ouvrent lundi."
    tgt = "The Centre Pompidou and the Georges Brassens arts center open on Monday."
    assert fewer_in_translation(_sentences(src), tgt, "fr", "en", "fr-en") == []
