"""The rules run over a document's first sentences, findings dropped: what they read gets loaded.

Why: the first block of a long document's rules cost ~3 CPU-s more than a
later one (issue #13): the word lists and tables the rules read are loaded,
and the whole-document indexes of TQ304 (names searched in the whole other
side) are built, on first use. None of that needs the alignment, so
:func:`tqcheck.aligning.ahead.align_while` runs this while a forked child
aligns the document. The head of the document is aligned here on its own
(a few hundred sentences: tens of milliseconds) so the rules see the real
text; the document's ``pair`` is the real one, so the whole-document indexes
(keyed by the document's text) are the ones the real check reads.

The findings cannot change: what the rules keep between calls is pure memo
caches (keyed by text, or by the identity of an alignment object, and this
alignment is a different object), and document states are made per
:func:`~tqcheck.rules.engine.run_rules` call.
"""

from __future__ import annotations

from tqcheck.aligning.aligner import align
from tqcheck.config import Config
from tqcheck.datatypes import DocumentPair, Scores, Segmentation
from tqcheck.nlp import Analysis
from tqcheck.rules.engine import run_rules

HEAD_SENTENCES = 300
"""Sentences of each side the rules warm up on: enough text to reach the tables most documents need,
and at ~1 ms a link about as long as the table loading itself, so it ends before a long document's
alignment (~2.4 CPU-s at 20,000 pairs) does; the per-text caches it fills serve the real first block."""


def warm_rules(
    pair: DocumentPair,
    source: Segmentation,
    target: Segmentation,
    config: Config,
    head: int = HEAD_SENTENCES,
) -> None:
    """Run the rules of ``config`` over the first ``head`` sentences of each side, findings dropped.

    An exception is ignored: the warm-up only saves time, and an error of a
    rule is met again, and reported, when the rules check the real links.
    """
    src = Segmentation(document=source.document, sentences=source.sentences[:head])
    tgt = Segmentation(document=target.document, sentences=target.sentences[:head])
    try:
        alignment = align(pair, src, tgt)
        run_rules(alignment, Scores.empty(len(alignment.links)), config, Analysis(alignment))
    except Exception:  # noqa: BLE001 - see the docstring
        return
