"""A terminology glossary: per source term, the target terms required and the ones forbidden.

Two file formats:

* **CSV** (UTF-8, comma, semicolon or tab separated, sniffed), with a header
  row naming the columns ``source``, ``target`` (required translations) and
  optionally ``forbidden`` and ``note``; several terms in one cell are
  separated by ``|``::

      source,target,forbidden,note
      indicateur,informant,indicator|indicators,police/security feeds
      bilan,toll,results|balance sheet,casualty reports

* **TBX** (TermBase Exchange: TBX-Basic/TBX 2008 ``termEntry/langSet/tig``
  and TBX 2019 ``conceptEntry/langSec/termSec``), read with defusedxml (no
  entity expansion, no external entities). A target-language term whose
  ``administrativeStatus`` is ``deprecatedTerm``, ``supersededTerm`` or
  ``notRecommended`` is forbidden; the others are required alternatives.

Terms match on **lemmas** (simplemma), word by word, so ``indicateur`` finds
"indicateurs" and ``informant`` accepts "informants". Any problem in the
file (missing, a malformed row, bad XML) is one :class:`ConfigError` line
naming the file and, where there is one, the line.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from tqcheck.errors import ConfigError

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_FORBIDDEN_STATUS = ("deprecated", "superseded", "notrecommended", "forbidden")


@dataclass(frozen=True)
class Term:
    """A term as written and as the lemma sequence it matches."""

    text: str
    lemmas: tuple[str, ...]
    surface: tuple[str, ...] = ()  # the words as written, lower-cased


@dataclass(frozen=True)
class GlossaryEntry:
    """One source term with its required (any one of) and forbidden target terms."""

    source: Term
    required: tuple[Term, ...]
    forbidden: tuple[Term, ...]
    note: str = ""
    line: int | None = None


@dataclass(frozen=True)
class Glossary:
    path: str
    source_lang: str
    target_lang: str
    entries: tuple[GlossaryEntry, ...]

    @cached_property
    def index(self) -> dict[str, list[tuple[int, GlossaryEntry]]]:
        """Entries (with their position) by the lemma and the form of their source term's first word."""
        out: dict[str, list[tuple[int, GlossaryEntry]]] = {}
        for position, entry in enumerate(self.entries):
            if not entry.source.lemmas:
                continue
            for key in {entry.source.lemmas[0], entry.source.surface[0]}:
                out.setdefault(key, []).append((position, entry))
        return out


def lemma(word: str, lang: str) -> str:
    from tqcheck.nlp import simplemma_module

    low = word.lower()
    try:
        return simplemma_module().lemmatize(low, lang=lang).lower()
    except ValueError:  # a language simplemma does not know
        return low


def words(text: str) -> list[tuple[str, int, int]]:
    """The words of a text with their offsets (apostrophes and hyphens split words: l'indicateur)."""
    return [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]


def term(text: str, lang: str) -> Term:
    found = words(text)
    return Term(text.strip(), tuple(lemma(w, lang) for w, _, _ in found), tuple(w.lower() for w, _, _ in found))


@lru_cache(maxsize=65536)
def analysed(text: str, lang: str) -> tuple[tuple[tuple[str, int, int], ...], tuple[str, ...], tuple[str, ...]]:
    """A text's words with offsets, their lower-cased forms and their lemmas (cached: every entry reads them)."""
    found = tuple(words(text))
    return found, tuple(w.lower() for w, _, _ in found), tuple(lemma(w, lang) for w, _, _ in found)


def find_term(t: Term, text: str, lang: str) -> tuple[int, int] | None:
    """Where the term occurs in ``text`` (word by word, lemma or surface form), or ``None``."""
    if not t.lemmas:
        return None
    found, surface, lemmas = analysed(text, lang)
    n = len(t.lemmas)
    wanted_lemmas, wanted_surface = t.lemmas, t.surface or t.lemmas
    first_lemma, first_surface = wanted_lemmas[0], wanted_surface[0]
    for i in range(len(found) - n + 1):
        if lemmas[i] != first_lemma and surface[i] != first_surface:
            continue
        if all(lemmas[i + k] == wanted_lemmas[k] or surface[i + k] == wanted_surface[k] for k in range(1, n)):
            return found[i][1], found[i + n - 1][2]
    return None


def candidates(glossary: Glossary, text: str) -> list[GlossaryEntry]:
    """The entries whose source term's first word occurs in ``text`` (by lemma or form): a cheap pre-filter."""
    _, surface, lemmas = analysed(text, glossary.source_lang)
    present = set(surface) | set(lemmas)
    index = glossary.index
    seen: dict[int, GlossaryEntry] = {}
    for word in present:
        for position, entry in index.get(word, ()):
            seen[position] = entry
    return [seen[k] for k in sorted(seen)]


def _split(cell: str | None) -> list[str]:
    return [t.strip() for t in (cell or "").split("|") if t.strip()]


def _read(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{path}: glossary not found") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: glossary is a directory, expected a CSV or TBX file") from None
    except OSError as exc:
        raise ConfigError(f"{path}: glossary cannot be read ({exc.strerror or exc})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfigError(f"{path}:{line}: glossary is not UTF-8 (invalid byte); convert it to UTF-8") from None


def _csv_entries(path: Path, text: str, source_lang: str, target_lang: str) -> list[GlossaryEntry]:
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(reader)
    except StopIteration:
        raise ConfigError(f"{path}: glossary is empty") from None
    except csv.Error as exc:
        raise ConfigError(f"{path}:1: malformed glossary header ({exc})") from None
    columns = [h.strip().lower() for h in header]
    aliases = {"source": ("source", source_lang, "term"), "target": ("target", "required", target_lang, "translation")}
    index: dict[str, int] = {}
    for key, names in (*aliases.items(), ("forbidden", ("forbidden", "avoid", "do not use")), ("note", ("note", "comment"))):
        for name in names:
            if name in columns:
                index[key] = columns.index(name)
                break
    if "source" not in index or ("target" not in index and "forbidden" not in index):
        raise ConfigError(
            f"{path}:1: glossary header must name a 'source' column and a 'target' and/or 'forbidden' column "
            f"(found: {', '.join(header) or 'nothing'})"
        )
    entries = []
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                raise ConfigError(f"{path}:{line}: malformed glossary row ({len(row)} fields, the header has {len(header)})")
            cells = {k: (row[i] if i < len(row) else "") for k, i in index.items()}
            source = cells["source"].strip()
            required, forbidden = _split(cells.get("target")), _split(cells.get("forbidden"))
            if not source or not _WORD.search(source):
                raise ConfigError(f"{path}:{line}: malformed glossary row (no source term)")
            if not required and not forbidden:
                raise ConfigError(f"{path}:{line}: malformed glossary row (no target or forbidden term for {source!r})")
            entries.append(
                GlossaryEntry(
                    term(source, source_lang),
                    tuple(term(t, target_lang) for t in required),
                    tuple(term(t, target_lang) for t in forbidden),
                    cells.get("note", "").strip(),
                    line,
                )
            )
    except csv.Error as exc:
        raise ConfigError(f"{path}:{reader.line_num}: malformed glossary row ({exc})") from None
    return entries


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _lang(elem: object) -> str:
    value = elem.get("{http://www.w3.org/XML/1998/namespace}lang") or elem.get("lang") or ""  # type: ignore[attr-defined]
    return re.split(r"[-_]", value.strip().lower(), maxsplit=1)[0]


def _tbx_entries(path: Path, text: str, source_lang: str, target_lang: str) -> list[GlossaryEntry]:
    import defusedxml.ElementTree as safe_et
    from defusedxml import DefusedXmlException

    try:
        root = safe_et.fromstring(text.encode("utf-8"))
    except DefusedXmlException:
        raise ConfigError(
            f"{path}: refused: the TBX declares entities; tqcheck never expands entities (they can read local "
            "files or exhaust memory); remove the <!ENTITY> declarations"
        ) from None
    except safe_et.ParseError as exc:
        line, col = getattr(exc, "position", (0, 0))
        reason = re.sub(r": line \d+, column \d+$", "", str(exc))
        raise ConfigError(f"{path}:{line}:{col + 1}: malformed TBX ({reason})") from None
    if _local(root.tag) not in ("martif", "tbx"):
        raise ConfigError(f"{path}: root element is <{_local(root.tag)}>, not <martif> or <tbx>: not a TBX file")
    entries = []
    for concept in root.iter():
        if _local(concept.tag) not in ("termEntry", "conceptEntry"):
            continue
        by_lang: dict[str, list[tuple[str, bool]]] = {}
        for lang_set in concept:
            if _local(lang_set.tag) not in ("langSet", "langSec"):
                continue
            lang = _lang(lang_set)
            for holder in lang_set.iter():
                if _local(holder.tag) not in ("tig", "ntig", "termSec"):
                    continue
                term_text = "".join(next((e.itertext() for e in holder.iter() if _local(e.tag) == "term"), ()))
                status = " ".join(
                    "".join(e.itertext()).lower().replace("-", "").replace(" ", "")
                    for e in holder.iter()
                    if _local(e.tag) in ("termNote", "descrip") and "status" in (e.get("type") or "").lower()
                )
                if term_text.strip():
                    by_lang.setdefault(lang, []).append((term_text.strip(), any(s in status for s in _FORBIDDEN_STATUS)))
        sources = [t for t, bad in by_lang.get(source_lang, []) if not bad]
        targets = by_lang.get(target_lang, [])
        required = tuple(term(t, target_lang) for t, bad in targets if not bad)
        forbidden = tuple(term(t, target_lang) for t, bad in targets if bad)
        if not (required or forbidden):
            continue
        for source in sources:
            entries.append(GlossaryEntry(term(source, source_lang), required, forbidden, "", None))
    return entries


def inline_glossary(terms: object, source_lang: str, target_lang: str, where: str) -> Glossary:
    """A glossary written in config: a list of ``{source = …, target = …, forbidden = …}`` tables.

    ``target`` and ``forbidden`` take a string (``|`` between alternatives)
    or a list of strings. Handy for a few terms a project settles on.
    """
    if not isinstance(terms, list):
        raise ConfigError(f"{where}: expected a list of {{source, target, forbidden}} tables")
    entries = []
    for i, item in enumerate(terms, 1):
        if not isinstance(item, dict) or not isinstance(item.get("source"), str):
            raise ConfigError(f"{where}[{i}]: expected a table with a 'source' term")

        def cell(key: str, item: dict = item, i: int = i) -> list[str]:  # type: ignore[type-arg]
            value = item.get(key, "")
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                return [v.strip() for v in value if v.strip()]
            if isinstance(value, str):
                return _split(value)
            raise ConfigError(f"{where}[{i}].{key}: expected a string or a list of strings")

        required, forbidden = cell("target"), cell("forbidden")
        if not required and not forbidden:
            raise ConfigError(f"{where}[{i}]: no target or forbidden term for {item['source']!r}")
        entries.append(
            GlossaryEntry(
                term(item["source"], source_lang),
                tuple(term(t, target_lang) for t in required),
                tuple(term(t, target_lang) for t in forbidden),
                str(item.get("note", "")),
                None,
            )
        )
    return Glossary(where, source_lang, target_lang, tuple(entries))


@lru_cache(maxsize=8)
def _load(path: str, mtime: float, source_lang: str, target_lang: str) -> Glossary:
    p = Path(path)
    text = _read(p)
    is_tbx = p.suffix.lower() in (".tbx", ".xml") or text.lstrip().startswith("<")
    entries = _tbx_entries(p, text, source_lang, target_lang) if is_tbx else _csv_entries(p, text, source_lang, target_lang)
    if not entries:
        raise ConfigError(f"{path}: glossary has no {source_lang}→{target_lang} entries")
    return Glossary(path, source_lang, target_lang, tuple(entries))


def load_glossary(path: str | Path, source_lang: str = "fr", target_lang: str = "en") -> Glossary:
    """The glossary at ``path`` (CSV or TBX), cached while the file is unchanged."""
    p = Path(path)
    try:
        mtime = p.stat().st_mtime
    except FileNotFoundError:
        raise ConfigError(f"{p}: glossary not found") from None
    except OSError as exc:
        raise ConfigError(f"{p}: glossary cannot be read ({exc.strerror or exc})") from None
    return _load(str(p), mtime, source_lang, target_lang)
