"""Feed runs: documents/s and segments/s over many documents, and peak memory over huge feeds.

Built at bench time from the shared parallel data (bench/align_eval.py's
documents: TICO-19, FLORES-200, NTREX), never from committed copies:

* 1,000 distinct short documents as a folder feed (``fr/NAME.txt`` ↔ ``en/NAME.txt``),
  checked in one process with ``--jobs 1`` and ``--jobs 2``, against the
  baseline users had: one ``tqcheck check`` process per document. Running
  1,000 processes would take over an hour, so the baseline is the mean of
  :data:`BASELINE_PROCESSES` separate processes, scaled (the per-process
  cost is model loading, the same for every document);
* JSONL feeds and an XLIFF file of growing size, checked with ``--jobs 1``;
  peak RSS of the process (ru_maxrss of a fresh wrapper) must stay flat
  (within 20 % from 10,000 to 1,000,000 units). By default 10,000 and 30,000
  units of each (:data:`DEFAULT_JSONL`), so ``make bench`` stays affordable;
  ``make bench-feeds-huge`` runs the issue's sizes (hours of CPU).

Every run uses ``--no-cache`` so no figure is a cache hit.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
BASELINE_PROCESSES = 5
N_DOCUMENTS = 1000
SHORT = 4
"""Sentence pairs per short document (a news brief, a product description)."""


def _documents() -> list[list[tuple[str, str]]]:
    from bench.align_eval import load_documents

    return [rows for _, rows in load_documents() if rows]


def _pairs() -> list[tuple[str, str]]:
    return [row for doc in _documents() for row in doc]


def _tqcheck(args: list[str], cwd: Path) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (MB) of the run and its workers, and their CPU seconds, from a fresh wrapper.

    CPU seconds are reported beside wall time because a shared machine's
    load changes wall time from run to run; CPU time per document does not.
    """
    wrapper = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
        "dt = time.perf_counter() - t\n"
        "r = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(dt, r.ru_maxrss, r.ru_utime + r.ru_stime, rc)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TQCHECK_CACHE_DIR": str(cwd / "cache")}
    cmd = [sys.executable, "-c", wrapper, sys.executable, "-m", "tqcheck.cli", "check", *args, "--no-cache"]
    out = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), int(out[1]) // 1024, float(out[2])


def _segments(path: Path) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return json.loads(lines[-1])["links"]


def short_documents() -> list[list[tuple[str, str]]]:
    """:data:`N_DOCUMENTS` distinct documents of :data:`SHORT` consecutive pairs, cut from the parallel documents.

    Distinct on purpose: the first 419 documents repeated to make 1,000 let a
    single process hit its in-memory memos (encoder vectors, lemma caches) on
    every repeat, while two workers each see only some repeats, which made
    ``--jobs 2`` look slower than it is against ``--jobs 1``.
    """
    chunks = [doc[k : k + SHORT] for doc in _documents() for k in range(0, len(doc) - SHORT + 1, SHORT)]
    if len(chunks) < N_DOCUMENTS:
        raise SystemExit(
            f"only {len(chunks)} distinct {SHORT}-pair documents in the parallel data; need {N_DOCUMENTS}"
        )
    return chunks[:N_DOCUMENTS]


def many_documents(folder: Path) -> dict:
    docs = short_documents()
    for side in ("fr", "en"):
        (folder / "feed" / side).mkdir(parents=True, exist_ok=True)
    for i in range(N_DOCUMENTS):
        rows = docs[i]
        (folder / "feed" / "fr" / f"doc{i:04d}.txt").write_text(
            "\n".join(fr for fr, _ in rows) + "\n", encoding="utf-8"
        )
        (folder / "feed" / "en" / f"doc{i:04d}.txt").write_text(
            "\n".join(en for _, en in rows) + "\n", encoding="utf-8"
        )
    per_process = []
    cpu_per_process = []
    for i in range(BASELINE_PROCESSES):
        seconds, _, cpu = _tqcheck([f"feed/fr/doc{i:04d}.txt", f"feed/en/doc{i:04d}.txt", "-q"], folder)
        per_process.append(seconds)
        cpu_per_process.append(cpu)
    baseline_dps = 1 / (sum(per_process) / len(per_process))
    baseline_cpu = sum(cpu_per_process) / len(cpu_per_process)
    out: dict = {
        "documents": N_DOCUMENTS,
        "sentence_pairs_per_document": SHORT,
        "baseline_processes_measured": BASELINE_PROCESSES,
        "baseline_seconds_per_process": round(1 / baseline_dps, 2),
        "baseline_cpu_seconds_per_process": round(baseline_cpu, 2),
        "baseline_docs_per_s": round(baseline_dps, 3),
    }
    for jobs in (1, 2):
        report = folder / f"jobs{jobs}.jsonl"
        seconds, rss, cpu = _tqcheck(
            ["feed", "--jobs", str(jobs), "--format", "jsonl", "-o", str(report)], folder
        )
        segments = _segments(report)
        out[f"jobs{jobs}"] = {
            "seconds": round(seconds, 1),
            "docs_per_s": round(N_DOCUMENTS / seconds, 2),
            "segments_per_s": round(segments / seconds, 1),
            "segments": segments,
            "peak_rss_mb": rss,
            "cpu_seconds": round(cpu, 1),
            "cpu_seconds_per_document": round(cpu / N_DOCUMENTS, 3),
        }
        print(f"  jobs {jobs}: {out[f'jobs{jobs}']}", file=sys.stderr, flush=True)
    out["speedup_vs_processes_jobs1"] = round(out["jobs1"]["docs_per_s"] / baseline_dps, 1)
    out["speedup_vs_processes_jobs2"] = round(out["jobs2"]["docs_per_s"] / baseline_dps, 1)
    out["speedup_jobs2_vs_jobs1"] = round(out["jobs2"]["docs_per_s"] / out["jobs1"]["docs_per_s"], 2)
    out["cpu_ratio_vs_processes"] = round(baseline_cpu / out["jobs1"]["cpu_seconds_per_document"], 1)
    return out


def _unique(pairs: list[tuple[str, str]], i: int) -> tuple[str, str]:
    """The i-th segment, made unique (a reference number on both sides) so no memo or cache hides growth."""
    fr, en = pairs[i % len(pairs)]
    return f"{fr} [{i}]", f"{en} [{i}]"


def _write_jsonl(path: Path, n: int, pairs: list[tuple[str, str]]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for i in range(n):
            fr, en = _unique(pairs, i)
            handle.write(json.dumps({"source": fr, "target": en}, ensure_ascii=False) + "\n")


def _write_xliff(path: Path, n: int, pairs: list[tuple[str, str]]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2">'
            '<file source-language="fr" target-language="en" datatype="plaintext" original="feed"><body>\n'
        )
        for i in range(n):
            fr, en = _unique(pairs, i)
            handle.write(
                f'<trans-unit id="u{i}"><source>{escape(fr)}</source><target>{escape(en)}</target></trans-unit>\n'
            )
        handle.write("</body></file></xliff>\n")


def huge_feeds(
    folder: Path, jsonl_sizes: list[int], xliff_sizes: list[int], check_args: list[str] | None = None
) -> dict:
    """Peak RSS and speed of one ``--jobs 1`` run per size; ``check_args`` are added to every run.

    The default check costs ~8 ms of CPU a unit, so the issue's 1,000,000 units take over two
    CPU-hours; with ``--no-similarity --ignore TQ2`` (no encoder, no French parser) they take about
    half an hour. What memory could grow with the number of units (the run-level segment store of
    TQ707/TQ708, the report writer, fingerprints, the reader) is the same in both, so the cheaper
    configuration is a fair test of flatness; the figures say which one ran.
    """
    pairs = _pairs()
    extra = list(check_args or [])
    out: dict = {"jsonl": [], "xliff": [], "check_args": " ".join(extra) or "(defaults)"}
    for kind, sizes, writer, suffix in (
        ("jsonl", jsonl_sizes, _write_jsonl, "jsonl"),
        ("xliff", xliff_sizes, _write_xliff, "xlf"),
    ):
        for n in sizes:
            path = folder / f"feed{n}.{suffix}"
            writer(path, n, pairs)
            report = folder / f"feed{n}.{suffix}.report.jsonl"
            seconds, rss, cpu = _tqcheck(
                [path.name, "--jobs", "1", "--format", "jsonl", "-o", str(report), *extra], folder
            )
            segments = _segments(report)
            out[kind].append(
                {
                    "segments": n,
                    "file_mb": round(path.stat().st_size / 2**20, 1),
                    "seconds": round(seconds, 1),
                    "segments_per_s": round(segments / seconds, 1),
                    "cpu_seconds": round(cpu, 1),
                    "segments_per_cpu_s": round(segments / cpu, 1) if cpu else None,
                    "peak_rss_mb": rss,
                }
            )
            print(f"  {kind} {n:,} segments: {out[kind][-1]}", file=sys.stderr, flush=True)
            path.unlink()
            report.unlink()
        runs = out[kind]
        if len(runs) > 1:
            out[f"{kind}_rss_growth"] = round(runs[-1]["peak_rss_mb"] / runs[0]["peak_rss_mb"] - 1, 3)
    return out


DEFAULT_JSONL = "10000,30000"
DEFAULT_XLIFF = "10000,30000"
"""Sizes ``make bench`` checks by default. A unit of these feeds costs ~8 ms of CPU (~120 units per
CPU-second, measured on this 2-core machine: 10,000 JSONL units in 83 CPU-s), so the issue's full
sizes (1,000,000 JSONL units, 200,000 XLIFF units) take ~2.5 CPU-hours and are an opt-in:
``make bench-feeds-huge`` (or the environment variables below)."""


def run(threads: int = 2, jsonl_sizes: list[int] | None = None, xliff_sizes: list[int] | None = None) -> dict:
    """The figures; ``TQCHECK_BENCH_JSONL`` / ``TQCHECK_BENCH_XLIFF`` (comma-separated unit counts) and
    ``TQCHECK_BENCH_FEEDS_PARTS`` (``many``, ``huge``) choose what runs; ``TQCHECK_BENCH_HUGE_ARGS``
    adds ``tqcheck check`` options to the huge runs (e.g. ``--no-similarity --ignore TQ2``)."""
    sizes = [int(s) for s in os.environ.get("TQCHECK_BENCH_JSONL", DEFAULT_JSONL).split(",")]
    xsizes = [int(s) for s in os.environ.get("TQCHECK_BENCH_XLIFF", DEFAULT_XLIFF).split(",")]
    parts = os.environ.get("TQCHECK_BENCH_FEEDS_PARTS", "many,huge").split(",")
    started = time.perf_counter()
    result: dict = {}
    with tempfile.TemporaryDirectory(prefix="tqcheck-bench-feeds-") as tmp:
        folder = Path(tmp)
        if "many" in parts:
            result["many_documents"] = many_documents(folder)
            print(f"  many documents: {result['many_documents']}", file=sys.stderr, flush=True)
        if "huge" in parts:
            extra = os.environ.get("TQCHECK_BENCH_HUGE_ARGS", "").split()
            result["huge"] = huge_feeds(folder, jsonl_sizes or sizes, xliff_sizes or xsizes, extra)
    result["seconds"] = round(time.perf_counter() - started, 1)
    result["peak_rss_note"] = "ru_maxrss of the tqcheck process and its workers (max, not sum)"
    return result


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
