"""The bench's own pieces: distinct documents, the vecalign-style peer's DP, the README speed table.

No timing is asserted anywhere: these check that the bench measures what it says.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from bench import documents, report, vecalign_style


def _shared_data_or_skip() -> None:
    try:
        documents.data_dir()
    except SystemExit:
        pytest.skip("no shared parallel data beside the checkout")


def test_bench_documents_never_repeat_a_sentence():
    _shared_data_or_skip()
    fr, en = documents.make_document(3000)
    assert documents.repetition(fr, en) == 0.0
    rows = [r for p in documents.document_rows(3000) for r in p]
    assert len(rows) == 3000
    assert len({f for f, _ in rows}) == len({e for _, e in rows}) == 3000
    assert fr.count("\n") == en.count("\n")  # same paragraph breaks on both sides


def test_bench_documents_refuse_more_pairs_than_the_data_has():
    _shared_data_or_skip()
    with pytest.raises(SystemExit, match="distinct pairs"):
        documents.document_rows(documents.available_pairs() + 1)


def test_ray_bench_feed_is_built_from_distinct_pairs():
    _shared_data_or_skip()
    from bench.ray_speed import text_feed

    docs = text_feed(600)
    assert sum(fr.count("\n") for fr, _ in docs) == sum(en.count("\n") for _, en in docs)
    paragraphs = [p for fr, _ in docs for p in fr.splitlines()]
    assert len(paragraphs) == len(set(paragraphs))  # nothing taken twice
    with pytest.raises(ValueError, match="distinct pairs"):
        text_feed(documents.available_pairs() + 1)


def test_repetition_counts_repeated_paragraphs():
    assert documents.repetition("a\nb\na\n", "x\ny\nx\n") == pytest.approx(
        1 / 4
    )  # 4 lines, the trailing "" too


def _vectors(n: int, rng: np.random.Generator) -> np.ndarray:
    v = rng.normal(size=(n, 64)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def _overlaps(single: np.ndarray) -> np.ndarray:
    n = len(single)
    layers = []
    for k in range(vecalign_style.OVERLAPS):
        rows = [single[i : min(n, i + k + 1)].sum(axis=0) for i in range(n)]
        layer = np.stack(rows)
        layers.append(layer / np.linalg.norm(layer, axis=1, keepdims=True))
    return np.stack(layers)


@pytest.mark.parametrize("n", [40, 900])  # 900 x 900 is past COARSE_CELLS: the coarse-to-fine path runs
def test_vecalign_style_peer_recovers_a_deletion(n):
    rng = np.random.default_rng(1)
    src = _vectors(n, rng)
    noise = rng.normal(scale=0.15, size=src.shape).astype(np.float32)
    tgt = src + noise
    tgt /= np.linalg.norm(tgt, axis=1, keepdims=True)
    dropped = n // 3
    tgt = np.delete(tgt, dropped, axis=0)  # the translation lost one sentence
    beads = vecalign_style.align(_overlaps(src), _overlaps(tgt))
    assert beads[0][0] == 0 and beads[0][2] == 0
    assert beads[-1][1] == n and beads[-1][3] == n - 1
    for a, b in zip(beads, beads[1:], strict=False):
        assert (a[1], a[3]) == (b[0], b[2])  # contiguous, nothing skipped
    # the lost sentence is a 1-0 bead or merged into a neighbour's 2-1 (vecalign's own habit); all else is 1-1
    (odd,) = [b for b in beads if not (b[1] - b[0] == 1 and b[3] - b[2] == 1)]
    assert (
        odd[0] <= dropped < odd[1] and odd[1] - odd[0] in (1, 2) and odd[1] - odd[0] - (odd[3] - odd[2]) == 1
    )
    assert all(b[0] == b[2] for b in beads if b[1] <= dropped)
    assert all(b[0] == b[2] + 1 for b in beads if b[0] > dropped)


def test_vecalign_style_peer_handles_a_run_of_added_sentences():
    rng = np.random.default_rng(2)
    src = _vectors(60, rng)
    tgt = np.insert(src, 20, _vectors(4, rng), axis=0)  # four sentences with no source in a row
    beads = vecalign_style.align(_overlaps(src), _overlaps(tgt))  # found no path before insertions chained
    assert (beads[0][0], beads[0][2], beads[-1][1], beads[-1][3]) == (0, 0, 60, 64)
    for a, b in zip(beads, beads[1:], strict=False):
        assert (a[1], a[3]) == (b[0], b[2])
    # away from the insertion every bead is in place (equal vectors tie 1-1 with 2-2, either is right)
    assert all(b[0] == b[2] and b[1] - b[0] == b[3] - b[2] for b in beads if b[1] <= 18)
    assert all(b[0] + 4 == b[2] and b[1] - b[0] == b[3] - b[2] for b in beads if b[0] >= 22)


def test_speed_table_states_goals_and_peers():
    results = {
        "date": "2026-12-07",
        "machine": {
            "cores": 2,
            "python": "3.11.7",
            "load_average_at_start": [3.0],
            "load_average_at_end": [4.0],
        },
        "coldstart": {
            "whole_process": {
                "new_text": {"wall_min_s": 2.5, "wall_median_s": 3.0, "cpu_min_s": 2.1, "runs": 5}
            },
            "breakdown": {"import spacy (without torch)": {"wall_s": 0.7, "cpu_s": 0.6}},
        },
        "offline": {
            "runs": {
                "full": [{"pairs": 20000, "pairs_per_second": 200.0, "peak_rss_mb": 500}],
                "peer-vecalign": [{"pairs": 1000, "pairs_per_second": 50.0}],
                "fast": [{"pairs": 20000, "pairs_per_second": 6000.0}],
                "peer-galechurch": [{"error": ["ModuleNotFoundError: pysbd"]}],
            },
            "summary": {"b_vs_vecalign_style": 4.0},
        },
        "mt": {"skipped": "bench/mt_speed.py not available"},
    }
    table = report.speed_table(results)
    assert "2.50 s wall" in table and "missed (0.80× the goal)" in table
    assert "200 pairs/s" in table and "vecalign-style" in table and "| 4.0× (–× per CPU-second) |" in table
    assert "6,000 pairs/s" in table and "met (1.20× the goal)" in table
    assert "not measured: bench/mt_speed.py not available" in table
    assert "import spacy (without torch)" in table
    assert "load average 3.0 at the start" in table


def test_speed_table_gives_the_feed_figures_and_every_rerun():
    results = {
        "date": "2026-12-07",
        "machine": {
            "cores": 2,
            "python": "3.11.7",
            "load_average_at_start": [0.5],
            "load_average_at_end": [0.9],
            "reruns": [
                {
                    "date": "2026-12-07",
                    "sections": ["mt"],
                    "load_average_at_start": [1.0],
                    "load_average_at_end": [1.2],
                },
                {
                    "date": "2026-12-08",
                    "sections": ["feeds"],
                    "load_average_at_start": [0.3],
                    "load_average_at_end": [0.4],
                },
            ],
        },
        "feeds": {
            "many_documents": {
                "documents": 1000,
                "sentence_pairs_per_document": 4,
                "baseline_processes_measured": 5,
                "baseline_docs_per_s": 0.25,
                "jobs1": {"docs_per_s": 30.0, "segments_per_s": 120.0},
                "jobs2": {"docs_per_s": 54.0, "segments_per_s": 216.0},
                "speedup_jobs2_vs_jobs1": 1.8,
                "speedup_vs_processes_jobs1": 120.0,
                "speedup_vs_processes_jobs2": 216.0,
            },
            "huge": {
                "jsonl": [
                    {"segments": 10000, "peak_rss_mb": 800, "segments_per_s": 300.0},
                    {"segments": 1000000, "peak_rss_mb": 1000, "segments_per_s": 290.0},
                ],
                "jsonl_rss_growth": 0.25,
            },
        },
    }
    table = report.speed_table(results)
    assert "otherwise idle while it ran" in table
    assert (
        "(sections mt, load average 1.0 → 1.2)" in table
        and "(sections feeds, load average 0.3 → 0.4)" in table
    )
    assert (
        "30.0 / 54.0 documents/s" in table
        and "--jobs 2 met (1.06× the goal)" in table
        and "120× / 216×" in table
    )
    assert "800 / 1000 MB" in table and "missed (+25%)" in table


def test_the_huge_feed_run_is_merged_into_the_table_with_its_checks(tmp_path):
    from bench import merge_huge

    huge_run = {
        "machine": {"load_average_at_start": [3.5], "load_average_at_end": [1.5], "date": "2026-12-07"},
        "feeds": {
            "huge": {
                "check_args": "--no-similarity --ignore TQ2",
                "jsonl": [
                    {
                        "segments": 10000,
                        "peak_rss_mb": 500,
                        "segments_per_s": 900.0,
                        "segments_per_cpu_s": 1000.0,
                    },
                    {
                        "segments": 1000000,
                        "peak_rss_mb": 560,
                        "segments_per_s": 950.0,
                        "segments_per_cpu_s": 1200.0,
                    },
                ],
                "jsonl_rss_growth": 0.12,
            }
        },
    }
    (tmp_path / "huge.json").write_text(json.dumps(huge_run))
    (tmp_path / "results.json").write_text(json.dumps({"feeds": {"huge": {"jsonl": []}}}))
    merge_huge.merge(tmp_path / "huge.json", tmp_path / "results.json")
    results = json.loads((tmp_path / "results.json").read_text())
    assert results["feeds"]["huge"] == {"jsonl": []}  # make bench's own sizes are left alone
    table = report.speed_table(results)
    row = next(line for line in table.splitlines() if "1,000,000 units" in line)
    assert (
        "checks --no-similarity --ignore TQ2 (make bench-feeds-huge, 2026-12-07, 1-minute load 3.5 → 1.5)"
        in row
    )
    assert "500 / 560 MB" in row and "(1,000 / 1,200 per CPU-second)" in row and "met (+12%)" in row


def test_a_default_check_huge_run_is_kept_beside_the_cheaper_one(tmp_path):
    from bench import merge_huge

    def run(check_args: str, rss: int) -> dict:
        rows = [
            {"segments": 10000, "peak_rss_mb": rss, "segments_per_s": 100.0, "segments_per_cpu_s": 200.0},
            {"segments": 200000, "peak_rss_mb": rss + 60, "segments_per_s": 150.0, "segments_per_cpu_s": 250.0},
        ]
        return {"machine": {"date": "2026-12-07"}, "feeds": {"huge": {"check_args": check_args, "xliff": rows}}}

    (tmp_path / "results.json").write_text(json.dumps({"feeds": {}}))
    for args, rss in (("--no-similarity --ignore TQ2", 500), ("--jobs 2", 700)):
        (tmp_path / "huge.json").write_text(json.dumps(run(args, rss)))
        merge_huge.merge(tmp_path / "huge.json", tmp_path / "results.json")
    results = json.loads((tmp_path / "results.json").read_text())
    assert results["feeds"]["huge_opt_in"]["check_args"] == "--no-similarity --ignore TQ2"
    assert results["feeds"]["huge_opt_in_default"]["check_args"] == "--jobs 2"
    rows = [line for line in report.speed_table(results).splitlines() if "200,000 units" in line]
    assert len(rows) == 2
    assert "--jobs 2, checks (defaults)" in rows[0] and "700 / 760 MB" in rows[0]
    assert "--jobs 1, checks --no-similarity --ignore TQ2" in rows[1] and "500 / 560 MB" in rows[1]


def test_split_jobs_takes_the_worker_count_out_of_the_checks():
    assert report.split_jobs("--jobs 2 --no-similarity") == ("2", "--no-similarity")
    assert report.split_jobs("") == ("1", "(defaults)")
    assert report.split_jobs("(defaults)") == ("1", "(defaults)")


def test_a_feeds_run_keeps_both_huge_feed_runs_and_the_parts_it_did_not_measure():
    from bench.run import kept_feed_parts

    feeds = {"many_documents": 1, "huge": 2, "huge_opt_in": 3, "huge_opt_in_default": 4, "seconds": 5}
    assert kept_feed_parts(feeds) == {"many_documents": 1, "huge": 2, "huge_opt_in": 3, "huge_opt_in_default": 4}


def test_a_rerun_takes_its_sections_from_earlier_reruns():
    from bench.run import merge_reruns

    first = {"date": "d1", "sections": ["coldstart", "offline", "feeds"]}
    second = {"date": "d2", "sections": ["mt"]}
    third = {"date": "d3", "sections": ["coldstart", "offline"]}
    merged = merge_reruns([first, second], third)
    assert merged == [{"date": "d1", "sections": ["feeds"]}, second, third]
    assert merge_reruns(merged, {"date": "d4", "sections": ["feeds", "mt"]}) == [third, {"date": "d4", "sections": ["feeds", "mt"]}]
