"""Consistency of translations across the units of a file, or across every document of a run.

Two questions, asked of (source, translation) segments:

* **TQ707** the same source segment translated differently: "Enregistrer"
  is "Save" in one unit and "Store" in another;
* **TQ708** different source segments given one translation: "Enregistrer"
  and "Sauvegarder" both "Save" (often fine in a UI, so an *info*).

Segments are compared after Unicode normalisation, case folding, collapsing
white space and dropping final punctuation, so "Save." and "save" are one
translation. The majority translation of a source (the first one on a tie)
is the reference; every other is reported once, pointing at the reference.

Within one document the rules TQ707/TQ708 (``tqcheck/rules/feed/``) apply
this to the document's units. Across a run, :func:`consistency_findings`
takes the checked reports and returns, per document, the findings whose
reference lies in *another* document (conflicts within a document are
already in its own report).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from tqcheck.config import Config
from tqcheck.datatypes import Alignment, Finding, Report, Severity, Span
from tqcheck.memo import last_document

_SPACES = re.compile(r"\s+")
_LETTER = re.compile(r"[^\W\d_]")


_FINAL_CHARS = frozenset(".!?…:;,")


def segment_key(text: str) -> str:
    """What two segments must share to count as the same text.

    White space collapsed by ``split``/``join`` and final punctuation stripped by hand, not by
    the two regexes this used (``\\s+`` to one space, then ``[\\s.!?…:;,]+$`` away): the same
    string (``\\s`` and ``str.isspace`` are one test; checked on every code point), three times
    faster, and TQ707/TQ708 key every unit of a document (issue #13).
    """
    key = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    end = len(key)
    while end and (key[end - 1] in _FINAL_CHARS or key[end - 1].isspace()):
        end -= 1
    return key[:end]


@dataclass(frozen=True)
class Segment:
    """One translated unit of one document, with what a finding needs to point at it."""

    doc: int
    unit: int
    source: str
    target: str
    link: int | None
    source_span: Span | None  # None until :func:`with_spans` (made only for segments in a conflict)
    target_span: Span | None
    label: str  # how a message names it: "unit welcome (line 12)" or "news.xlf:12"
    source_start: int = 0  # offsets of the texts in their documents (for the spans)
    target_start: int = 0


@dataclass(frozen=True)
class Conflict:
    """``segment`` disagrees with ``reference``: ``code`` TQ707 (one source, two translations) or TQ708."""

    code: str
    segment: Segment
    reference: Segment


def conflicts(segments: Iterable[Segment]) -> Iterator[Conflict]:
    """Every segment whose translation (TQ707) or source (TQ708) departs from its group's reference."""
    usable = [s for s in segments if _usable(s)]
    # each segment's two keys made once (normalising is most of the cost), not once per use
    keys = {id(s): (segment_key(s.source), segment_key(s.target)) for s in usable}
    for code, side, other in (("TQ707", 0, 1), ("TQ708", 1, 0)):
        groups: dict[str, list[Segment]] = {}
        for s in usable:
            groups.setdefault(keys[id(s)][side], []).append(s)
        for members in groups.values():
            if len(members) < 2:
                continue  # a group of one has one variant
            variants: dict[str, list[Segment]] = {}
            for s in members:
                variants.setdefault(keys[id(s)][other], []).append(s)
            if len(variants) < 2:
                continue
            ranked = sorted(variants.values(), key=lambda v: (-len(v), members.index(v[0])))
            reference = ranked[0][0]
            for variant in ranked[1:]:
                for s in variant:
                    yield Conflict(code, s, reference)


def conflict_message(c: Conflict, same_document: bool) -> str:
    where = c.reference.label if same_document else f"{c.reference.label} of another document"
    if c.code == "TQ707":
        return (
            f"{_short(c.segment.source)} is translated {_short(c.segment.target)} here "
            f"but {_short(c.reference.target)} in {where}"
        )
    return (
        f"translation {_short(c.segment.target)} is also used for a different source, "
        f"{_short(c.reference.source)}, in {where}"
    )


def _short(text: str, limit: int = 60) -> str:
    text = _SPACES.sub(" ", text).strip()
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def report_segments(report: Report, doc: int = 0) -> list[Segment]:
    """The translated units of a checked report as segments (one per link for text documents)."""
    return alignment_segments(report.alignment, doc)


def alignment_segments(al: Alignment, doc: int = 0, spans: bool = True) -> list[Segment]:
    """The translated units of an alignment as segments (one per link for text documents).

    ``spans=False`` leaves the spans out (``None``): finding each span's
    sentence is most of the cost, and within one document only the few
    segments in a conflict need them (:func:`with_spans`).
    """
    from tqcheck.rules.feed._common import feed_units

    path = al.pair.source.path or f"document {doc + 1}"
    out = []
    for u in feed_units(al):
        if not u.target.strip() or not u.source.strip():
            continue
        out.append(
            Segment(
                doc,
                u.index,
                u.source,
                u.target,
                u.link,
                _span(al, "source", u.source_start, u.source) if spans else None,
                _span(al, "target", u.target_start, u.target) if spans else None,
                _label(path, u),
                u.source_start,
                u.target_start,
            )
        )
    return out


def with_spans(al: Alignment, segment: Segment) -> Segment:
    """``segment`` of ``al`` with its spans made (see ``spans`` of :func:`alignment_segments`)."""
    if segment.source_span is not None and segment.target_span is not None:
        return segment
    return replace(
        segment,
        source_span=_span(al, "source", segment.source_start, segment.source),
        target_span=_span(al, "target", segment.target_start, segment.target),
    )


def _span(al: Alignment, side: str, start: int, text: str) -> Span:
    from tqcheck.rules.base import _sentence_at

    seg = al.source if side == "source" else al.target
    return Span("source" if side == "source" else "target", _sentence_at(seg.sentences, start), start, start + len(text), text)


def _label(path: str, unit) -> str:  # type: ignore[no-untyped-def]
    info = unit.info
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    if info is None:
        return f"{name} (pair {unit.index + 1})"
    at = f"{name}:{info.line}" if info.line else name
    ident = info.id.replace(f" (line {info.line})", "")
    return f"{at} (unit {ident})" if ident and ident != f"line {info.line}" else at


def _rule_meta(code: str) -> tuple[str, Severity]:
    from tqcheck.rules.registry import get_rule

    rule = get_rule(code)
    return rule.name, rule.severity


@last_document
def _document_conflicts(alignment: Alignment) -> list[Conflict]:
    """The conflicts of one document, without spans: found once for TQ707 and TQ708 both."""
    return list(conflicts(alignment_segments(alignment, spans=False)))


def document_conflict_findings(alignment: Alignment, code: str, severity: Severity) -> Iterator[Finding]:
    """TQ707's or TQ708's findings within one document (the two rules differ only in ``code``)."""
    for c in _document_conflicts(alignment):
        if c.code == code:
            c = Conflict(c.code, with_spans(alignment, c.segment), with_spans(alignment, c.reference))
            yield conflict_finding(c, True, severity)


def conflict_finding(c: Conflict, same_document: bool, severity: Severity | None = None) -> Finding:
    """The finding for one conflict: the segment's translation, its source and (same document) the reference."""
    name, default = _rule_meta(c.code)
    related = [c.segment.source_span]
    if same_document:
        ref = c.reference.target_span if c.code == "TQ707" else c.reference.source_span
        related.append(Span(ref.side, ref.sentence, ref.start, ref.end, ref.text, "reference"))
    return Finding(
        code=c.code,
        name=name,
        severity=severity or default,
        message=conflict_message(c, same_document),
        link=c.segment.link,
        target=c.segment.target_span,
        related=tuple(related),
        details={"reference": c.reference.label, "reference_document": c.reference.doc},
    )


def _usable(s: Segment) -> bool:
    """Segments with letters on both sides (a number or a symbol alone is not a translation choice)."""
    return bool(_LETTER.search(s.source) and _LETTER.search(s.target))


def _source_key(s: Segment) -> str:
    return segment_key(s.source)


def _target_key(s: Segment) -> str:
    return segment_key(s.target)


class RunConsistency:
    """TQ707/TQ708 across the documents of a run, as a run-level check of :mod:`tqcheck.running.runner`.

    It keeps each checked document's translated segments (text only, no
    report) in a :class:`~tqcheck.rules.feed.segment_store.SegmentStore`, on
    disk with 24 bytes each in memory, so a run of a million units streams
    its reports to the writers in flat memory while this check waits for the
    last one; its findings come out once the run is over.
    """

    def __init__(
        self, codes: Iterable[str] = ("TQ707", "TQ708"), severity: dict[str, Severity] | None = None
    ) -> None:
        from tqcheck.rules.feed.segment_store import SegmentStore

        self.codes = set(codes)
        self.severity = severity or {}
        self.store = SegmentStore(_source_key, _target_key)

    @classmethod
    def from_config(cls, config: Config) -> RunConsistency:
        from tqcheck.rules.registry import select_rules

        codes = {r.code for r in select_rules(config.select, config.ignore)} & {"TQ707", "TQ708"}
        return cls(codes, config.severity)

    def observe(self, index: int, report: Report) -> None:
        if self.codes:
            self.store.add([s for s in report_segments(report, index) if _usable(s)])

    def finish(self) -> dict[int, list[Finding]]:
        out: dict[int, list[Finding]] = {}
        try:
            for c in conflicts(self.store.candidates()):
                if c.code not in self.codes or c.segment.doc == c.reference.doc:
                    continue
                out.setdefault(c.segment.doc, []).append(conflict_finding(c, False, self.severity.get(c.code)))
        finally:
            self.store.close()
        return {doc: sorted(fs, key=lambda f: f.sort_key) for doc, fs in out.items()}


def consistency_findings(
    reports: Sequence[Report], codes: Iterable[str] = ("TQ707", "TQ708"), severity: dict[str, Severity] | None = None
) -> dict[int, tuple[Finding, ...]]:
    """Run-level consistency: per document index, findings whose reference is in another document.

    ``codes`` are the selected consistency codes (pass those the run's
    ``--select``/``--ignore`` keep); ``severity`` the run's overrides.
    """
    check = RunConsistency(codes, severity)
    for i, r in enumerate(reports):
        check.observe(i, r)
    return {doc: tuple(fs) for doc, fs in check.finish().items()}
