"""The text of an XML segment: inline markup, white space and notes, as XLIFF and TMX share them.

Paired tags that wrap text keep their text; standalone codes hold native code
such as ``&lt;b&gt;``, not prose, so they become nothing, or their text
equivalent when the format gives one. Where a dropped code had a space on
either side, one space remains, so no double space is invented. A line break
with the indentation around it (a pretty-printed file) counts as one space
unless ``xml:space="preserve"``; other spacing stays as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from tqcheck.reading.bilingual import LINE_BREAKS, one_line
from tqcheck.reading.xml_tree import local_name, named_children
from tqcheck.running.suppression import ignored_codes

_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_WRAP = re.compile(r"[ \t]*[\r\n][ \t\r\n]*")  # a line break and the indentation around it
_EDGE_WRAP = re.compile(r"^[ \t]*[\r\n][ \t\r\n]*|[ \t]*[\r\n][ \t\r\n]*$")
_DROPPED = "\x00"  # marks where an inline code was dropped; XML cannot contain U+0000
_AROUND_DROPPED = re.compile(r" *\x00(?: *\x00)* *")
_NOT_CODES = {"mrk", "hi", "cp", "sub"}


def _no_equiv(elem: Element) -> tuple[str, str]:
    return "", ""


@dataclass(frozen=True)
class Markup:
    """How each inline element of a format contributes to the text.

    ``kinds`` maps an element's local name to ``"text"`` (keeps its content),
    ``"code"`` (keeps only its text equivalent) or ``"char"`` (XLIFF 2
    ``<cp/>``); ``equiv`` gives an element's text equivalent (before, after).
    """

    kinds: dict[str, str]
    equiv: Callable[[Element], tuple[str, str]] = _no_equiv

    def text(self, elem: Element) -> str:
        """The prose of a segment: text content with inline codes replaced by their text equivalent."""
        parts = [elem.text or ""]
        for child in elem:
            kind = self.kinds.get(local_name(child.tag), "text") if isinstance(child.tag, str) else "skip"
            if kind == "text":
                before, after = self.equiv(child)
                parts += [before, self.text(child), after]
            elif kind == "code":
                parts.append(self.equiv(child)[0] or _DROPPED)
            elif kind == "char":
                parts.append(_code_point(child.get("hex", "")) or _DROPPED)
            parts.append(child.tail or "")
        return "".join(parts)

    def segment_text(self, elem: Element | None, preserve: bool) -> str:
        """A segment's text on one line, ends stripped (``""`` for no segment)."""
        if elem is None:
            return ""
        text = close_gaps(self.text(elem))
        return one_line(text) if preserves(elem, preserve) else collapse(text)

    def segment_raw(self, elem: Element | None, preserve: bool) -> str | None:
        """A segment's text with its edges as typed (``None`` for no segment)."""
        if elem is None:
            return None
        return raw(close_gaps(self.text(elem)), preserves(elem, preserve))

    def codes(self, elem: Element | None) -> tuple[str, ...]:
        """The inline codes of a segment in reading order, as ``name#id`` (``x#1``, ``g#2``, ``ph#3``)."""
        if elem is None:
            return ()
        out = []
        for child in elem.iter():
            if child is elem or not isinstance(child.tag, str):
                continue
            name = local_name(child.tag)
            if name not in self.kinds or name in _NOT_CODES:
                continue
            ident = next((child.get(a) for a in ("id", "rid", "startRef", "i", "x") if child.get(a)), "")
            out.append(f"{name}#{ident}" if ident else name)
        return tuple(out)


def _code_point(hex_value: str) -> str:
    """XLIFF 2's <cp hex="…"/> stands for a character XML cannot hold; control characters are not text."""
    try:
        char = chr(int(hex_value, 16))
    except (ValueError, OverflowError):
        return ""
    return char if char.isprintable() else ""


def preserves(elem: Element, inherited: bool) -> bool:
    """Whether white space is kept as written here (``xml:space``, inherited from the ancestors)."""
    space = elem.get(_XML_SPACE)
    return inherited if space is None else space == "preserve"


def collapse(text: str) -> str:
    """Default white-space handling: a line break with its indentation is one space.

    Other spacing stays as written: a double space typed by the translator is
    theirs to fix, and a no-break space before French punctuation is text.
    """
    return one_line(_WRAP.sub(" ", text))


def close_gaps(text: str) -> str:
    """Remove dropped codes; one space stays where the code had spaces on either side."""
    return _AROUND_DROPPED.sub(lambda m: " " if " " in m.group() else "", text)


def raw(text: str, preserve: bool) -> str:
    """A unit's text on one line with its edges as typed (pretty-printing line breaks at the edges dropped)."""
    if not preserve:
        text = _WRAP.sub(" ", _EDGE_WRAP.sub("", text))
    return LINE_BREAKS.sub(" ", text)


def notes_ignore(elem: Element, ns: str) -> tuple[str, ...]:
    """Codes switched off by ``tqcheck: ignore …`` in the unit's notes (XLIFF 1.2/TMX <note>, XLIFF 2 <notes>)."""
    texts = ["".join(n.itertext()) for n in named_children(elem, ns, "note")]
    for notes in named_children(elem, ns, "notes"):
        texts += ["".join(n.itertext()) for n in named_children(notes, ns, "note")]
    return ignored_codes("\n".join(texts))
