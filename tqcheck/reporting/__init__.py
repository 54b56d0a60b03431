"""Reporting stage: a :class:`~tqcheck.datatypes.Report` rendered for people and for tools.

Each format lives in its own module and is imported only when asked for, so
``tqcheck check`` does not pay for SARIF or HTML it does not print. Every
renderer returns the whole output as one string: the CLI writes it in one go
(atomically when writing a file), so a report is never half-written.
"""

from __future__ import annotations

import importlib
from typing import Any

from tqcheck.datatypes import Report
from tqcheck.errors import ConfigError

FORMATS: dict[str, tuple[str, str]] = {
    "terminal": ("tqcheck.reporting.terminal", "render_terminal"),
    "json": ("tqcheck.reporting.json_report", "render_json"),
    "junit": ("tqcheck.reporting.junit", "render_junit"),
    "sarif": ("tqcheck.reporting.sarif", "render_sarif"),
    "html": ("tqcheck.reporting.html", "render_html"),
}


#: Formats that exist only for a run over many documents (their writers are in
#: :mod:`tqcheck.reporting.run_writers`, which has a writer for every format).
RUN_ONLY_FORMATS: tuple[str, ...] = ("jsonl", "github")


def output_formats() -> tuple[str, ...]:
    """Every ``--format`` choice of ``tqcheck check``: the one-document renderers, then the run-only ones."""
    return (*FORMATS, *RUN_ONLY_FORMATS)


def render(report: Report, fmt: str, **opts: Any) -> str:
    """The report in format ``fmt`` (one of :data:`FORMATS`).

    Options a format does not use are ignored, so a caller can pass the same
    set (``color``, ``width``, ``quiet``, ``show_scores``, ``fail_on``,
    ``rules``) whatever the format.
    """
    try:
        module_name, func_name = FORMATS[fmt]
    except KeyError:
        raise ConfigError(f"unknown report format {fmt!r}; choose from {', '.join(FORMATS)}") from None
    func = getattr(importlib.import_module(module_name), func_name)
    return func(report, **opts)


__all__ = ["FORMATS", "RUN_ONLY_FORMATS", "output_formats", "render"]
