"""Baselines: fail a CI job on new findings only, as ruff and semgrep do.

A feed that has been translated for years has findings nobody will fix
today; a gate that fails on them is switched off by the second week. So
``--write-baseline FILE`` records today's findings and ``--baseline FILE``
reports (and fails on) only findings not in it, counting the ones that went
away as fixed.

A finding is recorded by a **fingerprint** that survives edits elsewhere in
the file: the rule code, the normalised source and target text of the unit
it is in (its alignment link; whitespace collapsed, Unicode NFC), and its
occurrence index among findings with the same code and unit text in the run
(the same boilerplate sentence mistranslated twice is two findings). No line
number or offset enters it, so inserting a paragraph above moves nothing.
"""

from __future__ import annotations

import collections
import hashlib
import json
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tqcheck import __version__
from tqcheck.datatypes import Finding, Report
from tqcheck.errors import InputError

SCHEMA = "tqcheck-baseline/1"


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def unit_texts(report: Report | None, finding: Finding) -> tuple[str, str]:
    """The source and target text of the unit a finding belongs to (its link, else its spans).

    Run-level findings (consistency across documents) come without their
    report, so their spans name them.
    """
    if report is not None and finding.link is not None and 0 <= finding.link < len(report.alignment.links):
        al = report.alignment
        link = al.links[finding.link]
        return _norm(al.source_text(link)), _norm(al.target_text(link))
    return (
        _norm(finding.source.text) if finding.source else "",
        _norm(finding.target.text) if finding.target else "",
    )


class Fingerprinter:
    """Fingerprints of a run's findings, in run order (the occurrence index counts across documents)."""

    def __init__(self) -> None:
        self._seen: collections.Counter[tuple[str, str, str]] = collections.Counter()

    def __call__(self, report: Report | None, finding: Finding) -> str:
        source, target = unit_texts(report, finding)
        key = (finding.code, source, target)
        occurrence = self._seen[key]
        self._seen[key] += 1
        raw = "\x1f".join((finding.code, source, target, str(occurrence)))
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]


def _ordered(report: Report) -> list[Finding]:
    return sorted(report.findings, key=lambda f: f.sort_key)


@dataclass
class BaselineWriter:
    """Collects every finding's fingerprint while the run streams, then writes them in one go."""

    entries: list[dict[str, Any]] = field(default_factory=list)
    fingerprint: Fingerprinter = field(default_factory=Fingerprinter)

    def add(self, document: str, report: Report | None, findings: list[Finding] | None = None) -> None:
        """Record a document's findings (``findings`` without ``report``: run-level ones, named by their spans)."""
        for f in _ordered(report) if findings is None else sorted(findings, key=lambda f: f.sort_key):
            self.entries.append(
                {
                    "fingerprint": self.fingerprint(report, f),
                    "code": f.code,
                    "document": document,
                    "message": f.message,
                }
            )

    def text(self) -> str:
        body = {"schema": SCHEMA, "tqcheck_version": __version__, "findings": self.entries}
        return json.dumps(body, ensure_ascii=False, indent=1) + "\n"


def load_fingerprints(path: Path) -> collections.Counter[str]:
    """The fingerprints a baseline file holds (a multiset); one-line errors for a bad file."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: baseline file not found (create it with --write-baseline)") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not a tqcheck baseline (invalid JSON: {exc})") from None
    if (
        not isinstance(data, dict)
        or data.get("schema") != SCHEMA
        or not isinstance(data.get("findings"), list)
    ):
        raise InputError(f"{path}: not a tqcheck baseline (expected schema {SCHEMA!r})")
    prints = [e.get("fingerprint") for e in data["findings"] if isinstance(e, dict)]
    if not all(isinstance(p, str) for p in prints):
        raise InputError(f"{path}: not a tqcheck baseline (an entry has no fingerprint)")
    return collections.Counter(prints)


@dataclass
class BaselineFilter:
    """Keeps only the findings not in the baseline; counts the known and the fixed ones."""

    known: collections.Counter[str]
    matched: int = 0
    new: int = 0
    fingerprint: Fingerprinter = field(default_factory=Fingerprinter)

    @classmethod
    def from_file(cls, path: Path) -> BaselineFilter:
        return cls(load_fingerprints(path))

    def apply(self, report: Report) -> Report:
        return replace(report, findings=tuple(self.new_findings(report, _ordered(report))))

    def new_findings(self, report: Report | None, findings: list[Finding]) -> list[Finding]:
        """The findings not in the baseline (``report`` ``None`` for run-level findings)."""
        kept: list[Finding] = []
        for f in findings:
            fp = self.fingerprint(report, f)
            if self.known[fp] > 0:
                self.known[fp] -= 1
                self.matched += 1
            else:
                kept.append(f)
        self.new += len(kept)
        return kept

    @property
    def fixed(self) -> int:
        """Baseline findings this run did not see again (call after the run)."""
        return sum(n for n in self.known.values() if n > 0)

    def summary(self) -> dict[str, int]:
        return {"new": self.new, "baselined": self.matched, "fixed": self.fixed}
