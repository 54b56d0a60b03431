"""Input discovery: command-line paths → the list of documents one run checks.

Why a module of its own: a CI job points tqcheck at a whole feed (a folder, a
glob, a mix of XLIFF and PO files, standard input) and expects one run. This
module only decides *which* documents there are and where each side lives; it
reads no document text (reading happens in the worker that checks it), so
discovering a feed of 100,000 files costs a directory walk and nothing more.

What a path may be:

* a file in a bilingual format (TSV, JSONL, XLIFF, TMX, PO): one document;
* two plain-text files ``SOURCE TARGET`` (the historical form): one document;
* a corpus folder (``source.fr.txt`` + ``translation.en.txt``): one document;
* any other folder, walked recursively: ``fr/NAME.txt`` ↔ ``en/NAME.txt``
  sub-folder pairs, ``NAME.fr.txt`` ↔ ``NAME.en.txt`` side by side, corpus
  sub-folders and bilingual files; hidden entries are skipped, and a symlink
  loop is reported once instead of walked forever;
* a glob (``'feed/**/*.xlf'``, quoted so the shell leaves it alone);
* ``-``: standard input, in a bilingual format (``--input-format`` or sniffed).

A file that cannot take part (a French file with no English partner, a path
that does not exist, a glob that matches nothing) is an :class:`InputProblem`:
the run goes on with the others and ends with exit code 3. Discovery raises
:class:`InputError` only when the paths given lead to no document at all.
"""

from __future__ import annotations

import glob
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tqcheck.datatypes import InputProblem, LanguagePair
from tqcheck.errors import InputError
from tqcheck.reading.registry import both_sides_suffixes, named, reader_by_suffix, readers, sniff_format

_GLOB_CHARS = set("*?[")
STDIN = "-"


@dataclass(frozen=True)
class DocumentInput:
    """Where one document's two sides live; cheap to make and to send to a worker.

    ``target`` is ``None`` when ``source`` holds both sides (a bilingual file or
    a corpus folder). ``display`` is the name reports use (``<stdin>`` for
    standard input, which is spooled to a temporary file first).
    """

    source: str
    target: str | None = None
    input_format: str | None = None
    display: str | None = None

    @property
    def id(self) -> str:
        if self.display:
            return self.display
        return self.source if self.target is None else f"{self.source} -> {self.target}"


@dataclass
class Discovery:
    """The documents found, in a stable order, and the files that could not be paired."""

    documents: list[DocumentInput] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)
    temporary: list[Path] = field(default_factory=list)

    def cleanup(self) -> None:
        """Remove what standard input was spooled into."""
        for path in self.temporary:
            try:
                path.unlink()
                path.parent.rmdir()
            except OSError:
                pass


def _is_corpus_folder(folder: Path, pair: LanguagePair) -> bool:
    has_source = (folder / f"source.{pair.source}.txt").is_file() or any(folder.glob("source*.txt"))
    has_target = (folder / f"translation.{pair.target}.txt").is_file() or any(folder.glob("translation*.txt"))
    return has_source and has_target


def _lang_of(name: str, pair: LanguagePair) -> tuple[str, str] | None:
    """``("report", "fr")`` for ``report.fr.txt``; ``None`` for a file without a language suffix."""
    if not name.endswith(".txt"):
        return None
    stem = name[: -len(".txt")]
    for lang in (pair.source, pair.target):
        if stem.endswith(f".{lang}") and len(stem) > len(lang) + 1:
            return stem[: -len(lang) - 1], lang
    return None


class _Walker:
    def __init__(self, pair: LanguagePair, out: Discovery) -> None:
        self.pair = pair
        self.out = out
        self.seen: set[tuple[int, int]] = set()

    def _enter(self, folder: Path) -> bool:
        try:
            st = folder.stat()
        except OSError as exc:
            self.out.problems.append(
                InputProblem(str(folder), None, f"cannot read folder ({exc.strerror or exc})")
            )
            return False
        key = (st.st_dev, st.st_ino)
        if key in self.seen:
            self.out.problems.append(
                InputProblem(str(folder), None, "symlink loop (folder already walked); skipped")
            )
            return False
        self.seen.add(key)
        return True

    def _entries(self, folder: Path) -> list[Path]:
        try:
            return sorted(p for p in folder.iterdir() if not p.name.startswith("."))
        except OSError as exc:
            self.out.problems.append(
                InputProblem(str(folder), None, f"cannot list folder ({exc.strerror or exc})")
            )
            return []

    def walk(self, folder: Path) -> None:
        if not self._enter(folder):
            return
        if _is_corpus_folder(folder, self.pair):
            self.out.documents.append(DocumentInput(str(folder)))
            return
        entries = self._entries(folder)
        names = {p.name: p for p in entries}
        src_dir, tgt_dir = names.get(self.pair.source), names.get(self.pair.target)
        paired_dirs: set[Path] = set()
        if src_dir is not None and tgt_dir is not None and src_dir.is_dir() and tgt_dir.is_dir():
            self._pair_language_folders(src_dir, tgt_dir)
            paired_dirs = {src_dir, tgt_dir}
        self._pair_side_by_side([p for p in entries if p.is_file()])
        for entry in entries:
            if entry.is_dir() and entry not in paired_dirs:
                self.walk(entry)

    def _pair_language_folders(self, src_dir: Path, tgt_dir: Path) -> None:
        """``fr/a/b.txt`` ↔ ``en/a/b.txt``: every file on one side needs its namesake on the other."""
        sources = self._files_under(src_dir)
        targets = self._files_under(tgt_dir)
        for rel in sorted(sources.keys() | targets.keys()):
            if rel in sources and rel in targets:
                self.out.documents.append(DocumentInput(str(sources[rel]), str(targets[rel])))
            elif rel in sources:
                self.out.problems.append(
                    InputProblem(str(sources[rel]), None, f"no translation {tgt_dir / rel} to pair it with")
                )
            else:
                self.out.problems.append(
                    InputProblem(str(targets[rel]), None, f"no source {src_dir / rel} to pair it with")
                )

    def _files_under(self, root: Path) -> dict[str, Path]:
        found: dict[str, Path] = {}
        if not self._enter(root):
            return found
        for entry in self._entries(root):
            if entry.is_dir():
                for rel, path in self._files_under(entry).items():
                    found[f"{entry.name}/{rel}"] = path
            elif entry.is_file():
                found[entry.name] = entry
        return found

    def _pair_side_by_side(self, files: list[Path]) -> None:
        by_stem: dict[str, dict[str, Path]] = {}
        for path in files:
            fmt = _bilingual_format(path)
            if fmt is not None:
                self.out.documents.append(DocumentInput(str(path), input_format=fmt))
                continue
            named = _lang_of(path.name, self.pair)
            if named is not None:
                by_stem.setdefault(named[0], {})[named[1]] = path
        for stem in sorted(by_stem):
            sides = by_stem[stem]
            src, tgt = sides.get(self.pair.source), sides.get(self.pair.target)
            if src is not None and tgt is not None:
                self.out.documents.append(DocumentInput(str(src), str(tgt)))
            elif src is not None:
                self.out.problems.append(
                    InputProblem(str(src), None, f"no translation {stem}.{self.pair.target}.txt beside it")
                )
            elif tgt is not None:
                self.out.problems.append(
                    InputProblem(str(tgt), None, f"no source {stem}.{self.pair.source}.txt beside it")
                )


def _bilingual_format(path: Path | str) -> str | None:
    """The format of a file that holds both sides, by its suffix (``None`` for any other file)."""
    return both_sides_suffixes().get(Path(path).suffix.lower())


def spool_stdin(data: bytes, input_format: str | None, out: Discovery) -> DocumentInput:
    """Standard input as a temporary file the readers can open (removed by :meth:`Discovery.cleanup`)."""
    wanted = (input_format or sniff_format(data) or "").strip().lower()
    found = (named(wanted) or reader_by_suffix(Path(f"stdin.{wanted}"))) if wanted else None
    if found is None or not found.holds_both_sides:
        choices = "|".join(r.name for r in readers() if r.holds_both_sides)
        raise InputError(f"<stdin>: cannot tell the format of standard input; give --input-format {choices}")
    folder = Path(tempfile.mkdtemp(prefix="tqcheck-stdin-"))
    path = folder / f"stdin{found.suffixes[0]}"
    path.write_bytes(data)
    out.temporary.append(path)
    return DocumentInput(str(path), input_format=found.name, display="<stdin>")


def _is_legacy_pair(paths: list[str], input_format: str | None) -> bool:
    """``check SOURCE TARGET``: two paths, at least one a plain-text file, as tqcheck has always accepted.

    Two bilingual files (``a.xlf b.po``) are two documents; a text file beside
    a bilingual one keeps the reader's precise "holds both sides" refusal.
    """
    if len(paths) != 2 or STDIN in paths:
        return False
    if Path(paths[0]).is_dir() or any(_GLOB_CHARS & set(p) and not Path(p).exists() for p in paths):
        return False
    if input_format not in (None, "text", "txt", "plain"):
        return False
    return any(_bilingual_format(p) is None for p in paths)


def discover(
    paths: Iterable[str | Path],
    pair: LanguagePair,
    input_format: str | None = None,
    *,
    stdin: bytes | None = None,
) -> Discovery:
    """The documents named by ``paths`` (files, folders, globs, ``-``), in a stable order.

    ``stdin`` holds standard input's bytes when ``-`` is among the paths. A
    single path that is a plain file is handed to the reader unchanged, so its
    errors (no translation given, not UTF-8…) stay the reader's precise ones.
    """
    raw = [str(p) for p in paths]
    out = Discovery()
    if not raw:
        raise InputError("no input given; pass files, folders or globs (or - for standard input)")
    if _is_legacy_pair(raw, input_format):
        out.documents.append(DocumentInput(raw[0], raw[1], input_format))
        return out
    walker = _Walker(pair, out)
    single = len(raw) == 1
    for arg in raw:
        if arg == STDIN:
            out.documents.append(spool_stdin(stdin or b"", input_format, out))
            continue
        path = Path(arg)
        if path.is_dir():
            before = len(out.documents), len(out.problems)
            walker.walk(path)
            if (len(out.documents), len(out.problems)) == before:
                out.problems.append(InputProblem(arg, None, "no documents found in this folder"))
            continue
        if path.exists() or path.is_symlink() or not (_GLOB_CHARS & set(arg)):
            if single or path.exists():
                fmt = input_format or _bilingual_format(path)
                out.documents.append(DocumentInput(arg, input_format=fmt))
            else:
                out.problems.append(InputProblem(arg, None, "no such file or folder"))
            continue
        matches = sorted(glob.glob(arg, recursive=True))
        files = [m for m in matches if os.path.isfile(m)]
        if not files:
            out.problems.append(InputProblem(arg, None, "no file matches this pattern"))
        for m in files:
            fmt = input_format or _bilingual_format(m)
            if fmt is None:
                kinds = ", ".join(r.name.upper() for r in readers() if r.holds_both_sides)
                out.problems.append(InputProblem(m, None, f"not a bilingual file ({kinds}); skipped"))
                continue
            out.documents.append(DocumentInput(m, input_format=fmt))
    if not out.documents:
        if len(out.problems) == 1:
            raise InputError(str(out.problems[0]))
        raise InputError(
            "no document to check: "
            + "; ".join(str(p) for p in out.problems[:5])
            + (f"; and {len(out.problems) - 5} more" if len(out.problems) > 5 else "")
        )
    return out
