"""TQ304: a name on one side of a link with no counterpart on the other.

Size: over 400 lines, because the rule is a sequence of exclusions read top
to bottom (a name is reported only when no rendering of any kind is found:
the same name, an equivalent from CLDR/ISO/GeoNames, a transliteration, an
abbreviation, a rendering by meaning, a part written elsewhere); the name
knowledge itself is in :mod:`tqcheck.lang.names` and
:mod:`tqcheck.lang.name_resources`, and the tests of where a name sits and what
may stand in for it in :mod:`tqcheck.rules.numbers._name_places`. Splitting the
exclusions across modules would hide the order that keeps its false alarms rare.
What a swap search reads beyond a whole name is in small modules of its own: the one
word of a name lost (:mod:`tqcheck.lang.name_parts`), a name written more often than
rendered (:mod:`tqcheck.lang.name_counts`), the words people are called by
(:mod:`tqcheck.lang.surnames`), how often a word starts a word of the document
(:mod:`tqcheck.lang.word_starts`) and what a name's form says of it, read alone
(:mod:`tqcheck.lang.name_forms`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tqcheck.datatypes import Finding, Severity
from tqcheck.lang.name_counts import fewer_in_translation
from tqcheck.lang.name_forms import (
    after_article,
    calendar_words,
    compass_rendered,
    foreign_letters,
    in_brackets,
    letters_alike,
    third_language,
)
from tqcheck.lang.name_parts import capitalised, lost_part, renders_by_sense
from tqcheck.lang.name_resources import place_ids
from tqcheck.lang.names import (
    SENSE_SIMILARITY,
    Name,
    _cognate,
    _folded_tokens,
    _person_nouns,
    _stoplist,
    _titled,
    abbreviates,
    appears,
    candidate_names,
    fold,
    has_counterpart,
    is_common,
    is_known,
    is_name_word,
    misspelt_part,
    name_table,
    rendered_by_sense,
    rendering,
    replaced_part,
    same_initial,
    transliterated_alike,
)
from tqcheck.lang.person_names import follows_first_name
from tqcheck.lang.quantities import lexicon
from tqcheck.lang.stop_words import stop_words
from tqcheck.lang.surnames import is_people_name
from tqcheck.lang.word_starts import WORD_RE, capitalised_count, name_count
from tqcheck.nlp import is_common_word, is_known_word
from tqcheck.rules.base import LinkContext, Rule
from tqcheck.rules.facts import LinkFact
from tqcheck.rules.numbers._common import whole_side
from tqcheck.rules.numbers._name_places import (
    IN_PLACE,
    WORD_SIMILARITY,
    alike,
    anchored,
    core,
    in_place,
    next_to_kept,
    spelt_alike,
    stands_in,
)
from tqcheck.rules.options import RuleOptions, option


def _find(sentences, text: str):
    for sentence in sentences:
        i = sentence.text.find(text)
        if i >= 0:
            return sentence, i
    return None, -1


def _used_elsewhere(word: str, ctx: LinkContext) -> bool:
    """Whether the translation writes ``word`` in other links too: how it renders some source
    word or name throughout ("Noël" → "Yuletide", "Mondial" → "World Competition ... the
    competition"). A word people are called by counts only where it is written capitalised:
    "a major success" elsewhere says nothing of "Voices for Major"."""
    count = capitalised_count if is_people_name(word) else name_count
    return count(word, ctx.text("target")) > count(word, ctx.target_text)


def _heads_a_rendered_name(ctx: LinkContext, sentence, word: Name) -> bool:
    """Whether ``word`` is the head of a capitalised run of the translation whose other words all have
    a counterpart in the source link: its last word ("European Central Hokkaido" for "Banque centrale
    européenne") or the word before "of" ("Valparaíso of American States" for "Organisation des États
    américains")."""
    src_lang, tgt_lang = ctx.alignment.source.lang, ctx.alignment.target.lang
    for run in candidate_names(sentence.text, tgt_lang, src_lang, lenient="any"):
        if not (run.start <= word.start and word.end <= run.end) or len(run.parts) < 2:
            continue
        head = run.end == word.end or sentence.text[word.end : word.end + 4] == " of "
        if head:
            return all(
                has_counterpart(
                    Name(0, len(p), p, p.isupper(), (p,)), p, ctx.source_text, tgt_lang, ctx.pair_code
                )
                for p in run.parts
                if p != word.text and p.lower() not in ("of", "the", "and")
            )
    return False


def _listed_in(word: str, other_text: str, pair: str) -> bool:
    """Whether ``other_text`` writes the source ``word`` as it is or as a listed equivalent (CLDR,
    ISO 3166, ``names.yaml``: "Norvège" ~ "Norway"). Stricter than a cognate, which a word of another
    sense can be ("Castillo" ~ "castle")."""
    if appears(word, other_text):
        return True
    forward, _ = name_table(pair)
    return any(appears(r, other_text) for r in forward.get(fold(word), ()))


def _renders_other(word: str, other_text: str, lang: str, pair: str) -> bool:
    """Whether ``word`` (of language ``lang``) has a counterpart in ``other_text``, the other side: a
    cognate, a listed equivalent, a transliteration, another name of the same town."""
    return has_counterpart(Name(0, len(word), word, word.isupper(), (word,)), word, other_text, lang, pair)


def _untitled(name: Name, text: str, lang: str) -> Name:
    """The name without the titles it starts with ("Mr Nakamura" → "Nakamura"): a title is no part
    of what was swapped."""
    parts = list(name.parts)
    start = name.start
    while len(parts) > 1 and parts[0] in _stoplist(lang):
        at = text.find(parts[1], start + len(parts[0]))
        if at < 0:
            return name
        start = at
        parts.pop(0)
    if start == name.start:
        return name
    return Name(start, name.end, text[start : name.end], all(p.isupper() for p in parts), tuple(parts))


def _route_end(part: str, whole: Name) -> bool:
    """Whether ``part`` is one end of a hyphenated pair of places in ``whole`` ("Leipzig-Nuremberg":
    GeoNames knows both ends), as a route or a border is written."""
    for word in whole.parts:
        ends = word.split("-")
        if part in ends and len(ends) == 2 and all(place_ids(fold(e)) for e in ends):
            return True
    return False


def _cognate_in(word: str, tokens: set[str]) -> bool:
    return any(_cognate(word, t) for t in tokens if len(t) >= 3)


@dataclass(frozen=True)
class NamedEntityOptions(RuleOptions):
    """Options of TQ304."""

    check_additions: bool = option(
        False,
        "also report names the translation adds (off: additions are mostly clarifications).",
        example="true",
    )


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

    Equivalents also come from kept bilingual resources: CLDR through Babel
    (territories, cities, languages, currencies: "Le Caire" → "Cairo"),
    pycountry's ISO 3166 names ("Tchécoslovaquie" → "Czechoslovakia") and the
    holidays package ("Toussaint" → "All Saints' Day"); transliterations match
    by a spelling-blind skeleton ("Poutine" ~ "Putin"). A missing name is not
    reported when the translation has, in that link, a capitalised phrase that
    renders nothing of the source word for word ("la Saint-Sylvestre" → "New
    Year's Eve", "Bercy" → "the Finance Ministry"): it may be its rendering.
    A missing name kept in a third language ("Krajská knihovna") is info only.

    On real news (issue #8) names are rendered in ways no list holds, so the
    rule also asks, before reporting: GeoNames' alternate names of towns
    ("Karlovy Vary" ~ "Carlsbad"); abbreviations of the name's own letters
    ("Volkswagen" → "VW"); and the embedded cross-lingual sentence encoder,
    which compares the two names of a would-be swap ("Isabel" ~ "Elizabeth",
    "Paix" ~ "Peace") and a missing name with the link's phrases ("Lega" ~
    "the League", "SMS" ~ "text message"). Currency codes ("GBP") are units,
    not names. Severity info, not counted, for classes the news showed to be
    renderings more often than errors: a dropped acronym ("KSH" → "the
    Statistics Office"; an acronym replaced by another name is still a swap);
    a name missing with no capitalised stranger in the link that may stand
    in its place (one that neither looks like it nor means it: "Biélorusses"
    → "Belarusians" and "Tchéquie" → "Bohemia" are renderings): on the news
    such a name was far more often rendered by a description, a pronoun or a
    convention no list holds ("Palais des congrès" → "the convention
    center", "Angela Merkel" → "she") than lost (issue #8: 30 of 37 reviewed);
    a stranger there may be a swap ("Dupont" → "Baker"); an inflected German
    noun ("les Länder"). A name swapped for a name that is also an English word ("Madrid" → "Major") is found
    when the link's only capitalised newcomer sits where the name sat in the sentence and the
    encoder finds it renders no phrase of the source ("Papy" → "Grandpa" is a rendering); a part of a
    name replaced inside the run that renders the rest, in any order ("Palais Chigi" → "Young
    Palace"). A misspelling the source makes and writes right elsewhere ("Merker", "Merkel"), or whose
    right spelling the translation writes as the world does (wordfreq: "Chrsitine" → "Christine"), is
    the source's, not reported.

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
    eval_family = "entity"
    name = "named-entity-mismatch"
    severity = Severity.WARNING
    skip_links = frozenset({LinkFact.ONE_SIDE_EMPTY, LinkFact.UNTRANSLATED})  # TQ101/TQ102's, TQ401's
    link_pure = True
    Options = NamedEntityOptions

    def check(self, ctx: LinkContext) -> Iterator[Finding]:
        pair = ctx.pair_code
        src_lang, tgt_lang = ctx.alignment.source.lang, ctx.alignment.target.lang
        src_text, tgt_text = ctx.source_text, ctx.target_text
        # a part of a compound name replaced ("Banque de France" → "Banque de Tromsø"): any
        # capitalised run counts here, since the part left in place anchors the comparison. Read
        # before the whole-name swaps: a part kept beside the stranger says which name it replaced,
        # where a whole-name pairing may take another lost name ("Président" for "Reinhold Grimm")
        parts: list[Finding] = []
        taken: set[str] = set()  # the strangers the part findings report
        replaced: set[str] = set()
        for sentence in ctx.source_sentences:
            for name in candidate_names(sentence.text, src_lang, tgt_lang, lenient="any"):
                swap = replaced_part(name, tgt_text, ctx.text("source"), src_lang, tgt_lang)
                if swap is not None and _renders_other(swap[1], sentence.text, tgt_lang, ctx.pair_code):
                    continue  # "Police de Barcelone" → "Barcelona police": it renders another name here
                if swap is not None and is_common(swap[1], tgt_lang) and not is_people_name(swap[1]):
                    continue  # a word nobody is called by renders the part by meaning ("Byty" → "Flats")
                if swap is not None and renders_by_sense(
                    # the part comes folded ("jacobo"): the encoder reads it as a name written
                    capitalised(swap[0]),
                    swap[1],
                    # a surname is not translated: only a name's other spelling is near enough
                    SENSE_SIMILARITY
                    if follows_first_name(tgt_text, swap[2], name.parts)
                    else WORD_SIMILARITY,
                ):
                    continue  # "prix Nobel de la Paix" → "Nobel Peace Prize": the part translated
                if swap is not None and _listed_in(swap[0], tgt_text, ctx.pair_code):
                    continue  # "le roi de Norvège Harald V" → "King Harald V of Norway": the part is there
                if swap is not None and swap[1] not in taken:
                    parts.append(self._part_replaced(ctx, sentence, name, *swap))
                    taken.add(swap[1])
                    replaced.add(name.text)
        for finding in self._parts_swapped(ctx, replaced):
            if finding.target and finding.target.text not in taken:
                parts.append(finding)
                taken.add(finding.target.text)
                replaced.add(finding.source.text if finding.source else "")
        replaced_words = {w for r in replaced for w in re.split(r"[\s-]+", r) if w}
        # swaps: a name the translation renders elsewhere, replaced here by another name
        # ("Kidal" → "Gao"); proper nouns of the dictionary ("Paris", "Nairobi") count here
        swapped: set[str] = set(taken)
        for finding in self._swaps(ctx, src_lang, tgt_lang):
            if finding.target and finding.target.text in taken:
                continue  # the stranger replaced a part of a name, reported above
            if finding.source and finding.source.text in replaced_words:
                # the part's replacement is reported above, right in its place; paired here with
                # another stranger of the link ("Sophie" → "Deputy-Prime", which renders "vice-")
                continue
            swapped.add(finding.source.text if finding.source else "")
            swapped.add(finding.target.text if finding.target else "")
            yield finding
        yield from parts
        missing: dict[str, list] = {"source": [], "target": []}
        assert isinstance(self.options, NamedEntityOptions)
        for side, sentences, lang, other_lang, other_text in (
            ("source", ctx.source_sentences, src_lang, tgt_lang, tgt_text),
            ("target", ctx.target_sentences, tgt_lang, src_lang, src_text),
        ):
            if side == "target" and not missing["source"] and not self.options.check_additions:
                # the translation's names are read only to excuse a missing source name (below)
                # or to report additions: with neither, their look-ups are spared (issue #13)
                break
            seen: set[str] = set(swapped) | replaced
            for sentence in sentences:
                for name in candidate_names(sentence.text, lang, other_lang):
                    if name.text in seen:
                        continue
                    seen.add(name.text)
                    if side == "source":
                        typo = misspelt_part(name, other_text, lang, other_lang)
                        if typo is not None:
                            # the source itself writes the translation's spelling elsewhere ("Merker"
                            # once, "Merkel" in other paragraphs): the slip is the source's
                            if not appears(typo[1], ctx.text("source")):
                                yield self._misspelt(ctx, sentence, name, *typo)
                            continue
                    if not has_counterpart(name, sentence.text, other_text, lang, pair) and not (
                        side == "source" and compass_rendered(name.text, other_text)
                    ):
                        missing[side].append((sentence, name))
        # an unmatched name on each side is most likely one name under two spellings
        # ("Gizeh" ~ "Giza", "Daesh" ~ "ISIS"): only a side's surplus is reported
        if missing["source"] and (
            missing["target"]
            or self._strangers(ctx, tgt_lang, src_lang, swapped)
            or self._rendered_by_meaning(ctx, tgt_lang)
        ):
            return
        # a stranger reported above as another name's replacement stands in for that name, not for
        # one missing beside it ("Pestov" → "Young": "de Russie", rendered as "RAN", stays info)
        stand_ins = [w for w in self._stand_ins(ctx) if w not in swapped] if missing["source"] else []
        # a name rendered by its meaning ("la Lega" → "the League", "opération Printemps" → "Spring
        # operation", "un SMS" → "a text message"): the encoder finds it among the link's words
        missing["source"] = [
            (sentence, name)
            for sentence, name in missing["source"]
            if not rendered_by_sense(name.text, tuple(s.text for s in ctx.target_sentences), ctx.source_text)
        ]
        if not self.options.check_additions:
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
                    # a name kept in a third language is as often rendered by meaning ("Krajská
                    # knihovna (bibliothèque régionale)" → "the Regional Library") as dropped: info only
                    # a gloss in brackets ("Les Verts (die Grünen)", "Bad Ems (Rhénanie)") is often
                    # dropped on purpose: info too; and a name with nothing in its place (issue #8: on
                    # the news, a description, a pronoun or a convention no list holds more often than
                    # a loss): a warning needs a capitalised stranger where the name should be
                    severity=Severity.INFO
                    if side == "source"
                    and (
                        foreign_letters(name.text)
                        or in_brackets(sentence.text, name.start, name.end)
                        # a title's first word alone, kept for a swap: a title is as often
                        # translated ("Jenseits aller Grenzen" → "Beyond Borders")
                        or (
                            len(name.parts) == 1
                            and _titled(sentence.text, (name.start, name.end, name.text), src_lang, tgt_lang)
                        )
                        or third_language(name)
                        or name.acronym
                        or not any(stands_in(name.text, w) for w in stand_ins)
                    )
                    else None,
                )

    def _stand_ins(self, ctx: LinkContext) -> list[str]:
        """Capitalised words inside the translation's sentences (dictionary words included) that render
        nothing of the source link: where a name was swapped for a word ("Dupont" → "Baker").

        Day and month names (CLDR) are capitalised words of English, never a name's stand-in, nor is
        a dictionary word nobody is called by (:mod:`tqcheck.lang.surnames`).
        """
        src_lang, tgt_lang = ctx.alignment.source.lang, ctx.alignment.target.lang
        out = []
        for sentence in ctx.target_sentences:
            for name in candidate_names(sentence.text, tgt_lang, src_lang, lenient="any"):
                for part in name.parts or (name.text,):
                    if part in _stoplist(tgt_lang) or len(part) < 3 or part in calendar_words(tgt_lang):
                        continue
                    if is_common(part, tgt_lang) and not is_people_name(part):
                        continue  # a word nobody is called by renders by meaning ("the employers' Federation")
                    single = Name(0, len(part), part, part.isupper(), (part,))
                    if not has_counterpart(single, part, ctx.source_text, tgt_lang, ctx.pair_code):
                        out.append(part)
        return out

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
        unrendered = [
            (sentence, name)
            for sentence in ctx.source_sentences
            for name in candidate_names(sentence.text, src_lang, tgt_lang, lenient="any")
            if not has_counterpart(name, sentence.text, tgt_text, src_lang, pair)
            and not compass_rendered(name.text, tgt_text)  # "l'Est" → "Eastern"
        ]
        # one word of a name whose other words are rendered ("Nahlas Rudolf Kalovský" → "Olga ...
        # Rudolf Kalovský", "Clint Eastwood" → "Young"): paired below only with a stranger in its
        # place, never by order alone
        parts = [
            (sentence, part, name)
            for sentence in ctx.source_sentences
            for name in candidate_names(sentence.text, src_lang, tgt_lang, lenient="any")
            if (part := lost_part(name, sentence.text, tgt_text, src_lang, tgt_lang, pair)) is not None
        ]
        unrendered += [(sentence, part) for sentence, part, _ in parts]
        part_ids = {id(n) for _, n, _ in parts}
        # the other words of the name a part belongs to: no anchor for the part's place
        own_words = {
            id(n): frozenset(fold(w) for p in whole.parts for w in p.split("-")) for _, n, whole in parts
        }
        # a part of a route or pair of places written with a hyphen ("Leipzig-Nuremberg" → "from
        # Leipzig to Tomasz"): the place kept is no title rendered but the other end of the route, and
        # a stranger right beside it sits in the lost place's place
        routes = {id(n) for _, n, whole in parts if _route_end(n.text, whole)}
        # a first name right after a title ("Me Hélène Marchal") is often given as the title
        # ("Maître Marchal"): a common word there is no swap (as in :meth:`_parts_swapped`)
        after_title = {
            id(n)
            for _, n, whole in parts
            if len(whole.parts) > 2 and whole.parts[0] in _stoplist(src_lang) and whole.parts[1] == n.text
        }
        lost = [
            (sentence, name)
            for sentence, name in unrendered
            # rendered as itself elsewhere in the translation, or a name that is no common
            # word ("LHS", "Kidal", "France")
            if id(name) not in part_ids
            and (appears(name.text, whole_target) or name.text in strict or name.text in proper)
        ]
        # a name written more often in the source link than the translation renders it
        repeated = fewer_in_translation(ctx.source_sentences, tgt_text, src_lang, tgt_lang, pair)
        if not unrendered and not repeated:
            return
        # a name the whole source never mentions, and that does not abbreviate the lost one ("NYC")
        strangers = [
            (sentence, name)
            for sentence, name in self._strangers(ctx, tgt_lang, src_lang, set())
            if not appears(name.text, whole_source)
            and not any(abbreviates(name.text, n.text) for _, n in lost)
            and not self._renders_a_part(ctx, sentence.text, name)
            # a name the translation uses in several links is how it renders some source name
            # ("Noël" → "Christmas", "Malouines" → "Falklands"), not a swap made here
            and name_count(name.text, whole_target) <= name_count(name.text, tgt_text)
        ]
        # an exonym keeps its first letter ("Gizeh" ~ "Giza", "Laponie" ~ "Lapland") and an acronym may
        # stand for a name ("Daesh" ~ "ISIS"): such a pair is one name under two spellings
        lost = [
            (ss, n)
            for ss, n in lost
            if not any(same_initial(n.text, core(w, tgt_lang, src_lang)) or w.acronym for _, w in strangers)
            or appears(n.text, whole_target)
        ]
        pairs = list(zip(lost, strangers, strict=False))
        # a well-known name ("Paris", "Tours", "Nations unies") is treated cautiously above; it
        # was swapped too when this link's translation has, in its place, a name that renders
        # nothing anywhere in the source document ("Paris" → "Brisbane")
        used = {id(n) for (_, n), _ in pairs} | {id(w) for _, (_, w) in pairs}
        foreign = [
            (ts, wrong)
            for ts, wrong in strangers
            if id(wrong) not in used and not has_counterpart(wrong, ts.text, whole_source, tgt_lang, pair)
        ]
        # an acronym may stand for a name ("Daesh" ~ "ISIS") and an exonym keeps its initial
        # ("Laponie" ~ "Lapland"): such names are left out on both sides rather than paired
        spare = [
            (ss, n)
            for ss, n in unrendered
            if id(n) not in used
            and not n.acronym
            and not any(alike(n.text, core(w, tgt_lang, src_lang)) for _, w in foreign)
        ]
        foreign = [
            (ts, w)
            for ts, w in foreign
            if not w.acronym and not any(alike(n.text, core(w, tgt_lang, src_lang)) for _, n in unrendered)
        ]
        listed = name_table(pair)[0]
        # a name swapped for a name that is also an English word ("Madrid" → "Major", "Linda Mikels" →
        # "Rose Mikels"): a capitalised dictionary word mid-sentence that renders nothing of the source;
        # paired below only with a name (no common word) right in its place
        # read only when a name is left to pair with a word, or a name repeated: the words are
        # asked of the encoder (issue #13), and without either nothing below pairs them
        stand_ins = [
            (ts, w, run)
            for ts, w, run in (self._word_stand_ins(ctx, whole_source) if spare or repeated else ())
            # an English word is no exonym because it shares an initial ("Madrid" → "Major")
            if not any(spelt_alike(n.text, w.text) for _, n in unrendered)
        ]
        words = [(ts, w) for ts, w, _ in stand_ins]
        # a word's place is its run's: English puts a name before the noun it qualifies ("le pont de
        # Manhattan" → "the Rose Bridge")
        run_of = {id(w): run for _, w, run in stand_ins}
        # in its place: a word near the stranger renders a word near the lost name ("à Paris, à
        # Londres" → "in Brisbane, London"), else the two are only names the sentences do not share
        for ss, n in spare:
            # a name made of common words that is no town ("l'État", "la Banque centrale") is as often
            # paraphrased as rendered word for word: it was swapped only for a stranger right in its
            # place (a neighbour within two words renders its neighbour: "la Ligue nationale" → "the
            # Brisbane nationale"), or for a name no English dictionary knows heading a name whose
            # other words render the source's (English puts the head noun last: "European Central
            # Hokkaido"); not for a word further away ("Secretary of State ... a Moslem")
            worded = all(is_common(p, src_lang) and not place_ids(fold(p)) for p in n.parts or (n.text,))
            # one lost name and one stranger in the link, at the same place of their sentences
            # (other lost names may stay, if none of them sits in the stranger's place: "Elizabeth
            # Lyman ... à Arlington, en Virginie" → "Little ... in Arlington, Va.")
            alone = len(foreign) + len(words) == 1 and (
                len(spare) == 1 or self._only_in_place(ctx, spare, ss, n, foreign + words)
            )
            for k, (ts, w) in enumerate(foreign):
                if worded and not (
                    anchored(ss.text, n, ts.text, w, window=2)
                    or (not is_known_word(w.text, tgt_lang) and _heads_a_rendered_name(ctx, ts, w))
                ):
                    continue
                skip = own_words.get(id(n), frozenset())
                if (
                    anchored(ss.text, n, ts.text, w, skip=skip)
                    or (id(n) in routes and anchored(ss.text, n, ts.text, w, window=2))
                ) or (
                    not worded
                    and alone
                    and in_place(ctx, ss, n, ts, w)
                    and not self._renders_words(ctx, n, w)
                ):
                    pairs.append(((ss, n), foreign.pop(k)))
                    break
            else:
                # a word for a name: only for a name no dictionary has as a (common) word, or a place,
                # unless the place is a word used as one, after an article ("Sous l'Empire" → "Under
                # the Roman rule": a town is called "Empire" too; "près de Valence" is the town)
                article = is_common(n.text, src_lang) and after_article(ss.text, n.start)
                if (
                    not (
                        n.text in strict
                        or n.text in proper
                        or id(n) in part_ids
                        or any(
                            (place_ids(fold(p)) and not article) or fold(p) in listed
                            for p in n.parts or (n.text,)
                        )
                    )
                    or fold(n.text).lower() in _person_nouns()
                ):
                    # a title is no name ("Maire de Prague" → "Lord Mayor of Prague")
                    continue
                # a word nobody is called by renders a word of a name by meaning ("Confindustria" →
                # "the employers' Federation", "Briza" → "Birch"); a name swapped for a word takes a
                # name that is a word too ("Dupont" → "Baker"), but a country or a city of CLDR/ISO
                # may become any word ("Munich" → "Tower"), unless the word begins its English name
                # ("Tchécoslovaquie" → "Czech")
                english = [fold(r) for p in n.parts or (n.text,) for r in listed.get(fold(p), ())]
                for k, (ts, w) in enumerate(words):
                    if not (
                        is_people_name(w.text)
                        or (english and not any(r.startswith(fold(w.text).lower()) for r in english))
                    ):
                        continue
                    # in its place, or beside a word that renders a neighbour of the name (French and
                    # English order a name and its noun differently: "l'association Nahlas" → "the
                    # Hope association")
                    if (
                        alone
                        and (
                            in_place(ctx, ss, n, ts, w)
                            or in_place(ctx, ss, n, ts, run_of[id(w)])
                            or anchored(ss.text, n, ts.text, w, skip=own_words.get(id(n), frozenset()))
                        )
                        and not self._renders_words(ctx, n, w)
                    ):
                        pairs.append(((ss, n), words.pop(k)))
                        break
        if not pairs and len(foreign) + len(words) == 1:
            # a name the source writes more often than the translation renders it ("l'Iran ...
            # l'Iran" → "Ljubljana's mission ... Iran's elite"): the place of it that sits where the
            # link's one stranger sits
            pairs += self._lost_repeat(ctx, repeated, foreign, words, run_of)
        for (ss, name), (ts, wrong) in pairs:
            if id(name) in after_title and (
                is_common_word(wrong.text, tgt_lang) or is_common_word(wrong.text, src_lang)
            ):
                continue
            if (
                renders_by_sense(name.text, wrong.text, WORD_SIMILARITY)
                or transliterated_alike(name.text, wrong.text)
                or (name.acronym and letters_alike(name.text, wrong.text))
            ):
                # "Isabel" → "Elizabeth", "Côte d'Azur" → "French Riviera", "Verseau" → "Aquarius",
                # "Länder" → "Germany": rendered, not swapped. On the news, swaps found scored 0.02-0.49
                continue
            yield self.finding(
                ctx,
                f"'{name.text}' became '{wrong.text}' in the translation",
                source=ctx.sentence_span("source", ss, name.start, name.end),
                target=ctx.sentence_span("target", ts, wrong.start, wrong.end),
                suggestion=rendering(name.text, pair),
                details={"acronym": name.acronym, "replaced": True},
            )

    def _renders_a_part(self, ctx: LinkContext, text: str, stranger: Name) -> bool:
        """Whether ``stranger`` (in the translation's ``text``) is the other language's form of a word
        of a source name whose other word it is written beside ("Ponce Pilate" → "Pontius Pilate"):
        spelt like the word and touching the word kept, it is the rest of that name's rendering."""
        src_lang, tgt_lang = ctx.alignment.source.lang, ctx.alignment.target.lang
        for sentence in ctx.source_sentences:
            for name in candidate_names(sentence.text, src_lang, tgt_lang, lenient="any"):
                words = [w for p in name.parts for w in p.split("-") if len(w) >= 3]
                for word in words if len(words) > 1 else ():
                    others = [w for w in words if w != word]
                    if alike(word, core(stranger, tgt_lang, src_lang)) and next_to_kept(
                        text, stranger.start, stranger.end, others, stranger.text
                    ):
                        return True
        return False

    def _lost_repeat(self, ctx: LinkContext, places: list, foreign: list, words: list, run_of: dict) -> list:
        """The one place of a name written more often in the source link than rendered in the
        translation (:mod:`tqcheck.lang.name_counts`) that sits where the link's one stranger (a
        name, or a word people are called by) sits, paired with it; none when several places do."""
        ((ts, w),) = foreign + words
        if (ts, w) in words and not is_people_name(w.text):
            return []
        placed = [
            (ss, n)
            for ss, n in places
            if (in_place(ctx, ss, n, ts, w) or (id(w) in run_of and in_place(ctx, ss, n, ts, run_of[id(w)])))
            and not alike(n.text, w.text)
        ]
        if len({n.text for _, n in placed}) > 1:
            # two words sharing a stem ("l'outil Auda-Taller, l'entreprise Audatex" → "the AudaTaller
            # tool, Brown"): the one the translation writes letter for letter is rendered there
            written = set(_folded_tokens(ctx.target_text, True))
            placed = [(ss, n) for ss, n in placed if fold(n.text).replace("-", "") not in written]
        if len(placed) != 1 or self._renders_words(ctx, placed[0][1], w):
            return []
        return [(placed[0], (ts, w))]

    @staticmethod
    def _only_in_place(ctx: LinkContext, spare: list, ss, n: Name, strangers: list) -> bool:
        """Whether ``n`` is in the place of the link's one stranger and no other name of ``spare``
        is near it, by place or by a neighbour ("les Verts et la Gauche (die Linke)" → "Greens and Left
        Party": "Greens" is near each of them)."""
        ((ts, w),) = strangers
        near = [
            m
            for s, m in spare
            # twice as far as "in place": a name a few words off is a rival
            if in_place(ctx, s, m, ts, w, tolerance=2 * IN_PLACE) or anchored(s.text, m, ts.text, w, window=2)
        ]
        return in_place(ctx, ss, n, ts, w) and len(near) == 1 and near[0] is n

    def _parts_swapped(self, ctx: LinkContext, skip: set[str]) -> Iterator[Finding]:
        """A part of a name of several words replaced inside the run that renders the rest, in any
        order and any spelling of the part kept ("Palais Chigi" → "Young Palace", "SV de Hamburg" →
        "Little SV", "Marcel Jansen" → "Marcell Kevin").

        :func:`replaced_part` reads the neighbour of a part written as it is; this reads the whole
        capitalised run of the translation that renders a part of the name: the one word of it that
        renders nothing of the source stands for the one name word of the source that has no
        rendering in the link. A word that looks like the lost part (an exonym, "Walujew" ~ "Valuev")
        or means it (the encoder) is its rendering.
        """
        src_lang, tgt_lang = ctx.alignment.source.lang, ctx.alignment.target.lang
        pair, tgt_text, src_text = ctx.pair_code, ctx.target_text, ctx.source_text
        whole_source = ctx.text("source")

        def rendered(word: str, text: str, lang: str) -> bool:
            return has_counterpart(Name(0, len(word), word, word.isupper(), (word,)), word, text, lang, pair)

        for sentence in ctx.source_sentences:
            for name in candidate_names(sentence.text, src_lang, tgt_lang, lenient="any"):
                if name.text in skip:
                    continue
                # an acronym kept anchors the run as well as a word ("SV de Hamburg" → "Little SV"),
                # but only a word can be the part lost (an acronym dropped is most often spelt out)
                # a hyphenated name counts word by word ("Deta-Bank" → "Deka Kowalczyk")
                parts = [
                    p
                    for word in name.parts
                    for p in word.split("-")
                    if p not in _stoplist(src_lang) and (len(p) >= 3 or (p.isupper() and len(p) >= 2))
                ]
                if len(parts) < 2:
                    continue
                kept = [p for p in parts if rendered(p, tgt_text, src_lang)]
                lost = [p for p in parts if p not in kept]
                if not kept or len(lost) != 1:
                    continue
                part = lost[0]
                # the part lost is a name: no word of the source language ("la Peupleraie d'Hercule",
                # "le Réviseur général" are words rendered by meaning), or a place. An acronym or a
                # word of the language is most often spelt out or rendered by meaning, so it was
                # swapped only for a name no English dictionary has ("Fondation NEFA" → "Tromsø
                # Foundation", "l'Alliance Europe Ecologie" → "European Ecology Ouagadougou")
                named = not part.isupper() and (
                    (is_name_word(part, src_lang, tgt_lang) and not is_known(part, src_lang))
                    or bool(place_ids(fold(part)) and not is_common(part, src_lang))
                )
                if not named and (not part.isupper() or all(k.isupper() for k in kept)):
                    # a word of the language is rendered by meaning or convention ("Municipalité de
                    # la Capitale" → "Municipality of Budapest"); an acronym kept by its initials
                    # anchors no word of the run ("EE-LV")
                    continue
                for ts in ctx.target_sentences:
                    for run in candidate_names(ts.text, tgt_lang, src_lang, lenient="any"):
                        words = [w for w in run.parts if w.lower() not in ("of", "the", "and", "de")]
                        if not any(rendered(w, " ".join(kept), tgt_lang) for w in words):
                            continue
                        fresh = [w for w in words if not rendered(w, src_text, tgt_lang)]
                        if len(fresh) != 1 or len(words) < 2:
                            continue
                        word = fresh[0]
                        if not named and not (
                            is_name_word(word, tgt_lang, src_lang)
                            and not is_common(word, src_lang)
                            and not (part.isupper() and fold(word)[:1] == fold(part)[:1])  # spelt out
                        ):
                            continue
                        if (
                            len(word) < 3
                            or word in _stoplist(tgt_lang)
                            or word in calendar_words(tgt_lang)
                            or appears(word, whole_source)
                            or alike(part, word)
                            or transliterated_alike(part, word)
                            or renders_by_sense(part, word, WORD_SIMILARITY)
                            or self._renders_words(
                                ctx,
                                Name(0, len(part), part, False, (part,)),
                                Name(0, len(word), word, False, (word,)),
                            )
                        ):
                            continue
                        at = ts.text.find(word, run.start)
                        if (
                            name.parts[0] in _stoplist(src_lang)
                            and part == parts[0]
                            and (is_common_word(word, tgt_lang) or is_common_word(word, src_lang))
                        ):
                            continue  # "Me Hélène Marchal" → "Maître Marchal": a title for the first name
                        if is_common(word, tgt_lang) and not (
                            is_name_word(part, src_lang, tgt_lang)
                            and next_to_kept(ts.text, at, at + len(word), words, word)
                            and is_people_name(word)
                        ):
                            # an English word joined by "of" to a name is a rendering ("the Realm of
                            # Angela"), and so is one nobody is called by ("RPG Byty" → "RPG Flats")
                            continue
                        yield self.finding(
                            ctx,
                            f"'{part}' of '{name.text}' became '{word}' in the translation",
                            source=ctx.sentence_span("source", sentence, name.start, name.end),
                            target=ctx.sentence_span("target", ts, at, at + len(word)),
                            suggestion=part,
                            details={"replaced": True},
                        )
                        break
                    else:
                        continue
                    break

    def _renders_words(self, ctx: LinkContext, lost: Name, word: Name) -> bool:
        """Whether ``word`` of the translation renders, by the cross-lingual encoder, a phrase of the
        source link: a capitalised English word is most often a rendering ("Valašské království" →
        "Wallachian Kingdom", "Papy" → "Grandpa", "au Palais" → "House"), while a name put in place
        of another renders nothing there ("Madrid" → "Major").

        Only the source's words are read, cut at its names no dictionary knows: a first name is near
        any other ("Maria" ~ "Giuseppe" 0.56), and a name rendered is no word rendered. Function words
        are left out: one alone is a weak vector near anything ("Le" ~ "Little" 0.50)."""
        src_lang = ctx.alignment.source.lang
        pieces: list[str] = []
        for sentence in ctx.source_sentences:
            piece: list[str] = []
            for token in WORD_RE.findall(sentence.text):
                if token.lower() in stop_words(src_lang):
                    continue  # a function word renders no capitalised word ("Le" ~ "Little" 0.50)
                if token[:1].isupper() and not is_known(token, src_lang):
                    pieces.append(" ".join(piece))
                    piece = []
                else:
                    piece.append(token)
            pieces.append(" ".join(piece))
        return rendered_by_sense(word.text, tuple(p for p in pieces if p), "", threshold=WORD_SIMILARITY)

    def _word_stand_ins(self, ctx: LinkContext, whole_source: str) -> list:
        """(sentence, word, its run) of the capitalised dictionary words of the link's translation,
        not sentence-initial, that render nothing of the source link and that the whole source never
        writes ("in Major", "Rose Mikels", "the Young Palace"): where a name may have been swapped for
        a word.

        A word of a longer capitalised run counts only when the run's other words all render the
        source's, as they are ("Young Palace" for "Palais Chigi") or by their meaning through the
        encoder ("Rose Bridge" for "pont de Manhattan"); a run of several words that render nothing
        is a name rendered by meaning ("the Finance Ministry"). Day and month names are English
        capitals, not stand-ins.
        """
        src_lang, tgt_lang = ctx.alignment.source.lang, ctx.alignment.target.lang
        out = []
        for sentence in ctx.target_sentences:
            for run in candidate_names(sentence.text, tgt_lang, src_lang, lenient="any"):
                parts = [p for p in run.parts if p.lower() not in ("of", "the", "and")]
                fresh = [
                    p
                    for p in parts
                    if not has_counterpart(
                        Name(0, len(p), p, p.isupper(), (p,)), p, ctx.source_text, tgt_lang, ctx.pair_code
                    )
                ]
                if 1 < len(fresh) <= 3:
                    if all(self._no_stand_in(ctx, w, whole_source) for w in fresh):
                        continue  # whichever word the encoder leaves, it could stand in for nothing
                    # words rendered by meaning beside one that renders nothing ("près du pont de
                    # Manhattan" → "near the Rose Bridge": "Bridge" renders "pont"); a name rendered
                    # by meaning has two words or more that render nothing word for word
                    fresh = [
                        w
                        for w in fresh
                        if not compass_rendered(w, ctx.source_text)  # "Eastern" for "de l'Est"
                        and not self._renders_words(ctx, None, Name(0, len(w), w, False, (w,)))
                    ]
                if len(fresh) != 1:
                    continue
                word = fresh[0]
                if self._no_stand_in(ctx, word, whole_source):
                    continue
                at = sentence.text.find(word, run.start)
                out.append((sentence, Name(at, at + len(word), word, False, (word,)), run))
        return out

    @staticmethod
    def _no_stand_in(ctx: LinkContext, word: str, whole_source: str) -> bool:
        """Whether a capitalised word of the translation is no name's stand-in by its own letters: a
        short or upper-case word, a function word, a day or month, a number, a name (one of the
        strangers already), a word the source writes, or one the translation uses in other links too
        (how it renders some source name: "Noël" → "Yuletide" throughout, not a swap made here).

        Asked before the encoder is, so that a run none of whose words could stand in costs no
        encoding."""
        src_lang, tgt_lang = ctx.alignment.source.lang, ctx.alignment.target.lang
        return (
            len(word) < 3
            or word.isupper()
            or word in _stoplist(tgt_lang)
            or word in calendar_words(tgt_lang)
            or any(piece in lexicon(tgt_lang).cardinals for piece in word.lower().split("-"))
            or is_name_word(word, tgt_lang, src_lang)
            or appears(word, whole_source)
            or _used_elsewhere(word, ctx)
        )

    def _rendered_by_meaning(self, ctx: LinkContext, tgt_lang: str) -> bool:
        """Whether the translation has a capitalised phrase of two words or more that renders nothing
        of the source word for word: a name rendered by its meaning or its English convention
        ("la Saint-Sylvestre" → "New Year's Eve", "Bercy" → "the Finance Ministry") may be it.

        One word alone is not enough: "Dupont" → "Rose" is a swap, not a rendering.
        """
        src_tokens = set(_folded_tokens(ctx.source_text, True))
        for sentence in ctx.target_sentences:
            for name in candidate_names(sentence.text, tgt_lang, ctx.alignment.source.lang, lenient="any"):
                words = [w for w in WORD_RE.findall(name.text) if len(w) >= 3]
                if len(words) >= 2 and not any(
                    fold(w) in src_tokens or _cognate_in(fold(w), src_tokens) for w in words
                ):
                    return True
        return False

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
                    out.append((sentence, _untitled(name, sentence.text, tgt_lang)))
                    continue
                for part in name.parts if len(name.parts) > 1 else ():
                    at = sentence.text.find(part, name.start)
                    single = Name(at, at + len(part), part, part.isupper(), (part,))
                    if (
                        at >= 0
                        # the word alone, not as a one-word text (whose first word is sentence-initial)
                        and is_name_word(part, tgt_lang, src_lang)
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
