"""The plain data objects that flow between tqcheck's stages.

reading → segmenting → aligning → scoring → rules → reporting: each stage
takes some of these objects and returns new ones. They are frozen so that no
stage can quietly change what an earlier stage produced, and they hold only
data (no model handles, no file handles) so a report can be serialised,
cached or compared in a test.

Offsets are always character offsets (Python ``str`` indices) into the text of
one side as it was read (after decoding and BOM removal), so a span can be
shown in an editor or a diff without re-tokenising anything.

The objects a document has one of per sentence, link or span (:class:`Sentence`,
:class:`Link`, :class:`LinkScores`, :class:`Span`, ...) use ``__slots__``: without a ``__dict__`` each
takes a third less memory (119 → 79 bytes a sentence), and a 20,000-pair
document holds 60,000 of them (issue #13).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from tqcheck.signature import Signature

Side = Literal["source", "target"]


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class LanguagePair:
    """A translation direction, e.g. ``fr`` → ``en``."""

    source: str
    target: str

    @property
    def code(self) -> str:
        return f"{self.source}-{self.target}"

    def __str__(self) -> str:
        return self.code


@dataclass(frozen=True)
class Paragraph:
    """A block of text as the author laid it out (a line or a blank-line block)."""

    index: int
    start: int
    end: int


@dataclass(frozen=True)
class Document:
    """One side of a translation, as read from disk.

    ``paragraphs`` are spans of ``text``. For line-aligned inputs (TSV, JSONL),
    ``text`` is the side's cells joined by newlines and paragraph *i* of the
    source is known to correspond to paragraph *i* of the target.
    """

    text: str
    lang: str
    paragraphs: tuple[Paragraph, ...]
    path: str | None = None


@dataclass(frozen=True)
class InputProblem:
    """A part of an input that could not be read (a bad line, a broken entry); the rest was.

    The run goes on without it, and the CLI shows it as one warning line
    ``PATH:LINE: message`` and exits 3, so no good unit's result is lost.
    """

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


@dataclass(frozen=True)
class SegmentUnit:
    """What a segment-level format says about one unit (a row, trans-unit, tu, PO entry, cue).

    ``DocumentPair.units[i]`` belongs to paragraph *i* of both sides. ``id`` is
    what a translator searches for in their tool (XLIFF ``id``, PO
    ``msgctxt``, TMX ``tuid`` or index, JSONL/TSV line, cue number) and
    ``line`` the unit's line in the input file. ``source_raw``/``target_raw``
    are the unit's texts before their edges were stripped (whitespace checks);
    ``source_codes``/``target_codes`` the file's inline codes (XLIFF ``<x/>``,
    ``<g>``, ``<ph>``…) in reading order; ``max_width``/``size_unit`` the
    file's length limit; ``ignore`` the rule codes an inline comment suppresses.
    ``formats`` are the placeholder syntaxes the file declares for the unit
    (PO flags such as ``c-format``, ``no-c-format``, ``python-brace-format``),
    which overrule the placeholder heuristics; ``may_omit_placeholders`` marks
    a plural form used for one number only (English ``msgstr[0]``), which may
    spell the number out instead of keeping its placeholder.
    """

    id: str
    line: int | None = None
    source_raw: str | None = None
    target_raw: str | None = None
    source_codes: tuple[str, ...] = ()
    target_codes: tuple[str, ...] = ()
    max_width: int | None = None
    size_unit: str | None = None
    ignore: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    may_omit_placeholders: bool = False


@dataclass(frozen=True)
class DocumentPair:
    """A source document and its translation.

    ``paragraphs_aligned`` is true when the input format pairs paragraphs
    (TSV, JSONL): the aligner then never links across paragraph pairs.
    ``units`` (segment-level formats) describes each paragraph pair;
    ``problems`` are the parts of the input that could not be read.
    """

    source: Document
    target: Document
    pair: LanguagePair
    input_format: str = "text"
    paragraphs_aligned: bool = False
    units: tuple[SegmentUnit, ...] = ()
    problems: tuple[InputProblem, ...] = ()


# --------------------------------------------------------------------------- segmenting


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of one side: ``text == document.text[start:end]``."""

    index: int
    start: int
    end: int
    text: str
    paragraph: int


@dataclass(frozen=True)
class Segmentation:
    """A document cut into sentences, in reading order."""

    document: Document
    sentences: tuple[Sentence, ...]

    @property
    def lang(self) -> str:
        return self.document.lang


# --------------------------------------------------------------------------- aligning


class LinkKind(str, enum.Enum):  # noqa: UP042 - str() must stay the member name for old callers
    """The shape of an alignment link: sentences on the source side - on the target side."""

    ONE_ONE = "1-1"
    ONE_TWO = "1-2"
    TWO_ONE = "2-1"
    TWO_TWO = "2-2"
    # Made only by the post-pass that joins an unlinked sentence to its neighbouring link
    # (tqcheck.aligning.slots): a sentence rendered as three, or three rendered as one or two.
    ONE_THREE = "1-3"
    THREE_ONE = "3-1"
    TWO_THREE = "2-3"
    THREE_TWO = "3-2"
    THREE_THREE = "3-3"
    OMISSION = "1-0"
    ADDITION = "0-1"

    @classmethod
    def of(cls, n_source: int, n_target: int) -> LinkKind:
        return cls(f"{n_source}-{n_target}")


@dataclass(frozen=True, slots=True)
class Link:
    """Source sentences that translate into target sentences.

    ``source`` and ``target`` hold sentence indices (contiguous, increasing);
    one of them is empty for an omission (1-0) or an addition (0-1).
    ``cost`` is the aligner's cost for the link (lower is more certain).
    """

    source: tuple[int, ...]
    target: tuple[int, ...]
    cost: float = 0.0

    @property
    def kind(self) -> LinkKind:
        return LinkKind.of(len(self.source), len(self.target))


@dataclass(frozen=True)
class Alignment:
    """The whole pair, segmented on both sides and linked sentence group to group."""

    pair: DocumentPair
    source: Segmentation
    target: Segmentation
    links: tuple[Link, ...]
    method: str = ""

    def source_text(self, link: Link) -> str:
        return " ".join(self.source.sentences[i].text for i in link.source)

    def target_text(self, link: Link) -> str:
        return " ".join(self.target.sentences[i].text for i in link.target)


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True, slots=True)
class TokenScore:
    """One target token under forced decoding: its text and log-probability."""

    token: str
    logprob: float


@dataclass(frozen=True, slots=True)
class LinkScores:
    """Everything measured on one alignment link; ``None`` means not measured."""

    similarity: float | None = None
    # best similarity of this link's source with a nearby link's target, or the reverse (TQ501's second signal)
    similarity_rival: float | None = None
    mt_hypothesis: str | None = None
    chrf: float | None = None
    bleu: float | None = None
    ter: float | None = None
    logprob_mean: float | None = None
    logprob_min: float | None = None
    logprob_sum: float | None = None
    tokens: tuple[TokenScore, ...] = ()
    reverse_logprob_mean: float | None = None


_NO_SCORES = LinkScores()


@dataclass(frozen=True)
class ModelInfo:
    """What produced the scores, so a number can be reproduced."""

    name: str
    revision: str | None
    backend: str
    kind: str  # "mt", "mt-reverse", "similarity"


@dataclass(frozen=True)
class Scores:
    """Per-link scores (``links[i]`` belongs to ``alignment.links[i]``) and run metadata."""

    links: tuple[LinkScores, ...]
    models: tuple[ModelInfo, ...] = ()
    corpus: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    @classmethod
    def empty(cls, n_links: int, notes: tuple[str, ...] = ()) -> Scores:
        return cls(links=(_NO_SCORES,) * n_links, notes=notes)  # one frozen object, not one per link


# --------------------------------------------------------------------------- rules


class Severity(str, enum.Enum):  # noqa: UP042
    """How bad a finding is; ``--fail-on`` compares against this order."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of one side's text: ``document.text[start:end] == text``.

    ``sentence`` is the index of the sentence holding ``start`` (``None`` for a
    span that belongs to no sentence). ``label`` names related spans, e.g.
    ``"antecedent"``.
    """

    side: Side
    sentence: int | None
    start: int
    end: int
    text: str
    label: str | None = None


@dataclass(frozen=True)
class Finding:
    """One problem a rule found.

    ``source``/``target`` are the flagged spans; ``related`` are spans that
    explain the finding (the antecedent of a pronoun, the number it should
    match). ``link`` is the index of the alignment link it concerns.
    ``details`` holds rule- or scoring-specific data (e.g. the model's verdict).
    """

    code: str
    name: str
    severity: Severity
    message: str
    link: int | None = None
    source: Span | None = None
    target: Span | None = None
    suggestion: str | None = None
    related: tuple[Span, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def sort_key(self) -> tuple[int, int, int, str]:
        anchor = self.target or self.source
        return (
            self.link if self.link is not None else 1 << 30,
            anchor.start if anchor else 0,
            -self.severity.rank,
            self.code,
        )


# --------------------------------------------------------------------------- the whole run


@dataclass(frozen=True)
class Report:
    """The result of checking one document pair: what every stage produced."""

    alignment: Alignment
    scores: Scores
    findings: tuple[Finding, ...]
    signature: Signature | str  # a Signature from check_pair; a plain string in a report built by hand
    notes: tuple[str, ...] = ()

    @property
    def pair(self) -> DocumentPair:
        return self.alignment.pair

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def worst(self) -> Severity | None:
        return max((f.severity for f in self.findings), key=lambda s: s.rank, default=None)


# --------------------------------------------------------------------------- embeddings


@dataclass(frozen=True, eq=False)
class SentenceEmbeddings:
    """Unit-length sentence vectors for both sides (rows follow sentence indices).

    Computed once per run by the embedded encoder and shared by the aligner
    (similarity term of its cost) and the scorer (per-link adequacy), so no
    sentence is encoded twice. Vectors of merged sentences are the normalised
    sum of their members' vectors.
    """

    source: Any  # numpy.ndarray, shape (n_source_sentences, dim)
    target: Any  # numpy.ndarray, shape (n_target_sentences, dim)
    model: str = ""
