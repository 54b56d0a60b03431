"""``tqcheck models``: list, pull, verify and convert the local MT models.

Downloading is explicit and happens here only; checking never downloads.
Commands stay thin: the work is in :mod:`tqcheck.scoring.manifest` and
:mod:`tqcheck.scoring.backends.ctranslate2`, which raise one-line
:class:`~tqcheck.errors.TqcheckError` messages turned here into exit code 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tqcheck.errors import TqcheckError
from tqcheck.scoring import manifest
from tqcheck.scoring.backends import CT2_SUFFIX, folder_kind

app = typer.Typer(
    name="models",
    help="List, download (pull), verify and convert the local MT models of models/models.toml.",
    no_args_is_help=True,
    add_completion=False,
)

ModelsDir = Annotated[
    Path | None,
    typer.Option("--models-dir", help="Where models live (default: $TQCHECK_MODELS_DIR or the checkout's models/)."),
]


def _fail(exc: TqcheckError) -> typer.Exit:
    typer.echo(f"tqcheck: error: {' '.join(str(exc).split())}", err=True)
    return typer.Exit(2)


def _entries(names: list[str] | None, models_dir: Path) -> list[manifest.ModelEntry]:
    entries = manifest.load_manifest(manifest.manifest_path(models_dir))
    if not names:
        return list(entries.values())
    unknown = [n for n in names if n not in entries]
    if unknown:
        raise TqcheckError(f"unknown model {unknown[0]!r} (known: {', '.join(entries)})")
    return [entries[n] for n in names]


@app.command("list")
def list_models(models_dir: ModelsDir = None) -> None:
    """Each supported model: installed or not, where, which runtimes, how big."""
    root = models_dir or manifest.default_models_dir()
    try:
        entries = _entries(None, root)
    except TqcheckError as exc:
        raise _fail(exc) from None
    for entry in entries:
        variants = []
        size = 0
        for suffix, label in (("", "transformers"), (CT2_SUFFIX, "ct2-int8")):
            folder = root / f"{entry.name}{suffix}"
            if folder.is_dir() and folder_kind(folder):
                variants.append(label)
                size += manifest.folder_size(folder)
        folder = root / entry.name
        if variants:
            state = f"installed ({', '.join(variants)}, {manifest.human_size(size)})"
        else:
            state = "not installed (run 'tqcheck models pull " + entry.name + "')"
        typer.echo(f"{entry.name:<16} {entry.pair:<6} {entry.kind:<11} {state}")
        typer.echo(f"{'':<16} {entry.hub_id}@{entry.revision[:12]}  {entry.licence}  {folder}")


@app.command()
def pull(
    names: Annotated[list[str] | None, typer.Argument(help="Models to download (default: all).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Download again even when installed.")] = False,
    models_dir: ModelsDir = None,
) -> None:
    """Download models at their pinned revision from the Hugging Face hub and verify their hashes."""
    root = models_dir or manifest.default_models_dir()
    try:
        for entry in _entries(names, root):
            folder, downloaded = manifest.pull(entry, root, force=force)
            verb = "downloaded" if downloaded else "already installed, verified"
            typer.echo(f"{entry.name}: {verb} in {folder}")
    except TqcheckError as exc:
        raise _fail(exc) from None


@app.command()
def verify(
    names: Annotated[list[str] | None, typer.Argument(help="Models to check (default: all installed).")] = None,
    models_dir: ModelsDir = None,
) -> None:
    """Check installed models against the manifest's hashes, or those recorded at the first download or check."""
    root = models_dir or manifest.default_models_dir()
    try:
        entries = _entries(names, root)
    except TqcheckError as exc:
        raise _fail(exc) from None
    bad = 0
    for entry in entries:
        folder = root / entry.name
        if not folder.is_dir():
            if names:
                typer.echo(f"{entry.name}: not installed", err=True)
                bad += 1
            continue
        problems = manifest.verify(entry, folder, record=True)
        if problems:
            bad += 1
            typer.echo(f"{entry.name}: {'; '.join(problems)}", err=True)
        else:
            typer.echo(f"{entry.name}: ok")
    if bad:
        raise typer.Exit(1)


@app.command()
def convert(
    model: Annotated[str, typer.Argument(help="A manifest name (models/NAME) or a transformers model folder.")],
    out: Annotated[Path | None, typer.Option("--out", help="Output folder (default: NAME-ct2-int8 beside the model).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing converted folder.")] = False,
    models_dir: ModelsDir = None,
) -> None:
    """Convert a transformers Marian model to CTranslate2 int8 (several times faster on CPU)."""
    from tqcheck.scoring.backends.ctranslate2 import convert as convert_folder

    root = models_dir or manifest.default_models_dir()
    try:
        path = Path(model).expanduser()
        revision = None
        if not path.is_dir():
            entries = manifest.load_manifest(manifest.manifest_path(root), missing_ok=True)
            if model not in entries:
                raise TqcheckError(f"{model}: neither a model folder nor a model of models/models.toml")
            path = root / model
            revision = entries[model].revision
            if not path.is_dir():
                raise TqcheckError(
                    f"model {model} is not installed in {root}/ (run 'make models', needs the Hugging Face hub)"
                )
        target = out or path.with_name(path.name.rstrip("/") + CT2_SUFFIX)
        done = convert_folder(path, target, revision=revision, force=force)
    except TqcheckError as exc:
        raise _fail(exc) from None
    typer.echo(f"{path.name}: converted to CTranslate2 int8 in {done} ({manifest.human_size(manifest.folder_size(done))})")
