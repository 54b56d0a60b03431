"""Scoring stage: embedded similarity, MT model metrics, model adjudication.

One :class:`Scorer` holds the models of a run. The embedded sentence encoder
always runs (unless ``similarity = false``): it needs no download and gives
every link an adequacy score. A local MT model is used only when configured
(``model = ...``); without one the report says so in a note instead of
failing, and when one is configured but missing, :class:`ModelError` tells
the user in one line (the CLI exits 2). Every model call goes through the
on-disk cache, all links in one batched call.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from tqcheck.config import Config
from tqcheck.datatypes import (
    Alignment,
    Finding,
    LinkScores,
    ModelInfo,
    Scores,
    Segmentation,
    SentenceEmbeddings,
)
from tqcheck.encoder import Encoder
from tqcheck.scoring.adjudication import DEFAULT_MARGIN, adjudicate
from tqcheck.scoring.backends import KINDS, Backend, load_backend, resolve_model
from tqcheck.scoring.cache import CachedBackend, ScoreCache
from tqcheck.scoring.metrics import METRICS_INFO, Metrics
from tqcheck.vector_similarity import link_similarities

MT_OFF_NOTE = "MT scoring off: no model (run make models)"
SIMILARITY_OFF_NOTE = "similarity off: sentence encoder disabled (similarity = false)"


def _model_info(spec: str, kind: str, backend: str) -> ModelInfo | None:
    """The model's identity without loading its weights (``None`` if it cannot be told cheaply).

    Resolving the folder is enough to name, date and place the model, so a
    fully cached run never pays for loading it. A missing model still fails
    here, with the loader's one-line :class:`ModelError`.
    """
    if kind not in KINDS:
        return None
    model = resolve_model(str(spec), backend)
    return ModelInfo(name=model.name, revision=model.revision, backend=model.runtime, kind=kind)


def _length_notes(model: str, scored: list[Any], what: str) -> list[str]:
    """One note per kind of length event (flags kept with cached scores, so re-runs agree)."""
    split = sum(1 for t in scored if getattr(t, "split", False))
    truncated = sum(1 for t in scored if getattr(t, "truncated", False))
    notes = []
    if split:
        notes.append(f"{model}: {split} link(s) longer than the model limit were {what} sentence pair by sentence pair")
    if truncated:
        notes.append(f"{model}: {truncated} link(s) longer than the model limit were {what} on their first tokens only")
    return notes


class Scorer:
    """Holds the models of one run and applies them to alignments.

    ``backend``/``reverse_backend`` may be given directly (any
    :class:`~tqcheck.scoring.backends.Backend`), e.g. by tests or a
    long-lived service; otherwise they are loaded lazily from ``config``.
    """

    def __init__(
        self,
        config: Config,
        *,
        backend: Backend | None = None,
        reverse_backend: Backend | None = None,
        cache: ScoreCache | None | bool = True,
    ) -> None:
        self.config = config
        self.cache: ScoreCache | None = ScoreCache.from_config(config) if cache is True else (cache or None)
        self._backend = CachedBackend(backend, self.cache) if backend is not None else None
        self._reverse = CachedBackend(reverse_backend, self.cache) if reverse_backend is not None else None
        self._encoder: Encoder | None = None
        self.metrics = Metrics()

    # ----------------------------------------------------------------- models

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            self._encoder = Encoder(threads=self.config.threads, cache=self.cache)
        return self._encoder

    def _load(self, spec: str, kind: str) -> CachedBackend:
        def loader() -> Backend:
            return load_backend(
                spec,
                kind=kind,
                backend=self.config.backend,
                threads=self.config.threads,
                batch_size=self.config.batch_size,
            )

        info = _model_info(spec, kind, self.config.backend) if self.cache is not None else None
        if info is None:
            return CachedBackend(loader(), self.cache)
        return CachedBackend(None, self.cache, loader=loader, info=info)

    @property
    def has_mt_backend(self) -> bool:
        """Whether this scorer was handed an MT model object (which may use torch) at construction."""
        return self._backend is not None or self._reverse is not None

    @property
    def backend(self) -> CachedBackend | None:
        """The forward (source → target) MT model, or ``None`` when none is configured."""
        if self._backend is None and self.config.model:
            self._backend = self._load(self.config.model, "mt")
        return self._backend

    @property
    def reverse_backend(self) -> CachedBackend | None:
        if self._reverse is None and self.config.reverse_model:
            self._reverse = self._load(self.config.reverse_model, "mt-reverse")
        return self._reverse

    # ----------------------------------------------------------------- stages

    def embed(self, source: Segmentation, target: Segmentation) -> SentenceEmbeddings | None:
        """Sentence vectors of both sides (shared with the aligner), or ``None`` if disabled."""
        if not self.config.similarity:
            return None
        return self.encoder.embed_pair(source, target)

    def score(self, alignment: Alignment, embeddings: SentenceEmbeddings | None) -> Scores:
        """Per-link similarity, and with a model: MT agreement and forced-decoding scores."""
        links = alignment.links
        fields: list[dict[str, Any]] = [{} for _ in links]
        models: list[ModelInfo] = []
        notes: list[str] = []
        corpus: dict[str, Any] = {}

        if embeddings is None and self.config.similarity:
            embeddings = self.embed(alignment.source, alignment.target)
        if embeddings is not None:
            models.append(self.encoder.info)
            sims = []
            own, rivals = link_similarities(embeddings.source, embeddings.target, links)
            for f, sim, rival in zip(fields, own, rivals, strict=True):
                if sim is not None:
                    f["similarity"] = round(sim, 6)
                    sims.append(sim)
                if rival is not None:
                    f["similarity_rival"] = round(rival, 6)
            if sims:
                corpus["similarity_mean"] = round(float(np.mean(sims)), 6)
        else:
            notes.append(SIMILARITY_OFF_NOTE)

        backend = self.backend
        if backend is None:
            notes.append(MT_OFF_NOTE)
        else:
            models.append(backend.info)
            corpus.update(self._mt_scores(alignment, backend, fields, notes))
            reverse = self.reverse_backend
            if reverse is not None:
                info = reverse.info
                models.append(info if info.kind == "mt-reverse" else replace(info, kind="mt-reverse"))
                self._reverse_scores(alignment, reverse, fields, notes)

        return Scores(
            links=tuple(LinkScores(**f) for f in fields),
            models=tuple(models),
            corpus=corpus,
            notes=tuple(notes),
        )

    def _mt_scores(
        self, alignment: Alignment, backend: CachedBackend, fields: list[dict[str, Any]], notes: list[str]
    ) -> dict[str, Any]:
        links = alignment.links
        with_source = [i for i, link in enumerate(links) if link.source]
        hyps = backend.translate_flagged([alignment.source_text(links[i]) for i in with_source])
        for i, (h, _) in zip(with_source, hyps, strict=True):
            fields[i]["mt_hypothesis"] = h
        pieces = sum(1 for _, split in hyps if split)
        if pieces:
            notes.append(
                f"{backend.info.name}: {pieces} link source(s) longer than the model limit were translated in pieces"
            )
        both = [i for i in with_source if links[i].target]
        sources = [alignment.source_text(links[i]) for i in both]
        targets = [alignment.target_text(links[i]) for i in both]
        refs = [fields[i]["mt_hypothesis"] for i in both]
        cache = self.cache
        stats = self.metrics.cached_statistics(
            targets,
            refs,
            lookup=(lambda keys: cache.get_json(METRICS_INFO, "stats", keys)) if cache else None,
            store=(lambda values: cache.put_json(METRICS_INFO, "stats", values)) if cache else None,
        )
        for i, m in zip(both, self.metrics.segment_scores(stats), strict=True):
            fields[i].update(chrf=round(m.chrf, 4), bleu=round(m.bleu, 4), ter=round(m.ter, 4))
        all_logprobs: list[float] = []
        scored = backend.score(sources, targets)
        notes.extend(_length_notes(backend.info.name, scored, "scored"))
        for i, tokens in zip(both, scored, strict=True):
            lps = [t.logprob for t in tokens]
            fields[i]["tokens"] = tokens
            if lps:
                fields[i].update(
                    logprob_mean=round(float(np.mean(lps)), 6),
                    logprob_min=round(float(min(lps)), 6),
                    logprob_sum=round(float(sum(lps)), 6),
                )
                all_logprobs.extend(lps)
        corpus = self.metrics.corpus_scores(stats)
        if all_logprobs:
            corpus["logprob_mean"] = round(float(np.mean(all_logprobs)), 6)
        return corpus

    def _reverse_scores(
        self, alignment: Alignment, reverse: CachedBackend, fields: list[dict[str, Any]], notes: list[str]
    ) -> None:
        links = alignment.links
        both = [i for i, link in enumerate(links) if link.source and link.target]
        sources = [alignment.source_text(links[i]) for i in both]
        targets = [alignment.target_text(links[i]) for i in both]
        scored = reverse.score(targets, sources)
        notes.extend(_length_notes(reverse.info.name, scored, "reverse-scored"))
        for i, tokens in zip(both, scored, strict=True):
            if tokens:
                fields[i]["reverse_logprob_mean"] = round(float(np.mean([t.logprob for t in tokens])), 6)

    def adjudicate(self, alignment: Alignment, findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
        """Let the MT model judge each suggested fix (see :mod:`tqcheck.scoring.adjudication`)."""
        mode = self.config.adjudicate
        if mode == "off" or not findings or not self.config.model and self._backend is None:
            return findings
        backend = self.backend
        if backend is None:
            return findings
        margin = float(self.config.thresholds.get("adjudication_margin", DEFAULT_MARGIN))
        return adjudicate(
            alignment, findings, backend, mode=mode, margin=margin, model_name=f"{backend.info.name}"
        )
