"""What the form of a name or of its place says before TQ304 reports it (issue #8).

Why this exists: TQ304 reports a name with no counterpart, and on real news some forms were far
more often renderings than losses: letters of a third language ("Krajská knihovna"), an inflected
German noun ("les Länder"), a gloss in brackets, a capitalised common word used as one (after an
article: "l'Empire"), an acronym rebuilt from the other language's parts ("ONUSIDA" → "Unaids").
Each test reads one name and its sentence, no link, so they live apart from the rule's order of
exclusions (:mod:`tqcheck.rules.numbers.named_entity_mismatch`).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from tqcheck.lang.folding import fold
from tqcheck.lang.names import Name, _inflected_noun


def letters_alike(acronym: str, word: str) -> bool:
    """Whether ``word`` is written with the letters of ``acronym``, in any order, one letter more or
    less: an acronym put together from the other language's parts ("ONUSIDA" → "UNAIDS", "Unaids"),
    as "OTAN" is "NATO"."""
    a, b = Counter(fold(acronym)), Counter(fold(word))
    return len(acronym) >= 4 and word.isalpha() and sum(((a - b) + (b - a)).values()) <= 1


#: French articles, elided or contracted with "à" and "de": a capitalised common word after one is
#: used as a word ("l'Empire", "au Palais"), where a town takes none ("près de Valence").
ARTICLE_RE = re.compile(r"(?:^|[\s(«\"“])(?:le|la|les|l['’]|un|une|du|des|au|aux)\s*$", re.IGNORECASE)


def after_article(text: str, start: int) -> bool:
    """Whether the word at ``start`` of ``text`` comes right after a French article."""
    return bool(ARTICLE_RE.search(text[max(0, start - 12) : start]))


FRENCH_LETTERS = frozenset("àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ")


def foreign_letters(text: str) -> bool:
    """Whether a name has letters neither French nor English writes ("č", "ř", "ő", "ł"): a third language's."""
    return any(c.isalpha() and not c.isascii() and c not in FRENCH_LETTERS for c in text)


def third_language(name: Name) -> bool:
    """Whether every word of a name is an inflected German noun and no word of French or English:
    a term quoted from its language ("les Länder" → "the states"), rendered by its meaning at least
    as often as dropped. Other languages' word lists name people and places too ("Luca",
    "Murdoch" are Italian and German words there): only an inflection tells a noun from a name."""
    words = [w for w in name.parts or (name.text,) if len(w) >= 3 and not w.isupper()]
    return bool(words) and all(_inflected_noun(w) for w in words)


@lru_cache(maxsize=4)
def calendar_words(lang: str) -> frozenset[str]:
    """The day and month names of ``lang`` (CLDR through Babel), capitalised as English writes them."""
    try:
        from babel.dates import get_day_names, get_month_names
    except ImportError:  # pragma: no cover - Babel is a declared dependency
        return frozenset()
    names = {*get_day_names("wide", locale=lang).values(), *get_month_names("wide", locale=lang).values()}
    return frozenset(n[:1].upper() + n[1:] for n in names)


def in_brackets(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` sits inside round brackets."""
    return text.rfind("(", 0, start) > text.rfind(")", 0, start) and ")" in text[end:]


#: The four points of the compass, French → the English words that name them: a closed class that
#: names regions ("l'Europe de l'Est" ~ "Eastern Europe"), kept apart from ``names.yaml`` because
#: alone ("à l'est" ~ "in the East") a point says nothing of a name beside it.
COMPASS = {
    "est": ("east", "eastern"),
    "ouest": ("west", "western"),
    "nord": ("north", "northern"),
    "sud": ("south", "southern"),
}


def compass_rendered(word: str, other_text: str) -> bool:
    """Whether ``word`` names a point of the compass that ``other_text``, the other side, names too:
    "Eastern" for "de l'Est", "l'Est" for "Eastern". In a capitalised run ("Central and Eastern
    King" for "Europe centrale de l'Est") the point renders the point, so the run's other stranger
    stands alone; asked of a run's word or a name, never of a lone English stranger ("à Moscou
    qu'à l'est" → "in the East": the name lost there is Moscow)."""
    folded = fold(word).lower()
    wanted = set(COMPASS.get(folded, ())) | {fr for fr, ens in COMPASS.items() if folded in ens}
    return bool(wanted) and any(w.lower() in wanted for w in re.findall(r"\w+", other_text))
