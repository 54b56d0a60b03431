"""One module per input format, each declaring ``READER = Reader(...)`` (:mod:`tqcheck.reading.registry`).

A module here is found by walking this package, so adding a format is adding
a file: its name, suffixes and reader become an ``--input-format`` choice, a
suffix discovery recognises and, when it can be cut, a streamed format. What a
family of formats shares lives beside this package (:mod:`~tqcheck.reading.lines`
for line feeds, :mod:`~tqcheck.reading.bilingual` for unit files,
:mod:`~tqcheck.reading.subtitles` for cue files).
"""
