"""The progress bar of a long run: documents, segments per second, ETA, on stderr.

Why this shape: a CI log must stay clean (stderr is not a terminal there, so
no bar), a translator checking one file should not see a bar flash by (it
appears only once a run has lasted :data:`DELAY` seconds), and warnings
printed during the run must not tear the bar (they go through its console).
"""

from __future__ import annotations

import sys
import time
from typing import Any

DELAY = 2.0
"""Seconds before the bar appears: shorter runs never show one."""


def stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


class RunProgress:
    """A rich progress bar that starts late and only on a terminal; ``say`` prints above it."""

    def __init__(self, total: int | None, enabled: bool) -> None:
        self.total = total
        self.enabled = enabled
        self.started = time.perf_counter()
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> RunProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._progress = Progress(
            TextColumn("[bold]checking"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn(
                "docs · {task.fields[docs_rate]:.1f} docs/s · {task.fields[seg_rate]:,.0f} segments/s"
            ),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=Console(file=sys.stderr),
            transient=True,
        )
        self._task = self._progress.add_task("check", total=self.total, docs_rate=0.0, seg_rate=0.0)
        self._progress.start()

    def update(self, documents: int, segments: int) -> None:
        if not self.enabled:
            return
        elapsed = time.perf_counter() - self.started
        if self._progress is None:
            if elapsed < DELAY:
                return
            self._start()
        total = self.total if self.total is not None and documents <= self.total else None
        self._progress.update(
            self._task,
            completed=documents,
            total=total,
            docs_rate=documents / max(elapsed, 1e-9),
            seg_rate=segments / max(elapsed, 1e-9),
        )

    def say(self, line: str) -> None:
        """A line on stderr that does not break the bar."""
        if self._progress is not None:
            self._progress.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            print(line, file=sys.stderr, flush=True)
