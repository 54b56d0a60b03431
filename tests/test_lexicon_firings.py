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
