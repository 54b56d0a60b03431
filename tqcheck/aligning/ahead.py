"""A long document aligned in a forked child while this process gets the rules ready.

Why: in mode (a) (no encoder, no parser) a 20,000-pair document spent its
first seconds on one core: alignment (~2.4 CPU-s), then a first block of
rules that also loads the word lists and tables the rules read and builds
their whole-document indexes (~3 CPU-s more than a later block), and only
then could the rules fork (:mod:`tqcheck.rules.forking`). Alignment needs
none of those tables and the table loading needs no links, so the two can run
at once: a child forked after segmentation aligns, this process runs the
caller's ``meanwhile`` (the rules on the document's first sentences, which
loads what they read), then reads the child's links back.

The child runs the same :func:`~tqcheck.aligning.aligner.align` on the same
segmentations, and its links come back as the floats it computed (pickled
exactly), so the alignment is the one this process would have made; a child
that fails gives nothing back and this process aligns itself. The tables end
up loaded in this process, before the rules fork, so the rule child still
shares them copy-on-write. ``TQCHECK_ALIGN_FORK=0`` turns it off.
"""

from __future__ import annotations

from collections.abc import Callable

from tqcheck.aligning.aligner import align
from tqcheck.aligning.params import DEFAULT_PARAMS, AlignerParams
from tqcheck.datatypes import Alignment, DocumentPair, Link, Segmentation
from tqcheck.forked import Forked, WorkerUsage, may_fork

AHEAD_MIN_SENTENCES = 4_000
"""Fewer sentences on the shorter side: aligned here. The fork and the result's trip cost tens of
milliseconds, and the rules fork (whose tables the overlap loads early) only from 4,000 links on."""

ENV_SWITCH = "TQCHECK_ALIGN_FORK"
"""``TQCHECK_ALIGN_FORK=0`` always aligns in this process."""

USAGE = WorkerUsage()
"""What the aligning children of this process used (bench/run.py adds it to a check's figures)."""

Steps = list[tuple[tuple[int, ...], tuple[int, ...], float]]


def can_align_ahead(source: Segmentation, target: Segmentation) -> bool:
    """Whether this document is long enough, and this process free, to align in a child."""
    if min(len(source.sentences), len(target.sentences)) < AHEAD_MIN_SENTENCES:
        return False
    return may_fork(ENV_SWITCH, parser_rules=False)


def align_while(
    pair: DocumentPair,
    source: Segmentation,
    target: Segmentation,
    meanwhile: Callable[[], object],
    params: AlignerParams = DEFAULT_PARAMS,
) -> Alignment:
    """``align(pair, source, target)`` (no embeddings), made in a forked child while this process runs ``meanwhile``.

    Where a child may not be forked (:func:`can_align_ahead`) both run here,
    ``meanwhile`` first. An exception of ``meanwhile`` stops the child and
    is raised.
    """
    if not can_align_ahead(source, target):
        meanwhile()
        return align(pair, source, target, params=params)
    try:
        child = Forked(lambda: _steps(align(pair, source, target, params=params)), USAGE)
    except OSError:  # no memory or no process slot: both here
        meanwhile()
        return align(pair, source, target, params=params)
    try:
        meanwhile()
    except BaseException:
        child.cancel()
        raise
    result = child.result()
    if result is None:  # the child failed: the same alignment, made here
        return align(pair, source, target, params=params)
    steps, method = result
    links = tuple(Link(source=s, target=t, cost=c) for s, t, c in steps)
    return Alignment(pair=pair, source=source, target=target, links=links, method=method)


def _steps(alignment: Alignment) -> tuple[Steps, str]:
    """What the parent needs of the child's alignment: its links' indices and costs, and its method."""
    return [(link.source, link.target, link.cost) for link in alignment.links], alignment.method
