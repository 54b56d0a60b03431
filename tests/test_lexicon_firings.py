"""Per-entry firing counts of the lexicon (the report that finds misfiring entries)."""

from __future__ import annotations

from tqcheck.api import check_texts
from tqcheck.config import Config
from tqcheck.eval.lexicon_firings import firings_markdown, tally_lexicon

CONFIG = Config(select=("TQ202", "TQ203"), similarity=False, adjudicate="off")


def test_each_entry_is_counted_with_its_examples_and_infos_apart():
    reports = [
        check_texts(
            "Le scrutin s'est déroulé dans le calme.\nLe patron de l'usine a promis de garder les emplois.",
            "The scrutiny took place calmly.\nThe patron of the factory promised to keep the jobs.",
            CONFIG,
        ),
        check_texts(
            "Le scrutin a été reporté.\nIl demande une réponse.",
            "The scrutiny was postponed.\nHe demands an answer.",
            CONFIG,
        ),
    ]
    firings = tally_lexicon(reports)
    assert firings.segments == 4
    assert firings.counted["TQ202 scrutin"] == 2
    assert firings.counted["TQ202 patron"] == 1
    assert firings.info["TQ202 demander"] == 1 and firings.counted["TQ202 demander"] == 0
    assert firings.per_100("TQ202 scrutin") == 50.0
    table = firings_markdown(firings)
    assert table.splitlines()[2].startswith("| TQ202 scrutin | 2 | 50.000 | 0 | scrutin → scrutiny")


def test_a_clean_corpus_gives_an_empty_table():
    report = check_texts("Le scrutin s'est déroulé dans le calme.", "The ballot went off calmly.", CONFIG)
    firings = tally_lexicon([report])
    assert not firings.counted and firings.segments == 1
    assert firings_markdown(firings).count("\n") == 2


def test_records_of_the_real_text_evaluation_are_tallied_without_quoting_text():
    from tqcheck.eval.lexicon_firings import tally_records

    records = [
        {"code": "TQ202", "severity": "error", "entry": "indicateur"},
        {"code": "TQ202", "severity": "error", "entry": "indicateur"},
        {"code": "TQ202", "severity": "info", "entry": "demander"},
        {"code": "TQ301", "severity": "error", "entry": None},
    ]
    firings = tally_records(records, segments=200)
    assert firings.counted == {"TQ202 indicateur": 2}
    assert firings.info == {"TQ202 demander": 1}
    assert firings.per_100("TQ202 indicateur") == 1.0
    assert all(not shown for shown in firings.examples.values())


def test_the_wmt_news_section_lists_lexicon_entries():
    from tqcheck.eval.realtext_figures import markdown

    result = {
        "available": True, "mode": "quick", "documents": 1, "documents_in_set": 1, "segments": 100, "seconds": 1.0,
        "jobs": 1, "findings": 2, "per_100_segments": 2.0, "rules": {}, "families": {}, "injections": {},
        "lexicon": {"TQ202 indicateur": {"findings": 2, "info": 0, "per_100_segments": 2.0}},
    }
    assert "| TQ202 indicateur | 2 | 2.000 | 0 |" in markdown(result)
