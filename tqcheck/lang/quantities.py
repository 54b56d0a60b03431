"""Numbers as a reader understands them, on either side of a link.

"1 234,5", "1.234,5" and "1,234.5" are one number; "une trentaine de
kilomètres" is about thirty kilometres; "deux millions" is 2 000 000; "5 miles"
is "8 km". The number rules compare *values*, so every way of writing a
quantity is reduced here to a small set of candidate values (a French
"2,300" may be 2.3 or 2300: both are kept, because a rule that cannot tell
must not cry wolf). Regex and dictionary look-ups only: this runs on every
link of every document.

A quantity is *strong* when it is unmistakably a number that a translation
must carry over (figures, number words from "deux" up, "une dizaine"), and
weak when it only may stand for one ("un", "a", "both", "first", "COVID-19"):
weak quantities can satisfy a number on the other side but are never flagged.

One module of about 1,000 lines, in four sections (figures, number words,
extraction, matching), on purpose: every section builds or compares the same
:class:`Quantity` against the same number-word and unit tables, and
extraction runs both readers and merges what they find, so a split would
only trade one file for import cycles between its parts. What the phrases
around a number make of it (idioms, labels, fractions, figures in pieces,
race times) is found in :mod:`tqcheck.lang.number_phrases`, which returns
plain spans and values and knows nothing of :class:`Quantity`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from typing import Any

from tqcheck.lang import number_phrases, number_slips
from tqcheck.languages import lang_file, load_yaml, pair_file

SPACES = " \u00a0\u202f\u2009\u2007"
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"

# A figure: grouped thousands ("1 234", "1.234", "1,234", "1 234 567,5") or plain ("12", "12,5", "0.25").
_FRACTIONS = {"1/2": 0.5, "1/4": 0.25, "3/4": 0.75, "1/3": 1 / 3, "2/3": 2 / 3}
FRACTION_RE = re.compile(r"(?<![\d/])(\d+)[ \u00a0-](1/2|1/4|3/4|1/3|2/3)(?![\d/])")
# Unicode's fraction characters ("29¾ inches"): the value, and the numerator the words say
# («trois quarts», "three quarters" are read as 3), so either rendering matches.
VULGAR_FRACTIONS = {
    "½": (0.5, None),
    "¼": (0.25, None),
    "¾": (0.75, 3.0),
    "⅓": (1 / 3, None),
    "⅔": (2 / 3, 2.0),
    "⅛": (0.125, None),
    "⅜": (0.375, 3.0),
    "⅝": (0.625, 5.0),
    "⅞": (0.875, 7.0),
}
VULGAR_RE = re.compile("[" + "".join(VULGAR_FRACTIONS) + "]")
# English may drop the zero of a decimal below one (".08%", "a .5 chance"): the dot starts the figure
# when a space, a bracket or a currency sign stands before it
LEADING_DOT_LEFT = set(SPACES) | set("($€£") | set(DASHES)
FIGURE_RE = re.compile(
    r"(?<![\d])(?<!\d[.,])(?:\d{1,3}(?:(?:[ \u00a0\u202f\u2009]|[.,])\d{3})+(?:[.,]\d+)?(?![.,]?\d)|\d+(?:[.,]\d+)?)"
)
WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
LETTERS_RE = re.compile(r"[^\W\d_]+")
GLUED_LEFT_RE = re.compile(r"[^\W\d_][" + DASHES + r"]?$")
REFERENCE_LEFT_RE = re.compile(r"(?:\b[Nn]o|[Nn]°|\bn[or])\.?\s?$")
DECADE_S_RE = re.compile(r"['’]?s\b")
ASCII_WORD_RE = re.compile(r"([a-zA-Z]+)\b")
ANNEES_LEFT_RE = re.compile(r"\bannées\s+$")
YEAR_SPAN_LEFT_RE = re.compile(r"\d{4}[" + DASHES + r"/]$")
ROMAN_ORDINAL_RE = re.compile(r"\b([IVXLC]{1,7})(?:e|è|ème|eme|er|re)\b")


@dataclass(frozen=True)
class Quantity:
    """A number found in a sentence; offsets are relative to the sentence text.

    ``values`` holds every reading of the text (multipliers applied);
    ``units`` the unit ids that may follow it (``km``, ``eur``…, see
    ``pairs/<pair>/units.yaml``).
    """

    start: int
    end: int
    text: str
    values: frozenset[float]
    strong: bool = True
    approx: bool = False
    ordinal: bool = False
    units: frozenset[str] = frozenset()
    unit_start: int = -1
    unit_end: int = -1
    primary: float | None = None
    bare: frozenset[float] = frozenset()  # "six millions" read without its multiplier: "six"
    # inside an idiom or after a label ("les quatre coins", "ligne 4"): may be left out, never reported alone
    optional: bool = False

    @property
    def value(self) -> float:
        """The reading the writer most likely meant (for messages and suggestions)."""
        return self.primary if self.primary is not None else max(self.values)


@dataclass
class UnitTable:
    """Unit forms of one language, and every unit's dimension and conversion."""

    forms: dict[str, frozenset[str]]  # lower-cased form -> unit ids
    pattern: re.Pattern[str] | None
    prefix: dict[str, str]
    prefix_re: re.Pattern[str] | None
    dims: dict[str, str]
    factors: dict[str, tuple[float, float]]  # id -> (factor, offset)


@dataclass
class Lexicon:
    """Number words of one language (``lang/<lang>/number_words.yaml``)."""

    cardinals: dict[str, float]
    multipliers: dict[str, float]
    suffixes: dict[str, float]
    approximate: dict[str, float]
    ordinals: dict[str, float]
    equivalents: dict[str, frozenset[float]]  # word -> values it may stand for
    ambiguous: frozenset[str]
    percent: tuple[str, ...]
    multiplier_re: re.Pattern[str] = field(init=False)
    number_word_re: re.Pattern[str] = field(init=False)
    equivalent_re: re.Pattern[str] = field(init=False)
    number_words: frozenset[str] = field(init=False)
    word_heads: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        # every lower-cased word :func:`_word_quantities` does anything with; the others it steps over
        self.word_heads = frozenset(
            {*self.cardinals, *self.multipliers, *self.approximate, *self.ordinals}
            | {a + plural for a in self.approximate for plural in ("s", "x")}
        )
        words = sorted([*self.multipliers, *self.suffixes], key=len, reverse=True)
        self.multiplier_re = re.compile(r"[ \u00a0\u202f]?(" + "|".join(map(re.escape, words)) + r")\b", re.I)
        # a sentence none of these occur in has no number word ("un"/"une"/"one" alone are not counts)
        core = [
            w
            for w in (*self.cardinals, *self.multipliers, *self.approximate, *self.ordinals)
            if w not in _WEAK_ALONE
        ]
        self.number_word_re = re.compile(
            r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(core, key=len, reverse=True))) + r")(?!\w)", re.I
        )
        # the same words as a set, for a word-by-word pre-check; empty (no pre-check) if one is no plain word
        lowered = {w.lower() for w in core}
        self.number_words = (
            frozenset(lowered) if all(_W_RUN_RE.fullmatch(w) for w in lowered) else frozenset()
        )

        eq = sorted(self.equivalents, key=len, reverse=True)
        self.equivalent_re = (
            re.compile(r"(?<!\w)(" + "|".join(map(re.escape, eq)) + r")(?!\w)", re.I)
            if eq
            else re.compile(r"(?!)")
        )

    def has_number_word(self, text: str, runs: number_phrases.Runs = None) -> bool:
        """Whether ``number_word_re`` matches ``text``: a set look-up per word before the (slow) regex.

        The regex matches whole ``\\w`` runs, so a run not in the set rules a match out;
        letters that ``re.IGNORECASE`` folds but ``str.lower`` does not ("ſ", "K") go to the regex.
        """
        if self.number_words:
            # the runs of the lower-cased text are the lower-cased runs: only "İ" lower-cases to two
            # characters, the second no \w (word_runs leaves such a text to the regex)
            runs = number_phrases.word_runs(text) if runs is None else runs
            if runs is not None and self.number_words.isdisjoint(runs):
                return False
        return self.number_word_re.search(text) is not None


_WEAK_ALONE = frozenset({"un", "une", "one", "zéro", "zero", "nil"})
_W_RUN_RE = re.compile(r"\w+")
_DIGIT_RE = re.compile(r"\d")


@lru_cache(maxsize=8)
def lexicon(lang: str) -> Lexicon:
    data: dict[str, Any] = load_yaml(lang_file(lang, "number_words.yaml")) or {}
    equivalents: dict[str, set[float]] = {}
    for value, words in (data.get("equivalents") or {}).items():
        for w in words:
            equivalents.setdefault(str(w).lower(), set()).add(float(value))
    # "un quinquagénaire" may be "a 55-year-old": every age of the decade, singular and plural
    for w, decade in (data.get("age_decades") or {}).items():
        for form in (str(w).lower(), str(w).lower() + "s"):
            equivalents.setdefault(form, set()).update(float(decade + k) for k in range(10))
    return Lexicon(
        cardinals={k: float(v) for k, v in (data.get("cardinals") or {}).items()},
        multipliers={k: float(v) for k, v in (data.get("multipliers") or {}).items()},
        suffixes={k: float(v) for k, v in (data.get("suffixes") or {}).items()},
        approximate={k: float(v) for k, v in (data.get("approximate") or {}).items()},
        ordinals={k: float(v) for k, v in (data.get("ordinals") or {}).items()},
        equivalents={k: frozenset(v) for k, v in equivalents.items()},
        ambiguous=frozenset(data.get("ambiguous") or ()),
        percent=tuple(data.get("percent") or ()),
    )


@lru_cache(maxsize=8)
def units(pair: str, lang: str) -> UnitTable:
    data: dict[str, Any] = load_yaml(pair_file(pair, "units.yaml")) or {}
    forms: dict[str, set[str]] = {}
    dims: dict[str, str] = {}
    factors: dict[str, tuple[float, float]] = {}
    for uid, spec in (data.get("units") or {}).items():
        dims[uid] = spec["dim"]
        if "factor" in spec:
            factors[uid] = (float(spec["factor"]), float(spec.get("offset", 0)))
        for form in spec.get(lang, ()):
            forms.setdefault(str(form), set()).add(uid)
    prefix = {str(k): str(v) for k, v in (data.get("prefix_symbols") or {}).items()}
    ordered = sorted(forms, key=len, reverse=True)
    alts = []
    for f in ordered:
        esc = re.escape(f).replace(r"\ ", r"[ \u00a0\u202f]+")
        alts.append(esc + (r"\b" if f[-1].isalnum() else ""))
    pattern = (
        re.compile(
            # "les 18 derniers mois": an adjective of time between the number and its unit
            r"[ \u00a0\u202f]?(?:-)?(?:(?:de |d['’]|of )(?:the )?|(?:an? ))?(?:(?:derni|premi)[eè]re?s |prochaine?s )?("
            + "|".join(alts)
            + r")(?![\w/'’])"  # not "l'", "d'": an elided article, no litre
        )
        if alts
        else None
    )
    prefix_re = (
        re.compile(
            r"("
            + "|".join(re.escape(p) for p in sorted(prefix, key=len, reverse=True))
            + r")[ \u00a0\u202f]?$"
        )
        if prefix
        else None
    )
    lower_forms = {}
    for f, ids in forms.items():
        lower_forms.setdefault(f.lower(), set()).update(ids)
    return UnitTable(
        {k: frozenset(v) for k, v in lower_forms.items()}, pattern, prefix, prefix_re, dims, factors
    )


# --------------------------------------------------------------------------- figures


def figure_values(text: str, lang: str) -> tuple[frozenset[float], bool]:
    """Candidate values of a figure, and whether one reading is the language's usual one.

    Returns the readings and ``True`` if the figure is unambiguous.
    """
    t = text
    for s in SPACES:
        t = t.replace(s, " ")
    if " " in t:
        head, _, _ = t.rpartition(" ")
        tail = t.split(" ")[-1]
        base = t.replace(" ", "")
        # the decimal part rides on the last group
        if "," in tail or "." in tail:
            base = base.replace(",", ".")
        try:
            return frozenset({float(base)}), True
        except ValueError:
            return frozenset(), False
    commas, dots = t.count(","), t.count(".")
    if not commas and not dots:
        return frozenset({float(t)}), True
    readings: set[float] = set()
    if commas and dots:
        # "1.234,5" (fr) or "1,234.5" (en): the last separator is the decimal one
        if t.rfind(",") > t.rfind("."):
            readings.add(float(t.replace(".", "").replace(",", ".")))
        else:
            readings.add(float(t.replace(",", "")))
        return frozenset(readings), True
    sep = "," if commas else "."
    parts = t.split(sep)
    grouped = len(parts) > 1 and all(len(p) == 3 for p in parts[1:]) and 1 <= len(parts[0]) <= 3
    decimal_ok = len(parts) == 2
    as_group = float("".join(parts)) if grouped else None
    as_decimal = float(parts[0] + "." + parts[1]) if decimal_ok else None
    decimal_sep = "," if lang == "fr" else "."
    if sep == decimal_sep:
        if as_decimal is not None:
            readings.add(as_decimal)
        if grouped and (len(parts) > 2 or parts[0] != "0"):
            readings.add(as_group)  # type: ignore[arg-type]
        return frozenset(readings), not (grouped and decimal_ok)
    # the other language's convention: thousands separator, or a foreign decimal
    if grouped:
        readings.add(as_group)  # type: ignore[arg-type]
    if as_decimal is not None:
        readings.add(as_decimal)
    return frozenset(readings), len(readings) == 1


# --------------------------------------------------------------------------- number words


def _word_run_value(words: list[str], lex: Lexicon) -> float | None:
    """Value of a run of number words ("vingt et un", "quatre-vingt-dix", "two hundred and five")."""
    total = 0.0
    current = 0.0
    seen = False
    for w in words:
        if w in ("et", "and"):
            continue
        if w in lex.cardinals:
            v = lex.cardinals[w]
            if v == 20 and current % 100 in (4.0,) and w.startswith("vingt"):
                current = current - 4 + 80  # quatre-vingt(s)
            else:
                current += v
            seen = True
        elif w in lex.multipliers:
            m = lex.multipliers[w]
            if m == 100:
                current = (current or 1) * 100
            elif m == 1000 and w in ("mille", "thousand"):
                total += (current or 1) * 1000
                current = 0
            else:
                # "three thousand million": the thousands already counted are multiplied, not 1 added
                total = (total + current) * m if (total or current) else m
                current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


_FR_TENS = {"vingt", "trente", "quarante", "cinquante", "soixante"}
# "un petit millier", "une bonne centaine", "une grosse dizaine"
_SIZE_ADJECTIVES = frozenset({"petit", "petite", "bon", "bonne", "gros", "grosse", "large", "good"})
_OF_MULTIPLIER_RE = re.compile(r"[ \u00a0]+(?:de|d['’]|of)[ \u00a0]*([^\W\d_]+)")
_EN_DECADES = {
    "twenties": 20.0, "thirties": 30.0, "forties": 40.0, "fifties": 50.0,
    "sixties": 60.0, "seventies": 70.0, "eighties": 80.0, "nineties": 90.0,
}  # fmt: skip
# "tens of billions", "des dizaines de millions"
_TENS_OF_RE = re.compile(r"\b(tens|hundreds|dizaines|centaines)\s+(?:of|de)\s+$", re.I)
_TENS_OF = {"tens": 10, "dizaines": 10, "hundreds": 100, "centaines": 100}
_VAGUE_DETERMINERS = frozenset({"des", "de", "d", "plusieurs", "quelques", "les"})
_SMALL_CARDINALS = {"one": 1.0, "two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0, "un": 1.0, "deux": 2.0}
_FIRST_SECOND = frozenset({"premier", "première", "second", "seconde", "first"})
# what a fraction word shares out: "demi-million", "half a million", "quart de million"
_FRACTION_WORDS = {"demi": 0.5, "demie": 0.5, "half": 0.5, "quart": 0.25, "quarter": 0.25}


def _scale_word(word: str, lex: Lexicon) -> float | None:
    """What ``word`` multiplies by when it follows "une centaine de": "milliers" 1000, "millions" 1e6."""
    if word in lex.multipliers and lex.multipliers[word] >= 1000:
        return lex.multipliers[word]
    stem = word[:-1] if word.endswith(("s", "x")) else word
    found = lex.approximate.get(stem)
    return found if found is not None and found >= 1000 else None


def _fraction_before(lowers: list[str], k: int) -> tuple[float, int] | None:
    """The share and first token of a fraction ending at token ``k`` ("un demi", "half a", "a quarter of a").

    ``k`` is the token right before a multiplier or an approximate word.
    """
    if k < 0:
        return None
    j = k
    if lowers[j] in ("a", "an") and j > 0 and (lowers[j - 1] in _FRACTION_WORDS or lowers[j - 1] == "of"):
        j -= 1  # "half a", "quarter of a"
    if lowers[j] in ("de", "d", "of") and j > 0:
        j -= 1  # "quart de", "a quarter of"
    share = _FRACTION_WORDS.get(lowers[j])
    if share is None:
        return None
    if j > 0 and lowers[j - 1] in ("un", "une", "a", "one"):
        j -= 1  # "un demi-million", "a quarter of a million"
    if j > 1 and lowers[j - 1] in ("and", "et") and lowers[j - 2] in _SMALL_CARDINALS:
        # "two and (a) half million", "one and a half thousand"
        j -= 2
        share += _SMALL_CARDINALS[lowers[j]]
    return share, j


def _compound_ordinal(
    run: list[str], j: int, lowers: list[str], text: str, tokens: list[tuple[int, int, str]], lex: Lexicon
) -> tuple[int, float] | None:
    """The last token and rank of an ordinal ending a number-word run ("dix-neuvième", "twenty-first").

    Only a rank below the run's last word's order joins it ("vingt-septième", "cent cinquantième"),
    so "les deux premiers" stays two numbers.
    """
    k = j
    if k < len(lowers) and lowers[k] in ("et", "and") and k + 1 < len(lowers):
        k += 1  # "trente et unième"
    if k >= len(lowers) or lowers[k] not in lex.ordinals or _gap(text, tokens, j).strip(" -\u00a0\u2011"):
        return None
    if lowers[k] in _FIRST_SECOND and _gap(text, tokens, k) not in ("-", "\u2011"):
        return None  # "les vingt premières minutes" are the first twenty; only "twenty-first" is 21st
    rank = lex.ordinals[lowers[k]]
    last = run[-1]
    scale = lex.multipliers.get(last) or (
        (20.0 if last in ("soixante", "vingt", "vingts", "dix") else 10.0)
        if lex.cardinals.get(last, 1) % 10 == 0
        else 0.0
    )
    return (k, rank) if 0 < rank < scale else None


_ARTICLES = {
    "fr": {"une", "un"},
    "en": {"a", "one", "about", "some", "around", "roughly", "approximately", "nearly", "almost"},
}


def _continues(prev: str, word: str, lex: Lexicon) -> bool:
    """Whether ``word`` can extend a number-word run ending in ``prev`` ("vingt trois", not "un deux")."""
    if word in lex.multipliers:
        return prev not in lex.multipliers or lex.multipliers[word] > lex.multipliers[prev]
    v = lex.cardinals[word]
    if prev in lex.multipliers:
        return True  # "cent deux", "thousand five"
    p = lex.cardinals.get(prev)
    if p is None:
        return False
    if prev == "quatre" and word.startswith("vingt"):
        return True
    if prev == "dix" and 7 <= v <= 9:
        return True  # "dix-sept", "dix-huit", "dix-neuf"
    if p >= 20 and p % 10 == 0:
        # "soixante-douze", "quatre-vingt-dix": 60 and (quatre-)vingt take 10 to 19
        return v < 10 or (prev in ("soixante", "vingt", "vingts") and v < 20)
    return False


def _gap(text: str, tokens: list[tuple[int, int, str]], k: int) -> str:
    return text[tokens[k - 1][1] : tokens[k][0]]


def _word_quantities(text: str, lang: str, lex: Lexicon) -> list[Quantity]:
    out: list[Quantity] = []
    tokens = [(m.start(), m.end(), m.group(0)) for m in LETTERS_RE.finditer(text)]
    lowers = [t[2].lower() for t in tokens]
    i = 0
    n = len(tokens)
    heads = lex.word_heads
    while i < n:
        w = lowers[i]
        if w not in heads:
            i += 1  # no number word, no size noun, no ordinal: nothing below reads it (most words)
            continue
        prev = lowers[i - 1] if i > 0 else ""
        gap_before = _gap(text, tokens, i) if i > 0 else text[: tokens[0][0]]
        if w in lex.multipliers and re.search(
            r"\d[\s\u00a0\u202f]*$", text[max(0, tokens[i][0] - 4) : tokens[i][0]]
        ):
            # "2 millions", "1.7 million": the figure owns the multiplier (a cardinal after a
            # figure is a number of its own: "en 1998 deux banques", "16 three-pointers")
            i += 1
            continue
        if w in lex.cardinals or (w in lex.multipliers and w not in ("cents",)):
            j = i + 1
            while j < n:
                if _gap(text, tokens, j).strip(" -\u00a0\u202f\u2011"):
                    break  # punctuation between: two numbers, not one
                wj = lowers[j]
                if (wj in lex.cardinals or wj in lex.multipliers) and _continues(lowers[j - 1], wj, lex):
                    j += 1
                    continue
                # "vingt et un", "soixante et onze", "two hundred and five"
                if j + 1 < n and (
                    (wj == "et" and lowers[j - 1] in _FR_TENS and lowers[j + 1] in ("un", "une", "onze"))
                    or (
                        wj == "and"
                        and lowers[j - 1] in ("hundred", "thousand")
                        and lowers[j + 1] in lex.cardinals
                    )
                ):
                    j += 2
                    continue
                break
            run = lowers[i:j]
            value = _word_run_value(run, lex)
            start, end = tokens[i][0], tokens[j - 1][1]
            nxt = lowers[j] if j < n else ""
            gap_after = _gap(text, tokens, j) if j < n else ""
            i = j
            if value is None or (
                prev == "pour" and run in (["cent"], ["mille"])
            ):  # "pour cent", "pour mille"
                continue
            ordinal = _compound_ordinal(run, j, lowers, text, tokens, lex)
            if ordinal is not None:
                # "dix-neuvième", "trente et unième", "one hundred fiftieth": an ordinal, matched, never flagged
                k, rank = ordinal
                out.append(
                    Quantity(
                        start,
                        tokens[k][1],
                        text[start : tokens[k][1]],
                        frozenset({value + rank}),
                        strong=False,
                        ordinal=True,
                    )
                )
                i = k + 1
                continue
            strong = True
            values = {value}
            approx = False
            if nxt == "milles" and lang == "fr" and gap_after.strip() == "":
                values.add(value * 1000)  # "sept milles": miles, or thousands misspelt
            # "deux douzaines", "two dozen": a count of an approximate unit
            stem = nxt[:-1] if nxt.endswith(("s", "x")) else nxt
            if (
                stem in lex.approximate
                and gap_after.strip() == ""
                and not any(w in lex.multipliers for w in run)
                and run not in (["un"], ["une"], ["one"])  # "une vingtaine": the article, read below
            ):
                value = value * lex.approximate[stem]
                values = {value}
                approx = True
                end = tokens[j][1]
                i = j + 1
            # "nineteen seventies": a decade of a century, named in words
            if lang == "en" and 10 <= value < 21 and nxt in _EN_DECADES and gap_after.strip() == "":
                values = {value * 100 + _EN_DECADES[nxt]}
                strong = False
                end = tokens[j][1]
                i = j + 1
            # "les années trente" ~ "the 1930s": a decade
            if prev in ("années", "annees") and value % 10 == 0 and 10 <= value <= 90:
                values = {value, 1900 + value}
            # "une heure trente", "deux heures quinze": minutes after the hour (a time, TQ302's)
            if prev in ("heure", "heures") and gap_before.strip() == "":
                strong = False
            if len(run) == 1 and run[0] in lex.multipliers:
                # "mille", "million" alone: a number only after "un"/"a"; plural ("millions") is vague,
                # an order of size that only ever matches ("in the billions" for "un milliard")
                if run[0].endswith("s"):
                    if value >= 100:
                        tens = _TENS_OF_RE.search(text, max(0, start - 20), start)
                        size = value * (_TENS_OF[tens.group(1).lower()] if tens else 1)
                        out.append(
                            Quantity(
                                start, end, text[start:end], frozenset({size}), strong=False, approx=True
                            )
                        )
                    continue
                part = _fraction_before(lowers, i - 2)
                if part is not None:
                    # "un demi-million", "half a million", "a quarter of a million"
                    share, first = part
                    value *= share
                    values = {value}
                    start = tokens[first][0]
                # "un million", "a million"; "la ligne au million de voyageurs" is one too
                elif prev in ("un", "a", "one") and gap_before.strip() == "":
                    start = tokens[i - 2][0] if i >= 2 else start
                    fraction = number_phrases.fraction_after(text, end, lang)
                    if fraction is not None:
                        value *= 1 + fraction[1]  # "un million et demi", "a million and a half"
                        values = {value}
                        end = fraction[0]
                elif prev in ("au", "du", "le", "the") and gap_before.strip() == "":
                    start = tokens[i - 2][0] if i >= 2 else start
                    strong = False  # "le billion", "the trillion limit": a threshold named, matched only
                elif run[0] in ("hundred", "thousand"):
                    strong = False  # "several thousand", "tens of thousand": not a count
                elif run[0] not in ("mille", "cent"):
                    continue
            elif run in (["un"], ["une"], ["one"], ["zéro"], ["zero"], ["nil"]):
                strong = False
            elif (
                run[0] in lex.ambiguous
                and len(run) == 1
                and not (nxt.endswith(("s", "x")) or nxt in lex.multipliers)
            ):
                strong = False
            # "three-dimensional", "five-time winner", "two-foot": part of a compound word
            if gap_after in ("-", "\u2011") and nxt not in lex.cardinals and nxt not in lex.multipliers:
                strong = False
            # "Five Lives and One Legendary House": a capitalised number word inside a title
            if (
                text[start].isupper()
                and text[:start].strip()
                and text[:start].rstrip()[-1:] not in (".", "!", "?", ":", "«", '"', "“")
            ):
                strong = False
            # "les deux parties" is often "both sides" or just "the sides"
            if run in (["deux"], ["two"]) and prev in ("les", "des", "aux", "ces", "the", "these", "those"):
                strong = False
            bare: frozenset[float] = frozenset()
            if (
                run[-1] in lex.multipliers
                and (lex.multipliers[run[-1]] >= 1e6 or run[-1] == "cents")
                and len(run) > 1
            ):
                # "six million" ~ "six"; "quatre cents" ~ "4 cents"; but "un million" is never just "a"
                bare = frozenset({value / lex.multipliers[run[-1]]}) - {1.0}
            out.append(
                Quantity(
                    start, end, text[start:end], frozenset(values), strong=strong, approx=approx, bare=bare
                )
            )
            continue
        stem = w[:-1] if w.endswith(("s", "x")) else w
        if (
            stem != w
            and stem in lex.approximate
            and lex.approximate[stem] >= 100
            and prev in _VAGUE_DETERMINERS
        ):
            # "des centaines", "des milliers": an order of size that only ever matches
            value = lex.approximate[stem]
            end = tokens[i][1]
            of = _OF_MULTIPLIER_RE.match(text, end)
            scale = _scale_word(of.group(1).lower(), lex) if of else None
            if of and scale:
                value *= scale  # "des centaines de milliers"
                end = of.end()
            out.append(
                Quantity(
                    tokens[i][0], end, text[tokens[i][0] : end], frozenset({value}), strong=False, approx=True
                )
            )
        if w in lex.approximate:
            part = _fraction_before(lowers, i - 1)
            # "un petit millier", "une bonne dizaine": the article before a size adjective
            sized = prev in _SIZE_ADJECTIVES and i >= 2 and lowers[i - 2] in _ARTICLES.get(lang, ())
            if prev in _VAGUE_DETERMINERS or prev in ("few", "several", "many"):
                pass  # "a few dozen", "quelques douzaines": no count to carry
            elif (
                part is not None
                or sized
                or prev in _ARTICLES.get(lang, ())
                or (lang == "en" and w == "dozen")
            ):
                start = tokens[i - 1][0] if prev in ("une", "a") else tokens[i][0]
                value = lex.approximate[w]
                end = tokens[i][1]
                if part is not None:
                    value *= part[0]  # "une demi-douzaine", "half a dozen"
                    start = tokens[part[1]][0]
                elif sized:
                    start = tokens[i - 2][0]
                # "une centaine de milliers": the approximate count of a multiplier
                of = _OF_MULTIPLIER_RE.match(text, end)
                scale = _scale_word(of.group(1).lower(), lex) if of else None
                if of and scale:
                    value *= scale
                    end = of.end()
                out.append(Quantity(start, end, text[start:end], frozenset({value}), approx=True))
        elif w in lex.ordinals:
            out.append(
                Quantity(
                    tokens[i][0],
                    tokens[i][1],
                    tokens[i][2],
                    frozenset({lex.ordinals[w]}),
                    strong=False,
                    ordinal=True,
                )
            )
        i += 1
    return out


# --------------------------------------------------------------------------- extraction

ORDINAL_SUFFIX = {
    "fr": re.compile(r"(?:e|è|ème|eme|er|ère|re|nd|nde|ᵉ|ᵉʳ)\b"),
    "en": re.compile(r"(?:st|nd|rd|th)\b"),
}


def _roman(s: str) -> int | None:
    vals = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total, prev = 0, 0
    for ch in reversed(s):
        v = vals[ch]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total or None


_FRACTION_GAP_RE = re.compile(r"[ \u00a0\u202f-]+(?:and[ -]a[ -](?:half|quarter)|et[ -](?:demie?|quart))\b", re.I)


def _attach_unit(text: str, q: Quantity, table: UnitTable) -> Quantity:
    """The unit written right after (or a currency symbol right before) the quantity."""
    ids: set[str] = set()
    ustart = uend = -1
    if table.pattern is not None:
        m = table.pattern.match(text, q.end)
        gap = None if m else _FRACTION_GAP_RE.match(text, q.end)
        if gap:
            m = table.pattern.match(text, gap.end())  # "one and a half years": the unit after the fraction
        if m:
            form = m.group(1)
            found = table.forms.get(form.lower()) or table.forms.get(
                re.sub(r"[ \u00a0\u202f]+", " ", form.lower())
            )
            if found:
                # a bare one-letter form ("m", "g", "l", "t", "s") must be lower-case and stand alone
                if not (len(form) == 1 and form.isalpha() and form != form.lower()):
                    ids |= found
                    ustart, uend = m.start(1), m.end(1)
    if table.prefix_re is not None:
        m = table.prefix_re.search(text, max(0, q.start - 5), q.start)
        if m:
            ids.add(table.prefix[m.group(1)])
            if ustart < 0:
                ustart, uend = m.start(1), m.end(1)
    if not ids:
        return q
    return replace(q, units=frozenset(ids), unit_start=ustart, unit_end=uend)


@lru_cache(maxsize=20000)
def quantities(text: str, lang: str, pair: str = "fr-en") -> tuple[Quantity, ...]:
    """Every number in ``text`` (a sentence), figures and words, with units attached."""
    lex = lexicon(lang)
    table = units(pair, lang)
    runs = number_phrases.word_runs(text)  # the words, lower-cased once for every pre-check below
    out: list[Quantity] = []
    # "5 1/2 hours", "2 3/4": a whole number and a fraction are one value
    fractions = [(f.start(), f.end(), f) for f in FRACTION_RE.finditer(text)] if "/" in text else []
    # a figure needs a digit: one plain scan spares the figure pattern most sentences
    for m in FIGURE_RE.finditer(text) if _DIGIT_RE.search(text) else ():
        start, end = m.start(), m.end()
        raw = m.group(0)
        values, _ = figure_values(raw, lang)
        if not values:
            continue
        primary = _primary(raw, lang, values)
        if (
            lang == "en"
            and raw.isdigit()
            and start > 0
            and text[start - 1] == "."
            and (start == 1 or text[start - 2] in LEADING_DOT_LEFT)
        ):
            start -= 1  # ".08%": 0.08
            raw = "." + raw
            values = frozenset({float("0" + raw)})
            primary = float("0" + raw)
        # a lone zero ("un 0 à 0", "0 victime") is rarely a count a translation must carry
        strong = values != {0.0}
        ordinal = False
        before = text[max(0, start - 2) : start]
        after = text[end : end + 12]
        # glued to letters on the left ("COVID-19", "G7", "F-16", "n°3"): an identifier, not a count
        if GLUED_LEFT_RE.search(before):
            strong = False
            if len(raw) == 2 and before.endswith(tuple(DASHES)):
                values = values | {1900 + v for v in values} | {2000 + v for v in values if v < 30}  # "JO-92"
        if start > 0 and text[start - 1] in "#°" or REFERENCE_LEFT_RE.search(text[max(0, start - 4) : start]):
            strong = False  # "n° 3", "No. 1": a rank or a reference
        if end < len(text) and text[end] in VULGAR_FRACTIONS:
            values = values | {v + VULGAR_FRACTIONS[text[end]][0] for v in values}  # "29¾": 29.75 (or 29)
            end += 1
        # ordinals: "13e", "13ème", "13th", "1er", "21st"
        om = ORDINAL_SUFFIX[lang].match(text, end)
        if om:
            ordinal = True
            end = om.end()
        elif lang == "en" and DECADE_S_RE.match(after) and len(raw) in (2, 4):
            # "the 80s", "the 1930s": a decade
            end += len(DECADE_S_RE.match(after).group(0))  # type: ignore[union-attr]
            values = values | {1900 + v for v in values if v < 100} | {2000 + v for v in values if v < 30}
            # "the 1880s" for «les années 80 du XIXe siècle»: the decade within its century
            values = values | {v % 100 for v in values if v >= 1000 and v % 10 == 0}
        elif after[:1].isalpha():
            sm = ASCII_WORD_RE.match(after)
            suffix = sm.group(1).lower() if sm else ""
            if suffix in lex.suffixes:
                values = values | {v * lex.suffixes[suffix] for v in values}
                end += len(suffix)
            elif not (sm and (suffix in table.forms or suffix in ("h", "x"))):
                strong = False  # "4G", "3D", "A380b": part of a name
        if lang == "fr" and len(raw) == 2 and ANNEES_LEFT_RE.search(text[max(0, start - 10) : start]):
            values = values | {1900 + v for v in values} | {2000 + v for v in values if v < 30}
        # "2019-20": a season or a span of years
        if YEAR_SPAN_LEFT_RE.search(text[max(0, start - 5) : start]) and len(raw) == 2:
            century = int(text[start - 5 : start - 3]) * 100
            values = values | {century + v for v in values}
        for f_start, f_end, f in fractions:
            if start == f_start:
                values = values | {values_whole + _FRACTIONS[f.group(2)] for values_whole in values}
            elif f_start < start < f_end:
                strong = False  # the "1" and "2" of "1/2"
        # multipliers: "2 millions", "1,5 milliard", "3.5 billion", "2m"
        mm = lex.multiplier_re.match(text, end)
        approx = False
        bare: frozenset[float] = frozenset()
        if mm:
            word = mm.group(1).lower()
            factor = lex.multipliers.get(word) or lex.suffixes.get(word)
            if factor and word in lex.multipliers:
                # "six millions" may be rendered "six million" or, loosely, just "six"
                bare = frozenset(values)
                values = frozenset(v * factor for v in values)
                primary = primary * factor
                end = mm.end()
                # "3 thousand million": the older British billion, a multiplier of a multiplier
                m2 = lex.multiplier_re.match(text, end)
                factor2 = lex.multipliers.get(m2.group(1).lower()) if m2 else None
                if factor2 and factor2 > factor:
                    values = frozenset(v * factor2 for v in values)
                    primary = primary * factor2
                    end = m2.end()  # type: ignore[union-attr]
            elif factor:
                values = values | {v * factor for v in values}
        out.append(
            Quantity(
                start,
                end,
                text[start:end],
                frozenset(values),
                strong=strong,
                approx=approx,
                ordinal=ordinal,
                primary=primary,
                bare=bare,
            )
        )
    if lang == "fr" and ("e" in text or "è" in text):
        for m in ROMAN_ORDINAL_RE.finditer(text):
            v = _roman(m.group(1))
            if v:
                out.append(
                    Quantity(
                        m.start(), m.end(), m.group(0), frozenset({float(v)}), strong=False, ordinal=True
                    )
                )
    # "un an et demi": "un" alone is no number word, but a fraction after it makes it one
    if lex.has_number_word(text, runs) or number_phrases.has_fraction(text, lang, runs):
        out.extend(_word_quantities(text, lang, lex))
    out = _read_phrases(text, lang, out, runs)
    out.sort(key=lambda q: q.start)
    with_units = [_attach_unit(text, q, table) for q in out]
    # "entre 2,5 et 10 cm", "100 to 250 meters": the unit of a range's last number is every number's
    for k in range(len(with_units) - 2, -1, -1):
        q, r = with_units[k], with_units[k + 1]
        if not q.units and r.units and RANGE_JOIN_RE.fullmatch(text[q.end : r.start]):
            with_units[k] = replace(q, units=r.units)
    return tuple(with_units)


def _read_phrases(text: str, lang: str, found: list[Quantity], runs: number_phrases.Runs) -> list[Quantity]:
    """The quantities of ``text`` as the phrases around them make them (see :mod:`number_phrases`).

    "7 millions et demi" is 7.5 million; "trois décennies" may be thirty; "5 mille 352" is
    one number, not two; "ligne 4" or "les quatre coins" may go untranslated.
    """
    out: list[Quantity] = []
    multipliers = lexicon(lang).multipliers
    # "et demi", "and a half" nowhere in the text: no fraction after any number (_with_fraction keeps q)
    fractions = bool(found) and number_phrases.has_fraction(text, lang, runs)
    for q in found:
        if fractions:
            q = _with_fraction(text, lang, q, multipliers)
        factor = number_phrases.count_noun_factor(text, q.end, lang)
        if factor and not q.ordinal:
            q = replace(q, values=q.values | {v * factor for v in q.values})
        out.append(q)
    for start, end, value in number_phrases.split_figures(text, lang):
        out = [replace(q, strong=False) if start <= q.start and q.end <= end else q for q in out]
        out.append(Quantity(start, end, text[start:end], frozenset({value}), primary=value))
    for start, end, time, parts in number_phrases.race_times(text, lang):
        # "2:21:31" ~ "2:21.31", "20 sec 53" ~ "20.53": one time, and each piece read on its own
        out = [replace(q, strong=False) if start <= q.start and q.end <= end else q for q in out]
        out.append(Quantity(start, end, text[start:end], frozenset({time}), primary=time))
        out.extend(Quantity(start, end, text[start:end], frozenset({v}), strong=False) for v in parts)
    for start, end, value in number_phrases.fraction_readings(text, lang, runs):
        out.append(Quantity(start, end, text[start:end], frozenset({value}), strong=False))
    for start, end, size in number_phrases.round_of(text, lang):
        out = [replace(q, values=q.values | {size}) if start <= q.start and q.end <= end else q for q in out]
        if not any(start <= q.start and q.end <= end for q in out):
            out.append(Quantity(start, end, text[start:end], frozenset({size}), strong=False))
    for start, end, hours in number_phrases.durations(text, lang):
        out.append(Quantity(start, end, text[start:end], frozenset({hours}), strong=False))
    for start, end, feet in number_phrases.feet_and_inches(text, lang):
        out = [replace(q, strong=False) if start <= q.start and q.end <= end else q for q in out]
        out.append(
            Quantity(
                start,
                end,
                text[start:end],
                frozenset({feet}),
                units=frozenset({"ft"}),
                unit_start=end,
                unit_end=end,
            )
        )
    for start, end, value in number_phrases.roman_numerals(text, lang):
        out.append(Quantity(start, end, text[start:end], frozenset({value}), strong=False, ordinal=True))
    for start, end, a, b in number_phrases.range_as_decimal(text, lang):
        # "5,6 ans" may be "five or six years": the figure is also its first count, and the second is there
        out = [replace(q, values=q.values | {a}) if q.start == start and q.end >= end else q for q in out]
        out.append(Quantity(start, end, text[start:end], frozenset({b}), strong=False))
    if not out:
        return out  # what follows only qualifies quantities found above (most sentences have none)
    for start, _end in number_phrases.times_less(text, lang):
        # "deux fois moins": a share of 1/N, also said as the percentage left or taken off
        out = [
            replace(q, values=q.values | {r for v in q.values if v > 1 for r in (1 / v, 100 / v, 100 - 100 / v)})
            if q.start == start
            else q
            for q in out
        ]
    for start, end, grade in number_phrases.school_years(text, lang):
        out = [
            replace(q, optional=True, values=q.values | grade) if q.start < end and start < q.end else q
            for q in out
        ]
    for start, end in number_phrases.optional_spans(text, lang, runs):
        out = [replace(q, optional=True) if q.start < end and start < q.end else q for q in out]
    return out


def _with_fraction(text: str, lang: str, q: Quantity, multipliers: dict[str, float]) -> Quantity:
    """``q`` with the fraction said after it: "7 millions et demi", "one and a half years", "un an et demi"."""
    if q.ordinal or q.optional:
        return q
    last = q.text.rsplit(None, 1)[-1].lower()
    fraction = number_phrases.fraction_after(text, q.end, lang)
    if fraction is not None and multipliers.get(last, 0) >= 1000:
        if not q.strong:
            return q
        # "7 millions et demi": a share of the multiplier
        values = frozenset(v + multipliers[last] * fraction[1] for v in q.values)
        return replace(
            q, end=fraction[0], text=text[q.start : fraction[0]], values=values, primary=max(values)
        )
    if max(q.values) >= 1000 or last in multipliers:
        return q
    # below, the whole number stays a reading too: "deux mois et demi" is often just "two months",
    # and a number never grows stronger for it ("un mois et demi" ~ "a month and a half")
    if fraction is not None:
        if _MULTIPLIER_NEXT_RE.match(text, fraction[0]):
            return q  # "one and a half thousand": the multiplier's fraction, read with it
        # "one and a half years": the number and its share
        return replace(q, values=q.values | {v + fraction[1] for v in q.values}, primary=None)
    after_unit = number_phrases.fraction_after_unit(text, q.end, lang)
    if after_unit is not None:
        # "un an et demi", "une heure et quart": the share comes after the unit
        return replace(q, values=q.values | {v + after_unit[1] for v in q.values}, primary=None)
    return q


_MULTIPLIER_NEXT_RE = re.compile(
    r"[ \u00a0\u202f-]+(?:hundred|thousand|million|billion|trillion|cents?|mille|millions?|milliards?)\b",
    re.I,
)


RANGE_JOIN_RE = re.compile(r"\s*(?:[-\u2010-\u2014/]|à|a|et|ou|to|and|or|by|sur|x|×|,)\s*", re.I)


def _primary(raw: str, lang: str, values: frozenset[float]) -> float:
    """The reading a writer of ``lang`` means by ``raw`` ("2,5" is 2.5 in French, 25 nowhere)."""
    decimal = "," if lang == "fr" else "."
    t = raw
    for s in SPACES:
        t = t.replace(s, "")
    other = "." if decimal == "," else ","
    try:
        return float(t.replace(other, "").replace(decimal, "."))
    except ValueError:
        return max(values)


# --------------------------------------------------------------------------- matching


def _close(a: float, b: float, approx: bool) -> bool:
    if a == b:
        return True
    scale = max(abs(a), abs(b))
    if approx:
        return abs(a - b) <= 0.25 * scale + 0.5
    return abs(a - b) <= 1e-9 * max(scale, 1.0)


def values_match(q: Quantity, r: Quantity) -> bool:
    """Equal values; a scaled number ("six millions") also matches its bare figure ("six"),
    but not another scaled one ("3 milliards" is not "3 trillion")."""
    approx = q.approx or r.approx
    if any(_close(a, b, approx) for a in q.values for b in r.values):
        return True
    if q.bare and not r.bare and any(_close(a, b, approx) for a in q.bare for b in r.values):
        return True
    return bool(r.bare and not q.bare and any(_close(a, b, approx) for a in q.values for b in r.bare))


def converts(q: Quantity, r: Quantity, table: UnitTable) -> bool:
    """Whether ``r`` is ``q`` in another unit of the same dimension (rounding allowed)."""
    for uq in q.units:
        for ur in r.units:
            if uq == ur or table.dims.get(uq) != table.dims.get(ur):
                continue
            if uq not in table.factors or ur not in table.factors:
                continue
            fq, oq = table.factors[uq]
            fr_, or_ = table.factors[ur]
            for a in q.values:
                base = (a + oq) * fq
                for b in r.values:
                    other = (b + or_) * fr_
                    scale = max(abs(base), abs(other))
                    tol = 0.07 * scale
                    if table.dims.get(uq) == "temperature":
                        tol = 1.0
                    if abs(base - other) <= tol + 0.5 * min(fq, fr_):
                        return True
    return False


@lru_cache(maxsize=20000)
def equivalents(text: str, lang: str, pair: str = "fr-en") -> tuple[Quantity, ...]:
    """Words that may stand for a small number ("a", "both", "twice", "decade"): matched, never flagged.

    Kept apart from :func:`quantities` because they are only needed when the
    other side has a number left to match, which is rare.
    """
    lex = lexicon(lang)
    table = units(pair, lang)
    # "a mile", "half an inch": the unit goes with the word, so conversions still match
    words = [
        _attach_unit(
            text,
            Quantity(m.start(), m.end(), m.group(0), lex.equivalents[m.group(0).lower()], strong=False),
            table,
        )
        for m in lex.equivalent_re.finditer(text)
        if m.group(0).lower() in lex.equivalents
    ]
    # "quattre jours", "Lestrois appareils": a mistyped or glued number word the translator read through
    slips = [
        _attach_unit(text, Quantity(start, end, text[start:end], frozenset({value}), strong=False), table)
        for start, end, value in number_slips.slipped_numbers(
            text, lex.cardinals, partial(_is_word, lang=lang), skip=lex.ambiguous
        )
    ]
    # "¾" may stand for «trois quarts» (read as 3) as "three quarters" does, or for 0.75
    glyphs = [
        Quantity(
            m.start(),
            m.end(),
            m.group(0),
            frozenset(v for v in VULGAR_FRACTIONS[m.group(0)] if v is not None),
            strong=False,
        )
        for m in VULGAR_RE.finditer(text)
    ]
    return tuple(words + slips + glyphs)


def _is_word(word: str, lang: str) -> bool:
    from tqcheck.nlp import is_common_word

    return is_common_word(word, lang)


def matches(q: Quantity, others: tuple[Quantity, ...], table: UnitTable) -> bool:
    """Whether ``q`` has a counterpart among ``others`` (equal value, or a correct conversion)."""
    return any(values_match(q, r) or converts(q, r, table) for r in others)
