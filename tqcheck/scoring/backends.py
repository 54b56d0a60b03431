"""Local MT models behind one small interface: translate, and score a given translation.

The scorer needs two things from a translation model: its own translation of
a source (compared with the human one by chrF/BLEU/TER) and the probability
it gives to the human translation, token by token (forced decoding). Two
runtimes provide them for the same Marian (opus-mt) models:

- ``transformers``: the model as published on the hub, float32 on CPU;
- ``ctranslate2``: the same weights converted to int8 by
  ``tqcheck models convert``, several times faster on CPU.

:func:`load_backend` resolves a manifest name or a folder to one of them and
fails with one clear :class:`~tqcheck.errors.ModelError` line when it cannot,
never with a download: models arrive only through ``tqcheck models pull``.

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

import json
import os
import re
import warnings as _warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from tqcheck.datatypes import ModelInfo, TokenScore
from tqcheck.errors import ModelError

BACKEND_NAMES = ("auto", "transformers", "ctranslate2")
KINDS = ("mt", "mt-reverse")
CT2_SUFFIX = "-ct2-int8"
TOKENIZER_FILES = ("source.spm", "target.spm", "vocab.json", "tokenizer_config.json")
#: written next to a converted model: what it was converted from and its length limit
CT2_META = "tqcheck.json"
EOS = "</s>"
SPACE_MARK = "\u2581"  # SentencePiece's word-start marker '▁'


class ScoredTokens(tuple):
    """The per-token scores of one target: a plain tuple of :class:`TokenScore` plus two flags.

    ``truncated``: the pair did not fit the model and only its first tokens were
    scored (the tuple is then shorter than the target's tokenisation).
    ``split``: the pair was scored sentence pair by sentence pair; every token
    is present, but no token saw the context of the other sentence pairs.
    """

    truncated: bool
    split: bool

    def __new__(cls, items: Sequence[TokenScore] = (), *, truncated: bool = False, split: bool = False):
        self = super().__new__(cls, items)
        self.truncated = truncated
        self.split = split
        return self

    def __repr__(self) -> str:
        flags = "".join(f", {k}=True" for k in ("truncated", "split") if getattr(self, k))
        return f"ScoredTokens({tuple(self)!r}{flags})"


@runtime_checkable
class Backend(Protocol):
    """What the scorer uses of an MT model (both runtimes implement it)."""

    info: ModelInfo
    max_length: int
    warnings: list[str]

    def translate(self, sources: Sequence[str]) -> list[str]: ...

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[tuple[TokenScore, ...]]: ...


def default_threads() -> int:
    """The cores this process may actually run on (not the machine's total)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


# --------------------------------------------------------------------------- splitting

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'»”’)\]]*\s+")
_CLAUSE_END = re.compile(r"(?<=[,;:])\s+")


def _split_at(text: str, pattern: re.Pattern[str]) -> list[str]:
    return [part for part in pattern.split(text) if part and part.strip()]


def sentences_of(text: str) -> list[str]:
    """A rough sentence split, good enough to cut an over-long input where it hurts least."""
    return _split_at(text.strip(), _SENTENCE_END)


def pack(text: str, n_tokens: Callable[[str], int], limit: int) -> tuple[list[str], bool]:
    """Cut ``text`` into consecutive chunks of at most ``limit`` tokens each.

    Sentence boundaries first, then clause boundaries, then spaces. Returns the
    chunks and whether a chunk had to be cut inside a word-free run (then the
    last resort cuts the characters in halves until they fit).
    """
    hard = False

    def units(piece: str, level: int) -> Iterator[str]:
        nonlocal hard
        if n_tokens(piece) <= limit:
            yield piece
            return
        splitters: list[Callable[[str], list[str]]] = [
            lambda s: _split_at(s, _SENTENCE_END),
            lambda s: _split_at(s, _CLAUSE_END),
            lambda s: s.split(),
        ]
        for depth in range(level, len(splitters)):
            parts = splitters[depth](piece)
            if len(parts) > 1:
                for part in parts:
                    yield from units(part, depth)
                return
        hard = True
        middle = len(piece) // 2
        if middle == 0:
            yield piece
            return
        yield from units(piece[:middle], len(splitters))
        yield from units(piece[middle:], len(splitters))

    chunks: list[str] = []
    current = ""
    for unit in units(text.strip(), 0):
        candidate = f"{current} {unit}" if current else unit
        if current and n_tokens(candidate) > limit:
            chunks.append(current)
            current = unit
        else:
            current = candidate
    if current or not chunks:
        chunks.append(current)
    return chunks, hard


# --------------------------------------------------------------------------- shared Marian logic


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
        raise ModelError(f"{folder}: cannot read the tokenizer ({_short(exc)})") from None


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:200]}" if text else type(exc).__name__


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


# --------------------------------------------------------------------------- folders and loading


def folder_kind(folder: Path) -> str | None:
    """``"ctranslate2"``, ``"transformers"`` or ``None`` for a folder that holds neither."""
    if (folder / "model.bin").is_file():
        return "ctranslate2"
    config = folder / "config.json"
    has_weights = any((folder / name).is_file() for name in ("model.safetensors", "pytorch_model.bin"))
    if config.is_file() and has_weights:
        return "transformers"
    return None


def _read_meta(folder: Path) -> dict[str, Any]:
    try:
        return json.loads((folder / CT2_META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _fingerprint(folder: Path) -> str:
    """A stand-in revision for a folder of unknown origin: changes when its files change.

    Scores are cached per :class:`ModelInfo`; without this, two different
    models loaded from the same path would share cached scores.
    """
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
        stat = path.stat()
        digest.update(f"{path.name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return "local-" + digest.hexdigest()[:12]


def _resolve(spec: str, backend: str, models_dir: Path | None) -> tuple[Path, str, str, str | None]:
    """(folder, runtime, model name, revision) for a manifest name or a folder path.

    A name of models/models.toml (without a path separator) is looked up under
    ``models_dir``; anything else must be a model folder. Both runtimes'
    folders sit side by side: ``NAME/`` (transformers) and ``NAME-ct2-int8/``.
    """
    from tqcheck.scoring import manifest

    if backend not in BACKEND_NAMES:
        raise ModelError(f"unknown backend {backend!r} (expected one of {', '.join(BACKEND_NAMES)})")
    root = models_dir or manifest.default_models_dir()
    entries = manifest.load_manifest(manifest.manifest_path(root), missing_ok=True)
    path = Path(spec).expanduser()
    if os.sep not in spec and spec in entries:
        name, revision, named = spec, entries[spec].revision, None
        variants = {"transformers": root / name, "ctranslate2": root / f"{name}{CT2_SUFFIX}"}
    elif path.is_dir():
        named = folder_kind(path)
        if named is None:
            raise ModelError(
                f"{path}: not a model folder (expected a transformers save_pretrained layout with config.json and "
                f"model.safetensors, or a CTranslate2 folder with model.bin)"
            )
        name = path.name.removesuffix(CT2_SUFFIX)
        entry = entries.get(name)
        revision = _read_meta(path).get("revision") or (entry.revision if entry else None) or _fingerprint(path)
        sibling = path.with_name(name) if named == "ctranslate2" else path.with_name(name + CT2_SUFFIX)
        other = "transformers" if named == "ctranslate2" else "ctranslate2"
        variants = {named: path, other: sibling}
        root = path.parent
    elif os.sep in spec or spec.startswith("."):
        raise ModelError(f"model folder {spec} does not exist")
    else:
        known = ", ".join(sorted(entries)) or "none"
        raise ModelError(f"unknown model {spec!r}: not a folder and not in models/models.toml (known: {known})")
    found = {kind: folder for kind, folder in variants.items() if folder.is_dir() and folder_kind(folder) == kind}
    if not found:
        raise ModelError(f"model {name} is not installed in {root}/ (run 'make models', needs the Hugging Face hub)")
    if backend != "auto":
        runtime = backend
    elif named is not None:
        runtime = named  # the folder named wins unless another runtime is asked for
    else:
        runtime = "ctranslate2" if "ctranslate2" in found else "transformers"
    if runtime not in found:
        hint = f"run 'tqcheck models convert {name}'" if runtime == "ctranslate2" else "run 'make models'"
        raise ModelError(f"model {name} has no {runtime} variant in {root}/ ({hint})")
    return found[runtime], runtime, name, revision


def load_backend(
    spec: str,
    *,
    kind: str = "mt",
    backend: str = "auto",
    threads: int | None = None,
    batch_size: int = 16,
    models_dir: Path | None = None,
    beam_size: int = 2,
) -> Backend:
    """Load a model by manifest name (resolved under ``models_dir``) or by folder path.

    ``backend="auto"`` prefers the CTranslate2 int8 folder when one exists.
    Never downloads. Raises :class:`ModelError` with one line when the model is
    missing, incomplete or unreadable.
    """
    if kind not in KINDS:
        raise ModelError(f"unknown model kind {kind!r} (expected one of {', '.join(KINDS)})")
    if threads is not None and threads < 1:
        raise ModelError(f"threads must be a positive integer (got {threads})")
    folder, runtime, name, revision = _resolve(str(spec), backend, models_dir)
    info = ModelInfo(name=name, revision=revision, backend=runtime, kind=kind)
    options = {"threads": threads, "batch_size": batch_size, "beam_size": beam_size}
    if runtime == "ctranslate2":
        from tqcheck.scoring.backend_ctranslate2 import CTranslate2Backend

        return CTranslate2Backend.load(folder, info, **options)
    from tqcheck.scoring.backend_transformers import TransformersBackend

    return TransformersBackend.load(folder, info, **options)
