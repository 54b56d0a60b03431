"""A long document's first French block sent to the parser's helper process before alignment.

Why: in a document longer than one block of the rules engine
(:data:`tqcheck.nlp.HERE_AFTER_LINKS` links), the pronoun rule (TQ201) parses
its first block's French in the main process, because when the rules start
nothing has been sent ahead and waiting for the helper would leave this
process idle; the helper then parses each next block while this process runs
the rules on the one before. But the helper's core is idle while this process
aligns (and scores): on the 5,000-pair bench document that is ~2–3 s, and
the first block's parses and entities cost this process ~2.5 CPU-s (635
sentences parsed and their entities found, counted on the bench document).
So, once the sentence vectors are made (the encoder uses both cores), the
first :data:`AHEAD_SENTENCES` French sentences go to the helper, all of them
(which of them TQ201 reads depends on the alignment, not made yet: a few
hundred more sentences are parsed than read, on the core that would idle).
:class:`tqcheck.nlp.Analysis` takes them as sent ahead (:meth:`Analysis.adopt
<tqcheck.nlp.Analysis.adopt>`), as if TQ201 had prefetched them. The tokens
and entities are those the main process would have found: spaCy's analysis
of a sentence does not depend on its batch (tests/test_spacy_worker.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tqcheck.datatypes import Segmentation, Side

AHEAD_SENTENCES = 1_000
"""French sentences sent ahead: about the pronoun rule's first block (:data:`PREPARE_LINKS` links)."""


@dataclass(frozen=True)
class Ahead:
    """Sentences sent to the helper process: their side, texts (sentences ``0..len(texts)-1``) and the reply."""

    side: Side
    texts: list[str]
    future: Any


def parse_ahead(source: Segmentation, ner_if: Callable[[list[Any]], bool] | None = None) -> Ahead | None:
    """Send the first :data:`AHEAD_SENTENCES` sentences of ``source`` to the helper process, if worth it.

    Only for a document longer than one rules block (shorter ones are sent
    by TQ201 itself as the rules start) and where a helper process serves
    this process. ``ner_if`` picks the sentences whose entities are found
    too (a module-level function of a sentence's tokens); by default the
    test by which TQ201's resolver asks for them, so its first block finds
    them ready.
    """
    from tqcheck import spacy_worker
    from tqcheck.nlp import HERE_AFTER_LINKS

    if len(source.sentences) <= HERE_AFTER_LINKS or not spacy_worker.serves(source.lang):
        return None
    if ner_if is None:
        from tqcheck.lang.antecedents import Resolver

        ner_if = Resolver._wants_ner
    texts = [s.text for s in source.sentences[:AHEAD_SENTENCES]]
    try:
        future = spacy_worker.submit("prepare", texts, 64, ner_if)
    except EOFError:
        return None
    return Ahead("source", texts, future)
