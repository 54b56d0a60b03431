"""TQ304: a name on one side of a link with no counterpart on the other."""

from __future__ import annotations

from collections.abc import Iterator

from tqcheck.datatypes import Finding, Severity
from tqcheck.rules.base import LinkContext, Rule
from tqcheck.rules.numbers._common import whole_side
from tqcheck.rules.numbers._names import candidate_names, has_counterpart, misspelt_part


def _find(sentences, text: str):
    for sentence in sentences:
        i = sentence.text.find(text)
        if i >= 0:
            return sentence, i
    return None, -1


class NamedEntityMismatch(Rule):
    """A person, place, organisation or acronym is in one side of a link and not the other.

    Conservative on purpose: names change in translation ("ONU" → "UN",
    "Allemagne" → "Germany", "Mali" → "Malian", "le Caire" → "Cairo"), so a
    name counts as rendered when the other side has it, a listed equivalent
    (``pairs/fr-en/names.yaml``), a cognate sharing its first letters, or,
    for an acronym, words whose initials spell it. Only acronyms and
    capitalised words that are not dictionary words and not sentence-initial
    are considered. Names only the translation has are reported with the
    option ``check-additions = true``.

    ## What it does
    Flags a name-like token with no counterpart at all on the other side,
    and a name whose letters changed ("Karim Benali" → "Karim Belani").

    ## Why is this bad?
    A dropped or garbled name ("the rebels" for "les rebelles du CSP") loses
    who did what; an invented one misleads.

    ## Example
    French: « Les Forces armées maliennes (Fama) se seraient rapprochées de Kidal. »

    English: "The Malian Armed Forces are said to have moved closer to the town."

    ## Use instead
    "The Malian Armed Forces (FAMa) are said to have moved closer to Kidal."
    """

    code = "TQ304"
    name = "named-entity-mismatch"
    severity = Severity.WARNING

    def check(self, ctx: LinkContext) -> Iterator[Finding]:
        if not ctx.link.source or not ctx.link.target:
            return
        pair = ctx.pair_code
        src_lang, tgt_lang = ctx.alignment.source.lang, ctx.alignment.target.lang
        src_text, tgt_text = ctx.source_text, ctx.target_text
        missing: dict[str, list] = {"source": [], "target": []}
        for side, sentences, lang, other_lang, other_text in (
            ("source", ctx.source_sentences, src_lang, tgt_lang, tgt_text),
            ("target", ctx.target_sentences, tgt_lang, src_lang, src_text),
        ):
            seen: set[str] = set()
            for sentence in sentences:
                for name in candidate_names(sentence.text, lang, other_lang):
                    if name.text in seen:
                        continue
                    seen.add(name.text)
                    if side == "source":
                        typo = misspelt_part(name, other_text, lang, other_lang)
                        if typo is not None:
                            yield self._misspelt(ctx, sentence, name, *typo)
                            continue
                    if not has_counterpart(name, sentence.text, other_text, lang, pair):
                        missing[side].append((sentence, name))
        # an unmatched name on each side is most likely one name under two spellings
        # ("Gizeh" ~ "Giza", "Daesh" ~ "ISIS"): only a side's surplus is reported
        if missing["source"] and missing["target"]:
            return
        if not self.options.get("check-additions", False):
            # names the translation adds are more often expansions, conventional forms or the
            # translator's clarifications than errors: reported only when asked for
            missing["target"] = []
        for side in ("source", "target"):
            where = "translation" if side == "source" else "source"
            for sentence, name in missing[side]:
                span = ctx.sentence_span(side, sentence, name.start, name.end)  # type: ignore[arg-type]
                yield self.finding(
                    ctx,
                    f"'{name.text}' has no counterpart in the {where}",
                    source=span if side == "source" else None,
                    target=span if side == "target" else None,
                    related=whole_side(ctx, "target" if side == "source" else "source", where),
                    details={"acronym": name.acronym},
                )

    def _misspelt(self, ctx: LinkContext, sentence, name, part: str, variant: str) -> Finding:
        """A name whose spelling changed ("Benali" → "Belani"): the whole name is suggested."""
        wrong = name.text.replace(part, variant)
        target_sentence, at = _find(ctx.target_sentences, wrong)
        if target_sentence is None:
            wrong = variant
            target_sentence, at = _find(ctx.target_sentences, variant)
        target = (
            ctx.sentence_span("target", target_sentence, at, at + len(wrong)) if target_sentence else None
        )
        return self.finding(
            ctx,
            f"'{name.text}' is spelled '{wrong}' in the translation",
            source=ctx.sentence_span("source", sentence, name.start, name.end),
            target=target,
            suggestion=name.text if target is not None and wrong != variant else part,
            details={"misspelt": True},
        )
