"""XLIFF 1.2 and 2.x (also SDL's ``.sdlxliff``): one unit per ``<trans-unit>``/``<unit>``.

Only a unit's own ``<source>``/``<target>`` count (those under
``<alt-trans>`` are suggestions); ``translate="no"`` and ``xml:space`` are
inherited from ``<file>`` and ``<group>``; inline codes become their
``equiv-text`` (1.2) or ``equiv``/``equivStart``/``equivEnd`` (2.x), or
nothing; a unit's ``maxwidth`` (1.2) or ``slr:sizeRestriction`` (2.x) is its
length limit. A 2.x unit's segments are joined, targets in their ``order``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from xml.etree.ElementTree import Element

from tqcheck.datatypes import LanguagePair
from tqcheck.errors import InputError
from tqcheck.reading.bilingual import check_lang, one_line
from tqcheck.reading.documents import TextUnit
from tqcheck.reading.inline import Markup, close_gaps, collapse, notes_ignore, preserves, raw
from tqcheck.reading.xml_tree import (
    Found,
    XmlFormat,
    expect_root,
    first_child,
    local_name,
    named_children,
    namespace_of,
    xml_format,
)

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

_XLIFF1_KINDS = {
    "g": "text",
    "mrk": "text",
    "x": "code",
    "bx": "code",
    "ex": "code",
    "ph": "code",
    "bpt": "code",
    "ept": "code",
    "it": "code",
}
_XLIFF2_KINDS = {
    "pc": "text",
    "mrk": "text",
    "ph": "code",
    "sc": "code",
    "ec": "code",
    "sm": "code",
    "em": "code",
    "cp": "char",
}


def _equiv_xliff1(elem: Element) -> tuple[str, str]:
    # equiv-text stands in for a code; the text of <g>/<mrk> is their content, nothing more.
    if local_name(elem.tag) in ("g", "mrk"):
        return "", ""
    return elem.get("equiv-text", ""), ""


def _equiv_xliff2(elem: Element) -> tuple[str, str]:
    if local_name(elem.tag) == "pc":
        return elem.get("equivStart", ""), elem.get("equivEnd", "")
    return elem.get("equiv", ""), ""


_XLIFF1 = Markup(_XLIFF1_KINDS, _equiv_xliff1)
_XLIFF2 = Markup(_XLIFF2_KINDS, _equiv_xliff2)
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


def _xliff_units(root: Element, name: str, pair: LanguagePair) -> Found:
    expect_root(root, name, "xliff")
    ns = namespace_of(root.tag)
    version = (root.get("version") or "").strip()
    if version.startswith("2") or ns.endswith(":2.0"):
        return _xliff2_units(root, ns, name, pair)
    return _xliff1_units(root, ns, name, pair)


def _translatable(elem: Element, inherited: bool) -> bool:
    value = elem.get("translate")
    return inherited if value is None else value.strip().lower() != "no"


def _xliff1_units(root: Element, ns: str, name: str, pair: LanguagePair) -> Found:
    units: Found = []
    files = list(named_children(root, ns, "file"))
    if not files:
        raise InputError(f"{name}: XLIFF without any <file> element")
    for file in files:
        check_lang(name, "source", file.get("source-language"), pair)
        check_lang(name, "target", file.get("target-language"), pair)
        preserve = preserves(file, preserves(root, False))
        for body in named_children(file, ns, "body"):
            read = partial(_xliff1_unit, ns=ns, name=name, pair=pair)
            _walk(body, ns, "trans-unit", read, True, preserves(body, preserve), units)
    return units


def _walk(
    elem: Element,
    ns: str,
    unit_tag: str,
    read: Callable[[Element, bool], TextUnit],
    translate: bool,
    preserve: bool,
    out: Found,
) -> None:
    """The units under ``elem``, through nested groups that pass on ``translate`` and ``xml:space``."""
    for child in elem:
        if not isinstance(child.tag, str) or namespace_of(child.tag) != ns:
            continue
        local = local_name(child.tag)
        here = _translatable(child, translate)
        space = preserves(child, preserve)
        if local == "group":
            _walk(child, ns, unit_tag, read, here, space, out)
        elif local == unit_tag and here:
            out.append((child, read(child, space)))


def _xliff1_unit(unit: Element, preserve: bool, *, ns: str, name: str, pair: LanguagePair) -> TextUnit:
    """A ``<trans-unit>``: only its own ``<source>``/``<target>`` (those under ``<alt-trans>`` are suggestions)."""
    source = first_child(unit, ns, "source")
    target = first_child(unit, ns, "target")
    if target is not None:
        check_lang(name, "target", target.get(_XML_LANG), pair)
    max_width, size_unit = _max_width(unit)
    return TextUnit(
        id=unit.get("id", ""),
        source=_XLIFF1.segment_text(source, preserve),
        target=_XLIFF1.segment_text(target, preserve),
        source_raw=_XLIFF1.segment_raw(source, preserve),
        target_raw=_XLIFF1.segment_raw(target, preserve),
        source_codes=_XLIFF1.codes(source),
        target_codes=_XLIFF1.codes(target),
        max_width=max_width,
        size_unit=size_unit,
        ignore=notes_ignore(unit, ns),
    )


def _xliff2_units(root: Element, ns: str, name: str, pair: LanguagePair) -> Found:
    check_lang(name, "source", root.get("srcLang"), pair)
    check_lang(name, "target", root.get("trgLang"), pair)
    files = list(named_children(root, ns, "file"))
    if not files:
        raise InputError(f"{name}: XLIFF without any <file> element")
    units: Found = []
    preserve = preserves(root, False)
    for file in files:
        _walk(
            file,
            ns,
            "unit",
            partial(_xliff2_unit, ns=ns),
            _translatable(file, True),
            preserves(file, preserve),
            units,
        )
    return units


def _xliff2_unit(unit: Element, preserve: bool, *, ns: str) -> TextUnit:
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
        if (
            not isinstance(part.tag, str)
            or namespace_of(part.tag) != ns
            or local_name(part.tag) not in ("segment", "ignorable")
        ):
            continue
        position += 1
        src = first_child(part, ns, "source")
        tgt = first_child(part, ns, "target")
        src_text = _XLIFF2.text(src) if src is not None else ""
        if tgt is not None:
            tgt_text = _XLIFF2.text(tgt)
            try:
                order = int(tgt.get("order", position))
            except ValueError:
                order = position
        else:
            tgt_text = src_text if local_name(part.tag) == "ignorable" else ""
            order = position
        sources.append(src_text)
        targets.append((order, tgt_text))
        source_codes.extend(_XLIFF2.codes(src))
        target_codes.append((order, _XLIFF2.codes(tgt)))
    clean = one_line if preserve else collapse
    # A unit none of whose segments has a target is untranslated, even if its ignorables hold spaces.
    translated = any(
        first_child(seg, ns, "target") is not None for seg in named_children(unit, ns, "segment")
    )
    joined_target = _join_parts([t for _, t in sorted(targets, key=lambda x: x[0])]) if translated else ""
    joined_source = _join_parts(sources)
    max_width, size_unit = _max_width(unit)
    return TextUnit(
        id=unit.get("id", ""),
        source=clean(close_gaps(joined_source)),
        target=clean(close_gaps(joined_target)),
        source_raw=raw(close_gaps(joined_source), preserve),
        target_raw=raw(close_gaps(joined_target), preserve) if translated else None,
        source_codes=tuple(source_codes),
        target_codes=tuple(c for _, codes in sorted(target_codes, key=lambda x: x[0]) for c in codes),
        max_width=max_width,
        size_unit=size_unit,
        ignore=notes_ignore(unit, ns),
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


def sniff(head: bytes) -> bool:
    """XML naming XLIFF (its root element or namespace) that is not a TMX (tried before)."""
    return head.startswith(b"<") and b"xliff" in head.lower()


READER = replace(
    xml_format(
        XmlFormat("xliff", "an XLIFF", unit_tags=("trans-unit", "unit"), tree_units=_xliff_units),
        (".xlf", ".xliff", ".sdlxliff"),
        3,
        aliases=("xlf",),
    ),
    sniff=sniff,
)
