"""Line-aligned feeds (one unit per line: TSV, JSONL), read whole or streamed in blocks.

A format of this family only says what one line means (its line parser);
the reading around it is here, once: blank lines are skipped, a line that
cannot be read is an :class:`InputProblem` naming the file and line while
every other line is still checked, and the same parser serves a small file
read whole and a huge one streamed in blocks, so a line means the same thing
in both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import BinaryIO

from tqcheck.datatypes import DocumentPair, InputProblem, LanguagePair
from tqcheck.errors import InputError
from tqcheck.reading.blocks import Block, block_pair
from tqcheck.reading.documents import WORDY, TextUnit, aligned_pair
from tqcheck.reading.files import decode_line, read_lines
from tqcheck.reading.registry import Reader

MAX_LINE_BYTES = 1024 * 1024
"""Longest line a streamed feed may hold: one unit of a feed is a paragraph, not a book."""

LineParser = Callable[[str, int, str, LanguagePair, bool], TextUnit | InputProblem | None]
"""``(line, line number, path, pair, first_row)`` → the line's unit, the problem that skips it, or ``None`` (a header)."""


def line_format(name: str, suffixes: tuple[str, ...], rank: int, parse: LineParser) -> Reader:
    """The reader of a line-aligned format, given what one of its lines means."""
    return Reader(
        name,
        suffixes,
        rank,
        read_file=partial(read_feed, fmt=name, parse=parse),
        blocks=partial(feed_blocks, fmt=name, parse=parse),
    )


def parse_line(
    parse: LineParser, line: str, lineno: int, path: str, pair: LanguagePair, *, first_row: bool
) -> TextUnit | InputProblem | None:
    """One decoded line: its unit, the problem that skips it, or ``None`` (blank, header)."""
    if not line.strip():
        return None
    return parse(line, lineno, path, pair, first_row)


def clean_cell(cell: str) -> str:
    """A cell is one paragraph: inner line breaks (possible in JSONL) and tabs become spaces."""
    return cell.replace("\n", " ").replace("\t", " ")


def read_feed(path: Path, pair: LanguagePair, *, fmt: str, parse: LineParser) -> DocumentPair:
    """A whole line-aligned file as a pair: one paragraph pair per good line."""
    path = Path(path)
    lines, problems = read_lines(path)
    units: list[TextUnit] = []
    for lineno, line in lines:
        parsed = parse_line(parse, line, lineno, str(path), pair, first_row=not units)
        if isinstance(parsed, InputProblem):
            problems.append(parsed)
        elif parsed is not None:
            units.append(parsed)
    if not units:
        raise _no_good_unit(path, problems)
    for side, column in (("source", "source column"), ("target", "translation column")):
        if not WORDY.search("\n".join(getattr(u, side) for u in units)):
            raise InputError(f"{path.name} ({column}): no sentences found (every cell is empty)")
    return aligned_pair(units, pair, fmt, str(path), problems=problems)


def _no_good_unit(path: Path, problems: list[InputProblem]) -> InputError:
    """The one-line error for a feed none of whose lines could be read."""
    if not problems:
        return InputError(f"{path.name}: empty (no lines)")
    first = problems[0]
    more = (
        f" (and {len(problems) - 1} more unreadable line{'s' if len(problems) > 2 else ''})"
        if len(problems) > 1
        else ""
    )
    return InputError(
        f"{path.name}:{first.line}: {first.message.removesuffix('; line skipped')}; no line could be read{more}"
    )


def feed_blocks(path: Path, pair: LanguagePair, size: int, *, fmt: str, parse: LineParser) -> Iterator[Block]:
    """A big line-aligned file streamed from disk in blocks of ``size`` good lines (never held whole)."""
    name = str(path)
    units: list[TextUnit] = []
    problems: list[InputProblem] = []
    first = last = 0
    seen_row = False

    def flush() -> Block:
        block = Block(
            block_pair(units, pair, name, fmt),
            f"{name}:{first}-{last}",
            first,
            tuple(problems),
            tuple(u.line or 0 for u in units),
        )
        units.clear()
        problems.clear()
        return block

    with Path(path).open("rb") as handle:
        for lineno, raw in enumerate(_bounded_lines(handle), 1):
            if raw is None:
                parsed: TextUnit | InputProblem | None = InputProblem(
                    name, lineno, f"line longer than {MAX_LINE_BYTES // 1024 // 1024} MB; skipped"
                )
            else:
                decoded = decode_line(raw, lineno, name)
                parsed = (
                    decoded
                    if isinstance(decoded, InputProblem)
                    else parse_line(parse, decoded, lineno, name, pair, first_row=not seen_row)
                )
            if parsed is None:
                continue
            if not units and not problems:
                first = lineno
            last = lineno
            if isinstance(parsed, InputProblem):
                problems.append(parsed)
                continue
            seen_row = True
            units.append(parsed)
            if len(units) >= size:
                yield flush()
    if units or problems:
        yield flush()


def _bounded_lines(handle: BinaryIO) -> Iterator[bytes | None]:
    """The file's lines, ``None`` for a line too long to hold (its bytes are skipped, never kept)."""
    while True:
        raw = handle.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = handle.readline(MAX_LINE_BYTES)
            yield None
            continue
        yield raw
