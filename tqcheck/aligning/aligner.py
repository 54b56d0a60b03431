"""The aligner's driver: features, cost model, blocks, the search in each block, then the post-passes."""

from __future__ import annotations

from tqcheck.aligning.costs import CostModel
from tqcheck.aligning.coverage import check_merges, check_pairs, pair_adjacent_nulls, realign_near_nulls
from tqcheck.aligning.features import features, length_ratio
from tqcheck.aligning.paragraphs import Block, blocks
from tqcheck.aligning.params import DEFAULT_PARAMS, AlignerParams
from tqcheck.aligning.search import KINDS, Step, dp_align, offset
from tqcheck.aligning.slots import absorb_covered_nulls, pair_slot_nulls
from tqcheck.aligning.splits import Encode, absorb_split_parts
from tqcheck.datatypes import Alignment, DocumentPair, Link, Segmentation, SentenceEmbeddings


def align(
    pair: DocumentPair,
    source: Segmentation,
    target: Segmentation,
    *,
    embeddings: SentenceEmbeddings | None = None,
    params: AlignerParams = DEFAULT_PARAMS,
    encode: Encode | None = None,
) -> Alignment:
    """Link every sentence of both sides exactly once, in order (1-1, 1-2, 2-1, 2-2, 1-0, 0-1).

    ``encode`` (the sentence encoder's :meth:`~tqcheck.encoder.Encoder.embed`, with ``embeddings``
    only) lets the last pass read clauses of a source sentence (:mod:`tqcheck.aligning.splits`).
    """
    src_feats = [features(s.text, source.lang, params.features) for s in source.sentences]
    tgt_feats = [features(s.text, target.lang, params.features) for s in target.sentences]
    ratio = length_ratio(src_feats, tgt_feats, params.ratio_min, params.ratio_max)
    src_vec = tgt_vec = None
    if embeddings is not None:
        src_vec, tgt_vec = embeddings.source, embeddings.target
        if len(src_vec) != len(src_feats) or len(tgt_vec) != len(tgt_feats):
            src_vec = tgt_vec = None  # vectors of another segmentation: do not trust them
    model = CostModel(
        src_feats,
        tgt_feats,
        ratio,
        src_vec,
        tgt_vec,
        [s.paragraph for s in source.sentences],
        [s.paragraph for s in target.sentences],
        params,
    )
    method = "gale-church+anchors" + ("+similarity" if src_vec is not None else "")

    found = blocks(pair, source, target, model)
    results = [_align_block(model, blk) for blk in found]
    if not pair.paragraphs_aligned:
        _rejoin_blocks(model, found, results)
    if pair.paragraphs_aligned:
        # Rows of a segment-level file are hard units: the repair passes work inside each row,
        # so an omission in one row is never paired with an addition in the next.
        steps = [step for r in results for step in _repair(r, model)]
    else:
        steps = _repair([step for r in results for step in r], model)
    if encode is not None and src_vec is not None:
        texts = ([s.text for s in source.sentences], [t.text for t in target.sentences])
        steps = absorb_split_parts(steps, model, encode, texts, (source.lang, target.lang))
    links = tuple(
        Link(source=tuple(range(i0, i1)), target=tuple(range(j0, j1)), cost=round(c, 4)) for i0, i1, j0, j1, c in steps
    )
    return Alignment(pair=pair, source=source, target=target, links=links, method=method)


def _repair(steps: list[Step], model: CostModel) -> list[Step]:
    """The post-passes over a run of links: re-search near nulls (without vectors), merges, null pairs,
    unrelated pairs, then (with vectors) nulls that the paragraph structure explains."""
    if model.src_vec is None:
        steps = realign_near_nulls(steps, model)
    steps = check_pairs(pair_adjacent_nulls(check_merges(steps, model), model), model)
    return absorb_covered_nulls(pair_slot_nulls(steps, model), model)


def _rejoin_blocks(model: CostModel, found: list[Block], results: list[list[Step]]) -> None:
    """Join a block whose edge sentence is unlinked with its neighbour and align the two again (in place).

    A sentence left unlinked at the edge of a paragraph block may belong to
    the neighbouring block (the two sides broke paragraphs differently).
    """
    for _ in range(model.params.rejoin_rounds):
        k = next(
            (
                k
                for k, steps in enumerate(results)
                if steps and ((k + 1 < len(results) and steps[-1].is_null) or (k > 0 and steps[0].is_null))
            ),
            None,
        )
        if k is None:
            return
        other = k + 1 if (k + 1 < len(results) and results[k][-1].is_null) else k - 1
        lo, hi = min(k, other), max(k, other)
        (a0, _), (b0, _) = found[lo]
        (_, a1), (_, b1) = found[hi]
        merged = ((a0, a1), (b0, b1))
        new_steps = _align_block(model, merged)
        if new_steps == results[lo] + results[hi]:
            return
        found[lo : hi + 1] = [merged]
        results[lo : hi + 1] = [new_steps]


def _align_block(model: CostModel, block: Block) -> list[Step]:
    """Sentence links of one block of source and target sentences."""
    (a0, a1), (b0, b1) = block
    skip = model.params.skip_cost
    if a1 == a0 or b1 == b0:
        return [Step(i, i + 1, b0, b0, skip) for i in range(a0, a1)] + [Step(a1, a1, j, j + 1, skip) for j in range(b0, b1)]
    confident_pair = model.params.confident_pair
    cost = offset(model.link_cost, a0, b0)

    def confident(i: int, j: int) -> bool:
        return model.link_cost(a0 + i, a0 + i + 1, b0 + j, b0 + j + 1) <= confident_pair

    path = dp_align(a1 - a0, b1 - b0, cost, KINDS, model.params.search, confident=confident)
    return [s.shifted(a0, b0) for s in path]
