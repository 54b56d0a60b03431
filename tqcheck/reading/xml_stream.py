"""Streaming a huge XLIFF or TMX file in blocks of units, in flat memory.

Why: parsing a 200,000-unit XLIFF into one element tree holds the whole file
several times over. Here the file is read with :mod:`defusedxml`'s
``iterparse`` (entities refused, no DTD fetched, as for every XML tqcheck
reads); each finished ``<trans-unit>``/``<unit>``/``<tu>`` is detached from
the tree at once, and every :data:`~tqcheck.reading.blocks.BLOCK_UNITS` units are
put back into a skeleton of their ancestors (the root, ``<file>``,
``<body>``, ``<group>`` with their attributes, and TMX's ``<header>``) and read
by :func:`tqcheck.reading.xml_tree.units_of_tree`, the same reader a small file
goes through. So a block is read with exactly the rules of a whole file:
``translate="no"`` inherited from a group, ``xml:space``, inline codes,
language checks.
"""

from __future__ import annotations

import copy
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tqcheck.datatypes import LanguagePair
from tqcheck.errors import InputError
from tqcheck.reading.documents import TextUnit
from tqcheck.reading.xml_tree import (
    local_name,
    namespace_of,
    safe_parser,
    units_of_tree,
    xml_failure,
    xml_spec,
)


class _Skeleton:
    """Rebuilds the ancestors of a block's units (attributes only) around them."""

    def __init__(self, root: ET.Element, kept: list[ET.Element]) -> None:
        self.root = ET.Element(root.tag, dict(root.attrib))
        self.root.text = "\n"
        for elem in kept:
            self.root.append(copy.deepcopy(elem))
        self.copies: dict[int, ET.Element] = {id(root): self.root}

    def add(self, ancestors: tuple[ET.Element, ...], unit: ET.Element) -> None:
        parent = self.root
        for anc in ancestors[1:]:
            node = self.copies.get(id(anc))
            if node is None:
                node = self.copies[id(anc)] = ET.SubElement(parent, anc.tag, dict(anc.attrib))
            parent = node
        parent.append(unit)

    def bytes(self) -> bytes:
        return ET.tostring(self.root, encoding="utf-8", xml_declaration=True)


class _StreamBuilder(ET.TreeBuilder):
    """Builds the tree while noting each unit's line, and detaches every finished unit at once.

    The unit elements go to ``done`` (with their ancestors) and leave the tree,
    so the parse tree never grows with the file; ``lines`` keeps the line of
    the units not yet read (keyed by ``id``), and nothing else.
    """

    def __init__(self, unit_tags: tuple[str, ...], keep_tags: tuple[str, ...]) -> None:
        super().__init__()
        self.unit_tags = unit_tags
        self.keep_tags = keep_tags
        self.parser: Any = None
        self.stack: list[ET.Element] = []
        self.root: ET.Element | None = None
        self.kept: list[ET.Element] = []
        self.done: list[tuple[tuple[ET.Element, ...], ET.Element]] = []
        self.lines: dict[int, int] = {}
        self.seen = 0

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:  # type: ignore[override]
        elem = super().start(tag, attrs)
        if self.root is None:
            self.root = elem
        if local_name(tag) in self.unit_tags:
            self.lines[id(elem)] = self.parser.parser.CurrentLineNumber
        self.stack.append(elem)
        return elem

    def end(self, tag: str) -> ET.Element:  # type: ignore[override]
        elem = super().end(tag)
        self.stack.pop()
        name = local_name(elem.tag)
        root = self.root
        if (
            name in self.unit_tags
            and root is not None
            and namespace_of(elem.tag) == namespace_of(root.tag)
            and self.stack
        ):
            self.stack[-1].remove(elem)
            self.done.append((tuple(self.stack), elem))
            self.seen += 1
        elif name in self.keep_tags and len(self.stack) == 1:
            self.kept.append(elem)
        return elem


def xml_unit_blocks(
    path: Path, fmt: str, pair: LanguagePair, size: int
) -> Iterator[tuple[int, int, list[TextUnit]]]:
    """``(first, last unit element number, units read)`` per block of ``size`` unit elements, streamed.

    Fewer units than elements come back when some are not to be translated.
    Each block is read by the same code as a whole file
    (:func:`tqcheck.reading.xml_tree.units_of_tree`), and its units name
    their line in this file.
    """
    from defusedxml import DefusedXmlException

    spec = xml_spec(fmt)
    builder = _StreamBuilder(spec.unit_tags, spec.keep_tags)
    parser: Any = safe_parser(builder)
    name = path.name or str(path)
    emitted = 0

    def blocks(final: bool) -> Iterator[tuple[int, int, list[TextUnit]]]:
        nonlocal emitted
        while len(builder.done) >= size or (final and builder.done):
            chunk, builder.done[:] = builder.done[:size], builder.done[size:]
            assert builder.root is not None
            skeleton = _Skeleton(builder.root, builder.kept)
            for ancestors, unit in chunk:
                skeleton.add(ancestors, unit)
            lines = {id(unit): builder.lines.pop(id(unit)) for _, unit in chunk if id(unit) in builder.lines}
            first = emitted + 1
            emitted += len(chunk)
            yield first, emitted, units_of_tree(skeleton.root, lines, name, pair, fmt)

    try:
        with path.open("rb") as handle:
            while data := handle.read(1 << 16):
                parser.feed(data)
                if builder.root is not None and local_name(builder.root.tag) != fmt:
                    raise InputError(
                        f"{path.name}: root element is <{local_name(builder.root.tag)}>, not <{fmt}>"
                    )
                yield from blocks(final=False)
        parser.close()
    except DefusedXmlException as exc:
        raise xml_failure(exc, path.name) from None
    except ET.ParseError as exc:
        yield from blocks(final=True)  # the units read before the break are good: keep their results
        raise xml_failure(exc, path.name) from None
    yield from blocks(final=True)
    if builder.seen == 0:
        raise InputError(f"{path.name}: no translation units")
