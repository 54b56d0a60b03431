"""TQ602: a space before : ; ! ? in the English translation (French typography)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tqcheck.datatypes import Finding, Severity
from tqcheck.lang.detection import translated_target_sentences
from tqcheck.rules.base import LinkContext, Rule

# a word (or closing bracket/quote) then space(s) then the mark, then the end, a space, a closing
# quote or bracket, or another mark: "Pourquoi ?" typography, not ":-)" or " :D" or "a ? b" in code
SPACED_RE = re.compile(r"(?<=[\w)\]’'\"”»%])([ \u00a0\u202f\u2009]+)([:;!?]+)(?=$|[\s\"”’'»)\]]|[:;!?])")
URL_RE = re.compile(r"\b(?:https?|ftp)://\S+|\bwww\.\S+")


class SpaceBeforePunctuation(Rule):
    """A space before a colon, semicolon, exclamation or question mark in the translation.

    ## What it does
    Flags a space (ordinary, no-break U+00A0 or narrow no-break U+202F)
    between a word and ``: ; ! ?`` in the English translation. URLs, emoticons,
    times and ratios written with digits on both sides of a colon are left alone.

    ## Why is this bad?
    French typography puts a (thin) space before these marks; English does
    not. The space is a tell-tale of unedited translation and can break the
    line before the mark.

    ## Example
    French: « Pourquoi maintenant ? Voici la réponse : l'armée avance. »

    English: "Why now ? Here is the answer : the army is advancing."

    ## Use instead
    "Why now? Here is the answer: the army is advancing."

    ## Fix
    The mark without the space before it.
    """

    code = "TQ602"
    eval_family = "typography"
    name = "space-before-punctuation"
    severity = Severity.WARNING
    fixable = True

    def check(self, ctx: LinkContext) -> Iterator[Finding]:
        for sentence in translated_target_sentences(ctx):
            text = sentence.text
            if not any(c in text for c in ":;!?"):
                continue
            urls = [(m.start(), m.end()) for m in URL_RE.finditer(text)]
            for m in SPACED_RE.finditer(text):
                if any(s <= m.start() < e for s, e in urls):
                    continue
                mark = m.group(2)
                if mark == ":" and text[m.start() - 1].isdigit() and re.match(r"\s*\d", text[m.end() :]):
                    continue  # "8 : 30", "3 : 1": a time or a ratio, not French punctuation
                start = m.start()
                word_start = start
                while word_start > 0 and (text[word_start - 1].isalnum() or text[word_start - 1] in "’'-"):
                    word_start -= 1
                yield self.finding(
                    ctx,
                    f"space before '{mark}' (French typography)",
                    target=ctx.sentence_span("target", sentence, word_start, m.end()),
                    suggestion=text[word_start:start] + mark,
                )
