"""tqcheck's per-text memo caches: finding them and emptying the big ones.

Why a module of its own: many stages memoise pure per-word or per-sentence
functions with :func:`functools.lru_cache` (bounded, up to 200,000 entries
each). The bounds are per cache, so a long document fills every cache up to
its bound and the process's memory grows with the document (measured on one
20,000-pair document: the caches of :mod:`tqcheck.lang.names` alone held
~160 MB of Python objects, against ~55 MB at 5,000 pairs). Two callers empty
them: the rules engine between blocks of one document
(:func:`tqcheck.rules.engine.run_rules`), so a long document's peak memory
does not depend on its length, and the runner between documents of a feed
(:func:`tqcheck.running.runner.trim_caches`). Every memoised function is pure,
so emptying a cache changes what is computed again, never what is found.

Caches whose bound is small (:data:`MODEL_CACHE_MAX`) hold models, settings
and whole-document tables (spaCy pipelines, rule lists, a document's sorted
words), not per-text results, and are never emptied here.
"""

from __future__ import annotations

import functools
import sys
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

MODEL_CACHE_MAX = 1_000
"""Caches bounded below this hold models, settings or a few whole documents, not per-text results."""


def text_caches() -> list[Any]:
    """Every per-text ``lru_cache`` of the tqcheck modules imported so far (each function once)."""
    seen: dict[int, Any] = {}
    for name, module in list(sys.modules.items()):
        if module is None or (name != "tqcheck" and not name.startswith("tqcheck.")):
            continue
        for obj in list(vars(module).values()):
            info: Callable[[], Any] | None = getattr(obj, "cache_info", None)
            if info is None or not callable(getattr(obj, "cache_clear", None)) or id(obj) in seen:
                continue
            try:
                maxsize = info().maxsize
            except TypeError:  # a class with a cache_info method, not a cached function
                continue
            if maxsize is None or maxsize >= MODEL_CACHE_MAX:
                seen[id(obj)] = obj
    return list(seen.values())


def clear_word_keys() -> int:
    """Empty the aligner's per-word anchor memo (plain dicts, not an lru_cache) if it is loaded."""
    features = sys.modules.get("tqcheck.aligning.features")
    return features.clear_word_keys() if features is not None else 0


def trim_text_caches(above: int = 0, caches: list[Any] | None = None) -> int:
    """Empty each per-text cache holding more than ``above`` entries; the number emptied.

    ``above=0`` empties them all (between documents of a feed). Between blocks
    of one document the engine passes a size a block fills, so the caches that
    only grow with the document's length are emptied and the small ones, whose
    words recur in every block (function words, common names), keep their hits.
    """
    emptied = 0
    for cache in text_caches() if caches is None else caches:
        if cache.cache_info().currsize > above:
            cache.cache_clear()
            emptied += 1
    return emptied


A = TypeVar("A")
R = TypeVar("R")


def last_document(fn: Callable[[A], R]) -> Callable[[A], R]:
    """``fn(document)`` remembered for the last document object it was asked of (by identity).

    Why: several rules of one check ask the same whole-document question
    (the feed rules each list the document's units; TQ707 and TQ708 both
    group them by normalised text), one after the other on the same
    :class:`~tqcheck.datatypes.Alignment`. One entry, held by a weak
    reference to the document and dropped when the document goes, so
    nothing outlives the check; ``fn`` must be pure and its result must
    not be changed by callers (they share it).
    """
    last: list[tuple[weakref.ref[Any], R]] = []

    def forget(ref: weakref.ref[Any]) -> None:
        if last and last[0][0] is ref:
            last.clear()

    @functools.wraps(fn)
    def remembered(document: A) -> R:
        entry = last[0] if last else None
        if entry is not None and entry[0]() is document:
            return entry[1]
        value = fn(document)
        last[:] = [(weakref.ref(document, forget), value)]
        return value

    return remembered
