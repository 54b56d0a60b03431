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

import sys
from collections.abc import Callable
from typing import Any

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
