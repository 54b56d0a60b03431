"""Sentence alignment: which source sentences each target sentence translates.

A dynamic programme over sentence groups (1-1, 1-2, 2-1, 2-2, 1-0, 0-1; post-passes may join a third sentence)
whose link cost mixes length, shared anchors and, when given, sentence
embeddings; then post-passes that keep omitted and added sentences from
vanishing into merges. One module per part, read in this order:

* :mod:`~tqcheck.aligning.params`: every tuned number, in the frozen
  :class:`AlignerParams` whose :meth:`~AlignerParams.digest` is in the
  report signature;
* :mod:`~tqcheck.aligning.features`: a sentence's length and anchors
  (numbers, names, acronyms, cognates), the Gale–Church length cost;
* :mod:`~tqcheck.aligning.costs`: :class:`CostModel`, the cost of linking
  two groups of sentences;
* :mod:`~tqcheck.aligning.search`: the generic banded search (no text
  knowledge), its path a list of :class:`Step`;
* :mod:`~tqcheck.aligning.paragraphs`: blocks of paragraphs the sentence
  search works within;
* :mod:`~tqcheck.aligning.coverage`: the post-passes (merge coverage,
  adjacent null pairing, unrelated 1-1 links, re-search near nulls);
* :mod:`~tqcheck.aligning.slots`: with embeddings, unlinked sentences the
  paragraph structure explains (a loose rendering in the same paragraph
  slot, a split-off part that keeps its neighbour link's cosine);
* :mod:`~tqcheck.aligning.splits`: with the encoder itself, an unlinked
  sentence that renders a clause of its neighbour link's other side (a
  sentence the translator cut in two, or folded into the next);
* :mod:`~tqcheck.aligning.aligner`: :func:`align`, which runs them in order.
"""

from tqcheck.aligning.aligner import align
from tqcheck.aligning.costs import CostModel
from tqcheck.aligning.features import Features, features
from tqcheck.aligning.params import DEFAULT_PARAMS, AlignerParams, CoverageParams, FeatureParams, SearchParams
from tqcheck.aligning.search import KINDS, Step, dp_align

__all__ = [
    "DEFAULT_PARAMS",
    "KINDS",
    "AlignerParams",
    "CostModel",
    "CoverageParams",
    "FeatureParams",
    "Features",
    "SearchParams",
    "Step",
    "align",
    "dp_align",
    "features",
]
