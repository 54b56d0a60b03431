"""TQ402: the translation is mostly in a language other than the expected target."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tqcheck.datatypes import Finding, Severity
from tqcheck.languages import lang_file, load_wordlist
from tqcheck.rules.base import Rule, RuleContext
from tqcheck.rules.options import RuleOptions, option

WORD_RE = re.compile(r"[^\W\d_]+")
CANDIDATES = ("en", "fr", "es", "de", "it", "pt", "nl")
SAMPLE_CHARS = 4000


@dataclass(frozen=True)
class WrongTargetLanguageOptions(RuleOptions):
    """Options of TQ402."""

    min_words: int = option(8, "the fewest words a translation must have to be judged at all.")


class WrongTargetLanguage(Rule):
    """The translation, taken as a whole, is not in the target language.

    A cheap test runs first: running English is full of "the", "of", "and"
    (``lang/en/stopwords.txt``), so a translation where they make up a fair
    share of the words is English and nothing more is done. Only otherwise is
    a sample given to simplemma's language detector, over a few European
    languages. French left in the translation is TQ401's finding, not this one.

    ## What it does
    Flags a translation whose text is mostly in another language than the
    target (e.g. Spanish or German delivered for English).

    ## Why is this bad?
    A file sent for the wrong language passes every sentence-level check
    that only compares numbers and names, and the whole delivery is unusable.

    ## Example
    French: « Le conseil municipal a voté le budget. »

    English: "El ayuntamiento aprobó el presupuesto."

    ## Use instead
    "The town council passed the budget."
    """

    code = "TQ402"
    eval_family = "untranslated"
    name = "wrong-target-language"
    severity = Severity.ERROR
    scope = "document"
    Options = WrongTargetLanguageOptions

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        target = ctx.alignment.target
        source_lang, target_lang = ctx.alignment.source.lang, target.lang
        text = ctx.text("target")[:SAMPLE_CHARS]
        words = [w.lower() for w in WORD_RE.findall(text)]
        assert isinstance(self.options, WrongTargetLanguageOptions)
        if len(words) < self.options.min_words:
            return
        function_words = load_wordlist(lang_file(target_lang, "stopwords.txt"))
        if function_words and sum(w in function_words for w in words) >= 0.12 * len(words):
            return  # plainly the target language
        from tqcheck.nlp import simplemma_module

        langs = tuple(dict.fromkeys((target_lang, *CANDIDATES)))
        scores = dict(simplemma_module().langdetect(text, lang=langs))
        best = max(scores, key=lambda k: scores[k] if k != "unk" else -1.0)
        if best in (target_lang, source_lang, "unk") or scores[best] < 0.5:
            return
        if scores[best] - scores.get(target_lang, 0.0) < 0.3:
            return  # no clear winner over the target language
        first = target.sentences[0] if target.sentences else None
        yield self.finding(
            ctx,
            f"the translation looks like {best}, not {target_lang} "
            f"(detector: {best} {scores[best]:.2f}, {target_lang} {scores.get(target_lang, 0.0):.2f})",
            target=ctx.sentence_span("target", first) if first else None,
            details={"scores": {k: round(v, 3) for k, v in scores.items()}},
        )
