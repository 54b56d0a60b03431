"""A tiny Marian model built from scratch, so backend tests never need a download.

The model is random (its translations are noise) but it has opus-mt's exact
layout: SentencePiece source/target models, a vocab.json with ``</s>`` = 0,
``<unk>`` = 1 and ``<pad>`` last, ``<pad>`` as decoder start token, shared
embeddings. That is what the loaders, the forced-decoding arithmetic and
CTranslate2's converter care about; CTranslate2's Marian converter rejects
other vocabulary layouts.

:func:`build_marian` is also used by bench/mt_speed.py to build a
full-size random model with opus-mt-fr-en's shape.
"""

from __future__ import annotations

import csv
import io
import json
import os
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

# Tests must never reach the hub, whatever the machine's network.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

ROOT = Path(__file__).resolve().parents[2]
NTREX = [ROOT.parent / "shared" / "data" / "ntrex" / "ntrex.fr-en.docs.tsv"]


def corpus_lines(limit: int = 600) -> list[str]:
    """French and English sentences from the repo's corpora (or NTREX), for training SentencePiece."""
    lines: list[str] = []
    for path in sorted((ROOT / "corpora").glob("*/*.txt")):
        lines.extend(line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
        if len(lines) >= limit:
            return lines[:limit]
    for path in NTREX:
        if path.is_file():
            with path.open(encoding="utf-8") as handle:
                for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                    lines.extend(cell for cell in row[2:4] if cell and cell not in ("fr", "en"))
                    if len(lines) >= limit:
                        return lines[:limit]
    if len(lines) < 50:
        pytest.skip("no corpus text to train a tokenizer (corpora/ and ../shared/data missing)")
    return lines


def build_tokenizer(folder: Path, vocab_size: int = 400, lines: list[str] | None = None) -> int:
    """source.spm, target.spm (the same model) and an opus-mt-layout vocab.json; returns the vocab size."""
    import sentencepiece as spm

    folder.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines or corpus_lines()),
        model_writer=buffer,
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        unk_id=0,
        bos_id=-1,
        eos_id=-1,
        pad_id=-1,
        num_threads=1,
        minloglevel=2,
    )
    model = buffer.getvalue()
    (folder / "source.spm").write_bytes(model)
    (folder / "target.spm").write_bytes(model)
    processor = spm.SentencePieceProcessor(model_proto=model)
    vocab = {"</s>": 0, "<unk>": 1}
    for i in range(processor.get_piece_size()):
        if not (processor.is_unknown(i) or processor.is_control(i)):
            vocab.setdefault(processor.id_to_piece(i), len(vocab))
    vocab["<pad>"] = len(vocab)
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    return len(vocab)


def build_marian(
    folder: Path,
    *,
    d_model: int = 32,
    layers: int = 2,
    heads: int = 2,
    ffn: int = 64,
    max_positions: int = 128,
    vocab_size: int | None = None,
    seed: int = 0,
    tokenizer_vocab: int = 400,
) -> Path:
    """A random Marian model (and its tokenizer) saved with save_pretrained.

    ``vocab_size`` larger than the tokenizer's vocabulary pads the embedding
    matrix with unused rows (the bench uses opus-mt-fr-en's 59,514); ``<pad>``
    stays the last id of vocab.json and the model's pad/decoder-start id.
    """
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer
    from transformers.utils import logging

    logging.set_verbosity_error()
    logging.disable_progress_bar()
    n_vocab = build_tokenizer(folder, tokenizer_vocab)
    pad = n_vocab - 1
    if vocab_size is not None and vocab_size > n_vocab:
        vocab = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
        del vocab["<pad>"]
        for i in range(len(vocab), vocab_size - 1):
            vocab[f"<unused{i}>"] = i
        vocab["<pad>"] = vocab_size - 1
        (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
        n_vocab, pad = vocab_size, vocab_size - 1
    config = MarianConfig(
        vocab_size=n_vocab,
        d_model=d_model,
        encoder_layers=layers,
        decoder_layers=layers,
        encoder_attention_heads=heads,
        decoder_attention_heads=heads,
        encoder_ffn_dim=ffn,
        decoder_ffn_dim=ffn,
        max_position_embeddings=max_positions,
        pad_token_id=pad,
        eos_token_id=0,
        bos_token_id=0,
        forced_eos_token_id=0,
        decoder_start_token_id=pad,
        share_encoder_decoder_embeddings=True,
        scale_embedding=True,
        activation_function="swish",
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config)
    model.eval()
    model.save_pretrained(folder)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sacremoses advice
        tokenizer = MarianTokenizer(
            source_spm=str(folder / "source.spm"),
            target_spm=str(folder / "target.spm"),
            vocab=str(folder / "vocab.json"),
            model_max_length=max_positions,
        )
        tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture(scope="session")
def tiny_marian_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random Marian in transformers save_pretrained layout (built in about a second)."""
    return build_marian(tmp_path_factory.mktemp("models") / "tiny-marian")


@pytest.fixture(scope="session")
def tiny_marian_ct2_dir(tiny_marian_dir: Path) -> Path:
    """The tiny model converted to CTranslate2 int8 by tqcheck's own converter."""
    from tqcheck.scoring.backends.ctranslate2 import convert

    return convert(tiny_marian_dir, tiny_marian_dir.with_name(tiny_marian_dir.name + "-ct2-int8"))


@pytest.fixture(scope="session")
def tiny_backend(tiny_marian_dir: Path) -> Iterator[object]:
    """The tiny model loaded through load_backend (transformers runtime)."""
    from tqcheck.scoring.backends import load_backend

    yield load_backend(str(tiny_marian_dir), backend="transformers", threads=1, batch_size=4)  # tiny: 1 thread is fastest


@pytest.fixture(scope="session")
def tiny_ct2_backend(tiny_marian_ct2_dir: Path) -> Iterator[object]:
    from tqcheck.scoring.backends import load_backend

    yield load_backend(str(tiny_marian_ct2_dir), backend="ctranslate2", threads=1, batch_size=4)
