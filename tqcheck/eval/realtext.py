"""Real translations: false alarms and injected-error recall on professional news text.

Why this exists: the corpora in ``corpora/`` were written alongside the
rules, so a rule that cries wolf on ordinary professional translation (names
rendered by meaning, approximate numbers, dropped weekdays) looks perfect
there. The WMT news test sets (``../shared/data/wmt-news`` beside the
checkout) are 16,071 French–English pairs that nobody here wrote. This module

* cuts each file into documents of consecutive lines (one paragraph per line,
  so document-level rules have context) and checks them, in parallel through
  :mod:`tqcheck.executing`;
* counts every warning and error per 100 segments, overall and per rule, and
  writes the top examples of each rule to ``bench/`` for review (that folder
  is git-ignored: the sets may be measured on, never copied into the
  repository);
* injects every error kind of :mod:`tqcheck.eval.inject` into the same
  documents and reports recall and precision per family. An injected
  document's findings that were already raised on the untouched document are
  real-text findings, counted above, not injection false positives.

The data is optional: without it the section says so and is skipped.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqcheck.config import Config
from tqcheck.datatypes import Finding, LanguagePair, Report, Severity
from tqcheck.eval.gold import GoldLink, GoldTranslation
from tqcheck.eval.inject import KINDS, inject
from tqcheck.eval.measure import Counts, compare_findings, counted

#: Lines per document: news articles run 20–30 paragraphs.
LINES_PER_DOCUMENT = 25
#: Documents in the quick run (a fixed, evenly spread sample of all years).
QUICK_DOCUMENTS = 48
#: Documents that also get injected errors: every one in the quick run, a spread sample in the full run.
QUICK_INJECTED = 24
FULL_INJECTED = 64
#: The issue's goals, printed beside the figures.
GOAL_ALL_PER_100 = 1.0
GOAL_RULE_PER_100 = 0.3
GOAL_RECALL = 0.95
GOAL_FAMILY_RECALL = 0.9
EXAMPLES_PER_RULE = 12
JUDGEMENTS = Path(__file__).resolve().parents[1] / "data" / "eval" / "realtext_judged.json"


@dataclass(frozen=True)
class RealDocument:
    """Consecutive lines of one WMT file, both sides, one paragraph per line."""

    name: str  # "newstest2010:26-50" (1-based line numbers)
    source_lines: tuple[str, ...]
    target_lines: tuple[str, ...]

    @property
    def source_text(self) -> str:
        return "\n".join(self.source_lines)

    @property
    def target_text(self) -> str:
        return "\n".join(self.target_lines)

    def gold(self) -> GoldTranslation:
        """The document as a gold translation: one 1-1 link per line pair (what the set asserts)."""
        links = []
        s_pos = t_pos = 0
        for s, t in zip(self.source_lines, self.target_lines, strict=True):
            links.append(GoldLink(((s_pos, s_pos + len(s)),), ((t_pos, t_pos + len(t)),)))
            s_pos += len(s) + 1
            t_pos += len(t) + 1
        return GoldTranslation(self.name, Path(self.name + ".fr"), Path(self.name + ".en"), self.source_text, self.target_text, links)


def repo_root() -> Path:
    return Path(__file__).resolve().parents[2]


def find_wmt_news(root: Path | None = None) -> Path | None:
    """The wmt-news folder beside the checkout (``../shared/data/wmt-news``), or ``None``.

    ``TQCHECK_WMT_NEWS`` names it directly; ``TQCHECK_SHARED_DATA`` names the
    shared data folder (as bench/align_eval.py reads it).
    """
    if os.environ.get("TQCHECK_WMT_NEWS"):
        candidates = [Path(os.environ["TQCHECK_WMT_NEWS"])]
    else:
        if os.environ.get("TQCHECK_SHARED_DATA"):
            candidates = [Path(os.environ["TQCHECK_SHARED_DATA"]) / "wmt-news"]
        else:
            # beside the checkout; a git worktree sits one level further down
            candidates = [up / "shared" / "data" / "wmt-news" for up in (root or repo_root()).parents[:3]]
    for c in candidates:
        if c.is_dir() and any(c.glob("*.fr")):
            return c
    return None


def load_documents(folder: Path, lines_per_document: int = LINES_PER_DOCUMENT) -> list[RealDocument]:
    """Every ``X.fr``/``X.en`` pair of ``folder`` cut into documents of consecutive lines."""
    docs: list[RealDocument] = []
    for fr in sorted(folder.glob("*.fr")):
        en = fr.with_suffix(".en")
        if not en.is_file():
            continue
        src = fr.read_text(encoding="utf-8").replace("\r\n", "\n").rstrip("\n").split("\n")
        tgt = en.read_text(encoding="utf-8").replace("\r\n", "\n").rstrip("\n").split("\n")
        if len(src) != len(tgt):
            continue  # not line-aligned: nothing trustworthy to measure
        for start in range(0, len(src), lines_per_document):
            chunk = range(start, min(start + lines_per_document, len(src)))
            pairs = [(src[i].strip(), tgt[i].strip()) for i in chunk]
            pairs = [(s, t) for s, t in pairs if s and t]
            if len(pairs) < 3:
                continue
            docs.append(
                RealDocument(
                    f"{fr.stem}:{chunk.start + 1}-{chunk.stop}",
                    tuple(s for s, _ in pairs),
                    tuple(t for _, t in pairs),
                )
            )
    return docs


def spread(items: list[Any], n: int) -> list[Any]:
    """``n`` items evenly spread over ``items`` (all of them when there are fewer): a fixed sample."""
    if n >= len(items):
        return list(items)
    return [items[(k * len(items)) // n] for k in range(n)]


# --------------------------------------------------------------------------- the per-document work


@dataclass(frozen=True)
class Task:
    """One document to check, and the error kinds to inject into it."""

    document: RealDocument
    kinds: tuple[str, ...]
    config: Config
    donors: tuple[str, ...] = ()


@dataclass
class DocumentResult:
    """What one worker sends back: plain data, cheap to pickle."""

    name: str
    segments: int
    findings: list[dict[str, Any]]
    injected: dict[str, dict[str, Any]] = field(default_factory=dict)
    seconds: float = 0.0


_SCORERS: dict[int, Any] = {}


def _scorer(config: Config) -> Any:
    """One scorer per worker process and config: models load once, not once per document."""
    from tqcheck.scoring import Scorer

    key = hash(repr(config))
    if key not in _SCORERS:
        _SCORERS[key] = Scorer(config)
    return _SCORERS[key]


def _check(source_text: str, target_text: str, config: Config) -> Report:
    from tqcheck.api import check_pair
    from tqcheck.reading import pair_from_texts

    pair = pair_from_texts(source_text, target_text, LanguagePair(config.source_lang, config.target_lang))
    return check_pair(pair, config, _scorer(config))


def _raised(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity.rank >= Severity.WARNING.rank]


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset)


def finding_record(f: Finding, source_text: str, target_text: str) -> dict[str, Any]:
    """A finding with the lines it sits in (for review), and a stable key for judgements."""
    s_line = _line_of(source_text, f.source.start) if f.source else None
    t_line = _line_of(target_text, f.target.start) if f.target else None
    src_lines, tgt_lines = source_text.split("\n"), target_text.split("\n")
    line = t_line if t_line is not None else s_line
    record = {
        "code": f.code,
        "severity": f.severity.value,
        "message": f.message,
        "source": f.source.text if f.source else None,
        "target": f.target.text if f.target else None,
        "line": line,
        "source_line": src_lines[s_line if s_line is not None else line] if line is not None and line < len(src_lines) else None,
        "target_line": tgt_lines[t_line if t_line is not None else line] if line is not None and line < len(tgt_lines) else None,
        "entry": (f.details or {}).get("entry"),  # the lexicon entry behind a TQ202/TQ203 finding
    }
    record["key"] = judgement_key(record)
    return record


def judgement_key(record: dict[str, Any]) -> str:
    """A hash naming a finding by rule, spans and lines: judgements are stored as keys, never as text."""
    raw = "\x1f".join(str(record.get(k)) for k in ("code", "source", "target", "source_line", "target_line"))
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


def _key(f: Finding) -> tuple[str, str | None, str | None]:
    return (f.code, f.source.text if f.source else None, f.target.text if f.target else None)


def run_document(task: Task) -> DocumentResult:
    """Check one document, then each injected copy of it (top level: picklable for worker processes)."""
    started = time.perf_counter()
    doc = task.document
    report = _check(doc.source_text, doc.target_text, task.config)
    raised = _raised(report.findings)
    result = DocumentResult(doc.name, len(doc.source_lines), [finding_record(f, doc.source_text, doc.target_text) for f in raised])
    if task.kinds:
        baseline = Counter(_key(f) for f in counted(report.findings))
        gold = doc.gold()
        for kind in task.kinds:
            case = inject(gold, kind, 0, list(task.donors))
            if case is None:
                result.injected[kind] = {"skipped": True}
                continue
            injected_report = _check(case.source_text, case.target_text, task.config)
            left = baseline.copy()
            fresh = []
            for f in injected_report.findings:
                if left[_key(f)] > 0:
                    left[_key(f)] -= 1  # already raised on the real text: not the injection's doing
                else:
                    fresh.append(f)
            match = compare_findings(fresh, case.findings)
            result.injected[kind] = {
                "skipped": False,
                "families": {fam: [c.tp, c.fp, c.fn] for fam, c in match.per_family.items()},
                "missed": [{"code": g.code, "text": g.text} for g in match.missed],
                "false_positives": [finding_record(f, case.source_text, case.target_text) for f in match.false_positives],
            }
    result.seconds = time.perf_counter() - started
    return result


def _donors(docs: list[RealDocument], k: int) -> tuple[str, ...]:
    """Sentences for the "addition" kind, from a document far from the k-th (another article)."""
    other = docs[(k + len(docs) // 2) % len(docs)]
    return tuple(t for t in other.target_lines if 40 <= len(t) <= 160 and t[-1] in ".!?\"”'")


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
    from tqcheck.executing import ProcessExecutor

    folder = folder or find_wmt_news()
    if folder is None:
        return {"available": False, "mode": mode}
    started = time.perf_counter()
    docs = load_documents(folder)
    chosen = spread(docs, QUICK_DOCUMENTS) if mode == "quick" else docs
    n_injected = QUICK_INJECTED if mode == "quick" else FULL_INJECTED
    injected_names = {d.name for d in spread(chosen, n_injected)}
    kinds = tuple(kinds)
    tasks = [
        Task(d, kinds if d.name in injected_names else (), config, _donors(chosen, k))
        for k, d in enumerate(chosen)
    ]
    results: list[DocumentResult] = []
    with ProcessExecutor(jobs=jobs) as executor:
        for k, r in enumerate(executor.imap(run_document, tasks)):
            results.append(r)
            if progress:
                progress(k + 1, len(tasks))
    figures = tabulate(results, mode=mode, total_documents=len(docs), seconds=time.perf_counter() - started, jobs=ProcessExecutor(jobs=jobs).jobs)
    if examples_out is not None:
        write_examples(results, examples_out)
    return figures


def _judgements() -> dict[str, str]:
    """Reviewed findings: judgement key → "real" | "false" (hashes only: no wmt-news text in the repository)."""
    if not JUDGEMENTS.is_file():
        return {}
    data = json.loads(JUDGEMENTS.read_text(encoding="utf-8"))
    return dict(data.get("judged", {}))


def tabulate(results: list[DocumentResult], *, mode: str, total_documents: int, seconds: float, jobs: int) -> dict[str, Any]:
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
        "injected_documents": sum(1 for r in results if r.injected),
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
    entries = sorted(set(firings.counted) | set(firings.info), key=lambda e: (-firings.counted[e], -firings.info[e], e))
    return {e: {"findings": firings.counted[e], "info": firings.info[e], "per_100_segments": round(firings.per_100(e), 3)}
            for e in entries}


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
    with path.with_suffix(".jsonl").open("w", encoding="utf-8") as out:
        for r in results:
            for f in r.findings:
                out.write(json.dumps({"document": r.name, **f}, ensure_ascii=False) + "\n")


def _fmt(x: Any) -> str:
    return "–" if x is None else f"{x:.3f}" if isinstance(x, float) else str(x)


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
            "findings already raised on the untouched document are not counted again):",
            "",
            "| family | TP | FP | FN | precision | recall | goal |",
            "|---|---:|---:|---:|---:|---:|---|",
        ]
        for fam, c in result["families"].items():
            goal = "–" if c["recall"] is None else "met" if c["recall"] >= GOAL_FAMILY_RECALL else "not met"
            lines.append(f"| {fam} | {c['tp']} | {c['fp']} | {c['fn']} | {_fmt(c['precision'])} | {_fmt(c['recall'])} | {goal} |")
        goal = "–" if o["recall"] is None else "met" if o["recall"] >= GOAL_RECALL else "not met"
        lines.append(f"| **all** | {o['tp']} | {o['fp']} | {o['fn']} | {_fmt(o['precision'])} | {_fmt(o['recall'])} | {goal} |")
        cases = ", ".join(
            f"{k} {v['cases']}" + (f" (recall {_fmt(v['recall'])})" if v.get("recall") is not None else "")
            for k, v in result["injections"].items()
        )
        lines += ["", f"Injected cases per kind: {cases}."]
    return "\n".join(lines) + "\n"


def progress_printer(stream: Any) -> Callable[[int, int], None]:
    """A ``progress(done, total)`` callback writing one overwritten line to ``stream`` (stderr)."""

    def show(done: int, total: int) -> None:
        stream.write(f"\rwmt-news: {done}/{total} documents")
        if done == total:
            stream.write("\n")
        stream.flush()

    return show
