"""Paragraph blocking: cut a document pair into blocks the sentence search works within.

When both sides have several paragraphs, paragraphs are aligned first (same
costs as sentences, over paragraph groups, scaled by sentence counts), and
only confident 1-1 paragraph links become fixed blocks; every other stretch
(a paragraph left out, paragraphs split or joined, a doubtful pair) is
merged with its neighbours into one block, so a paragraph-level mistake
cannot lose sentences. Line-aligned inputs (TSV, JSONL) are blocked by their
rows directly. The quadratic part of the search stays small either way.
"""

from __future__ import annotations

from tqcheck.aligning.costs import CostModel
from tqcheck.aligning.search import KINDS, dp_align
from tqcheck.datatypes import DocumentPair, Segmentation

Range = tuple[int, int]
Block = tuple[Range, Range]  # (source sentence range, target sentence range)


def paragraph_ranges(seg: Segmentation) -> list[Range]:
    """Sentence-index ranges of each paragraph holding sentences."""
    out: list[Range] = []
    last = None
    for s in seg.sentences:
        if s.paragraph != last:
            out.append((s.index, s.index + 1))
            last = s.paragraph
        else:
            out[-1] = (out[-1][0], s.index + 1)
    return out


def _row_blocks(pair: DocumentPair, source: Segmentation, target: Segmentation) -> list[Block]:
    """One block per row of a line-aligned input (paragraph ``p`` of one side with paragraph ``p`` of the other)."""
    by_src: dict[int, list[int]] = {}
    by_tgt: dict[int, list[int]] = {}
    for s in source.sentences:
        by_src.setdefault(s.paragraph, []).append(s.index)
    for s in target.sentences:
        by_tgt.setdefault(s.paragraph, []).append(s.index)
    blocks = []
    i = j = 0
    for p in range(len(pair.source.paragraphs)):
        ni, nj = len(by_src.get(p, ())), len(by_tgt.get(p, ()))
        blocks.append(((i, i + ni), (j, j + nj)))
        i, j = i + ni, j + nj
    return blocks


def blocks(pair: DocumentPair, source: Segmentation, target: Segmentation, model: CostModel) -> list[Block]:
    """Blocks of sentences (source range, target range) that the sentence search works within."""
    n, m = len(source.sentences), len(target.sentences)
    if pair.paragraphs_aligned and len(pair.source.paragraphs) == len(pair.target.paragraphs):
        return _row_blocks(pair, source, target)
    p = model.params
    src_paras, tgt_paras = paragraph_ranges(source), paragraph_ranges(target)
    np_, mp = len(src_paras), len(tgt_paras)
    if np_ < 2 or mp < 2 or max(np_, mp) > p.paragraph_count_ratio * min(np_, mp):
        return [((0, n), (0, m))]  # paragraphs too unlike to pair: one block
    p_src = [model.group("s", a, b) for a, b in src_paras]
    p_tgt = [model.group("t", a, b) for a, b in tgt_paras]
    pmodel = CostModel(p_src, p_tgt, model.ratio, params=p)

    src_counts = [b - a for a, b in src_paras]
    tgt_counts = [b - a for a, b in tgt_paras]

    def pcost(i0: int, i1: int, j0: int, j1: int) -> float:
        # Scaled by sentence counts, like sentence links, so that leaving a
        # paragraph out costs what leaving its sentences out would.
        ns_sent = sum(src_counts[i0:i1])
        nt_sent = sum(tgt_counts[j0:j1])
        if i1 == i0 or j1 == j0:
            return p.paragraph_skip_cost + p.skip_cost * (ns_sent + nt_sent)
        prior = 0.0 if i1 - i0 == j1 - j0 == 1 else p.merge_prior
        return pmodel.mismatch(i0, i1, j0, j1) * (ns_sent + nt_sent) / 2.0 + prior

    def pconfident(i: int, j: int) -> bool:
        return pmodel.mismatch(i, i + 1, j, j + 1) <= p.paragraph_walk_max

    def sentence_ranges(i0: int, i1: int, j0: int, j1: int) -> Block:
        a = (src_paras[i0][0], src_paras[i1 - 1][1]) if i1 > i0 else ((src_paras[i0][0] if i0 < np_ else n),) * 2
        b = (tgt_paras[j0][0], tgt_paras[j1 - 1][1]) if j1 > j0 else ((tgt_paras[j0][0] if j0 < mp else m),) * 2
        return a, b

    out: list[Block] = []
    pending: list[int] | None = None  # [i0, i1, j0, j1] in paragraph indices
    for i0, i1, j0, j1, _ in dp_align(np_, mp, pcost, KINDS, p.search, confident=pconfident):
        anchor = i1 - i0 == 1 and j1 - j0 == 1 and pmodel.mismatch(i0, i1, j0, j1) <= p.paragraph_anchor_max
        if anchor:
            if pending is not None:
                out.append(sentence_ranges(*pending))
                pending = None
            out.append(sentence_ranges(i0, i1, j0, j1))
        elif pending is None:
            pending = [i0, i1, j0, j1]
        else:
            pending[1], pending[3] = i1, j1
    if pending is not None:
        out.append(sentence_ranges(*pending))
    return out
