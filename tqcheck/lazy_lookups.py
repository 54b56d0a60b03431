"""spaCy lookup tables read lazily: a lemma list is made when the lemmatizer looks its form up.

Why: the French lemmatizer's ``lemma_lookup`` (217,000 forms) and
``lemma_exc`` (176,000 forms under nine parts of speech) are looked up a few
hundred times in a one-page check, but rebuilding them as spaCy does (an
ordered dict of small lists each) took ~0.2 CPU-s of the pipeline's load, on
the way to the check's first parse. :mod:`tqcheck.spacy_startup` stores such
tables in the sorted form :func:`sorted_lists` makes; :class:`LazyLists`
answers from it by binary search, and :func:`lazy_table_class` gives the
:class:`~spacy.lookups.Table` that uses it and behaves as spaCy's own for any
other use.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections import OrderedDict, deque
from collections.abc import Iterator, Mapping
from functools import lru_cache
from itertools import accumulate, repeat
from typing import Any


def sorted_lists(keys: list[Any], values: list[list[str]]) -> tuple:
    """``keys`` → ``values`` as :class:`LazyLists` reads them: keys sorted, each list's strings at offsets."""
    ranked = sorted(range(len(keys)), key=keys.__getitem__)  # sorted position → original position
    order = array("I", bytes(4 * len(keys)))
    for position, original in enumerate(ranked):
        order[original] = position
    texts = ["\0".join(values[j]) for j in ranked]
    sorted_keys = [keys[j] for j in ranked]
    packed_keys = (
        "\0".join(sorted_keys) if keys and type(keys[0]) is str else array("Q", sorted_keys).tobytes()
    )
    return (
        packed_keys,
        order.tobytes(),
        array("I", (len(values[j]) for j in ranked)).tobytes(),
        array("I", accumulate(map(len, texts), initial=0)).tobytes(),
        "".join(texts),
    )


class LazyLists(Mapping):
    """Key → list of strings, each list made (once) when first looked up, from the sorted form of :func:`sorted_lists`.

    Reading it costs a few array copies instead of a dict of 200,000 lists; a
    look-up is a binary search. It answers as the dict it replaces: the keys
    in their order, each value an equal list, the same list object at every
    look-up. Read-only (nothing in the lemmatizer writes to these tables).
    """

    __slots__ = ("_keys", "_lengths", "_made", "_offsets", "_order", "_text")

    def __init__(self, keys: bytes | str, order: bytes, lengths: bytes, offsets: bytes, text: str) -> None:
        if isinstance(keys, bytes):
            self._keys: Any = array("Q")
            self._keys.frombytes(keys)
        else:
            self._keys = keys.split("\0")
        self._order, self._lengths, self._offsets = array("I"), array("I"), array("I")
        self._order.frombytes(order)
        self._lengths.frombytes(lengths)
        self._offsets.frombytes(offsets)
        n = len(self._keys)
        if not (len(self._order) == len(self._lengths) == n == len(self._offsets) - 1):
            raise ValueError("lazy lists: parts of different lengths")
        self._text = text
        self._made: dict[int, list[str]] = {}

    def _find(self, key: Any) -> int:
        try:
            i = bisect_left(self._keys, key)
        except TypeError:  # a key of another type: not there, as in a dict
            return -1
        return i if i < len(self._keys) and self._keys[i] == key else -1

    def _at(self, i: int) -> list[str]:
        made = self._made.get(i)
        if made is None:
            n = self._lengths[i]
            text = self._text[self._offsets[i] : self._offsets[i + 1]]
            made = [] if n == 0 else [text] if n == 1 else text.split("\0")
            self._made[i] = made
        return made

    def __getitem__(self, key: Any) -> list[str]:
        i = self._find(key)
        if i < 0:
            raise KeyError(key)
        return self._at(i)

    def get(self, key: Any, default: Any = None) -> Any:
        i = self._find(key)
        return default if i < 0 else self._at(i)

    def __contains__(self, key: object) -> bool:
        return self._find(key) >= 0

    def __iter__(self) -> Iterator[Any]:
        keys = self._keys
        return (keys[i] for i in self._order)

    def __len__(self) -> int:
        return len(self._keys)


@lru_cache(maxsize=1)
def lazy_table_class() -> type:
    """:class:`~spacy.lookups.Table` made lazy (a function: spaCy is imported only when a pipeline loads)."""
    from spacy.lookups import Table
    from spacy.strings import get_string_id

    class LazyTable(Table):
        """A lookups table whose lemma lists are made when looked up (its entries, or its values, are :class:`LazyLists`).

        ``get``, ``[]`` and ``in`` (all the lemmatizer uses) answer from the
        lazy entries; any other use (iterating, ``len``, serialising,
        writing) first fills the table as spaCy's own loading would, then
        behaves as a plain :class:`~spacy.lookups.Table`.
        """

        def __init__(self, name: str, entries: Mapping[int, Any], bloom: Any) -> None:
            Table.__init__(self, name=name, data={})
            self.bloom = bloom
            self._entries: Mapping[int, Any] | None = entries

        def filled(self) -> Any:
            """The table as spaCy's loading makes it: every entry in it, nested lazy dicts made dicts."""
            entries, self._entries = self._entries, None
            if entries is not None:
                values = (
                    dict(v) if isinstance(v, LazyLists) else v for v in map(entries.__getitem__, entries)
                )
                deque(map(OrderedDict.__setitem__, repeat(self), entries, values), maxlen=0)
            return self

        def __getitem__(self, key: str | int) -> Any:
            if self._entries is None:
                return Table.__getitem__(self, key)
            return self._entries[get_string_id(key)]

        def get(self, key: str | int, default: Any = None) -> Any:
            if self._entries is None:
                return Table.get(self, key, default)
            return self._entries.get(get_string_id(key), default)

        def __contains__(self, key: object) -> bool:
            if self._entries is None:
                return Table.__contains__(self, key)
            key = get_string_id(key)  # type: ignore[arg-type]
            return key in self.bloom and key in self._entries

        def __reduce__(self) -> Any:
            return (Table, *OrderedDict.__reduce__(self.filled())[1:])  # a pickle holds a plain Table

    def filling(name: str) -> Any:
        method = getattr(Table, name)

        def fill_first(self: Any, *args: Any, **kwargs: Any) -> Any:
            return method(self.filled(), *args, **kwargs)

        fill_first.__name__ = name
        return fill_first

    for name in _FILLING_METHODS:
        setattr(LazyTable, name, filling(name))
    return LazyTable


_FILLING_METHODS = (
    "__iter__", "__len__", "__reversed__", "__eq__", "__ne__", "__repr__", "__delitem__", "__setitem__",
    "__or__", "__ior__", "__ror__", "__sizeof__", "keys", "values", "items", "copy", "pop", "popitem",
    "setdefault", "update", "clear", "move_to_end", "set", "to_bytes", "from_bytes",
)  # fmt: skip
