"""The Marian model converted to CTranslate2 int8: the fast CPU runtime.

A converted folder (``tqcheck models convert NAME`` → ``models/NAME-ct2-int8/``)
holds CTranslate2's ``model.bin`` and shared vocabulary plus copies of the
opus-mt tokenizer files, so tokenisation is byte-for-byte the transformers
backend's and the two runtimes' scores can be compared token by token.
"""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path
from typing import Any

from tqcheck.datatypes import ModelInfo
from tqcheck.errors import ModelError
from tqcheck.scoring.backends.base import CT2_META, TOKENIZER_FILES, default_threads, short_error
from tqcheck.scoring.backends.marian import MarianBackend, load_marian_tokenizer
from tqcheck.scoring.backends.resolve import folder_kind, read_meta

DEFAULT_MAX_LENGTH = 512


class CTranslate2Backend(MarianBackend):
    """``ctranslate2.Translator`` on CPU (int8), fed SentencePiece pieces by the Marian tokenizer."""

    def __init__(self, translator: Any, tokenizer: Any, info: ModelInfo, max_length: int, **options: Any) -> None:
        super().__init__(tokenizer, info, max_length, **options)
        self.translator = translator

    @classmethod
    def load(cls, folder: Path, info: ModelInfo, *, threads: int | None = None, **options: Any) -> CTranslate2Backend:
        import ctranslate2

        threads = threads or default_threads()
        tokenizer = load_marian_tokenizer(folder)
        try:
            translator = ctranslate2.Translator(
                str(folder), device="cpu", compute_type="int8", intra_threads=threads, inter_threads=1
            )
        except Exception as exc:
            raise ModelError(f"{folder}: cannot load the CTranslate2 model ({short_error(exc)})") from None
        max_length = int(read_meta(folder).get("max_length") or 0)
        if max_length <= 0:
            tok_limit = getattr(tokenizer, "model_max_length", None)
            max_length = tok_limit if isinstance(tok_limit, int) and 0 < tok_limit < 100_000 else DEFAULT_MAX_LENGTH
        return cls(translator, tokenizer, info, max_length, threads=threads, **options)

    def _tokens(self, ids: list[int]) -> list[str]:
        return self.tokenizer.convert_ids_to_tokens(ids)

    def _generate(self, batch: list[list[int]], max_new_tokens: int, min_new_tokens: int = 0) -> list[list[int]]:
        results = self.translator.translate_batch(
            [self._tokens(ids) for ids in batch],
            beam_size=self.beam_size,
            max_decoding_length=max_new_tokens,
            min_decoding_length=min_new_tokens,
            max_input_length=0,  # lengths are checked by MarianBackend; never cut here
        )
        return [self.tokenizer.convert_tokens_to_ids(r.hypotheses[0]) for r in results]

    def _forced(self, sources: list[list[int]], targets: list[list[int]]) -> list[list[float]]:
        # score_batch appends </s> itself and scores it; a target cut short has no </s>,
        # so its extra final score is dropped.
        wanted = []
        for t in targets:
            ends = bool(t) and t[-1] == self.eos_id
            wanted.append(self._tokens(t[:-1] if ends else t))
        results = self.translator.score_batch(
            [self._tokens(s) for s in sources], wanted, max_input_length=0
        )
        return [list(r.log_probs)[: len(t)] for r, t in zip(results, targets, strict=True)]


def convert(model_dir: Path, out_dir: Path, *, revision: str | None = None, force: bool = False) -> Path:
    """Convert a transformers Marian folder to CTranslate2 int8, with the tokenizer files beside it."""
    from ctranslate2.converters import TransformersConverter

    model_dir, out_dir = Path(model_dir), Path(out_dir)
    if folder_kind(model_dir) != "transformers":
        raise ModelError(f"{model_dir}: not a transformers model folder (config.json and weights needed)")
    load_marian_tokenizer(model_dir)  # fails early and clearly on missing tokenizer files
    if out_dir.exists() and not force:
        raise ModelError(f"{out_dir} already exists (use --force to replace it)")
    copy = [name for name in TOKENIZER_FILES if (model_dir / name).is_file()]
    tmp = out_dir.with_name(out_dir.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the converter loads the tokenizer: "pip install sacremoses"
            TransformersConverter(str(model_dir), copy_files=copy).convert(str(tmp), quantization="int8", force=True)
    except Exception as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ModelError(f"{model_dir}: CTranslate2 conversion failed ({short_error(exc)})") from None
    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    meta = {
        "converted_from": str(model_dir.name),
        "revision": revision,
        "quantization": "int8",
        "max_length": int(config.get("max_position_embeddings") or DEFAULT_MAX_LENGTH),
    }
    (tmp / CT2_META).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    if out_dir.exists():
        shutil.rmtree(out_dir)
    tmp.rename(out_dir)
    return out_dir
