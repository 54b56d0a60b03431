"""The Marian (opus-mt) logic both runtimes share: tokenisation, batching, the length policy.

Tokens. :meth:`MarianBackend.score` returns, per target, one
:class:`~tqcheck.datatypes.TokenScore` per SentencePiece piece of the target
(the piece's ``'▁'`` turned into a leading space, so joining the pieces gives
the target text back) and a last one for ``</s>``; log-probabilities are
natural logs given the source and the previous target pieces.

Length policy (never a silent cut). Marian models accept ``max_length``
tokens per side. :meth:`MarianBackend.translate` splits an over-long source
at sentence, then clause, then word boundaries, translates the pieces and
joins them. :meth:`MarianBackend.score` first tries to pair the sentences of
an over-long source and target one to one and scores the pairs (the result
is marked ``split``); when the sides do not split into the same number of
fitting sentences it scores what fits (the first ``max_length - 1`` tokens
of each side) and marks the result ``truncated``. Every such event is also
appended to ``backend.warnings`` as a sentence the scorer can turn into a
note.
"""

from __future__ import annotations

import warnings as _warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from tqcheck.datatypes import ModelInfo, TokenScore
from tqcheck.errors import ModelError
from tqcheck.scoring.backends.base import SPACE_MARK, ScoredTokens, default_threads, short_error
from tqcheck.scoring.backends.splitting import pack, sentences_of


def load_marian_tokenizer(folder: Path) -> Any:
    """The opus-mt tokenizer of a folder (both layouts hold the same tokenizer files)."""
    from transformers import MarianTokenizer
    from transformers.utils import logging

    # quiet on success: no progress bars, no "sequence longer than the maximum" advice
    # (over-long inputs are handled, and reported, by MarianBackend)
    logging.set_verbosity_error()
    logging.disable_progress_bar()
    missing = [name for name in ("source.spm", "target.spm", "vocab.json") if not (folder / name).is_file()]
    if missing:
        raise ModelError(f"{folder}: not a Marian model folder (missing {', '.join(missing)})")
    try:
        with _warnings.catch_warnings():
            _warnings.simplefilter("ignore")  # "Recommended: pip install sacremoses" (not used by Marian)
            return MarianTokenizer.from_pretrained(str(folder))
    except Exception as exc:  # corrupt spm/vocab files raise anything from OSError to RuntimeError
        raise ModelError(f"{folder}: cannot read the tokenizer ({short_error(exc)})") from None




class MarianBackend:
    """Tokenisation, batching order and the length policy, shared by both runtimes.

    Subclasses implement two id-level primitives on batches already sorted by
    length: :meth:`_generate` (source ids → target ids) and :meth:`_forced`
    (source ids, target ids ending in ``</s>`` → one log-probability per target id).
    """

    def __init__(
        self,
        tokenizer: Any,
        info: ModelInfo,
        max_length: int,
        *,
        batch_size: int = 16,
        beam_size: int = 2,
        threads: int | None = None,
    ) -> None:
        if batch_size < 1:
            raise ModelError(f"batch size must be a positive integer (got {batch_size})")
        self.tokenizer = tokenizer
        self.info = info
        self.max_length = int(max_length)
        self.batch_size = batch_size
        self.beam_size = beam_size
        self.threads = threads or default_threads()
        self.warnings: list[str] = []
        #: forced decoding makes a (batch × target length × vocabulary) tensor: ~0.5 GB
        #: of float32 logits at opus-mt's 59,514 pieces and 2,048 target positions
        self.max_batch_tokens = 2048
        self.eos_id = int(tokenizer.eos_token_id)
        self.pad_id = int(tokenizer.pad_token_id)

    # ---- primitives (runtime-specific)

    def _generate(self, batch: list[list[int]], max_new_tokens: int, min_new_tokens: int = 0) -> list[list[int]]:
        raise NotImplementedError

    def _forced(self, sources: list[list[int]], targets: list[list[int]]) -> list[list[float]]:
        raise NotImplementedError

    # ---- tokenisation

    def source_ids(self, texts: Sequence[str]) -> list[list[int]]:
        if not texts:
            return []
        return [list(ids) for ids in self.tokenizer(list(texts))["input_ids"]]

    def target_ids(self, texts: Sequence[str]) -> list[list[int]]:
        if not texts:
            return []
        return [list(ids) for ids in self.tokenizer(text_target=list(texts))["input_ids"]]

    def piece(self, token_id: int) -> str:
        """Readable token text: '▁' becomes a leading space, so ``"".join`` gives the text back."""
        text = self.tokenizer.convert_ids_to_tokens(int(token_id))
        return text.replace(SPACE_MARK, " ")

    def drain_warnings(self) -> list[str]:
        """The length-policy warnings gathered since the last call (and forget them)."""
        out, self.warnings = self.warnings, []
        return out

    # ---- batching

    def _sorted_batches(
        self,
        lengths: Sequence[int],
        keys: Sequence[Any] | None = None,
        widths: Sequence[int] | None = None,
        max_tokens: int | None = None,
    ) -> Iterator[list[int]]:
        """Indices in batches of similar length (longest first), so little is spent on padding.

        Ties are broken by ``keys`` (the token ids), so the same inputs in any
        order make the same batches. With ``max_tokens``, a batch also closes
        before its padded width (``widths``, e.g. target lengths) times its
        size exceeds that budget: a few very long pairs never make one huge
        vocabulary-sized tensor.
        """
        order = sorted(range(len(lengths)), key=lambda i: (-lengths[i], keys[i] if keys is not None else i))
        batch: list[int] = []
        width = 0
        for i in order:
            w = widths[i] if widths is not None else lengths[i]
            if batch and (
                len(batch) >= self.batch_size
                or (max_tokens is not None and max(width, w) * (len(batch) + 1) > max_tokens)
            ):
                yield batch
                batch, width = [], 0
            batch.append(i)
            width = max(width, w)
        if batch:
            yield batch

    def _generate_all(self, sources: list[list[int]], min_new_tokens: int = 0, max_new_tokens: int | None = None) -> list[list[int]]:
        results: list[list[int]] = [[] for _ in sources]
        for batch in self._sorted_batches([len(s) for s in sources], sources):
            items = [sources[i] for i in batch]
            limits = [max_new_tokens or self._output_limit(len(s)) for s in items]
            # One step more than the longest limit, then each output is held to its own
            # source's limit: batch company never changes a greedy output's length, and
            # a </s> forced at the last step (Marian's config asks for it) never counts.
            outputs = self._generate(items, max(limits) + 1, min_new_tokens)
            for i, out, limit in zip(batch, outputs, limits, strict=True):
                results[i] = out[:limit]
        return results

    def _output_limit(self, source_length: int) -> int:
        """How many tokens a translation may have: generous for real output, bounded for run-on output."""
        return min(self.max_length - 1, int(1.5 * source_length) + 10)

    def _forced_all(self, sources: list[list[int]], targets: list[list[int]]) -> list[list[float]]:
        results: list[list[float]] = [[] for _ in sources]
        lengths = [len(s) + len(t) for s, t in zip(sources, targets, strict=True)]
        keys = list(zip(sources, targets, strict=True))
        widths = [len(t) for t in targets]
        for batch in self._sorted_batches(lengths, keys, widths, self.max_batch_tokens):
            scores = self._forced([sources[i] for i in batch], [targets[i] for i in batch])
            for i, row in zip(batch, scores, strict=True):
                results[i] = row
        return results

    # ---- public API

    def translate(self, sources: Sequence[str]) -> list[str]:
        """The model's translation of each source (deterministic: beam search, no sampling)."""
        sources = list(sources)
        if not sources:
            return []
        # Over-long sources become several pieces, translated in the same batches.
        pieces: list[str] = []
        owner: list[int] = []
        for index, (text, ids) in enumerate(zip(sources, self.source_ids(sources), strict=True)):
            if not text.strip():
                continue  # nothing to translate: the translation is ""
            if len(ids) <= self.max_length:
                pieces.append(text)
                owner.append(index)
                continue
            chunks, hard = pack(text, lambda s: len(self.source_ids([s])[0]), self.max_length)
            how = "cut inside a long run without spaces" if hard else "split at sentence/clause boundaries"
            self.warnings.append(
                f"{self.info.name}: source #{index} has {len(ids)} tokens (model limit {self.max_length}); "
                f"translated in {len(chunks)} pieces {how}"
            )
            pieces.extend(chunks)
            owner.extend([index] * len(chunks))
        outputs = self._generate_all(self.source_ids(pieces)) if pieces else []
        texts: list[list[str]] = [[] for _ in sources]
        for index, ids in zip(owner, outputs, strict=True):
            texts[index].append(self.tokenizer.decode(ids, skip_special_tokens=True).strip())
        return [" ".join(t for t in parts if t) for parts in texts]

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[tuple[TokenScore, ...]]:
        """Forced decoding: for each target token (and the final ``</s>``), log p(token | source, previous tokens).

        Returns one :class:`ScoredTokens` per pair; see the module docstring for
        pairs longer than the model accepts.
        """
        sources, targets = list(sources), list(targets)
        if len(sources) != len(targets):
            raise ValueError(f"score: {len(sources)} sources but {len(targets)} targets")
        if not sources:
            return []
        src_ids, tgt_ids = self.source_ids(sources), self.target_ids(targets)
        # Work items: (pair index, part number, source ids, target ids); most pairs are one item.
        items: list[tuple[int, int, list[int], list[int]]] = []
        flags: dict[int, str] = {}
        for index, (s, t) in enumerate(zip(src_ids, tgt_ids, strict=True)):
            if len(s) <= self.max_length and len(t) <= self.max_length:
                items.append((index, 0, s, t))
                continue
            parts = self._sentence_pairs(sources[index], targets[index])
            if parts is not None:
                flags[index] = "split"
                self.warnings.append(
                    f"{self.info.name}: pair #{index} is longer than the model limit ({self.max_length} tokens); "
                    f"scored as {len(parts)} sentence pairs"
                )
                for part, (ps, pt) in enumerate(parts):
                    items.append((index, part, ps, pt))
                continue
            flags[index] = "truncated"
            self.warnings.append(
                f"{self.info.name}: pair #{index} has {len(s)} source and {len(t)} target tokens "
                f"(model limit {self.max_length}) and does not split into matching sentences; "
                f"only the first {self.max_length - 1} tokens of each side were scored"
            )
            # max_length - 1 target tokens: CTranslate2 always adds a </s> position after them
            items.append((index, 0, s[: self.max_length - 1] + [self.eos_id], t[: self.max_length - 1]))
        logprobs = self._forced_all([it[2] for it in items], [it[3] for it in items])
        gathered: list[list[tuple[int, list[int], list[float]]]] = [[] for _ in sources]
        for (index, part, _, t), lp in zip(items, logprobs, strict=True):
            gathered[index].append((part, t, lp))
        results: list[tuple[TokenScore, ...]] = []
        for index, parts in enumerate(gathered):
            parts.sort(key=lambda p: p[0])
            tokens: list[TokenScore] = []
            for n, (_, t, lp) in enumerate(parts):
                last = n == len(parts) - 1
                for token_id, value in zip(t, lp, strict=True):
                    if token_id == self.eos_id and not last:
                        continue  # a sentence pair's own </s> is not a token of the whole target
                    tokens.append(TokenScore(self.piece(token_id), float(value)))
            flag = flags.get(index)
            results.append(ScoredTokens(tokens, truncated=flag == "truncated", split=flag == "split"))
        return results

    def _sentence_pairs(self, source: str, target: str) -> list[tuple[list[int], list[int]]] | None:
        """The two sides as matching sentence pairs that each fit the model, or ``None``."""
        src_sents, tgt_sents = sentences_of(source), sentences_of(target)
        if len(src_sents) < 2 or len(src_sents) != len(tgt_sents):
            return None
        src = self.source_ids(src_sents)
        tgt = self.target_ids(tgt_sents)
        if any(len(s) > self.max_length for s in src) or any(len(t) > self.max_length for t in tgt):
            return None
        return list(zip(src, tgt, strict=True))

