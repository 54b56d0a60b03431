"""Held-out real text: findings on professional sets the rules were never tuned on.

Why this exists: the rules were tuned on wmt-news until its false alarms
fell; a figure measured on the text one tuned on flatters. ntrex, flores200
and tico19 (``../shared/data``, beside wmt-news; see its SOURCES.md) are
other professional French–English sets, news, Wikipedia-like short documents
and COVID-19 health text. Their French is a translation of an English
original, which makes them good at showing false alarms. Nobody has judged
their findings in the repository, so this section gives raw warnings and
errors per 100 segments, overall and per rule: a rise is worth a look.

Each set is read as documents (rows grouped by document id, in file order)
and cut, like wmt-news, into pieces of at most ``LINES_PER_DOCUMENT`` lines.
Rows where a set's two sides are not translations of each other (tico19's
files are shifted against each other over about 300 lines) are found by the
encoder and left out, and counted: a checker is right to report them, and
they say nothing of false alarms.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from tqcheck.eval.realtext import LINES_PER_DOCUMENT, DocumentResult, RealDocument

#: The sets, in the order the section lists them.
HELDOUT_SETS = ("ntrex", "flores200", "tico19")
#: Documents per set in the quick run (a fixed, evenly spread sample; about 330 segments in all).
QUICK_HELDOUT_DOCUMENTS = 8
#: Sets shipped as two line files, which can slip against each other (a TSV row holds both sides).
LINE_FILE_SETS = ("tico19",)
#: Rows whose two sides are this dissimilar (median cosine of the encoder's vectors)...
MISALIGNED_SIMILARITY = 0.35
#: ...over the window of this many rows centred on a row: a stretch where the set's files have slipped.
MISALIGNED_WINDOW = 11

Row = tuple[str, str, str]  # document id, French, English


def find_heldout(wmt_news: Path | None, name: str) -> Path | None:
    """The folder of set ``name`` beside the wmt-news folder, or ``None``."""
    if wmt_news is None:
        return None
    folder = wmt_news.parent / name
    return folder if folder.is_dir() else None


def _tsv_rows(path: Path, doc: int, fr: int, en: int) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader, None)  # the header
        return [(r[doc], r[fr], r[en]) for r in reader if len(r) > max(doc, fr, en)]


def read_rows(folder: Path, name: str) -> list[Row]:
    """The set's rows in file order: (document id, French, English)."""
    if name == "ntrex":
        return _tsv_rows(next(folder.glob("*.tsv")), 0, 2, 3)  # docid, seg_idx, fr, en
    if name == "flores200":
        return _tsv_rows(next(folder.glob("*.tsv")), 0, 3, 4)  # url, domain, topic, fr, en
    if name == "tico19":
        fr = (folder / "tico19-test.fr").read_text(encoding="utf-8").rstrip("\n").split("\n")
        en = (folder / "tico19-test.en").read_text(encoding="utf-8").rstrip("\n").split("\n")
        info = (folder / "tico19-test.en.info").read_text(encoding="utf-8").rstrip("\n").split("\n")
        if not len(fr) == len(en) == len(info):
            return []  # not line-aligned: nothing trustworthy to measure
        # "CMU_1:12<TAB>url…": the document is the id before the colon
        return [(i.split("\t")[0].split(":")[0], f, e) for i, f, e in zip(info, fr, en, strict=True)]
    raise ValueError(f"unknown held-out set {name!r}")


def misaligned_rows(similarities: Sequence[float]) -> set[int]:
    """Rows in a stretch where the set's two files have slipped against each other.

    One loose row is a free translation; a row is left out only when the
    median similarity of the ``MISALIGNED_WINDOW`` rows around it is below
    ``MISALIGNED_SIMILARITY``. The median keeps the stretch whole where a
    slipped row happens to share its topic with its neighbour's English (in
    tico19's slipped stretch a few rows reach 0.4–0.6), and keeps its edges
    sharp: a row with more aligned than slipped rows around it stays.
    """
    half = MISALIGNED_WINDOW // 2
    return {
        k
        for k in range(len(similarities))
        if float(np.median(similarities[max(0, k - half) : k + half + 1])) < MISALIGNED_SIMILARITY
    }


def documents(name: str, rows: Sequence[Row], dropped: Iterable[int] = ()) -> list[RealDocument]:
    """Rows grouped by document id (first-seen order), cut into documents of at most ``LINES_PER_DOCUMENT``.

    Document names are ``set:id:first-last`` (1-based rows of the set).
    """
    dropped = set(dropped)
    by_doc: dict[str, list[tuple[str, str, int]]] = {}
    for k, (doc, fr, en) in enumerate(rows):
        if k not in dropped and fr.strip() and en.strip():
            by_doc.setdefault(doc, []).append((fr.strip(), en.strip(), k + 1))
    out = []
    for doc, pairs in by_doc.items():
        for start in range(0, len(pairs), LINES_PER_DOCUMENT):
            chunk = pairs[start : start + LINES_PER_DOCUMENT]
            out.append(
                RealDocument(
                    f"{name}:{doc}:{chunk[0][2]}-{chunk[-1][2]}",
                    tuple(p[0] for p in chunk),
                    tuple(p[1] for p in chunk),
                )
            )
    return out


def load_heldout(
    wmt_news: Path | None, embed: Callable[[list[str]], Any] | None
) -> dict[str, tuple[list[RealDocument], int]]:
    """Every held-out set found beside wmt-news: its documents and how many rows were dropped as misaligned.

    ``embed`` gives unit vectors for a list of texts (the encoder); without it no row is dropped.
    Only sets shipped as two line files are searched for slipped rows (4,200
    sentences for tico19, a few seconds); a TSV row holds both of its sides.
    """
    found = {}
    for name in HELDOUT_SETS:
        folder = find_heldout(wmt_news, name)
        if folder is None:
            continue
        rows = read_rows(folder, name)
        dropped: set[int] = set()
        if embed is not None and rows and name in LINE_FILE_SETS:
            fr, en = embed([r[1] for r in rows]), embed([r[2] for r in rows])
            dropped = misaligned_rows([float(a @ b) for a, b in zip(fr, en, strict=True)])
        found[name] = (documents(name, rows, dropped), len(dropped))
    return found


def tabulate_heldout(
    results: Iterable[DocumentResult], sets: dict[str, tuple[list[RealDocument], int]]
) -> dict[str, dict[str, Any]]:
    """Raw warnings and errors per 100 segments, per set and rule (no judgements: these are unreviewed)."""
    by_set: dict[str, list[DocumentResult]] = {name: [] for name in sets}
    for r in results:
        by_set.setdefault(r.name.split(":", 1)[0], []).append(r)
    out = {}
    for name, items in by_set.items():
        segments = sum(r.segments for r in items)
        per_rule = Counter(f["code"] for r in items for f in r.findings)
        total = sum(per_rule.values())

        def per100(n: int, segments: int = segments) -> float:
            return round(100 * n / segments, 3) if segments else 0.0

        out[name] = {
            "documents": len(items),
            "segments": segments,
            "rows_dropped_misaligned": sets[name][1] if name in sets else 0,
            "findings": total,
            "per_100_segments": per100(total),
            "rules": {code: {"findings": n, "per_100_segments": per100(n)} for code, n in sorted(per_rule.items())},
        }
    return out


def markdown_heldout(heldout: dict[str, dict[str, Any]]) -> list[str]:
    """The held-out lines of the real-translations section (empty when no set was found)."""
    if not heldout:
        return []
    lines = [
        "",
        "Held-out professional sets the rules were never tuned on (their French translates an English "
        "original; findings not reviewed, so raw warnings and errors per 100 segments):",
        "",
        "| set | documents | segments | findings | per 100 segments | per rule (per 100) |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name, h in heldout.items():
        rules = ", ".join(f"{code} {r['per_100_segments']:.2f}" for code, r in h["rules"].items()) or "–"
        dropped = f" ({h['rows_dropped_misaligned']} misaligned rows left out)" if h["rows_dropped_misaligned"] else ""
        lines.append(
            f"| {name}{dropped} | {h['documents']} | {h['segments']} | {h['findings']} | "
            f"{h['per_100_segments']:.3f} | {rules} |"
        )
    return lines
