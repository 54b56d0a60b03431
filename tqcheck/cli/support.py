"""What every ``tqcheck`` command shares: one-line errors, output to the terminal, config and common options.

Why a module of its own: ``check`` (:mod:`tqcheck.cli`), ``diff`` and
``report`` (:mod:`tqcheck.cli.report`) and ``eval`` all turn expected failures
into ONE line on stderr (``tqcheck: error: …``, exit code 2, never a
traceback), decide colour and width the same way, and declare their shared
options once so their help cannot drift apart. Keeping these here leaves
:mod:`tqcheck.cli` with the commands themselves.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from tqcheck.errors import TqcheckError

# --------------------------------------------------------------------------- errors


def fail(message: str, code: int = 2) -> NoReturn:
    """One line on stderr, then exit (2 by default)."""
    line = " ".join(str(message).split()) or "unknown error"
    typer.echo(f"tqcheck: error: {line}", err=True)
    raise typer.Exit(code)


def _os_message(exc: OSError) -> str:
    what = exc.strerror or str(exc)
    return f"{exc.filename}: {what}" if exc.filename else what


SIGPIPE_EXIT = 141
"""The exit code a shell gives a process ended by SIGPIPE (128 + 13)."""


def _drop_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush does not fail on the closed pipe too."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # pragma: no cover - no real stdout to replace
        pass


@contextlib.contextmanager
def errors_as_exit() -> Iterator[None]:
    """Turn expected failures into one stderr line and exit code 2 (130 when interrupted)."""
    try:
        yield
    except TqcheckError as exc:
        fail(str(exc))
    except UnicodeError as exc:
        fail(f"cannot decode or encode text: {exc}")
    except BrokenPipeError:
        # whoever read the report stopped reading (``tqcheck check … | head``): nothing is wrong to
        # report, as with grep or ruff; exit as a process ended by SIGPIPE does, in silence
        _drop_stdout()
        raise typer.Exit(SIGPIPE_EXIT) from None
    except OSError as exc:
        fail(_os_message(exc))
    except KeyboardInterrupt:
        typer.echo("tqcheck: interrupted", err=True)
        raise typer.Exit(130) from None


# --------------------------------------------------------------------------- output helpers


def is_tty() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def use_color(flag: bool | None, to_file: bool) -> bool:
    """``--color``/``--no-color`` win; otherwise colour only on a terminal, and never with NO_COLOR or TERM=dumb."""
    if to_file:
        return False
    if flag is not None:
        return flag
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    return is_tty()


def term_width() -> int:
    if is_tty():
        return shutil.get_terminal_size((100, 24)).columns
    try:
        return max(40, int(os.environ.get("COLUMNS", "")))
    except ValueError:
        return 100


def echo(text: str) -> None:
    """Write rendered text to stdout as is (no extra newline if it already ends with one).

    ``color=True`` stops click from stripping escape codes: the renderer already
    decided whether there are any (``--color`` on a pipe must keep them).
    """
    typer.echo(text, nl=not text.endswith("\n"), color=True)


def rich_text(console: Any) -> str:
    """What a string-backed console printed, without the blanks rich pads cells with."""
    from tqcheck.reporting.terminal import strip_trailing

    return strip_trailing(console.file.getvalue())


def rich_console(color: bool, width: int | None = None) -> Any:
    from rich.console import Console

    return Console(
        file=io.StringIO(),
        force_terminal=color,
        color_system="standard" if color else None,
        no_color=not color,
        width=width or term_width(),
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )


# --------------------------------------------------------------------------- config


def build_config(config_file: Path | None, **flags: Any) -> Any:
    """Defaults < [tool.tqcheck] (pyproject.toml, found upward) or --config < TQCHECK_MODEL < CLI flags."""
    from tqcheck.config import load_config

    flags = {k: v for k, v in flags.items() if v is not None}
    return load_config(Path.cwd(), config_file, **flags)


def codes(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    return tuple(c.strip().upper() for c in value.replace(",", " ").split() if c.strip())


# Options that several commands share (check, diff), declared once so their help cannot drift apart.
SelectOption = Annotated[
    str | None, typer.Option("--select", help="Comma-separated rule codes or prefixes to run (e.g. TQ2,TQ301).")
]
IgnoreOption = Annotated[str | None, typer.Option("--ignore", help="Comma-separated rule codes or prefixes to skip.")]
ModelOption = Annotated[
    str | None, typer.Option("--model", help="MT model name or folder (also TQCHECK_MODEL).", metavar="NAME|PATH")
]
NoSimilarityOption = Annotated[bool, typer.Option("--no-similarity", help="Do not use the embedded sentence encoder.")]
ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="A pyproject.toml or tqcheck.toml to read settings from.")
]
ColorOption = Annotated[
    bool | None, typer.Option("--color/--no-color", help="Force colours on or off (default: on a terminal only).")
]
