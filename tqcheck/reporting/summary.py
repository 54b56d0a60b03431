"""What every format says the same way: counts, the summary line, the gate, the notes.

Keeping these in one place means the terminal, JUnit and HTML views never
disagree on how many problems there are or on whether the run failed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from tqcheck.datatypes import Finding, Report, Severity

FAIL_ON_CHOICES = ("error", "warning", "info", "never")


@dataclass(frozen=True)
class Counts:
    errors: int
    warnings: int
    infos: int
    links: int
    source_sentences: int
    target_sentences: int

    @property
    def problems(self) -> int:
        return self.errors + self.warnings + self.infos


def counts(report: Report) -> Counts:
    return Counts(
        errors=report.count(Severity.ERROR),
        warnings=report.count(Severity.WARNING),
        infos=report.count(Severity.INFO),
        links=len(report.alignment.links),
        source_sentences=len(report.alignment.source.sentences),
        target_sentences=len(report.alignment.target.sentences),
    )


def fail_threshold(fail_on: Severity | str | None) -> Severity | None:
    """The lowest severity that fails the run; ``None`` for ``never``."""
    if fail_on is None:
        return Severity.ERROR
    if isinstance(fail_on, Severity):
        return fail_on
    value = str(fail_on).lower()
    if value == "never":
        return None
    return Severity(value)


def fails(finding: Finding, threshold: Severity | None) -> bool:
    return threshold is not None and finding.severity.rank >= threshold.rank


def failing(report: Report, fail_on: Severity | str | None) -> list[Finding]:
    threshold = fail_threshold(fail_on)
    return [f for f in report.findings if fails(f, threshold)]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def is_mt_note(note: str) -> bool:
    return note.lower().startswith("mt scoring off")


def all_notes(report: Report) -> list[str]:
    """Report notes and score notes, each once, in order."""
    seen: list[str] = []
    for note in (*report.notes, *report.scores.notes):
        if note and note not in seen:
            seen.append(note)
    return seen


def summary_line(report: Report) -> str:
    """``Found 7 problems (3 errors, 4 warnings) in 41 sentence pairs; MT scoring off: …``.

    On success: ``All checks passed: 38 sentence pairs, 0 problems.`` (notes
    then go on their own lines, see :func:`extra_notes`).
    """
    c = counts(report)
    if c.problems == 0:
        return f"All checks passed: {_plural(c.links, 'sentence pair')}, 0 problems."
    parts = [
        _plural(n, word)
        for n, word in ((c.errors, "error"), (c.warnings, "warning"), (c.infos, "info"))
        if n
    ]
    line = f"Found {_plural(c.problems, 'problem')} ({', '.join(parts)}) in {_plural(c.links, 'sentence pair')}"
    mt = [n for n in all_notes(report) if is_mt_note(n)]
    return f"{line}; {mt[0]}" if mt else f"{line}."


def extra_notes(report: Report) -> list[str]:
    """The notes not already said by :func:`summary_line`."""
    notes = all_notes(report)
    if counts(report).problems == 0:
        return notes
    mt = [n for n in notes if is_mt_note(n)]
    return [n for n in notes if not mt or n != mt[0]]


def findings_by_link(report: Report) -> tuple[dict[int, list[Finding]], list[Finding]]:
    """Findings grouped by link index, and the document-level ones (no link)."""
    by_link: dict[int, list[Finding]] = defaultdict(list)
    loose: list[Finding] = []
    n_links = len(report.alignment.links)
    for f in sorted(report.findings, key=lambda f: f.sort_key):
        if f.link is not None and 0 <= f.link < n_links:
            by_link[f.link].append(f)
        else:
            loose.append(f)
    return dict(by_link), loose
