"""Bench documents built from text that never repeats.

A long document made by cycling a few thousand pairs over and over flatters
every cache in the pipeline (rules skip a link whose text they have already
seen, the encoder never encodes a sentence twice), so its figures overstate
what a real document gets. The bench documents here use each (fr, en) row of
the shared parallel data at most once, and drop a row when either side's
text has already been used: WMT news 2008–2013 (16,071 pairs, lines in
document order) plus NTREX, FLORES-200 and TICO-19 (grouped by document) give
more than 20,000 distinct pairs.

The unit of every speed figure built on these documents is the **pair**: one
data row, i.e. a French source sentence (sometimes two) with its English
translation. "Sentences counting both sides" is twice that. The same document
goes to tqcheck and to the peers, so pairs/s compares like with like whatever
each tool's segmenter makes of the rows.

The data is read from the shared folder beside the checkout at bench time;
nothing of it is written into the repository (the WMT sets may be measured on,
never copied).
"""

from __future__ import annotations

import csv
import os
import random
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WMT_FILES = ("news-test2008", "newstest2009", "newstest2010", "newstest2011", "newstest2012", "newstest2013")
WMT_CHUNK = 24  # WMT files have no document boundaries: consecutive lines, cut into pseudo-documents
MISALIGNED_TICO = ("PubMed_8", "Wikinews_1", "Wikinews_3")

Pair = tuple[str, str]


def data_dir() -> Path:
    """The shared data folder: $TQCHECK_SHARED_DATA, else ``shared/data`` beside the checkout or its parent."""
    env = os.environ.get("TQCHECK_SHARED_DATA")
    candidates = [Path(env)] if env else []
    candidates += [ROOT.parent / "shared" / "data", ROOT.parent.parent / "shared" / "data"]
    for path in candidates:
        if path.is_dir():
            return path
    raise SystemExit(f"bench: no shared parallel data found (tried {', '.join(map(str, candidates))})")


def _wmt(base: Path) -> list[list[Pair]]:
    docs: list[list[Pair]] = []
    for name in WMT_FILES:
        fr_path, en_path = base / "wmt-news" / f"{name}.fr", base / "wmt-news" / f"{name}.en"
        if not (fr_path.is_file() and en_path.is_file()):
            continue
        fr = fr_path.read_text(encoding="utf-8").split("\n")
        en = en_path.read_text(encoding="utf-8").split("\n")
        rows = list(zip(fr, en, strict=False))
        docs += [rows[i : i + WMT_CHUNK] for i in range(0, len(rows), WMT_CHUNK)]
    return docs


def _tsv(path: Path, doc_col: str) -> list[list[Pair]]:
    docs: dict[str, list[Pair]] = {}
    if path.is_file():
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                docs.setdefault(row[doc_col], []).append((row["fr"], row["en"]))
    return list(docs.values())


def _tico(base: Path) -> list[list[Pair]]:
    tico = base / "tico19"
    if not (tico / "tico19-test.en.info").is_file():
        return []
    fr = (tico / "tico19-test.fr").read_text(encoding="utf-8").split("\n")
    en = (tico / "tico19-test.en").read_text(encoding="utf-8").split("\n")
    info = (tico / "tico19-test.en.info").read_text(encoding="utf-8").split("\n")
    docs: dict[str, list[Pair]] = {}
    for f, e, i in zip(fr, en, info, strict=False):
        name = i.split(":")[0]
        if i and name not in MISALIGNED_TICO:
            docs.setdefault(name, []).append((f, e))
    return list(docs.values())


@lru_cache(maxsize=1)
def distinct_documents() -> tuple[tuple[Pair, ...], ...]:
    """Every shared document, each row kept only if neither side's text was seen before (in a fixed order)."""
    base = data_dir()
    docs = _wmt(base)
    docs += _tsv(base / "ntrex" / "ntrex.fr-en.docs.tsv", "docid")
    docs += _tsv(base / "flores200" / "flores200.devtest.fr-en.docs.tsv", "url")
    docs += _tico(base)
    seen: set[str] = set()
    out = []
    for doc in docs:
        kept = []
        for fr, en in doc:
            fr, en = " ".join(fr.split()), " ".join(en.split())
            if not fr or not en or fr in seen or en in seen:
                continue
            seen.update((fr, en))
            kept.append((_punct(fr), _punct(en)))
        if kept:
            out.append(tuple(kept))
    return tuple(out)


def _punct(s: str) -> str:
    """Headlines lack a full stop; add one so a headline stays its own sentence on both sides."""
    if s[-1] not in ".!?»\"”')…:;":
        s += "."
    return s


def available_pairs() -> int:
    """How many distinct pairs the shared data gives."""
    return sum(len(d) for d in distinct_documents())


def document_rows(n_pairs: int, seed: int = 0) -> list[list[Pair]]:
    """``n_pairs`` distinct pairs as paragraphs of 1–4 rows (documents in a seeded order, never reused)."""
    docs = list(distinct_documents())
    total = sum(len(d) for d in docs)
    if n_pairs > total:
        raise SystemExit(f"bench: asked for {n_pairs:,} distinct pairs, the shared data has {total:,}")
    rng = random.Random(seed)
    rng.shuffle(docs)
    paragraphs: list[list[Pair]] = []
    count = 0
    for doc in docs:
        i = 0
        while i < len(doc) and count < n_pairs:
            chunk = list(doc[i : i + rng.randint(1, 4)])[: n_pairs - count]
            paragraphs.append(chunk)
            i += len(chunk)
            count += len(chunk)
        if count >= n_pairs:
            break
    return paragraphs


def make_document(n_pairs: int, seed: int = 0) -> tuple[str, str]:
    """A French text and its English translation of ``n_pairs`` distinct pairs, same paragraph breaks."""
    paragraphs = document_rows(n_pairs, seed)
    fr = "\n".join(" ".join(f for f, _ in p) for p in paragraphs) + "\n"
    en = "\n".join(" ".join(e for _, e in p) for p in paragraphs) + "\n"
    return fr, en


def repetition(fr: str, en: str) -> float:
    """Share of paragraphs whose text occurs earlier in the document (0.0 for a distinct document)."""
    seen: set[tuple[str, str]] = set()
    repeats = 0
    pars = list(zip(fr.split("\n"), en.split("\n"), strict=True))
    for p in pars:
        repeats += p in seen
        seen.add(p)
    return repeats / max(1, len(pars))
