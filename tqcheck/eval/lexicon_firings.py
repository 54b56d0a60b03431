"""Per-entry firing counts of the false-friend and calque lexicon over many reports.

An entry that misfires on clean professional translations is found by
counting: run the checker over a clean corpus, tally each TQ202/TQ203 finding
by the lexicon entry that produced it, and read the entries at the top with
a few of their examples. The wmt-news section of the evaluation calls
:func:`tally_lexicon` on its reports and prints :func:`firings_markdown`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from tqcheck.datatypes import Report, Severity

LEXICON_CODES = ("TQ202", "TQ203")


@dataclass
class LexiconFirings:
    """Findings per lexicon entry (warnings and errors apart from infos), with examples."""

    counted: Counter[str] = field(default_factory=Counter)
    info: Counter[str] = field(default_factory=Counter)
    segments: int = 0
    examples: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def per_100(self, entry: str) -> float:
        return 100 * self.counted[entry] / self.segments if self.segments else 0.0


def tally_lexicon(reports: Iterable[Report], *, examples: int = 3) -> LexiconFirings:
    """Count each lexicon entry's findings over ``reports`` (a clean corpus: every finding is suspect)."""
    out = LexiconFirings()
    for report in reports:
        out.segments += len(report.alignment.target.sentences)
        for f in report.findings:
            if f.code in LEXICON_CODES:
                _count(
                    out,
                    f.code,
                    (f.details or {}).get("entry"),
                    f.severity.rank >= Severity.WARNING.rank,
                    (f.source.text if f.source else "", f.target.text if f.target else ""),
                    examples,
                )
    return out


def tally_records(records: Iterable[dict], segments: int) -> LexiconFirings:
    """The same count over the evaluation's finding records (``code``, ``severity``, ``entry``), no examples.

    The wmt-news section checks documents in worker processes and keeps
    records, not reports; its table goes into the README, so it quotes no text.
    """
    out = LexiconFirings(segments=segments)
    for r in records:
        if r.get("code") in LEXICON_CODES:
            serious = Severity(r["severity"]).rank >= Severity.WARNING.rank
            _count(out, r["code"], r.get("entry"), serious, ("", ""), 0)
    return out


def _count(
    out: LexiconFirings, code: str, entry: object, serious: bool, example: tuple[str, str], keep: int
) -> None:
    name = f"{code} {entry or '?'}"
    (out.counted if serious else out.info)[name] += 1
    shown = out.examples.setdefault(name, [])
    if len(shown) < keep:
        shown.append(example)


def firings_markdown(firings: LexiconFirings, top: int = 25) -> str:
    """The entries that fire most, as a Markdown table (entry, findings, per 100 sentences, examples)."""
    lines = [
        "| entry | findings | per 100 sentences | info | examples |",
        "|---|---:|---:|---:|---|",
    ]
    entries = sorted(
        set(firings.counted) | set(firings.info), key=lambda e: (-firings.counted[e], -firings.info[e], e)
    )
    for entry in entries[:top]:
        shown = "; ".join(f"{s} → {t}" for s, t in firings.examples.get(entry, []))
        lines.append(
            f"| {entry} | {firings.counted[entry]} | {firings.per_100(entry):.3f} | {firings.info[entry]} | {shown} |"
        )
    return "\n".join(lines) + "\n"
