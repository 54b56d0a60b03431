"""Reading the localisation industry's bilingual files: XLIFF 1.2/2.x, TMX 1.4 and gettext PO.

These files already pair source and translation unit by unit, so each
translation unit becomes one paragraph pair, exactly as one TSV line does in
:mod:`tqcheck.reading`: ``Document.text`` of a side is its units' texts joined
by ``"\\n"``, paragraph *i* of the source corresponds to paragraph *i* of the
target, and ``paragraphs_aligned`` is true. Every offset in a report refers to
that extracted text, not to the file's bytes.

What a translator expects, and so what this module does:

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

XML is parsed with :mod:`defusedxml`: entity declarations are refused (no
billion-laughs expansion, no external entity reading a local file), and no DTD
or external resource is ever fetched; a plain ``<!DOCTYPE tmx SYSTEM
"tmx14.dtd">``, common in TMX files, is accepted and ignored. The XML
declaration's encoding is honoured (a latin-1 XLIFF reads correctly). Every
expected failure is a one-line :class:`InputError` naming the file.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from xml.etree.ElementTree import Element, TreeBuilder

from tqcheck.datatypes import Document, DocumentPair, InputProblem, LanguagePair, Paragraph, SegmentUnit
from tqcheck.errors import InputError
from tqcheck.suppression import ignored_codes

FORMAT_BY_SUFFIX = {".xlf": "xliff", ".xliff": "xliff", ".tmx": "tmx", ".po": "po"}
BILINGUAL_FORMATS = ("xliff", "tmx", "po")

MAX_BYTES = 50 * 1024 * 1024
"""Largest file accepted (the same limit as plain-text inputs)."""

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_UNKNOWN_LANGS = {"", "*all*", "und", "mul", "zxx", "xx"}
_WORDY = re.compile(r"\w")
_WRAP = re.compile(r"[ \t]*[\r\n][ \t\r\n]*")  # a line break and the indentation around it
_DROPPED = "\x00"  # marks where an inline code was dropped; XML cannot contain U+0000
_AROUND_DROPPED = re.compile(r" *\x00(?: *\x00)* *")
_LINE_BREAKS = re.compile(r"[\r\n\t\v\f\u2028\u2029\x85]")


@dataclass(frozen=True)
class Unit:
    """One translation unit as read: its identifier in the file, source text, target text.

    ``target`` is ``""`` for an untranslated unit. ``id`` is what a translator
    searches for in their tool (XLIFF ``id``, TMX ``tuid``, PO ``msgctxt`` or
    line number), so a report can point back into the file. The other fields
    become the unit's :class:`~tqcheck.datatypes.SegmentUnit` (line, texts
    before stripping, inline codes, length limit, inline suppressions).
    """

    id: str
    source: str
    target: str
    line: int | None = None
    source_raw: str | None = None
    target_raw: str | None = None
    source_codes: tuple[str, ...] = ()
    target_codes: tuple[str, ...] = ()
    max_width: int | None = None
    size_unit: str | None = None
    ignore: tuple[str, ...] = ()

    def info(self) -> SegmentUnit:
        return SegmentUnit(
            id=self.id,
            line=self.line,
            source_raw=self.source_raw,
            target_raw=self.target_raw,
            source_codes=self.source_codes,
            target_codes=self.target_codes,
            max_width=self.max_width,
            size_unit=self.size_unit,
            ignore=self.ignore,
        )


# --------------------------------------------------------------------------- entry points


def read_bilingual(path: Path, pair: LanguagePair, fmt: str) -> DocumentPair:
    """Read an XLIFF, TMX or PO file as a line-aligned pair: one paragraph pair per unit."""
    path = Path(path)
    problems: list[InputProblem] = []
    units = read_units(path, pair, fmt, problems)
    return _unit_pair(units, pair, path, fmt, problems)


def read_units(
    path: Path, pair: LanguagePair, fmt: str, problems: list[InputProblem] | None = None
) -> tuple[Unit, ...]:
    """The file's translation units in file order, skipped ones left out (see the module docstring).

    Broken entries that can be skipped (a PO entry with an unterminated
    string) are appended to ``problems`` when given, and the rest is read.
    """
    path = Path(path)
    problems = [] if problems is None else problems
    fmt = fmt.strip().lower()
    if fmt not in BILINGUAL_FORMATS:
        raise InputError(f"unknown bilingual format {fmt!r}; choose one of {', '.join(BILINGUAL_FORMATS)}")
    data = _read_bytes(path)
    name = path.name or str(path)
    try:
        if fmt == "po":
            units = _po_units(data, name, pair, str(path), problems)
        else:
            root, lines = _parse_xml(data, name)
            units = units_of_tree(root, lines, name, pair, fmt)
    except RecursionError:
        raise InputError(f"{name}: elements nested too deeply to be a real {fmt.upper()} file") from None
    return tuple(units)


def units_of_tree(root: Element, lines: dict[int, int], name: str, pair: LanguagePair, fmt: str) -> list[Unit]:
    """The units of a parsed XLIFF/TMX tree; ``lines`` maps ``id(element)`` to its line in the file.

    Shared by :func:`read_units` and the streaming reader (:mod:`tqcheck.xml_blocks`), which
    hands over a skeleton tree per block with the units' lines in the original file.
    """
    found = _xliff_units(root, name, pair) if fmt == "xliff" else _tmx_units(root, name, pair)
    return [replace(unit, line=lines.get(id(elem))) for elem, unit in found]


def _unit_pair(
    units: tuple[Unit, ...], pair: LanguagePair, path: Path, fmt: str, problems: list[InputProblem] = ()  # type: ignore[assignment]
) -> DocumentPair:
    name = path.name
    kept = [u for u in units if u.source or u.target]
    if not kept and problems:
        first = problems[0]
        reason = first.message.split("; ", 1)[0] if "skipped" in first.message else first.message
        more = f" (and {len(problems) - 1} more broken)" if len(problems) > 1 else ""
        raise InputError(f"{name}:{first.line}: {reason}; no unit could be read{more}")
    if not kept:
        raise InputError(f"{name}: no translation units with text (after skipping translate=\"no\", fuzzy and obsolete ones)")
    if not any(_WORDY.search(u.source) for u in kept):
        raise InputError(f"{name}: no sentences found in the source (every source text is empty)")
    if not any(u.target for u in kept):
        raise InputError(f"{name}: no unit is translated (every target is empty); nothing to check")
    source = _cells_document([u.source for u in kept], pair.source, str(path))
    target = _cells_document([u.target for u in kept], pair.target, str(path))
    return DocumentPair(
        source,
        target,
        pair,
        input_format=fmt,
        paragraphs_aligned=True,
        units=tuple(u.info() for u in kept),
        problems=tuple(problems),
    )


def _cells_document(cells: list[str], lang: str, path: str) -> Document:
    """One paragraph per cell (cells are stripped, one line each), empty cells kept in step."""
    paragraphs = []
    offset = 0
    for i, cell in enumerate(cells):
        paragraphs.append(Paragraph(i, offset, offset + len(cell)))
        offset += len(cell) + 1
    return Document(text="\n".join(cells), lang=lang, paragraphs=tuple(paragraphs), path=path)


# --------------------------------------------------------------------------- bytes and languages


def _read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, expected a file")
    name = path.name or str(path)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(
            f"{name}: file too large ({size / 1024 / 1024:.0f} MB; the limit is {MAX_BYTES // 1024 // 1024} MB); split it"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    if not data.strip():
        raise InputError(f"{name}: empty file")
    return data


def _primary(code: str) -> str:
    """The primary language subtag: ``fr-FR``, ``fr_CA.UTF-8`` and ``FR`` are all ``fr``."""
    return re.split(r"[-_@.]", code.strip().lower(), maxsplit=1)[0]


def _same_lang(a: str, b: str) -> bool:
    return _primary(a) == _primary(b)


def _known(code: str | None) -> bool:
    return bool(code) and code.strip().lower() not in _UNKNOWN_LANGS


def _check_lang(name: str, side: str, declared: str | None, pair: LanguagePair) -> None:
    """Refuse a file whose declared language clearly is not the requested one."""
    if not declared or not _known(declared):
        return
    wanted = pair.source if side == "source" else pair.target
    if not _same_lang(declared, wanted):
        declared = declared.strip()
        raise InputError(
            f"{name}: {side} language is {declared}, but the pair is {pair.code}; "
            f"use --{side}-lang {_primary(declared)} if that is intended"
        )


def _one_line(text: str) -> str:
    """A unit's text on one line, ends stripped; inner spacing kept as written."""
    return _LINE_BREAKS.sub(" ", text).strip()


def _collapse(text: str) -> str:
    """Default white-space handling: a line break with its indentation is one space.

    Other spacing stays as written: a double space typed by the translator is
    theirs to fix, and a no-break space before French punctuation is text.
    """
    return _one_line(_WRAP.sub(" ", text))


def _close_gaps(text: str) -> str:
    """Remove dropped codes; one space stays where the code had spaces on either side."""
    return _AROUND_DROPPED.sub(lambda m: " " if " " in m.group() else "", text)


# --------------------------------------------------------------------------- XML


def xml_failure(exc: Exception, name: str, data: bytes | None = None) -> InputError:
    """The one-line error for XML that cannot be read: entity declarations refused, or where it breaks.

    Shared by the whole-file reader and the streaming one (:mod:`tqcheck.xml_blocks`),
    so a file gets the same message whatever its size.
    """
    from defusedxml import DefusedXmlException

    if isinstance(exc, DefusedXmlException):
        what = getattr(exc, "name", None)
        where = getattr(exc, "sysid", None)
        entity = f" {what!r}" if what else ""
        target = f" (pointing at {where})" if where else ""
        return InputError(
            f"{name}: refused: the XML declares entity{entity}{target}; tqcheck never expands entities "
            "(they can read local files or exhaust memory); remove the <!ENTITY> declarations"
        )
    line, col = getattr(exc, "position", (0, 0))
    reason = re.sub(r": line \d+, column \d+$", "", str(exc))
    hint = _encoding_hint(data) if data is not None else ""
    return InputError(f"{name}:{line}:{col + 1}: malformed XML ({reason}){hint}")


def _parse_xml(data: bytes, name: str) -> tuple[Element, dict[int, int]]:
    """The root element and the line each element starts on (keyed by ``id(element)``)."""
    import defusedxml.ElementTree as safe_et
    from defusedxml import DefusedXmlException

    lines: dict[int, int] = {}
    builder = _LineBuilder(lines)
    parser = safe_et.DefusedXMLParser(target=builder, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    builder.parser = parser
    try:
        parser.feed(data)
        return parser.close(), lines
    except (DefusedXmlException, safe_et.ParseError) as exc:
        raise xml_failure(exc, name, data) from None
    except LookupError as exc:
        raise InputError(f"{name}: the XML declaration names an unknown encoding ({exc})") from None
    except (ValueError, UnicodeError) as exc:
        raise InputError(f"{name}: cannot be decoded as XML ({exc})") from None


class _LineBuilder(TreeBuilder):
    """A tree builder that notes the line each element starts on (so a unit can name its line)."""

    def __init__(self, lines: dict[int, int]) -> None:
        super().__init__()
        self.lines = lines
        self.parser: object | None = None
        self._keep: list[Element] = []  # ids stay unique while the elements live

    def start(self, tag: str, attrs: dict[str, str]) -> Element:  # type: ignore[override]
        elem = super().start(tag, attrs)
        expat = getattr(self.parser, "parser", None)
        if expat is not None:
            self.lines[id(elem)] = expat.CurrentLineNumber
            self._keep.append(elem)
        return elem


_DECLARED_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")


def _encoding_hint(data: bytes) -> str:
    """Explain the usual cause of an 'invalid token': a file saved in latin-1 but declared (or defaulting to) UTF-8."""
    m = _DECLARED_ENCODING.match(data)
    declared = m.group(1).decode("ascii").lower() if m else "utf-8"
    if declared.replace("_", "-") not in ("utf-8", "utf8"):
        return ""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        said = "the XML declaration says UTF-8" if m else "XML without an encoding declaration must be UTF-8"
        return (
            f"; the file is not UTF-8 (invalid byte at offset {exc.start}) but {said}: "
            "declare its real encoding, e.g. <?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>, or convert it"
        )
    return ""


def _ns(tag: str) -> str:
    return tag[1 : tag.index("}")] if tag.startswith("{") else ""


def _local(tag: object) -> str:
    # Comments and processing instructions have a function as tag: they have no local name.
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(elem: Element, ns: str, local: str) -> Iterator[Element]:
    for child in elem:
        if isinstance(child.tag, str) and _ns(child.tag) == ns and _local(child.tag) == local:
            yield child


def _child(elem: Element, ns: str, local: str) -> Element | None:
    return next(_children(elem, ns, local), None)


def _expect_root(root: Element, name: str, wanted: str) -> None:
    found = _local(root.tag)
    if found == wanted:
        return
    other = {"xliff": "tmx", "tmx": "xliff"}[wanted]
    hint = f"; it looks like {other.upper()}: use --input-format {other}" if found == other else ""
    label = "an XLIFF" if wanted == "xliff" else "a TMX"
    raise InputError(f"{name}: root element is <{found}>, not <{wanted}>: not {label} file{hint}")


# How each inline element of a format contributes to the text:
# "text" keeps its content, "code" keeps only its text equivalent (``equiv`` attributes), "char" is XLIFF 2 <cp/>.
_Equiv = Callable[[Element], tuple[str, str]]

_XLIFF1_INLINE = {
    "g": "text", "mrk": "text",
    "x": "code", "bx": "code", "ex": "code", "ph": "code", "bpt": "code", "ept": "code", "it": "code",
}
_XLIFF2_INLINE = {
    "pc": "text", "mrk": "text",
    "ph": "code", "sc": "code", "ec": "code", "sm": "code", "em": "code", "cp": "char",
}
_TMX_INLINE = {"hi": "text", "bpt": "code", "ept": "code", "ph": "code", "it": "code", "ut": "code", "sub": "code"}


def _equiv_xliff1(elem: Element) -> tuple[str, str]:
    # equiv-text stands in for a code; the text of <g>/<mrk> is their content, nothing more.
    if _local(elem.tag) in ("g", "mrk"):
        return "", ""
    return elem.get("equiv-text", ""), ""


def _equiv_xliff2(elem: Element) -> tuple[str, str]:
    if _local(elem.tag) == "pc":
        return elem.get("equivStart", ""), elem.get("equivEnd", "")
    return elem.get("equiv", ""), ""


def _equiv_none(elem: Element) -> tuple[str, str]:
    return "", ""


def _inline_text(elem: Element, kinds: dict[str, str], equiv: _Equiv) -> str:
    """The prose of a segment: text content with inline codes replaced by their text equivalent."""
    parts = [elem.text or ""]
    for child in elem:
        kind = kinds.get(_local(child.tag), "text") if isinstance(child.tag, str) else "skip"
        if kind == "text":
            before, after = equiv(child)
            parts += [before, _inline_text(child, kinds, equiv), after]
        elif kind == "code":
            parts.append(equiv(child)[0] or _DROPPED)
        elif kind == "char":
            parts.append(_code_point(child.get("hex", "")) or _DROPPED)
        parts.append(child.tail or "")
    return "".join(parts)


def _code_point(hex_value: str) -> str:
    """XLIFF 2's <cp hex="…"/> stands for a character XML cannot hold; control characters are not text."""
    try:
        char = chr(int(hex_value, 16))
    except (ValueError, OverflowError):
        return ""
    return char if char.isprintable() else ""


def _preserves(elem: Element, inherited: bool) -> bool:
    space = elem.get(_XML_SPACE)
    return inherited if space is None else space == "preserve"


def _segment_text(elem: Element | None, kinds: dict[str, str], equiv: _Equiv, preserve: bool) -> str:
    if elem is None:
        return ""
    text = _close_gaps(_inline_text(elem, kinds, equiv))
    return _one_line(text) if _preserves(elem, preserve) else _collapse(text)


_EDGE_WRAP = re.compile(r"^[ \t]*[\r\n][ \t\r\n]*|[ \t]*[\r\n][ \t\r\n]*$")


def _raw(text: str, preserve: bool) -> str:
    """A unit's text on one line with its edges as typed (pretty-printing line breaks at the edges dropped)."""
    if not preserve:
        text = _WRAP.sub(" ", _EDGE_WRAP.sub("", text))
    return _LINE_BREAKS.sub(" ", text)


def _segment_raw(elem: Element | None, kinds: dict[str, str], equiv: _Equiv, preserve: bool) -> str | None:
    if elem is None:
        return None
    return _raw(_close_gaps(_inline_text(elem, kinds, equiv)), _preserves(elem, preserve))


_NOT_CODES = {"mrk", "hi", "cp", "sub"}


def _inline_codes(elem: Element | None, kinds: dict[str, str]) -> tuple[str, ...]:
    """The inline codes of a segment in reading order, as ``name#id`` (``x#1``, ``g#2``, ``ph#3``)."""
    if elem is None:
        return ()
    out = []
    for child in elem.iter():
        if child is elem or not isinstance(child.tag, str):
            continue
        local = _local(child.tag)
        if local not in kinds or local in _NOT_CODES:
            continue
        ident = next((child.get(a) for a in ("id", "rid", "startRef", "i", "x") if child.get(a)), "")
        out.append(f"{local}#{ident}" if ident else local)
    return tuple(out)


def _notes_ignore(elem: Element, ns: str) -> tuple[str, ...]:
    """Codes switched off by ``tqcheck: ignore …`` in the unit's notes (XLIFF 1.2/TMX <note>, XLIFF 2 <notes>)."""
    texts = ["".join(n.itertext()) for n in _children(elem, ns, "note")]
    for notes in _children(elem, ns, "notes"):
        texts += ["".join(n.itertext()) for n in _children(notes, ns, "note")]
    return ignored_codes("\n".join(texts))


_SLR = "urn:oasis:names:tc:xliff:sizerestriction:2.0"


def _max_width(elem: Element) -> tuple[int | None, str | None]:
    """The unit's length limit: XLIFF 1.2 ``maxwidth``/``size-unit`` (default pixel), XLIFF 2 ``slr:sizeRestriction``."""
    value = elem.get("maxwidth")
    unit = elem.get("size-unit", "pixel")
    if value is None:
        value = elem.get(f"{{{_SLR}}}sizeRestriction")
        unit = "char"
    if value is None:
        return None, None
    try:
        width = int(value.strip())
    except ValueError:
        return None, None
    return (width, unit.strip().lower()) if width > 0 else (None, None)


# --------------------------------------------------------------------------- XLIFF


_Found = list[tuple[Element, Unit]]  # each unit with the element it was read from (for its line)


def _xliff_units(root: Element, name: str, pair: LanguagePair) -> _Found:
    _expect_root(root, name, "xliff")
    ns = _ns(root.tag)
    version = (root.get("version") or "").strip()
    if version.startswith("2") or ns.endswith(":2.0"):
        return _xliff2_units(root, ns, name, pair)
    return _xliff1_units(root, ns, name, pair)


def _translatable(elem: Element, inherited: bool) -> bool:
    value = elem.get("translate")
    return inherited if value is None else value.strip().lower() != "no"


def _xliff1_units(root: Element, ns: str, name: str, pair: LanguagePair) -> _Found:
    units: _Found = []
    files = list(_children(root, ns, "file"))
    if not files:
        raise InputError(f"{name}: XLIFF without any <file> element")
    for file in files:
        _check_lang(name, "source", file.get("source-language"), pair)
        _check_lang(name, "target", file.get("target-language"), pair)
        preserve = _preserves(file, _preserves(root, False))
        for body in _children(file, ns, "body"):
            _xliff1_walk(body, ns, name, pair, True, _preserves(body, preserve), units)
    return units


def _xliff1_walk(
    elem: Element, ns: str, name: str, pair: LanguagePair, translate: bool, preserve: bool, out: _Found
) -> None:
    for child in elem:
        if not isinstance(child.tag, str) or _ns(child.tag) != ns:
            continue
        local = _local(child.tag)
        here = _translatable(child, translate)
        space = _preserves(child, preserve)
        if local == "group":
            _xliff1_walk(child, ns, name, pair, here, space, out)
        elif local == "trans-unit" and here:
            # Only the unit's own <source>/<target>: those under <alt-trans> are suggestions.
            source = _child(child, ns, "source")
            target = _child(child, ns, "target")
            if target is not None:
                _check_lang(name, "target", target.get(_XML_LANG), pair)
            max_width, size_unit = _max_width(child)
            unit = Unit(
                id=child.get("id", ""),
                source=_segment_text(source, _XLIFF1_INLINE, _equiv_xliff1, space),
                target=_segment_text(target, _XLIFF1_INLINE, _equiv_xliff1, space),
                source_raw=_segment_raw(source, _XLIFF1_INLINE, _equiv_xliff1, space),
                target_raw=_segment_raw(target, _XLIFF1_INLINE, _equiv_xliff1, space),
                source_codes=_inline_codes(source, _XLIFF1_INLINE),
                target_codes=_inline_codes(target, _XLIFF1_INLINE),
                max_width=max_width,
                size_unit=size_unit,
                ignore=_notes_ignore(child, ns),
            )
            out.append((child, unit))


def _xliff2_units(root: Element, ns: str, name: str, pair: LanguagePair) -> _Found:
    _check_lang(name, "source", root.get("srcLang"), pair)
    _check_lang(name, "target", root.get("trgLang"), pair)
    files = list(_children(root, ns, "file"))
    if not files:
        raise InputError(f"{name}: XLIFF without any <file> element")
    units: _Found = []
    preserve = _preserves(root, False)
    for file in files:
        _xliff2_walk(file, ns, _translatable(file, True), _preserves(file, preserve), units)
    return units


def _xliff2_walk(elem: Element, ns: str, translate: bool, preserve: bool, out: _Found) -> None:
    for child in elem:
        if not isinstance(child.tag, str) or _ns(child.tag) != ns:
            continue
        local = _local(child.tag)
        here = _translatable(child, translate)
        space = _preserves(child, preserve)
        if local == "group":
            _xliff2_walk(child, ns, here, space, out)
        elif local == "unit" and here:
            out.append((child, _xliff2_unit(child, ns, space)))


def _xliff2_unit(unit: Element, ns: str, preserve: bool) -> Unit:
    """A unit's segments and the ignorables between them, joined; targets in their ``order``.

    An ignorable without a target contributes its source (it is white space
    between segments); a segment without a target contributes nothing.
    """
    sources: list[str] = []
    targets: list[tuple[int, str]] = []
    source_codes: list[str] = []
    target_codes: list[tuple[int, tuple[str, ...]]] = []
    position = 0
    for part in unit:
        if not isinstance(part.tag, str) or _ns(part.tag) != ns or _local(part.tag) not in ("segment", "ignorable"):
            continue
        position += 1
        src = _child(part, ns, "source")
        tgt = _child(part, ns, "target")
        src_text = _inline_text(src, _XLIFF2_INLINE, _equiv_xliff2) if src is not None else ""
        if tgt is not None:
            tgt_text = _inline_text(tgt, _XLIFF2_INLINE, _equiv_xliff2)
            try:
                order = int(tgt.get("order", position))
            except ValueError:
                order = position
        else:
            tgt_text = src_text if _local(part.tag) == "ignorable" else ""
            order = position
        sources.append(src_text)
        targets.append((order, tgt_text))
        source_codes.extend(_inline_codes(src, _XLIFF2_INLINE))
        target_codes.append((order, _inline_codes(tgt, _XLIFF2_INLINE)))
    clean = _one_line if preserve else _collapse
    # A unit none of whose segments has a target is untranslated, even if its ignorables hold spaces.
    translated = any(_child(seg, ns, "target") is not None for seg in _children(unit, ns, "segment"))
    joined_target = _join_parts([t for _, t in sorted(targets, key=lambda x: x[0])]) if translated else ""
    joined_source = _join_parts(sources)
    max_width, size_unit = _max_width(unit)
    return Unit(
        id=unit.get("id", ""),
        source=clean(_close_gaps(joined_source)),
        target=clean(_close_gaps(joined_target)),
        source_raw=_raw(_close_gaps(joined_source), preserve),
        target_raw=_raw(_close_gaps(joined_target), preserve) if translated else None,
        source_codes=tuple(source_codes),
        target_codes=tuple(c for _, codes in sorted(target_codes, key=lambda x: x[0]) for c in codes),
        max_width=max_width,
        size_unit=size_unit,
        ignore=_notes_ignore(unit, ns),
    )


def _join_parts(parts: list[str]) -> str:
    """Segments joined as written, with one space where no ignorable separates two sentences.

    Files that drop the inter-segment white space would otherwise glue
    "One." and "Two." into "One.Two.", which no sentence splitter can trust.
    """
    out = ""
    for part in parts:
        if out and part and not out[-1].isspace() and not part[0].isspace():
            out += " "
        out += part
    return out


# --------------------------------------------------------------------------- TMX


def _tuv_lang(tuv: Element) -> str:
    # TMX 1.4 uses xml:lang; TMX 1.1 used a plain lang attribute.
    return (tuv.get(_XML_LANG) or tuv.get("lang") or "").strip()


def _tmx_units(root: Element, name: str, pair: LanguagePair) -> _Found:
    _expect_root(root, name, "tmx")
    ns = _ns(root.tag)
    header = _child(root, ns, "header")
    if header is not None:
        _check_lang(name, "source", header.get("srclang"), pair)
    body = _child(root, ns, "body")
    if body is None:
        raise InputError(f"{name}: TMX without a <body> element")
    units: _Found = []
    seen_langs: set[str] = set()
    any_source = any_target = False
    for i, tu in enumerate(_children(body, ns, "tu"), 1):
        variants = list(_children(tu, ns, "tuv"))
        for tuv in variants:
            seen_langs.add(_tuv_lang(tuv))
        source = _pick_tuv(variants, pair.source, exclude=None)
        if source is None:
            continue  # not a translation of a source sentence in the requested language
        any_source = True
        target = _pick_tuv(variants, pair.target, exclude=source)
        any_target = any_target or target is not None
        preserve = _preserves(tu, _preserves(body, False))
        src_seg, tgt_seg = _tuv_seg(source, ns), _tuv_seg(target, ns)
        src_space = _preserves(source, preserve)
        tgt_space = _preserves(target, preserve) if target is not None else preserve
        unit = Unit(
            id=tu.get("tuid") or str(i),
            source=_tuv_text(source, ns, preserve),
            target=_tuv_text(target, ns, preserve),
            source_raw=_segment_raw(src_seg, _TMX_INLINE, _equiv_none, src_space),
            target_raw=_segment_raw(tgt_seg, _TMX_INLINE, _equiv_none, tgt_space),
            source_codes=_inline_codes(src_seg, _TMX_INLINE),
            target_codes=_inline_codes(tgt_seg, _TMX_INLINE),
            ignore=_notes_ignore(tu, ns),
        )
        units.append((tu, unit))
    langs = ", ".join(sorted(lang for lang in seen_langs if lang)) or "none declared"
    if seen_langs and not any_source:
        others = sorted({_primary(lang) for lang in seen_langs if lang and not _same_lang(lang, pair.target)})
        hint = f"; use --source-lang {others[0]} if that is intended" if len(others) == 1 else ""
        raise InputError(f"{name}: no unit has a variant in {pair.source} (the file's languages: {langs}){hint}")
    if any_source and not any_target:
        others = sorted({_primary(lang) for lang in seen_langs if lang and not _same_lang(lang, pair.source)})
        hint = f"; use --target-lang {others[0]} if that is intended" if len(others) == 1 else ""
        raise InputError(f"{name}: no unit has a variant in {pair.target} (the file's languages: {langs}){hint}")
    return units


def _pick_tuv(variants: list[Element], lang: str, exclude: Element | None) -> Element | None:
    """The variant in ``lang``: an exact match (``en-GB``) first, then the first with the same primary subtag."""
    candidates = [v for v in variants if v is not exclude and _same_lang(_tuv_lang(v), lang)]
    for v in candidates:
        if _tuv_lang(v).lower().replace("_", "-") == lang.lower().replace("_", "-"):
            return v
    return candidates[0] if candidates else None


def _tuv_seg(tuv: Element | None, ns: str) -> Element | None:
    return _child(tuv, ns, "seg") if tuv is not None else None


def _tuv_text(tuv: Element | None, ns: str, preserve: bool) -> str:
    if tuv is None:
        return ""
    return _segment_text(_child(tuv, ns, "seg"), _TMX_INLINE, _equiv_none, _preserves(tuv, preserve))


# --------------------------------------------------------------------------- PO


_PO_CHARSET = re.compile(rb"Content-Type:[^\"\n]*charset=([A-Za-z0-9._:-]+)", re.IGNORECASE)
_PO_LINE = re.compile(r"\(line (\d+)\)")
_PO_STRING_LINE = re.compile(r'^(?:#[~|]\s*)?(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)?\s*"')
_PO_STRING = re.compile(r'"(?:[^"\\]|\\.)*"\s*$')
_PO_FIRST_ENTRY = re.compile(r"^(?:msgctxt|msgid)\b", re.MULTILINE)


def _po_text(data: bytes, name: str) -> str:
    """The PO file decoded with the charset its header names (UTF-8 when it names none)."""
    if b"\x00" in data:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise InputError(f"{name}: UTF-16 text, expected UTF-8; convert it with iconv -f utf-16 -t utf-8")
        raise InputError(f"{name}: binary file (contains NUL bytes); a compiled .mo file? give the .po file")
    m = _PO_CHARSET.search(data[:20_000])
    charset = m.group(1).decode("ascii") if m else "utf-8"
    if charset.upper() == "CHARSET":  # the placeholder of a fresh template
        charset = "utf-8"
    try:
        codec = codecs.lookup(charset)
    except LookupError:
        raise InputError(f"{name}: the header names an unknown charset {charset!r}") from None
    if codec.name == "utf-8":
        codec = codecs.lookup("utf-8-sig")
    try:
        text = data.decode(codec.name)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not valid {charset} (invalid byte at offset {exc.start}), the charset its header names; "
            "fix the header's charset or convert the file"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _unterminated_lines(text: str) -> list[int]:
    """Line numbers holding an unterminated string, which polib would silently cut by one character."""
    bad = []
    for lineno, line in enumerate(text.split("\n"), 1):
        line = line.strip()
        m = _PO_STRING_LINE.match(line)
        if m and not _PO_STRING.fullmatch(line, m.end() - 1):
            bad.append(lineno)
    return bad


def _blank_entry(lines: list[str], lineno: int) -> int:
    """Blank the entry holding line ``lineno`` (between blank lines), keeping line numbers; its first line."""
    i = lineno - 1
    start = i
    while start > 0 and lines[start - 1].strip():
        start -= 1
    end = i
    while end + 1 < len(lines) and lines[end + 1].strip():
        end += 1
    for k in range(start, end + 1):
        lines[k] = ""
    return start + 1


def _is_header_entry(lines: list[str], first: int) -> bool:
    """Whether the entry starting at line ``first`` is the header (``msgid ""`` with no context)."""
    for line in lines[first - 1 :]:
        stripped = line.strip()
        if stripped.startswith("msgctxt"):
            return False
        if stripped.startswith("msgid"):
            return stripped.replace(" ", "") == 'msgid""'
        if not stripped:
            break
    return False


_SKIPPED = {
    False: "; entry skipped",
    True: "; header entry skipped (its charset and language are not read)",
}


def _parse_po(text: str, name: str, path: str, problems: list[InputProblem]):  # -> polib.POFile
    """Parse a PO text, skipping broken entries (each one an :class:`InputProblem`) and reading the rest.

    An unterminated string, or any entry polib reports a syntax error in, is
    blanked out (line numbers are kept) and the parse retried; a broken header
    costs its metadata (charset, language), nothing more.
    """
    import polib

    lines = text.split("\n")
    for lineno in _unterminated_lines(text):
        if not lines[lineno - 1].strip():
            continue  # already blanked with an earlier broken line of the same entry
        header = _is_header_entry(lines, _entry_start(lines, lineno))
        _blank_entry(lines, lineno)
        problems.append(
            InputProblem(path, lineno, f"malformed PO file (unterminated string: a closing \" is missing){_SKIPPED[header]}")
        )
    for _ in range(1000):
        body = "\n".join(lines)
        if "\n" not in body:
            body += "\n"  # polib treats a one-line string naming an existing file as that file's path
        try:
            return polib.pofile(body, encoding="utf-8")
        except Exception as exc:  # polib reports syntax errors as OSError/ValueError with a line number
            m = _PO_LINE.search(str(exc))
            reason = str(exc).split(":", 1)[-1].strip() if m and ":" in str(exc).split(")", 1)[-1] else "syntax error"
            if m is None or not 0 < int(m.group(1)) <= len(lines) or not lines[int(m.group(1)) - 1].strip():
                where = f":{m.group(1)}" if m else ""
                raise InputError(f"{name}{where}: malformed PO file ({reason})") from None
            lineno = int(m.group(1))
            header = _is_header_entry(lines, _entry_start(lines, lineno))
            _blank_entry(lines, lineno)
            problems.append(InputProblem(path, lineno, f"malformed PO file ({reason}){_SKIPPED[header]}"))
    raise InputError(f"{name}: malformed PO file (too many broken entries)")


def _entry_start(lines: list[str], lineno: int) -> int:
    start = lineno - 1
    while start > 0 and lines[start - 1].strip():
        start -= 1
    return start + 1


def _po_units(data: bytes, name: str, pair: LanguagePair, path: str = "", problems: list[InputProblem] | None = None) -> list[Unit]:
    problems = [] if problems is None else problems
    text = _po_text(data, name)
    po = _parse_po(text, name, path or name, problems)
    metadata = po.metadata or {}
    _check_lang(name, "target", metadata.get("Language"), pair)
    _check_lang(name, "source", metadata.get("X-Source-Language"), pair)
    units: list[Unit] = []
    for entry in po:
        if entry.obsolete or "fuzzy" in entry.flags or not entry.msgid:
            continue
        if entry.msgid_plural:
            target = entry.msgstr_plural.get(0, "") if entry.msgstr_plural else ""
        else:
            target = entry.msgstr
        line = entry.linenum or _first_entry_line(text)
        ident = f"{entry.msgctxt} (line {line})" if entry.msgctxt else f"line {line}"
        units.append(
            Unit(
                id=ident,
                source=_one_line(entry.msgid),
                target=_one_line(target or ""),
                line=line,
                source_raw=_LINE_BREAKS.sub(" ", entry.msgid),
                target_raw=_LINE_BREAKS.sub(" ", target or ""),
                ignore=ignored_codes(entry.tcomment),
            )
        )
    return units


def _first_entry_line(text: str) -> int:
    # polib numbers the first entry of a header-less file 0: point at its msgctxt/msgid line instead.
    m = _PO_FIRST_ENTRY.search(text)
    return text.count("\n", 0, m.start()) + 1 if m else 1
