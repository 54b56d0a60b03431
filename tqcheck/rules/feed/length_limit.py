"""TQ704: a translation longer than the unit's length limit (XLIFF maxwidth, or config)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tqcheck.datatypes import Finding, Severity
from tqcheck.rules.base import RuleContext
from tqcheck.rules.feed._common import FeedRule, FeedUnit
from tqcheck.rules.options import RuleOptions, option

_CHARS = {"char", "chars", "character", "characters", "codepoint", "codepoints"}
_BYTES = {"byte", "bytes"}


@dataclass(frozen=True)
class LengthLimitOptions(RuleOptions):
    """Options of TQ704."""

    max_length: int | None = option(
        None, "a limit in characters for every unit whose file sets none.", example="42", minimum=1
    )


class LengthLimit(FeedRule):
    """A translation longer than the unit's length limit (XLIFF maxwidth, or config).

    ## What it does
    Measures each translation against its limit: the XLIFF 1.2 `maxwidth`
    of the trans-unit with `size-unit="char"` (characters) or `"byte"`
    (UTF-8 bytes), XLIFF 2's `slr:sizeRestriction` (characters), or
    `max-length` (characters) set for the rule in config, which applies to
    every unit of files that set no limit of their own. Limits in pixels or
    other display units cannot be measured without the font and are left
    alone.

    ## Why is this bad?
    The limit is there because the text must fit: a button, an SMS, a
    subtitle line, a database column. A longer string is cut off or
    overflows on screen, often where nobody checks.

    ## Example
    `<trans-unit maxwidth="10" size-unit="char">`, French: `Enregistrer`

    English: `Save the changes` (16 characters)

    ## Use instead
    `Save` (4 characters)

    ## Fix
    Shorten the translation below the limit, with a shorter word or a
    standard abbreviation.
    """

    code = "TQ704"
    name = "length-limit"
    severity = Severity.ERROR
    Options = LengthLimitOptions

    def _config_limit(self) -> int | None:
        assert isinstance(self.options, LengthLimitOptions)
        return self.options.max_length

    def check_unit(self, ctx: RuleContext, unit: FeedUnit) -> Iterator[Finding]:
        info = unit.info
        limit, size_unit, origin = None, "char", "config max-length"
        if info is not None and info.max_width is not None:
            limit, size_unit, origin = info.max_width, (info.size_unit or "pixel"), "the file's maxwidth"
        else:
            limit = self._config_limit()
        if limit is None or size_unit not in _CHARS | _BYTES:
            return
        text = unit.target_raw.strip() if info is not None else unit.target
        size = len(text.encode("utf-8")) if size_unit in _BYTES else len(text)
        if size <= limit:
            return
        what = "bytes" if size_unit in _BYTES else "characters"
        yield self.unit_finding(
            ctx,
            unit,
            f"translation is {size} {what}, over the limit of {limit} ({origin})",
            target=self.unit_span(ctx, unit, "target"),
            details={"length": size, "limit": limit, "unit": what},
        )
