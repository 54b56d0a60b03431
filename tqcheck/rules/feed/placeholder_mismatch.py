"""TQ701: a placeholder of the source is missing from the translation, added, or moved where order matters."""

from __future__ import annotations

from collections.abc import Iterator

from tqcheck.datatypes import Finding, Severity
from tqcheck.rules.base import RuleContext
from tqcheck.rules.feed._common import FeedRule, FeedUnit
from tqcheck.rules.feed._formats import GUESSED, syntaxes
from tqcheck.rules.feed._markup import Markup, iter_missing_extra, markup

# English needs these plural categories; "other" is required by ICU itself.
_ENGLISH_PLURAL = {"one", "other"}


class PlaceholderMismatch(FeedRule):
    """A placeholder of the source is missing from the translation, added, or moved where order matters.

    ## What it does
    Compares the placeholders of each unit: printf style (`%s`, `%d`,
    `%(name)s`, `%1$s`), brace style (`{0}`, `{name}`, `{{name}}`,
    `${name}`) and ICU MessageFormat arguments (`{count, plural, …}`,
    `{gender, select, …}`). It reports a placeholder the translation lacks,
    one it adds, unnamed printf placeholders whose order changed (`%s … %d`
    → `%d … %s`), an ICU `select` whose keys differ from the source's, and
    an ICU `plural` without the `other` branch English needs.

    A PO entry's format flag decides which syntax counts, as `msgfmt --check`
    takes it: `c-format`/`python-format` mean printf only, and
    `python-brace-format` means `str.format` fields only (`{user.name}`,
    `{0[1]}`); `no-c-format` makes `%d` plain text. A plural form used for
    a single number (English `msgstr[0]`, "One file") may drop placeholders,
    as `msgfmt` allows, unless the unnamed printf ones left would then
    receive other values; every other form must keep them all.

    ## Why is this bad?
    Placeholders are filled in by the program at run time. A missing one
    loses a value ("You have messages"), an extra or misspelled one crashes
    the formatter or prints raw code, and swapped unnamed `%s`/`%d` receive
    each other's values.

    ## Example
    French: `Bonjour %(name)s, vous avez %(count)d messages`

    English: `Hello, you have %(count)d messages`

    ## Use instead
    `Hello %(name)s, you have %(count)d messages`

    ## Fix
    Copy each placeholder exactly as the source writes it; to change the
    order of unnamed printf placeholders, number them (`%1$s`, `%2$d`).
    """

    code = "TQ701"
    name = "placeholder-mismatch"
    severity = Severity.ERROR

    def check_unit(self, ctx: RuleContext, unit: FeedUnit) -> Iterator[Finding]:
        info = unit.info
        syntax = syntaxes(info.formats) if info is not None else GUESSED
        src, tgt = markup(unit.source, syntax), markup(unit.target, syntax)
        if not src.placeholders and not tgt.placeholders:
            return
        may_omit = info is not None and info.may_omit_placeholders and _omission_is_safe(src, tgt)
        for kind, p in iter_missing_extra(src.placeholders, tgt.placeholders):
            if kind == "missing":
                if may_omit:
                    continue
                yield self.unit_finding(
                    ctx,
                    unit,
                    f"placeholder {p.text} of the source is missing from the translation",
                    source=self.unit_span(ctx, unit, "source", p.start, p.end),
                    details={"placeholder": p.key},
                )
            else:
                yield self.unit_finding(
                    ctx,
                    unit,
                    f"placeholder {p.text} is not in the source",
                    target=self.unit_span(ctx, unit, "target", p.start, p.end),
                    details={"placeholder": p.key},
                )
        src_order = [p.key for p in src.placeholders if p.ordered]
        tgt_order = [p.key for p in tgt.placeholders if p.ordered]
        if src_order != tgt_order and sorted(src_order) == sorted(tgt_order):
            first = next(p for p, want in zip((p for p in tgt.placeholders if p.ordered), src_order, strict=True) if p.key != want)
            yield self.unit_finding(
                ctx,
                unit,
                f"unnamed placeholders in another order ({' '.join(src_order)} in the source, "
                f"{' '.join(tgt_order)} in the translation): they receive each other's values",
                target=self.unit_span(ctx, unit, "target", first.start, first.end),
                suggestion="number them (%1$s, %2$d) or keep the source order",
            )
        src_args = {a.name: a for a in src.icu}
        for arg in tgt.icu:
            other = src_args.get(arg.name)
            if other is None:
                continue
            span = self.unit_span(ctx, unit, "target", arg.start, arg.end)
            if other.type != arg.type:
                yield self.unit_finding(ctx, unit, f"ICU argument {{{arg.name}}} is a {arg.type} here, a {other.type} in the source", target=span)
            elif arg.type == "select" and set(arg.keys) != set(other.keys):
                lost = sorted(set(other.keys) - set(arg.keys))
                added = sorted(set(arg.keys) - set(other.keys))
                what = "; ".join(x for x in (f"missing {', '.join(lost)}" if lost else "", f"not in the source: {', '.join(added)}" if added else "") if x)
                yield self.unit_finding(ctx, unit, f"ICU select {{{arg.name}}} has other keys than the source ({what})", target=span)
            elif arg.type in ("plural", "selectordinal") and "other" not in arg.keys:
                yield self.unit_finding(
                    ctx, unit, f"ICU {arg.type} {{{arg.name}}} has no 'other' branch, which ICU requires", target=span
                )


def _omission_is_safe(src: Markup, tgt: Markup) -> bool:
    """Whether dropping placeholders leaves the unnamed printf ones their values: the kept ones are a prefix of the source's.

    printf hands unnamed directives the arguments in order, so "One file in
    %s" for "%d fichier dans %s" would print the count where the folder goes.
    """
    src_order = [p.key for p in src.placeholders if p.ordered]
    tgt_order = [p.key for p in tgt.placeholders if p.ordered]
    return tgt_order == src_order[: len(tgt_order)]
