"""TQ204: a French tense or aspect copied into English («sont coupés depuis» → «are cut since»).

The detectors of each construction are in :mod:`._tense_patterns`; this module
gates on the raw text, pairs French and English hits and words the advice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from tqcheck.datatypes import Finding, Severity, Span
from tqcheck.nlp import Token
from tqcheck.rules.base import LinkContext, Rule
from tqcheck.rules.meaning._tense_patterns import (
    Hit,
    english_come_to,
    english_process,
    english_since,
    french_depuis,
    french_train,
    french_venir,
)

# Cheap gates on the raw French text: the parser runs only when one matches.
_FRENCH_GATE = re.compile(
    r"\bdepuis\b|\bv(?:ien|enai|în)\w*\s+d(?:e\b|['’])|\ben\s+train\s+d(?:e\b|['’])", re.I
)
_ENGLISH_GATE = re.compile(r"\b(?:since|for|come|comes|came|process)\b", re.I)


class TenseCalque(Rule):
    """French tense or aspect carried over into English where English needs another form.

    ## What it does
    Flags three patterns, each only when the French source has the construction
    that explains it:
    - «depuis» with a French present (a state still going on: «les réseaux sont
      coupés depuis jeudi», «il vit à Paris depuis dix ans») rendered with an
      English simple present before «since»/«for» («are cut since Thursday»,
      «lives in Paris for ten years»), or with the unidiomatic «have still been
      … since» copied from «toujours … depuis»; likewise a French imperfect
      with «depuis» rendered with a simple past («worked there for three
      years» where English needs «had worked»);
    - «venir de» + infinitive rendered «come(s) to» + verb (it means «have just …»);
    - «être en train de» rendered «in the process of» (info only: often just the
      progressive in English).

    ## Why is this bad?
    English uses the present perfect for a state that started in the past and
    still holds. «The networks are cut since Thursday» is a grammar error that
    marks the text as translated; «comes to leave» says something else entirely.

    ## Example
    ```text
    fr: Les écoles sont fermées depuis deux semaines.
    en: The schools are closed for two weeks.
    ```

    ## Use instead
    ```text
    en: The schools have been closed for two weeks.
    ```

    ## Fix
    The suggestion rewrites the verb group in the present perfect («have been
    closed for»), drops the copied «still», or gives «has just left».
    """

    code = "TQ204"
    eval_family = "tense"
    name = "tense-calque"
    severity = Severity.WARNING
    fixable = True
    pairs = frozenset({"fr-en"})  # French tenses and English verb groups

    def check(self, ctx: LinkContext) -> Iterator[Finding]:
        link = ctx.link
        if not link.source or not link.target:
            return
        if not _FRENCH_GATE.search(ctx.source_text) or not _ENGLISH_GATE.search(ctx.target_text):
            return
        french: dict[str, list[tuple[int, int, int, bool]]] = {
            "depuis": [],
            "past": [],
            "venir": [],
            "process": [],
        }
        for s in link.source:
            tokens = ctx.analysis.tokens("source", s)
            for a, b, still, imperfect in french_depuis(tokens):
                french["past" if imperfect else "depuis"].append((s, a, b, still))
            french["venir"].extend((s, a, b, False) for a, b in french_venir(tokens))
            french["process"].extend((s, a, b, False) for a, b in french_train(tokens))
        if not any(french.values()):
            return
        english: dict[str, list[Hit]] = {"depuis": [], "past": [], "venir": [], "process": []}
        for s in link.target:
            tokens = ctx.analysis.light("target", s)
            for h in english_since(tokens):
                english["past" if h.kind == "past" else "depuis"].append(replace(h, sentence=s))
            english["venir"].extend(Hit(s, a, b, "venir", sugg) for a, b, sugg in english_come_to(tokens))
            english["process"].extend(
                Hit(s, a, b, "process", sugg) for a, b, sugg in english_process(tokens)
            )
        for group, fr_hits in french.items():
            en_hits = english[group]
            if group == "depuis":
                still = [h for h in fr_hits if h[3]]
                en_hits = [h for h in en_hits if h.kind != "still" or still]
            for fr_hit, en_hit in zip(fr_hits, en_hits, strict=False):
                yield self._finding(ctx, fr_hit, en_hit)

    def _finding(self, ctx: LinkContext, fr_hit: tuple[int, int, int, bool], hit: Hit) -> Finding:
        s, a, b, _ = fr_hit
        ftoks = ctx.analysis.tokens("source", s)
        source = ctx.sentence_span("source", ctx.alignment.source.sentences[s], ftoks[a].start, ftoks[b].end)
        etoks = ctx.analysis.light("target", hit.sentence)
        sentence = ctx.alignment.target.sentences[hit.sentence]
        target = ctx.sentence_span("target", sentence, etoks[hit.start].start, etoks[hit.end].end)
        suggestion, message, severity = self._advice(hit, target, etoks)
        return self.finding(
            ctx,
            message,
            source=source,
            target=target,
            suggestion=suggestion or None,
            severity=severity if self.effective_severity is self.severity else None,
            details={"pattern": hit.kind},
        )

    def _advice(self, hit: Hit, target: Span, etoks: list[Token]) -> tuple[str, str, Severity | None]:
        text = target.text
        first = etoks[hit.start]
        if hit.kind == "still":
            words = [t.text for t in etoks[hit.start : hit.end + 1] if t.text.lower() != "still"]
            return (
                _join(words),
                f"«{text}» copies «toujours … depuis»; English says «{_join(words)}» "
                "(or «are still …» without «since»).",
                None,
            )
        if hit.kind in ("depuis", "past"):
            words = []
            for k in range(hit.start, hit.end + 1):
                w = etoks[k].text
                if k == hit.verb:
                    words.extend(hit.suggestion.split())
                elif w.lower() not in ("still", "always"):
                    words.append(w)
            new = _join(words)
            if first.text[:1].isupper():
                new = new[:1].upper() + new[1:]
            if hit.kind == "past":
                message = (
                    f"«{text}» copies the French imperfect of «depuis»; a state that had begun earlier and was "
                    f"still going on then takes the past perfect in English: «{new}»."
                )
            else:
                message = (
                    f"«{text}» copies the French present of «depuis»; a state that began in the past and still "
                    f"holds takes the present perfect in English: «{new}»."
                )
            return new, message, None
        if hit.kind == "venir":
            return (
                hit.suggestion,
                f"«{text}» copies «venir de» + infinitive, which means an action just completed: «{hit.suggestion}».",
                None,
            )
        return (
            hit.suggestion,
            f"«{text}» copies «être en train de»; English usually just uses the progressive"
            + (f" («… {hit.suggestion}»)." if hit.suggestion else "."),
            Severity.INFO,
        )


def _join(words: list[str]) -> str:
    out = ""
    for w in words:
        if out and not (w in (",", ".", ";", ":", "'s") or w.startswith("'") or w.startswith("’")):
            out += " "
        out += w
    return out
