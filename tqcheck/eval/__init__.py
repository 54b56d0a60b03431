"""Evaluation harness: precision/recall of the rules and quality of the alignment.

``gold`` reads annotated corpora (corpora/README.md describes the format),
``inject`` corrupts clean translations with labelled errors, ``measure``
compares a :class:`~tqcheck.datatypes.Report` with gold labels, and ``run``
ties them together for ``tqcheck eval`` / ``make eval``.
"""
