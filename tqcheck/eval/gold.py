"""Gold annotations: read ``gold.json`` files into character ranges.

Gold files name sentences by their exact text rather than by index, so they
do not depend on tqcheck's own segmenter; here each text is located in its
document once, left to right, and everything downstream compares character
ranges.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from tqcheck.errors import InputError

GOLD_FORMAT = "tqcheck-gold/1"


def _families() -> dict[str, str]:
    """Evaluation families, finer than code prefixes, one per kind of error: each rule's ``eval_family``."""
    from tqcheck.rules.registry import all_rules

    return {rule.code: rule.eval_family for rule in all_rules() if rule.eval_family}


FAMILY_OF_CODE: dict[str, str] = _families()


def family_of(code: str) -> str:
    """The evaluation family of a rule code (score rules fall in "scores")."""
    if code in FAMILY_OF_CODE:
        return FAMILY_OF_CODE[code]
    return "scores" if code.startswith("TQ5") else "other"


def annotation_family(code: str) -> str:
    """The ``family`` a gold.json finding declares: annotators write "alignment" for TQ1xx."""
    return "alignment" if code.startswith("TQ1") else family_of(code)


Range = tuple[int, int]


@dataclass(frozen=True)
class GoldLink:
    source: tuple[Range, ...]
    target: tuple[Range, ...]

    @property
    def kind(self) -> str:
        return f"{len(self.source)}-{len(self.target)}"


@dataclass(frozen=True)
class GoldFinding:
    code: str
    family: str
    severity: str
    source: Range | None
    target: Range | None
    text: str


@dataclass
class GoldTranslation:
    """One annotated translation of a corpus source."""

    corpus: str
    source_path: Path
    target_path: Path
    source_text: str
    target_text: str
    links: list[GoldLink]
    findings: list[GoldFinding] = field(default_factory=list)
    description: str = ""

    @property
    def clean(self) -> bool:
        return not self.findings


def _read(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text.lstrip("\ufeff").replace("\r\n", "\n")


def _locate_all(text: str, sentences: list[list[str]], what: str) -> list[tuple[Range, ...]]:
    """Find each sentence text in order; gold sentences must appear left to right."""
    pos = 0
    out = []
    for group in sentences:
        ranges = []
        for sentence in group:
            start = text.find(sentence, pos)
            if start < 0:
                raise InputError(f"{what}: gold sentence not found in order: {sentence[:60]!r}")
            ranges.append((start, start + len(sentence)))
            pos = start + len(sentence)
        out.append(tuple(ranges))
    return out


def _locate_span(text: str, span: dict | None, what: str) -> Range | None:
    if not span:
        return None
    sentence = span.get("sentence") or span["text"]
    s_start = text.find(sentence)
    if s_start < 0:
        raise InputError(f"{what}: gold finding sentence not found: {sentence[:60]!r}")
    inner = sentence.find(span["text"])
    if inner < 0:
        raise InputError(f"{what}: gold finding text {span['text']!r} not in its sentence")
    return (s_start + inner, s_start + inner + len(span["text"]))


def load_gold(folder: Path) -> list[GoldTranslation]:
    """All annotated translations of one corpus folder."""
    path = folder / "gold.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{folder}: no gold.json") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno})") from None
    if data.get("format") != GOLD_FORMAT:
        raise InputError(f"{path}: format must be {GOLD_FORMAT!r}")
    source_path = folder / data["source"]
    source_text = _read(source_path)
    out = []
    for name, ann in data["translations"].items():
        target_path = folder / name
        target_text = _read(target_path)
        what = f"{path}:{name}"
        src_ranges = _locate_all(source_text, [link["source"] for link in ann["alignment"]], what)
        tgt_ranges = _locate_all(target_text, [link["target"] for link in ann["alignment"]], what)
        links = [GoldLink(s, t) for s, t in zip(src_ranges, tgt_ranges, strict=True)]
        findings = []
        for f in ann.get("findings", []):
            findings.append(
                GoldFinding(
                    code=f["code"],
                    family=family_of(f["code"]),
                    severity=f.get("severity", "error"),
                    source=_locate_span(source_text, f.get("source"), what),
                    target=_locate_span(target_text, f.get("target"), what),
                    text=(f.get("target") or f.get("source") or {}).get("text", ""),
                )
            )
        out.append(
            GoldTranslation(
                corpus=folder.name,
                source_path=source_path,
                target_path=target_path,
                source_text=source_text,
                target_text=target_text,
                links=links,
                findings=findings,
                description=ann.get("description", ""),
            )
        )
    return out


def find_corpora(paths: list[Path]) -> list[Path]:
    """Corpus folders: the paths themselves, or their sub-folders holding a gold.json."""
    folders: list[Path] = []
    for p in paths:
        if (p / "gold.json").is_file():
            folders.append(p)
        elif p.is_dir():
            folders.extend(sorted(d for d in p.iterdir() if (d / "gold.json").is_file()))
        else:
            raise InputError(f"{p}: not a corpus folder (no gold.json)")
    if not folders:
        raise InputError("no annotated corpus found (folders with a gold.json)")
    return folders
