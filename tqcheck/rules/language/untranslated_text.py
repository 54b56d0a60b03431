"""TQ401: French left untranslated in the English translation."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from tqcheck.datatypes import Finding, Severity
from tqcheck.lang.detection import WORD_RE, french_stretches, langdetect
from tqcheck.rules.base import LinkContext, Rule
from tqcheck.rules.options import RuleOptions, option


@lru_cache(maxsize=20000)
def _looks_french(text: str, source: str, target: str) -> bool:
    """simplemma's verdict on a stretch: a second opinion that keeps names and loans out."""
    scores = dict(langdetect(text, (source, target)))
    return scores.get(source, 0.0) > scores.get(target, 0.0)


#: Quotation marks a whole sentence may stand between.
QUOTES = "\"'“”«»‘’„"


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


@dataclass(frozen=True)
class UntranslatedOptions(RuleOptions):
    """Options of TQ401."""

    min_words: int = option(
        4, "the fewest words a French stretch, or a sentence copied from the source, must have to be flagged."
    )


class UntranslatedText(Rule):
    """A sentence or clause of the translation is still in French.

    Stretches are found by function words ("les", "dans", "qui", "été"
    against "the", "of", "with"; ``lang/*/stopwords.txt``) and confirmed by
    simplemma's language detector. Quotations, parentheses, names ("Le
    Monde", "Des Moines") and loan phrases ("déjà vu", "raison d'être",
    ``lang/en/french_loanwords.txt``) are never flagged.

    ## What it does
    Flags a stretch of at least four words of the English translation that
    is French, and a target sentence identical to its French source.

    ## Why is this bad?
    Untranslated text is an omission in disguise: the reader of the English
    gets nothing, and no similarity score catches it when the rest of the
    sentence is translated.

    ## Example
    French: « Selon un cadre du CSP, les forces maliennes tentent de contourner leurs positions. »

    English: "According to a CSP executive, les forces maliennes tentent de contourner leurs positions."

    ## Use instead
    "According to a CSP executive, Malian forces are trying to bypass their positions."

    ## Fix
    Translate the flagged stretch; no automatic suggestion.
    """

    code = "TQ401"
    eval_family = "untranslated"
    name = "untranslated-text"
    severity = Severity.ERROR
    link_pure = True
    Options = UntranslatedOptions

    def check(self, ctx: LinkContext) -> Iterator[Finding]:
        src_lang, tgt_lang = ctx.alignment.source.lang, ctx.alignment.target.lang
        norms: list[set[str]] = []  # the source sentences normalised, made when a target sentence needs them

        def source_norms() -> set[str]:
            if not norms:
                norms.append({_norm(s.text) for s in ctx.source_sentences})
            return norms[0]

        assert isinstance(self.options, UntranslatedOptions)
        min_words = self.options.min_words
        for sentence, french in zip(ctx.target_sentences, ctx.facts.french_targets, strict=True):
            text = sentence.text
            if french:
                copied = _norm(text) in source_norms()
                yield self.finding(
                    ctx,
                    "the translation repeats the French source unchanged"
                    if copied
                    else "this sentence is in French, not English",
                    target=ctx.sentence_span("target", sentence),
                    related=[ctx.sentence_span("source", s, label="source") for s in ctx.source_sentences],
                )
                continue
            stretches = french_stretches(text, src_lang, tgt_lang, min_words=min_words)
            if not stretches and _norm(text) in source_norms() and len(WORD_RE.findall(text)) >= min_words:
                # a copy that is a whole quotation ("« Le club n'est pas le Barça ! »") has its stretches
                # masked as quoted: read without its outer quotes, it is French by its function words
                # even when the detector cannot tell (names and "le", "pas" score as English too)
                if _looks_french(text, src_lang, tgt_lang) or french_stretches(
                    text.strip().strip(QUOTES).strip(), src_lang, tgt_lang, min_words=min_words
                ):
                    yield self.finding(
                        ctx,
                        "the translation repeats the French source unchanged",
                        target=ctx.sentence_span("target", sentence),
                        related=[
                            ctx.sentence_span("source", s, label="source") for s in ctx.source_sentences
                        ],
                    )
                continue
            for st in stretches:
                chunk = text[st.start : st.end]
                if not _looks_french(chunk, src_lang, tgt_lang):
                    continue
                whole = (st.end - st.start) >= 0.8 * len(text.strip())
                yield self.finding(
                    ctx,
                    "this sentence is in French, not English" if whole else f"untranslated French: '{chunk}'",
                    target=ctx.sentence_span("target", sentence, st.start, st.end),
                    related=[ctx.sentence_span("source", s, label="source") for s in ctx.source_sentences],
                    details={"words": st.words, "french_function_words": st.french},
                )
