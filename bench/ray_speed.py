"""Ray executor speed: 1 and 2 actors against the local executor, in the same run.

Two workloads over a feed of documents (about 25 sentence pairs each) built
at bench time from the shared parallel data (nothing is written to the repo):

* ``rules_similarity``: the whole offline check of each document (segmenter,
  aligner, French parser, every rule) with the similarity encoder;
* ``mt``: MT scoring of each document with a random Marian of opus-mt-fr-en's
  shape (see bench/mt_speed.py) converted to CTranslate2 int8, the fast
  backend: forced decoding of every sentence and generation of a fixed
  32-token hypothesis (a random model's run-on output would otherwise cost
  whatever its max length is).

Four executors run each workload, each in a fresh interpreter (so every run
pays its own start-up and model loads, and Ray is shut down after each):
``serial`` (1 worker, this process), ``local`` with 2 worker processes, ``ray``
with 1 and with 2 actors on a local Ray instance. Every worker runs its models
on one thread, so 2 workers use the machine's 2 cores.

Figures: total wall time (start-up and model loads included), the steady rate
(segments/s over the second half of the feed, once every worker is warm), and
the engine's overhead: Ray start-up seconds, and the cost of one actor call
measured with a function that does nothing. The paper estimate of cluster size
for 10 million segments a day uses the measured steady rate of one actor.

Run alone: ``python -m bench.ray_speed [--segments N] [--mt-segments N]``.
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOC_SENTENCES = 25
SEGMENTS_PER_DAY = 10_000_000
GEN_TOKENS = 32
#: Actors are sized for this share of their measured rate (peaks, retries, uneven documents).
UTILISATION = 0.6

_CACHE: dict[str, Any] = {}


# ---------------------------------------------------------------- feeds (built at bench time)


def text_feed(n_segments: int, seed: int = 0) -> list[tuple[str, str]]:
    """Documents of about :data:`DOC_SENTENCES` pairs, paragraphs of 1–4 sentences, same breaks on both sides.

    The pairs are taken in order from :func:`bench.documents.distinct_documents`,
    so no pair is checked twice (a repeated pair would hit the rules' and the
    encoder's in-memory caches); ``seed`` only draws the paragraph breaks.
    """
    from bench.documents import distinct_documents

    rng = random.Random(seed)
    pairs = [pair for doc in distinct_documents() for pair in doc]
    if n_segments > len(pairs):
        raise ValueError(f"{n_segments} segments asked, {len(pairs)} distinct pairs available")
    docs: list[tuple[str, str]] = []
    count = 0
    while count < n_segments:
        chunk = pairs[count : count + min(DOC_SENTENCES, n_segments - count)]
        fr_pars, en_pars, i = [], [], 0
        while i < len(chunk):
            step = rng.randint(1, 4)
            fr_pars.append(" ".join(fr for fr, _ in chunk[i : i + step]))
            en_pars.append(" ".join(en for _, en in chunk[i : i + step]))
            i += step
        docs.append(("\n".join(fr_pars) + "\n", "\n".join(en_pars) + "\n"))
        count += len(chunk)
    return docs


def mt_feed(n_segments: int) -> list[tuple[list[list[int]], list[list[int]]]]:
    """Documents of token-id sentences whose lengths follow the corpora's French sentences."""
    from bench.mt_speed import OPUS_SHAPE, _ids, sentence_lengths

    high = OPUS_SHAPE["vocab_size"] - 1
    sources = _ids(sentence_lengths(n_segments, seed=1), 0, 2, high, seed=3)
    targets = _ids(sentence_lengths(n_segments, seed=2), 0, 2, high, seed=4)
    return [
        (sources[i : i + DOC_SENTENCES], targets[i : i + DOC_SENTENCES])
        for i in range(0, n_segments, DOC_SENTENCES)
    ]


# ---------------------------------------------------------------- per-document functions (run in workers)


def check_document(doc: tuple[str, str]) -> int:
    """The offline check with similarity of one document; models cached per process. Returns its segments."""
    from tqcheck.api import check_pair
    from tqcheck.config import Config
    from tqcheck.datatypes import LanguagePair
    from tqcheck.reading import pair_from_texts
    from tqcheck.scoring import Scorer

    if "scorer" not in _CACHE:
        _CACHE["config"] = Config(similarity=True, cache=False, threads=1)
        _CACHE["scorer"] = Scorer(_CACHE["config"], cache=False)
    report = check_pair(pair_from_texts(*doc, LanguagePair("fr", "en")), _CACHE["config"], _CACHE["scorer"])
    return len(report.alignment.source.sentences)


def score_document(doc: tuple[list[list[int]], list[list[int]]], model: str) -> int:
    """Forced decoding and fixed-length generation of one document's sentences; model loaded once per process."""
    if _CACHE.get("model") != model:
        from tqcheck.scoring.backends import load_backend

        _CACHE["backend"] = load_backend(model, backend="ctranslate2", threads=1, batch_size=16)
        _CACHE["model"] = model
    backend = _CACHE["backend"]
    sources, targets = doc
    backend._forced_all(sources, targets)
    backend._generate_all(sources, min_new_tokens=GEN_TOKENS, max_new_tokens=GEN_TOKENS)
    return len(sources)


def nothing(item: int) -> int:
    return item


# ---------------------------------------------------------------- one measurement (fresh interpreter)


def _executor(name: str, jobs: int, **options: Any) -> Any:
    from tqcheck.running.executing import make_executor

    return make_executor(name, jobs=jobs, **options)


def _child(executor: str, jobs: int, workload: str, segments: int, model: str) -> dict[str, Any]:
    # By their importable name, not __main__'s: workers then import them and keep their caches.
    from bench.ray_speed import check_document, nothing, score_document

    if workload == "rules_similarity":
        items: list[Any] = text_feed(segments)
        fn: Any = check_document
    elif workload == "mt":
        items, fn = mt_feed(segments), functools.partial(score_document, model=model)
    else:  # "overhead": the engine alone, a function that does nothing ("overhead-calls": one item per call)
        items, fn = list(range(segments)), nothing
    options = {"batch_size": 1} if workload == "overhead-calls" and executor == "ray" else {}
    start, cpu = time.perf_counter(), time.process_time()
    ex = _executor(executor, jobs, **options)
    started = time.perf_counter() - start
    stamps: list[float] = []
    counts: list[int] = []
    try:
        for n in ex.imap(fn, items):
            stamps.append(time.perf_counter() - start)
            counts.append(1 if workload.startswith("overhead") else n)
        stats = getattr(ex, "stats", None)
    finally:
        ex.close()
    cpu = time.process_time() - cpu  # this process: all the work when serial, the driver's share otherwise
    half = len(stamps) // 2
    steady_seconds = stamps[-1] - stamps[half - 1] if half else stamps[-1]
    return {
        "executor": executor,
        "jobs": jobs,
        "workload": workload,
        "documents": len(items),
        "segments": sum(counts),
        "startup_seconds": round(started, 2),
        "first_result_seconds": round(stamps[0], 2),
        "total_seconds": round(stamps[-1], 2),
        "segments_per_s": round(sum(counts) / stamps[-1], 1),
        "steady_segments_per_s": round(sum(counts[half:]) / steady_seconds, 1) if steady_seconds else None,
        "actor_calls": getattr(stats, "calls", None),
        "driver_cpu_seconds": round(cpu, 2),
        "segments_per_driver_cpu_s": round(sum(counts) / cpu, 1) if cpu else None,
    }


def measure(executor: str, jobs: int, workload: str, segments: int, model: str = "") -> dict[str, Any]:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.ray_speed",
            "--child",
            executor,
            str(jobs),
            workload,
            str(segments),
            model,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT), "RAY_USAGE_STATS_ENABLED": "0"},
    )
    if out.returncode != 0:
        tail = out.stderr.strip().splitlines()[-1:] or ["failed"]
        return {"executor": executor, "jobs": jobs, "workload": workload, "error": tail[0]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def _build_model(folder: Path) -> str:
    import importlib.util

    from bench.mt_speed import OPUS_SHAPE
    from tqcheck.scoring.backends.ctranslate2 import convert

    spec = importlib.util.spec_from_file_location(
        "tqcheck_tiny_marian", ROOT / "tests" / "scoring" / "conftest.py"
    )
    fixture = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fixture)
    shape = {k: OPUS_SHAPE[k] for k in ("d_model", "layers", "heads", "ffn", "max_positions", "vocab_size")}
    fixture.build_marian(folder / "opus-shape", **shape)
    return str(convert(folder / "opus-shape", folder / "opus-shape-ct2-int8"))


RUNS = (("serial", 1), ("local", 2), ("ray", 1), ("ray", 2))


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a and b else None


def _compare(runs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    def rate(key: str, field: str = "steady_segments_per_s") -> float | None:
        return runs.get(key, {}).get(field)

    return {
        "ray1_over_serial_steady": _ratio(rate("ray-1"), rate("serial-1")),
        "ray2_over_local2_steady": _ratio(rate("ray-2"), rate("local-2")),
        "ray2_over_ray1_steady": _ratio(rate("ray-2"), rate("ray-1")),
        "ray2_over_local2_total": _ratio(rate("ray-2", "segments_per_s"), rate("local-2", "segments_per_s")),
        "ray_startup_minus_local_seconds": (
            round(runs["ray-2"]["total_seconds"] - runs["local-2"]["total_seconds"], 1)
            if "total_seconds" in runs.get("ray-2", {}) and "total_seconds" in runs.get("local-2", {})
            else None
        ),
    }


def estimate(rules_rate: float | None, mt_rate: float | None, basis: str) -> dict[str, Any]:
    """Actors (one core each) for 10M segments/day, from one worker's rates of the two workloads."""
    if not rules_rate or not mt_rate:
        return {"skipped": "a rate is missing"}
    per_actor = 1 / (1 / rules_rate + 1 / mt_rate)  # both stages run on the same actor, one after the other
    needed = SEGMENTS_PER_DAY / 86_400
    actors = math.ceil(needed / (per_actor * UTILISATION))
    return {
        "basis": basis,
        "segments_per_day": SEGMENTS_PER_DAY,
        "segments_per_s_needed": round(needed, 1),
        "per_actor_segments_per_s": round(per_actor, 2),
        "utilisation_assumed": UTILISATION,
        "actors_one_core_each": actors,
        "nodes_of_16_cores": math.ceil(actors / 16),
    }


def estimates(results: dict[str, Any]) -> dict[str, Any]:
    """Two bases: one Ray actor's steady wall rate here (shared, busy machine: pessimistic), and one
    core's rate with no neighbours (segments per CPU-second of the serial run, model loads included)."""

    def figure(workload: str, run: str, key: str) -> float | None:
        return results.get(workload, {}).get("runs", {}).get(run, {}).get(key)

    return {
        "ray_actor_wall": estimate(
            figure("rules_similarity", "ray-1", "steady_segments_per_s"),
            figure("mt", "ray-1", "steady_segments_per_s"),
            "steady wall rate of one Ray actor on this shared machine",
        ),
        "per_core_cpu": estimate(
            figure("rules_similarity", "serial-1", "segments_per_driver_cpu_s"),
            figure("mt", "serial-1", "segments_per_driver_cpu_s"),
            "segments per CPU-second of one worker (serial run), i.e. a core of its own",
        ),
        "note": "rules+similarity and MT scoring (opus-mt shape, CTranslate2 int8, 32-token hypothesis) "
        "run one after the other per segment on the same actor; one actor = one core",
    }


def run(
    threads: int = 2, segments: int = 20_000, mt_segments: int = 500, overhead_items: int = 2_000
) -> dict:
    """All measurements; ``threads`` is accepted for bench/run.py's interface (workers use one thread each)."""
    try:
        import ray  # noqa: F401
    except ImportError:
        return {"skipped": "ray is not installed (pip install 'tqcheck[ray]')"}
    results: dict[str, Any] = {"segments": {"rules_similarity": segments, "mt": mt_segments}}
    overhead = {kind: measure("ray", 1, kind, overhead_items) for kind in ("overhead-calls", "overhead")}
    if not any("error" in run for run in overhead.values()):

        def ms_per_item(run: dict[str, Any]) -> float:
            return round(
                1000 * (run["total_seconds"] - run["first_result_seconds"]) / max(1, run["segments"] - 1), 3
            )

        results["engine_overhead"] = {
            "ray_startup_seconds": overhead["overhead"]["startup_seconds"],
            "ray_first_result_seconds": overhead["overhead"]["first_result_seconds"],
            "items": overhead_items,
            "ms_per_item_one_per_call": ms_per_item(overhead["overhead-calls"]),
            "ms_per_item_adaptive_batches": ms_per_item(overhead["overhead"]),
            "actor_calls_adaptive": overhead["overhead"]["actor_calls"],
        }
    else:
        results["engine_overhead"] = overhead
    print(f"  overhead: {results['engine_overhead']}", flush=True)
    with tempfile.TemporaryDirectory(prefix="tqcheck-ray-bench-") as tmp:
        model = _build_model(Path(tmp))
        for workload, n in (("rules_similarity", segments), ("mt", mt_segments)):
            runs: dict[str, dict[str, Any]] = {}
            for executor, jobs in RUNS:
                runs[f"{executor}-{jobs}"] = measure(executor, jobs, workload, n, model)
                print(f"  {workload:16s} {executor}-{jobs}: {runs[f'{executor}-{jobs}']}", flush=True)
            results[workload] = {"runs": runs, "compare": _compare(runs)}
    results["estimate_10M_per_day"] = estimates(results)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    parser.add_argument("--segments", type=int, default=20_000)
    parser.add_argument("--mt-segments", type=int, default=500)
    args = parser.parse_args(argv)
    if args.child:
        executor, jobs, workload, n, model = args.child
        print(json.dumps(_child(executor, int(jobs), workload, int(n), model)))
        return 0
    print(json.dumps(run(segments=args.segments, mt_segments=args.mt_segments), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
