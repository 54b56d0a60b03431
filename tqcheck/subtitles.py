"""Reading subtitles: a French SRT or WebVTT file and its English counterpart, cues paired by time.

Subtitle translations keep the timing of the original but not always its cue
cuts: a translator may merge two short cues into one or split a long one.
So cues are paired by **time overlap**, not by number: source and target cues
whose display times overlap (by at least a fifth of the shorter cue, so cues
that merely touch do not count) belong to one unit, and every connected
group of overlapping cues is one unit, in time order. A source cue no target
cue overlaps is a unit with an empty target (an omission, the subtitle was
not translated); a target cue with no source is an addition. Each unit is
then checked like a row of a TSV feed (hard unit, no context across units).

Parsing is done by well-kept libraries: :mod:`srt` for SubRip and
``webvtt-py`` for WebVTT. Cue text loses its styling tags (``<i>``,
``<b>``, ``<font …>``, WebVTT voice and class spans, ASS ``{\\an8}``
overrides) and its line breaks become spaces. A unit's id is the cue number
(``3``, or ``3+4`` for merged cues) and its line the source cue's timing line.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from tqcheck.datatypes import Document, DocumentPair, InputProblem, LanguagePair, Paragraph, SegmentUnit
from tqcheck.errors import InputError

SUBTITLE_FORMATS = ("srt", "webvtt")
SUBTITLE_SUFFIXES = {".srt": "srt", ".vtt": "webvtt", ".webvtt": "webvtt"}
MIN_OVERLAP = 0.2
"""Share of the shorter cue two cues must overlap to belong together (touching cues do not)."""

_TAG = re.compile(r"<[^>\n]*>|\{\\[^}\n]*\}")
_SPACES = re.compile(r"[ \t\u00a0]*\n[ \t\u00a0]*|[ \t]{2,}")
_TIMING = re.compile(r"^\s*\S+\s*-->\s*\S+")
_WORDY = re.compile(r"\w")


@dataclass(frozen=True)
class Cue:
    """One subtitle: its number or identifier, display interval in seconds, plain text and timing line."""

    id: str
    start: float
    end: float
    text: str
    line: int | None


def _plain(text: str) -> str:
    return _SPACES.sub(" ", _TAG.sub("", text)).strip()


def _timing_lines(text: str) -> list[int]:
    return [i for i, line in enumerate(text.split("\n"), 1) if "-->" in line and _TIMING.match(line)]


def _decode(path: Path) -> str:
    from tqcheck.reading import _read_text

    return _read_text(path)


def read_cues(path: Path, fmt: str, problems: list[InputProblem] | None = None) -> list[Cue]:
    """The cues of an SRT or WebVTT file in time order, or one :class:`InputError` line naming the file.

    A malformed stretch of an SRT file is skipped (an :class:`InputProblem`
    in ``problems``) when the rest parses; a file with no good cue is an error.
    """
    path = Path(path)
    text = _decode(path)
    lines = _timing_lines(text)
    if fmt == "srt":
        import srt

        try:
            subs = list(srt.parse(text))
        except (srt.SRTParseError, ValueError) as exc:
            where = text.count("\n", 0, getattr(exc, "expected_start", 0) or 0) + 1
            message = "malformed SRT (expected a cue number and a 'start --> end' line)"
            logging.getLogger("srt").setLevel(logging.ERROR)  # the skip is reported as a problem, not logged
            try:
                subs = list(srt.parse(text, ignore_errors=True))
            except (srt.SRTParseError, ValueError):
                subs = []
            if problems is None or not subs:
                raise InputError(f"{path.name}:{where}: {message}") from None
            problems.append(InputProblem(str(path), where, f"{message}; the text there is skipped"))
            lines = []  # timing lines no longer match the cues one to one
        cues = [
            Cue(str(s.index), s.start.total_seconds(), s.end.total_seconds(), _plain(s.content), None) for s in subs
        ]
    else:
        import webvtt
        from webvtt.errors import MalformedFileError

        try:
            vtt = webvtt.from_string(text)
        except (MalformedFileError, ValueError) as exc:
            raise InputError(f"{path.name}: malformed WebVTT ({exc}); it must start with WEBVTT") from None
        cues = [
            Cue(c.identifier or str(i), _seconds(c.start), _seconds(c.end), _plain(c.raw_text), None)
            for i, c in enumerate(vtt, 1)
        ]
    if len(lines) == len(cues):
        cues = [Cue(c.id, c.start, c.end, c.text, line) for c, line in zip(cues, lines, strict=True)]
    if not cues:
        raise InputError(f"{path.name}: no subtitle cues found")
    return sorted(cues, key=lambda c: (c.start, c.end))


def _seconds(stamp: str) -> float:
    """``01:02:03.456`` or ``02:03.456`` → seconds."""
    parts = stamp.replace(",", ".").split(":")
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + float(part)
    return seconds


def _overlap(a: Cue, b: Cue) -> bool:
    shared = min(a.end, b.end) - max(a.start, b.start)
    shorter = max(min(a.end - a.start, b.end - b.start), 1e-3)
    return shared > 0 and shared >= MIN_OVERLAP * shorter


def pair_cues(source: list[Cue], target: list[Cue]) -> list[tuple[list[Cue], list[Cue]]]:
    """Groups of overlapping cues (source cues, target cues), in time order; one side may be empty."""
    parent = list(range(len(source) + len(target)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    j0 = 0
    for i, s in enumerate(source):
        while j0 < len(target) and target[j0].end <= s.start:
            j0 += 1
        j = j0
        while j < len(target) and target[j].start < s.end:
            if _overlap(s, target[j]):
                parent[find(i)] = find(len(source) + j)
            j += 1
    groups: dict[int, tuple[list[Cue], list[Cue]]] = {}
    for i, s in enumerate(source):
        groups.setdefault(find(i), ([], []))[0].append(s)
    for j, t in enumerate(target):
        groups.setdefault(find(len(source) + j), ([], []))[1].append(t)
    return sorted(groups.values(), key=lambda g: min(c.start for c in (*g[0], *g[1])))


def _side(cells: list[str], lang: str, path: Path) -> Document:
    paragraphs, offset = [], 0
    for i, cell in enumerate(cells):
        paragraphs.append(Paragraph(i, offset, offset + len(cell)))
        offset += len(cell) + 1
    return Document("\n".join(cells), lang, tuple(paragraphs), str(path))


def read_subtitles(
    source: Path, target: Path, pair: LanguagePair, source_fmt: str, target_fmt: str | None = None
) -> DocumentPair:
    """Two subtitle files as a unit-aligned pair: one unit per group of overlapping cues."""
    source, target = Path(source), Path(target)
    problems: list[InputProblem] = []
    src_cues = read_cues(source, source_fmt, problems)
    tgt_cues = read_cues(target, target_fmt or SUBTITLE_SUFFIXES.get(target.suffix.lower(), source_fmt), problems)
    if not any(_WORDY.search(c.text) for c in src_cues):
        raise InputError(f"{source.name}: no text in any cue")
    if not any(_WORDY.search(c.text) for c in tgt_cues):
        raise InputError(f"{target.name}: no text in any cue")
    src_cells, tgt_cells, units = [], [], []
    for src, tgt in pair_cues(src_cues, tgt_cues):
        src_cells.append(" ".join(c.text for c in src if c.text))
        tgt_cells.append(" ".join(c.text for c in tgt if c.text))
        if src:
            ident = "+".join(c.id for c in src)
            line = src[0].line
        else:
            ident = f"{target.name} {'+'.join(c.id for c in tgt)}"
            line = None
        units.append(SegmentUnit(id=ident, line=line, source_raw=src_cells[-1], target_raw=tgt_cells[-1]))
    return DocumentPair(
        _side(src_cells, pair.source, source),
        _side(tgt_cells, pair.target, target),
        pair,
        input_format=source_fmt,
        paragraphs_aligned=True,
        units=tuple(units),
        problems=tuple(problems),
    )
