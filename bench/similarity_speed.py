"""Similarity speed, score-cache speed-up and TQ501 threshold calibration.

``run()`` is wired into ``bench/run.py``; ``calibrate()`` reproduces the
default ``similarity`` threshold of TQ501 from the clean shared parallel data
(correct human pairs vs. a source paired with its neighbours' translations).

    .venv/bin/python bench/similarity_speed.py            # speed + cache
    .venv/bin/python bench/similarity_speed.py calibrate  # threshold figures
"""

from __future__ import annotations

import csv
import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = Path(os.environ.get("TQCHECK_SHARED_DATA", "/work/shared/data"))


# --------------------------------------------------------------------------- data


def _tsv_docs(path: Path, doc_col: str) -> dict[str, list[tuple[str, str]]]:
    docs: dict[str, list[tuple[str, str]]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row.get("fr") and row.get("en"):
                docs[row[doc_col]].append((row["fr"].strip(), row["en"].strip()))
    return dict(docs)


def _tico_docs() -> dict[str, list[tuple[str, str]]]:
    base = DATA / "tico19"
    fr = (base / "tico19-test.fr").read_text(encoding="utf-8").splitlines()
    en = (base / "tico19-test.en").read_text(encoding="utf-8").splitlines()
    info = (base / "tico19-test.en.info").read_text(encoding="utf-8").splitlines()
    docs: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for f, e, i in zip(fr, en, info, strict=False):
        if f.strip() and e.strip():
            docs[i.split("\t")[0].rsplit(":", 1)[0]].append((f.strip(), e.strip()))
    return dict(docs)


def corpora() -> dict[str, dict[str, list[tuple[str, str]]]]:
    """The clean shared sets, as documents of (fr, en) sentence pairs in order."""
    out = {}
    if (DATA / "ntrex/ntrex.fr-en.docs.tsv").exists():
        out["ntrex"] = _tsv_docs(DATA / "ntrex/ntrex.fr-en.docs.tsv", "docid")
    if (DATA / "flores200/flores200.devtest.fr-en.docs.tsv").exists():
        out["flores200"] = _tsv_docs(DATA / "flores200/flores200.devtest.fr-en.docs.tsv", "url")
    if (DATA / "tico19/tico19-test.fr").exists():
        out["tico19"] = _tico_docs()
    return out


# --------------------------------------------------------------------------- speed


def encoder_speed(threads: int | None = 2, n: int = 1000) -> dict[str, Any]:
    """Sentences/s of a fresh Encoder on ``n`` distinct corpus sentences (``threads=None``: automatic)."""
    from tqcheck.encoder import Encoder, busy

    texts = []
    for docs in corpora().values():
        for pairs in docs.values():
            for fr, en in pairs:
                texts.extend((fr, en))
    texts = list(dict.fromkeys(texts))[:n]
    enc = Encoder(threads=threads)
    t0 = time.perf_counter()
    enc.embed(["warm-up"])
    load = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    enc.embed(texts)
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {
        "sentences": len(texts),
        "threads": enc.run_threads(),
        "machine_busy": busy(),
        "load_s": round(load, 3),
        "seconds": round(dt, 3),
        "sentences_per_s": round(len(texts) / dt, 1),
        # a busy machine slows wall time; CPU time per sentence is what the encoder costs
        "sentences_per_cpu_s": round(len(texts) / max(cpu, 1e-9), 1),
        "goal_sentences_per_s": 500,
    }


def _document_alignment(n_links: int = 60, pairs: list[tuple[str, str]] | None = None):
    from tqcheck.datatypes import (
        Alignment,
        Document,
        DocumentPair,
        LanguagePair,
        Link,
        Paragraph,
        Segmentation,
        Sentence,
    )

    if pairs is None:
        pairs = [p for pairs in corpora().get("ntrex", {}).values() for p in pairs][:n_links]

    def side(texts: list[str], lang: str) -> Segmentation:
        sents, paras, off = [], [], 0
        for i, t in enumerate(texts):
            sents.append(Sentence(i, off, off + len(t), t, i))
            paras.append(Paragraph(i, off, off + len(t)))
            off += len(t) + 1
        return Segmentation(Document("\n".join(texts), lang, tuple(paras)), tuple(sents))

    src, tgt = side([p[0] for p in pairs], "fr"), side([p[1] for p in pairs], "en")
    links = tuple(Link((i,), (i,)) for i in range(len(pairs)))
    return Alignment(
        DocumentPair(src.document, tgt.document, LanguagePair("fr", "en")), src, tgt, links, "manual"
    )


def cache_speedup(model_dir: str | None = None, n_links: int = 60) -> dict[str, Any]:
    """Time Scorer.embed+score on one document: cold (fresh process state, empty cache) vs cached."""
    from tqcheck.config import Config
    from tqcheck.encoder import Encoder
    from tqcheck.scoring import Scorer

    alignment = _document_alignment(n_links)
    out: dict[str, Any] = {"links": len(alignment.links)}
    with tempfile.TemporaryDirectory() as tmp:
        backend = "transformers" if model_dir and not Path(model_dir, "model.bin").exists() else "auto"
        config = Config(model=model_dir, backend=backend, cache_dir=tmp, adjudicate="off")
        old = os.environ.pop("TQCHECK_CACHE_DIR", None)
        try:
            assert Encoder().model is not None  # weights loaded once, outside the timing
            times = []
            for _ in range(2):
                scorer = Scorer(config)
                t0 = time.perf_counter()
                emb = scorer.embed(alignment.source, alignment.target)
                scorer.score(alignment, emb)
                times.append(time.perf_counter() - t0)
                if scorer.cache is not None:
                    scorer.cache.close()
        finally:
            if old is not None:
                os.environ["TQCHECK_CACHE_DIR"] = old
    out.update(first_s=round(times[0], 4), cached_s=round(times[1], 4), speedup=round(times[0] / times[1], 1))
    out["model"] = model_dir or "encoder only"
    return out


def _tiny_marian(folder: Path) -> Path | None:
    """The test suite's tiny random Marian (tests/scoring/conftest.py), or ``None`` without it."""
    import importlib.util

    path = ROOT / "tests" / "scoring" / "conftest.py"
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location("tqcheck_tiny_marian", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.build_marian(folder / "tiny-marian")


def run(threads: int = 2) -> dict[str, Any]:
    """Encoder throughput and the cached re-run speed-up (encoder; tiny Marian when available).

    ``TQCHECK_BENCH_MODEL`` names a real model folder to time instead of the tiny one.
    """
    result: dict[str, Any] = {
        "encoder": encoder_speed(threads=threads),
        "encoder_auto": encoder_speed(threads=None),
        "cache_encoder": cache_speedup(None),
    }
    model_dir = os.environ.get("TQCHECK_BENCH_MODEL")
    with tempfile.TemporaryDirectory(prefix="tqcheck-sim-bench-") as tmp:
        if not model_dir:
            built = _tiny_marian(Path(tmp))
            model_dir = str(built) if built else None
        if model_dir:
            result["cache_mt"] = cache_speedup(model_dir, n_links=8)
    return result


# --------------------------------------------------------------------------- calibration


def _mad_z(values: np.ndarray) -> np.ndarray:
    med = np.median(values)
    mad = np.median(np.abs(values - med))
    return (values - med) / max(mad, 1e-6)


def calibrate(threads: int | None = None) -> dict[str, Any]:
    """Similarity of correct pairs vs. mismatched neighbours on the clean shared sets.

    The threshold is the correct-pair 1st percentile (≤ 1 false alarm per 100
    correct pairs) rounded down; we report how many mismatched pairs it
    catches, and how often the robust document z-score rule fires on correct
    pairs.
    """
    from tqcheck.encoder import Encoder
    from tqcheck.rules.scores.low_adequacy import DEFAULT_SIMILARITY, DEFAULT_ZSCORE, DEFAULT_ZSCORE_CAP

    enc = Encoder(threads=threads)
    correct: list[float] = []
    mismatched: list[float] = []
    per_set: dict[str, Any] = {}
    z_alarms = z_total = 0
    for name, docs in corpora().items():
        good, bad = [], []
        flat = [p for pairs in docs.values() for p in pairs]
        fr_all, en_all = enc.embed([p[0] for p in flat]), enc.embed([p[1] for p in flat])
        own = np.sum(fr_all * en_all, axis=1)
        best = (fr_all @ en_all.T).max(axis=1)
        # Rows whose translation is clearly another row's (the set itself is misaligned
        # there, e.g. TICO-19 fr lines 425-810) are not "correct pairs": count them apart.
        misaligned = (best - own > 0.2) & (own < 0.4)
        start = 0
        for pairs in docs.values():
            rows = slice(start, start + len(pairs))
            fr, en, bad_rows = fr_all[rows], en_all[rows], misaligned[rows]
            start += len(pairs)
            sims = own[rows]
            good.extend(sims[~bad_rows].tolist())
            for i in range(len(pairs)):
                for j in (i - 1, i + 1):
                    if 0 <= j < len(pairs) and pairs[j][1] != pairs[i][1] and not bad_rows[i]:
                        bad.append(float(fr[i] @ en[j]))
            if len(pairs) >= 8 and not bad_rows.any():
                z_total += len(pairs)
                z_alarms += int(np.sum((_mad_z(sims) < DEFAULT_ZSCORE) & (sims < DEFAULT_ZSCORE_CAP)))
        per_set[name] = _summary(np.array(good), np.array(bad))
        per_set[name]["misaligned_rows_in_data"] = int(misaligned.sum())
        per_set[name]["tq501"] = _rule_rates(enc, docs, misaligned)
        correct.extend(good)
        mismatched.extend(bad)
    c, m = np.array(correct), np.array(mismatched)
    p1 = float(np.floor(np.percentile(c, 1) * 100) / 100)
    return {
        "sets": per_set,
        "all": _summary(c, m),
        "correct_p1": p1,
        "shipped_threshold": DEFAULT_SIMILARITY,
        "absolute_only_false_alarm_rate": round(float(np.mean(c < DEFAULT_SIMILARITY)), 4),
        "absolute_only_mismatch_caught": round(float(np.mean(m < DEFAULT_SIMILARITY)), 4),
        "zscore_false_alarm_rate": round(z_alarms / max(z_total, 1), 4),
        "zscore_pairs": z_total,
    }


def _rule_rates(enc: Any, docs: dict[str, list[tuple[str, str]]], misaligned: np.ndarray) -> dict[str, Any]:
    """TQ501 as shipped, run per document: findings on correct links, and on a swapped link."""
    from tqcheck.config import Config
    from tqcheck.datatypes import LinkScores, Scores
    from tqcheck.rules.engine import run_rules

    config = Config(select=("TQ501",))
    alarms = links = swapped = caught = 0
    start = 0
    for pairs in docs.values():
        rows = misaligned[start : start + len(pairs)]
        start += len(pairs)
        if rows.any():
            continue  # the data itself is misaligned there
        alignment = _document_alignment(pairs=pairs)
        fr, en = enc.embed([p[0] for p in pairs]), enc.embed([p[1] for p in pairs])
        sims = np.sum(fr * en, axis=1)
        scores = Scores(tuple(LinkScores(similarity=float(v)) for v in sims))
        alarms += len(run_rules(alignment, scores, config))
        links += len(pairs)
        if len(pairs) >= 2:  # one link given its neighbour's translation, the rest correct
            for i in range(len(pairs)):
                j = i + 1 if i + 1 < len(pairs) else i - 1
                if pairs[j][1] == pairs[i][1]:
                    continue
                doc = sims.copy()
                doc[i] = float(fr[i] @ en[j])
                one = Scores(tuple(LinkScores(similarity=float(v)) for v in doc))
                swapped += 1
                caught += any(f.link == i for f in run_rules(alignment, one, config))
    return {
        "correct_links": links,
        "false_alarms": alarms,
        "false_alarm_rate": round(alarms / max(links, 1), 4),
        "swapped_links": swapped,
        "swapped_caught": round(caught / max(swapped, 1), 4),
    }


def _summary(good: np.ndarray, bad: np.ndarray) -> dict[str, Any]:
    def pct(a: np.ndarray) -> dict[str, float]:
        return {f"p{q}": round(float(np.percentile(a, q)), 3) for q in (1, 5, 50, 95, 99)} if len(a) else {}

    return {"correct_n": len(good), "correct": pct(good), "mismatched_n": len(bad), "mismatched": pct(bad)}


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "run"
    print(json.dumps(calibrate() if what == "calibrate" else run(), indent=2))
