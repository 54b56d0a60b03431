"""Post-passes that read unlinked sentences against the paragraph structure (with embeddings only).

Professional translators restructure: they split a sentence in two, fold a
short one into its neighbour, or render a sentence so freely that it shares
no words and little embedding similarity with its source. The search and the
coverage passes (:mod:`tqcheck.aligning.coverage`) then leave a 1-0 or 0-1
link that TQ101 / TQ102 report as an omission or an addition, although the
content is there. Two passes, each needing two independent signals before
undoing a null link:

* :func:`pair_slot_nulls`: an unlinked source sentence next to an unlinked
  target sentence that holds the *same place* in its paragraph (both whole
  paragraphs, both last of a paragraph pair, ...) is one loosely translated
  sentence, not an omission plus an addition, unless the cosine shows no
  relation at all (below ``slot_min_cosine``) or the pair is unrelated by
  both the embedding (cosine below ``slot_unrelated_cosine``) and length
  (Gale–Church cost at least ``slot_unrelated_length``): a replaced or
  misplaced paragraph. A loose 1-1 is still scored by TQ501. A short pair
  (``slot_short_words`` words or fewer on both sides: a heading such as
  «Qui est-il ?» rendered "Personal details") whose lengths agree (cost
  under ``slot_short_length``) is paired whatever the cosine says: under
  six words the encoder's similarity of a correct pair and of an unrelated
  one overlap (measured on wmt-news for TQ501).
* :func:`absorb_covered_nulls`: an unlinked sentence inside a paragraph whose
  other sentences are linked joins the neighbouring link of the same
  paragraph when the other side's length accounts for it (the Gale–Church
  cost falls when it is added) *and* adding it keeps the link's cosine (at
  least ``absorb_keep`` of it, from a link that matched at
  ``absorb_min_cosine`` or better): a sentence from elsewhere dilutes the
  cosine like an unrelated vector (to about 0.7 of it), and an omitted or
  added sentence on the same topic makes the lengths disagree. When an
  unlinked source sentence lowers the length cost by ``absorb_length_gain``
  or more, a lower share of the
  cosine (``absorb_keep_length``) is enough: on wmt-news no injected or
  annotated omission brought the lengths closer, while two sentences a
  translator folded into the next («Ce faisant, elle a changé de camp.»)
  did, keeping 0.75 and 0.83 of the cosine (an added target sentence can
  fit the length next to a sentence rendered short: injected additions
  were lost that way, so the target side keeps the stricter test). A target
  sentence whose addition leaves the cosine whole (``absorb_keep_alone``)
  says nothing the source lacks and joins whatever the lengths say (a
  translator who splits a sentence often expands it too); an unlinked
  source sentence never joins on the cosine alone, since an omitted
  sentence may well repeat its neighbour's subject. Fragments of at most ``absorb_fragment_words`` words
  ("Pfc." cut off by the segmenter) carry too little for the encoder and
  join their neighbour as well. A link grows to at most
  ``absorb_max_group`` sentences a side: professional translators render
  one long sentence as three, or merge three into one (on wmt-news, 11 of
  the 41 judged-false TQ101/TQ102 findings were the third sentence of such
  a link). A group's unrelated-sentence baseline rises with its size, so the
  keep thresholds are scaled to it (:func:`_unrelated_keep`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from tqcheck.aligning.costs import CostModel
from tqcheck.aligning.coverage import pair_nulls
from tqcheck.aligning.search import Step

#: Given the steps and the index of an unlinked one, the index of the neighbouring link it joins, or None.
HostFinder = Callable[[list[Step], int], "int | None"]


def _slot(paragraphs: Sequence[int], index: int) -> tuple[bool, bool]:
    """Whether sentence ``index`` opens and whether it closes its paragraph."""
    first = index == 0 or paragraphs[index - 1] != paragraphs[index]
    last = index == len(paragraphs) - 1 or paragraphs[index + 1] != paragraphs[index]
    return first, last


def same_slot(model: CostModel, i: int, j: int) -> bool:
    """Whether source sentence ``i`` and target sentence ``j`` hold the same place in their paragraphs."""
    if model.src_para is None or model.tgt_para is None:
        return False
    return _slot(model.src_para, i) == _slot(model.tgt_para, j)


def pair_slot_nulls(steps: list[Step], model: CostModel) -> list[Step]:
    """Adjacent 1-0 and 0-1 links in the same paragraph slot become one 1-1 link, unless plainly unrelated."""
    if model.src_vec is None:
        return steps
    p = model.params

    def cost(i: int, j: int) -> float | None:
        if not same_slot(model, i, j):
            return None
        cos = model.cosine(i, i + 1, j, j + 1) or 0.0
        length = model.length_cost(model.src[i].length, model.tgt[j].length)
        if max(model.src[i].words, model.tgt[j].words) <= p.slot_short_words and length < p.slot_short_length:
            return model.link_cost(i, i + 1, j, j + 1)  # a heading: too short for the cosine to tell
        if cos < p.slot_min_cosine or (cos < p.slot_unrelated_cosine and length >= p.slot_unrelated_length):
            return None  # unrelated: a replaced or misplaced paragraph
        return model.link_cost(i, i + 1, j, j + 1)

    return pair_nulls(steps, cost)


def join_unlinked(steps: list[Step], model: CostModel, find_host: HostFinder) -> list[Step]:
    """Each unlinked sentence (a 1-0 or 0-1 step) for which ``find_host`` names a neighbouring link joins it.

    The loop both absorbing passes share (this module's and :mod:`tqcheck.aligning.splits`'s): the
    merged link is re-costed, and the scan resumes at it, so a link can take a sentence on each side.
    """
    out = list(steps)
    k = 0
    while k < len(out):
        step = out[k]
        if step.is_null and (step.i1 - step.i0) + (step.j1 - step.j0) == 1:
            best = find_host(out, k)
            if best is not None:
                host = out[best]
                merged = Step(
                    min(host.i0, step.i0), max(host.i1, step.i1), min(host.j0, step.j0), max(host.j1, step.j1), 0.0
                )
                merged = merged._replace(cost=model.link_cost(merged.i0, merged.i1, merged.j0, merged.j1))
                lo = min(k, best)
                out[lo : lo + 2] = [merged]
                k = lo
                continue
        k += 1
    return out


def absorb_covered_nulls(steps: list[Step], model: CostModel) -> list[Step]:
    """An unlinked sentence whose paragraph neighbour's link keeps its cosine with it joins that link."""
    if model.src_vec is None:
        return steps
    return join_unlinked(steps, model, lambda out, k: _best_host(out, k, model))


def _unrelated_keep(model: CostModel, side: str, a: int, b: int) -> float | None:
    """The share of a link's cosine that adding an unrelated sentence to sentences ``a:b`` of ``side`` would keep.

    A group's vector is the normalised sum of its members' unit vectors, so a
    vector orthogonal to everything divides the cosine by ``sqrt(1 + 1/|sum|²)``:
    by √2 for one sentence, by less for a group of two (about 1.15 for two
    related sentences). The keep thresholds are stated for one sentence and
    scaled to this baseline, so a third sentence from elsewhere does not slip
    into a 2-1 or 1-2 link just because it dilutes a larger group less.
    """
    if b - a == 1:
        return None  # one sentence: the thresholds as stated
    vec = model.src_vec if side == "s" else model.tgt_vec
    assert vec is not None
    norm = float(np.linalg.norm(vec[a:b].sum(axis=0)))
    return norm / math.sqrt(norm * norm + 1.0)


def _required(threshold: float, diluted: float | None) -> float:
    """``threshold`` (a keep stated for a one-sentence group) moved to a group whose unrelated baseline is ``diluted``."""
    if diluted is None:
        return threshold
    one = math.sqrt(0.5)
    return diluted + (1.0 - diluted) * (threshold - one) / (1.0 - one)


def _best_host(steps: list[Step], k: int, model: CostModel) -> int | None:
    """The neighbouring link (``k - 1`` or ``k + 1``) of the same paragraph that covers null link ``k``, if any."""
    p = model.params
    null = steps[k]
    side = "s" if null.i1 > null.i0 else "t"
    member = null.i0 if side == "s" else null.j0
    paragraphs = model.src_para if side == "s" else model.tgt_para
    words = (model.src if side == "s" else model.tgt)[member].words
    best: tuple[float, int] | None = None
    for h in (k - 1, k + 1):
        if not 0 <= h < len(steps) or steps[h].is_null:
            continue
        host = steps[h]
        own = (host.i0, host.i1) if side == "s" else (host.j0, host.j1)
        if own[1] - own[0] >= p.absorb_max_group:
            continue
        neighbour = own[1] - 1 if h < k else own[0]
        if paragraphs is None or paragraphs[neighbour] != paragraphs[member]:
            continue
        lo, hi = min(own[0], member), max(own[1], member + 1)
        without = model.cosine(host.i0, host.i1, host.j0, host.j1)
        if side == "s":
            with_ = model.cosine(lo, hi, host.j0, host.j1)
            length_with = model.length_cost(model.group("s", lo, hi).length, model.group("t", host.j0, host.j1).length)
        else:
            with_ = model.cosine(host.i0, host.i1, lo, hi)
            length_with = model.length_cost(model.group("s", host.i0, host.i1).length, model.group("t", lo, hi).length)
        length_without = model.length_cost(
            model.group("s", host.i0, host.i1).length, model.group("t", host.j0, host.j1).length
        )
        if without is None or with_ is None:
            continue
        keep = with_ / without if without > 0 else 0.0
        fragment = words <= p.absorb_fragment_words
        diluted = _unrelated_keep(model, side, *own)
        # Two signals: the other side is long enough to say it too (length), and it is about the same thing
        # (the cosine holds). An omitted sentence of the same paragraph is on topic but makes the length worse.
        fits = keep >= _required(p.absorb_keep, diluted) and length_with < length_without
        # Or (source side) the length alone says the target holds it too (the cost falls by a whole unit or more)
        # and the cosine holds most of it: no omitted sentence brought the lengths closer on wmt-news. An added
        # target sentence can (next to a source sentence rendered short), so the target side keeps the test above.
        fits = fits or (
            side == "s"
            and length_without - length_with >= p.absorb_length_gain
            and keep >= _required(p.absorb_keep_length, diluted)
        )
        # An omitted source sentence can repeat its neighbour's content and still be an omission; an
        # added target part that leaves the cosine whole is the translator's expansion of a split.
        whole = side == "t" and keep >= _required(p.absorb_keep_alone, diluted)
        if fragment or (without >= p.absorb_min_cosine and (fits or whole)):
            score = keep + (1.0 if fragment else 0.0)
            if best is None or score > best[0]:
                best = (score, h)
    return None if best is None else best[1]
