"""Every tuned number of the aligner, in one frozen object whose hash goes into the report signature.

The aligner's behaviour is its code plus these numbers: cost weights,
priors, the thresholds of the coverage post-passes, the fitted weights of
the merge score, the search band. Keeping them here (rather than as module
constants and literals inside functions) means a changed weight is one
visible edit, and :meth:`AlignerParams.digest` changes with it, so two
reports whose alignments may differ never carry the same signature.

The values were tuned on the annotated corpora and the shared parallel data
(bench/align_eval.py); the comments say what each one does, not why it has
its value.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class FeatureParams:
    """What counts as an anchor word (see :func:`tqcheck.aligning.features.features`)."""

    cognate_min_length: int = 4  # words this long (letters) give a cognate key ...
    cognate_prefix: int = 4  # ... their first letters, accents dropped
    acronym_min_length: int = 2  # all-capital words this long are acronym anchors


@dataclass(frozen=True)
class SearchParams:
    """The generic dynamic programme's search shape (no text knowledge)."""

    band: int = 12  # half-width of the search band, in sentences, before widening
    full_table_cells: int = 40_000  # blocks smaller than this get the full table
    window_start: int = 4  # first window searched where the confident walk stalls
    window_max: int = 256  # past this the rest of the block gets the banded search
    step_back: int = 2  # walked links stepped back over before a window search


@dataclass(frozen=True)
class CoverageParams:
    """Whether a merge member is covered by the other side (:func:`tqcheck.aligning.coverage.covered`).

    With embeddings, a linear score fitted (logistic regression) on merges
    proposed for the shared news/Wikipedia/medical documents with injected
    omissions and additions; without, a short list of evidence rules.
    """

    # -- with embeddings: the fitted score; a member is covered when score >= score_threshold
    w_hit_rate: float = 5.89
    w_hits: float = 3.13
    hits_cap: int = 4
    w_length_gain: float = 4.88
    w_length_without: float = -3.92
    w_own: float = -2.85
    own_cap: int = 8
    w_cos_member: float = 6.64
    w_cos_gain: float = 1.87
    bias: float = -0.51
    score_threshold: float = -1.2
    # -- without embeddings: evidence rules, in the order they are tried
    length_helps_margin: float = 0.5  # the member's length brings the cost down by more than this
    length_fits_max: float = 1.5  # the rest alone already fits the other side's length
    anchored_rest_min_own: int = 3  # a member with this many own anchors ...
    anchored_rest_rate: float = 0.2  # ... while the rest finds this share of its anchors ...
    anchored_rest_ratio: float = 0.3  # ... and the member at most this fraction of that rate ...
    anchored_rest_slack: float = 1.0  # ... and length does not help by more than this: not covered
    hits_min: int = 2  # this many own anchors found ...
    hit_rate_min: float = 0.2  # ... at this rate: covered
    unanchored_own: int = 4  # a member with this many own anchors, none found, is not covered by length alone
    tiny_own: int = 1  # a member with at most this many own anchors ...
    tiny_length: int = 40  # ... and fewer characters ...
    tiny_slack: float = 1.0  # ... that costs at most this much length: covered (trust the search)
    weak_hit_rate: float = 0.12  # below this rate, with the length fitting without it: not covered
    strong_missing_min: int = 2  # this many numbers/names of its own, all missing: not covered
    unanchored_many: int = 5  # this many own anchors, none found, length no help: not covered


@dataclass(frozen=True)
class AlignerParams:
    """The aligner's tuned numbers. ``AlignerParams()`` is what tqcheck uses; :meth:`digest` names it."""

    # -- sentence link costs
    gc_variance: float = 6.8  # Gale & Church's s², per character
    length_weight: float = 0.35  # weight of the (capped) length cost
    length_cap: float = 6.0
    lex_weight: float = 1.0  # weight of the missing-anchor term without embeddings
    local_lex_weight: float = 1.4  # the same, when links next to an unlinked sentence are searched again
    lex_saturation: float = 0.4  # Dice overlap at which lexical evidence counts as complete
    emb_low: float = 0.2  # cosine of unrelated sentences
    emb_high: float = 0.7  # cosine of clearly matching sentences
    mix_length: float = 0.6  # with embeddings: weight of the length cost ...
    mix_lex: float = 0.4  # ... of the missing-anchor term ...
    mix_emb: float = 1.4  # ... and of the embedding term
    skip_cost: float = 1.1  # cost of leaving one sentence unlinked (1-0 / 0-1)
    merge_prior: float = 0.25  # extra cost of a 1-2 / 2-1 link
    merge22_prior: float = 0.8  # extra cost of a 2-2 link
    short_member_words: int = 10  # merge members this short are not split off with embeddings ...
    short_fold_max_drop: float = 0.15  # ... when adding them lowers the cosine by less than this
    short_merge_bonus: float = 0.45  # a 2-1 / 1-2 with such a short member costs this much less
    confident_pair: float = 0.8  # a 1-1 link this cheap is taken by the walk without search
    ratio_min: float = 0.6  # the document's target/source length ratio is clamped to this ...
    ratio_max: float = 1.6  # ... and this
    # -- paragraphs
    paragraph_skip_cost: float = 0.5  # extra cost of leaving a whole paragraph unlinked
    paragraph_anchor_max: float = 0.8  # paragraph pairs matching at least this well are fixed blocks
    paragraph_walk_max: float = 1.2  # paragraph pairs this good are paired without search (maybe not fixed)
    paragraph_count_ratio: float = 2.0  # paragraph counts further apart than this: one block
    rejoin_rounds: int = 8  # times blocks with an unlinked edge sentence are joined with a neighbour
    # -- post-passes
    split22_margin: float = 0.3  # a 2-2 whose two 1-1 halves cost at most this more is split
    pair_nulls_max: float = 1.65  # an adjacent 1-0 and 0-1 this similar become one 1-1 link
    unrelated_cosine: float = 0.25  # with embeddings, a 1-1 link below this cosine ...
    unrelated_dice: float = 0.1  # ... and this anchor overlap is an omission plus an addition
    slot_min_cosine: float = 0.15  # adjacent nulls in the same paragraph slot stay apart below this cosine, or ...
    slot_unrelated_cosine: float = 0.30  # ... below this one ...
    slot_unrelated_length: float = 4.0  # ... and at least this length cost (a replaced paragraph)
    slot_short_words: int = 5  # a same-slot pair this short on both sides (a heading) is paired whatever the cosine ...
    slot_short_length: float = 1.5  # ... when its length cost is below this
    absorb_min_cosine: float = 0.35  # an unlinked sentence may join a neighbouring link this good ...
    absorb_keep: float = 0.86  # ... that keeps at least this share of its cosine with it (and fits its length better)
    absorb_length_gain: float = 1.0  # ... or, for a source sentence that lowers the length cost by this much ...
    absorb_keep_length: float = 0.72  # ... keeps at least this share of the cosine
    absorb_keep_alone: float = 0.95  # ... or (target side only) keeps this share of it, whatever the lengths say
    absorb_fragment_words: int = 2  # unlinked fragments this short join their paragraph neighbour's link
    absorb_max_group: int = 3  # a link with this many sentences on that side takes no more (links stay at most 3-3)
    split_part_cosine: float = 0.38  # (with the encoder) an unlinked target sentence this close to a clause ...
    split_rest_cosine: float = 0.30  # ... of its neighbour link's source, the rest still this close to the link's target, joins it
    split_sharper_part_cosine: float = 0.20  # ... or this close, the rest matching the link's target as well as the whole
    split_min_words: int = 2  # both parts of a source cut at a clause boundary have this many words
    split_max_texts: int = 400  # clause texts one document may encode for this (a bound on the encoder's work)
    realign_before: int = 2  # links before an unlinked sentence searched again without embeddings
    realign_after: int = 2  # links after it
    # -- groups
    features: FeatureParams = field(default_factory=FeatureParams)
    search: SearchParams = field(default_factory=SearchParams)
    coverage: CoverageParams = field(default_factory=CoverageParams)

    def digest(self) -> str:
        """A stable 12-hex-digit hash of every value (field names included), for the report signature."""
        text = json.dumps(asdict(self), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


DEFAULT_PARAMS = AlignerParams()
