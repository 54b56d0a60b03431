"""Whether a capitalised word is a person's first name, so that the word after it is a surname.

Why this exists (issue #8): TQ304 reads a common English word written where a source name stood
("Banque de France" → "Bank of France") as a rendering, unless the lost word is a name no
dictionary knows. Many surnames are also dictionary words of French ("Harper", "Surprenant",
"Lapierre"), so "Stephen Harper" → "Stephen Brown" passed as a rendering. A surname is not
translated: after a first name kept as it is, the word in the surname's place is the surname,
whatever a dictionary says of it. The first names come from gender-guesser (Jörg Michael's list of
some 40,000 first names by country), a declared dependency already read by
:mod:`tqcheck.lang.person_gender`.
"""

from __future__ import annotations

from functools import lru_cache

from tqcheck.lang.person_gender import gender_answer
from tqcheck.lang.stop_words import stop_words

#: gender-guesser's answers for a word its list holds as a first name ("unknown" is any other word).
FIRST_NAME_ANSWERS = frozenset({"male", "female", "mostly_male", "mostly_female", "andy"})


@lru_cache(maxsize=20000)
def is_first_name(word: str) -> bool:
    """Whether ``word`` is listed as a first name ("Stephen", "Helena"), of three letters or more ("Le"
    is listed too). Places are not left out: many first names are towns too ("Helena", "Florence"),
    and the callers ask only about a word next to another word of the same name."""
    if len(word) < 3 or not word[:1].isupper() or word.isupper():
        return False
    return gender_answer(word) in FIRST_NAME_ANSWERS


def opens_a_name(words: tuple[str, ...], lang: str) -> bool:
    """Whether a capitalised run that starts a sentence starts with a first name ("Nicolas Sarkozy
    sera…", "Gilles Surprenant, ex-ingénieur…"): its first word then belongs to the name although a
    dictionary knows it as a word ("nicolas", "gille"). A function word listed as a first name
    ("Les", "Son") does not count."""
    return len(words) >= 2 and words[0].lower() not in stop_words(lang) and is_first_name(words[0])


def follows_first_name(text: str, at: int, parts: tuple[str, ...]) -> bool:
    """Whether the word at ``text[at:]`` comes right after (one space) a first name that is one of
    ``parts``, the name's words: the word then stands in a surname's place ("Stephen Brown" for
    "Stephen Harper"), and a surname is not rendered by its meaning ("Herrero" is no "Hunter")."""
    before = text[:at]
    if not before.endswith(" "):
        return False
    previous = before[:-1].rsplit(None, 1)[-1] if before[:-1].strip() else ""
    return previous in parts and is_first_name(previous)


def person_pair(words: tuple[str, ...], parts: tuple[str, ...], i: int, j: int) -> bool:
    """Whether ``words[i]`` and ``words[j]`` (neighbours, titles left out) are a person's first name
    and the name after it: the first of the two is a first name and so is every word before it
    ("Juan Manuel Santos"; not "Loi de Justice Électorale", where "Justice" is listed too), and both
    are whole words of the name, not pieces of a hyphenated word ("Evan Tout-Puissant" is a title
    rendered by its meaning, "Evan Almighty"). A first name that is also an English word ("Justice",
    "Grace", "Frank") may be a word of a title rendered by meaning ("Electoral Justice Act"): not
    counted."""
    from tqcheck.nlp import is_common_word

    first = min(i, j)
    if not (0 <= first and max(i, j) < len(words)) or any(words[k] not in parts for k in (i, j)):
        return False
    return all(is_first_name(w) and not is_common_word(w, "en") for w in words[: first + 1])
