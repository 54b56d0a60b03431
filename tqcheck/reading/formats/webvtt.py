"""WebVTT subtitles, parsed by ``webvtt-py``; a cue's id is its identifier, else its number."""

from __future__ import annotations

from pathlib import Path

from tqcheck.datatypes import InputProblem
from tqcheck.errors import InputError
from tqcheck.reading.subtitles import Cue, plain, subtitle_format


def parse_cues(text: str, path: Path, problems: list[InputProblem] | None) -> list[Cue]:
    """The cues of a WebVTT text; a malformed file is one error (the parser does not resume)."""
    import webvtt
    from webvtt.errors import MalformedFileError

    try:
        vtt = webvtt.from_string(text)
    except (MalformedFileError, ValueError) as exc:
        raise InputError(f"{path.name}: malformed WebVTT ({exc}); it must start with WEBVTT") from None
    return [
        Cue(c.identifier or str(i), _seconds(c.start), _seconds(c.end), plain(c.raw_text), None)
        for i, c in enumerate(vtt, 1)
    ]


def _seconds(stamp: str) -> float:
    """``01:02:03.456`` or ``02:03.456`` → seconds."""
    seconds = 0.0
    for part in stamp.replace(",", ".").split(":"):
        seconds = seconds * 60 + float(part)
    return seconds


READER = subtitle_format("webvtt", (".vtt", ".webvtt"), 7, parse_cues, aliases=("vtt",))
