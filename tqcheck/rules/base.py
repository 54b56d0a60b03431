"""What a rule is, and what it sees when it runs.

A rule is a small class in its own file under ``tqcheck/rules/<family>/``:
code, name, default severity and family as class attributes, and a docstring
with fixed sections (What it does / Why is this bad? / Example / Use instead /
Fix) that feeds ``tqcheck explain``, the README table and SARIF alike, so the
documentation is never written twice. The class is checked when it is
defined: a rule with no code, a malformed code or a docstring missing a
section fails at import, not in front of a user.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from tqcheck.datatypes import (
    Alignment,
    Finding,
    Link,
    LinkScores,
    Scores,
    Sentence,
    Severity,
    Side,
    Span,
)
from tqcheck.rules.facts import LinkFact, LinkFacts
from tqcheck.rules.options import RuleOptions, options_markdown, parse_options

if TYPE_CHECKING:
    from tqcheck.nlp import Analysis

CODE_RE = re.compile(r"^TQ[1-9]\d\d$")
DOC_SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead")

@dataclass
class RuleContext:
    """What every rule can look at: the alignment, the scores, lazy linguistic analysis.

    ``options`` are this rule's settings from ``[tool.tqcheck.rules.CODE]``
    (an instance of the rule's ``Options`` dataclass); ``thresholds`` the
    run's ``[tool.tqcheck.thresholds]`` (score rules); ``state`` what the
    rule's :meth:`Rule.document_state` made for this document (``None`` by default).
    """

    alignment: Alignment
    scores: Scores
    analysis: Analysis
    options: RuleOptions = field(default_factory=RuleOptions)
    thresholds: dict[str, float] = field(default_factory=dict)
    state: Any = None

    @property
    def pair_code(self) -> str:
        return self.alignment.pair.pair.code

    def sentences(self, side: Side, indices: Iterable[int]) -> list[Sentence]:
        seg = self.alignment.source if side == "source" else self.alignment.target
        return [seg.sentences[i] for i in indices]

    def text(self, side: Side) -> str:
        doc = self.alignment.pair.source if side == "source" else self.alignment.pair.target
        return doc.text

    def unit_start(self, side: Side, index: int) -> int:
        """The first sentence of the unit holding sentence ``index``; context is never read before it."""
        return unit_start(self.alignment, side, index)

    def span(self, side: Side, start: int, end: int, *, label: str | None = None) -> Span:
        """A span from absolute offsets into ``side``'s text; finds its sentence."""
        seg = self.alignment.source if side == "source" else self.alignment.target
        sentence = _sentence_at(seg.sentences, start)
        return Span(side, sentence, start, end, self.text(side)[start:end], label)

    def sentence_span(
        self, side: Side, sentence: Sentence, start: int = 0, end: int | None = None, *, label: str | None = None
    ) -> Span:
        """A span from offsets relative to ``sentence.text`` (whole sentence by default)."""
        end = len(sentence.text) if end is None else end
        return Span(
            side, sentence.index, sentence.start + start, sentence.start + end, sentence.text[start:end], label
        )


@dataclass
class LinkContext(RuleContext):
    """A :class:`RuleContext` focused on one alignment link.

    ``facts`` are the link's shared :class:`LinkFacts` (its sentences, whether
    a side is empty, which target sentences are left in French): the engine
    makes them once per link and hands the same object to every rule.
    """

    index: int = 0
    facts: LinkFacts = None  # type: ignore[assignment]  # made in __post_init__ when not given

    def __post_init__(self) -> None:
        if self.facts is None:
            link = self.link
            self.facts = LinkFacts(
                self.sentences("source", link.source),
                self.sentences("target", link.target),
                self.alignment.source.lang,
                self.alignment.target.lang,
            )

    @property
    def link(self) -> Link:
        return self.alignment.links[self.index]

    @property
    def link_scores(self) -> LinkScores:
        return self.scores.links[self.index]

    @cached_property
    def source_sentences(self) -> list[Sentence]:
        return list(self.facts.source_sentences)

    @cached_property
    def target_sentences(self) -> list[Sentence]:
        return list(self.facts.target_sentences)

    @property
    def source_text(self) -> str:
        return self.alignment.source_text(self.link)

    @property
    def target_text(self) -> str:
        return self.alignment.target_text(self.link)

    def previous_source_sentences(self, n: int = 2) -> list[Sentence]:
        """The ``n`` source sentences before this link, nearest last (for antecedents)."""
        if not self.link.source:
            return []
        first = self.link.source[0]
        sentences = self.alignment.source.sentences
        return list(sentences[max(self.unit_start("source", first), first - n) : first])


def unit_start(alignment: Alignment, side: Side, index: int) -> int:
    """The first sentence index of the unit holding sentence ``index`` of ``side``.

    A row of a segment-level file (TSV, JSONL, XLIFF, TMX, PO, subtitles) is a
    unit of its own: the row before may be another screen, another message or
    another article, so no rule may look there for a pronoun's antecedent or a
    topic. A text document is one unit (0 is returned).
    """
    if not alignment.pair.paragraphs_aligned:
        return 0
    sentences = (alignment.source if side == "source" else alignment.target).sentences
    if not sentences:
        return 0
    index = min(max(index, 0), len(sentences) - 1)
    paragraph = sentences[index].paragraph
    while index > 0 and sentences[index - 1].paragraph == paragraph:
        index -= 1
    return index


def _sentence_at(sentences: tuple[Sentence, ...], offset: int) -> int | None:
    lo, hi = 0, len(sentences)
    while lo < hi:
        mid = (lo + hi) // 2
        if sentences[mid].end <= offset:
            lo = mid + 1
        else:
            hi = mid
    if lo < len(sentences) and sentences[lo].start <= offset < max(sentences[lo].end, sentences[lo].start + 1):
        return sentences[lo].index
    return None


class Rule:
    """Base class of all rules; subclasses register themselves by code.

    Set ``scope = "link"`` (default) to be called once per alignment link with a
    :class:`LinkContext`, or ``scope = "document"`` to be called once with a
    :class:`RuleContext`. ``pairs`` restricts a rule to language pairs (``None``
    means any pair); ``needs_scores`` skips the rule when no scores exist.

    What the engine does around ``check`` is declared, not hand-written:

    - ``Options``: the rule's options dataclass (:mod:`tqcheck.rules.options`),
      validated when the rule is made and rendered into its ``## Options`` docs;
    - ``skip_links``: link facts (:class:`LinkFact`) on which the rule is not
      called at all, whatever else is selected;
    - ``defers_to``: codes of rules whose finding on the same link and
      overlapping text wins over this rule's (one mistake, one finding);
      resolved after all rules ran, and only against rules that ran;
    - ``link_pure``: the rule reads nothing but the link's sentences, the
      documents' texts, the languages and its options, so the engine skips a
      link whose texts already gave no finding earlier in the document.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    scope: ClassVar[Literal["link", "document"]] = "link"
    pairs: ClassVar[frozenset[str] | None] = None
    needs_scores: ClassVar[tuple[str, ...]] = ()
    status: ClassVar[Literal["stable", "preview"]] = "stable"
    fixable: ClassVar[bool] = False
    #: The kind of error this rule finds, as the evaluation scores it (``tqcheck eval``): finer
    #: than the family (TQ101 and TQ103 are both "omission"); ``None`` for rules it does not score.
    eval_family: ClassVar[str | None] = None
    Options: ClassVar[type[RuleOptions]] = RuleOptions
    skip_links: ClassVar[frozenset[LinkFact]] = frozenset()
    defers_to: ClassVar[tuple[str, ...]] = ()
    link_pure: ClassVar[bool] = False

    _registry: ClassVar[dict[str, type[Rule]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if inspect.isabstract(cls) or cls.__dict__.get("abstract", False):
            return
        code = cls.__dict__.get("code")
        if not isinstance(code, str) or not CODE_RE.match(code):
            raise TypeError(f"{cls.__qualname__}: rule code must look like TQ123, got {code!r}")
        for attr in ("name", "severity"):
            if attr not in cls.__dict__:
                raise TypeError(f"{cls.__qualname__} ({code}): missing class attribute {attr!r}")
        if not re.fullmatch(r"[a-z][a-z0-9-]*", cls.name):
            raise TypeError(f"{code}: rule name must be kebab-case, got {cls.name!r}")
        doc = inspect.getdoc(cls) or ""
        missing = [s for s in DOC_SECTIONS if f"## {s}" not in doc]
        if missing:
            raise TypeError(f"{code}: docstring lacks section(s) {', '.join(missing)}")
        for generated in ("## Options", "## Deferral"):
            if generated in doc:
                raise TypeError(f"{code}: the {generated} section is generated from the class's declarations")
        if not (isinstance(cls.Options, type) and issubclass(cls.Options, RuleOptions)):
            raise TypeError(f"{code}: Options must be a RuleOptions dataclass")
        bad = [c for c in cls.defers_to if not CODE_RE.match(c) or c == code]
        if bad:
            raise TypeError(f"{code}: defers_to holds {bad!r}, not other rules' codes")
        other = Rule._registry.get(code)
        if other is not None and other.__qualname__ != cls.__qualname__:
            raise TypeError(f"rule code {code} used twice: {other.__qualname__} and {cls.__qualname__}")
        Rule._registry[code] = cls

    # ----------------------------------------------------------------- docs

    @classmethod
    def family(cls) -> str:
        """The rule's family: its package under ``tqcheck/rules/`` (or the ``FAMILY`` that package declares)."""
        import sys

        package = cls.__module__.rpartition(".")[0]
        if not package.startswith("tqcheck.rules."):
            return "other"
        return getattr(sys.modules.get(package), "FAMILY", package.rpartition(".")[2])

    @classmethod
    def docs(cls) -> str:
        """The rule's documentation in Markdown: its docstring, then sections generated from its declarations.

        ``## Deferral`` names the rules it defers to; ``## Options`` lists its
        options dataclass. Neither may be written by hand, so neither can drift.
        """
        parts = [(inspect.getdoc(cls) or "").rstrip()]
        if cls.defers_to:
            codes = ", ".join(cls.defers_to)
            parts.append(
                "## Deferral\n"
                f"When {codes} is selected and reports the same words of a link, this rule leaves "
                "that mistake to it (one mistake, one finding); otherwise it reports it."
            )
        options = options_markdown(cls.Options, cls.code)
        if options:
            parts.append(options)
        return "\n\n".join(parts)

    @classmethod
    def summary(cls) -> str:
        """First line of the docstring: one sentence for tables and SARIF."""
        return cls.docs().strip().splitlines()[0].strip()

    @classmethod
    def section(cls, title: str) -> str:
        """The text of one ``## title`` section of the docs."""
        text = cls.docs()
        m = re.search(rf"^## {re.escape(title)}\s*$(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
        return m.group(1).strip() if m else ""

    # ----------------------------------------------------------------- running

    def __init__(self, severity: Severity | None = None, options: Mapping[str, Any] | RuleOptions | None = None) -> None:
        """Raises :class:`~tqcheck.errors.ConfigError` for an unknown option or a value of the wrong type."""
        self.effective_severity = severity or self.severity
        self.options = parse_options(self.Options, options, self.code)

    def applies_to(self, pair_code: str) -> bool:
        return self.pairs is None or pair_code in self.pairs

    def document_state(self, ctx: RuleContext) -> Any:
        """What the rule computes once per document and reads on every link (``ctx.state``).

        Called by the engine before the rule's first link of a document; the
        default keeps nothing. Work shared between links lives here, not in
        module-level caches keyed by the analysis or in attributes set on the fly.
        """
        return None

    def check(self, ctx: Any) -> Iterator[Finding]:  # pragma: no cover - abstract
        raise NotImplementedError

    def finding(
        self,
        ctx: RuleContext,
        message: str,
        *,
        source: Span | None = None,
        target: Span | None = None,
        suggestion: str | None = None,
        related: Iterable[Span] = (),
        severity: Severity | None = None,
        details: dict[str, Any] | None = None,
    ) -> Finding:
        """Build a finding stamped with this rule's code, name and severity."""
        link = ctx.index if isinstance(ctx, LinkContext) else None
        return Finding(
            code=self.code,
            name=self.name,
            severity=severity or self.effective_severity,
            message=message,
            link=link,
            source=source,
            target=target,
            suggestion=suggestion,
            related=tuple(related),
            details=details or {},
        )
