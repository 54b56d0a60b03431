"""Whether an English he/she has anyone to resume in the English around it (issue #8).

Why: TQ201's French resolver leaves many a pronoun alone because a person
*could* be meant («le lecteur», a name it cannot place, a minister three
sentences back). The English the translator wrote is evidence of its own.
A "he" whose English context (its sentence and the few before it) has no man
to point at — no he/him/his, no man's word ("minister" counts, being
neutral; "woman" does not), no name that may be a man's — resumes nobody a
reader can find: when the French «il» there resumes a thing, or nothing
(«il n'est pas certain que»), the "he" is the calque of its grammatical
gender, whoever else the French names further back. Such an *orphan*
pronoun is what :func:`english_referent` tests for; it is strict on purpose
(anything that could be a person of that gender counts), so that the rule,
which then overrides the French resolver's doubts, stays precise.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from tqcheck.datatypes import Sentence
from tqcheck.lang.english_names import (
    _CALENDAR,
    _INSTITUTION_WORDS,
    _OPENERS,
    _names_an_organisation,
    _places,
)
from tqcheck.lang.english_people import _premodifier
from tqcheck.lang.english_pronouns import (
    ENGLISH_WORD_RE,
    NOT_A_NOUN_AFTER_HER,
    EnglishPronoun,
    english_pronouns,
)
from tqcheck.lang.folding import fold as _fold
from tqcheck.lang.french_pronouns import _tables
from tqcheck.lang.inflection import lemminflect_module
from tqcheck.lang.person_gender import is_first_name, name_gender
from tqcheck.languages import lang_file, load_wordlist
from tqcheck.nlp import is_common_word

OTHER_GENDER = {"Masc": "Fem", "Fem": "Masc"}

# Endings of English nouns of persons beyond the listed ones: "Frenchman", "congresswoman",
# "pianist", "historian" (few things end so, and one only makes the test stricter).
_PERSON_ENDINGS = ("man", "ist", "ian")


@lru_cache(maxsize=2)
def _person_nouns(wide: bool = False) -> frozenset[str]:
    """English nouns of one person of either gender (tqcheck/data/lang/en/person_nouns.txt), with
    ``wide`` also those as often a thing or a firm (person_or_thing_nouns.txt: "rival", "producer")."""
    files = ("person_nouns.txt", "person_or_thing_nouns.txt") if wide else ("person_nouns.txt",)
    return frozenset(w for name in files for line in load_wordlist(lang_file("en", name)) for w in line.split())


def _listed(word: str) -> bool:
    """Whether ``word`` is one of the listed English person words (not one found by its ending)."""
    low = word.lower()
    tables = _tables()
    return low in tables["en_neutral_people"] or low in _person_nouns(True) or any(low in v for v in tables["en_people"].values())


def could_be_person_word(word: str, gender: str, wide: bool = False) -> bool:
    """Whether a lower-case English word may name a person a ``gender`` pronoun resumes.

    A person word of that gender or of none ("woman" or "minister" for
    "she"; not "chairman"), or a noun with a person's ending that is not the
    other gender's ("Frenchman" is no "she", "pianist" may be anyone).
    """
    low = word.lower()
    if low.endswith(("'s", "’s")):
        low = low[:-2]
    if low in _tables()["en_people"][OTHER_GENDER[gender]]:
        return False
    if low in _tables()["en_people"][gender] or low in _tables()["en_neutral_people"] or low in _person_nouns(wide):
        return True
    if len(low) < 5 or not low.endswith(_PERSON_ENDINGS) or "ADJ" in word_classes(low):
        return False  # "utilitarian", "German": adjectives as often as persons
    if low.endswith("woman"):
        return gender == "Fem"
    return not (low.endswith("man") and gender == "Fem")


@lru_cache(maxsize=8192)
def word_classes(word: str) -> frozenset[str]:
    """The parts of speech lemminflect's dictionary knows ``word`` as ("plans": NOUN and VERB).

    Imported on first use through :func:`tqcheck.lang.inflection.lemminflect_module`, which keeps
    spaCy out of a process that does not parse (a one-page check's main process)."""
    return frozenset(lemminflect_module().getAllLemmas(word))


def _modifies_next(words: list[re.Match[str]], k: int) -> bool:
    """ "the student association", "player ratings": a person word before a word that can only be a noun
    modifies it, and names no one (before a verb, "the minister plans", it is the subject)."""
    if k + 1 >= len(words):
        return False
    nxt = words[k + 1].group(0)
    if not (nxt.isalpha() and nxt.islower()) or nxt in NOT_A_NOUN_AFTER_HER:
        return False
    readings = word_classes(nxt)
    return readings == {"NOUN"} or before_collective(words, k)


# Nouns of a body of people that a person word before them only describes: "the expert group".
_COLLECTIVES = frozenset(
    "group groups panel panels team teams board boards staff delegation delegations committee council union".split()
)


def before_collective(words: list[re.Match[str]], k: int) -> bool:
    """ "a thirty-member expert group", "the student union": a person word right before a noun of a
    body of people (which lemminflect may also know as a verb: "group", "panel") names the body."""
    return k + 1 < len(words) and words[k + 1].group(0) in _COLLECTIVES


# Words before a capitalised name that show it is no person's: "the Knesset", "in Stuttgart".
_BEFORE_THINGS = frozenset({"the", "in", "at", "near", "inside", "outside"})

# Words joining the capitalised words of one institution's name: "Education and Science Union".
_NAME_JOINERS = frozenset({"of", "and", "for", "the", "de", "du", "des", "la", "le", "&"})


def _capitalised_runs(text: str) -> list[tuple[str, int, int]]:
    """Runs of capitalised words (joined by "of", "and"…) with their offsets: candidate names."""
    words = list(ENGLISH_WORD_RE.finditer(text))
    runs: list[tuple[str, int, int]] = []
    k = 0
    while k < len(words):
        if not words[k].group(0)[:1].isupper():
            k += 1
            continue
        j = k
        while j + 1 < len(words) and (
            words[j + 1].group(0)[:1].isupper()
            or (
                words[j + 1].group(0).lower() in _NAME_JOINERS
                and j + 2 < len(words)
                and words[j + 2].group(0)[:1].isupper()
            )
        ):
            j += 1
        runs.append((text[words[k].start() : words[j].end()], words[k].start(), words[j].end()))
        k = j + 1
    return runs


def _name_could_be(
    name: str, before: str, gender: str, things: frozenset[str], after: str = "", neutral_titles: bool = True
) -> bool:
    """Whether a run of capitalised English words may be (or hold) a person of ``gender``.

    Not when it names an institution ("the Education and Science Union"), a
    place, a month or day, when it is an acronym or only a sentence's first
    word that is a common English word ("Meanwhile", "Flu"), when a title or
    first name gives the other gender, or when every word of it is a name the
    French document gives only to things (``things``, folded: «la société
    Čeps»). Without ``neutral_titles`` a neutral title ("CEO Wuffli",
    "Minister for Labour") counts only with a first name of ``gender``: the
    French shows every person around to be of the other gender («le chef du
    groupe Wuffli»), so the titled person is one of them. The French
    recogniser's labels are not trusted here: it calls «Medvedev» a place
    and «Wuffli» an organisation.
    """
    words = [w.strip(".,") for w in name.split()]
    words = [w[:-2] if w.endswith(("'s", "’s")) else w for w in words]
    folded = [_fold(w) for w in words]
    following = after.split()[:1]
    if (
        len(words) == 1
        and following
        and following[0][:1].islower()
        and words[0].lower().endswith(("an", "ese", "ish", "ch", "i"))
        and not words[0].lower().endswith("man")
    ):
        return False  # "the Russian president", "Malian army": an adjective of nationality
    if could_be_person_word(words[0], gender) and words[0].lower() not in _OPENERS:
        # "Minister Paul Lemaire", "President Obama", "Minister of Finance": a titled person
        rest = [w for w in words[1:] if _fold(w) not in _NAME_JOINERS]
        while rest and _listed(rest[0]):
            rest = rest[1:]  # "Russian President Vladimir Putin": the title's own words are no first name
        if not neutral_titles and _listed(words[0]) and words[0].lower() not in _tables()["en_people"][gender]:
            return len(rest) >= 2 and name_gender(rest) == gender
        return name_gender(rest) != OTHER_GENDER[gender] if len(rest) >= 2 else True
    if any(w in _INSTITUTION_WORDS for w in folded) or _names_an_organisation(words):
        return False
    if len(words) > 1 and " ".join(folded) in _places():
        return False  # "San Francisco", "Los Angeles": a town of several words
    if folded == ["elle"] or folded == ["il"]:
        return False  # French left in the English ("Elle est chiffrée:"), not a person's name
    content = [
        w
        for w, f in zip(words, folded, strict=True)
        if f not in _NAME_JOINERS and f not in _CALENDAR and f not in _places() and not (w.isupper() and len(w) > 1)
    ]
    opens = before.strip(" \t\"'“‘«(—–") == "" or before.rstrip(" \t\"'“‘«(—–")[-1:] in ".!?:;…"
    if opens and content[:1] == words[:1] and (content[0].lower() in _OPENERS or is_common_word(content[0], "en")):
        content = content[1:]  # "This contract", "Flu": a capitalised opener
    if not content or all(_fold(w) in things for w in content):
        return False
    if re.search(r"\b[a-z]+-$", before):
        return False  # "the pro-Kremlin party", "anti-Brussels": a name made an adjective
    preceding = before.split()[-1:]
    if len(words) > 1 and words[0] == "The":
        preceding = ["the"]  # "The Oscars race…" opening a sentence, as "the Oscars" inside one
    if preceding and preceding[0].lower() in _BEFORE_THINGS and not name.endswith(("'s", "’s")):
        return False  # "the Helix Nebula", "in Stuttgart": English names no person so
    if (
        len(content) > 1
        and is_common_word(content[-1], "en")
        and not could_be_person_word(content[-1], gender)
        and not is_first_name(content[0])
    ):
        return False  # "Trifid Nebula", "Mill Valley Film Festival": a named thing
    previous = before.split()[-1] if before.split() else ""
    # "Vladimir Putin": a first name that is also a place's still makes the name a man's
    named = [w for w in words if _fold(w) not in _NAME_JOINERS]
    if OTHER_GENDER[gender] in (name_gender(content, previous), name_gender(named, previous)):
        return False
    return not all(is_common_word(w, "en") for w in content)  # "Days of Darkness", "The Run": titles


def english_referent(
    sentences: Sequence[Sentence],
    pronoun: EnglishPronoun,
    things: frozenset[str] = frozenset(),
    neutral_words: bool = True,
) -> str | None:
    """Something in ``sentences`` (the pronoun's and those before it) that ``pronoun`` could resume, if any.

    Before the pronoun: a pronoun of its gender, a person word of its gender
    or a neutral one ("minister", unless a modifier: "EU member states"),
    a capitalised name that may be a person of its gender. In its own
    sentence after it, a person word or name too ("Before she left, the
    minister…" reads back). ``things`` are the folded names the French
    document gives only to things. Without ``neutral_words`` only person
    words of the pronoun's own gender count ("woman", not "president"): for
    when the French shows every person around to be of the other gender.
    """
    gender = pronoun.gender
    seen: dict[int, set[str]] = {}  # genders of the English pronouns of each sentence, before ``pronoun``
    for sentence in sentences:
        if sentence.index <= pronoun.sentence.index:
            seen[sentence.index] = {
                p.gender
                for p in english_pronouns([sentence])
                if sentence.index < pronoun.sentence.index or p.end <= pronoun.start
            }
    for sentence in sentences:
        if sentence.index > pronoun.sentence.index:
            continue
        own = sentence.index == pronoun.sentence.index
        # "the president…, Margret Wintermantel… she said": a neutral word in English that speaks of its
        # people only with the other gender's pronouns (that sentence and the two before) is that person
        near = set().union(*(seen.get(k, set()) for k in range(sentence.index - 2, sentence.index + 1)))
        neutral_here = neutral_words and near != {OTHER_GENDER[gender]}
        for other in english_pronouns([sentence]):
            if other.gender == gender and not (own and other.start >= pronoun.start):
                return other.word
        text = sentence.text
        words = list(ENGLISH_WORD_RE.finditer(text))
        # "…, if the President deems it necessary": further back than the French resolver reads
        # (tqcheck.lang.antecedents.Resolver.persons_before), a person who is only the subject of
        # an adverbial clause is a circumstance of that sentence, no topic a he/she resumes
        far = pronoun.sentence.index - sentence.index >= FAR_BACK
        for k, m in enumerate(words):
            word = m.group(0)
            if own and pronoun.start <= m.start() < pronoun.end:
                continue
            if far and _opens_adverbial_clause([w.group(0) for w in words[max(0, k - 2) : k]]):
                continue
            # "minister", "CEO", "President Lukashenko"; not a capitalised opener ("Player ratings")
            opens = k == 0 or words[k - 1].group(0) in ".!?:;…\"“"
            if not (word.islower() or word.isupper() or (not opens and _listed(word))):
                continue  # a capitalised word is a person word only when listed ("President"; not "Socialist")
            if not neutral_here and word.lower() not in _tables()["en_people"][gender]:
                continue
            if could_be_person_word(word, gender, wide=True) and not _premodifier(words, k) and not _modifies_next(words, k):
                return word
        runs = _capitalised_runs(text)
        for k, (name, start, end) in enumerate(runs):
            if own and start <= pronoun.start < end:
                continue
            if _listed_among_places(text, runs, k):
                continue  # "in Sundance, Denver, Seattle or San Francisco": a town that is also a first name
            if far and _opens_adverbial_clause(text[:start].split()[-2:]):
                continue
            if _name_could_be(name, text[:start], gender, things, text[end:], neutral_here):
                return name
    return None


#: Sentences back from a he/she from which an adverbial clause's subject no longer counts as someone
#: it may resume: past the two the French resolver weighs (TQ201's ``lookback``).
FAR_BACK = 3

# Conjunctions that open an adverbial clause, and the determiners of its subject: "if the President…".
_ADVERBIAL_CONJUNCTIONS = frozenset("if unless when whenever before after until once while whereas although though because".split())
_DETERMINERS = frozenset("the a an this that".split())


def _opens_adverbial_clause(before: list[str]) -> bool:
    """Whether the two words before a noun are a conjunction of an adverbial clause and a determiner
    ("if the", "when a"): the noun is that clause's subject, not the sentence's."""
    return len(before) == 2 and before[0].lower() in _ADVERBIAL_CONJUNCTIONS and before[1].lower() in _DETERMINERS


_LIST_SEPARATOR = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)")


def _is_place_run(text: str, run: tuple[str, int, int]) -> bool:
    """Whether a capitalised run is a listed place, or follows "in"/"at" ("in Sundance")."""
    name, start, _ = run
    before = text[:start].split()[-1:]
    return _fold(name) in _places() or (bool(before) and before[0].lower() in ("in", "at"))


def _listed_among_places(text: str, runs: list[tuple[str, int, int]], k: int) -> bool:
    """Whether run ``k`` stands in a list ("A, B, C or D") between two runs that are places."""
    if k == 0 or k + 1 >= len(runs):
        return False
    (_, _, prev_end), (_, start, end), (_, next_start, _) = runs[k - 1], runs[k], runs[k + 1]
    return (
        _LIST_SEPARATOR.fullmatch(text[prev_end:start]) is not None
        and _LIST_SEPARATOR.fullmatch(text[end:next_start]) is not None
        and _is_place_run(text, runs[k - 1])
        and _is_place_run(text, runs[k + 1])
    )


# "she was a secret city, …", "he is a film which…": a he/she said to *be* a thing. The
# complement ends at punctuation or at a word that starts a clause or a phrase after it.
_PREDICATED = re.compile(
    r"\s+(?:is|was|will\s+be|has\s+been|had\s+been|remains|remained|became|becomes)\s+(?:a|an)\s+"
    r"((?:[a-z-]+\s+){0,2}[a-z-]+)(?=\s*[,.;:!?)]|\s+(?:which|that|in|on|at|for|with|from|to|and|but)\b)"
)

# English may call a ship or a country "she" by tradition: "she was a fine ship" is no calque.
_SHE_BY_TRADITION = frozenset({"ship", "boat", "vessel", "yacht", "ferry", "liner", "country", "nation", "car"})

# Things English calls a person by metaphor: "she became a legend", "he is a machine".
_SAID_OF_PEOPLE = frozenset(
    """legend icon symbol star model inspiration mystery force phenomenon institution machine rock
    monster genius talent natural pillar treasure gem angel saint tower wall beast shadow ghost""".split()
)


def predicated_noun(pronoun: EnglishPronoun) -> str | None:
    """The last word of what a subject he/she is said to be ("he is a film, which…" → "film"), if any."""
    m = _PREDICATED.match(pronoun.sentence.text, pronoun.end)
    return m.group(1).split()[-1] if m is not None else None


def predicates_french_noun(pronoun: EnglishPronoun, lemma: str) -> bool:
    """Whether a subject he/she is said to be the very noun ``lemma`` (French) names: "he is a film"
    for an «il» that resumes «le film».

    The English itself then says what the pronoun resumes, and it is that
    thing, whatever word classes the noun has ("film" is a verb too, which
    :func:`predicated_thing` does not accept, as "he is a cook" is a man).
    The words must be one and the same, give or take their endings (the
    cognate test of :func:`tqcheck.lang.names._cognate`).
    """
    from tqcheck.lang.names import _cognate

    head = predicated_noun(pronoun)
    return head is not None and len(head) >= 4 and _cognate(_fold(head), _fold(lemma))


def predicated_thing(pronoun: EnglishPronoun) -> str | None:
    """The thing noun a subject he/she is said to be ("For years, she was a secret city,"), if any.

    Whoever else the English names, a "she" that *is* a city resumes the
    city: the pronoun is the calque of the French gender («elle» for «la
    ville»). Only a noun lemminflect knows as nothing but a noun, that is no
    person word (:func:`could_be_person_word`) nor an agent noun in -er/-or
    ("a good listener", "a promoter", which the lists may miss) nor a
    metaphor for people ("a legend"), and for "she" not a ship or a country,
    which English may call "she".
    """
    head = predicated_noun(pronoun)
    if head is None:
        return None
    if (
        word_classes(head) != {"NOUN"}
        or could_be_person_word(head, pronoun.gender, wide=True)
        or head.endswith(("er", "or"))
        or head in _SAID_OF_PEOPLE
        or (pronoun.gender == "Fem" and head in _SHE_BY_TRADITION)
    ):
        return None
    return head
