"""gettext PO: one unit per entry (per plural form), read with :mod:`polib` after the broken entries are set aside.

Obsolete (``#~``) and ``fuzzy`` entries are skipped: a fuzzy translation is a
draft ``msgfmt`` leaves out of the compiled catalogue, so a CI gate checks
what ships (Translate Toolkit's ``pofilter`` checks fuzzy entries unless told
``--nofuzzy``; here, clear the flag to check one). Each plural form is its own
unit, paired as ``msgfmt --check`` pairs them (``msgstr[0]`` with ``msgid``,
the others with ``msgid_plural``, as many as the header's ``Plural-Forms``
``nplurals``; see :mod:`tqcheck.reading.po_plurals`): a missing form is an untranslated unit,
a form beyond ``nplurals`` a reading warning. The entry's format flags
(``c-format``, ``no-c-format``, ``python-brace-format``…) go with each unit
for the placeholder rule. The file is decoded with the charset its header
names; ``Language`` and ``X-Source-Language`` are checked against the pair. A
broken entry is an :class:`InputProblem` and the rest is read.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from tqcheck.datatypes import InputProblem, LanguagePair
from tqcheck.errors import InputError
from tqcheck.reading.bilingual import LINE_BREAKS, check_lang, one_line, read_units, unit_format
from tqcheck.reading.blocks import Block, chunked, unit_blocks
from tqcheck.reading.documents import TextUnit
from tqcheck.reading.files import normalise, refuse_binary
from tqcheck.reading.po_plurals import PluralForms, plural_forms
from tqcheck.running.suppression import ignored_codes

_PO_CHARSET = re.compile(rb"Content-Type:[^\"\n]*charset=([A-Za-z0-9._:-]+)", re.IGNORECASE)
_PO_LINE = re.compile(r"\(line (\d+)\)")
_PO_STRING_LINE = re.compile(r'^(?:#[~|]\s*)?(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)?\s*"')
_PO_STRING = re.compile(r'"(?:[^"\\]|\\.)*"\s*$')
_PO_FIRST_ENTRY = re.compile(r"^(?:msgctxt|msgid)\b", re.MULTILINE)


def _po_text(data: bytes, name: str) -> str:
    """The PO file decoded with the charset its header names (UTF-8 when it names none)."""
    refuse_binary(data, name, "; a compiled .mo file? give the .po file")
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
    return normalise(text)


def _unterminated_lines(text: str) -> list[int]:
    """Line numbers holding an unterminated string, which polib would silently cut by one character."""
    bad = []
    for lineno, line in enumerate(text.split("\n"), 1):
        line = line.strip()
        m = _PO_STRING_LINE.match(line)
        if m and not _PO_STRING.fullmatch(line, m.end() - 1):
            bad.append(lineno)
    return bad


def _blank_entry(lines: list[str], lineno: int) -> None:
    """Blank the entry holding line ``lineno`` (between blank lines), keeping line numbers."""
    end = lineno - 1
    while end + 1 < len(lines) and lines[end + 1].strip():
        end += 1
    for k in range(_entry_start(lines, lineno) - 1, end + 1):
        lines[k] = ""


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
            InputProblem(
                path,
                lineno,
                f'malformed PO file (unterminated string: a closing " is missing){_SKIPPED[header]}',
            )
        )
    for _ in range(1000):
        body = "\n".join(lines)
        if "\n" not in body:
            body += "\n"  # polib treats a one-line string naming an existing file as that file's path
        try:
            return polib.pofile(body, encoding="utf-8")
        except Exception as exc:  # polib reports syntax errors as OSError/ValueError with a line number
            m = _PO_LINE.search(str(exc))
            reason = (
                str(exc).split(":", 1)[-1].strip()
                if m and ":" in str(exc).split(")", 1)[-1]
                else "syntax error"
            )
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


_FORMAT_FLAG = re.compile(r"^(?:no-)?[a-z0-9+-]+-format$")


def _po_units(
    data: bytes, name: str, path: str, pair: LanguagePair, problems: list[InputProblem]
) -> list[TextUnit]:
    """The entries to check: not obsolete, not fuzzy, with a msgid; one unit per form of a plural entry."""
    text = _po_text(data, name)
    po = _parse_po(text, name, path or name, problems)
    metadata = po.metadata or {}
    check_lang(name, "target", metadata.get("Language"), pair)
    check_lang(name, "source", metadata.get("X-Source-Language"), pair)
    plurals: PluralForms | None = None
    lines = text.split("\n")
    units: list[TextUnit] = []
    for entry in po:
        if entry.obsolete or "fuzzy" in entry.flags or not entry.msgid:
            continue
        line = entry.linenum or _first_entry_line(text)
        ident = f"{entry.msgctxt} (line {line})" if entry.msgctxt else f"line {line}"
        common = {
            "ignore": ignored_codes(entry.tcomment),
            "formats": tuple(flag for flag in entry.flags if _FORMAT_FLAG.match(flag)),
        }
        if not entry.msgid_plural:
            units.append(_unit(ident, line, entry.msgid, entry.msgstr, **common))
            continue
        if plurals is None:
            plurals, problem = plural_forms(metadata.get("Plural-Forms"))
            if problem:
                problems.append(InputProblem(path or name, _header_line(lines), problem))
        # The entry's own msgstr[n] lines are the truth: polib reads only the first digit of n.
        written = _form_lines(lines, line)
        forms = {k: v for k, v in (entry.msgstr_plural or {}).items() if k in written}
        for extra in sorted(k for k in written if k >= plurals.nplurals):
            problems.append(
                InputProblem(
                    path or name,
                    written[extra],
                    f"msgstr[{extra}] is beyond the nplurals={plurals.nplurals} of the Plural-Forms header; form not checked",
                )
            )
        for k in range(plurals.nplurals):
            form_id = f"{entry.msgctxt}[{k}] (line {line})" if entry.msgctxt else f"line {line}[{k}]"
            units.append(
                _unit(
                    form_id,
                    written.get(k, line),
                    plurals.source_of(k, entry.msgid, entry.msgid_plural),
                    forms.get(k, ""),
                    may_omit_placeholders=plurals.single[k],
                    **common,
                )
            )
    return units


def _unit(ident: str, line: int, source: str, target: str | None, **info: object) -> TextUnit:
    """A unit from a source and a target as polib unescaped them (line breaks become spaces)."""
    target = target or ""
    return TextUnit(
        id=ident,
        source=one_line(source),
        target=one_line(target),
        line=line,
        source_raw=LINE_BREAKS.sub(" ", source),
        target_raw=LINE_BREAKS.sub(" ", target),
        **info,  # type: ignore[arg-type]
    )


_MSGSTR_FORM = re.compile(r"^msgstr\[(\d+)\]")


def _form_lines(lines: list[str], entry_line: int) -> dict[int, int]:
    """The line of each ``msgstr[n]`` of the entry starting at ``entry_line``, by ``n`` (the first one of a repeated n)."""
    out: dict[int, int] = {}
    for k in range(entry_line - 1, len(lines)):
        stripped = lines[k].strip()
        if (out and stripped.startswith(("msgctxt", "msgid", "#"))) or (not stripped and k >= entry_line):
            break  # the next entry (PO allows entries without a blank line between them)
        m = _MSGSTR_FORM.match(stripped)
        if m:
            out.setdefault(int(m.group(1)), k + 1)
    return out


def _header_line(lines: list[str]) -> int:
    """The line of the ``Plural-Forms`` header field (1 when the file has none)."""
    return next((k + 1 for k, line in enumerate(lines) if "Plural-Forms:" in line), 1)


def _first_entry_line(text: str) -> int:
    # polib numbers the first entry of a header-less file 0: point at its msgctxt/msgid line instead.
    m = _PO_FIRST_ENTRY.search(text)
    return text.count("\n", 0, m.start()) + 1 if m else 1


def _blocks(path: Path, pair: LanguagePair, size: int) -> Iterator[Block]:
    """A big PO file is parsed whole (polib reads no stream), then checked block by block."""
    return unit_blocks(path, "po", pair, chunked(read_units(path, pair, "po"), size))


def sniff(head: bytes) -> bool:
    """A PO file opens with a comment, ``msgctxt`` or ``msgid``."""
    return head.startswith((b"msgid", b"#", b"msgctxt"))


READER = replace(unit_format("po", (".po",), 5, _po_units, _blocks), sniff=sniff)
