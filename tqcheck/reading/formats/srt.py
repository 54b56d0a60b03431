"""SubRip (SRT) subtitles, parsed by :mod:`srt`; a malformed stretch is skipped when the rest parses."""

from __future__ import annotations

import logging
from pathlib import Path

from tqcheck.datatypes import InputProblem
from tqcheck.errors import InputError
from tqcheck.reading.subtitles import Cue, plain, subtitle_format

_MALFORMED = "malformed SRT (expected a cue number and a 'start --> end' line)"


def parse_cues(text: str, path: Path, problems: list[InputProblem] | None) -> list[Cue]:
    """The cues of an SRT text; a broken stretch is a problem when ``problems`` is given and a cue survives."""
    import srt

    try:
        subs = list(srt.parse(text))
    except (srt.SRTParseError, ValueError) as exc:
        where = text.count("\n", 0, getattr(exc, "expected_start", 0) or 0) + 1
        logging.getLogger("srt").setLevel(logging.ERROR)  # the skip is reported as a problem, not logged
        try:
            subs = list(srt.parse(text, ignore_errors=True))
        except (srt.SRTParseError, ValueError):
            subs = []
        if problems is None or not subs:
            raise InputError(f"{path.name}:{where}: {_MALFORMED}") from None
        problems.append(InputProblem(str(path), where, f"{_MALFORMED}; the text there is skipped"))
    return [
        Cue(str(s.index), s.start.total_seconds(), s.end.total_seconds(), plain(s.content), None)
        for s in subs
    ]


READER = subtitle_format("srt", (".srt",), 6, parse_cues)
