"""XML bilingual files (XLIFF, TMX): safe parsing, one message for unreadable XML, and the units of a tree.

XML is parsed with :mod:`defusedxml`: entity declarations are refused (no
billion-laughs expansion, no external entity reading a local file), and no DTD
or external resource is ever fetched; a plain ``<!DOCTYPE tmx SYSTEM
"tmx14.dtd">``, common in TMX files, is accepted and ignored. The XML
declaration's encoding is honoured (a latin-1 XLIFF reads correctly). Every
expected failure is a one-line :class:`InputError` naming the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, TreeBuilder

from tqcheck.datatypes import InputProblem, LanguagePair
from tqcheck.errors import InputError
from tqcheck.reading.bilingual import unit_format
from tqcheck.reading.blocks import Block, unit_blocks
from tqcheck.reading.documents import TextUnit
from tqcheck.reading.registry import Reader, reader

Found = list[tuple[Element, TextUnit]]
"""Each unit with the element it was read from (for its line)."""


@dataclass(frozen=True)
class XmlFormat:
    """What the XML readers need to know of a format besides its units.

    ``name`` is also its root element; ``unit_tags`` the elements that are
    units (the streaming reader cuts between them); ``keep_tags`` children
    of the root every block needs whole (TMX's ``<header>``); ``tree_units``
    reads the units of a parsed tree.
    """

    name: str
    label: str  # "an XLIFF": how an error names a file of this format
    unit_tags: tuple[str, ...]
    tree_units: Callable[[Element, str, LanguagePair], Found]
    keep_tags: tuple[str, ...] = ()


_FORMATS: dict[str, XmlFormat] = {}


def xml_format(
    spec: XmlFormat, suffixes: tuple[str, ...], rank: int, aliases: tuple[str, ...] = ()
) -> Reader:
    """The reader of an XML bilingual format: parsed whole when small, streamed unit by unit when big."""
    _FORMATS[spec.name] = spec
    return unit_format(
        spec.name,
        suffixes,
        rank,
        parse=partial(_units, fmt=spec.name),
        blocks=partial(_blocks, fmt=spec.name),
        aliases=aliases,
    )


def xml_spec(fmt: str) -> XmlFormat:
    """The XML format named ``fmt`` (its module is imported with the registry)."""
    reader(fmt)
    return _FORMATS[fmt]


def _units(
    data: bytes, name: str, path: str, pair: LanguagePair, problems: list[InputProblem], *, fmt: str
) -> list[TextUnit]:
    root, lines = _parse(data, name)
    return units_of_tree(root, lines, name, pair, fmt)


def _blocks(path: Path, pair: LanguagePair, size: int, *, fmt: str) -> Iterator[Block]:
    from tqcheck.reading.xml_stream import xml_unit_blocks

    return unit_blocks(path, fmt, pair, xml_unit_blocks(path, fmt, pair, size))


def units_of_tree(
    root: Element, lines: dict[int, int], name: str, pair: LanguagePair, fmt: str
) -> list[TextUnit]:
    """The units of a parsed XLIFF/TMX tree; ``lines`` maps ``id(element)`` to its line in the file.

    Shared by the whole-file reader and the streaming one (:mod:`tqcheck.reading.xml_stream`),
    which hands over a skeleton tree per block with the units' lines in the original file.
    """
    found = xml_spec(fmt).tree_units(root, name, pair)
    return [replace(unit, line=lines.get(id(elem))) for elem, unit in found]


def expect_root(root: Element, name: str, wanted: str) -> None:
    """Refuse a file whose root is not the format's, with a hint when it is another XML format's."""
    found = local_name(root.tag)
    if found == wanted:
        return
    hint = f"; it looks like {found.upper()}: use --input-format {found}" if found in _FORMATS else ""
    raise InputError(
        f"{name}: root element is <{found}>, not <{wanted}>: not {xml_spec(wanted).label} file{hint}"
    )


# --------------------------------------------------------------------------- elements


def namespace_of(tag: object) -> str:
    """The namespace URI of an element tag (``""`` for none, or for a comment)."""
    return tag[1 : tag.index("}")] if isinstance(tag, str) and tag.startswith("{") else ""


def local_name(tag: object) -> str:
    """The tag without its namespace; comments and processing instructions (a function as tag) have none."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def named_children(elem: Element, namespace: str, name: str) -> Iterator[Element]:
    """The children of ``elem`` that are ``name`` in ``namespace``, in document order."""
    for child in elem:
        if (
            isinstance(child.tag, str)
            and namespace_of(child.tag) == namespace
            and local_name(child.tag) == name
        ):
            yield child


def first_child(elem: Element, namespace: str, name: str) -> Element | None:
    return next(named_children(elem, namespace, name), None)


# --------------------------------------------------------------------------- parsing


def xml_failure(exc: Exception, name: str, data: bytes | None = None) -> InputError:
    """The one-line error for XML that cannot be read: entity declarations refused, or where it breaks.

    Shared by the whole-file reader and the streaming one (:mod:`tqcheck.reading.xml_stream`),
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


def safe_parser(builder: TreeBuilder) -> Any:
    """A parser that refuses entity declarations and fetches nothing, feeding ``builder`` (which sees it)."""
    import defusedxml.ElementTree as safe_et

    parser = safe_et.DefusedXMLParser(
        target=builder, forbid_dtd=False, forbid_entities=True, forbid_external=True
    )
    builder.parser = parser  # type: ignore[attr-defined]  # both builders note lines through it
    return parser


def _parse(data: bytes, name: str) -> tuple[Element, dict[int, int]]:
    """The root element and the line each element starts on (keyed by ``id(element)``)."""
    import defusedxml.ElementTree as safe_et
    from defusedxml import DefusedXmlException

    lines: dict[int, int] = {}
    parser = safe_parser(_LineBuilder(lines))
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
            'declare its real encoding, e.g. <?xml version="1.0" encoding="ISO-8859-1"?>, or convert it'
        )
    return ""
