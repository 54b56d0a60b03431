"""The Marian model as published (PyTorch, float32 on CPU), through transformers.

The reference runtime: slower than CTranslate2 int8 but exact, and it needs
nothing beyond the downloaded folder. Batches are sorted by length by
:class:`~tqcheck.scoring.backends.marian.MarianBackend`; here each batch is padded,
run under ``torch.inference_mode()`` and un-padded.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tqcheck.datatypes import ModelInfo
from tqcheck.errors import ModelError
from tqcheck.scoring.backends.base import default_threads, short_error
from tqcheck.scoring.backends.marian import MarianBackend, load_marian_tokenizer


class TransformersBackend(MarianBackend):
    """MarianMTModel + MarianTokenizer, float32, eval mode.

    ``threads`` (default: the cores this process may use) is torch's intra-op
    thread count during this backend's calls only, so two backends (or the
    encoder) with different settings do not overwrite each other.
    """

    def __init__(self, model: Any, tokenizer: Any, info: ModelInfo, max_length: int, **options: Any) -> None:
        super().__init__(tokenizer, info, max_length, **options)
        self.model = model
        self.decoder_start_id = int(model.config.decoder_start_token_id)
        # The hub's generation settings with tqcheck's beam and no sampling, like CTranslate2.
        generation = copy.deepcopy(model.generation_config)
        generation.num_beams = self.beam_size
        generation.do_sample = False
        generation.max_length = None
        self.generation_config = generation

    @classmethod
    def load(cls, folder: Path, info: ModelInfo, *, threads: int | None = None, **options: Any) -> TransformersBackend:
        import torch
        from transformers import MarianMTModel

        threads = threads or default_threads()
        tokenizer = load_marian_tokenizer(folder)
        try:
            model = MarianMTModel.from_pretrained(str(folder), dtype=torch.float32)
        except Exception as exc:  # truncated weights, bad config.json, wrong architecture
            raise ModelError(f"{folder}: cannot load the Marian model ({short_error(exc)})") from None
        model.eval()
        limit = int(model.config.max_position_embeddings)
        tok_limit = getattr(tokenizer, "model_max_length", None)
        if isinstance(tok_limit, int) and 0 < tok_limit < limit:
            limit = tok_limit
        return cls(model, tokenizer, info, limit, threads=threads, **options)

    @contextlib.contextmanager
    def _threads(self) -> Iterator[None]:
        """Run on this backend's thread count, then give torch back the caller's setting."""
        import torch

        before = torch.get_num_threads()
        if before != self.threads:
            torch.set_num_threads(self.threads)
        try:
            yield
        finally:
            if before != self.threads:
                torch.set_num_threads(before)

    # ---- primitives

    def _pad(self, rows: list[list[int]], value: int) -> tuple[Any, Any]:
        import torch

        width = max(len(r) for r in rows)
        ids = torch.full((len(rows), width), value, dtype=torch.long)
        mask = torch.zeros((len(rows), width), dtype=torch.long)
        for i, row in enumerate(rows):
            ids[i, : len(row)] = torch.tensor(row, dtype=torch.long)
            mask[i, : len(row)] = 1
        return ids, mask

    def _generate(self, batch: list[list[int]], max_new_tokens: int, min_new_tokens: int = 0) -> list[list[int]]:
        import torch

        ids, mask = self._pad(batch, self.pad_id)
        extra: dict[str, Any] = {}
        if min_new_tokens:
            extra["min_new_tokens"] = min_new_tokens
        with self._threads(), torch.inference_mode():
            out = self.model.generate(
                input_ids=ids,
                attention_mask=mask,
                generation_config=self.generation_config,
                max_new_tokens=max_new_tokens,
                **extra,
            )
        result = []
        for row in out.tolist():
            # drop the decoder start token, stop at </s>, drop padding
            tokens = [t for t in row[1:] if t != self.pad_id]
            if self.eos_id in tokens:
                tokens = tokens[: tokens.index(self.eos_id)]
            result.append(tokens)
        return result

    def _forced(self, sources: list[list[int]], targets: list[list[int]]) -> list[list[float]]:
        """One forward pass: decoder inputs are the targets shifted right after the start token (pad)."""
        import torch

        src, src_mask = self._pad(sources, self.pad_id)
        tgt, tgt_mask = self._pad(targets, self.pad_id)
        decoder_in = torch.full_like(tgt, self.pad_id)
        decoder_in[:, 0] = self.decoder_start_id
        decoder_in[:, 1:] = tgt[:, :-1]
        with self._threads(), torch.inference_mode():
            logits = self.model(
                input_ids=src,
                attention_mask=src_mask,
                decoder_input_ids=decoder_in,
                decoder_attention_mask=tgt_mask,
            ).logits
            # log_softmax at the gold token only: logit - logsumexp (no second vocab-sized tensor)
            gold = logits.gather(-1, tgt.unsqueeze(-1)).squeeze(-1)
            logprobs = (gold - torch.logsumexp(logits, dim=-1)) * tgt_mask
        return [row[: len(t)] for row, t in zip(logprobs.tolist(), targets, strict=True)]
