"""The segments a run-level consistency check has seen, kept on disk with a few bytes each in memory.

Why: TQ707/TQ708 across a run compare every translated segment with every
other, so they must remember all of them until the last document is in. Held
as :class:`~tqcheck.rules.feed.consistency.Segment` objects that is ~0.7 KB
per segment (texts, spans, label): 700 MB more at the end of a 1,000,000-unit
feed than at 10,000, where the rest of the run is flat. Here each segment is
pickled, a document at a time, to an anonymous temporary file, and memory
keeps only two 64-bit hashes of its comparison keys and where it lies in the
file (24 bytes). At the end, the hashes say which groups can conflict (a
source key with two target keys, or a target key with two source keys);
only those groups' segments are read back and compared on their real keys
(:func:`~tqcheck.rules.feed.consistency.conflicts`), so the findings are
exactly those of the all-in-memory comparison: a hash collision can only
bring an extra group to that exact comparison, never hide one, short of two
different keys sharing a 64-bit hash within one group.
"""

from __future__ import annotations

import pickle
import tempfile
from array import array
from collections.abc import Callable, Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tqcheck.rules.feed.consistency import Segment


class SegmentStore:
    """Segments in arrival order: key hashes in memory, the segments themselves in a temporary file."""

    def __init__(self, source_key: Callable[[Segment], str], target_key: Callable[[Segment], str]) -> None:
        self._source_key = source_key
        self._target_key = target_key
        self._source_hash = array("q")
        self._target_hash = array("q")
        self._batch = array("q")  # which written batch (document) each segment is in
        self._offsets = array("q")  # where each batch starts in the file
        self._file: IO[bytes] | None = None

    def __len__(self) -> int:
        return len(self._source_hash)

    def add(self, segments: Sequence[Segment]) -> None:
        """Remember one document's segments (written to disk at once, so reading back costs one load per document)."""
        if not segments:
            return
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="tqcheck-segments-")  # unlinked at once: nothing left behind
        batch = len(self._offsets)
        self._offsets.append(self._file.seek(0, 2))
        pickle.dump(list(segments), self._file, protocol=pickle.HIGHEST_PROTOCOL)
        for s in segments:
            self._source_hash.append(hash(self._source_key(s)))
            self._target_hash.append(hash(self._target_key(s)))
            self._batch.append(batch)

    def candidates(self) -> Iterator[Segment]:
        """In arrival order, every segment whose source key has two target keys, or target key two source keys.

        Every member of such a group is included, so comparing these on their
        real keys finds every conflict of the whole run and no other.
        """
        import numpy as np

        if not len(self):
            return
        sources = np.frombuffer(self._source_hash, dtype=np.int64)
        targets = np.frombuffer(self._target_hash, dtype=np.int64)
        keep = _in_mixed_groups(sources, targets) | _in_mixed_groups(targets, sources)
        wanted = np.flatnonzero(keep)
        batches = np.frombuffer(self._batch, dtype=np.int64)
        loaded: dict[int, list[Any]] = {}
        starts = np.searchsorted(batches, batches[wanted], side="left")  # a batch's segments are contiguous
        for i, start in zip(wanted.tolist(), starts.tolist(), strict=True):
            batch = int(batches[i])
            if batch not in loaded:
                loaded.clear()  # batches come in order: one in memory at a time
                loaded[batch] = self._load(batch)
            yield loaded[batch][i - start]

    def _load(self, batch: int) -> list[Any]:
        assert self._file is not None
        self._file.seek(self._offsets[batch])
        return pickle.load(self._file)  # noqa: S301 - our own file, written by this process

    def close(self) -> None:
        """Forget every segment and delete the file."""
        if self._file is not None:
            self._file.close()
            self._file = None
        for table in (self._source_hash, self._target_hash, self._batch, self._offsets):
            del table[:]


def _in_mixed_groups(keys: Any, values: Any) -> Any:
    """A mask: the rows whose ``keys`` group holds more than one distinct ``values``."""
    import numpy as np

    order = np.lexsort((values, keys))
    k, v = keys[order], values[order]
    starts = np.ones(len(k), dtype=bool)
    starts[1:] = k[1:] != k[:-1]
    group = np.cumsum(starts) - 1
    changes = np.zeros(len(k), dtype=bool)
    changes[1:] = (v[1:] != v[:-1]) & ~starts[1:]
    mixed = np.bincount(group, weights=changes) > 0
    mask = np.zeros(len(k), dtype=bool)
    mask[order] = mixed[group]
    return mask
