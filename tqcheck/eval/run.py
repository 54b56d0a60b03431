"""Run the checker over annotated corpora and injected errors, and tabulate the result.

The figures answer two questions for every change to a rule or the aligner:
does it still find what it should (recall on injected and annotated errors),
and does it stay quiet on clean text (precision, false alarms per 100
sentences)? One :class:`~tqcheck.scoring.Scorer` is shared by all documents so
models load once.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqcheck import __version__
from tqcheck.api import check_pair
from tqcheck.config import Config
from tqcheck.datatypes import LanguagePair, Report
from tqcheck.eval.gold import GoldFinding, GoldLink, GoldTranslation, find_corpora, load_gold
from tqcheck.eval.inject import KINDS, InjectedCase, inject
from tqcheck.eval.measure import (
    Counts,
    compare_findings,
    compare_links,
    counted,
    gold_links,
    predicted_links,
    spearman,
)
from tqcheck.reading import pair_from_texts
from tqcheck.scoring import Scorer

SCORE_FIELDS = ("similarity", "logprob_mean", "chrf")


@dataclass
class Tally:
    """Accumulates counts over many documents."""

    families: dict[str, Counts] = field(default_factory=dict)
    links: dict[str, Counts] = field(default_factory=dict)
    clean_alarms: int = 0
    clean_sentences: int = 0
    examples_fp: list[dict[str, Any]] = field(default_factory=list)
    examples_fn: list[dict[str, Any]] = field(default_factory=list)
    score_pairs: dict[str, tuple[list[float], list[float]]] = field(default_factory=dict)

    def add_findings(self, report: Report, gold: list[GoldFinding], where: str) -> None:
        match = compare_findings(report.findings, gold)
        for family, counts in match.per_family.items():
            self.families.setdefault(family, Counts()).__iadd__(counts)
        for f in match.false_positives[:3]:
            if len(self.examples_fp) < 40:
                self.examples_fp.append(
                    {
                        "where": where,
                        "code": f.code,
                        "target": f.target.text if f.target else None,
                        "message": f.message,
                    }
                )
        for g in match.missed[:3]:
            if len(self.examples_fn) < 40:
                self.examples_fn.append({"where": where, "code": g.code, "text": g.text})

    def add_links(
        self, bucket: str, report: Report, source_text: str, target_text: str, links: list[GoldLink]
    ) -> None:
        counts = compare_links(predicted_links(report), gold_links(source_text, target_text, links))
        self.links.setdefault(bucket, Counts()).__iadd__(counts)

    def add_scores(self, report: Report, gold: list[GoldFinding]) -> None:
        """Pair each link's scores with the number of injected errors that fall in it."""
        a = report.alignment
        for link, scores in zip(a.links, report.scores.links, strict=True):
            tgt = [(a.target.sentences[j].start, a.target.sentences[j].end) for j in link.target]
            src = [(a.source.sentences[i].start, a.source.sentences[i].end) for i in link.source]
            errors = sum(
                1
                for g in gold
                if (g.target and any(s < g.target[1] and g.target[0] < e for s, e in tgt))
                or (
                    g.target is None and g.source and any(s < g.source[1] and g.source[0] < e for s, e in src)
                )
            )
            for name in SCORE_FIELDS:
                value = getattr(scores, name)
                if value is not None:
                    xs, ys = self.score_pairs.setdefault(name, ([], []))
                    xs.append(float(value))
                    ys.append(float(errors))


def _check(source_text: str, target_text: str, config: Config, scorer: Scorer) -> Report:
    pair = pair_from_texts(source_text, target_text, LanguagePair(config.source_lang, config.target_lang))
    return check_pair(pair, config, scorer)


def evaluate(
    paths: Iterable[Path],
    config: Config | None = None,
    *,
    kinds: Iterable[str] = KINDS,
    seeds: int = 1,
    scorer: Scorer | None = None,
) -> dict[str, Any]:
    """Run the whole evaluation and return its figures as a JSON-ready dict."""
    config = config or Config()
    scorer = scorer or Scorer(config)
    started = time.perf_counter()
    golds: list[GoldTranslation] = [g for folder in find_corpora(list(paths)) for g in load_gold(folder)]
    donors = [
        g.target_text[r[0] : r[1]]
        for g in golds
        if g.clean
        for link in g.links
        if link.kind == "1-1"
        for r in link.target
        if 40 <= r[1] - r[0] <= 160 and g.target_text[r[1] - 1] in ".!?…»\"”'"
    ]  # a headline without a full stop would glue onto the next sentence: no donor
    tally = Tally()
    per_kind: dict[str, dict[str, int]] = {}
    n_docs = 0
    for g in golds:
        report = _check(g.source_text, g.target_text, config, scorer)
        n_docs += 1
        tally.add_findings(report, g.findings, f"{g.corpus}/{g.target_path.name}")
        tally.add_links("clean" if g.clean else "annotated", report, g.source_text, g.target_text, g.links)
        if g.clean:
            tally.clean_alarms += len(counted(report.findings))
            tally.clean_sentences += len(report.alignment.target.sentences)
            for f in counted(report.findings):
                if len(tally.examples_fp) < 40:
                    tally.examples_fp.append(
                        {
                            "where": f"{g.corpus} (clean)",
                            "code": f.code,
                            "target": f.target.text if f.target else None,
                            "message": f.message,
                        }
                    )
    for g in golds:
        if not g.clean:
            continue
        for kind in kinds:
            stats = per_kind.setdefault(kind, {"cases": 0, "skipped": 0})
            for seed in range(seeds):
                case: InjectedCase | None = inject(
                    g, kind, seed, [d for d in donors if d not in g.target_text]
                )
                if case is None:
                    stats["skipped"] += 1
                    continue
                stats["cases"] += 1
                report = _check(case.source_text, case.target_text, config, scorer)
                n_docs += 1
                tally.add_findings(report, case.findings, f"{g.corpus}+{kind}#{seed}")
                bucket = (
                    "omission-addition"
                    if kind in ("omission", "addition")
                    else "merge-split"
                    if kind in ("merge", "split")
                    else "other-injected"
                )
                tally.add_links(bucket, report, case.source_text, case.target_text, case.links)
                tally.add_scores(report, case.findings)
    total = Counts()
    for c in tally.families.values():
        total += c
    correlations = {
        name: (round(rho, 4) if (rho := spearman(xs, ys)) is not None else None)
        for name, (xs, ys) in tally.score_pairs.items()
    }
    return {
        "tqcheck_version": __version__,
        "corpora": sorted({g.corpus for g in golds}),
        "translations": len(golds),
        "documents_checked": n_docs,
        "seconds": round(time.perf_counter() - started, 2),
        "config": {
            "model": config.model,
            "similarity": config.similarity,
            "adjudicate": config.adjudicate,
            "seeds": seeds,
        },
        "families": {k: v.as_dict() for k, v in sorted(tally.families.items())},
        "overall": total.as_dict(),
        "alignment": {k: v.as_dict() for k, v in sorted(tally.links.items())},
        "false_alarms_per_100_clean_sentences": round(100 * tally.clean_alarms / tally.clean_sentences, 3)
        if tally.clean_sentences
        else None,
        "clean_sentences": tally.clean_sentences,
        "injections": per_kind,
        "spearman_score_vs_errors": correlations,
        "examples": {"false_positives": tally.examples_fp, "missed": tally.examples_fn},
    }


def _fmt(x: Any) -> str:
    return "–" if x is None else f"{x:.3f}" if isinstance(x, float) else str(x)


def markdown(result: dict[str, Any]) -> str:
    """The figures as Markdown tables (the README includes this)."""
    lines = [
        f"Measured on {len(result['corpora'])} corpora ({result['translations']} annotated translations, "
        f"{result['documents_checked']} documents checked with injected errors), tqcheck {result['tqcheck_version']}, "
        f"similarity {'on' if result['config']['similarity'] else 'off'}, MT model: {result['config']['model'] or 'none'}.",
        "",
        "| family | TP | FP | FN | precision | recall | F1 |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for family, c in result["families"].items():
        lines.append(
            f"| {family} | {c['tp']} | {c['fp']} | {c['fn']} | {_fmt(c['precision'])} | {_fmt(c['recall'])} | {_fmt(c['f1'])} |"
        )
    o = result["overall"]
    lines.append(
        f"| **all** | {o['tp']} | {o['fp']} | {o['fn']} | {_fmt(o['precision'])} | {_fmt(o['recall'])} | {_fmt(o['f1'])} |"
    )
    lines += [
        "",
        "| alignment links | TP | FP | FN | precision | recall | F1 |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for bucket, c in result["alignment"].items():
        lines.append(
            f"| {bucket} | {c['tp']} | {c['fp']} | {c['fn']} | {_fmt(c['precision'])} | {_fmt(c['recall'])} | {_fmt(c['f1'])} |"
        )
    lines += [
        "",
        f"False alarms (warnings and errors) per 100 clean sentences: **{_fmt(result['false_alarms_per_100_clean_sentences'])}** "
        f"(on {result['clean_sentences']} sentences).",
    ]
    if result["spearman_score_vs_errors"]:
        corr = ", ".join(f"{k} {_fmt(v)}" for k, v in result["spearman_score_vs_errors"].items())
        lines.append(
            f"Spearman correlation between per-link scores and injected errors: {corr} (negative is good)."
        )
    return "\n".join(lines) + "\n"
