"""Reading a document pair from disk (or from strings) into a :class:`DocumentPair`.

Inputs come in these shapes: two plain-text files, one TSV file (``fr<TAB>en``
per line), one JSONL file (``{"source": …, "target": …}`` per line), one
XLIFF 1.2/2.x, TMX or PO file (see :mod:`tqcheck.bilingual_formats`), two
SRT/WebVTT subtitle files with cues paired by time (:mod:`tqcheck.subtitles`), or
a corpus folder holding ``source.<src>.txt`` and ``translation.<tgt>.txt``.
Line- or unit-aligned formats pair paragraph *i* with paragraph *i*.

Text is decoded as UTF-8 (a BOM is tolerated and dropped) and line ends are
normalised (``\\r\\n`` and lone ``\\r`` become ``\\n``) *before* anything else,
so every offset in a report refers to the BOM-less, ``\\n``-only text. Anything
that cannot be read as a usable pair raises :class:`InputError` with one line
naming the file, because the CLI shows exactly that line and nothing more.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from tqcheck.bilingual_formats import BILINGUAL_FORMATS, FORMAT_BY_SUFFIX, read_bilingual
from tqcheck.datatypes import Document, DocumentPair, InputProblem, LanguagePair, Paragraph, SegmentUnit
from tqcheck.errors import InputError
from tqcheck.subtitles import SUBTITLE_FORMATS, SUBTITLE_SUFFIXES, read_subtitles
from tqcheck.suppression import ignored_codes

MAX_BYTES = 50 * 1024 * 1024
"""Largest file accepted: far above any real document, low enough to stay in memory comfortably."""

FORMATS = ("text", "tsv", "jsonl", *BILINGUAL_FORMATS, *SUBTITLE_FORMATS)
_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")
_LINE = re.compile(r"[^\n]+")
_WORDY = re.compile(r"\w")


# --------------------------------------------------------------------------- decoding


def _normalise(text: str) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _read_text(path: Path) -> str:
    """The file's text, decoded and normalised, or a one-line :class:`InputError`."""
    name = path.name or str(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, expected a file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(
            f"{name}: file too large ({size / 1024 / 1024:.0f} MB; the limit is {MAX_BYTES // 1024 // 1024} MB); split it"
        )
    data = path.read_bytes()
    if b"\x00" in data:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise InputError(f"{name}: UTF-16 text, expected UTF-8; convert it with iconv -f utf-16 -t utf-8")
        raise InputError(f"{name}: binary file (contains NUL bytes), expected UTF-8 text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        guess = _guess_encoding(data)
        if guess:
            raise InputError(
                f"{name}: not UTF-8 (looks like {guess}); convert it with iconv -f {guess} -t utf-8"
            ) from None
        raise InputError(f"{name}: not UTF-8 (invalid byte at offset {exc.start}); convert it to UTF-8") from None
    return _normalise(text)


def _guess_encoding(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding in ("utf_8", "ascii"):
        return None
    return best.encoding.replace("_", "-")


# --------------------------------------------------------------------------- documents


def _paragraphs_of(text: str) -> tuple[Paragraph, ...]:
    """Paragraph spans: blank-line blocks when the text has blank lines, else lines.

    A text with blank lines is laid out in blocks (possibly hard-wrapped, so
    one block is one paragraph); a text without is one paragraph per line.
    Spans exclude surrounding whitespace.
    """
    spans: list[tuple[int, int]] = []
    if _BLANK_LINE.search(text):
        pos = 0
        for m in _BLANK_LINE.finditer(text):
            spans.append((pos, m.start()))
            pos = m.end()
        spans.append((pos, len(text)))
    else:
        spans = [(m.start(), m.end()) for m in _LINE.finditer(text)]
    out = []
    for start, end in spans:
        block = text[start:end]
        stripped = block.strip()
        if not stripped:
            continue
        lead = len(block) - len(block.lstrip())
        s = start + lead
        out.append(Paragraph(len(out), s, s + len(stripped)))
    return tuple(out)


def _document(text: str, lang: str, path: str | None, what: str) -> Document:
    if not text.strip():
        raise InputError(f"{what}: empty (no text)")
    if not _WORDY.search(text):
        raise InputError(f"{what}: no sentences found (no words in the text)")
    return Document(text=text, lang=lang, paragraphs=_paragraphs_of(text), path=path)


def _cells_document(cells: list[str], lang: str, path: str | None, what: str) -> Document:
    """A side of a line-aligned input: one paragraph per cell, empty cells kept as empty paragraphs.

    Empty paragraphs keep paragraph *i* of both sides in step, so an empty
    target cell surfaces as an omission instead of shifting every later pair.
    """
    paragraphs = []
    offset = 0
    for i, cell in enumerate(cells):
        lead = len(cell) - len(cell.lstrip())
        core = cell.strip()
        paragraphs.append(Paragraph(i, offset + lead, offset + lead + len(core)))
        offset += len(cell) + 1
    text = "\n".join(cells)
    if not _WORDY.search(text):
        raise InputError(f"{what}: no sentences found (every cell is empty)")
    return Document(text=text, lang=lang, paragraphs=tuple(paragraphs), path=path)


def _clean_cell(cell: str) -> str:
    # A cell is one paragraph: inner line breaks (possible in JSONL) become spaces.
    return cell.replace("\n", " ").replace("\t", " ")


def _read_lines(path: Path) -> tuple[list[tuple[int, str]], list[InputProblem]]:
    """A feed file's lines (line number, text), and the lines that are not UTF-8 as problems.

    One bad line in a feed of thousands must not cost the others their
    result, so a line that does not decode is set aside as an
    :class:`InputProblem`. When most lines fail, the file as a whole is in
    another encoding, and that is one file-level :class:`InputError`.
    """
    try:
        return list(enumerate(_read_text(path).split("\n"), 1)), []
    except InputError as exc:
        if "not UTF-8" not in str(exc):
            raise
        error = exc
    lines: list[tuple[int, str]] = []
    problems: list[InputProblem] = []
    for lineno, raw in enumerate(path.read_bytes().split(b"\n"), 1):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(InputProblem(str(path), lineno, f"not UTF-8 (invalid byte at column {exc.start + 1}); line skipped"))
            continue
        lines.append((lineno, _normalise(text) if lineno == 1 else text.rstrip("\r")))
    if len(problems) * 2 > sum(1 for _, line in lines if line.strip()) + len(problems):
        raise error
    return lines, problems


FeedRow = tuple[int, str, str, str, str]
"""One row of a line-aligned feed: (line number, id, source cell, target cell, note)."""

_HEADERS = {("source", "target"), ("source", "translation")}


def parse_feed_line(
    line: str, lineno: int, fmt: str, path: str, pair: LanguagePair, *, first_row: bool
) -> FeedRow | InputProblem | None:
    """One decoded line of a TSV or JSONL feed: a row, the problem that skips it, or ``None`` (blank, header).

    The one parser of feed lines: the whole-file readers below and the
    streaming reader of big feeds (:mod:`tqcheck.feed_blocks`) both call it,
    so a line means the same thing in a small file and in a huge one.
    """
    if not line.strip():
        return None
    if fmt == "tsv":
        n_tabs = line.count("\t")
        if n_tabs != 1:
            return InputProblem(
                path, lineno, f"expected exactly one tab (source<TAB>translation), found {n_tabs}; line skipped"
            )
        a, b = line.split("\t")
        if first_row and (a.strip().lower(), b.strip().lower()) in {*_HEADERS, (pair.source, pair.target)}:
            return None  # a header row
        return lineno, f"line {lineno}", a, b, ""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputProblem(path, lineno, f"malformed JSON ({exc.msg}); line skipped")
    ident, why = _jsonl_row(obj)
    if ident is None:
        return InputProblem(path, lineno, f"{why}; line skipped")
    note = " ".join(str(obj[k]) for k in ("note", "notes", "comment") if isinstance(obj.get(k), str))
    return lineno, ident or f"line {lineno}", _clean_cell(obj["source"]), _clean_cell(obj["target"]), note


def _read_rows(path: Path, pair: LanguagePair, fmt: str) -> DocumentPair:
    lines, problems = _read_lines(path)
    rows: list[FeedRow] = []
    for lineno, line in lines:
        parsed = parse_feed_line(line, lineno, fmt, str(path), pair, first_row=not rows)
        if isinstance(parsed, InputProblem):
            problems.append(parsed)
        elif parsed is not None:
            rows.append(parsed)
    return _line_pair(rows, problems, pair, path, fmt)


def _read_tsv(path: Path, pair: LanguagePair) -> DocumentPair:
    return _read_rows(path, pair, "tsv")


def _jsonl_row(obj: object) -> tuple[str | None, str]:
    """The row's id (its own ``id`` key if any), or ``None`` and why the object is no row."""
    if not isinstance(obj, dict):
        return None, 'expected an object with "source" and "target"'
    missing = [k for k in ("source", "target") if k not in obj]
    if missing:
        return None, f"missing key {', '.join(repr(k) for k in missing)}"
    if not all(isinstance(obj[k], str) for k in ("source", "target")):
        return None, '"source" and "target" must be strings'
    ident = obj.get("id")
    return (str(ident) if isinstance(ident, (str, int)) and not isinstance(ident, bool) else ""), ""


def _read_jsonl(path: Path, pair: LanguagePair) -> DocumentPair:
    return _read_rows(path, pair, "jsonl")


def feed_units(rows: list[FeedRow]) -> tuple[SegmentUnit, ...]:
    """The units of feed rows: id, line, raw cells, and the codes a row's note silences."""
    return tuple(
        SegmentUnit(id=ident, line=lineno, source_raw=a, target_raw=b, ignore=ignored_codes(note))
        for lineno, ident, a, b, note in rows
    )


def _no_good_unit(path: Path, problems: list[InputProblem]) -> InputError:
    """The one-line error for a feed none of whose lines could be read."""
    if not problems:
        return InputError(f"{path.name}: empty (no lines)")
    first = problems[0]
    more = f" (and {len(problems) - 1} more unreadable line{'s' if len(problems) > 2 else ''})" if len(problems) > 1 else ""
    return InputError(f"{path.name}:{first.line}: {first.message.removesuffix('; line skipped')}; no line could be read{more}")


def _line_pair(
    rows: list[FeedRow], problems: list[InputProblem], pair: LanguagePair, path: Path, fmt: str
) -> DocumentPair:
    """The pair of a line-aligned feed: rows are (line number, id, source cell, target cell, note).

    A JSONL row's ``note`` (or ``comment``) may hold ``tqcheck: ignore CODES``.
    """
    if not rows:
        raise _no_good_unit(path, problems)
    src = [r[2] for r in rows]
    tgt = [r[3] for r in rows]
    source = _cells_document(src, pair.source, str(path), f"{path.name} (source column)")
    target = _cells_document(tgt, pair.target, str(path), f"{path.name} (translation column)")
    units = feed_units(rows)
    return DocumentPair(
        source, target, pair, input_format=fmt, paragraphs_aligned=True, units=units, problems=tuple(problems)
    )


def _read_texts(source: Path, target: Path, pair: LanguagePair) -> DocumentPair:
    src = _document(_read_text(source), pair.source, str(source), source.name)
    tgt = _document(_read_text(target), pair.target, str(target), target.name)
    return DocumentPair(src, tgt, pair, input_format="text")


def _corpus_files(folder: Path, pair: LanguagePair) -> tuple[Path, Path]:
    source = folder / f"source.{pair.source}.txt"
    target = folder / f"translation.{pair.target}.txt"
    if source.is_file() and target.is_file():
        return source, target
    if not source.is_file():
        sources = sorted(p.name for p in folder.glob("source*.txt"))
        if len(sources) == 1:
            source = folder / sources[0]
        else:
            raise InputError(f"{folder}: corpus folder has no source.{pair.source}.txt")
    if not target.is_file():
        translations = sorted(p.name for p in folder.glob("translation*.txt"))
        if len(translations) == 1:
            target = folder / translations[0]
        elif translations:
            raise InputError(
                f"{folder}: no translation.{pair.target}.txt among {', '.join(translations)}; name the file to check"
            )
        else:
            raise InputError(f"{folder}: corpus folder has no translation.{pair.target}.txt")
    return source, target


def _format_of(path: Path, input_format: str | None) -> str:
    if input_format is not None:
        fmt = input_format.strip().lower()
        if fmt in ("txt", "plain"):
            fmt = "text"
        fmt = FORMAT_BY_SUFFIX.get(f".{fmt}", SUBTITLE_SUFFIXES.get(f".{fmt}", fmt))  # "xlf" → "xliff", "vtt" → "webvtt"
        if fmt not in FORMATS:
            raise InputError(f"unknown input format {input_format!r}; choose one of {', '.join(FORMATS)}")
        return fmt
    suffix = path.suffix.lower()
    if suffix in (".tsv", ".tab"):
        return "tsv"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".sdlxliff":
        return "xliff"
    return FORMAT_BY_SUFFIX.get(suffix, SUBTITLE_SUFFIXES.get(suffix, "text"))


def read_pair(source: Path, target: Path | None, pair: LanguagePair, input_format: str | None) -> DocumentPair:
    """Read a source and its translation from two files, one TSV/JSONL file or a corpus folder."""
    source = Path(source)
    if source.is_dir():
        if target is not None:
            raise InputError(f"{source}: a corpus folder holds both sides; do not give a second file")
        src_file, tgt_file = _corpus_files(source, pair)
        return _read_texts(src_file, tgt_file, pair)
    if not source.exists():
        raise InputError(f"{source}: no such file")
    fmt = _format_of(source, input_format)
    if fmt in SUBTITLE_FORMATS:
        if target is None:
            raise InputError(f"{source.name}: no translation given; pass the translated subtitle file too")
        target_fmt = fmt if input_format is not None else SUBTITLE_SUFFIXES.get(Path(target).suffix.lower(), fmt)
        return read_subtitles(source, Path(target), pair, fmt, target_fmt)
    if fmt != "text":
        if target is not None:
            raise InputError(
                f"{source.name}: a {fmt.upper()} file holds both sides; do not give a second file ({Path(target).name})"
            )
        if fmt in BILINGUAL_FORMATS:
            return read_bilingual(source, pair, fmt)
        readers = {"tsv": _read_tsv, "jsonl": _read_jsonl}
        return readers[fmt](source, pair)
    if target is None:
        raise InputError(
            f"{source.name}: no translation given; pass the translation file, a TSV/JSONL file or a corpus folder"
        )
    target = Path(target)
    if target.suffix.lower() in (".tsv", ".jsonl", ".ndjson", ".sdlxliff", *FORMAT_BY_SUFFIX) and input_format is None:
        raise InputError(
            f"{target.name}: a {target.suffix[1:].upper()} file holds both sides; give it alone"
        )
    return _read_texts(source, target, pair)


def pair_from_texts(source_text: str, target_text: str, pair: LanguagePair) -> DocumentPair:
    """A pair from two in-memory texts (paragraphs separated by newlines or blank lines)."""
    src = _document(_normalise(source_text), pair.source, None, "source text")
    tgt = _document(_normalise(target_text), pair.target, None, "translation text")
    return DocumentPair(src, tgt, pair, input_format="text")
