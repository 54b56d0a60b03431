"""Alignment benchmark on the shared parallel data, with injected omissions, additions and merges.

The annotated corpora (``tqcheck eval``) are a small dev set; this benchmark
is the check that aligner changes generalise: thousands of sentences of
correct human translations (NTREX news, FLORES Wikipedia, TICO-19 medical
and news), grouped into their documents with random paragraph breaks. Each
document is aligned as it is (``clean``) and with one target sentence
removed, one sentence from another document inserted and two target
sentences joined into one (``perturbed``), with and without sentence
embeddings.

Gold links are known from the data rows: a source row pairs with the target
row of the same index. Sentences are mapped to rows by character offsets,
and rows the segmenter splits or joins are unioned into blocks, so a
segmentation slip is not counted as an alignment error. Reported per
setting: link precision/recall/F1 over (source block, target block) pairs
(with ``None`` for an unlinked side), recall of injected omissions and
additions, spurious 1-0/0-1 links, and alignment speed (sentences/s, the
aligner alone).

TICO-19 documents PubMed_8, Wikinews_1 and Wikinews_3 are left out: their
French and English lines do not correspond in the data.

    .venv/bin/python -m bench.align_eval          # all four settings, JSON on stdout
"""

from __future__ import annotations

import bisect
import csv
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _data() -> Path:
    from bench.documents import data_dir

    return data_dir()


DATA = _data()
MISALIGNED_TICO = ("PubMed_8", "Wikinews_1", "Wikinews_3")

Row = tuple[str, int]  # ("r", data row) or ("x", k) for an inserted foreign sentence


# --------------------------------------------------------------------------- data


def load_documents() -> list[tuple[str, list[tuple[str, str]]]]:
    """(name, [(fr, en), ...]) per document of the three shared parallel sets."""
    docs: dict[str, list[tuple[str, str]]] = {}
    ntrex = DATA / "ntrex" / "ntrex.fr-en.docs.tsv"
    flores = DATA / "flores200" / "flores200.devtest.fr-en.docs.tsv"
    if ntrex.exists():
        with ntrex.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                docs.setdefault("ntrex:" + row["docid"], []).append((row["fr"], row["en"]))
    if flores.exists():
        with flores.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                docs.setdefault("flores:" + row["url"], []).append((row["fr"], row["en"]))
    tico = DATA / "tico19"
    if (tico / "tico19-test.en.info").exists():
        fr = (tico / "tico19-test.fr").read_text(encoding="utf-8").split("\n")
        en = (tico / "tico19-test.en").read_text(encoding="utf-8").split("\n")
        info = (tico / "tico19-test.en.info").read_text(encoding="utf-8").split("\n")
        for f, e, i in zip(fr, en, info, strict=False):
            name = i.split(":")[0]
            if not i or name in MISALIGNED_TICO:
                continue
            docs.setdefault("tico:" + name, []).append((f, e))
    if not docs:
        raise SystemExit(f"align_eval: no parallel data found in {DATA}")
    return [(k, v) for k, v in docs.items() if len(v) >= 2]


def _punct(s: str) -> str:
    """Data rows that are headlines lack a full stop; add one so the segmenter can split them."""
    s = s.strip()
    if s and s[-1] not in ".!?»\"”')…:;":
        s += "."
    return s


def _side_text(
    units: list[tuple[str, Row | tuple[Row, ...]]], breaks: set[int]
) -> tuple[str, list[tuple[int, Any]]]:
    """Join units into paragraphs (a break after unit k when k + 1 is in ``breaks``); unit start offsets."""
    out = ""
    starts: list[tuple[int, Any]] = []
    in_para = False
    for k, (text, rows) in enumerate(units):
        if in_para:
            out += " "
        elif out:
            out += "\n"
        starts.append((len(out), rows))
        out += text
        in_para = k + 1 not in breaks
    return out, starts


def _rows_of(starts: list[tuple[int, Any]], offsets: list[int], start: int, end: int) -> list[Row]:
    k = bisect.bisect_right(offsets, start) - 1
    rows: list[Row] = []
    while k < len(starts) and (k < 0 or starts[k][0] < end):
        if k >= 0:
            rows += list(starts[k][1])
        k += 1
    return rows


def build_case(
    rows: list[tuple[str, str]], rng: random.Random, perturb: bool, foreign: list[str]
) -> tuple[str, str, list[tuple[int, Any]], list[tuple[int, Any]]]:
    """Source and target texts and, per unit, its start offset and data rows."""
    n = len(rows)
    src = [(_punct(f), (("r", i),)) for i, (f, _) in enumerate(rows)]
    tgt: list[tuple[str, tuple[Row, ...]]] = [(_punct(e), (("r", i),)) for i, (_, e) in enumerate(rows)]
    sbreaks: set[int] = set()
    k = 0
    while k < n:
        k += rng.randint(1, 4)
        sbreaks.add(k)
    if perturb and n >= 6:
        omit = rng.randrange(1, n - 1)
        add = rng.choice([b for b in range(1, n - 1) if b != omit])
        merge = rng.choice([c for c in range(0, n - 1) if c not in (omit, omit - 1, add, add - 1)] or [None])
        out: list[tuple[str, tuple[Row, ...]]] = []
        i = 0
        while i < n:
            text, r = tgt[i]
            if i == omit:
                i += 1
                continue
            if i == merge:
                second = tgt[i + 1][0]
                if text.endswith("."):
                    text = text[:-1] + ", and " + second[:1].lower() + second[1:]
                else:
                    text = text + " " + second
                r = r + tgt[i + 1][1]
                i += 1
            out.append((text, r))
            if i == add:
                out.append((_punct(rng.choice(foreign)), (("x", 0),)))
            i += 1
        tgt = out
    # Target paragraphs follow the source's where the rows allow.
    tbreaks = {k + 1 for k, (_, r) in enumerate(tgt) if r[-1][0] == "r" and r[-1][1] + 1 in sbreaks}
    stext, sstarts = _side_text(src, sbreaks)
    ttext, tstarts = _side_text(tgt, tbreaks)
    return stext, ttext, sstarts, tstarts


# --------------------------------------------------------------------------- scoring


class _Blocks:
    """Union-find over data rows: rows that one sentence spans become one block."""

    def __init__(self) -> None:
        self.parent: dict[Row, Row] = {}

    def find(self, x: Row) -> Row:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, rows: list[Row]) -> None:
        for r in rows[1:]:
            self.parent[self.find(r)] = self.find(rows[0])


def score_alignment(alignment: Any, sstarts: list, tstarts: list) -> dict[str, set]:
    """Predicted and gold (source block, target block) pairs, and the injected nulls."""
    soffs = [s for s, _ in sstarts]
    toffs = [s for s, _ in tstarts]
    srows = [_rows_of(sstarts, soffs, s.start, s.end) for s in alignment.source.sentences]
    trows = [_rows_of(tstarts, toffs, s.start, s.end) for s in alignment.target.sentences]
    blocks = _Blocks()
    for rows in srows + trows:
        blocks.union(rows)
    sb = [blocks.find(r[0]) for r in srows]
    tb = [blocks.find(r[0]) for r in trows]
    pred: set = set()
    for link in alignment.links:
        if not link.source:
            pred |= {(None, tb[j]) for j in link.target}
        elif not link.target:
            pred |= {(sb[i], None) for i in link.source}
        else:
            pred |= {(sb[i], tb[j]) for i in link.source for j in link.target}
    s_set, t_set = set(sb), set(tb)
    gold = {(x, x) if x in t_set else (x, None) for x in s_set} | {(None, x) for x in t_set - s_set}
    return {
        "pred": pred,
        "gold": gold,
        "omissions": {(x, None) for x in s_set - t_set},
        "additions": {(None, x) for x in t_set - s_set},
    }


# --------------------------------------------------------------------------- run


def evaluate(perturb: bool, embed: Any | None, seed: int = 1) -> dict[str, Any]:
    """One setting over all documents; ``embed`` maps a list of texts to unit vectors (or None)."""
    from tqcheck.aligning import align
    from tqcheck.datatypes import LanguagePair, SentenceEmbeddings
    from tqcheck.reading import pair_from_texts
    from tqcheck.segmenting import segment

    docs = load_documents()
    foreign = [e for _, rows in docs for _, e in rows]
    rng = random.Random(seed)
    tp = fp = fn = 0
    om = [0, 0]
    ad = [0, 0]
    spurious = sentences = 0
    seconds = 0.0
    for _, rows in docs:
        stext, ttext, sstarts, tstarts = build_case(rows, rng, perturb, foreign)
        pair = pair_from_texts(stext, ttext, LanguagePair("fr", "en"))
        src, tgt = segment(pair.source), segment(pair.target)
        emb = None
        if embed is not None:
            emb = SentenceEmbeddings(
                embed([s.text for s in src.sentences]), embed([s.text for s in tgt.sentences])
            )
        t0 = time.perf_counter()
        alignment = align(pair, src, tgt, embeddings=emb)
        seconds += time.perf_counter() - t0
        r = score_alignment(alignment, sstarts, tstarts)
        pred, gold = r["pred"], r["gold"]
        tp += len(pred & gold)
        fp += len(pred - gold)
        fn += len(gold - pred)
        om[0] += len(r["omissions"] & pred)
        om[1] += len(r["omissions"])
        ad[0] += len(r["additions"] & pred)
        ad[1] += len(r["additions"])
        spurious += sum(1 for p in pred - gold if p[0] is None or p[1] is None)
        sentences += len(src.sentences)
    p = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return {
        "documents": len(docs),
        "source_sentences": sentences,
        "link_precision": round(p, 4),
        "link_recall": round(rec, 4),
        "link_f1": round(2 * p * rec / (p + rec), 4) if p + rec else 0.0,
        "omission_recall": round(om[0] / om[1], 4) if om[1] else None,
        "addition_recall": round(ad[0] / ad[1], 4) if ad[1] else None,
        "omissions": om[1],
        "additions": ad[1],
        "spurious_nulls": spurious,
        "sentences_per_s": round(sentences / seconds) if seconds else None,
    }


def _embedder(threads: int) -> Any:
    """A text -> unit-vector function over tqcheck's encoder, caching each text once per process."""
    from tqcheck.encoder import Encoder
    from tqcheck.vector_similarity import normalise

    enc = Encoder(threads=threads)
    cache: dict[str, np.ndarray] = {}

    def embed(texts: list[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in cache))
        if missing:
            for t, v in zip(
                missing, normalise(np.asarray(enc.embed(missing), dtype=np.float32)), strict=True
            ):
                cache[t] = v
        return np.stack([cache[t] for t in texts]) if texts else np.zeros((0, 512), np.float32)

    return embed


def run(threads: int = 2) -> dict[str, Any]:
    """Link P/R/F1, omission/addition recall and speed, clean and perturbed, without and with embeddings."""
    out: dict[str, Any] = {}
    embed = None
    for use_emb in (False, True):
        if use_emb:
            embed = _embedder(threads)
        for perturb in (False, True):
            key = f"{'perturbed' if perturb else 'clean'}_{'similarity' if use_emb else 'anchors'}"
            out[key] = evaluate(perturb, embed)
    return out


if __name__ == "__main__":
    json.dump(run(), sys.stdout, indent=2)
    print()
