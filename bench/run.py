"""`make bench`: speed and memory figures, written to bench/results.json and bench/speed.md.

Benchmarks, never timed tests. Every throughput figure is measured on text
that never repeats (bench/documents.py: WMT news + NTREX + FLORES + TICO,
each pair used once), in **pairs per second** (a pair = one data row: a
French source sentence with its English translation; sentences counting both
sides = 2 x pairs), and next to a peer measured in the same run on the same
document (bench/peers.py), so the ratios survive a slower or busier machine.
Peak memory is read from a fresh subprocess per measurement (ru_maxrss), so
one measurement cannot inflate the next.

Sections:
- ``coldstart``: a one-page check (corpora/kidal) as a whole process, and its
  start-up broken down (bench/coldstart.py).
- ``offline``: (a) segmentation + alignment + the rules that need no parser or
  model, (b) the default check (similarity encoder on, French parser where
  rules need it), at several sizes (memory must stay flat).
- ``peers``: pysbd + Gale–Church (peer of a), vecalign-style on the same
  encoder (peer of b).
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
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
SPEED_MD = ROOT / "bench" / "speed.md"
GOALS = {"a_pairs_per_s": 5000, "b_pairs_per_s": 400, "coldstart_s": 2.0}


def _child(mode: str, n: int) -> dict:
    """Run one measurement in this (fresh) process and return its figures."""
    from bench.documents import document_rows, make_document, repetition

    fr, en = make_document(n)
    figures: dict = {"mode": mode, "pairs": n, "repeated_paragraphs": repetition(fr, en)}
    if mode in ("fast", "full"):
        from tqcheck.config import Config
        from tqcheck.datatypes import LanguagePair
        from tqcheck.reading import pair_from_texts

        pair = pair_from_texts(fr, en, LanguagePair("fr", "en"))
    if mode == "fast":
        from tqcheck.aligning.ahead import align_while
        from tqcheck.datatypes import Scores
        from tqcheck.nlp import Analysis
        from tqcheck.rules.engine import run_rules
        from tqcheck.rules.warming import warm_rules
        from tqcheck.segmenting import segment

        config = Config(similarity=False, ignore=("TQ2",))  # TQ2xx need the French parser
        start, cpu = time.perf_counter(), time.process_time()
        src, tgt = segment(pair.source), segment(pair.target)
        # as tqcheck.api.check_pair does it: a long document aligned in a forked child while the rules load
        alignment = align_while(pair, src, tgt, lambda: warm_rules(pair, src, tgt, config))
        findings = run_rules(alignment, Scores.empty(len(alignment.links)), config, Analysis(alignment))
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        # a long document's later links are checked by a forked child (tqcheck/rules/forking.py):
        # its CPU is not in this process's, so it is added; its own pages are added to the peak below
        from tqcheck.aligning.ahead import USAGE as ALIGN_USAGE
        from tqcheck.rules.forking import USAGE

        cpu += USAGE.cpu_seconds + ALIGN_USAGE.cpu_seconds
        figures.update(
            sentences=[len(src.sentences), len(tgt.sentences)],
            findings=len(findings),
            # the aligning child ends before the rules fork, while this process is still loading its
            # tables: its own pages are shown, not added to the peak (they are gone before the peak)
            align_workers=ALIGN_USAGE.workers,
            align_worker_cpu_seconds=round(ALIGN_USAGE.cpu_seconds, 3),
            align_worker_private_mb=round(ALIGN_USAGE.private_mb, 1),
            rule_workers=USAGE.workers,
            rule_worker_cpu_seconds=round(USAGE.cpu_seconds, 3),
            rule_worker_peak_rss_mb=round(USAGE.peak_rss_mb, 1),
            rule_worker_private_mb=round(USAGE.private_mb, 1),
        )
    elif mode == "full":  # the default check as `tqcheck check` runs it: similarity on, the parser where rules need it
        from tqcheck import spacy_worker

        # the French parser in its helper process, as for `tqcheck check` (TQCHECK_SPACY_WORKER=0: in this one)
        helper = spacy_worker.start() and spacy_worker.adopt()
        from tqcheck.api import check_pair
        from tqcheck.nlp import ner_pipeline, spacy_pipeline
        from tqcheck.scoring import Scorer

        config = Config(cache=False)
        scorer = Scorer(config)
        if not helper:
            spacy_pipeline("fr")  # loading models is start-up (see coldstart), not throughput
            ner_pipeline("fr")
        check_pair(pair_from_texts("Elle dort.", "She sleeps.", LanguagePair("fr", "en")), config, scorer)
        helper_cpu = spacy_worker.cpu_seconds()
        start, cpu = time.perf_counter(), time.process_time()
        report = check_pair(pair, config, scorer)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        # the helper's CPU is not in this process's: counted here, and shown apart
        helper_cpu = spacy_worker.cpu_seconds() - helper_cpu
        cpu += helper_cpu
        figures.update(
            sentences=[len(report.alignment.source.sentences), len(report.alignment.target.sentences)],
            findings=len(report.findings),
            parser_process=helper,
            parser_process_cpu_seconds=round(helper_cpu, 3),
            parser_process_peak_rss_mb=_peak_rss_mb(spacy_worker._worker.pid) if spacy_worker._worker else 0.0,
        )
    elif mode == "peer-galechurch":
        from bench.peers import pysbd_galechurch

        figures.update(pysbd_galechurch(document_rows(n)))
        seconds, cpu = figures["seconds"], figures["cpu_seconds"]
    elif mode == "peer-vecalign":
        from bench.peers import vecalign_style

        figures.update(vecalign_style(document_rows(n)))
        seconds, cpu = figures["seconds"], figures["cpu_seconds"]
    else:
        raise SystemExit(f"unknown mode {mode}")
    figures["seconds"] = round(seconds, 3)
    figures["cpu_seconds"] = round(cpu, 3)  # all the process's threads, over the timed part only
    figures["pairs_per_second"] = round(n / seconds, 1) if seconds else None
    # on a machine shared with other jobs, wall time mostly measures the neighbours; CPU time does not
    figures["pairs_per_cpu_second"] = round(n / cpu, 1) if cpu else None
    # with the parser's helper process, both peaks (an upper bound of the two processes' peak together);
    # with a forked rule worker, the pages it did not share with this process (its peak resident set
    # counts this process's pages again: rule_worker_peak_rss_mb)
    figures["peak_rss_mb"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        + figures.get("parser_process_peak_rss_mb", 0.0)
        + figures.get("rule_worker_private_mb", 0.0),
        1,
    )
    return figures


def _peak_rss_mb(pid: int) -> float:
    """Peak resident memory of process ``pid`` (VmHWM), 0 where /proc cannot tell."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


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
        return {"mode": mode, "pairs": n, "error": out.stderr.strip().splitlines()[-1:] or ["failed"]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def offline_section(
    fast_sizes: list[int],
    full_sizes: list[int],
    vecalign_size: int,
    modes: set[str] | None = None,
    previous: dict | None = None,
) -> dict:
    """Run the offline plan (or only ``modes`` of it, keeping ``previous`` runs of the others)."""
    plan = [("fast", n) for n in fast_sizes] + [("peer-galechurch", fast_sizes[-1])]
    plan += [("full", n) for n in full_sizes] + [("peer-vecalign", vecalign_size)]
    runs: dict[str, list[dict]] = {}
    if modes:
        plan = [(mode, n) for mode, n in plan if mode in modes]
        runs = {k: v for k, v in (previous or {}).get("runs", {}).items() if k not in modes}
    for mode, n in plan:
        runs.setdefault(mode, []).append(measure(mode, n))
        print(f"  {mode:16s} n={n:6d}: {runs[mode][-1]}", flush=True)
    last = {mode: r[-1] for mode, r in runs.items() if r and "error" not in r[-1]}
    rate = {mode: r.get("pairs_per_second") for mode, r in last.items()}
    cpu_rate = {mode: r.get("pairs_per_cpu_second") for mode, r in last.items()}
    summary: dict = {"unit": "pairs/s (one data row: a source sentence and its translation)"}
    if rate.get("fast"):
        summary["a_pairs_per_s"] = rate["fast"]
        summary["a_vs_goal"] = round(rate["fast"] / GOALS["a_pairs_per_s"], 2)
        if rate.get("peer-galechurch"):
            summary["a_vs_pysbd_galechurch"] = round(rate["fast"] / rate["peer-galechurch"], 2)
            summary["a_vs_pysbd_galechurch_cpu"] = round(cpu_rate["fast"] / cpu_rate["peer-galechurch"], 2)
    if rate.get("full"):
        summary["b_pairs_per_s"] = rate["full"]
        summary["b_vs_goal"] = round(rate["full"] / GOALS["b_pairs_per_s"], 2)
        if rate.get("peer-vecalign"):
            summary["b_vs_vecalign_style"] = round(rate["full"] / rate["peer-vecalign"], 2)
            summary["b_vs_vecalign_style_cpu"] = round(cpu_rate["full"] / cpu_rate["peer-vecalign"], 2)
    for mode in ("fast", "full"):
        ok = [r for r in runs.get(mode, []) if "error" not in r]
        if len(ok) >= 2:
            summary[f"{mode}_peak_rss_mb"] = {r["pairs"]: r["peak_rss_mb"] for r in ok}
            # flat means the largest document's peak within 20% of the smallest's (issue #13)
            summary[f"{mode}_peak_rss_growth"] = round(ok[-1]["peak_rss_mb"] / ok[0]["peak_rss_mb"] - 1, 3)
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


def kept_feed_parts(feeds: dict) -> dict:
    """The feed figures a new feeds run keeps unless it measures them again.

    Why: ``TQCHECK_BENCH_FEEDS_PARTS`` may re-run only some parts, and
    ``make bench-feeds-huge``'s runs (``huge_opt_in*``: an hour or more each) are
    merged in apart from ``make bench``; neither may be lost by a shorter run.
    """
    return {k: v for k, v in feeds.items() if k in ("many_documents", "huge") or k.startswith("huge_opt_in")}


def merge_reruns(earlier: list[dict], rerun: dict) -> list[dict]:
    """The partial runs whose figures the report still shows, once ``rerun`` is added (oldest first).

    A section re-run replaces its figures, so an earlier run keeps only the sections not re-run since,
    and is dropped when none is left: the header then says which run each section's figures come
    from, instead of growing by one sentence per re-run.
    """
    kept = []
    for r in earlier:
        left = [s for s in r.get("sections", []) if s not in rerun["sections"]]
        if left:
            kept.append({**r, "sections": left})
    return [*kept, rerun]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs=2, metavar=("MODE", "N"), help=argparse.SUPPRESS)
    parser.add_argument("--sizes", default="5000,10000,20000", help="sizes of (a), in distinct pairs")
    parser.add_argument("--full-sizes", default="5000,20000", help="sizes of (b), the default check")
    parser.add_argument("--vecalign-size", type=int, default=1000, help="pairs for the vecalign-style peer")
    parser.add_argument("--coldstart-runs", type=int, default=5)
    parser.add_argument(
        "--offline-modes", help="re-run only these offline modes (comma-separated), keep the rest"
    )
    parser.add_argument("--sections", default="coldstart,offline,alignment,mt,similarity,feeds,ray")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_child(args.child[0], int(args.child[1]))))
        return 0
    sections = [s.strip() for s in args.sections.split(",") if s.strip()]
    results: dict = {
        "machine": {
            "cores": len(os.sched_getaffinity(0)),
            "python": sys.version.split()[0],
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        },
        "date": time.strftime("%Y-%m-%d"),
    }
    if args.output.is_file():  # a partial run keeps the other sections' last figures
        try:
            previous = json.loads(args.output.read_text(encoding="utf-8"))
        except ValueError:
            previous = {}
        partial = args.offline_modes or set(sections) != {
            "coldstart",
            "offline",
            "alignment",
            "mt",
            "similarity",
        }
        if partial and "machine" in previous:  # the header describes the main run; this one is noted apart
            rerun = {**results["machine"], "date": results["date"], "sections": sections}
            before = previous["machine"]
            earlier = before.get("reruns", [before["rerun"]] if "rerun" in before else [])
            machine = {k: v for k, v in before.items() if k not in ("rerun", "reruns")}
            results = {**previous, "machine": {**machine, "reruns": merge_reruns(earlier, rerun)}}
        else:
            results = {**previous, **results}
    if "coldstart" in sections:
        print("cold start of a one-page check:", flush=True)
        from bench import coldstart

        results["coldstart"] = coldstart.run(args.coldstart_runs)
        print(f"  {results['coldstart']}", flush=True)
    if "offline" in sections:
        print("offline check on distinct text, with peers:", flush=True)
        fast = [int(s) for s in args.sizes.split(",")]
        full = [int(s) for s in args.full_sizes.split(",")]
        modes = {m.strip() for m in args.offline_modes.split(",")} if args.offline_modes else None
        results["offline"] = offline_section(fast, full, args.vecalign_size, modes, results.get("offline"))
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
        kept = kept_feed_parts(results.get("feeds") or {})
        results["feeds"] = optional_section("feeds_speed")
        if isinstance(results["feeds"], dict):
            for key, value in kept.items():
                results["feeds"].setdefault(key, value)
    if "ray" in sections:
        print("Ray executor against the local one:", flush=True)
        results["ray"] = optional_section("ray_speed")
    reruns = results["machine"].get("reruns")
    this_run = reruns[-1] if reruns else results["machine"]  # a partial run's own record
    this_run["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.output.with_suffix(".tmp")
    tmp.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    tmp.replace(args.output)
    from bench.report import speed_table

    speed_md = SPEED_MD if args.output == RESULTS else args.output.with_suffix(".md")
    speed_md.write_text(speed_table(results), encoding="utf-8")
    print(
        json.dumps(
            {k: v.get("summary", v) if isinstance(v, dict) else v for k, v in results.items()}, indent=2
        )
    )
    print(f"wrote {args.output} and {speed_md}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
