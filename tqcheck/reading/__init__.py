"""Reading inputs into a :class:`~tqcheck.datatypes.DocumentPair`: files, formats, documents, blocks.

The package reads in one direction, each step once for every format:

* :mod:`~tqcheck.reading.files`: bytes and text (one size limit, one
  binary/UTF-16 check, one UTF-8 decoding, BOM and line ends normalised);
* :mod:`~tqcheck.reading.formats`: one module per input format, each
  declaring its name, suffixes and reader (:mod:`~tqcheck.reading.registry`
  finds them, so a new format is a new file); families of formats share
  :mod:`~tqcheck.reading.lines` (TSV, JSONL), :mod:`~tqcheck.reading.bilingual`
  (XLIFF, TMX, PO; XML in :mod:`~tqcheck.reading.xml_tree`) and
  :mod:`~tqcheck.reading.subtitles` (SRT, WebVTT);
* :mod:`~tqcheck.reading.documents`: texts to documents, with the one path
  from units (:class:`~tqcheck.reading.documents.TextUnit`) to a pair;
* :mod:`~tqcheck.reading.pairs`: :func:`read_pair`, which picks the format
  and its reader, and :func:`pair_from_texts` for in-memory texts;
* :mod:`~tqcheck.reading.blocks`: big files cut into blocks read lazily.
"""

from __future__ import annotations

from tqcheck.reading.files import MAX_BYTES
from tqcheck.reading.pairs import pair_from_texts, read_pair
from tqcheck.reading.registry import format_names, format_of

FORMATS = format_names()
"""Every ``--input-format`` choice, in the registry's order."""

__all__ = ["FORMATS", "MAX_BYTES", "format_of", "pair_from_texts", "read_pair"]
