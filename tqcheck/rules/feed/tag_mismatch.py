"""TQ702: inline tags or the file's inline codes differ between source and translation."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from tqcheck.datatypes import Finding, Severity
from tqcheck.rules.base import RuleContext
from tqcheck.rules.feed._common import FeedRule, FeedUnit
from tqcheck.rules.feed._markup import iter_missing_extra, misnested, tags


class TagMismatch(FeedRule):
    """Inline tags or the file's inline codes differ between source and translation.

    ## What it does
    Compares the HTML/XML tags written in each unit (`<b>`, `</a>`,
    `<br/>`, by name) and, for XLIFF and TMX, the inline codes the file marks
    (`<x id="1"/>`, `<g id="2">`, `<ph>`, `<bpt>`…, by element and id). It
    reports a tag or code the translation lacks or adds, and tags the
    translation closes in the wrong order (`<b><i>…</b></i>`).

    ## Why is this bad?
    A lost `</b>` makes the rest of the page bold, a lost `<x/>` drops a
    link or an image from the product, and badly nested tags are invalid
    markup that a renderer repairs in its own way.

    ## Example
    French: `Cliquez <a href="/aide">ici</a> pour <b>continuer</b>.`

    English: `Click <a href="/aide">here</a> to continue.`

    ## Use instead
    `Click <a href="/aide">here</a> to <b>continue</b>.`

    ## Fix
    Keep every tag of the source around the words that correspond, and
    close them in the reverse order of opening.
    """

    code = "TQ702"
    name = "tag-mismatch"
    severity = Severity.ERROR

    def check_unit(self, ctx: RuleContext, unit: FeedUnit) -> Iterator[Finding]:
        src_tags, tgt_tags = tags(unit.source), tags(unit.target)
        for kind, tag in iter_missing_extra(src_tags, tgt_tags):
            if kind == "missing":
                yield self.unit_finding(
                    ctx,
                    unit,
                    f"tag {tag.text} of the source is missing from the translation",
                    source=self.unit_span(ctx, unit, "source", tag.start, tag.end),
                    details={"tag": tag.key},
                )
            else:
                yield self.unit_finding(
                    ctx,
                    unit,
                    f"tag {tag.text} is not in the source",
                    target=self.unit_span(ctx, unit, "target", tag.start, tag.end),
                    details={"tag": tag.key},
                )
        bad = misnested(tgt_tags)
        if bad is not None and misnested(src_tags) is None:
            yield self.unit_finding(
                ctx,
                unit,
                f"tag {bad.text} closes out of order (tags must close in the reverse order of opening)",
                target=self.unit_span(ctx, unit, "target", bad.start, bad.end),
            )
        info = unit.info
        if info is None or (not info.source_codes and not info.target_codes):
            return
        src_codes, tgt_codes = Counter(info.source_codes), Counter(info.target_codes)
        missing = sorted((src_codes - tgt_codes).elements())
        extra = sorted((tgt_codes - src_codes).elements())
        whole = self.unit_span(ctx, unit, "target")
        if missing:
            yield self.unit_finding(
                ctx,
                unit,
                f"inline code{'s' if len(missing) > 1 else ''} {', '.join(missing)} of the source "
                f"{'are' if len(missing) > 1 else 'is'} missing from the translation",
                target=whole,
                details={"codes": missing},
            )
        if extra:
            yield self.unit_finding(
                ctx,
                unit,
                f"inline code{'s' if len(extra) > 1 else ''} {', '.join(extra)} "
                f"{'are' if len(extra) > 1 else 'is'} not in the source",
                target=whole,
                details={"codes": extra},
            )
