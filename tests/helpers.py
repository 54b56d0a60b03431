"""Builders for tests: alignments made by hand, independent of the segmenter and aligner."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np

from tqcheck.aligning import CostModel, features
from tqcheck.config import Config
from tqcheck.datatypes import (
    Alignment,
    Document,
    DocumentPair,
    LanguagePair,
    Link,
    Paragraph,
    Scores,
    Segmentation,
    Sentence,
)
from tqcheck.nlp import Analysis
from tqcheck.rules.engine import run_rules

FR_EN = LanguagePair("fr", "en")

#: Texts for the encoder's passes to agree on: French and English, empty, one word, repeated words, and one
#: longer than a micro-batch's token budget.
ENCODER_SENTENCES = [
    "Le conseil municipal a voté le budget mardi soir.",
    "The town council passed the budget on Tuesday evening.",
    "Vingt-trois élèves ont visité l’observatoire, puis l’observatoire les a reçus.",
    "",
    "Oui.",
    "la la la la la la la la la la",
    # longer than a micro-batch's token budget: a batch of its own
    " ".join(["Les habitants du quartier ont demandé une nouvelle école pour leurs enfants."] * 40),
    "Mais le maire a répondu que la commune n'avait pas les moyens de la construire.",
]


def _side(
    texts: list[str | list[str] | None], lang: str
) -> tuple[Document, list[Sentence], list[tuple[int, ...]]]:
    """One paragraph per row; a row given as a list holds several sentences of one link."""
    parts: list[str] = []
    sentences: list[Sentence] = []
    paragraphs: list[Paragraph] = []
    index_of: list[tuple[int, ...]] = []
    offset = 0
    for text in texts:
        if text is None:
            index_of.append(())
            continue
        members = [text] if isinstance(text, str) else list(text)
        p = len(paragraphs)
        start = offset
        indices = []
        for k, member in enumerate(members):
            if k:
                offset += 1  # the space between two sentences of the row
            sentences.append(Sentence(len(sentences), offset, offset + len(member), member, p))
            indices.append(len(sentences) - 1)
            offset += len(member)
        row = " ".join(members)
        paragraphs.append(Paragraph(p, start, start + len(row)))
        index_of.append(tuple(indices))
        parts.append(row)
        offset += 1
    return Document("\n".join(parts), lang, tuple(paragraphs)), sentences, index_of


def make_alignment(rows: list[tuple[str | list[str] | None, str | list[str] | None]], pair: LanguagePair = FR_EN) -> Alignment:
    """One link per row: a sentence (or a list of sentences) per side; ``None`` makes an omission/addition link."""
    src_doc, src_sents, src_idx = _side([r[0] for r in rows], pair.source)
    tgt_doc, tgt_sents, tgt_idx = _side([r[1] for r in rows], pair.target)
    links = [Link(source=s, target=t) for s, t in zip(src_idx, tgt_idx, strict=True)]
    doc_pair = DocumentPair(src_doc, tgt_doc, pair)
    return Alignment(
        pair=doc_pair,
        source=Segmentation(src_doc, tuple(src_sents)),
        target=Segmentation(tgt_doc, tuple(tgt_sents)),
        links=tuple(links),
        method="manual",
    )


def findings_for(
    rows: list[tuple[str | list[str] | None, str | list[str] | None]],
    select: tuple[str, ...] = (),
    scores: Scores | None = None,
    **config,
):
    """Run the rules (optionally only ``select``) on a hand-made alignment."""
    alignment = make_alignment(rows)
    cfg = Config(select=select, **config)
    scores = scores or Scores.empty(len(alignment.links))
    return run_rules(alignment, scores, cfg, Analysis(alignment))


ROOT = Path(__file__).resolve().parent.parent


def run_fresh_python(code: str, cache: Path, timeout: int = 300) -> str:
    """Run ``code`` in a new interpreter on this checkout, with its own cache folder and no inherited env.

    Why a new process: start-up behaviour (what is imported, what is read from
    the cache folder) can only be seen from an interpreter that has loaded
    nothing yet. Fails the test with the child's stderr if it exits non-zero.
    """
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "TQCHECK_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"},
        check=False,
        timeout=timeout,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout


def run_cli(args: list[str], env: dict[str, str], timeout: int = 300) -> subprocess.CompletedProcess[str]:
    """``python -m tqcheck.cli ARGS`` in a new process from the checkout's root, output captured as text.

    Why a process and not typer's runner: what these tests look at (helper
    processes, signals, a server socket, exit handlers) only exists in a real
    process. The caller gives the whole environment so nothing leaks in.
    """
    return subprocess.run(
        [sys.executable, "-m", "tqcheck.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
        timeout=timeout,
    )


def unit_vector(*weights: float, dim: int = 6, dtype: type = np.float64) -> np.ndarray:
    """A unit vector of ``dim`` components starting with ``weights``: hand-made sentence embeddings."""
    v = np.zeros(dim, dtype=dtype)
    v[: len(weights)] = weights
    return v / np.linalg.norm(v)


def cost_model(src: list[str], tgt: list[str], src_vec, tgt_vec, src_para: list[int], tgt_para: list[int]) -> CostModel:
    """An aligner cost model over French ``src`` and English ``tgt`` with given embeddings and paragraph ids."""
    return CostModel(
        [features(s, "fr") for s in src],
        [features(t, "en") for t in tgt],
        1.0,
        np.array(src_vec),
        np.array(tgt_vec),
        src_para,
        tgt_para,
    )
