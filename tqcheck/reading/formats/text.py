"""Plain text: a source file and its translation, or a corpus folder holding both.

Paragraphs are blank-line blocks, or lines when a text has no blank line
(:func:`tqcheck.reading.documents.paragraphs_of`); the aligner pairs them.
"""

from __future__ import annotations

from pathlib import Path

from tqcheck.datatypes import DocumentPair, LanguagePair
from tqcheck.errors import InputError
from tqcheck.reading.documents import text_document
from tqcheck.reading.files import read_text
from tqcheck.reading.registry import Reader, reader_by_suffix


def read_texts(
    source: Path, target: Path | None, pair: LanguagePair, input_format: str | None
) -> DocumentPair:
    """Two text files; a file that holds both sides given as the translation is refused (give it alone)."""
    if target is None:
        raise InputError(
            f"{source.name}: no translation given; pass the translation file, a TSV/JSONL file or a corpus folder"
        )
    target = Path(target)
    named = reader_by_suffix(target)
    if input_format is None and named is not None and named.holds_both_sides:
        raise InputError(f"{target.name}: a {target.suffix[1:].upper()} file holds both sides; give it alone")
    return _pair(source, target, pair)


def read_corpus_folder(folder: Path, pair: LanguagePair) -> DocumentPair:
    """A corpus folder: ``source.<src>.txt`` and ``translation.<tgt>.txt`` (or the only file of each kind)."""
    return _pair(*_corpus_files(folder, pair), pair)


def _pair(source: Path, target: Path, pair: LanguagePair) -> DocumentPair:
    src = text_document(read_text(source), pair.source, str(source), source.name)
    tgt = text_document(read_text(target), pair.target, str(target), target.name)
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


READER = Reader("text", (".txt",), 0, aliases=("txt", "plain"), read_files=read_texts)
