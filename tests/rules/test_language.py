"""Untranslated French in the English (TQ401): stretches by function words, confirmed by simplemma."""

from __future__ import annotations

from helpers import findings_for

from tqcheck.lang.detection import french_stretches


def stretches(text: str) -> list[str]:
    return [text[s.start : s.end] for s in french_stretches(text)]


def test_a_french_clause_inside_english():
    text = "The mayor spoke, mais les habitants ne sont pas convaincus par ses arguments, officials said."
    assert stretches(text) == ["mais les habitants ne sont pas convaincus par ses arguments"]


def test_english_stops_a_stretch():
    assert stretches("The people of the town were not convinced by his arguments.") == []


def test_quotations_names_and_loanwords_are_set_aside():
    assert stretches('He read "À la recherche du temps perdu" and Le Monde on the train.') == []
    assert stretches("It was déjà vu, a coup d'état, their raison d'être, je ne sais quoi.") == []
    assert stretches("According to Dupont et al., the city of Des Moines agreed.") == []


def test_elisions_count_as_french_but_english_possessives_do_not():
    assert stretches("He n'a pas voulu qu'on l'interroge sur l'enquête.")
    assert stretches("John's car and Mary's bike, which I'd sold, are here.") == []


def test_rule_reports_the_stretch_and_the_source():
    rows = [
        (
            "Le rapport, qui a été publié hier, est sévère.",
            "The report, qui a été publié hier dans la presse, is harsh.",
        )
    ]
    (finding,) = findings_for(rows, select=("TQ401",))
    assert finding.target.text == "qui a été publié hier dans la presse"
    assert finding.related[0].text == rows[0][0]


def test_copied_source_is_reported_once():
    rows = [("Nous sommes très fiers de ce résultat.", "Nous sommes très fiers de ce résultat.")]
    assert len(findings_for(rows, select=("TQ401",))) == 1


def test_min_words_option():
    rows = [(None, "He said: mais les gens partent.")]
    assert findings_for(rows, select=("TQ401",))
    assert not findings_for(rows, select=("TQ401",), rule_options={"TQ401": {"min-words": 6}})
