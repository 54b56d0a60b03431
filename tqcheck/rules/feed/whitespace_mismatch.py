"""TQ703: leading or trailing white space, or a doubled space, that the source does not have."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tqcheck.datatypes import Finding, Severity
from tqcheck.rules.base import RuleContext
from tqcheck.rules.feed._common import FeedRule, FeedUnit

_LEAD = re.compile(r"^[ \t\u00a0\u202f]*")
_TRAIL = re.compile(r"[ \t\u00a0\u202f]*$")
_DOUBLE = re.compile(r"(?<=\S)[ \u00a0]{2,}(?=\S)")


def _show(ws: str) -> str:
    if not ws:
        return "none"
    return f"{len(ws)} space{'s' if len(ws) > 1 else ''}" if set(ws) == {" "} else repr(ws)


class WhitespaceMismatch(FeedRule):
    """Leading or trailing white space, or a doubled space, that the source does not have.

    ## What it does
    For each unit, compares the white space at the start and at the end of
    the translation with the source's (as the file holds them: a TSV cell,
    an XLIFF `<target>`, a PO `msgstr`), and flags two or more spaces in a
    row inside the translation where the source has none.

    ## Why is this bad?
    In a feed, strings are glued together by the program: a leading space
    the source has separates two strings ("Total:" + " 12 €"), and one it
    lacks is doubled on screen; a trailing space lost or added changes how
    the next string joins. A doubled space inside is a typing slip.

    ## Example
    French: `Total :` (followed by a value the program appends) → ` 12 €`

    English: `Total:` and `12 €` (leading space lost)

    ## Use instead
    ` 12 €`, with the leading space the source has.

    ## Fix
    Give the translation the source's spaces at both ends; make doubled
    spaces single.
    """

    code = "TQ703"
    name = "whitespace-mismatch"
    severity = Severity.WARNING

    def check_unit(self, ctx: RuleContext, unit: FeedUnit) -> Iterator[Finding]:
        if unit.info is not None:
            src, tgt = unit.source_raw, unit.target_raw
            whole = self.unit_span(ctx, unit, "target")
            for where, pattern in (("leading", _LEAD), ("trailing", _TRAIL)):
                s_ws = pattern.search(src).group()  # type: ignore[union-attr]
                t_ws = pattern.search(tgt).group()  # type: ignore[union-attr]
                if s_ws.replace("\u00a0", " ").replace("\u202f", " ") != t_ws.replace("\u00a0", " ").replace("\u202f", " "):
                    if not src.strip():
                        continue
                    yield self.unit_finding(
                        ctx,
                        unit,
                        f"{where} white space differs: {_show(s_ws)} in the source, {_show(t_ws)} in the translation",
                        target=whole,
                        suggestion=f"{where} white space as in the source ({_show(s_ws)})",
                        details={"where": where, "source": s_ws, "target": t_ws},
                    )
        if _DOUBLE.search(unit.source):
            return
        for m in _DOUBLE.finditer(unit.target):
            yield self.unit_finding(
                ctx,
                unit,
                f"{len(m.group())} spaces in a row; the source has single spaces",
                target=self.unit_span(ctx, unit, "target", m.start(), m.end()),
                suggestion=" ",
            )
