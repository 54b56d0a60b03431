"""The run-level consistency store: the same conflicts as comparing every segment in memory, without holding them."""

from __future__ import annotations

import gc
import random
import weakref

from tqcheck.datatypes import Span
from tqcheck.rules.feed import consistency
from tqcheck.rules.feed.consistency import Segment, conflicts
from tqcheck.rules.feed.segment_store import SegmentStore

SOURCES = ["Enregistrer", "Ouvrir", "Fermer", "Quitter", "Annuler", "Imprimer"]
TARGETS = ["Save", "Store", "Open", "Close", "Quit", "Cancel", "Print", "save."]


def _segment(doc: int, unit: int, source: str, target: str) -> Segment:
    span = Span("target", 0, 0, len(target), target)
    return Segment(doc, unit, source, target, unit, Span("source", 0, 0, len(source), source), span, f"d{doc}:{unit}")


def _documents(seed: int) -> list[list[Segment]]:
    rng = random.Random(seed)
    return [
        [_segment(d, u, rng.choice(SOURCES), rng.choice(TARGETS)) for u in range(rng.randint(0, 6))]
        for d in range(rng.randint(1, 12))
    ]


def _as_tuples(found) -> list[tuple]:
    return [(c.code, c.segment.doc, c.segment.unit, c.reference.doc, c.reference.unit) for c in found]


def _stored(documents: list[list[Segment]], key_hash=None) -> SegmentStore:
    store = SegmentStore(consistency._source_key, consistency._target_key)
    if key_hash is not None:  # wrap the keys so their hashes collide as the test wants
        store._source_key = lambda s: key_hash(consistency._source_key(s))
        store._target_key = lambda s: key_hash(consistency._target_key(s))
    for doc in documents:
        store.add(doc)
    return store


class _Collide(str):
    """A key whose hash is that of its first letter: unrelated keys share hashes."""

    def __hash__(self) -> int:
        return hash(self[:1])


def test_same_conflicts_as_comparing_everything_in_memory() -> None:
    for seed in range(40):
        documents = _documents(seed)
        everything = [s for doc in documents for s in doc]
        store = _stored(documents)
        assert _as_tuples(conflicts(store.candidates())) == _as_tuples(conflicts(everything)), seed
        store.close()


def test_hash_collisions_never_make_a_false_conflict() -> None:
    # Colliding hashes merge groups: the exact comparison on the real keys still decides, so nothing
    # false comes out (a collision between two values of one group could hide a conflict: 2**-64 a pair).
    for seed in range(20):
        documents = _documents(seed)
        truth = set(_as_tuples(conflicts([s for doc in documents for s in doc])))
        for key_hash in (_Collide, _AllSame):
            store = _stored(documents, key_hash)
            assert set(_as_tuples(conflicts(store.candidates()))) <= truth, seed


class _AllSame(str):
    def __hash__(self) -> int:
        return 7


def test_groups_without_a_second_variant_are_not_read_back() -> None:
    docs = [[_segment(0, 0, "Ouvrir", "Open"), _segment(0, 1, "Enregistrer", "Save")],
            [_segment(1, 0, "Ouvrir", "Open"), _segment(1, 1, "Enregistrer", "Store")]]
    store = _stored(docs)
    assert [(s.doc, s.target) for s in store.candidates()] == [(0, "Save"), (1, "Store")]


def test_segments_are_not_kept_in_memory() -> None:
    segment = _segment(0, 0, "Enregistrer", "Save")
    alive = weakref.ref(segment)
    store = _stored([[segment]])
    del segment
    gc.collect()
    assert alive() is None and len(store) == 1
    store.close()
    assert len(store) == 0 and list(store.candidates()) == []
