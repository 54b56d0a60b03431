"""`make bench`: speed and memory figures, written to bench/results.json.

Benchmarks, never timed tests: each figure is measured here and compared with
a baseline measured in the same run, so the ratios survive a slower or busier
machine. Peak memory is read from a fresh subprocess per measurement
(ru_maxrss), so one measurement cannot inflate the next.

Sections:
- ``offline``: a document of N sentence pairs built from the shared parallel
  data (shuffled documents, paragraphs of 1–4 sentences):
  (a) segmentation + alignment + the rules that need no parser or model,
  (b) the whole offline check (French parser, all rules), without and with
  the similarity encoder (which encodes both sides: two sentences per pair);
  at several sizes, to show memory growing linearly.
- ``mt``: bench/mt_speed.py (Marian of opus-mt-fr-en's shape: naive vs batched vs CTranslate2).
- ``alignment``: bench/align_eval.py (link F1, omission/addition recall on the shared data).
- ``similarity``: bench/similarity_speed.py (encoder speed, cached re-run).
- ``feeds``: bench/feeds_speed.py (1,000 documents in one run vs one process each; peak RSS over huge feeds).
- ``ray``: bench/ray_speed.py (Ray executor, 1 and 2 actors, against the local executor).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"


def parallel_sentences() -> list[list[tuple[str, str]]]:
    """Documents of (fr, en) sentence pairs from the shared parallel sets (see bench/align_eval.py)."""
    from bench.align_eval import load_documents

    return [rows for _, rows in load_documents()]


def make_document(n_sentences: int, seed: int = 0) -> tuple[str, str]:
    """A long document pair: shuffled real documents, same paragraph breaks on both sides."""
    rng = random.Random(seed)
    docs = parallel_sentences()
    fr_pars: list[str] = []
    en_pars: list[str] = []
    count = 0
    while count < n_sentences:
        rng.shuffle(docs)
        for doc in docs:
            i = 0
            while i < len(doc) and count < n_sentences:
                size = rng.randint(1, 4)
                chunk = doc[i : i + size][: n_sentences - count]
                fr_pars.append(" ".join(fr for fr, _ in chunk))
                en_pars.append(" ".join(en for _, en in chunk))
                i += len(chunk)
                count += len(chunk)
            if count >= n_sentences:
                break
    return "\n".join(fr_pars) + "\n", "\n".join(en_pars) + "\n"


def _child(mode: str, n: int) -> dict:
    """Run one measurement in this (fresh) process and return its figures."""
    from tqcheck.config import Config
    from tqcheck.datatypes import LanguagePair
    from tqcheck.reading import pair_from_texts

    fr, en = make_document(n)
    pair = pair_from_texts(fr, en, LanguagePair("fr", "en"))
    if mode == "fast":
        from tqcheck.aligning import align
        from tqcheck.datatypes import Scores
        from tqcheck.nlp import Analysis
        from tqcheck.rules.engine import run_rules
        from tqcheck.segmenting import segment

        config = Config(similarity=False, ignore=("TQ2",))  # TQ2xx need the French parser
        start = time.perf_counter()
        src, tgt = segment(pair.source), segment(pair.target)
        alignment = align(pair, src, tgt)
        findings = run_rules(alignment, Scores.empty(len(alignment.links)), config, Analysis(alignment))
        seconds = time.perf_counter() - start
        sentences = len(src.sentences)
    elif mode == "baseline-segment":
        from tqcheck.segmenting import segment

        start = time.perf_counter()
        src, tgt = segment(pair.source), segment(pair.target)
        seconds = time.perf_counter() - start
        sentences, findings = len(src.sentences), ()
    else:  # "full": everything offline; "full-nosim": the same without the sentence encoder
        from tqcheck.api import check_pair
        from tqcheck.nlp import spacy_pipeline
        from tqcheck.scoring import Scorer

        config = Config(cache=False, similarity=mode == "full")
        scorer = Scorer(config)
        spacy_pipeline("fr")  # loading models is start-up, not throughput:
        check_pair(pair_from_texts("Elle dort.", "She sleeps.", LanguagePair("fr", "en")), config, scorer)
        start = time.perf_counter()
        report = check_pair(pair, config, scorer)
        seconds = time.perf_counter() - start
        sentences, findings = len(report.alignment.source.sentences), report.findings
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "mode": mode,
        "sentences": sentences,
        "seconds": round(seconds, 3),
        "sentences_per_second": round(sentences / seconds, 1) if seconds else None,
        "findings": len(findings),
        "peak_rss_mb": round(peak_mb, 1),
    }


def measure(mode: str, n: int) -> dict:
    """Run :func:`_child` in a fresh interpreter so peak memory is this measurement's own."""
    out = subprocess.run(
        [sys.executable, "-m", "bench.run", "--child", mode, str(n)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    if out.returncode != 0:
        return {"mode": mode, "sentences": n, "error": out.stderr.strip().splitlines()[-1:] or ["failed"]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def offline_section(sizes: list[int]) -> dict:
    runs = {"baseline-segment": [], "fast": [], "full-nosim": [], "full": []}
    for n in sizes:
        for mode in runs:
            runs[mode].append(measure(mode, n))
            print(f"  {mode:17s} n={n:6d}: {runs[mode][-1]}", flush=True)
    largest = {mode: r[-1] for mode, r in runs.items() if r and "error" not in r[-1]}
    summary = {}
    if "fast" in largest:
        summary["a_sentences_per_second"] = largest["fast"]["sentences_per_second"]
        summary["a_goal"] = 5000
        summary["a_vs_goal"] = round(largest["fast"]["sentences_per_second"] / 5000, 2)
    if "full-nosim" in largest:
        summary["b_sentences_per_second"] = largest["full-nosim"]["sentences_per_second"]
        summary["b_goal"] = 400
        summary["b_vs_goal"] = round(largest["full-nosim"]["sentences_per_second"] / 400, 2)
    if "full" in largest:
        summary["b_with_similarity_sentences_per_second"] = largest["full"]["sentences_per_second"]
    if "fast" in largest and "baseline-segment" in largest:
        summary["a_vs_segmentation_only"] = round(
            largest["fast"]["sentences_per_second"] / largest["baseline-segment"]["sentences_per_second"], 3
        )
    fast = [r for r in runs["fast"] if "error" not in r]
    if len(fast) >= 2:
        base = fast[0]["peak_rss_mb"]
        summary["memory_growth_mb_per_1000_sentences"] = round(
            (fast[-1]["peak_rss_mb"] - base) / max(1, (fast[-1]["sentences"] - fast[0]["sentences"]) / 1000), 2
        )
    return {"runs": runs, "summary": summary}


def optional_section(module: str) -> dict:
    """bench/<module>.py's ``run()`` figures, or why they are missing."""
    try:
        mod = importlib.import_module(f"bench.{module}")
    except ModuleNotFoundError as exc:
        return {"skipped": f"bench/{module}.py not available ({exc})"}
    try:
        return mod.run(threads=2)
    except Exception as exc:  # a section failing must not lose the others' figures
        return {"error": f"{type(exc).__name__}: {exc}"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs=2, metavar=("MODE", "N"), help=argparse.SUPPRESS)
    parser.add_argument("--sizes", default="5000,10000,20000", help="document sizes in sentences")
    parser.add_argument("--sections", default="offline,alignment,mt,similarity,feeds,ray")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_child(args.child[0], int(args.child[1]))))
        return 0
    sections = [s.strip() for s in args.sections.split(",") if s.strip()]
    results: dict = {"machine": {"cores": len(os.sched_getaffinity(0)), "python": sys.version.split()[0]}}
    if "offline" in sections:
        print("offline check:", flush=True)
        results["offline"] = offline_section([int(s) for s in args.sizes.split(",")])
    if "mt" in sections:
        print("MT model speed:", flush=True)
        results["mt"] = optional_section("mt_speed")
    if "alignment" in sections:
        print("alignment on the shared parallel data:", flush=True)
        results["alignment"] = optional_section("align_eval")
    if "similarity" in sections:
        print("similarity encoder:", flush=True)
        results["similarity"] = optional_section("similarity_speed")
    if "feeds" in sections:
        print("feeds (many documents, huge files):", flush=True)
        results["feeds"] = optional_section("feeds_speed")
    if "ray" in sections:
        print("Ray executor against the local one:", flush=True)
        results["ray"] = optional_section("ray_speed")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.output.with_suffix(".tmp")
    tmp.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    tmp.replace(args.output)
    print(json.dumps({k: v.get("summary", v) if isinstance(v, dict) else v for k, v in results.items()}, indent=2))
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
