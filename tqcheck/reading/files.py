"""Files to text, once for every format: one size limit, one binary/UTF-16 check, one UTF-8 decoding.

Every reader starts here, so a file is refused for the same reason with the
same one-line :class:`InputError` whatever its format. Text is decoded as
UTF-8 (a BOM is tolerated and dropped) and line ends are normalised
(``\\r\\n`` and lone ``\\r`` become ``\\n``) *before* anything else, so every
offset in a report refers to the BOM-less, ``\\n``-only text. XML formats
take the bytes (their declaration names the encoding); PO decodes with the
charset its header names, after the same binary check.
"""

from __future__ import annotations

from pathlib import Path

from tqcheck.datatypes import InputProblem
from tqcheck.errors import InputError

MAX_BYTES = 50 * 1024 * 1024
"""Largest file accepted: far above any real document, low enough to stay in memory comfortably."""


def display_name(path: Path) -> str:
    """What an error line calls the file: its name, or the whole path when it has none (``/``)."""
    return path.name or str(path)


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or a one-line :class:`InputError` (missing, a folder, too large, unreadable)."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, expected a file")
    name = display_name(path)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(
            f"{name}: file too large ({size / 1024 / 1024:.0f} MB; the limit is {MAX_BYTES // 1024 // 1024} MB); split it"
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror or exc})") from None


def refuse_binary(data: bytes, name: str, binary_hint: str = ", expected UTF-8 text") -> None:
    """Refuse UTF-16 and binary data (NUL bytes), which no text format of tqcheck holds.

    ``binary_hint`` ends the binary-file message with what the user most
    likely gave instead (a compiled ``.mo`` file for PO).
    """
    if b"\x00" not in data:
        return
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{name}: UTF-16 text, expected UTF-8; convert it with iconv -f utf-16 -t utf-8")
    raise InputError(f"{name}: binary file (contains NUL bytes){binary_hint}")


def normalise(text: str) -> str:
    """Drop a BOM and make every line end ``\\n``."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def decode_utf8(data: bytes, name: str) -> str:
    """The bytes as normalised UTF-8 text, or an error naming the likely encoding and the fix."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        guess = _guess_encoding(data)
        if guess:
            raise InputError(
                f"{name}: not UTF-8 (looks like {guess}); convert it with iconv -f {guess} -t utf-8"
            ) from None
        raise InputError(
            f"{name}: not UTF-8 (invalid byte at offset {exc.start}); convert it to UTF-8"
        ) from None
    return normalise(text)


def read_text(path: Path) -> str:
    """The file's text, decoded and normalised, or a one-line :class:`InputError`."""
    data = read_bytes(path)
    name = display_name(Path(path))
    refuse_binary(data, name)
    return decode_utf8(data, name)


def _guess_encoding(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding in ("utf_8", "ascii"):
        return None
    return best.encoding.replace("_", "-")


def decode_line(raw: bytes, lineno: int, path: str) -> str | InputProblem:
    """One line of a feed as text (line end and, on line 1, a BOM dropped), or the problem that skips it.

    The one decoder of feed lines: the whole-file reader (after the file as a
    whole failed to decode) and the streaming reader of big feeds both call it.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return InputProblem(path, lineno, f"not UTF-8 (invalid byte at column {exc.start + 1}); line skipped")
    text = text.rstrip("\r\n")
    return text.removeprefix("\ufeff") if lineno == 1 else text


def read_lines(path: Path) -> tuple[list[tuple[int, str]], list[InputProblem]]:
    """A feed file's lines (line number, text), and the lines that are not UTF-8 as problems.

    One bad line in a feed of thousands must not cost the others their
    result, so a line that does not decode is set aside as an
    :class:`InputProblem`. When most lines fail, the file as a whole is in
    another encoding, and that is one file-level :class:`InputError`.
    """
    path = Path(path)
    data = read_bytes(path)
    name = display_name(path)
    refuse_binary(data, name)
    try:
        return list(enumerate(decode_utf8(data, name).split("\n"), 1)), []
    except InputError as exc:
        error = exc
    lines: list[tuple[int, str]] = []
    problems: list[InputProblem] = []
    for lineno, raw in enumerate(data.split(b"\n"), 1):
        decoded = decode_line(raw, lineno, str(path))
        if isinstance(decoded, InputProblem):
            problems.append(decoded)
        else:
            lines.append((lineno, decoded))
    if len(problems) * 2 > sum(1 for _, line in lines if line.strip()) + len(problems):
        raise error
    return lines, problems
