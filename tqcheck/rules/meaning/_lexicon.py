"""TQ202/TQ203's check on a link: the lexicon's entries (:mod:`tqcheck.lang.lexicon`) turned into hits with spans and fixes.

The lexicon and its matching are in the language layer, because the error
injector reads sentences with them too; what is left here needs a link
(its context window, its spans, the fix's wording).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tqcheck.datatypes import Span
from tqcheck.lang.lexicon import (
    Entry,
    LinkWords,
    Occurrence,
    also_a_right_form,
    context_holds,
    english_occurrences,
    english_token_forms,
    french_norm,
    french_occurrences,
    french_words,
    inflect,
    link_words,
    load_lexicon,
    loose_pattern,
    match_sequence,
)
from tqcheck.nlp import Token, english_lemma, french_lemma
from tqcheck.rules.base import LinkContext


def _window_texts(ctx: LinkContext, window: int) -> list[tuple[str, str]]:
    out = []
    for side, seg, indices in (
        ("source", ctx.alignment.source, ctx.link.source),
        ("target", ctx.alignment.target, ctx.link.target),
    ):
        if not indices:
            continue
        lo, hi = max(0, indices[0] - window), min(len(seg.sentences), indices[-1] + window + 1)
        lang = "fr" if side == "source" else "en"
        out.extend((seg.sentences[i].text, lang) for i in range(lo, hi))
    return out


# --------------------------------------------------------------------------- the check


@dataclass(frozen=True)
class LexiconHit:
    """An entry that fired: the French occurrence, the English rendering, the fix."""

    entry: Entry
    source: Span
    target: Span
    suggestion: str


def find_hits(
    ctx: LinkContext, kind: str, *, ignore: Iterable[str] = (), window: int | None = None
) -> list[LexiconHit]:
    """Entries of ``kind`` that fire on the link of ``ctx``, in target order.

    ``ignore``: French entries switched off; ``window``: sentences around the
    link that context conditions read (``None``: each entry's own window).

    A false friend inside a flagged calque («issue» in «at the issue of» for
    «à l'issue de») is left to the calque: TQ202 declares that it defers to
    TQ203, and the engine drops the overlapping false-friend finding.
    """
    return _compute_hits(ctx, kind, {s.lower() for s in ignore}, window)


def _within(inner: Occurrence, outer: Occurrence) -> bool:
    return inner.sentence == outer.sentence and outer.first <= inner.first and inner.last <= outer.last


def _compute_hits(ctx: LinkContext, kind: str, skip: set[str], window_option: int | None) -> list[LexiconHit]:
    link = ctx.link
    if not link.source or not link.target:
        return []
    lexicon = load_lexicon(ctx.pair_code)
    analysis = ctx.analysis
    target = [(i, analysis.light("target", i)) for i in link.target]
    # each target word's forms made once per link, for the key look-up and every entry's match
    forms_of = [[english_token_forms(t) for t in tokens] for _, tokens in target]
    # the words of hyphenated compounds apart ("button-pile"), read for an entry only when the
    # whole words show no look-alike: its last word is what the compound is (a pile)
    parts = [(i, _hyphen_parts(tokens, ctx.source_text.lower())) for i, tokens in target]
    parts_forms = [
        forms if split is whole else [english_token_forms(t) for t in split]
        for forms, (_, whole), (_, split) in zip(forms_of, target, parts, strict=True)
    ]
    english: set[str] = set()
    for forms in forms_of + parts_forms:
        english.update(*forms)
    index = lexicon.by_english_key
    candidates = []
    for word in english:
        for entry in index.get(word, ()):
            if entry.kind == kind and entry not in candidates and entry.fr not in skip:
                candidates.append(entry)
    # Cheap checks first: the whole wrong rendering in the English, the French
    # pattern on dictionary lemmas, no blocker; only then parse the French.
    wrong_of: dict[Entry, list[Occurrence]] = {}
    view_of: dict[Entry, tuple[list, list]] = {}
    views = [(target, forms_of)] + (
        [(parts, parts_forms)] if any(a is not b for a, b in zip(parts_forms, forms_of, strict=True)) else []
    )
    for entry in candidates:
        for view, view_forms in views:
            wrong = english_occurrences(entry.wrong, view, skip_names=True, forms_of=view_forms)
            if wrong and entry.unless_target:
                # "a manifestation of anger": the look-alike inside a phrase that makes it right
                harmless = english_occurrences(
                    entry.unless_target, view, skip_names=False, forms_of=view_forms
                )
                wrong = [w for w in wrong if not any(_within(w, h) for h in harmless)]
            wrong = [w for w in wrong if not also_a_right_form(entry, w)]
            if wrong:
                wrong_of[entry] = wrong
                view_of[entry] = (view, view_forms)
                break
    if not wrong_of:
        return []
    source_text = ctx.source_text
    light_forms = [frozenset({w, french_norm(w), french_lemma(w)}) for w in french_words(source_text)]
    light_words = link_words([(source_text, "fr")])
    likely = [
        e
        for e in wrong_of
        if next(match_sequence(light_forms, loose_pattern(e.fr_pattern), e.gap + 2, stems=True), None)
        is not None
        and not any(light_words.has(item) for item in e.unless_source)
    ]
    if not likely:
        return []
    source = [(i, analysis.tokens("source", i)) for i in link.source]
    spacy_lemmas = {t.lemma for _, tokens in source for t in tokens}
    src_words = link_words([(source_text, "fr")], extra=spacy_lemmas)
    windows: dict[int, LinkWords] = {}
    hits = []
    for entry in likely:
        occurrences = french_occurrences(entry, source)
        if not occurrences:
            continue
        if any(src_words.has(item) for item in entry.unless_source):
            continue
        if entry.context is not None:
            window = entry.context.window if window_option is None else window_option
            if window not in windows:
                windows[window] = link_words(_window_texts(ctx, window), extra=spacy_lemmas)
            if not context_holds(entry.context, windows[window]):
                continue
        wrong = wrong_of[entry]
        view, view_forms = view_of[entry]
        n_right = sum(
            1
            for r in (
                english_occurrences(entry.right, view, skip_names=False, forms_of=view_forms)
                if entry.right
                else ()
            )
            if not any(r.sentence == w.sentence and r.first <= w.last and w.first <= r.last for w in wrong)
        )
        if view is not target and entry.right:
            # a right rendering written as one hyphenated word ("button-cell") counts too
            n_right = max(
                n_right, len(english_occurrences(entry.right, target, skip_names=False, forms_of=forms_of))
            )
        for fr_occ, en_occ in zip(occurrences[: max(0, len(occurrences) - n_right)], wrong, strict=False):
            hits.append(_hit(ctx, entry, fr_occ, en_occ))
    hits.sort(key=lambda h: h.target.start)
    return hits


def _hyphen_parts(tokens: list[Token], source: str) -> list[Token]:
    """``tokens`` with each hyphenated word cut into its words and hyphens (offsets kept), lemmas
    from the dictionary: "button-pile" → "button", "-", "pile". A compound the French ``source``
    (lower-cased) writes as it is stays whole: a name kept ("the heute-journal"), no rendering."""
    if not any("-" in t.text for t in tokens):
        return tokens
    out: list[Token] = []
    for t in tokens:
        if "-" not in t.text or t.pos == "PUNCT" or t.text.lower() in source:
            out.append(t)
            continue
        at = t.start
        for k, word in enumerate(t.text.split("-")):
            if k:
                out.append(Token("-", "-", "PUNCT", at, at + 1))
                at += 1
            if word:
                out.append(Token(word, english_lemma(word), "", at, at + len(word)))
            at += len(word)
    return out


def _sentence_span(ctx: LinkContext, side: str, occ: Occurrence) -> Span:
    seg = ctx.alignment.source if side == "source" else ctx.alignment.target
    sentence = seg.sentences[occ.sentence]
    return ctx.sentence_span(side, sentence, occ.start, occ.end)  # type: ignore[arg-type]


def _narrowed(entry: Entry, occ: Occurrence) -> Occurrence:
    """Only the look-alike of a longer wrong rendering ("ancient" of "ancient minister")."""
    if entry.target_word is None:
        return occ
    for k in range(occ.first, occ.last + 1):
        if entry.target_word in english_token_forms(occ.tokens[k]):
            return Occurrence(occ.sentence, k, k, occ.tokens)
    return occ


def _hit(ctx: LinkContext, entry: Entry, fr_occ: Occurrence, en_occ: Occurrence) -> LexiconHit:
    en_occ = _narrowed(entry, en_occ)
    return LexiconHit(
        entry=entry,
        source=_sentence_span(ctx, "source", fr_occ),
        target=_sentence_span(ctx, "target", en_occ),
        suggestion=inflect(entry.suggest, entry, en_occ, fr_occ.tokens[fr_occ.last].feat("Number")),
    )


def message(hit: LexiconHit) -> str:
    """One line for the finding: what was written, for what, why it is wrong."""
    return f"«{hit.target.text}» renders «{hit.source.text}»: {hit.entry.explanation}"
