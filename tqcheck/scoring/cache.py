"""On-disk cache of model outputs: translations, forced-decoding scores, sentence vectors.

A CI job re-checks the same feed many times with a handful of changed
sentences; decoding is by far the slowest step, so every model output is
stored under a hash of *what produced it* (model name, revision, backend,
operation) and *what it was given* (the text or texts). A new model revision
or another backend is simply a miss, never a stale hit.

The store is one SQLite file in WAL mode, so parallel CI jobs sharing a cache
directory read concurrently and serialise their short writes. The cache is
an optimisation only: a corrupt or unwritable file is reported once as a
warning and the run goes on without it (recreating the file when it is
corrupt), never failing a check.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import sqlite3
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from tqcheck.datatypes import ModelInfo, TokenScore
from tqcheck.scoring.backends.base import Backend, ScoredTokens

log = logging.getLogger("tqcheck")

ENV_VAR = "TQCHECK_CACHE_DIR"
FILENAME = "scores-v1.sqlite"
SCHEMA_VERSION = 1
_CHUNK = 500  # SQLite's bound-parameter limit is 999 on old builds

Key = str | tuple[str, ...]


def cache_dir(configured: str | None = None) -> Path:
    """Where the cache lives: ``$TQCHECK_CACHE_DIR`` ← ``cache_dir`` setting ← the user cache dir."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    if configured:
        return Path(configured).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("tqcheck"))


def entry_key(info: ModelInfo, operation: str, key: Key) -> str:
    """The hash naming one model output: model identity + operation + input text(s)."""
    texts = [key] if isinstance(key, str) else list(key)
    blob = json.dumps([info.name, info.revision, info.backend, operation, texts], ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class ScoreCache:
    """A key-value store of model outputs in one SQLite file (see module docs)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._disabled = False
        self.hits = 0
        self.misses = 0

    @classmethod
    def from_config(cls, config: Any) -> ScoreCache | None:
        """The run's cache, or ``None`` when ``cache = false`` (``--no-cache``)."""
        if not getattr(config, "cache", True):
            return None
        return cls(cache_dir(getattr(config, "cache_dir", None)) / FILENAME)

    # ----------------------------------------------------------------- connection

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=30.0, isolation_level=None, check_same_thread=False)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA busy_timeout=30000")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, op TEXT NOT NULL, value BLOB NOT NULL)"
            )
            conn.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
            conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
            conn.execute("SELECT count(*) FROM meta").fetchone()
        except sqlite3.DatabaseError:
            conn.close()
            raise
        return conn

    def _connection(self) -> sqlite3.Connection | None:
        if self._disabled:
            return None
        if self._conn is not None:
            return self._conn
        try:
            self._conn = self._connect()
        except sqlite3.DatabaseError as exc:
            log.warning("score cache %s is unreadable (%s); recreating it", self.path, exc)
            self._remove_files()
            try:
                self._conn = self._connect()
            except (sqlite3.Error, OSError) as exc2:
                self._disable(exc2)
        except (sqlite3.Error, OSError) as exc:
            self._disable(exc)
        return self._conn

    def _remove_files(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            try:
                Path(f"{self.path}{suffix}").unlink()
            except FileNotFoundError:
                pass
            except OSError as exc:  # pragma: no cover - permissions
                log.warning("cannot remove %s%s: %s", self.path, suffix, exc)

    def _disable(self, exc: BaseException) -> None:
        if not self._disabled:
            log.warning("score cache %s disabled for this run: %s", self.path, exc)
        self._disabled = True
        if self._conn is not None:
            try:
                self._conn.close()
            except sqlite3.Error:  # pragma: no cover
                pass
        self._conn = None

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    # ----------------------------------------------------------------- raw access

    def get_many(self, info: ModelInfo, operation: str, keys: Sequence[Key]) -> dict[Key, bytes]:
        """Stored values for the keys that are present (missing keys are absent)."""
        hashed = {entry_key(info, operation, k): k for k in keys}
        found: dict[Key, bytes] = {}
        with self._lock:
            conn = self._connection()
            if conn is None:
                self.misses += len(hashed)
                return found
            try:
                items = list(hashed)
                for i in range(0, len(items), _CHUNK):
                    chunk = items[i : i + _CHUNK]
                    marks = ",".join("?" * len(chunk))
                    for h, value in conn.execute(f"SELECT key, value FROM entries WHERE key IN ({marks})", chunk):
                        found[hashed[h]] = bytes(value)
            except sqlite3.DatabaseError as exc:
                self._disable(exc)
                found.clear()
        self.hits += len(found)
        self.misses += len(hashed) - len(found)
        return found

    def put_many(self, info: ModelInfo, operation: str, values: Iterable[tuple[Key, bytes]]) -> None:
        rows = [(entry_key(info, operation, k), operation, sqlite3.Binary(v)) for k, v in values]
        if not rows:
            return
        with self._lock:
            conn = self._connection()
            if conn is None:
                return
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.executemany("INSERT OR REPLACE INTO entries (key, op, value) VALUES (?, ?, ?)", rows)
                conn.execute("COMMIT")
            except sqlite3.DatabaseError as exc:
                try:
                    conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
                self._disable(exc)

    # ----------------------------------------------------------------- typed helpers

    def get_json(self, info: ModelInfo, operation: str, keys: Sequence[Key]) -> dict[Key, Any]:
        out: dict[Key, Any] = {}
        for k, v in self.get_many(info, operation, keys).items():
            try:
                out[k] = json.loads(v.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                continue  # a damaged row is a miss
        return out

    def put_json(self, info: ModelInfo, operation: str, values: Mapping[Key, Any]) -> None:
        self.put_many(
            info, operation, ((k, json.dumps(v, ensure_ascii=False).encode("utf-8")) for k, v in values.items())
        )

    def get_vectors(self, info: ModelInfo, texts: Sequence[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for k, v in self.get_many(info, "embed", texts).items():
            if len(v) % 4 == 0 and v:
                out[k] = np.frombuffer(v, dtype=np.float32).copy()  # type: ignore[index]
        return out

    def put_vectors(self, info: ModelInfo, vectors: Mapping[str, np.ndarray]) -> None:
        self.put_many(info, "embed", ((k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in vectors.items()))


class CachedBackend:
    """An MT backend whose ``translate``/``score`` consult the cache first.

    Only the missing inputs reach the model, in one batched call, so a re-run
    with a few edited sentences decodes just those.
    """

    def __init__(
        self,
        backend: Backend | None,
        cache: ScoreCache | None,
        *,
        loader: Callable[[], Backend] | None = None,
        info: ModelInfo | None = None,
    ) -> None:
        if backend is None and (loader is None or info is None):
            raise ValueError("CachedBackend needs a backend, or a loader and the model's info")
        self._backend = backend
        self._loader = loader
        self._info = info
        self.cache = cache

    @property
    def backend(self) -> Backend:
        """The model itself, loaded on first use: a fully cached run never loads it."""
        if self._backend is None:
            assert self._loader is not None
            self._backend = self._loader()
        return self._backend

    @property
    def loaded(self) -> bool:
        return self._backend is not None

    @property
    def info(self) -> ModelInfo:
        return self._info if self._info is not None else self.backend.info

    @property
    def max_length(self) -> int:
        return int(self.backend.max_length)

    def translate(self, sources: Sequence[str]) -> list[str]:
        return [t for t, _ in self.translate_flagged(sources)]

    def translate_flagged(self, sources: Sequence[str]) -> list[tuple[str, bool]]:
        """Translations, each with whether the source was too long and translated in pieces.

        The flag is stored with the translation, so a cached re-run reports the
        same length notes as the first run.
        """
        sources = list(sources)
        if not sources:
            return []
        unique = list(dict.fromkeys(sources))
        known: dict[Key, Any] = self.cache.get_json(self.info, "translate", unique) if self.cache else {}
        missing = [s for s in unique if not (isinstance(known.get(s), dict) and isinstance(known[s].get("text"), str))]
        if missing:
            texts = self.backend.translate(missing)
            split = _flagged_indices(self._drain())
            fresh = {s: {"text": t, "split": i in split} for i, (s, t) in enumerate(zip(missing, texts, strict=True))}
            known.update(fresh)
            if self.cache:
                self.cache.put_json(self.info, "translate", fresh)
        return [(known[s]["text"], bool(known[s].get("split"))) for s in sources]

    def _drain(self) -> list[str]:
        drain = getattr(self._backend, "drain_warnings", None)
        return list(drain()) if callable(drain) else []

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[tuple[TokenScore, ...]]:
        pairs = list(zip(sources, targets, strict=True))
        if not pairs:
            return []
        unique = list(dict.fromkeys(pairs))
        known: dict[Key, Any] = self.cache.get_json(self.info, "score", unique) if self.cache else {}
        missing = [p for p in unique if not isinstance(known.get(p), dict)]
        if missing:
            results = self.backend.score([p[0] for p in missing], [p[1] for p in missing])
            self._drain()  # the truncated/split flags travel with the tokens instead
            fresh = {p: _scored_to_json(r) for p, r in zip(missing, results, strict=True)}
            known.update(fresh)
            if self.cache:
                self.cache.put_json(self.info, "score", fresh)
        return [_scored_from_json(known[p]) for p in pairs]

    def drain_warnings(self) -> list[str]:
        """Warnings the model gave since the last call (length-policy events of a fresh run)."""
        return self._drain() if self._backend is not None else []


_INDEX = re.compile(r"#(\d+)")


def _flagged_indices(warnings: Sequence[str]) -> set[int]:
    """Input positions named in the backend's length warnings ("source #3 has 167 tokens ...")."""
    out = set()
    for w in warnings:
        m = _INDEX.search(w)
        if m:
            out.add(int(m.group(1)))
    return out


def _scored_to_json(tokens: Sequence[TokenScore]) -> dict[str, Any]:
    return {
        "tokens": [[t.token, float(t.logprob)] for t in tokens],
        "truncated": bool(getattr(tokens, "truncated", False)),
        "split": bool(getattr(tokens, "split", False)),
    }


def _scored_from_json(value: dict[str, Any]) -> tuple[TokenScore, ...]:
    tokens = tuple(TokenScore(str(t), float(lp)) for t, lp in value["tokens"])
    return ScoredTokens(tokens, truncated=bool(value.get("truncated")), split=bool(value.get("split")))
