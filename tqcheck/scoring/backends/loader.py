"""Loading a model: resolve the setting, then hand the folder to its runtime.

The runtimes are imported here, inside :func:`load_backend`, and nowhere
else in the package: importing :mod:`tqcheck.scoring.backends` stays cheap
(no torch, no CTranslate2) for every run that never loads a model.
"""

from __future__ import annotations

from pathlib import Path

from tqcheck.datatypes import ModelInfo
from tqcheck.errors import ModelError
from tqcheck.scoring.backends.base import KINDS
from tqcheck.scoring.backends.marian import MarianBackend
from tqcheck.scoring.backends.resolve import resolve_model


def load_backend(
    spec: str,
    *,
    kind: str = "mt",
    backend: str = "auto",
    threads: int | None = None,
    batch_size: int = 16,
    models_dir: Path | None = None,
    beam_size: int = 2,
) -> MarianBackend:
    """Load a model by manifest name (resolved under ``models_dir``) or by folder path.

    ``backend="auto"`` prefers the CTranslate2 int8 folder when one exists.
    Never downloads. Raises :class:`ModelError` with one line when the model is
    missing, incomplete or unreadable.
    """
    if kind not in KINDS:
        raise ModelError(f"unknown model kind {kind!r} (expected one of {', '.join(KINDS)})")
    if threads is not None and threads < 1:
        raise ModelError(f"threads must be a positive integer (got {threads})")
    model = resolve_model(str(spec), backend, models_dir)
    info = ModelInfo(name=model.name, revision=model.revision, backend=model.runtime, kind=kind)
    options = {"threads": threads, "batch_size": batch_size, "beam_size": beam_size}
    if model.runtime == "ctranslate2":
        from tqcheck.scoring.backends.ctranslate2 import CTranslate2Backend

        return CTranslate2Backend.load(model.folder, info, **options)
    from tqcheck.scoring.backends.transformers import TransformersBackend

    return TransformersBackend.load(model.folder, info, **options)
