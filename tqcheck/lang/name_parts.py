"""The one word of a several-word name that has no rendering on the other side (TQ304, issue #8).

Why this exists: TQ304 asks whether a name has a counterpart as a whole, and a name counts as
rendered when any of its words is there ("Brett Kavanaugh" ~ "Kavanaugh"). When a translation
keeps one word of a name and replaces another by a stranger written somewhere else in the
sentence ("l'association Nahlas Rudolf Kalovský" → "the Olga association, Rudolf Kalovský";
"Clint Eastwood" → "Young's drama"), the whole name still has a counterpart and the word lost was
never compared with the stranger. This module names that word, with its own offsets, so that the
rule can pair it with a stranger in its place as it pairs a whole name.

Only a word that is a name (no common word of its language and no known word, or a place) counts:
a capitalised common word of a name ("Banque", "Palais", "Parc") is as often rendered by meaning
as kept.
"""

from __future__ import annotations

from tqcheck.lang.name_resources import place_ids
from tqcheck.lang.names import (
    SENSE_SIMILARITY,
    Name,
    _folded_tokens,
    _stoplist,
    fold,
    has_counterpart,
    is_common,
    is_known,
    is_name_word,
    sense_similarity,
)
from tqcheck.lang.person_names import is_first_name


def _rendered(word: str, other_text: str, lang: str, pair: str) -> bool:
    return has_counterpart(Name(0, len(word), word, word.isupper(), (word,)), word, other_text, lang, pair)


def _a_name(word: str, lang: str, other: str) -> bool:
    """A word that is a name: no word of the dictionary, a listed first name ("Thomas" is a French
    word too), or a place no common word spells."""
    return (
        (is_name_word(word, lang, other) and not is_known(word, lang))
        or is_first_name(word)
        or (bool(place_ids(fold(word))) and not is_common(word, lang))
    )


def lost_part(name: Name, sentence: str, other_text: str, lang: str, other: str, pair: str) -> Name | None:
    """The one word of ``name`` (a run of ``sentence``) that ``other_text`` does not render, as a
    name of its own (offsets in ``sentence``), when every other word of the name is rendered.

    ``None`` for a one-word name, an acronym, a name with two words or more lost (a name rendered
    by its meaning or dropped whole is no part swapped), and a word that is no name.
    """
    # the words of a hyphenated name count one by one ("Leipzig-Nuremberg" → "Leipzig to Tomasz"),
    # unless the other side writes them as one word ("Auto-Devis" → "AutoDevis")
    written = _folded_tokens(other_text, True)
    words = [
        w
        for p in name.parts
        for w in (p.split("-") if fold(p).replace("-", "") not in written else (p,))
        if w not in _stoplist(lang) and len(w) >= 3
    ]
    if len(words) < 2 or name.acronym:
        return None
    lost = [p for p in words if not _rendered(p, other_text, lang, pair)]
    if len(lost) != 1 or lost[0].isupper() or not _a_name(lost[0], lang, other):
        return None
    word = lost[0]
    if words.count(word) > 1:
        return None
    at = sentence.find(word, name.start)
    if at < 0 or at >= name.end:
        return None
    return Name(at, at + len(word), word, False, (word,))


def renders_by_sense(lost: str, word: str, threshold: float) -> bool:
    """Whether ``word``, written in place of the name ``lost``, renders it by its meaning or its
    convention: the cross-lingual encoder puts them ``threshold`` or nearer.

    A first name is the exception: the encoder puts names of one world near each other ("Barack" ~
    "Bush" 0.60, "Giuseppe" ~ "Pedro", "Annette" ~ "Olga"), and a first name is translated only into
    a first name that keeps its initial ("Jacobo" → "James" 0.51) or is nearer still than a name's
    rendering by meaning (:data:`SENSE_SIMILARITY`).
    """
    similarity = sense_similarity(lost, word)
    if not is_first_name(lost):
        return similarity >= threshold
    if not is_first_name(word):
        return False
    return similarity >= SENSE_SIMILARITY or (lost[:1] == word[:1] and similarity >= threshold)


def capitalised(word: str) -> str:
    """A folded part ("jacobo", as :func:`tqcheck.lang.names.replaced_part` gives it) as a name is
    written: the first-name list and the encoder read capitals ("jacobo" ~ "James" 0.31, "Jacobo"
    ~ "James" 0.51)."""
    return word[:1].upper() + word[1:]
