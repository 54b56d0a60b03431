"""Finding placeholders and inline tags in a unit's text.

Placeholders are what a program substitutes at run time, so a translation
must carry each one the source has, spelled exactly alike:

* printf style: ``%s``, ``%d``, ``%.2f``, ``%(name)s``, ``%1$s`` (``%%`` is
  a literal percent sign; ``50 % des`` is French prose, not ``% d``);
* brace style: ``{0}``, ``{name}``, ``{name!r:>10}``, ``{{name}}``
  (Mustache/Angular), ``${name}``;
* ICU MessageFormat: ``{count, plural, one {…} other {…}}`` and ``select``,
  parsed with :mod:`pyicumessageformat`; the argument is a placeholder, the
  branch texts are prose to translate, ``#`` is the number.

Tags are HTML/XML elements written in the text (``<b>``, ``</a>``, ``<br/>``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from tqcheck.rules.feed._formats import GUESSED, Syntaxes

_PRINTF_CORE = (
    r"%(?:\((?P<name>\w+)\)|(?P<pos>[1-9]\d*)\$)?[-+#0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|q|j|z|t)?"
    r"(?P<conv>[diouxXeEfFgGcrsa@])"
)
_PRINTF = re.compile(_PRINTF_CORE + r"(?![A-Za-z\u00c0-\u017f])|%%")
_PRINTF_DECLARED = re.compile(_PRINTF_CORE + "|%%")  # a flagged entry: "%dkm" is a directive too
_FORMAT_FIELD = re.compile(r"\{\{|\}\}|\{(?P<name>[^{}!:]*)(?:![rsa])?(?::(?:[^{}]|\{[^{}]*\})*)?\}")
_MUSTACHE = re.compile(r"\{\{\s*[\w.]+\s*\}\}")
_DOLLAR = re.compile(r"\$\{\s*[\w.]+\s*\}")
_BRACE = re.compile(r"\{(?P<name>\w*)(?:![rsa])?(?::[^{}]*)?\}")
_ICU_HINT = re.compile(r"\{\s*\w+\s*,\s*(?:plural|select|selectordinal)\s*,")
TAG = re.compile(r"<(?P<close>/)?(?P<name>[A-Za-z][\w:.-]*)(?:\s[^<>]*?)?\s*(?P<empty>/)?>")
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "area", "col", "source", "embed", "param"})


@dataclass(frozen=True)
class Placeholder:
    """One placeholder: its normalised key (what must match), its text and position in the unit."""

    key: str
    text: str
    start: int
    end: int
    ordered: bool = False  # an unnamed printf placeholder: its position is its identity


@dataclass(frozen=True)
class IcuArgument:
    """An ICU plural/select argument: its name, type and branch keys."""

    name: str
    type: str
    keys: tuple[str, ...]
    start: int
    end: int


@dataclass
class Markup:
    placeholders: list[Placeholder] = field(default_factory=list)
    icu: list[IcuArgument] = field(default_factory=list)


def _icu(text: str) -> tuple[list[Placeholder], list[IcuArgument]] | None:
    """Placeholders and plural/select arguments of an ICU message, or ``None`` when it does not parse."""
    from pyicumessageformat import Parser

    try:
        ast = Parser({"include_indices": True, "allow_tags": False, "require_other": False}).parse(text)
    except (SyntaxError, ValueError, TypeError, IndexError, KeyError):
        return None
    placeholders: list[Placeholder] = []
    arguments: list[IcuArgument] = []

    def walk(nodes: Any) -> None:
        for node in nodes if isinstance(nodes, list) else []:
            if not isinstance(node, dict) or node.get("hash"):
                continue
            start, end = node.get("start", 0), node.get("end", 0)
            options = node.get("options")
            if isinstance(options, dict):
                arguments.append(IcuArgument(node["name"], node.get("type", ""), tuple(options), start, end))
                placeholders.append(Placeholder(f"{{{node['name']}}}", text[start:end], start, end))
                for branch in options.values():
                    walk(branch)
            else:
                placeholders.append(Placeholder(f"{{{node['name']}}}", text[start:end], start, end))

    walk(ast)
    return placeholders, arguments


def _taken(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a < end and start < b for a, b in spans)


def markup(text: str, syntax: Syntaxes = GUESSED) -> Markup:
    """The placeholders (and ICU arguments) of a text, in reading order, in the syntaxes ``syntax`` selects."""
    out = Markup()
    taken: list[tuple[int, int]] = []
    kinds = syntax.kinds
    for kind, pattern in (("mustache", _MUSTACHE), ("dollar", _DOLLAR)):
        if kind not in kinds:
            continue
        for m in pattern.finditer(text):
            key = re.sub(r"\s+", "", m.group())
            out.placeholders.append(Placeholder(key, m.group(), m.start(), m.end()))
            taken.append(m.span())
    if "icu" in kinds and _ICU_HINT.search(text):
        parsed = _icu(text)
        if parsed is not None:
            out.placeholders.extend(p for p in parsed[0] if not _taken(taken, p.start, p.end))
            out.icu = parsed[1]
            taken.extend((a.start, a.end) for a in out.icu)
            taken.extend((p.start, p.end) for p in parsed[0])
    if "python-brace" in kinds:
        out.placeholders.extend(_format_fields(text))
    if "brace" in kinds:
        for m in _BRACE.finditer(text):
            if _taken(taken, m.start(), m.end()):
                continue
            name = m.group("name")
            if not name and not m.group().startswith("{}"):
                continue
            out.placeholders.append(Placeholder(f"{{{name}}}", m.group(), m.start(), m.end()))
    if "printf" in kinds:
        out.placeholders.extend(_printf(text, _PRINTF_DECLARED if syntax.declared else _PRINTF, taken))
    out.placeholders.sort(key=lambda p: p.start)
    return out


def _printf(text: str, pattern: re.Pattern[str], taken: list[tuple[int, int]]) -> Iterator[Placeholder]:
    """printf directives (``%%`` is a literal percent sign); unnamed ones are ordered."""
    for m in pattern.finditer(text):
        if m.group() == "%%" or _taken(taken, m.start(), m.end()):
            continue
        name, pos, conv = m.group("name"), m.group("pos"), m.group("conv")
        if name:
            key = f"%({name}){conv}"
        elif pos:
            key = f"%{pos}${conv}"
        else:
            key = f"%{conv}"
        yield Placeholder(key, m.group(), m.start(), m.end(), ordered=not (name or pos))


def _format_fields(text: str) -> Iterator[Placeholder]:
    """:meth:`str.format` replacement fields (``{}``, ``{0}``, ``{user.name}``, ``{0[1]:>{width}}``); ``{{``/``}}`` are text."""
    for m in _FORMAT_FIELD.finditer(text):
        if m.group("name") is None:
            continue  # an escaped brace
        name = m.group("name").strip()
        yield Placeholder(f"{{{name}}}", m.group(), m.start(), m.end(), ordered=not name)


@dataclass(frozen=True)
class Tag:
    name: str
    kind: str  # "open", "close", "empty"
    text: str
    start: int
    end: int

    @property
    def key(self) -> str:
        return {"open": f"<{self.name}>", "close": f"</{self.name}>", "empty": f"<{self.name}/>"}[self.kind]


def tags(text: str) -> list[Tag]:
    """The HTML/XML tags written in a text, in order (names lower-cased; void elements are empty)."""
    out = []
    for m in TAG.finditer(text):
        name = m.group("name").lower()
        kind = "close" if m.group("close") else "empty" if m.group("empty") or name in _VOID else "open"
        out.append(Tag(name, kind, m.group(), m.start(), m.end()))
    return out


def misnested(found: list[Tag]) -> Tag | None:
    """The first tag that closes out of order (``<b><i>x</b></i>``), or ``None`` when nesting is sound."""
    stack: list[Tag] = []
    for tag in found:
        if tag.kind == "open":
            stack.append(tag)
        elif tag.kind == "close":
            if not stack or stack[-1].name != tag.name:
                if any(t.name == tag.name for t in stack):
                    return tag
                continue  # a stray closing tag is counted as extra, not as misnesting
            stack.pop()
    return None


def iter_missing_extra(source: list[Any], target: list[Any]) -> Iterator[tuple[str, Any]]:
    """``("missing", item)`` for source items the target lacks, ``("extra", item)`` for the reverse (by ``key``)."""
    pending: dict[str, list[Any]] = {}
    for item in target:
        pending.setdefault(item.key, []).append(item)
    for item in source:
        same = pending.get(item.key)
        if same:
            same.pop(0)
        else:
            yield "missing", item
    for items in pending.values():
        for item in items:
            yield "extra", item
