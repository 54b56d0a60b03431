"""The peers tqcheck is timed against, on the same document in the same run.

- ``pysbd + Gale–Church``: what a user who only wants sentence pairs would
  run: pysbd (rule-based sentence boundaries, PyPI ``pysbd``) on each
  paragraph of both sides, then Gale–Church length-based alignment per
  paragraph (PyPI ``galechurch``, a Rust implementation, all cores). Timed:
  segmentation + alignment. It is the peer of tqcheck's segmentation +
  alignment + cheap rules.
- ``vecalign-style``: the encoder-based aligner of ``bench/vecalign_style.py``
  on tqcheck's own encoder; segmentation and the encoder's load are not
  timed (as a vecalign user runs it on pre-split text). It is the peer of
  tqcheck's default check, which also encodes every sentence.

Both are installed as bench-only dependencies (``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import time

from bench.documents import Pair


def pysbd_galechurch(paragraphs: list[list[Pair]]) -> dict:
    """Segment each paragraph of both sides with pysbd, align paragraph by paragraph with Gale–Church."""
    import galechurch
    import pysbd
    from galechurch import _core
    from galechurch.core import resolve_bead_costs

    fr_text = [" ".join(f for f, _ in p) for p in paragraphs]
    en_text = [" ".join(e for _, e in p) for p in paragraphs]
    fr_seg = pysbd.Segmenter(language="fr", clean=False)
    en_seg = pysbd.Segmenter(language="en", clean=False)
    fr_seg.segment("Ceci est une phrase. En voici une autre.")  # first-call set-up is not throughput
    en_seg.segment("This is a sentence. Here is another.")
    from galechurch._lengths import char_length
    from galechurch.defaults import DEFAULT_MAX_BLOCK_SIZE, DEFAULT_MEAN_XY, DEFAULT_VARIANCE_XY

    start, cpu = time.perf_counter(), time.process_time()
    src = [[s.strip() for s in fr_seg.segment(t) if s.strip()] for t in fr_text]
    tgt = [[s.strip() for s in en_seg.segment(t) if s.strip()] for t in en_text]
    segmented = time.perf_counter()
    # galechurch.align_corpus works on files; align_many is the same call on in-memory blocks
    blocks = [
        ([char_length(s) for s in a], [char_length(s) for s in b]) for a, b in zip(src, tgt, strict=True)
    ]
    results = _core.align_many(
        blocks, resolve_bead_costs(None), DEFAULT_MEAN_XY, DEFAULT_VARIANCE_XY, DEFAULT_MAX_BLOCK_SIZE, None
    )
    done, cpu = time.perf_counter(), time.process_time() - cpu
    return {
        "cpu_seconds": round(cpu, 3),
        "version": f"pysbd {pysbd.__version__ if hasattr(pysbd, '__version__') else '?'}, galechurch "
        + getattr(galechurch, "__version__", "?"),
        "segment_seconds": round(segmented - start, 3),
        "align_seconds": round(done - segmented, 3),
        "seconds": round(done - start, 3),
        "sentences": {"source": sum(map(len, src)), "target": sum(map(len, tgt))},
        "beads": sum(len(beads) for beads, _ in results),
    }


def vecalign_style(paragraphs: list[list[Pair]]) -> dict:
    """The vecalign-style peer on tqcheck's segmentation and encoder (neither timed)."""
    from bench import vecalign_style
    from tqcheck.datatypes import LanguagePair
    from tqcheck.encoder import Encoder
    from tqcheck.reading import pair_from_texts
    from tqcheck.segmenting import segment

    fr = "\n".join(" ".join(f for f, _ in p) for p in paragraphs) + "\n"
    en = "\n".join(" ".join(e for _, e in p) for p in paragraphs) + "\n"
    pair = pair_from_texts(fr, en, LanguagePair("fr", "en"))
    src = [s.text for s in segment(pair.source).sentences]
    tgt = [s.text for s in segment(pair.target).sentences]
    encoder = Encoder()
    encoder.embed(["Chargement du modèle.", "Loading the model."])
    out = vecalign_style.run(encoder, src, tgt)
    out["sentences"] = {"source": len(src), "target": len(tgt)}
    out["note"] = "written in bench/vecalign_style.py after Thompson & Koehn (2019); not vecalign's code"
    return out
