"""The localisation industry's bilingual files (XLIFF 1.2/2.x, TMX 1.4, gettext PO): what they share.

These files already pair source and translation unit by unit, so each
translation unit becomes one paragraph pair, exactly as one TSV line does in
:mod:`tqcheck.reading.lines`, through the one path of
:func:`tqcheck.reading.documents.aligned_pair`. Every offset in a report
refers to that extracted text, not to the file's bytes. Each format is a
module of :mod:`tqcheck.reading.formats` (``xliff``, ``tmx``, ``po``) built
with :func:`unit_format`; the XML ones share :mod:`tqcheck.reading.xml_tree`
and :mod:`tqcheck.reading.inline`.

What a translator expects, and so what these readers do:

* **Untranslated units are kept.** A unit with no ``<target>``, an empty one or
  ``msgstr ""`` gives an empty target paragraph, which the aligner reports as an
  omission (a 1-0 link): a missing translation is the first thing to catch.
* **Units not meant to be translated are skipped:** ``translate="no"`` (XLIFF,
  inherited from ``<file>``/``<group>``), PO entries that are obsolete (``#~``)
  and PO entries marked ``fuzzy``. A fuzzy translation is a draft that ``msgfmt``
  leaves out of the compiled catalogue, so it is not what ships; checking it
  would report the translator's unfinished work as errors.
* **Inline markup becomes its text content.** Paired tags that wrap text
  (XLIFF ``<g>``, ``<pc>``, ``<mrk>``, TMX ``<hi>``) keep their text; standalone
  codes (XLIFF ``<x/>``, ``<bx/>``, ``<ex/>``, ``<ph>``, ``<bpt>``, ``<ept>``,
  ``<it>``, ``<sc/>``, ``<ec/>``, ``<sm/>``, ``<em/>``; TMX ``<bpt>``, ``<ept>``,
  ``<ph>``, ``<it>``, ``<ut>``) hold native code such as ``&lt;b&gt;``, not prose,
  so they become nothing, or their XLIFF text equivalent when the file gives
  one (``equiv-text`` in 1.2; ``equiv``, ``equivStart``/``equivEnd`` in 2.x, which
  the standard defines for exactly this use). Where a dropped code had a
  space on either side, one space remains, so no double space is invented.
* **Spacing is kept as written**, except that a line break with the
  indentation around it (a pretty-printed file) counts as one space. A double
  space the translator typed is theirs to fix, and a French no-break space is
  text, so neither is normalised away.
* **A unit is one line.** Line breaks inside a unit become spaces, because a
  newline separates units in the joined text.
* **PO plurals** are checked on their first form: ``msgstr[0]`` against
  ``msgid``. Plural forms differ in number between languages, so pairing
  ``msgid_plural`` with a given ``msgstr[n]`` would be a guess.
* **Languages are checked** when the file names them (XLIFF ``srcLang``/
  ``trgLang`` or ``source-language``/``target-language``, TMX ``srclang`` and
  ``xml:lang`` of each ``<tuv>``, PO ``Language`` and ``X-Source-Language``): a
  clearly different language (primary subtags differ: ``fr-FR`` is ``fr``) is an
  :class:`InputError`, since checking German as English would only produce noise.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from tqcheck.datatypes import DocumentPair, InputProblem, LanguagePair
from tqcheck.errors import InputError
from tqcheck.reading.blocks import Block
from tqcheck.reading.documents import WORDY, TextUnit, aligned_pair
from tqcheck.reading.files import display_name, read_bytes
from tqcheck.reading.registry import Reader, reader, readers

_UNKNOWN_LANGS = {"", "*all*", "und", "mul", "zxx", "xx"}
LINE_BREAKS = re.compile(r"[\r\n\t\v\f\u2028\u2029\x85]")

UnitParser = Callable[[bytes, str, str, LanguagePair, list[InputProblem]], list[TextUnit]]
"""``(file bytes, display name, path, pair, problems)`` → the file's units in file order, skipped ones left out."""


def unit_format(
    name: str,
    suffixes: tuple[str, ...],
    rank: int,
    parse: UnitParser,
    blocks: Callable[[Path, LanguagePair, int], Iterator[Block]],
    aliases: tuple[str, ...] = (),
) -> Reader:
    """The reader of a unit-based bilingual format, given how its bytes become units and how it is cut."""
    return Reader(
        name,
        suffixes,
        rank,
        aliases,
        read_file=partial(_read_file, fmt=name),
        units=partial(_units, fmt=name, parse=parse),
        blocks=blocks,
    )


def bilingual_formats() -> tuple[str, ...]:
    """The formats whose files are read unit by unit (XLIFF, TMX, PO)."""
    return tuple(r.name for r in readers() if r.units is not None)


def suffix_formats() -> dict[str, str]:
    """``.xlf`` → ``xliff``: each bilingual format's name and other names spelt as a suffix."""
    return {
        suffix: r.name
        for r in readers()
        if r.units is not None
        for suffix in r.suffixes
        if suffix[1:] in (r.name, *r.aliases)
    }


def read_bilingual(path: Path, pair: LanguagePair, fmt: str) -> DocumentPair:
    """Read an XLIFF, TMX or PO file as a line-aligned pair: one paragraph pair per unit."""
    return _read_file(Path(path), pair, fmt=fmt)


def read_units(
    path: Path, pair: LanguagePair, fmt: str, problems: list[InputProblem] | None = None
) -> tuple[TextUnit, ...]:
    """The file's translation units in file order, skipped ones left out (see the module docstring).

    Broken entries that can be skipped (a PO entry with an unterminated
    string) are appended to ``problems`` when given, and the rest is read.
    """
    fmt = fmt.strip().lower()
    if fmt not in bilingual_formats():
        raise InputError(f"unknown bilingual format {fmt!r}; choose one of {', '.join(bilingual_formats())}")
    read = reader(fmt).units
    assert read is not None
    return read(Path(path), pair, [] if problems is None else problems)


def _units(
    path: Path, pair: LanguagePair, problems: list[InputProblem], *, fmt: str, parse: UnitParser
) -> tuple[TextUnit, ...]:
    data = read_bytes(path)
    name = display_name(path)
    if not data.strip():
        raise InputError(f"{name}: empty file")
    try:
        return tuple(parse(data, name, str(path), pair, problems))
    except RecursionError:
        raise InputError(f"{name}: elements nested too deeply to be a real {fmt.upper()} file") from None


def _read_file(path: Path, pair: LanguagePair, *, fmt: str) -> DocumentPair:
    problems: list[InputProblem] = []
    units = read_units(path, pair, fmt, problems)
    return unit_pair(units, pair, path, fmt, problems)


def unit_pair(
    units: tuple[TextUnit, ...], pair: LanguagePair, path: Path, fmt: str, problems: list[InputProblem]
) -> DocumentPair:
    """The units worth checking as a pair, or the one line saying why the file has none."""
    name = path.name
    kept = [u for u in units if u.source or u.target]
    if not kept and problems:
        first = problems[0]
        reason = first.message.split("; ", 1)[0] if "skipped" in first.message else first.message
        more = f" (and {len(problems) - 1} more broken)" if len(problems) > 1 else ""
        raise InputError(f"{name}:{first.line}: {reason}; no unit could be read{more}")
    if not kept:
        raise InputError(
            f'{name}: no translation units with text (after skipping translate="no", fuzzy and obsolete ones)'
        )
    if not any(WORDY.search(u.source) for u in kept):
        raise InputError(f"{name}: no sentences found in the source (every source text is empty)")
    if not any(u.target for u in kept):
        raise InputError(f"{name}: no unit is translated (every target is empty); nothing to check")
    return aligned_pair(kept, pair, fmt, str(path), problems=problems)


# --------------------------------------------------------------------------- text and languages


def one_line(text: str) -> str:
    """A unit's text on one line, ends stripped; inner spacing kept as written."""
    return LINE_BREAKS.sub(" ", text).strip()


def primary(code: str) -> str:
    """The primary language subtag: ``fr-FR``, ``fr_CA.UTF-8`` and ``FR`` are all ``fr``."""
    return re.split(r"[-_@.]", code.strip().lower(), maxsplit=1)[0]


def same_lang(a: str, b: str) -> bool:
    return primary(a) == primary(b)


def _known(code: str | None) -> bool:
    return bool(code) and code.strip().lower() not in _UNKNOWN_LANGS


def check_lang(name: str, side: str, declared: str | None, pair: LanguagePair) -> None:
    """Refuse a file whose declared language clearly is not the requested one."""
    if not declared or not _known(declared):
        return
    wanted = pair.source if side == "source" else pair.target
    if not same_lang(declared, wanted):
        declared = declared.strip()
        raise InputError(
            f"{name}: {side} language is {declared}, but the pair is {pair.code}; "
            f"use --{side}-lang {primary(declared)} if that is intended"
        )
