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

Parsing is done by well-kept libraries, one format module each
(:mod:`tqcheck.reading.formats.srt`, :mod:`tqcheck.reading.formats.webvtt`).
Cue text loses its styling tags (``<i>``, ``<b>``, ``<font …>``, WebVTT voice
and class spans, ASS ``{\\an8}`` overrides) and its line breaks become spaces. A unit's id is the cue number
(``3``, or ``3+4`` for merged cues) and its line the source cue's timing line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from tqcheck.datatypes import DocumentPair, InputProblem, LanguagePair
from tqcheck.errors import InputError
from tqcheck.reading.documents import WORDY, TextUnit, aligned_pair
from tqcheck.reading.files import read_text
from tqcheck.reading.registry import Reader, reader, reader_by_suffix

MIN_OVERLAP = 0.2
"""Share of the shorter cue two cues must overlap to belong together (touching cues do not)."""

_TAG = re.compile(r"<[^>\n]*>|\{\\[^}\n]*\}")
_SPACES = re.compile(r"[ \t\u00a0]*\n[ \t\u00a0]*|[ \t]{2,}")
_TIMING = re.compile(r"^\s*\S+\s*-->\s*\S+")


@dataclass(frozen=True)
class Cue:
    """One subtitle: its number or identifier, display interval in seconds, plain text and timing line."""

    id: str
    start: float
    end: float
    text: str
    line: int | None


CueParser = Callable[[str, Path, list[InputProblem] | None], list[Cue]]
"""``(text, path, problems)`` → the file's cues in file order (lines not yet known), or an :class:`InputError`."""

_PARSERS: dict[str, CueParser] = {}


def plain(text: str) -> str:
    """Cue text without styling tags, on one line."""
    return _SPACES.sub(" ", _TAG.sub("", text)).strip()


def _timing_lines(text: str) -> list[int]:
    return [i for i, line in enumerate(text.split("\n"), 1) if "-->" in line and _TIMING.match(line)]


def subtitle_format(
    name: str, suffixes: tuple[str, ...], rank: int, parse: CueParser, aliases: tuple[str, ...] = ()
) -> Reader:
    """The reader of a subtitle format, given how its text becomes cues."""
    _PARSERS[name] = parse
    return Reader(name, suffixes, rank, aliases, read_files=partial(_read_files, fmt=name))


def read_cues(path: Path, fmt: str, problems: list[InputProblem] | None = None) -> list[Cue]:
    """The cues of a subtitle file in time order, or one :class:`InputError` line naming the file.

    A malformed stretch of a file is skipped (an :class:`InputProblem` in
    ``problems``) when the rest parses and the format allows it; a file with
    no good cue is an error. A cue's line is its timing line when every
    timing line is a cue.
    """
    path = Path(path)
    text = read_text(path)
    lines = _timing_lines(text)
    reported = len(problems) if problems is not None else 0
    reader(fmt)  # the registry imports every format, so their cue parsers are known
    cues = _PARSERS[fmt](text, path, problems)
    if problems is not None and len(problems) > reported:
        lines = []  # timing lines no longer match the cues one to one
    if len(lines) == len(cues):
        cues = [Cue(c.id, c.start, c.end, c.text, line) for c, line in zip(cues, lines, strict=True)]
    if not cues:
        raise InputError(f"{path.name}: no subtitle cues found")
    return sorted(cues, key=lambda c: (c.start, c.end))


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


def _read_files(
    source: Path, target: Path | None, pair: LanguagePair, input_format: str | None, *, fmt: str
) -> DocumentPair:
    """A subtitle file and its translation; the translation's own suffix names its format unless one was given."""
    if target is None:
        raise InputError(f"{source.name}: no translation given; pass the translated subtitle file too")
    return read_subtitles(source, target, pair, fmt, fmt if input_format is not None else None)


def _format_by_suffix(path: Path, default: str) -> str:
    named = reader_by_suffix(path)
    return named.name if named is not None and named.name in _PARSERS else default


def read_subtitles(
    source: Path, target: Path, pair: LanguagePair, source_fmt: str, target_fmt: str | None = None
) -> DocumentPair:
    """Two subtitle files as a unit-aligned pair: one unit per group of overlapping cues."""
    source, target = Path(source), Path(target)
    problems: list[InputProblem] = []
    src_cues = read_cues(source, source_fmt, problems)
    tgt_cues = read_cues(target, target_fmt or _format_by_suffix(target, source_fmt), problems)
    if not any(WORDY.search(c.text) for c in src_cues):
        raise InputError(f"{source.name}: no text in any cue")
    if not any(WORDY.search(c.text) for c in tgt_cues):
        raise InputError(f"{target.name}: no text in any cue")
    units = []
    for src, tgt in pair_cues(src_cues, tgt_cues):
        src_text = " ".join(c.text for c in src if c.text)
        tgt_text = " ".join(c.text for c in tgt if c.text)
        if src:
            ident = "+".join(c.id for c in src)
            line = src[0].line
        else:
            ident = f"{target.name} {'+'.join(c.id for c in tgt)}"
            line = None
        units.append(
            TextUnit(
                id=ident,
                line=line,
                source_raw=src_text,
                target_raw=tgt_text,
                source=src_text,
                target=tgt_text,
            )
        )
    return aligned_pair(units, pair, source_fmt, str(source), str(target), problems)
