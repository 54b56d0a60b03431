"""TQ303: the same number with a different unit or currency on the other side."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from tqcheck.datatypes import Finding, Severity
from tqcheck.lang.quantities import Quantity, converts, quantities, units, values_match
from tqcheck.languages import load_yaml, pair_file
from tqcheck.rules.base import LinkContext, Rule
from tqcheck.rules.numbers._common import once_per_quiet_link, per_sentence, translated_links_only


@lru_cache(maxsize=4)
def _forms(pair: str, lang: str) -> dict[str, tuple[str, ...]]:
    data = load_yaml(pair_file(pair, "units.yaml")) or {}
    return {uid: tuple(str(f) for f in spec.get(lang, ())) for uid, spec in (data.get("units") or {}).items()}


def _suggest(q: Quantity, r: Quantity, text: str, pair: str, lang: str) -> str | None:
    """The translation's quantity with the source's unit, in the translation's style:
    "50 g" → "50 mg", "320-mile" → "320-kilometre", "$5 million" → "€5 million"."""
    if r.unit_start < 0:
        return None
    written = text[r.unit_start : r.unit_end]
    forms = [f for u in sorted(q.units) for f in _forms(pair, lang).get(u, ())]
    if not forms:
        return None
    if len(written) <= 3 or not written.isalpha():
        short = [f for f in forms if len(f) <= 3 or not f.isalpha()]
        unit = min(short or forms, key=len)
    else:
        plural = written.endswith("s")
        words = [f for f in forms if f.isalpha() and len(f) > 3 and f.endswith("s") == plural]
        unit = max(words or forms, key=len)
    a, b = min(r.start, r.unit_start), max(r.end, r.unit_end)
    return text[a : r.unit_start] + unit + text[r.unit_end : b]


def _extent(q: Quantity) -> tuple[int, int]:
    if q.unit_start < 0:
        return q.start, q.end
    return min(q.start, q.unit_start), max(q.end, q.unit_end)


class UnitMismatch(Rule):
    """A quantity keeps its number but changes its unit or currency ("30 km" → "30 miles").

    Units are read from both sides (``pairs/fr-en/units.yaml``): "km",
    "kilomètres", "kilometers" and "kms" are one unit, "km/h" and "kph" are
    one unit, "€", "euros" and "EUR" are one currency. A correct conversion
    ("8 km" ↔ "5 miles") is not a mismatch.

    ## What it does
    Flags a source quantity whose number reappears in the translation with a
    different unit or currency, and no correct conversion of it.

    ## Why is this bad?
    "30 miles" for "30 kilomètres" is 60% too far; "$5 million" for
    "5 millions d'euros" is a different sum. Such errors pass number checks
    because the figure itself is unchanged.

    ## Example
    French: « L'armée se trouve à 30 kilomètres de la ville. »

    English: "The army is 30 miles from the town."

    ## Use instead
    "The army is 30 kilometers from the town." (or "about 19 miles")

    ## Fix
    The source's unit, in English, is suggested.
    """

    code = "TQ303"
    eval_family = "unit"
    name = "unit-mismatch"
    severity = Severity.ERROR

    @once_per_quiet_link
    @translated_links_only
    def check(self, ctx: LinkContext) -> Iterator[Finding]:
        pair = ctx.pair_code
        table = units(pair, ctx.alignment.source.lang)
        src = [
            (s, q)
            for s, q in per_sentence(ctx, "source", lambda t, lang: quantities(t, lang, pair))
            if q.units
        ]
        if not src:
            return
        tgt = [
            (s, q)
            for s, q in per_sentence(ctx, "target", lambda t, lang: quantities(t, lang, pair))
            if q.units
        ]
        used: set[int] = set()
        for ss, q in src:
            if q.unit_start < 0:
                continue  # "90" of "90 à 100 km/h": its unit is the range's, reported with "100 km/h"
            if any(values_match(q, r) and (q.units & r.units) for _, r in tgt):
                continue
            if any(converts(q, r, table) for _, r in tgt):
                continue
            for k, (st, r) in enumerate(tgt):
                if k in used or not values_match(q, r) or not q.ordinal == r.ordinal:
                    continue
                # the target unit may belong to another source quantity of the same value
                if any(values_match(o, r) and (o.units & r.units) for _, o in src):
                    continue
                used.add(k)
                a, b = _extent(q)
                c, d = _extent(r)
                dims = {table.dims.get(u) for u in q.units}
                what = "currency" if "currency" in dims else "unit"
                suggestion = _suggest(q, r, st.text, pair, ctx.alignment.target.lang)
                yield self.finding(
                    ctx,
                    f"{what} differs: '{q.text if q.unit_start < 0 else ss.text[a:b]}' in the source, "
                    f"'{st.text[c:d]}' in the translation",
                    source=ctx.sentence_span("source", ss, a, b),
                    target=ctx.sentence_span("target", st, c, d),
                    suggestion=suggestion,
                    details={"source_units": sorted(q.units), "target_units": sorted(r.units)},
                )
                break
