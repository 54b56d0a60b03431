"""TQ304: a name on one side of a link with no counterpart on the other."""

from __future__ import annotations

from collections.abc import Iterator

from tqcheck.datatypes import Finding, Severity
from tqcheck.rules.base import LinkContext, Rule
from tqcheck.rules.numbers._common import once_per_quiet_link, translated_links_only, whole_side
from tqcheck.rules.numbers._names import (
    Name,
    abbreviates,
    appears,
    candidate_names,
    fold,
    has_counterpart,
    misspelt_part,
    rendering,
    replaced_part,
    same_initial,
)


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

    @once_per_quiet_link
    @translated_links_only
    def check(self, ctx: LinkContext) -> Iterator[Finding]:
        pair = ctx.pair_code
        src_lang, tgt_lang = ctx.alignment.source.lang, ctx.alignment.target.lang
        src_text, tgt_text = ctx.source_text, ctx.target_text
        # swaps first: a name the translation renders elsewhere, replaced here by another name
        # ("Kidal" → "Gao"); proper nouns of the dictionary ("Paris", "Nairobi") count here
        swapped: set[str] = set()
        for finding in self._swaps(ctx, src_lang, tgt_lang):
            swapped.add(finding.source.text if finding.source else "")
            swapped.add(finding.target.text if finding.target else "")
            yield finding
        # a part of a compound name replaced ("Banque de France" → "Banque de Tromsø"): any
        # capitalised run counts here, since the part left in place anchors the comparison
        replaced: set[str] = set()
        for sentence in ctx.source_sentences:
            for name in candidate_names(sentence.text, src_lang, tgt_lang, lenient="any"):
                swap = replaced_part(name, tgt_text, ctx.text("source"), src_lang, tgt_lang)
                if swap is not None and swap[1] not in swapped:
                    yield self._part_replaced(ctx, sentence, name, *swap)
                    swapped.add(swap[1])
                    replaced.add(name.text)
        missing: dict[str, list] = {"source": [], "target": []}
        for side, sentences, lang, other_lang, other_text in (
            ("source", ctx.source_sentences, src_lang, tgt_lang, tgt_text),
            ("target", ctx.target_sentences, tgt_lang, src_lang, src_text),
        ):
            seen: set[str] = set(swapped) | replaced
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
        if missing["source"] and (missing["target"] or self._strangers(ctx, tgt_lang, src_lang, swapped)):
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

    def _swaps(self, ctx: LinkContext, src_lang: str, tgt_lang: str) -> Iterator[Finding]:
        """Source names missing here but rendered elsewhere in the translation, each paired with a
        name of this link's translation that the source does not have.

        An exonym ("Gizeh" ~ "Giza") is used throughout a translation; a name rendered
        as itself elsewhere and as another name here has been swapped.
        """
        pair = ctx.pair_code
        tgt_text = ctx.target_text
        whole_target = ctx.text("target")
        whole_source = ctx.text("source")
        strict = {n.text for s in ctx.source_sentences for n in candidate_names(s.text, src_lang, tgt_lang)}
        proper = {
            n.text
            for s in ctx.source_sentences
            for n in candidate_names(s.text, src_lang, tgt_lang, lenient=True)
        }
        lost = [
            (sentence, name)
            for sentence in ctx.source_sentences
            for name in candidate_names(sentence.text, src_lang, tgt_lang, lenient="any")
            if not has_counterpart(name, sentence.text, tgt_text, src_lang, pair)
            # rendered as itself elsewhere in the translation, or a name that is no common
            # word ("LHS", "Kidal", "France")
            and (appears(name.text, whole_target) or name.text in strict or name.text in proper)
        ]
        if not lost:
            return
        # a name the whole source never mentions, and that does not abbreviate the lost one ("NYC")
        strangers = [
            (sentence, name)
            for sentence, name in self._strangers(ctx, tgt_lang, src_lang, set())
            if not appears(name.text, whole_source)
            and not any(abbreviates(name.text, n.text) for _, n in lost)
        ]
        # an exonym keeps its first letter ("Gizeh" ~ "Giza", "Laponie" ~ "Lapland") and an acronym may
        # stand for a name ("Daesh" ~ "ISIS"): such a pair is one name under two spellings
        lost = [
            (ss, n)
            for ss, n in lost
            if not any(same_initial(n.text, w.text) or w.acronym for _, w in strangers)
            or appears(n.text, whole_target)
        ]
        for (ss, name), (ts, wrong) in zip(lost, strangers, strict=False):
            yield self.finding(
                ctx,
                f"'{name.text}' became '{wrong.text}' in the translation",
                source=ctx.sentence_span("source", ss, name.start, name.end),
                target=ctx.sentence_span("target", ts, wrong.start, wrong.end),
                suggestion=rendering(name.text, pair),
                details={"acronym": name.acronym, "replaced": True},
            )

    def _part_replaced(self, ctx: LinkContext, sentence, name, part: str, stranger: str, at: int) -> Finding:
        """One part of a compound name became another name ("Jean-Jaurès" → "Ljubljana-Jaurès")."""
        offset = 0
        target_sentence = ctx.target_sentences[0]
        for s in ctx.target_sentences:  # ``at`` is an offset into the link's joined target text
            if at < offset + len(s.text) + 1:
                target_sentence = s
                break
            offset += len(s.text) + 1
        local = at - offset
        return self.finding(
            ctx,
            f"'{name.text}' became '{stranger}' in the translation"
            if part in (name.text, fold(name.text))
            else f"'{part if part[:1].isupper() else part.capitalize()}' of '{name.text}' became '{stranger}' in the translation",
            source=ctx.sentence_span("source", sentence, name.start, name.end),
            target=ctx.sentence_span("target", target_sentence, local, local + len(stranger)),
            suggestion=part if part[:1].isupper() else part.capitalize(),
            details={"replaced": True},
        )

    def _strangers(self, ctx: LinkContext, tgt_lang: str, src_lang: str, skip: set[str]) -> list:
        """Names of the link's translation (dictionary proper nouns included) the source lacks.

        Looked at word by word inside a run, so that "Malian Armed Valparaíso" still
        yields "Valparaíso" although "Malian" has a counterpart.
        """
        out = []
        for sentence in ctx.target_sentences:
            for name in candidate_names(sentence.text, tgt_lang, src_lang, lenient=True):
                if name.text in skip:
                    continue
                if not has_counterpart(name, sentence.text, ctx.source_text, tgt_lang, ctx.pair_code):
                    out.append((sentence, name))
                    continue
                for part in name.parts[1:] if len(name.parts) > 1 else ():
                    at = sentence.text.find(part, name.start)
                    single = Name(at, at + len(part), part, part.isupper(), (part,))
                    if (
                        at >= 0
                        and candidate_names(part, tgt_lang, src_lang, lenient=True)
                        and not has_counterpart(
                            single, sentence.text, ctx.source_text, tgt_lang, ctx.pair_code
                        )
                    ):
                        out.append((sentence, single))
        return out

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
