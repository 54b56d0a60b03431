"""Numbers, dates, units and names (TQ301-TQ305): the readers behind the rules, and the founding example."""

from __future__ import annotations

import json

import pytest
from helpers import findings_for, make_alignment

from tqcheck.config import Config
from tqcheck.datatypes import Scores
from tqcheck.lang.names import candidate_names
from tqcheck.lang.quantities import figure_values, quantities
from tqcheck.nlp import Analysis
from tqcheck.rules.engine import run_rules
from tqcheck.rules.numbers._common import english_number
from tqcheck.rules.numbers._dates import date_parts

CODES = ("TQ301", "TQ302", "TQ303", "TQ304", "TQ305")
ALL_MINE = (*CODES, "TQ401", "TQ402", "TQ601", "TQ602", "TQ603")


def values(text: str, lang: str) -> list[tuple[str, float]]:
    return [(q.text, q.value) for q in quantities(text, lang) if q.strong]


# ----------------------------------------------------------------- figures and words


@pytest.mark.parametrize(
    ("figure", "lang", "expected"),
    [
        ("1 234,5", "fr", {1234.5}),
        ("1\u202f234,5", "fr", {1234.5}),
        ("1.234,5", "fr", {1234.5}),
        ("1,234.5", "en", {1234.5}),
        ("12,5", "fr", {12.5}),
        ("2,300", "fr", {2.3, 2300.0}),  # ambiguous in French: both readings kept
        ("2,300", "en", {2300.0, 2.3}),  # a French decimal left in English is TQ305's, not a mismatch
        ("0,25", "en", {0.25}),
    ],
)
def test_figure_readings(figure, lang, expected):
    assert set(figure_values(figure, lang)[0]) == expected


def test_french_number_words():
    text = "vingt et un élèves, quatre-vingt-dix-neuf euros, soixante et onze ans, dix-sept morts, deux mille trois cents"
    assert values(text, "fr") == [
        ("vingt et un", 21),
        ("quatre-vingt-dix-neuf", 99),
        ("soixante et onze", 71),
        ("dix-sept", 17),
        ("deux mille trois cents", 2300),
    ]



def test_number_words_are_found_among_many_other_words():
    """The word reader steps over words that are no number, size or ordinal word (``Lexicon.word_heads``)."""
    from tqcheck.lang.quantities import lexicon

    text = "Selon la mairie, des centaines de bénévoles et une trentaine de pompiers ont aidé les dix-sept familles."
    assert values(text, "fr") == [("une trentaine", 30), ("dix-sept", 17)]
    vague = [q for q in quantities(text, "fr") if q.text == "centaines"]
    assert [(q.strong, q.approx) for q in vague] == [(False, True)]  # "des centaines": only ever matches
    heads = lexicon("fr").word_heads
    assert {"dix", "sept", "trentaine", "centaines", "premier"} <= heads
    assert heads.isdisjoint({"selon", "mairie", "bénévoles", "familles"})

def test_english_number_words_and_multipliers():
    assert values("a hundred and five people, two million euros and 1.5 billion dollars", "en") == [
        ("hundred and five", 105),
        ("two million", 2_000_000),
        ("1.5 billion", 1_500_000_000),
    ]


def test_un_une_one_and_adjacent_words_are_not_counts():
    assert values("Un homme a vu une voiture neuve.", "fr") == []
    assert values("One of the men saw a new car.", "en") == []
    # "un un deux" is three words, not the number four
    assert [q.value for q in quantities("un un deux", "fr") if q.strong] == [2]


def test_approximations_need_their_article():
    assert values("une trentaine de kilomètres", "fr") == [("une trentaine", 30)]
    assert values("la quarantaine a été levée", "fr") == []


def test_units_and_ranges():
    q = quantities("entre 2,5 et 10 cm de pluie, 90 km/h, 5 millions d'euros", "fr")
    units = {x.text: set(x.units) for x in q}
    assert units["2,5"] == {"cm"}  # a range's unit is every number's
    assert units["90"] == {"kmh"}
    assert units["5 millions"] == {"eur"}


def test_english_number_formatting():
    assert english_number(1234.5) == "1,234.5"
    assert english_number(2_000_000) == "2 million"
    assert english_number(1_500_000_000) == "1.5 billion"
    assert english_number(2023, grouped=False) == "2023"


# ----------------------------------------------------------------- dates and times


def test_french_and_english_dates_agree():
    (fr,) = [p for p in date_parts("Lundi 13 novembre 2023, au matin", "fr") if p.month]
    (en,) = [p for p in date_parts("On Monday, November 13, 2023, in the morning", "en") if p.month]
    assert (
        (fr.weekday, fr.day, fr.month, fr.year)
        == (en.weekday, en.day, en.month, en.year)
        == (1, 13, 11, 2023)
    )



@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Il a vendu 3 vélos et 12 casques.", "fr", []),  # figures, no calendar word: only the clock patterns run
        ("Rendez-vous à la mi-juin 2027 devant la gare.", "fr", [("juin 2027", None, 6, 2027)]),
        ("Le conseil se réunit MARDI 4 MAI.", "fr", [("MARDI 4 MAI", 4, 5, None)]),
        # re.IGNORECASE reads "ſ" as "s", str.lower does not: no month (it raised KeyError before)
        ("Les fêtes du 5 ſeptembre 2027 sont annulées.", "fr", []),
        ("The fair opens on Thursdays at noon.", "en", [("Thursdays", None, None, None), ("noon", None, None, None)]),
    ],
)
def test_date_patterns_run_when_their_words_are_there(text, lang, expected):
    """``date_parts`` skips a pattern whose month, weekday or time word is absent; what it finds is unchanged."""
    assert [(p.text, p.day, p.month, p.year) for p in date_parts(text, lang)] == expected

@pytest.mark.parametrize(
    ("text", "lang", "hours", "minute"),
    [
        ("à 8 h 30", "fr", {8}, 30),
        ("à 8h30", "fr", {8}, 30),
        ("à 20 heures", "fr", {20}, 0),
        ("at 8:30 a.m.", "en", {8}, 30),
        ("at 8 p.m.", "en", {20}, 0),
        ("at 20:00", "en", {20}, 0),
        ("at 8 o'clock", "en", {8, 20}, 0),
        ("at 1200 GMT", "en", {12}, 0),
    ],
)
def test_times(text, lang, hours, minute):
    (t,) = [p for p in date_parts(text, lang) if p.is_time]
    assert set(t.hours) == hours and t.minute == minute



@pytest.mark.parametrize(
    ("text", "lang", "hours"),
    [
        ("Le train part à 7h05 ce matin.", "fr", {7}),
        ("Rendez-vous à 18 heures et quart.", "fr", {18}),
        ("Le marché ouvre à midi.", "fr", {12}),
        ("The shop opens at 9.30 every day.", "en", {9, 21}),
        ("Flights resume from 7 to 9 a.m. on Monday.", "en", {7}),
        ("The curfew starts at 2100 GMT.", "en", {21}),
        ("We left at 6 in the evening.", "en", {18}),
        ("It ended at midnight.", "en", {0}),
    ],
)
def test_a_time_passes_the_pre_check_of_the_time_patterns(text, lang, hours):
    from tqcheck.rules.numbers._dates import _may_tell_time

    assert _may_tell_time(text, lang)
    assert set().union(*(p.hours for p in date_parts(text, lang) if p.is_time)) >= hours


@pytest.mark.parametrize(
    ("text", "lang"),
    [("Il a vendu 3 vélos et 12 casques.", "fr"), ("The 2 teams scored 45 points.", "en")],
)
def test_figures_without_a_time_skip_the_time_patterns(text, lang):
    from tqcheck.rules.numbers._dates import _may_tell_time

    assert not _may_tell_time(text, lang)
    assert not [p for p in date_parts(text, lang) if p.is_time]

def test_month_words_that_are_not_months():
    assert not [p for p in date_parts("Theresa May said he may march in August heat.", "en") if not p.weak]
    assert not [p for p in date_parts("La sonde est arrivée sur Mars.", "fr") if not p.weak]
    assert not date_parts("Après-midi calme.", "fr")  # "midi" inside "après-midi" is not noon


# ----------------------------------------------------------------- names


def test_name_candidates():
    names = [
        n.text
        for n in candidate_names(
            "Hier, le CSP et Moussa Ag Acharatoumane ont rejoint la Minusma.", "fr", "en"
        )
    ]
    assert names == ["CSP", "Moussa Ag Acharatoumane", "Minusma"]
    # sentence-initial words and Roman numerals are not names; a title stays with its name
    names = [n.text for n in candidate_names("Lundi, Mme Dupont a parlé du XIXe siècle.", "fr", "en")]
    assert names == ["Mme Dupont"]


def test_names_matched_through_the_table_cognates_and_acronym_letters():
    rows = [
        ("L'OTAN et l'UE soutiennent l'Allemagne.", "NATO and the EU support Germany."),
        ("L'armée malienne a quitté Moscou.", "The Malian army left Moscow."),
        ("Le sida et le VIH reculent.", "AIDS and HIV are declining."),
    ]
    assert [f for f in findings_for(rows, select=("TQ304",))] == []


# ----------------------------------------------------------------- the founding example


def _gold_rows(folder, name):
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    links = gold["translations"][name]["alignment"]
    return [(" ".join(link["source"]) or None, " ".join(link["target"]) or None) for link in links]


@pytest.mark.parametrize("translation", ["translation.en.txt", "translation.fixed.en.txt"])
def test_kidal_raises_no_number_date_unit_or_name_alarm(kidal_dir, translation):
    if not (kidal_dir / "gold.json").exists():
        pytest.skip("corpora/kidal is not there")
    alignment = make_alignment(_gold_rows(kidal_dir, translation))
    findings = run_rules(
        alignment, Scores.empty(len(alignment.links)), Config(select=CODES), Analysis(alignment)
    )
    assert [(f.code, f.message) for f in findings] == []


def test_kidal_like_errors_are_caught():
    rows = [
        ("Jeudi 9 mars au matin, l'armée a repris sa progression vers Anéfis.",
         "On the morning of Tuesday, March 9, the army resumed its advance towards Anefis."),
        ("Les combats ont eu lieu à une vingtaine de kilomètres de la ville, vers 7 h.",
         "The fighting took place around 20 miles from the town, around 7 p.m."),
    ]  # fmt: skip
    codes = sorted(f.code for f in findings_for(rows, select=CODES))
    assert codes == ["TQ302", "TQ302", "TQ303"]


# ----------------------------------------------------------------- a number displaced by the alignment


def _one_paragraph(src: list[str], tgt: list[str]):
    """Two sentences per side in one paragraph each, linked 1-1 in order (as an aligner may do)."""
    from helpers import FR_EN

    from tqcheck.datatypes import Alignment, Document, DocumentPair, Link, Paragraph, Segmentation, Sentence

    def side(texts: list[str], lang: str) -> tuple[Document, tuple[Sentence, ...]]:
        text = " ".join(texts)
        sentences, offset = [], 0
        for k, t in enumerate(texts):
            sentences.append(Sentence(k, offset, offset + len(t), t, 0))
            offset += len(t) + 1
        return Document(text, lang, (Paragraph(0, 0, len(text)),)), tuple(sentences)

    sdoc, ssents = side(src, "fr")
    tdoc, tsents = side(tgt, "en")
    links = tuple(Link(source=(k,), target=(k,)) for k in range(len(src)))
    return Alignment(
        DocumentPair(sdoc, tdoc, FR_EN),
        Segmentation(sdoc, ssents),
        Segmentation(tdoc, tsents),
        links,
        "manual",
    )


def _tq301(alignment) -> list[str]:
    found = run_rules(
        alignment, Scores.empty(len(alignment.links)), Config(select=("TQ301",)), Analysis(alignment)
    )
    return [f.message for f in found if f.code == "TQ301"]


def test_a_number_in_the_neighbouring_link_is_carried_over():
    alignment = _one_paragraph(
        ["Il y a cinq ans, la fabrique a fermé.", "Ses ouvriers ont retrouvé un emploi."],
        ["The factory closed.", "Five years ago its workers found new jobs."],
    )
    assert _tq301(alignment) == []


def test_a_number_both_neighbours_account_for_is_still_missing():
    alignment = _one_paragraph(
        ["Il y a cinq ans, la fabrique a fermé.", "Cinq ouvriers ont retrouvé un emploi."],
        ["The factory closed.", "Five workers found new jobs."],
    )
    assert _tq301(alignment) == ["'cinq' in the source has no matching number in the translation"]


def test_each_french_number_format_is_still_found_behind_its_pre_check():
    from tqcheck.rules.numbers.source_number_format import _french_formats

    text = "Prices rose 12 % to 1 234 euros, 12,5 more than the 3 millions planned."
    found = [text[a:b] for a, b, _, _ in _french_formats(text)]
    assert found == ["12 %", "1 234", "12,5", "millions"]
    assert _french_formats("Prices rose 12% to 1,234 euros.") == ()
