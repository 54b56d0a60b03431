"""Reading a document pair from disk (or from strings): which format, and its reader.

Inputs come in these shapes: two plain-text files, one file holding both
sides (TSV, JSONL, XLIFF, TMX, PO), two SRT/WebVTT subtitle files with cues
paired by time, or a corpus folder holding ``source.<src>.txt`` and
``translation.<tgt>.txt``. The format is the one given, else the one the
file's suffix names (:mod:`tqcheck.reading.registry`), else plain text.
Anything that cannot be read as a usable pair raises :class:`InputError` with
one line naming the file, because the CLI shows exactly that line and nothing
more.
"""

from __future__ import annotations

from pathlib import Path

from tqcheck.datatypes import DocumentPair, LanguagePair
from tqcheck.errors import InputError
from tqcheck.reading.documents import text_document
from tqcheck.reading.files import normalise
from tqcheck.reading.formats.text import read_corpus_folder
from tqcheck.reading.registry import format_of, reader


def read_pair(
    source: Path, target: Path | None, pair: LanguagePair, input_format: str | None
) -> DocumentPair:
    """Read a source and its translation from two files, one file holding both sides, or a corpus folder."""
    source = Path(source)
    if source.is_dir():
        if target is not None:
            raise InputError(f"{source}: a corpus folder holds both sides; do not give a second file")
        return read_corpus_folder(source, pair)
    if not source.exists():
        raise InputError(f"{source}: no such file")
    found = reader(format_of(source, input_format))
    if found.read_files is not None:
        return found.read_files(source, None if target is None else Path(target), pair, input_format)
    if target is not None:
        raise InputError(
            f"{source.name}: a {found.name.upper()} file holds both sides; do not give a second file ({Path(target).name})"
        )
    assert found.read_file is not None
    return found.read_file(source, pair)


def pair_from_texts(source_text: str, target_text: str, pair: LanguagePair) -> DocumentPair:
    """A pair from two in-memory texts (paragraphs separated by newlines or blank lines)."""
    src = text_document(normalise(source_text), pair.source, None, "source text")
    tgt = text_document(normalise(target_text), pair.target, None, "translation text")
    return DocumentPair(src, tgt, pair, input_format="text")
