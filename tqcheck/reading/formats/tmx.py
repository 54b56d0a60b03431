"""TMX 1.4 (and 1.1): one unit per ``<tu>``, its variants picked by language.

The source variant is the ``<tuv>`` in the source language (an exact
``xml:lang`` first, then the first with the same primary subtag), the target
the one in the target language; a unit with no source variant is not a
translation of the requested language and is left out. ``<hi>`` keeps its
text, the other inline codes become nothing.
"""

from __future__ import annotations

from dataclasses import replace
from xml.etree.ElementTree import Element

from tqcheck.datatypes import LanguagePair
from tqcheck.errors import InputError
from tqcheck.reading.bilingual import check_lang, primary, same_lang
from tqcheck.reading.documents import TextUnit
from tqcheck.reading.inline import Markup, notes_ignore, preserves
from tqcheck.reading.xml_tree import (
    Found,
    XmlFormat,
    expect_root,
    first_child,
    named_children,
    namespace_of,
    xml_format,
)

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_TMX = Markup(
    {"hi": "text", "bpt": "code", "ept": "code", "ph": "code", "it": "code", "ut": "code", "sub": "code"}
)


def _tuv_lang(tuv: Element) -> str:
    # TMX 1.4 uses xml:lang; TMX 1.1 used a plain lang attribute.
    return (tuv.get(_XML_LANG) or tuv.get("lang") or "").strip()


def _tmx_units(root: Element, name: str, pair: LanguagePair) -> Found:
    expect_root(root, name, "tmx")
    ns = namespace_of(root.tag)
    header = first_child(root, ns, "header")
    if header is not None:
        check_lang(name, "source", header.get("srclang"), pair)
    body = first_child(root, ns, "body")
    if body is None:
        raise InputError(f"{name}: TMX without a <body> element")
    units: Found = []
    seen_langs: set[str] = set()
    any_source = any_target = False
    for i, tu in enumerate(named_children(body, ns, "tu"), 1):
        variants = list(named_children(tu, ns, "tuv"))
        for tuv in variants:
            seen_langs.add(_tuv_lang(tuv))
        source = _pick_tuv(variants, pair.source, exclude=None)
        if source is None:
            continue  # not a translation of a source sentence in the requested language
        any_source = True
        target = _pick_tuv(variants, pair.target, exclude=source)
        any_target = any_target or target is not None
        preserve = preserves(tu, preserves(body, False))
        src_seg, tgt_seg = _tuv_seg(source, ns), _tuv_seg(target, ns)
        src_space = preserves(source, preserve)
        tgt_space = preserves(target, preserve) if target is not None else preserve
        unit = TextUnit(
            id=tu.get("tuid") or str(i),
            source=_tuv_text(source, ns, preserve),
            target=_tuv_text(target, ns, preserve),
            source_raw=_TMX.segment_raw(src_seg, src_space),
            target_raw=_TMX.segment_raw(tgt_seg, tgt_space),
            source_codes=_TMX.codes(src_seg),
            target_codes=_TMX.codes(tgt_seg),
            ignore=notes_ignore(tu, ns),
        )
        units.append((tu, unit))
    langs = ", ".join(sorted(lang for lang in seen_langs if lang)) or "none declared"
    if seen_langs and not any_source:
        others = sorted({primary(lang) for lang in seen_langs if lang and not same_lang(lang, pair.target)})
        hint = f"; use --source-lang {others[0]} if that is intended" if len(others) == 1 else ""
        raise InputError(
            f"{name}: no unit has a variant in {pair.source} (the file's languages: {langs}){hint}"
        )
    if any_source and not any_target:
        others = sorted({primary(lang) for lang in seen_langs if lang and not same_lang(lang, pair.source)})
        hint = f"; use --target-lang {others[0]} if that is intended" if len(others) == 1 else ""
        raise InputError(
            f"{name}: no unit has a variant in {pair.target} (the file's languages: {langs}){hint}"
        )
    return units


def _pick_tuv(variants: list[Element], lang: str, exclude: Element | None) -> Element | None:
    """The variant in ``lang``: an exact match (``en-GB``) first, then the first with the same primary subtag."""
    candidates = [v for v in variants if v is not exclude and same_lang(_tuv_lang(v), lang)]
    for v in candidates:
        if _tuv_lang(v).lower().replace("_", "-") == lang.lower().replace("_", "-"):
            return v
    return candidates[0] if candidates else None


def _tuv_seg(tuv: Element | None, ns: str) -> Element | None:
    return first_child(tuv, ns, "seg") if tuv is not None else None


def _tuv_text(tuv: Element | None, ns: str, preserve: bool) -> str:
    if tuv is None:
        return ""
    return _TMX.segment_text(first_child(tuv, ns, "seg"), preserves(tuv, preserve))


def sniff(head: bytes) -> bool:
    """XML with a ``<tmx`` element."""
    return head.startswith(b"<") and b"<tmx" in head.lower()


READER = replace(
    xml_format(
        XmlFormat("tmx", "a TMX", unit_tags=("tu",), keep_tags=("header",), tree_units=_tmx_units),
        (".tmx",),
        4,
    ),
    sniff=sniff,
)
