"""Cross-lingual similarity by sentence length on real translations (wmt-news): where TQ501 can tell.

Why: on a two-word headline the encoder's similarity of a correct pair and of
an unrelated pair overlap, so an absolute threshold flags correct short
sentences. This prints, per length bucket (words of the shorter side), the
low percentiles of correct line pairs and the high percentiles of unrelated
pairs (each source line against the translation of a line far away), so the
length below which TQ501 stays silent is measured, not guessed.

    python -m bench.realtext_similarity [--lines N]

The data stays in ../shared/data/wmt-news; only figures are printed.
"""

from __future__ import annotations

import argparse

import numpy as np

from tqcheck.encoder import Encoder
from tqcheck.eval.realtext import find_wmt_news, load_documents, spread

BUCKETS = ((1, 3), (4, 5), (6, 7), (8, 10), (11, 15), (16, 1000))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=4000, help="line pairs measured (a spread sample)")
    args = parser.parse_args()
    folder = find_wmt_news()
    if folder is None:
        print("wmt-news not found beside the checkout: nothing measured")
        return 0
    pairs = [
        (s, t) for d in load_documents(folder) for s, t in zip(d.source_lines, d.target_lines, strict=True)
    ]
    pairs = spread(pairs, args.lines)
    encoder = Encoder()
    src = encoder.embed([s for s, _ in pairs])
    tgt = encoder.embed([t for _, t in pairs])
    src = src / np.linalg.norm(src, axis=1, keepdims=True)
    tgt = tgt / np.linalg.norm(tgt, axis=1, keepdims=True)
    right = np.sum(src * tgt, axis=1)
    shift = len(pairs) // 2
    wrong = np.sum(src * np.roll(tgt, shift, axis=0), axis=1)
    length = np.array([min(len(s.split()), len(t.split())) for s, t in pairs])
    wrong_length = np.minimum(length, np.roll(length, shift))
    print("words | pairs | correct p1 | correct p5 | median | unrelated p95 | unrelated p99 | correct < 0.42")
    for lo, hi in BUCKETS:
        sel = (length >= lo) & (length <= hi)
        wsel = (wrong_length >= lo) & (wrong_length <= hi)
        if not sel.any():
            continue
        r, w = right[sel], wrong[wsel]
        print(
            f"{lo}-{hi if hi < 1000 else '…'} | {sel.sum()} | {np.percentile(r, 1):.2f} | {np.percentile(r, 5):.2f} | "
            f"{np.median(r):.2f} | {np.percentile(w, 95):.2f} | {np.percentile(w, 99):.2f} | "
            f"{100 * np.mean(r < 0.42):.1f}%"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
