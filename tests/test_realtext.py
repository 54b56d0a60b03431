"""The real-translations section of the evaluation: documents, counting, injection, the CLI path.

The sets it measures on (wmt-news) stay outside the repository; these tests
build a small line-aligned set of their own in a temporary folder.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tqcheck.config import Config
from tqcheck.eval import realtext_figures
from tqcheck.eval.realtext import (
    RealDocument,
    Task,
    find_wmt_news,
    load_documents,
    run_document,
    spread,
)
from tqcheck.eval.realtext_figures import markdown, tabulate

FR = [
    "La mairie de Lyon publie son budget",
    "Le conseil municipal a voté mardi un budget de 12 millions d'euros.",
    "Il financera 40 logements et une école dans le quartier de Gerland.",
    "Selon le maire, Pierre Martin, les travaux commenceront en mars 2024.",
    "L'opposition juge ce plan insuffisant et demande un nouveau vote.",
    "Les habitants pourront donner leur avis lors d'une réunion publique.",
    "La région avait déjà promis 3 millions d'euros pour la rénovation des routes.",
]
EN = [
    "Lyon city hall publishes its budget",
    "The city council voted on Tuesday for a budget of 12 million euros.",
    "It will fund 40 homes and a school in the Gerland district.",
    "According to the mayor, Pierre Martin, the work will begin in March 2024.",
    "The opposition considers the plan insufficient and is calling for a new vote.",
    "Residents will be able to give their views at a public meeting.",
    "The region had already promised 3 million euros for the renovation of roads.",
]
FAST = Config(similarity=False)


@pytest.fixture
def news(tmp_path: Path) -> Path:
    folder = tmp_path / "wmt-news"
    folder.mkdir()
    (folder / "test2024.fr").write_text("\n".join(FR * 2) + "\n", encoding="utf-8")
    (folder / "test2024.en").write_text("\n".join(EN * 2) + "\n", encoding="utf-8")
    (folder / "lonely.fr").write_text("Une ligne sans traduction.\n", encoding="utf-8")
    return folder


def test_documents_are_consecutive_lines_of_each_file(news):
    docs = load_documents(news, lines_per_document=5)
    assert [d.name for d in docs] == ["test2024:1-5", "test2024:6-10", "test2024:11-14"]
    assert docs[0].source_lines == tuple(FR[:5]) and docs[1].target_lines == tuple(EN[5:] + EN[:3])
    assert docs[0].source_text == "\n".join(FR[:5])


def test_gold_links_are_the_line_pairs(news):
    doc = load_documents(news, lines_per_document=5)[0]
    gold = doc.gold()
    assert len(gold.links) == 5 and all(link.kind == "1-1" for link in gold.links)
    (s0, s1), (t0, t1) = gold.links[3].source[0], gold.links[3].target[0]
    assert gold.source_text[s0:s1] == FR[3] and gold.target_text[t0:t1] == EN[3]


def test_spread_is_a_fixed_even_sample():
    assert spread(list(range(10)), 3) == [0, 3, 6]
    assert spread(list(range(3)), 5) == [0, 1, 2]


def test_the_set_is_found_by_environment_or_beside_the_checkout(news, tmp_path, monkeypatch):
    monkeypatch.setenv("TQCHECK_WMT_NEWS", str(news))
    assert find_wmt_news() == news
    monkeypatch.setenv("TQCHECK_WMT_NEWS", str(tmp_path / "missing"))
    assert find_wmt_news() is None
    monkeypatch.delenv("TQCHECK_WMT_NEWS")
    checkout = tmp_path / "work" / "repo"
    checkout.mkdir(parents=True)
    (tmp_path / "work" / "shared" / "data").mkdir(parents=True)
    (tmp_path / "work" / "shared" / "data" / "wmt-news").symlink_to(news)
    assert find_wmt_news(checkout) == tmp_path / "work" / "shared" / "data" / "wmt-news"


def test_without_the_set_the_section_says_so():
    text = markdown({"available": False, "mode": "quick"})
    assert "Skipped" in text and "wmt-news" in text


def test_a_clean_document_raises_nothing_and_an_injected_number_is_found():
    doc = RealDocument("t:1-7", tuple(FR), tuple(EN))
    result = run_document(Task(doc, ("number", "entity"), FAST))
    assert result.segments == 7 and result.findings == []
    assert result.injected["number"]["families"]["number"][0] == 1  # one true positive
    figures = tabulate([result], mode="quick", total_documents=1, seconds=1.0, jobs=1)
    assert figures["per_100_segments"] == 0.0
    assert figures["families"]["number"]["recall"] == 1.0
    assert "| number |" in markdown(figures)


def test_findings_are_counted_per_rule_per_100_segments():
    doc = RealDocument("t:1-7", tuple(FR), tuple(EN[:1]) + ("The city council voted on Tuesday for a budget of 15 million euros.",) + tuple(EN[2:]))
    result = run_document(Task(doc, (), FAST))
    assert [f["code"] for f in result.findings] == ["TQ301"]
    assert result.findings[0]["line"] == 1 and len(result.findings[0]["key"]) == 16
    figures = tabulate([result], mode="quick", total_documents=1, seconds=1.0, jobs=1)
    assert figures["rules"]["TQ301"]["findings"] == 1
    assert figures["rules"]["TQ301"]["per_100_segments"] == pytest.approx(100 / 7, abs=0.001)
    assert "| TQ301 | 1 |" in markdown(figures)


def test_judgements_are_read_by_key(tmp_path, monkeypatch):
    doc = RealDocument("t:1-7", tuple(FR), tuple(EN[:1]) + ("The city council voted on Tuesday for a budget of 15 million euros.",) + tuple(EN[2:]))
    result = run_document(Task(doc, (), FAST))
    judged = tmp_path / "judged.json"
    judged.write_text(json.dumps({"judged": {result.findings[0]["key"]: "real"}}), encoding="utf-8")
    monkeypatch.setattr(realtext_figures, "JUDGEMENTS", judged)
    figures = tabulate([result], mode="quick", total_documents=1, seconds=1.0, jobs=1)
    assert figures["rules"]["TQ301"]["judged_real"] == 1 and figures["rules"]["TQ301"]["judged_false"] == 0
    assert "| 1 / 1 |" in markdown(figures)


def test_eval_command_real_text_section(news, tmp_path, monkeypatch):
    """`tqcheck eval --real-text quick` end to end on a small set of our own, one worker."""
    from typer.testing import CliRunner

    from tqcheck.cli import app, register_optional_commands

    register_optional_commands()
    monkeypatch.setenv("TQCHECK_WMT_NEWS", str(news))
    monkeypatch.chdir(tmp_path)
    out, md = tmp_path / "eval.json", tmp_path / "eval.md"
    corpus = Path(__file__).parent.parent / "corpora" / "kidal"
    args = ["eval", str(corpus), "--kinds", "number", "--seeds", "1", "--no-similarity", "-o", str(out), "--markdown", str(md)]
    result = CliRunner().invoke(app, [*args, "--real-text", "quick", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    real = json.loads(out.read_text(encoding="utf-8"))["real_text"]
    assert real["available"] and real["segments"] == 14 and real["documents"] == 1
    assert real["families"]["number"]["tp"] == 1
    assert "### Real translations (wmt-news)" in md.read_text(encoding="utf-8")
    assert (tmp_path / "realtext-examples.md").read_text(encoding="utf-8").startswith("# wmt-news findings for review")

    bad = CliRunner().invoke(app, [*args, "--real-text", "sometimes"])
    assert bad.exit_code == 2 and "--real-text" in bad.output


def test_shipped_judgements_hold_hashes_only():
    """Reviewed wmt-news findings are stored as keys: no text of the set is in the repository."""
    data = json.loads(realtext_figures.JUDGEMENTS.read_text(encoding="utf-8"))
    assert data["judged"], "the review of the quick sample is shipped"
    for key, verdict in data["judged"].items():
        assert len(key) == 16 and all(c in "0123456789abcdef" for c in key)
        assert verdict in ("real", "false")


def test_rare_kinds_are_injected_into_every_document(news, monkeypatch, tmp_path):
    """Pronoun places are rare: the kind goes into documents outside the injected sample too."""
    monkeypatch.setattr(realtext_figures, "QUICK_INJECTED", 0)  # no document gets the other kinds
    result = realtext_figures.evaluate_real_text(
        FAST, mode="quick", kinds=("number", "pronoun"), jobs=1, folder=news, examples_out=tmp_path / "ex.md"
    )
    assert result["injected_documents"] == 0
    assert set(result["injections"]) == {"pronoun"}
    assert result["injections"]["pronoun"]["cases"] == 1  # «Il financera…» / "It will fund…"


def test_the_judged_line_gives_false_alarms_per_100_and_a_bound_for_unreviewed_ones():
    from tqcheck.eval.realtext_figures import _judged_line

    result = {
        "segments": 1000,
        "findings": 12,
        "rules": {"TQ301": {"judged_real": 6, "judged_false": 2}, "TQ304": {"judged_real": 0, "judged_false": 1}},
    }
    line = _judged_line(result)
    assert "9 of 12 findings, 6 real translation errors and 3 false alarms" in line
    assert "**0.300 false alarms per 100 segments**" in line
    assert "at most 0.600 if every unreviewed one were false" in line
    result["findings"] = 9
    assert "at most" not in _judged_line(result)
