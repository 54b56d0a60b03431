"""Real translations, the whole run: check the wmt-news documents in parallel, tabulate, write examples.

The per-document work and the documents themselves are in
:mod:`tqcheck.eval.realtext`; this module gathers what the workers send back
into findings per 100 segments (per rule, per lexicon entry, against the
reviewed judgements) and injected-error recall per family, writes the local
examples file, and renders the README section.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from tqcheck.config import Config
from tqcheck.eval.inject import KINDS
from tqcheck.eval.measure import Counts
from tqcheck.eval.realtext import (
    EVERY_DOCUMENT_KINDS,
    FULL_INJECTED,
    LINES_PER_DOCUMENT,
    QUICK_DOCUMENTS,
    QUICK_INJECTED,
    DocumentResult,
    Task,
    donor_sentences,
    find_wmt_news,
    load_documents,
    run_document,
    spread,
)
from tqcheck.eval.realtext_heldout import (
    QUICK_HELDOUT_DOCUMENTS,
    load_heldout,
    markdown_heldout,
    tabulate_heldout,
)

#: The issue's goals, printed beside the figures.
GOAL_ALL_PER_100 = 1.0
GOAL_RULE_PER_100 = 0.3
GOAL_RECALL = 0.95
GOAL_FAMILY_RECALL = 0.9
EXAMPLES_PER_RULE = 12
JUDGEMENTS = Path(__file__).resolve().parents[1] / "data" / "eval" / "realtext_judged.json"


# --------------------------------------------------------------------------- the run


def evaluate_real_text(
    config: Config,
    *,
    mode: str = "quick",
    kinds: Iterable[str] = KINDS,
    jobs: int | None = None,
    folder: Path | None = None,
    examples_out: Path | None = Path("bench/realtext-examples.md"),
    progress: Any = None,
) -> dict[str, Any]:
    """Check the wmt-news documents (``mode`` quick: a fixed sample; full: all) and tabulate."""
    from tqcheck.running.executing import ProcessExecutor

    folder = folder or find_wmt_news()
    if folder is None:
        return {"available": False, "mode": mode}
    started = time.perf_counter()
    docs = load_documents(folder)
    chosen = spread(docs, QUICK_DOCUMENTS) if mode == "quick" else docs
    n_injected = QUICK_INJECTED if mode == "quick" else FULL_INJECTED
    injected_names = {d.name for d in spread(chosen, n_injected)}
    kinds = tuple(kinds)
    heldout_sets = load_heldout(folder, _embed)
    heldout_docs = [
        d
        for docs, _ in heldout_sets.values()
        for d in (spread(docs, QUICK_HELDOUT_DOCUMENTS) if mode == "quick" else docs)
    ]
    tasks = [
        Task(
            d,
            kinds
            if d.name in injected_names
            else tuple(kind for kind in kinds if kind in EVERY_DOCUMENT_KINDS),
            config,
            donor_sentences(chosen, k),
        )
        for k, d in enumerate(chosen)
    ] + [Task(d, (), config) for d in heldout_docs]  # held-out sets: findings only, no injection
    results: list[DocumentResult] = []
    with ProcessExecutor(jobs=jobs) as executor:
        for k, r in enumerate(executor.imap(run_document, tasks)):
            results.append(r)
            if progress:
                progress(k + 1, len(tasks))
    results, heldout_results = results[: len(chosen)], results[len(chosen) :]
    figures = tabulate(
        results,
        mode=mode,
        total_documents=len(docs),
        seconds=time.perf_counter() - started,
        jobs=ProcessExecutor(jobs=jobs).jobs,
    )
    figures["heldout"] = tabulate_heldout(heldout_results, heldout_sets)
    if examples_out is not None:
        write_examples(results, examples_out)
        if heldout_results:
            write_findings(heldout_results, examples_out.with_name("heldout-examples.jsonl"))
    return figures


def _embed(texts: list[str]) -> Any:
    """Unit vectors of ``texts`` by the embedded encoder (loaded on first use)."""
    from tqcheck.encoder import Encoder

    return Encoder().embed(texts)


def _judgements() -> dict[str, str]:
    """Reviewed findings: judgement key → "real" | "false" (hashes only: no wmt-news text in the repository)."""
    if not JUDGEMENTS.is_file():
        return {}
    data = json.loads(JUDGEMENTS.read_text(encoding="utf-8"))
    return dict(data.get("judged", {}))


def tabulate(
    results: list[DocumentResult], *, mode: str, total_documents: int, seconds: float, jobs: int
) -> dict[str, Any]:
    """Per-rule and per-family figures from the documents' results."""
    segments = sum(r.segments for r in results)
    per_rule: Counter[str] = Counter()
    per_severity: Counter[str] = Counter()
    judged = _judgements()
    verdicts: dict[str, Counter[str]] = {}
    for r in results:
        for f in r.findings:
            per_rule[f["code"]] += 1
            per_severity[f["severity"]] += 1
            verdict = judged.get(f["key"])
            if verdict:
                verdicts.setdefault(f["code"], Counter())[verdict] += 1
    total = sum(per_rule.values())
    families: dict[str, Counts] = {}
    injected = Counter[str]()
    skipped = Counter[str]()
    kinds: dict[str, Counts] = {}
    for r in results:
        for kind, data in r.injected.items():
            if data["skipped"]:
                skipped[kind] += 1
                continue
            injected[kind] += 1
            for fam, (tp, fp, fn) in data["families"].items():
                families.setdefault(fam, Counts()).__iadd__(Counts(tp, fp, fn))
                kinds.setdefault(kind, Counts()).__iadd__(Counts(tp, fp, fn))
    overall = Counts()
    for c in families.values():
        overall += c

    def per100(n: int) -> float:
        return round(100 * n / segments, 3) if segments else 0.0

    return {
        "available": True,
        "mode": mode,
        "documents": len(results),
        "documents_in_set": total_documents,
        "segments": segments,
        "seconds": round(seconds, 1),
        "jobs": jobs,
        "findings": total,
        "per_100_segments": per100(total),
        "by_severity": dict(per_severity),
        "rules": {
            code: {
                "findings": n,
                "per_100_segments": per100(n),
                "judged_real": verdicts.get(code, Counter())["real"],
                "judged_false": verdicts.get(code, Counter())["false"],
            }
            for code, n in sorted(per_rule.items())
        },
        "injected_documents": sum(1 for r in results if set(r.injected) - set(EVERY_DOCUMENT_KINDS)),
        "injections": {
            k: {"cases": injected[k], "skipped": skipped[k], **(kinds[k].as_dict() if k in kinds else {})}
            for k in sorted(set(injected) | set(skipped))
        },
        "families": {k: v.as_dict() for k, v in sorted(families.items())},
        "overall": overall.as_dict(),
        "lexicon": _lexicon_firings(results, segments),
    }


def _lexicon_firings(results: list[DocumentResult], segments: int) -> dict[str, dict[str, Any]]:
    """Findings per lexicon entry (TQ202/TQ203), so an entry that misfires on professional text is seen."""
    from tqcheck.eval.lexicon_firings import tally_records

    firings = tally_records((f for r in results for f in r.findings), segments)
    entries = sorted(
        set(firings.counted) | set(firings.info), key=lambda e: (-firings.counted[e], -firings.info[e], e)
    )
    return {
        e: {
            "findings": firings.counted[e],
            "info": firings.info[e],
            "per_100_segments": round(firings.per_100(e), 3),
        }
        for e in entries
    }


def write_examples(results: list[DocumentResult], path: Path) -> None:
    """Top examples of each rule (and of injected errors missed) for review: local, git-ignored."""
    from tqcheck.output import write_atomic

    by_rule: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for r in results:
        for f in r.findings:
            by_rule.setdefault(f["code"], []).append((r.name, f))
    lines = ["# wmt-news findings for review (local file: never commit wmt-news text)", ""]
    for code, items in sorted(by_rule.items()):
        lines += [f"## {code} ({len(items)} findings)", ""]
        for name, f in spread(items, EXAMPLES_PER_RULE):
            lines += [
                f"- `{f['key']}` {name} line {f['line']}: {f['severity']}: {f['message']}",
                f"  - fr: {f['source_line']}",
                f"  - en: {f['target_line']}",
            ]
        lines.append("")
    missed: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for r in results:
        for kind, data in r.injected.items():
            for m in data.get("missed", []):
                missed.setdefault(kind, []).append((r.name, m))
    if missed:
        lines += ["# injected errors missed", ""]
        for kind, items in sorted(missed.items()):
            lines += [f"## {kind} ({len(items)} missed)", ""]
            lines += [f"- {name}: {m['code']} `{m['text']}`" for name, m in items[:EXAMPLES_PER_RULE]]
            lines.append("")
    write_atomic(path, "\n".join(lines) + "\n")
    write_findings(results, path.with_suffix(".jsonl"))


def write_findings(results: list[DocumentResult], path: Path) -> None:
    """Every finding as a JSON line with its document's name, for review (local, git-ignored)."""
    with path.open("w", encoding="utf-8") as out:
        for r in results:
            for f in r.findings:
                out.write(json.dumps({"document": r.name, **f}, ensure_ascii=False) + "\n")


def _fmt(x: Any) -> str:
    return "–" if x is None else f"{x:.3f}" if isinstance(x, float) else str(x)


def _judged_line(result: dict[str, Any]) -> str:
    """How many of the findings were judged by hand, and the false alarms among them per 100 segments.

    The goal of issue #8 is about false alarms: a finding on a real
    translation error is what the checker is for. Unreviewed findings are
    given as an upper bound (as if every one were false).
    """
    rules = result["rules"].values()
    real = sum(r["judged_real"] for r in rules)
    false = sum(r["judged_false"] for r in rules)
    unreviewed = result["findings"] - real - false
    segments = max(result.get("segments") or 0, 1)
    bound = (
        ""
        if not unreviewed
        else f"; at most {_fmt(100 * (false + unreviewed) / segments)} if every unreviewed one were false"
    )
    return (
        f"Judged by hand: {real + false} of {result['findings']} findings, {real} real translation errors and "
        f"{false} false alarms: **{_fmt(100 * false / segments)} false alarms per 100 segments**{bound}."
    )


def markdown(result: dict[str, Any]) -> str:
    """The real-translations section as Markdown (``make eval`` puts it in the README)."""
    head = "### Real translations (wmt-news)\n\n"
    if not result.get("available"):
        return head + (
            "Skipped: the WMT news test sets were not found beside the checkout "
            "(`../shared/data/wmt-news`, or set `TQCHECK_WMT_NEWS`).\n"
        )
    ok_all = "met" if result["per_100_segments"] <= GOAL_ALL_PER_100 else "not met"
    lines = [
        head.rstrip("\n"),
        "",
        f"{result['mode']} run: {result['documents']} documents of up to {LINES_PER_DOCUMENT} consecutive lines "
        f"({result['segments']} segments; the set has {result['documents_in_set']} documents), "
        f"{result['seconds']} s with {result['jobs']} worker(s). Professional translations nobody here wrote: "
        "every warning and error raised on them is counted.",
        "",
        f"Warnings and errors per 100 segments: **{_fmt(result['per_100_segments'])}** "
        f"({result['findings']} findings; goal ≤ {GOAL_ALL_PER_100}: {ok_all}).",
        "",
        _judged_line(result),
        "",
        "| rule | findings | per 100 segments | goal ≤ 0.3 | judged real / reviewed |",
        "|---|---:|---:|---|---:|",
    ]
    for code, r in result["rules"].items():
        reviewed = r["judged_real"] + r["judged_false"]
        judged = f"{r['judged_real']} / {reviewed}" if reviewed else "–"
        ok = "met" if r["per_100_segments"] <= GOAL_RULE_PER_100 else "not met"
        lines.append(f"| {code} | {r['findings']} | {_fmt(r['per_100_segments'])} | {ok} | {judged} |")
    if result.get("lexicon"):
        lines += [
            "",
            "Lexicon entries that fired (TQ202/TQ203; info findings apart), most first:",
            "",
            "| entry | warnings and errors | per 100 segments | info |",
            "|---|---:|---:|---:|",
        ]
        for entry, e in list(result["lexicon"].items())[:15]:
            lines.append(f"| {entry} | {e['findings']} | {_fmt(e['per_100_segments'])} | {e['info']} |")
    if result["families"]:
        o = result["overall"]
        lines += [
            "",
            f"Errors injected into {result['injected_documents']} of these documents (one case per kind and document; "
            f"{', '.join(EVERY_DOCUMENT_KINDS)} into every document, its places being rare; "
            "findings already raised on the untouched document are not counted again):",
            "",
            "| family | TP | FP | FN | precision | recall | goal |",
            "|---|---:|---:|---:|---:|---:|---|",
        ]
        for fam, c in result["families"].items():
            goal = "–" if c["recall"] is None else "met" if c["recall"] >= GOAL_FAMILY_RECALL else "not met"
            lines.append(
                f"| {fam} | {c['tp']} | {c['fp']} | {c['fn']} | {_fmt(c['precision'])} | {_fmt(c['recall'])} | {goal} |"
            )
        goal = "–" if o["recall"] is None else "met" if o["recall"] >= GOAL_RECALL else "not met"
        lines.append(
            f"| **all** | {o['tp']} | {o['fp']} | {o['fn']} | {_fmt(o['precision'])} | {_fmt(o['recall'])} | {goal} |"
        )
        cases = ", ".join(
            f"{k} {v['cases']}" + (f" (recall {_fmt(v['recall'])})" if v.get("recall") is not None else "")
            for k, v in result["injections"].items()
        )
        lines += ["", f"Injected cases per kind: {cases}."]
    lines += markdown_heldout(result.get("heldout") or {})
    return "\n".join(lines) + "\n"


def progress_printer(stream: Any) -> Callable[[int, int], None]:
    """A ``progress(done, total)`` callback writing one overwritten line to ``stream`` (stderr)."""

    def show(done: int, total: int) -> None:
        stream.write(f"\rwmt-news: {done}/{total} documents")
        if done == total:
            stream.write("\n")
        stream.flush()

    return show
