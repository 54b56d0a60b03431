"""Which folder, runtime, name and revision a model setting stands for, without loading it.

A name of models/models.toml (without a path separator) is looked up under
the models folder; anything else must be a model folder. Both runtimes'
folders sit side by side: ``NAME/`` (transformers) and ``NAME-ct2-int8/``.
Resolving is cheap (a few ``stat`` calls), so the scorer names, dates and
places a model from it and a fully cached run never loads the weights.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tqcheck.errors import ModelError
from tqcheck.scoring.backends.base import BACKEND_NAMES, CT2_META, CT2_SUFFIX
from tqcheck.scoring.manifest import default_models_dir, load_manifest, manifest_path


def folder_kind(folder: Path) -> str | None:
    """``"ctranslate2"``, ``"transformers"`` or ``None`` for a folder that holds neither."""
    if (folder / "model.bin").is_file():
        return "ctranslate2"
    config = folder / "config.json"
    has_weights = any((folder / name).is_file() for name in ("model.safetensors", "pytorch_model.bin"))
    if config.is_file() and has_weights:
        return "transformers"
    return None


def read_meta(folder: Path) -> dict[str, Any]:
    """What ``tqcheck models convert`` wrote next to a converted model (empty when nothing or unreadable)."""
    try:
        return json.loads((folder / CT2_META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _fingerprint(folder: Path) -> str:
    """A stand-in revision for a folder of unknown origin: changes when its files change.

    Scores are cached per :class:`ModelInfo`; without this, two different
    models loaded from the same path would share cached scores.
    """
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
        stat = path.stat()
        digest.update(f"{path.name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return "local-" + digest.hexdigest()[:12]


@dataclass(frozen=True)
class ResolvedModel:
    """A model setting resolved to one installed folder of one runtime."""

    folder: Path
    runtime: str
    name: str
    revision: str | None


def resolve_model(spec: str, backend: str = "auto", models_dir: Path | None = None) -> ResolvedModel:
    """The folder, runtime, name and revision of a manifest name or a folder path.

    ``backend="auto"`` prefers the CTranslate2 int8 folder when both exist,
    unless ``spec`` names one runtime's folder. Never downloads; raises
    :class:`ModelError` with one line when the model is unknown, missing or
    lacks the asked-for runtime.
    """
    if backend not in BACKEND_NAMES:
        raise ModelError(f"unknown backend {backend!r} (expected one of {', '.join(BACKEND_NAMES)})")
    root = models_dir or default_models_dir()
    entries = load_manifest(manifest_path(root), missing_ok=True)
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
        revision = read_meta(path).get("revision") or (entry.revision if entry else None) or _fingerprint(path)
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
    return ResolvedModel(found[runtime], runtime, name, revision)

