"""bench/same_findings.py: the digest that proves a refactoring kept every finding and link."""

from __future__ import annotations

import json
from pathlib import Path

from bench.same_findings import canonical, differences, digest_report, main, wmt_documents
from tqcheck.api import check_texts
from tqcheck.config import Config

FR = "Le conseil a voté le budget. Il compte 45 membres."
EN = "The council passed the budget. It has 54 members."


def _digest() -> dict:
    return {"anchors:doc": digest_report(check_texts(FR, EN, Config(similarity=False, cache=False)))}


def test_digest_holds_links_and_findings():
    d = _digest()["anchors:doc"]
    assert d["method"] == "gale-church+anchors"
    assert d["links"] == [[[0], [0], d["links"][0][2]], [[1], [1], d["links"][1][2]]]
    assert any(f["code"] == "TQ301" and f["target"][3] == "54" for f in d["findings"])


def test_differences_name_what_changed(tmp_path: Path):
    before = _digest()
    after = json.loads(canonical(before))
    assert differences(before, after) == []
    after["anchors:doc"]["links"][0][2] += 0.0001
    assert len(differences(before, after)) == 1
    assert "anchors:doc: links differ" in differences(before, after)[0]
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(canonical(before), encoding="utf-8")
    b.write_text(canonical(after), encoding="utf-8")
    assert main(["compare", str(a), str(a)]) == 0
    assert main(["compare", str(a), str(b)]) == 1


def test_wmt_sample_cuts_consecutive_lines(tmp_path: Path):
    """Made-up lines stand in for the shared files: 25 lines a document, one paragraph a line."""
    (tmp_path / "wmt-news").mkdir()
    for name in ("newstest2009", "newstest2012"):
        for lang in ("fr", "en"):
            lines = [f"{lang} {name} phrase {k}." for k in range(1200)]
            (tmp_path / "wmt-news" / f"{name}.{lang}").write_text("\n".join(lines), encoding="utf-8")
    docs = wmt_documents(tmp_path)
    assert len(docs) == 40
    name, fr, en = docs[1]
    assert name == "wmt-news/newstest2009:26-50"
    assert fr.split("\n")[0] == "fr newstest2009 phrase 25." and len(en.split("\n")) == 25
