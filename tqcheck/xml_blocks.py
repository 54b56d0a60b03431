"""Streaming a huge XLIFF or TMX file in blocks of units, in flat memory.

Why: parsing a 200,000-unit XLIFF into one element tree holds the whole file
several times over. Here the file is read with :mod:`defusedxml`'s
``iterparse`` (entities refused, no DTD fetched, as for every XML tqcheck
reads); each finished ``<trans-unit>``/``<unit>``/``<tu>`` is detached from
the tree at once, and every :data:`~tqcheck.feed_blocks.BLOCK_UNITS` units are
put back into a skeleton of their ancestors (the root, ``<file>``,
``<body>``, ``<group>`` with their attributes, and TMX's ``<header>``) and read
by :func:`tqcheck.bilingual_formats.read_units`, the same reader a small file
goes through. So a block is read with exactly the rules of a whole file:
``translate="no"`` inherited from a group, ``xml:space``, inline codes,
language checks.
"""

from __future__ import annotations

import copy
import os
import re
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tqcheck.datatypes import LanguagePair
from tqcheck.errors import InputError

UNIT_TAGS = {"xliff": ("trans-unit", "unit"), "tmx": ("tu",)}
_KEEP_WHOLE = {"tmx": ("header",), "xliff": ()}


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _ns(tag: object) -> str:
    return tag[1 : tag.index("}")] if isinstance(tag, str) and tag.startswith("{") else ""


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


def _refused(path: Path, exc: Exception) -> InputError:
    what = getattr(exc, "name", None)
    entity = f" {what!r}" if what else ""
    return InputError(
        f"{path.name}: refused: the XML declares entity{entity}; tqcheck never expands entities "
        "(they can read local files or exhaust memory); remove the <!ENTITY> declarations"
    )


def _read_block(data: bytes, path: Path, pair: LanguagePair, fmt: str) -> list[Any]:
    """The units of one block, through the ordinary reader (a temporary file; messages name the real file)."""
    from tqcheck.bilingual_formats import read_units

    fd, tmp = tempfile.mkstemp(prefix="tqcheck-block-", suffix=path.suffix or ".xml")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        try:
            return list(read_units(Path(tmp), pair, fmt))
        except InputError as exc:
            raise InputError(str(exc).replace(Path(tmp).name, path.name)) from None
    finally:
        os.unlink(tmp)


def xml_unit_blocks(path: Path, fmt: str, pair: LanguagePair, size: int) -> Iterator[tuple[int, int, list[Any]]]:
    """``(first, last unit element number, units read)`` per block of ``size`` unit elements, streamed.

    Fewer units than elements come back when some are not to be translated.
    """
    import defusedxml.ElementTree as safe_et
    from defusedxml import DefusedXmlException

    unit_tags = UNIT_TAGS[fmt]
    keep_tags = _KEEP_WHOLE[fmt]
    stack: list[ET.Element] = []
    kept: list[ET.Element] = []
    pending: list[tuple[tuple[ET.Element, ...], ET.Element]] = []
    root: ET.Element | None = None
    seen = 0

    def block() -> tuple[int, int, list[Any]]:
        assert root is not None
        skeleton = _Skeleton(root, kept)
        for ancestors, unit in pending:
            skeleton.add(ancestors, unit)
        first = seen - len(pending) + 1
        pending.clear()
        return first, seen, _read_block(skeleton.bytes(), path, pair, fmt)

    try:
        for event, elem in safe_et.iterparse(str(path), events=("start", "end"), forbid_dtd=False):
            if event == "start":
                if root is None:
                    root = elem
                    if _local(root.tag) != fmt:
                        raise InputError(f"{path.name}: root element is <{_local(root.tag)}>, not <{fmt}>")
                stack.append(elem)
                continue
            stack.pop()
            local = _local(elem.tag)
            if local in unit_tags and root is not None and _ns(elem.tag) == _ns(root.tag) and stack:
                stack[-1].remove(elem)  # detached: the parse tree never grows with the file
                pending.append((tuple(stack), elem))
                seen += 1
                if len(pending) >= size:
                    yield block()
            elif local in keep_tags and len(stack) == 1:
                kept.append(elem)
    except DefusedXmlException as exc:
        raise _refused(path, exc) from None
    except ET.ParseError as exc:
        line, col = getattr(exc, "position", (0, 0))
        reason = re.sub(r": line \d+, column \d+$", "", str(exc))
        raise InputError(f"{path.name}:{line}:{col + 1}: malformed XML ({reason})") from None
    if pending:
        yield block()
    elif seen == 0:
        raise InputError(f"{path.name}: no translation units")
