"""TQ302: a date or a time that differs between source and translation."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import replace

from tqcheck.datatypes import Finding, Sentence, Severity
from tqcheck.lang.quantities import quantities
from tqcheck.rules.base import LinkContext, Rule
from tqcheck.rules.facts import LinkFact
from tqcheck.rules.numbers._common import per_sentence, whole_side
from tqcheck.rules.numbers._dates import DatePart, date_parts

HOLIDAY_NAME_RE = re.compile(r"\b[A-Z][\w']+(?:'s)? (?:Day|Eve)\b")
EN_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
EN_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _english_date(p: DatePart) -> str:
    """ "Monday, November 13, 2023", "March 2025", "March 5": the parts the source gives."""
    parts = []
    if p.weekday:
        parts.append(EN_WEEKDAYS[p.weekday - 1] + ("," if p.month else ""))
    if p.month:
        parts.append(EN_MONTHS[p.month - 1])
        if p.day:
            parts.append(f"{p.day}," if p.year else str(p.day))
    if p.year:
        parts.append(str(p.year))
    return " ".join(parts)


# "dans la nuit de mardi", "la nuit du samedi", "dans les premières heures de dimanche", "nuit menant au lundi"
NIGHT_BEFORE_RE = re.compile(r"\b(?:nuit|premières heures|petit matin|aube)\b[^.;!?]{0,20}$", re.I)


def _night_of(text: str, p: DatePart) -> bool:
    """Whether the weekday ``p`` of a French sentence names a night, which English names by its eve."""
    return p.weekday is not None and bool(NIGHT_BEFORE_RE.search(text[max(0, p.start - 40) : p.start]))


def _day_before(weekday: int | None) -> int:
    return ((weekday or 1) - 2) % 7 + 1


def _said_as_weekday(
    p: DatePart, src: list[tuple[Sentence, DatePart]], tgt: list[tuple[Sentence, DatePart]]
) -> bool | None:
    """Whether a day of the month the translation leaves out is named by a weekday instead.

    News translation names a recent date by its weekday ("le 28 septembre" →
    "on Friday"). ``True``: the date has a year and falls on a weekday the
    translation gives; ``None``: a weekday stands in its place but, without a
    year, cannot be checked; ``False``: no weekday stands in for it, or it is the
    wrong day of that year (a changed date, still an error).
    """
    if p.day is None or p.weak or p.weekday:
        return False
    source_weekdays = {q.weekday for _, q in src if q.weekday}
    stand_ins = {q.weekday for _, q in tgt if q.weekday and not q.weak and not q.month} - source_weekdays
    if not stand_ins:
        return False
    if p.year is None:
        return None
    try:
        return datetime.date(p.year, p.month or 1, p.day).isoweekday() in stand_ins
    except ValueError:
        return False


#: What a finding's message adds for each answer of :func:`_said_as_weekday`.
_WEEKDAY_INSTEAD = {True: ", which names its weekday instead", None: ", which names a weekday instead", False: ""}


def _time_text(p: DatePart) -> str:
    h = min(p.hours)
    suffix = "a.m." if h < 12 else "p.m."
    h12 = h % 12 or 12
    return f"{h12}:{p.minute:02d} {suffix}" if p.minute else f"{h12} {suffix}"


class DateTimeMismatch(Rule):
    """A weekday, day, month, year or time of day differs between source and translation.

    "lundi 13 novembre" and "Monday, November 13" agree; "8 h 30", "8h30" and
    "8:30 a.m." agree; "20 heures" and "8 p.m." agree. An English hour
    without a.m./p.m. may be either half of the day; "8h le soir" is
    "8 in the evening", "at 17.40" is a time. A French night is named by the
    day it ends ("dans la nuit de dimanche"), an English one by its eve
    ("Saturday night"): both agree. News translation names a recent date by
    its weekday ("le 28 septembre" → "on Friday"): that is info, and an error
    only when the date has a year and falls on another day.

    ## What it does
    Compares the weekday and month names, day numbers, years and clock times
    of the two sides of a link and flags any that is missing or different.

    ## Why is this bad?
    A wrong date or time in a news report or a notice sends readers to the
    wrong place at the wrong moment; number checks alone miss weekday and
    month names.

    ## Example
    French: « Lundi 13 novembre, l'armée a repris sa progression vers 8 h. »

    English: "On Tuesday, November 13, the army resumed its advance around 8 p.m."

    ## Use instead
    "On Monday, November 13, the army resumed its advance around 8 a.m."

    ## Fix
    The source's weekday, month or time is suggested in English.
    """

    code = "TQ302"
    eval_family = "date"
    name = "date-time-mismatch"
    severity = Severity.ERROR
    skip_links = frozenset({LinkFact.ONE_SIDE_EMPTY, LinkFact.UNTRANSLATED})  # TQ101/TQ102's, TQ401's
    link_pure = True

    def check(self, ctx: LinkContext) -> Iterator[Finding]:
        src = list(per_sentence(ctx, "source", date_parts))
        tgt = list(per_sentence(ctx, "target", date_parts))
        # a French month left untranslated in the English is TQ401's business, not a missing month
        src_lang = ctx.alignment.source.lang
        tgt += [
            (s, replace(p, weak=True))
            for s in ctx.target_sentences
            for p in date_parts(s.text, src_lang)
            if ((p.month or p.weekday) and not p.is_time)
            or (p.is_time and "h" in p.text and "heure" not in p.text)
        ]  # "8 h 30" left in the English is TQ603's
        if not src and not tgt:
            return
        yield from self._weekdays_months(ctx, src, tgt)
        yield from self._days(ctx, src, tgt)
        yield from self._times(ctx, src, tgt)

    # ----------------------------------------------------------------- names

    def _weekdays_months(
        self, ctx: LinkContext, src: list[tuple[Sentence, DatePart]], tgt: list[tuple[Sentence, DatePart]]
    ) -> Iterator[Finding]:
        for attr, what in (("weekday", "weekday"), ("month", "month")):
            s_vals = {getattr(p, attr) for _, p in src if getattr(p, attr)}
            t_vals = {getattr(p, attr) for _, p in tgt if getattr(p, attr)}
            # "dans la nuit de dimanche" is the night from Saturday to Sunday: "Saturday night"
            eves = {_day_before(p.weekday) for s, p in src if attr == "weekday" and _night_of(s.text, p)}
            only_s = [
                (s, p)
                for s, p in src
                if getattr(p, attr)
                and not p.weak
                and getattr(p, attr) not in t_vals
                and not (attr == "weekday" and _night_of(s.text, p) and _day_before(p.weekday) in t_vals)
            ]
            only_t = [
                (s, p)
                for s, p in tgt
                if getattr(p, attr) and not p.weak and getattr(p, attr) not in s_vals | eves
            ]
            if attr == "month":
                # a month the other side writes as a figure ("13/11", "2023-11-13") is not missing
                only_s = [(s, p) for s, p in only_s if not self._numeric_date(ctx, "target", p.month)]
                only_t = [(s, p) for s, p in only_t if not self._numeric_date(ctx, "source", p.month)]
            if only_s and not only_t:
                # a month name that may be a word ("May", "March", "August") still answers a
                # source month it differs from: "mars" → "May" is a changed month
                only_t = [
                    (s, p)
                    for s, p in tgt
                    if getattr(p, attr) and p.weak and p.text[:1].isupper() and getattr(p, attr) not in s_vals
                ][:1]
            if only_s and only_t:
                (ss, ps), (st, pt) = only_s[0], only_t[0]
                yield self.finding(
                    ctx,
                    f"{what} differs: '{ps.text}' in the source, '{pt.text}' in the translation",
                    source=ctx.sentence_span("source", ss, ps.start, ps.end),
                    target=ctx.sentence_span("target", st, pt.start, pt.end),
                    suggestion=_english_date(ps),
                )
                only_s, only_t = only_s[1:], only_t[1:]
            for s, p in only_s:
                if attr == "month" and self._holiday_rendered(ctx, p):
                    continue
                said_as_weekday = attr == "month" and _said_as_weekday(p, src, tgt)
                yield self.finding(
                    ctx,
                    f"the {what} '{p.text}' of the source is missing from the translation"
                    + _WEEKDAY_INSTEAD[said_as_weekday],
                    source=ctx.sentence_span("source", s, p.start, p.end),
                    related=whole_side(ctx, "target", "translation"),
                    suggestion=_english_date(p),
                    # translators drop a weekday the reader does not need ("mardi 12 mars" → "March 12",
                    # "a déclaré mardi" → "said"), and name a recent date by its weekday ("le 28
                    # septembre" → "on Friday"): worth a look, never an error
                    severity=Severity.INFO if attr == "weekday" or said_as_weekday is not False else None,
                )
            if not s_vals:
                only_t = []  # a weekday or month the translation adds to a source without one: left to meaning checks
            for s, p in only_t:
                yield self.finding(
                    ctx,
                    f"the {what} '{p.text}' of the translation is not in the source",
                    target=ctx.sentence_span("target", s, p.start, p.end),
                    related=whole_side(ctx, "source", "source"),
                )

    def _numeric_date(self, ctx: LinkContext, side: str, month: int) -> bool:
        text = ctx.source_text if side == "source" else ctx.target_text
        return bool(re.search(rf"\b\d{{1,4}}[/.-]0?{month}[/.-]\d{{1,4}}\b", text))

    # ----------------------------------------------------------------- day numbers and years

    def _days(
        self, ctx: LinkContext, src: list[tuple[Sentence, DatePart]], tgt: list[tuple[Sentence, DatePart]]
    ) -> Iterator[Finding]:
        for side, mine, theirs in (("source", src, tgt), ("target", tgt, src)):
            for s, p in mine:
                if p.month is None or p.weak:
                    continue
                same_month = [q for _, q in theirs if q.month == p.month]
                if not same_month:
                    continue  # the month itself is reported above
                if p.day is not None and any(q.day is not None for q in same_month):
                    if not any(q.day == p.day for q in same_month) and not self._number_in(
                        ctx, "target" if side == "source" else "source", p.day
                    ):
                        other_s, other = next(
                            (os, q) for os, q in theirs if q.month == p.month and q.day is not None
                        )
                        if side == "source":
                            a, b = p.core
                            c, d = other.core
                            yield self.finding(
                                ctx,
                                f"day differs: '{s.text[a:b]}' in the source, '{other_s.text[c:d]}' in the translation",
                                source=ctx.sentence_span("source", s, a, b),
                                target=ctx.sentence_span("target", other_s, c, d),
                                suggestion=_english_date(replace(p, weekday=None)),
                            )
                elif p.day is not None and side == "source" and not self._number_in(ctx, "target", p.day):
                    yield self.finding(
                        ctx,
                        f"the day '{p.day}' of '{p.text}' is missing from the translation",
                        source=ctx.sentence_span("source", s, p.start, p.end),
                        related=whole_side(ctx, "target", "translation"),
                        suggestion=_english_date(p),
                    )
                if p.year is not None and not self._number_in(
                    ctx, "target" if side == "source" else "source", p.year
                ):
                    span = ctx.sentence_span(side, s, p.start, p.end)  # type: ignore[arg-type]
                    yield self.finding(
                        ctx,
                        f"the year {p.year} of '{p.text}' is missing on the other side",
                        source=span if side == "source" else None,
                        target=span if side == "target" else None,
                        related=whole_side(ctx, "target" if side == "source" else "source", "other side"),
                        # a year the translator adds ("en mars" → "in March 2008") clarifies; a dropped one loses
                        severity=Severity.INFO if side == "target" else None,
                    )

    def _number_in(self, ctx: LinkContext, side: str, value: int) -> bool:
        """Whether ``side`` has ``value`` as a number, or as the year of a numeric date ("28.8.09")."""
        sentences = ctx.source_sentences if side == "source" else ctx.target_sentences
        lang = ctx.alignment.source.lang if side == "source" else ctx.alignment.target.lang
        return any(
            value in q.values for s in sentences for q in quantities(s.text, lang, ctx.pair_code)
        ) or any(p.year == value and p.weak and p.day for s in sentences for p in date_parts(s.text, lang))

    # ----------------------------------------------------------------- clock times

    def _times(
        self, ctx: LinkContext, src: list[tuple[Sentence, DatePart]], tgt: list[tuple[Sentence, DatePart]]
    ) -> Iterator[Finding]:
        s_times = [(s, p) for s, p in src if p.is_time]
        t_times = [(s, p) for s, p in tgt if p.is_time]
        if not s_times and not t_times:
            return
        for side, mine, theirs in (("source", s_times, t_times), ("target", t_times, s_times)):
            other_side = "target" if side == "source" else "source"
            for s, p in mine:
                if any(p.hours & q.hours and (p.minute or 0) == (q.minute or 0) for _, q in theirs):
                    continue
                if p.maybe_duration and any(
                    h in q.values for h in p.hours for q in self._numbers(ctx, other_side)
                ):
                    continue  # "pendant 2 heures" → "2-hour": a duration, carried as a number
                if p.minute and any(
                    abs(h + p.minute / 60 - v) < 1e-6
                    for h in p.hours
                    for q in self._numbers(ctx, other_side)
                    for v in q.values
                ):
                    continue  # "pendant 1h30" → "1.5 hours": a length of time in decimal hours
                clash = [q for _, q in theirs if not (p.maybe_duration and q.maybe_duration)]
                if not clash:
                    # "8 heures" / "8 hours" of duration, or the hour written as a plain number
                    if p.maybe_duration or any(
                        h in q.values for h in p.hours for q in self._numbers(ctx, other_side)
                    ):
                        continue
                    if side == "target":
                        continue  # an added time with nothing to compare is left to TQ301
                    yield self.finding(
                        ctx,
                        f"the time '{p.text}' of the source is missing from the translation",
                        source=ctx.sentence_span("source", s, p.start, p.end),
                        related=whole_side(ctx, "target", "translation"),
                        suggestion=_time_text(p),
                    )
                    continue
                if side == "target":
                    continue  # reported once, from the source side
                if p.minute and self._spelt_duration(ctx, min(p.hours), p.minute):
                    continue  # "3h20" → "3 hours 20 minutes": the same span of time, spelt out
                q = clash[0]
                if p.maybe_duration and all(q.maybe_duration for q in clash):
                    continue
                yield self.finding(
                    ctx,
                    f"time differs: '{p.text}' in the source, '{q.text}' in the translation",
                    source=ctx.sentence_span("source", s, p.start, p.end),
                    target=ctx.span("target", self._abs_start(ctx, q), self._abs_start(ctx, q) + len(q.text)),
                    suggestion=_time_text(p),
                )

    def _spelt_duration(self, ctx: LinkContext, hours: int, minutes: int) -> bool:
        """Whether the translation spells ``hours``h``minutes`` out as a duration."""
        return bool(
            re.search(rf"\b{hours}[ -]hours?,?(?: and)? {minutes}[ -]min(?:ute)?s?\b", ctx.target_text, re.I)
        )

    def _holiday_rendered(self, ctx: LinkContext, p: DatePart) -> bool:
        """Whether a source date that is a public holiday is rendered by the holiday's name.

        "le 14 Juillet" → "Bastille Day", "le 1er mai" → "May Day", "le 25 décembre" →
        "Christmas Day": the date is a holiday of a French-speaking country (the
        ``holidays`` package) and the translation names a day or eve.
        """
        from tqcheck.lang.holiday_names import holiday_names_en, is_holiday

        if p.day is None or p.month is None or not is_holiday(p.month, p.day):
            return False
        text = ctx.target_text
        return bool(HOLIDAY_NAME_RE.search(text)) or any(n in text for n in holiday_names_en(p.month, p.day))

    def _numbers(self, ctx: LinkContext, side: str):
        sentences = ctx.source_sentences if side == "source" else ctx.target_sentences
        lang = ctx.alignment.source.lang if side == "source" else ctx.alignment.target.lang
        return [q for s in sentences for q in quantities(s.text, lang, ctx.pair_code)]

    def _abs_start(self, ctx: LinkContext, part: DatePart) -> int:
        for s in ctx.target_sentences:
            if (
                part in date_parts(s.text, ctx.alignment.target.lang)
                and s.text[part.start : part.end] == part.text
            ):
                return s.start + part.start
        return ctx.target_sentences[0].start
