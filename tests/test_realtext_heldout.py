"""The held-out sets of the real-text evaluation: read as documents, misaligned rows left out, counted per rule.

The sets themselves (ntrex, flores200, tico19) stay outside the repository;
these tests write small ones of their own, in each set's file layout.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tqcheck.config import Config
from tqcheck.eval import realtext_figures
from tqcheck.eval.realtext_heldout import (
    documents,
    load_heldout,
    markdown_heldout,
    misaligned_rows,
    read_rows,
)

FAST = Config(similarity=False)
FR = [
    "Le port de Brest accueille un nouveau ferry",
    "Le navire, long de 180 mètres, peut transporter 600 passagers.",
    "Il assurera trois liaisons par semaine vers Plymouth à partir de juin.",
    "La compagnie a investi 90 millions d'euros dans sa construction.",
]
EN = [
    "Brest harbour welcomes a new ferry",
    "The 180-metre ship can carry 600 passengers.",
    "It will run three crossings a week to Plymouth from June.",
    "The company invested 90 million euros in building it.",
]


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    """A shared data folder: an (empty-ish) wmt-news, an ntrex-like TSV and tico19-like line files."""
    root = tmp_path / "data"
    (root / "wmt-news").mkdir(parents=True)
    (root / "ntrex").mkdir()
    rows = ["docid\tseg_idx\tfr\ten"]
    rows += [f"port.1\t{k + 1}\t{f}\t{e}" for k, (f, e) in enumerate(zip(FR, EN, strict=True))]
    # a second document whose translation changes a number
    rows += ["port.2\t1\t" + FR[1] + "\tThe 180-metre ship can carry 900 passengers."]
    (root / "ntrex" / "ntrex.fr-en.docs.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (root / "tico19").mkdir()
    (root / "tico19" / "tico19-test.fr").write_text("\n".join(FR) + "\n", encoding="utf-8")
    (root / "tico19" / "tico19-test.en").write_text("\n".join(EN) + "\n", encoding="utf-8")
    info = [f"Doc_{1 + k // 2}:{k + 1}\thttp://example.org\tpublic\t1" for k in range(4)]
    (root / "tico19" / "tico19-test.en.info").write_text("\n".join(info) + "\n", encoding="utf-8")
    return root


def test_rows_are_grouped_by_document_and_named_by_their_rows(shared):
    rows = read_rows(shared / "tico19", "tico19")
    assert [r[0] for r in rows] == ["Doc_1", "Doc_1", "Doc_2", "Doc_2"]
    docs = documents("tico19", rows)
    assert [d.name for d in docs] == ["tico19:Doc_1:1-2", "tico19:Doc_2:3-4"]
    assert docs[1].source_lines == tuple(FR[2:]) and docs[1].target_lines == tuple(EN[2:])
    ntrex = documents("ntrex", read_rows(shared / "ntrex", "ntrex"))
    assert [d.name for d in ntrex] == ["ntrex:port.1:1-4", "ntrex:port.2:5-5"]


def test_dropped_rows_leave_their_documents():
    rows = [("a", f"fr {k}", f"en {k}") for k in range(4)]
    assert [d.name for d in documents("s", rows, dropped={1, 2})] == ["s:a:1-4"]
    assert documents("s", rows, dropped={1, 2})[0].source_lines == ("fr 0", "fr 3")


def test_only_a_stretch_of_dissimilar_rows_is_misaligned():
    low, high = 0.1, 0.8
    loose = [high] * 5 + [low, low, high, low] + [high] * 5
    assert misaligned_rows(loose) == set()  # free translations among aligned rows, not a slip
    stretch = [low] * 16
    stretch[6] = 0.5  # slipped rows that share their neighbour's topic
    stretch[8] = 0.45
    slipped = [high] * 8 + stretch + [high] * 8
    assert misaligned_rows(slipped) == set(range(8, 24))  # the whole stretch, its topical rows too
    assert misaligned_rows([low] * 4) == {0, 1, 2, 3}  # a short set is one window
    assert misaligned_rows([]) == set()


def test_misaligned_rows_are_found_by_the_embedding_and_counted(shared):
    def embed(texts: list[str]) -> np.ndarray:
        # every French row but the first says something its English row does not
        return np.array([[0.0, 1.0] if t in FR[1:] else [1.0, 0.0] for t in texts], dtype=np.float32)

    found = load_heldout(shared / "wmt-news", embed)
    assert set(found) == {"ntrex", "tico19"}  # flores200 is not there
    docs, dropped = found["tico19"]
    assert dropped == 4 and docs == []  # one aligned row of four: the window's median is low
    assert found["ntrex"][1] == 0  # a TSV row holds both its sides: never searched
    assert load_heldout(shared / "wmt-news", lambda texts: np.ones((len(texts), 1)))["tico19"][1] == 0
    assert load_heldout(shared / "wmt-news", None)["ntrex"][1] == 0
    assert load_heldout(None, None) == {}


def test_the_real_text_run_counts_heldout_findings_per_rule(shared, tmp_path, monkeypatch):
    """The wmt-news run also checks the held-out sets: raw findings per 100 segments, per set and rule."""
    news = shared / "wmt-news"
    (news / "t.fr").write_text("\n".join(FR) + "\n", encoding="utf-8")
    (news / "t.en").write_text("\n".join(EN) + "\n", encoding="utf-8")
    # no encoder in this test: nothing is dropped
    monkeypatch.setattr(realtext_figures, "load_heldout", lambda folder, embed: load_heldout(folder, None))
    result = realtext_figures.evaluate_real_text(
        FAST, mode="full", kinds=(), jobs=1, folder=news, examples_out=tmp_path / "ex.md"
    )
    assert result["segments"] == 4 and result["findings"] == 0  # wmt-news alone
    ntrex = result["heldout"]["ntrex"]
    assert ntrex["documents"] == 2 and ntrex["segments"] == 5 and ntrex["findings"] == 1
    assert ntrex["rules"]["TQ301"] == {"findings": 1, "per_100_segments": 20.0}
    assert result["heldout"]["tico19"]["findings"] == 0
    text = realtext_figures.markdown(result)
    assert "| ntrex | 2 | 5 | 1 | 20.000 | TQ301 20.00 |" in text
    assert "| tico19 | 2 | 4 | 0 | 0.000 | – |" in text
    assert '"document": "ntrex:port.2:5-5"' in (tmp_path / "heldout-examples.jsonl").read_text(encoding="utf-8")


def test_without_heldout_sets_the_section_has_no_heldout_lines():
    assert markdown_heldout({}) == []
    line = markdown_heldout(
        {"tico19": {"documents": 3, "segments": 30, "rows_dropped_misaligned": 12, "findings": 0,
                    "per_100_segments": 0.0, "rules": {}}}
    )[-1]
    assert line == "| tico19 (12 misaligned rows left out) | 3 | 30 | 0 | 0.000 | – |"
