"""Revision diff library: word diff, row matching (sentences, units), fixed/introduced/kept, scores, the gate."""

from __future__ import annotations

import pytest

from tqcheck.reporting.revision import render_diff_terminal, scores_change
from tqcheck.reporting.worddiff import changed, tokens, word_diff
from tqcheck.revising import match_findings, revision_diff, rows_by_sentences, rows_by_units, summary_line


def sentences(texts, paragraphs=None):
    out, offset = [], 0
    for i, t in enumerate(texts):
        out.append({"index": i, "text": t, "paragraph": paragraphs[i] if paragraphs else i, "start": offset,
                    "end": offset + len(t)})
        offset += len(t) + 1
    return out


def doc(src, tgt, links, findings=(), scores=None, fmt="text", src_par=None, tgt_par=None):
    """A minimal tqcheck-report/1 dict: ``links`` are (source indices, target indices)."""
    alignment = [{"index": i, "source": list(s), "target": list(t), "kind": f"{len(s)}-{len(t)}", "cost": 0.0}
                 for i, (s, t) in enumerate(links)]
    return {
        "schema": "tqcheck-report/1",
        "pair": {"source_lang": "fr", "target_lang": "en"},
        "inputs": {"source": "s.fr", "target": "t.en", "format": fmt},
        "sentences": {"source": sentences(src, src_par), "target": sentences(tgt, tgt_par)},
        "alignment": alignment,
        "scores": scores or [{} for _ in links],
        "findings": list(findings),
        "notes": [],
    }


def finding(code, link, severity="error", src=None, tgt=None):
    def sp(text):
        return None if text is None else {"sentence": 0, "start": 0, "end": len(text), "text": text}

    return {"code": code, "name": code.lower(), "severity": severity, "message": f"{code} message", "link": link,
            "source": sp(src), "target": sp(tgt), "related": [], "suggestion": None, "details": {}}


# --------------------------------------------------------------------------- word diff


def test_word_diff_marks_replaced_words_and_rebuilds_the_new_text():
    old, new = "She claims to have notably destroyed a vehicle.", "It claims to have destroyed an explosives-laden vehicle."
    pieces = word_diff(old, new)
    assert pieces[0].op == "delete" and pieces[0].text == "She "
    assert pieces[1].op == "insert" and pieces[1].text == "It "
    assert "".join(p.text for p in pieces if p.op != "delete") == new
    assert [p.text.strip() for p in pieces if p.op == "delete"] == ["She", "notably", "a"]
    assert changed(pieces)


def test_word_diff_ignores_blank_changes_and_keeps_every_character():
    assert not changed(word_diff("The toll  remains.", "The toll remains."))
    text = "Kidal, «the town» – 30 km\tfrom Gao's base."
    assert "".join(tokens(text)) == text
    assert word_diff("", "") == [] and [p.op for p in word_diff("", "New.")] == ["insert"]


# --------------------------------------------------------------------------- rows


def test_rows_group_source_sentences_either_alignment_links_together():
    src = ["A.", "B.", "C."]
    old = doc(src, ["a.", "bc."], [((0,), (0,)), ((1, 2), (1,))])
    new = doc(src, ["a.", "b.", "c."], [((0,), (0,)), ((1,), (1,)), ((2,), (2,))])
    rows = rows_by_sentences(old, new)
    assert [(r.old, r.new) for r in rows] == [([0], [0]), ([1], [1, 2])]
    assert rows[1].label == "source sentences 2-3"


def test_added_sentences_get_a_row_at_their_place():
    src = ["A.", "B."]
    old = doc(src, ["a.", "extra.", "b."], [((0,), (0,)), ((), (1,)), ((1,), (2,))])
    new = doc(src, ["a.", "b."], [((0,), (0,)), ((1,), (1,))])
    diff = revision_diff(old, new)
    assert [r["status"] for r in diff["rows"]] == ["unchanged", "removed", "unchanged"]
    assert diff["rows"][1]["old"]["text"] == "extra." and diff["rows"][1]["label"] == "added text"
    back = revision_diff(new, old)
    assert [r["status"] for r in back["rows"]] == ["unchanged", "added", "unchanged"]


def test_units_match_by_id_and_keep_the_new_order():
    old = doc(["Un.", "Deux.", "Trois."], ["One.", "Two.", "Three."], [((i,), (i,)) for i in range(3)], fmt="xliff")
    new = doc(["Deux.", "Un.", "Quatre."], ["Two!", "One.", "Four."], [((i,), (i,)) for i in range(3)], fmt="xliff")
    rows = rows_by_units(old, new, ["u1", "u2", "u3"], ["u2", "u1", "u4"])
    assert [(r.key, r.old, r.new) for r in rows] == [
        ("id:u2", [1], [0]), ("id:u1", [0], [1]), ("id:u4", [], [2]), ("id:u3", [2], []),
    ]
    diff = revision_diff(old, new, old_ids=["u1", "u2", "u3"], new_ids=["u2", "u1", "u4"])
    assert diff["match"] == "unit id"
    assert [r["status"] for r in diff["rows"]] == ["changed", "unchanged", "added", "removed"]
    assert diff["rows"][0]["label"] == "unit u2"


def test_units_match_by_source_text_occurrence_without_ids():
    old = doc(["Oui.", "Non.", "Oui."], ["Yes.", "No.", "Yes."], [((i,), (i,)) for i in range(3)], fmt="tsv")
    new = doc(["Oui.", "Oui.", "Non."], ["Yes.", "Yeah.", "No."], [((i,), (i,)) for i in range(3)], fmt="tsv")
    diff = revision_diff(old, new)
    assert diff["match"] == "source text"
    pairs = [(r["old"]["text"], r["new"]["text"]) for r in diff["rows"]]
    assert pairs == [("Yes.", "Yes."), ("Yes.", "Yeah."), ("No.", "No.")]


# --------------------------------------------------------------------------- findings


def test_findings_fixed_introduced_kept():
    old = [
        finding("TQ201", 0, src="Elle", tgt="She"),
        finding("TQ301", 0, src="30", tgt="13"),
        finding("TQ202", 0, src="indicateurs", tgt="indicators"),
        finding("TQ102", 0, tgt="Despite the uncertainty, it is clear that the town is tense."),
    ]
    new = [
        finding("TQ301", 0, src="30", tgt="31"),  # same source number, still wrong: kept
        finding("TQ202", 0, src="bilan", tgt="results"),  # another false friend: introduced, not "kept"
        finding("TQ102", 0, tgt="Despite the uncertainty, it is clear the town is tense."),
    ]
    fixed, introduced, kept = match_findings(old, new)
    assert [f["code"] for f in fixed] == ["TQ201", "TQ202"]
    assert [f["target"]["text"] for f in introduced] == ["results"]
    assert sorted(n["code"] for _, n in kept) == ["TQ102", "TQ301"]


def test_exit_gate_counts_only_introduced_findings_at_or_above_fail_on():
    src = ["L'armée a dit.", "Le bilan."]
    old = doc(src, ["She said.", "The toll."], [((0,), (0,)), ((1,), (1,))], [finding("TQ201", 0, src="elle", tgt="She")])
    new = doc(src, ["It said.", "The results."], [((0,), (0,)), ((1,), (1,))],
              [finding("TQ202", 1, "warning", src="bilan", tgt="results")])
    assert revision_diff(old, new, fail_on="error")["summary"]["failing"] == 0
    diff = revision_diff(old, new, fail_on="warning")
    assert diff["summary"]["failing"] == 1
    assert diff["summary"]["by_rule"] == {"TQ201": {"fixed": 1, "introduced": 0, "kept": 0},
                                          "TQ202": {"fixed": 0, "introduced": 1, "kept": 0}}
    assert summary_line(diff) == ("Revision: 1 fixed, 1 introduced, 0 kept in 2 rows (2 changed); "
                                  "1 introduced at or above --fail-on warning.")
    assert revision_diff(old, new, fail_on="never")["summary"]["failing"] == 0
    text = render_diff_terminal(diff)
    assert "[-She-] {+It+} said." in text and "fixed TQ201" in text and "introduced TQ202" in text


def test_document_level_findings_are_compared_too():
    old = doc(["A."], ["a."], [((0,), (0,))], [finding("TQ402", None, tgt=None)])
    new = doc(["A."], ["a."], [((0,), (0,))])
    diff = revision_diff(old, new)
    assert [f["code"] for f in diff["document"]["fixed"]] == ["TQ402"] and diff["summary"]["fixed"] == 1


# --------------------------------------------------------------------------- scores


def test_score_changes_per_row():
    src = ["A.", "B."]
    old = doc(src, ["a.", "b."], [((0,), (0,)), ((1,), (1,))],
              scores=[{"similarity": 0.5, "chrf": 40.0, "logprob_mean": -2.0}, {"similarity": 0.9}])
    new = doc(src, ["a!", "b."], [((0,), (0,)), ((1,), (1,))],
              scores=[{"similarity": 0.75, "chrf": 55.5, "logprob_mean": -1.5}, {"similarity": None}])
    diff = revision_diff(old, new)
    first = diff["rows"][0]["scores"]
    assert first["similarity"] == {"old": 0.5, "new": 0.75, "delta": 0.25}
    assert first["chrf"]["delta"] == pytest.approx(15.5) and first["logprob_mean"]["delta"] == pytest.approx(0.5)
    assert scores_change(first) == "sim 0.50 → 0.75 (+0.25)  chrF 40.0 → 55.5 (+15.5)  log p -2.00 → -1.50 (+0.50)"
    assert diff["rows"][1]["scores"]["similarity"] == {"old": 0.9, "new": None, "delta": None}
    assert scores_change(diff["rows"][1]["scores"]) == "sim 0.90 → –"
