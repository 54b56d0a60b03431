"""The aligner alone on long documents: seconds per call, so an aligner change can show it did not slow down.

Documents are built by bench/run.py's ``make_document`` from the shared
parallel data (shuffled real documents, paragraphs of 1–4 sentences):

* ``paragraphs``: 5,000 sentence pairs with paragraph breaks (paragraph
  blocking, then the confident walk inside blocks);
* ``one-paragraph``: 2,000 pairs run together as one paragraph per side (the
  banded search over the whole document);
* ``perturbed``: the paragraph document with every 40th target sentence
  dropped and another every 50th repeated elsewhere, so the search and the
  coverage post-passes have real work;
* each of these with sentence embeddings too (the embedded encoder, run once
  before timing; encoding is not counted).

Each case is aligned ``--repeat`` times (default 3) and the best time kept,
wall clock and process CPU time (the latter is steadier on a shared
machine); caches inside the aligner are per-process, so the first run is
reported too.

    TQCHECK_SHARED_DATA=../shared/data python -m bench.align_speed      # JSON on stdout
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _perturb(en: str) -> str:
    """Drop every 40th target sentence and repeat every 50th two paragraphs later (crudely, by full stops)."""
    paragraphs = en.split("\n")
    out: list[str] = []
    k = 0
    for p, para in enumerate(paragraphs):
        kept = []
        for sentence in para.split(". "):
            k += 1
            if k % 40 == 0:
                continue
            kept.append(sentence)
            if k % 50 == 0 and p + 2 < len(paragraphs):
                paragraphs[p + 2] = sentence.rstrip(".") + ". " + paragraphs[p + 2]
        out.append(". ".join(kept))
    return "\n".join(out)


def cases() -> dict[str, tuple[str, str]]:
    from bench.run import make_document

    fr, en = make_document(5000)
    fr1, en1 = make_document(2000, seed=1)
    return {
        "paragraphs": (fr, en),
        "one-paragraph": (fr1.replace("\n", " ").strip() + "\n", en1.replace("\n", " ").strip() + "\n"),
        "perturbed": (fr, _perturb(en)),
    }


def run(repeat: int = 3, similarity: bool = True) -> dict[str, Any]:
    from tqcheck.aligning import align
    from tqcheck.config import Config
    from tqcheck.datatypes import LanguagePair
    from tqcheck.reading import pair_from_texts
    from tqcheck.scoring import Scorer
    from tqcheck.segmenting import segment

    scorer = Scorer(Config(cache=False)) if similarity else None
    out: dict[str, Any] = {}
    for name, (fr, en) in cases().items():
        pair = pair_from_texts(fr, en, LanguagePair("fr", "en"))
        src, tgt = segment(pair.source), segment(pair.target)
        settings: list[tuple[str, Any]] = [("anchors", None)]
        if scorer is not None:
            settings.append(("similarity", scorer.embed(src, tgt)))
        for setting, embeddings in settings:
            times, cpu = [], []
            links: Any = None
            for _ in range(repeat):
                t0, c0 = time.perf_counter(), time.process_time()
                alignment = align(pair, src, tgt, embeddings=embeddings)
                times.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
                links = alignment.links
            shape = json.dumps([[lk.source, lk.target, lk.cost] for lk in links])
            out[f"{name}/{setting}"] = {
                "source_sentences": len(src.sentences),
                "target_sentences": len(tgt.sentences),
                "first_s": round(times[0], 3),
                "best_s": round(min(times), 3),
                "best_cpu_s": round(min(cpu), 3),
                "sentences_per_s": round(len(src.sentences) / min(times)),
                "links_sha256": hashlib.sha256(shape.encode()).hexdigest()[:12],
            }
            print(f"{name}/{setting}: {out[f'{name}/{setting}']}", file=sys.stderr, flush=True)
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.align_speed", description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-similarity", action="store_true")
    args = parser.parse_args()
    json.dump(run(args.repeat, not args.no_similarity), sys.stdout, indent=2)
    print()
