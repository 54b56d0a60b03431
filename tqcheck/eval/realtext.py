"""Real translations: false alarms and injected-error recall on professional news text.

Why this exists: the corpora in ``corpora/`` were written alongside the
rules, so a rule that cries wolf on ordinary professional translation (names
rendered by meaning, approximate numbers, dropped weekdays) looks perfect
there. The WMT news test sets (``../shared/data/wmt-news`` beside the
checkout) are 16,071 French–English pairs that nobody here wrote. This module

* cuts each file into documents of consecutive lines (one paragraph per line,
  so document-level rules have context) and checks them, in parallel through
  :mod:`tqcheck.running.executing`;
* counts every warning and error per 100 segments, overall and per rule, and
  writes the top examples of each rule to ``bench/`` for review (that folder
  is git-ignored: the sets may be measured on, never copied into the
  repository);
* injects every error kind of :mod:`tqcheck.eval.inject` into the same
  documents and reports recall and precision per family. An injected
  document's findings that were already raised on the untouched document are
  real-text findings, counted above, not injection false positives.

The data is optional: without it the section says so and is skipped.

This module holds the documents and the work on one of them (it runs in the
worker processes); :mod:`tqcheck.eval.realtext_figures` runs the whole set
and turns the results into figures, examples and the README section.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqcheck.config import Config
from tqcheck.datatypes import Finding, LanguagePair, Report, Severity
from tqcheck.eval.gold import GoldLink, GoldTranslation
from tqcheck.eval.inject import inject
from tqcheck.eval.measure import compare_findings, counted

#: Lines per document: news articles run 20–30 paragraphs.
LINES_PER_DOCUMENT = 25
#: Documents in the quick run (a fixed, evenly spread sample of all years).
QUICK_DOCUMENTS = 48
#: Documents that also get injected errors: every one in the quick run, a spread sample in the full run.
QUICK_INJECTED = 24
FULL_INJECTED = 64
#: Kinds whose place is rare (a French «il»/«elle» for a thing, with one English "it" to swap:
#: about one document in seven): injected into every document checked, so that their recall
#: counts tens of cases rather than a handful. A document with no place for them costs nothing.
EVERY_DOCUMENT_KINDS = ("pronoun",)


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
        return GoldTranslation(
            self.name,
            Path(self.name + ".fr"),
            Path(self.name + ".en"),
            self.source_text,
            self.target_text,
            links,
        )


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
        "source_line": src_lines[s_line if s_line is not None else line]
        if line is not None and line < len(src_lines)
        else None,
        "target_line": tgt_lines[t_line if t_line is not None else line]
        if line is not None and line < len(tgt_lines)
        else None,
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
    result = DocumentResult(
        doc.name, len(doc.source_lines), [finding_record(f, doc.source_text, doc.target_text) for f in raised]
    )
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
                "false_positives": [
                    finding_record(f, case.source_text, case.target_text) for f in match.false_positives
                ],
            }
    result.seconds = time.perf_counter() - started
    return result


def donor_sentences(docs: list[RealDocument], k: int) -> tuple[str, ...]:
    """Sentences for the "addition" kind, from a document far from the k-th (another article)."""
    other = docs[(k + len(docs) // 2) % len(docs)]
    return tuple(t for t in other.target_lines if 40 <= len(t) <= 160 and t[-1] in ".!?\"”'")
