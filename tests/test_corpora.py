"""Validate the gold files under corpora/ so that evaluations never run on a broken gold.

The gold names sentences by their exact text rather than by offsets, so it does
not depend on tqcheck's segmenter; the price is that a typo in a gold sentence
would silently drop it. The key check below therefore walks each document and
requires the aligned sentences to tile its text, in order, with nothing but
whitespace between them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tqcheck.eval.gold import FAMILY_OF_CODE, annotation_family

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
GOLD_FILES = sorted(CORPORA.glob("*/gold.json"))

CODE_RE = re.compile(r"^TQ\d\d\d$")
FAMILIES = {annotation_family(code) for code in FAMILY_OF_CODE}
SEVERITIES = {"info", "warning", "error"}
LICENCES = {"CC0-1.0", "CC-BY-SA-4.0"}
MIN_CORPORA = 21
# A sentence ends with final punctuation (and any closing quote), or else ends its line (a title, a heading).
FINAL_PUNCT = re.compile(r"[.!?…][\"»”’)\u00a0]*$")
MIN_SENTENCES, MAX_SENTENCES = 5, 30


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _read(folder: Path, name: str) -> str:
    path = folder / name
    assert path.is_file(), f"{folder.name}: {name} named in gold.json does not exist"
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:  # pragma: no cover - the assertion message is the point
        raise AssertionError(f"{folder.name}/{name} is not UTF-8: {exc}") from exc


def tiling_error(text: str, sentences: list[str]) -> str | None:
    """Why ``sentences`` do not tile ``text`` in order with only whitespace between, or None."""
    cursor = 0
    for k, sentence in enumerate(sentences):
        if not sentence or sentence != sentence.strip():
            return f"sentence {k} is empty or has surrounding whitespace: {sentence!r}"
        at = text.find(sentence, cursor)
        if at < 0:
            where = "earlier in the text (out of order or repeated)" if sentence in text else "nowhere"
            return f"sentence {k} not found after offset {cursor} (found {where}): {sentence[:80]!r}"
        gap = text[cursor:at]
        if gap.strip():
            return f"text left out before sentence {k}: {gap.strip()[:80]!r}"
        cursor = at + len(sentence)
        if not FINAL_PUNCT.search(sentence) and text[cursor:cursor + 1] not in ("", "\n"):
            return f"sentence {k} has no final punctuation but does not end its line: {sentence[-60:]!r}"
    rest = text[cursor:]
    if rest.strip():
        return f"text left out after the last sentence: {rest.strip()[:80]!r}"
    return None


def test_tiling_check_catches_gaps_order_and_typos():
    text = "Un. Deux.\nTrois."
    assert tiling_error(text, ["Un.", "Deux.", "Trois."]) is None
    assert tiling_error(text, ["Un.", "Trois."]) is not None
    assert tiling_error(text, ["Deux.", "Un.", "Trois."]) is not None
    assert tiling_error(text, ["Un.", "Deux", "Trois."]) is not None
    assert tiling_error(text, ["Un.", "Deux.", "Trois.", "Trois."]) is not None
    assert tiling_error(text, ["Un. Deux.", "Trois."]) is None
    assert tiling_error("Titre\nUn. Deux.", ["Titre", "Un.", "Deux."]) is None
    assert tiling_error("Sous-titre sans point Un. Deux.", ["Sous-titre sans point", "Un.", "Deux."]) is not None


def test_enough_corpora():
    assert len(GOLD_FILES) >= MIN_CORPORA, f"only {len(GOLD_FILES)} corpora with gold.json"
    assert (CORPORA / "README.md").is_file()
    assert (CORPORA / "LICENSES").is_dir()


def _translations(path: Path):
    gold = _load(path)
    for name, spec in gold["translations"].items():
        yield gold, name, spec


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.parent.name)
def test_gold_header(path: Path):
    gold = _load(path)
    assert gold.get("format") == "tqcheck-gold/1"
    assert gold.get("pair") == "fr-en"
    assert isinstance(gold.get("origin"), str) and gold["origin"]
    assert gold.get("licence") in LICENCES
    assert isinstance(gold.get("translations"), dict) and gold["translations"]
    for name, spec in gold["translations"].items():
        assert name.endswith(".txt") and name != gold["source"]
        assert set(spec) >= {"description", "alignment", "findings"}
        if name.endswith(".fixed.en.txt"):
            assert spec["findings"] == [], f"{name} is a corrected translation and must have no findings"


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.parent.name)
def test_alignment_tiles_both_documents(path: Path):
    gold = _load(path)
    folder = path.parent
    source_text = _read(folder, gold["source"])
    for name, spec in gold["translations"].items():
        target_text = _read(folder, name)
        links = spec["alignment"]
        assert links, f"{name}: empty alignment"
        for link in links:
            assert set(link) >= {"source", "target"}
            assert link["source"] or link["target"], f"{name}: link with two empty sides"
        sources = [s for link in links for s in link["source"]]
        targets = [t for link in links for t in link["target"]]
        err = tiling_error(source_text, sources)
        assert err is None, f"{folder.name}/{gold['source']} (alignment of {name}): {err}"
        err = tiling_error(target_text, targets)
        assert err is None, f"{folder.name}/{name}: {err}"
        if folder.name != "kidal":
            assert MIN_SENTENCES <= len(sources) <= MAX_SENTENCES, f"{len(sources)} source sentences"


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.parent.name)
def test_findings_point_into_their_sentences(path: Path):
    folder = path.parent
    for gold, name, spec in _translations(path):
        texts = {"source": _read(folder, gold["source"]), "target": _read(folder, name)}
        link_of: dict[tuple[str, str], int] = {}
        for k, link in enumerate(spec["alignment"]):
            for s in link["source"]:
                link_of[("source", s)] = k
            for t in link["target"]:
                link_of[("target", t)] = k
        for f in spec["findings"]:
            where = f"{name} {f.get('code')}"
            assert CODE_RE.match(f["code"]), where
            assert f["family"] in FAMILIES, where
            if f["code"] in FAMILY_OF_CODE:
                assert f["family"] == annotation_family(f["code"]), where
            assert f["severity"] in SEVERITIES, where
            assert f.get("target") or f.get("source"), f"{where}: no span on either side"
            links = set()
            for side in ("target", "source"):
                span = f.get(side)
                if span is None:
                    continue
                assert span["text"] and span["text"] in span["sentence"], f"{where}: {span['text']!r} not in its sentence"
                # Readers locate a finding by its sentence's first occurrence: it must be unambiguous.
                assert texts[side].count(span["sentence"]) == 1, f"{where}: {side} sentence occurs more than once"
                assert (side, span["sentence"]) in link_of, f"{where}: {side} sentence is not an aligned sentence"
                links.add(link_of[(side, span["sentence"])])
            assert len(links) == 1, f"{where}: source and target sentences are in different links"
            if f["code"] == "TQ101":
                assert f["target"] is None, f"{where}: an omission has no target"
            if f["code"] == "TQ102":
                assert f["source"] is None and f["target"]["text"] == f["target"]["sentence"], where
            for rel in f.get("related", []):
                assert rel["text"] and rel.get("label"), where
