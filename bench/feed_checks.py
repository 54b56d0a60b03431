"""Figures for the feed checks, measured on wmt-news lines turned into feeds (never copied into the repository).

    python bench/feed_checks.py [--data ../shared/data] [--limit N]

1. False alarms of the TQ7xx rules per 100 segments, with the lines read as
   25-line text documents and as 25-row TSV feeds (each row a hard unit).
2. TQ201 on the first 2,000 lines as text documents vs as feeds: rows never
   supply an antecedent, so the counts may only move where context crossed rows.
3. Speed of the TQ7xx rules on a 10,000-row TSV feed, without and with a
   500-entry glossary built from the feed's own frequent words.

The feeds and the glossary are written to a temporary folder and removed.
When the shared data is absent (a user without it), the script says so.
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
import tempfile
import time
from pathlib import Path

from tqcheck.api import check_files, check_pair
from tqcheck.config import Config
from tqcheck.datatypes import LanguagePair
from tqcheck.reading import pair_from_texts

ROOT = Path(__file__).resolve().parent.parent
FR_EN = LanguagePair("fr", "en")


def lines(data: Path) -> tuple[list[str], list[str]]:
    fr_all: list[str] = []
    en_all: list[str] = []
    for fr_file in sorted((data / "wmt-news").glob("*.fr")):
        fr = fr_file.read_text(encoding="utf-8").splitlines()
        en = fr_file.with_suffix(".en").read_text(encoding="utf-8").splitlines()
        fr_all += fr[: len(en)]
        en_all += en[: len(fr)]
    return fr_all, en_all


def write_tsv(path: Path, fr: list[str], en: list[str]) -> Path:
    path.write_text(
        "".join(f"{a.replace(chr(9), ' ')}\t{b.replace(chr(9), ' ')}\n" for a, b in zip(fr, en, strict=True)),
        encoding="utf-8",
    )
    return path


def counts(
    fr_all: list[str], en_all: list[str], select: tuple[str, ...], tmp: Path
) -> dict[str, collections.Counter]:
    cfg = Config(select=select, similarity=False, cache=False)
    out = {"text": collections.Counter(), "tsv": collections.Counter()}
    for i in range(0, len(fr_all), 25):
        fr, en = fr_all[i : i + 25], en_all[i : i + 25]
        report = check_pair(pair_from_texts("\n".join(fr), "\n".join(en), FR_EN), cfg)
        out["text"].update(f.code for f in report.findings)
        report = check_files(write_tsv(tmp / "doc.tsv", fr, en), None, cfg)
        out["tsv"].update(f.code for f in report.findings)
    return out


def per_100(counter: collections.Counter, n: int) -> str:
    return ", ".join(f"{code} {v} ({100 * v / n:.2f})" for code, v in sorted(counter.items())) or "none"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--limit", type=int, default=0, help="lines of wmt-news to use (default: all)")
    args = parser.parse_args()
    if not (args.data / "wmt-news").is_dir():
        print(f"feed checks: {args.data / 'wmt-news'} not found; nothing measured")
        return 0
    fr_all, en_all = lines(args.data)
    if args.limit:
        fr_all, en_all = fr_all[: args.limit], en_all[: args.limit]
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        n = len(fr_all)
        t0 = time.perf_counter()
        found = counts(fr_all, en_all, ("TQ7",), tmp)
        print(
            f"1. TQ7xx findings on {n:,} wmt-news segments (count, per 100), {time.perf_counter() - t0:.0f} s"
        )
        print(f"   as text documents: {per_100(found['text'], n)}")
        print(f"   as TSV feeds:      {per_100(found['tsv'], n)}")
        m = min(n, 2000)
        found = counts(fr_all[:m], en_all[:m], ("TQ201",), tmp)
        print(f"2. TQ201 on {m:,} segments: text {found['text']['TQ201']}, feed {found['tsv']['TQ201']}")
        fr, en = (fr_all * (10_000 // max(n, 1) + 1))[:10_000], (en_all * (10_000 // max(n, 1) + 1))[:10_000]
        feed = write_tsv(tmp / "feed.tsv", fr, en)
        words = collections.Counter(w.lower() for line in fr for w in re.findall(r"[^\W\d_]{6,}", line))
        glossary = tmp / "glossary.csv"
        glossary.write_text(
            "source,target,forbidden\n"
            + "".join(
                f"{t},term{i},bad{i}\n"
                for i, t in enumerate([w for w, _ in words.most_common(2000)][::4][:500])
            ),
            encoding="utf-8",
        )
        print("3. 10,000-row TSV feed:")
        for label, cfg in (
            (
                "segmentation + alignment only (TQ101)",
                Config(select=("TQ101",), similarity=False, cache=False),
            ),
            ("TQ7xx, no glossary", Config(select=("TQ7",), similarity=False, cache=False)),
            (
                "TQ7xx, 500-entry glossary",
                Config(select=("TQ7",), similarity=False, cache=False, glossary=str(glossary)),
            ),
        ):
            t0 = time.perf_counter()
            check_files(feed, None, cfg)
            dt = time.perf_counter() - t0
            print(f"   {label}: {dt:.1f} s ({10_000 / dt:,.0f} rows/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
