"""Where a check's CPU time goes: by stage, by rule, and by function (cProfile).

Runs the two offline modes of ``make bench`` (bench/run.py) in this process on
distinct pairs (bench/documents.py), stage by stage, and prints CPU seconds
per stage (reading, segmenting, embedding, aligning, scoring, rules,
adjudicating), per rule (the engine's ``timings``), and cProfile's top
functions by own and cumulative time:

- ``fast``: mode (a), segmentation + alignment + the rules that need no parser
  or model (similarity off, TQ2xx ignored);
- ``full``: mode (b), the default check (similarity on, the French parser
  where rules need it). Models are loaded before the timed part: loading is
  start-up (bench/coldstart.py), not throughput.

CPU seconds (``time.process_time``: every thread of the process) rather than
wall time, so a busy machine shifts the figures less.

    python -m bench.profile_check fast 5000
    python -m bench.profile_check full 5000 --top 30 --dump /tmp/full.prof
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


class Stages:
    """CPU seconds per named stage, in the order the stages first ran."""

    def __init__(self) -> None:
        self.cpu: dict[str, float] = {}

    def run(self, name: str, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        started = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            self.cpu[name] = self.cpu.get(name, 0.0) + time.process_time() - started


def run_check(mode: str, fr: str, en: str, stages: Stages, rule_cpu: dict[str, float]) -> int:
    """One check of the texts in ``mode``, timed by stage; returns the number of findings."""
    from tqcheck.aligning import DEFAULT_PARAMS, align
    from tqcheck.config import Config
    from tqcheck.datatypes import LanguagePair, Scores
    from tqcheck.nlp import Analysis
    from tqcheck.reading import pair_from_texts
    from tqcheck.rules.engine import instantiate, run_rules
    from tqcheck.segmenting import segment

    pair = stages.run("reading", pair_from_texts, fr, en, LanguagePair("fr", "en"))
    source = stages.run("segmenting", segment, pair.source)
    target = stages.run("segmenting", segment, pair.target)
    if mode == "fast":
        config = Config(similarity=False, ignore=("TQ2",))
        alignment = stages.run("aligning", align, pair, source, target)
        scores = Scores.empty(len(alignment.links))
        findings = stages.run(
            "rules", run_rules, alignment, scores, config, Analysis(alignment), None, rule_cpu
        )
        return len(findings)
    from tqcheck.scoring import Scorer

    config = Config(cache=False)
    scorer = _warm_scorer(config)
    embeddings = stages.run("embedding", scorer.embed, source, target)
    alignment = stages.run(
        "aligning", align, pair, source, target, embeddings=embeddings, params=DEFAULT_PARAMS
    )
    scores = stages.run("scoring", scorer.score, alignment, embeddings)
    rules = instantiate(config, pair.pair.code, scores)
    findings = stages.run("rules", run_rules, alignment, scores, config, Analysis(alignment), rules, rule_cpu)
    findings = stages.run("adjudicating", Scorer.adjudicate, scorer, alignment, findings)
    return len(findings)


def _warm_scorer(config: Any) -> Any:
    """A scorer whose models (encoder, parser, NER) are loaded and have run once, outside the timed part."""
    from tqcheck.api import check_pair
    from tqcheck.datatypes import LanguagePair
    from tqcheck.nlp import ner_pipeline, spacy_pipeline
    from tqcheck.reading import pair_from_texts
    from tqcheck.scoring import Scorer

    scorer = Scorer(config)
    spacy_pipeline("fr")
    ner_pipeline("fr")
    check_pair(pair_from_texts("Elle dort.", "She sleeps.", LanguagePair("fr", "en")), config, scorer)
    return scorer


def warm_up(mode: str) -> None:
    """Check every corpora/ document once in ``mode``, untimed: word lists, tables and models are loaded.

    What is left in the timed run is then the per-pair cost, the one that
    grows with the text (start-up is bench/coldstart.py's).
    """
    root = Path(__file__).resolve().parent.parent / "corpora"
    for source in sorted(root.glob("*/source.fr.txt")):
        target = source.with_name("translation.en.txt")
        if target.is_file():
            run_check(
                mode, source.read_text(encoding="utf-8"), target.read_text(encoding="utf-8"), Stages(), {}
            )


def _table(title: str, cpu: dict[str, float], total: float) -> str:
    lines = [f"{title} (CPU s, share of the run)"]
    for name, seconds in sorted(cpu.items(), key=lambda kv: -kv[1]):
        lines.append(f"  {name:14s} {seconds:8.3f}  {100 * seconds / total:5.1f}%")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("fast", "full"))
    parser.add_argument("pairs", type=int, nargs="?", default=5000)
    parser.add_argument("--top", type=int, default=25, help="functions to list from cProfile")
    parser.add_argument(
        "--no-profile", action="store_true", help="stage and rule times only (no cProfile overhead)"
    )
    parser.add_argument("--dump", type=Path, help="write cProfile's stats here (for snakeviz, pstats)")
    parser.add_argument("--warm", action="store_true", help="check corpora/ first, untimed (see warm_up)")
    args = parser.parse_args(argv)
    from bench.documents import make_document

    if args.mode == "full":
        _warm_scorer(__import__("tqcheck.config", fromlist=["Config"]).Config(cache=False))
    if args.warm:
        warm_up(args.mode)
    fr, en = make_document(args.pairs)
    stages, rule_cpu = Stages(), {}
    profile = (
        None if args.no_profile else cProfile.Profile(time.process_time)
    )  # CPU, not wall: the machine is shared
    started = time.process_time()
    if profile is not None:
        profile.enable()
    found = run_check(args.mode, fr, en, stages, rule_cpu)
    if profile is not None:
        profile.disable()
    total = time.process_time() - started
    timed = sum(stages.cpu.values())
    print(
        f"{args.mode}: {args.pairs} pairs, {found} findings, {total:.2f} CPU s in all, {timed:.2f} in the stages"
    )
    print(
        f"  {args.pairs / timed:.0f} pairs per CPU second over the stages"
        + (" (under cProfile)" if profile else "")
    )
    print(_table("stages", stages.cpu, timed))
    print(_table("rules", rule_cpu, timed))
    if profile is not None:
        if args.dump:
            profile.dump_stats(str(args.dump))
        stats = pstats.Stats(profile)
        stats.sort_stats("tottime").print_stats(args.top)
        stats.sort_stats("cumulative").print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
