"""The constructions TQ204 pairs up: French «depuis» + present/imperfect, «venir de», «en train de», and
the English verb groups that copy them («are cut since», «comes to leave», «in the process of»).

Token-level detectors only, one per construction and side, each yielding
token positions (and for English the suggested verb group); the rule in
:mod:`tqcheck.rules.meaning.tense_calque` pairs a French hit with an English
one of the same construction and words the advice.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tqcheck.lang.inflection import participle
from tqcheck.nlp import Token

TIME_UNITS = frozenset(
    """second seconds minute minutes hour hours day days week weeks month months year years decade decades
    century centuries while ages long generation generations night nights weekend weekends""".split()
)
QUANTITY = frozenset(
    """a an the one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty
    hundred several many few some more than over nearly almost about around roughly past last good whole
    couple of at least""".split()
)
SINCE_START = frozenset(
    """then yesterday last early late mid midnight dawn noon morning evening birth childhood independence the
    this that its their his her our january february march april may june july august september october
    november december monday tuesday wednesday thursday friday saturday sunday christmas easter spring summer
    autumn fall winter""".split()
)
CLAUSE_STOPS = frozenset(
    """that which who whom whose while and but because when where if although though as whereas so
    , ; : ( ) " « » — –""".split()
)
MODALS = frozenset("must can will should may might could would shall cannot".split())
DETERMINERS = frozenset("the my his her its our their your this that these those".split())
BE_PRESENT = {
    "am": "have",
    "is": "has",
    "are": "have",
    "'re": "have",
    "’re": "have",
    "'m": "have",
    "’m": "have",
}
PERFECT = frozenset({"have", "has", "had", "'ve", "’ve", "'d", "’d", "having"})
NEGATION = frozenset({"not", "n't", "n’t", "never", "no", "hardly"})
SINGULAR_SUBJECTS = frozenset({"he", "she", "it", "who", "which", "that", "this", "one"})
PLURAL_SUBJECTS = frozenset({"i", "you", "we", "they"})
ADVERBS = frozenset(
    {"still", "always", "already", "now", "also", "only", "just", "even", "really", "currently"}
)
FUNCTION_WORDS = frozenset(
    """the a an this that these those his her its their our my your to of in on at by for with from and or
    but not be is are was were been being have has had do does did will would can could should may might
    must power terms light mind life rest grips pass fruition end conclusion agreement office help aid
    prominence attention blows head hand grief harm bear""".split()
)
@dataclass(frozen=True)
class Hit:
    """A stretch of one sentence: token range and what kind of calque it shows."""

    sentence: int
    start: int
    end: int
    kind: str  # "depuis", "still", "venir", "process"
    suggestion: str = ""
    verb: int = -1  # for "depuis": the simple-present verb the suggestion replaces


def _fin(t: Token) -> bool:
    return t.feat("VerbForm") == "Fin" and t.pos in ("VERB", "AUX")


# --------------------------------------------------------------------------- French


def french_depuis(tokens: list[Token]) -> Iterator[tuple[int, int, bool, bool]]:
    """(start, end, has «toujours»/«encore», imperfect) of «<verb group> … depuis» stretches.

    The verb is a present (a state still going on) or an imperfect (a state
    that was still going on then: «il vivait à Paris depuis dix ans»).
    """
    for i, t in enumerate(tokens):
        if t.text.lower() != "depuis":
            continue
        nxt = tokens[i + 1].text.lower() if i + 1 < len(tokens) else ""
        if nxt in ("que", "qu'", "qu’", "quand", "lors", "où"):
            continue
        verb = None
        for j in range(i - 1, max(-1, i - 13), -1):
            if tokens[j].text in (";", ":", ".", "?", "!"):
                break
            if _fin(tokens[j]):
                verb = j
                break
        if verb is None and all(tok.pos == "PUNCT" for tok in tokens[:i]):
            # «Depuis jeudi, les réseaux sont coupés»: the verb follows.
            verb = next((j for j in range(i + 1, min(len(tokens), i + 16)) if _fin(tokens[j])), None)
        if verb is None:
            continue
        v = tokens[verb]
        if v.feat("Tense") not in ("Pres", "Imp") or v.feat("Mood") not in (None, "Ind"):
            continue
        if v.dep == "aux:tense":  # passé composé: «s'est vidée depuis» is already a perfect
            continue
        if v.lemma == "avoir" and any(
            tokens[k].feat("VerbForm") == "Part" and tokens[k].pos == "VERB"
            for k in range(verb + 1, min(len(tokens), verb + 4))
        ):
            continue  # «a vécu depuis»: a compound past the parser did not label
        lo, hi = (verb, i) if verb < i else (verb, verb)
        still = any(tokens[k].lemma in ("toujours", "encore") for k in range(min(i, verb), max(i, verb) + 1))
        yield lo, hi, still, v.feat("Tense") == "Imp"


def french_venir(tokens: list[Token]) -> Iterator[tuple[int, int]]:
    for i, t in enumerate(tokens):
        if t.lemma != "venir" or not _fin(t) or t.feat("Tense") not in ("Pres", "Imp"):
            continue
        if i + 2 < len(tokens) and tokens[i + 1].text.lower() in ("de", "d'", "d’"):
            for k in (i + 2, i + 3):
                if k < len(tokens) and tokens[k].feat("VerbForm") == "Inf":
                    yield i, k
                    break


def french_train(tokens: list[Token]) -> Iterator[tuple[int, int]]:
    for i in range(len(tokens) - 2):
        if (
            tokens[i].text.lower() == "en"
            and tokens[i + 1].text.lower() == "train"
            and tokens[i + 2].text.lower() in ("de", "d'", "d’")
        ):
            yield i, i + 2


# --------------------------------------------------------------------------- English


def _time_phrase_after(tokens: list[Token], i: int) -> bool:
    """Whether «since»/«for» at ``i`` opens a point or stretch of time."""
    word = tokens[i].text.lower()
    if i + 1 >= len(tokens):
        return False
    nxt = tokens[i + 1].text
    if word == "since":
        return nxt[:1].isdigit() or nxt.lower() in SINCE_START
    for k in range(i + 1, min(len(tokens), i + 6)):
        w = tokens[k].text.lower()
        if w in TIME_UNITS:
            return True
        if not (w in QUANTITY or w[:1].isdigit()):
            return False
    return False


def english_since(tokens: list[Token]) -> Iterator[Hit]:
    """«since/for + time» with a simple present (or «have still been») in its clause."""
    for i, t in enumerate(tokens):
        if t.text.lower() not in ("since", "for") or not _time_phrase_after(tokens, i):
            continue
        lo = i
        for j in range(i - 1, max(-1, i - 9), -1):
            if tokens[j].text.lower() in CLAUSE_STOPS:
                break
            lo = j
        if lo == i and all(x.pos == "PUNCT" for x in tokens[:i]):
            # «Since Monday, the trains are …»: the verb group follows the comma.
            comma = next((k for k in range(i + 1, min(len(tokens), i + 8)) if tokens[k].text == ","), None)
            if comma is None:
                continue
            hi = comma + 1
            while hi < min(len(tokens), comma + 9) and tokens[hi].text.lower() not in CLAUSE_STOPS:
                hi += 1
            for past in (False, True):
                verb = _present_verb(tokens, comma + 1, hi, fronted=True, past=past)
                if verb is not None:  # flag the verb alone: the fronted «Since Monday,» is right
                    yield Hit(0, verb[0], verb[0], "past" if past else "depuis", verb[1], verb=verb[0])
                    break
            continue
        clause = [x.text.lower() for x in tokens[lo:i]]
        perfect = [k for k in range(lo, i) if _is_perfect(tokens, k)]
        if perfect:
            k = perfect[-1]
            # «have still been … since»: the French «toujours … depuis» carried over.
            if (
                k + 2 < i
                and tokens[k + 1].text.lower() == "still"
                and tokens[k + 2].text.lower() == "been"
                and not any(w in NEGATION for w in clause)
            ):
                yield Hit(0, k, i, "still")
            continue
        for past in (False, True):
            verb = _present_verb(tokens, lo, i, past=past)
            if verb is not None:
                yield Hit(0, verb[0], i, "past" if past else "depuis", verb[1], verb=verb[0])
                break


def _is_perfect(tokens: list[Token], k: int) -> bool:
    w = tokens[k].text.lower().replace("’", "'")
    if w in PERFECT or w.endswith(("'ve", "'d")):
        return True
    return w.endswith("'s") and k + 1 < len(tokens) and tokens[k + 1].text.lower() == "been"


def _be_present(word: str) -> str | None:
    """The present perfect replacing a present of «be», contracted or not («they're» → «they have been»)."""
    w = word.lower().replace("’", "'")
    if w in BE_PRESENT:
        return BE_PRESENT[w] + " been"
    head, _, tail = w.partition("'")
    if tail in ("re", "m") and head in PLURAL_SUBJECTS:
        return f"{word[: len(head)]} have been"
    if tail == "s" and head in ("he", "she", "it", "that", "there", "this", "what"):
        return f"{word[: len(head)]} has been"
    return None


def _present_verb(
    tokens: list[Token], lo: int, hi: int, *, fronted: bool = False, past: bool = False
) -> tuple[int, str] | None:
    """Index of a simple-present (``past``: simple-past) verb in ``tokens[lo:hi]`` and the perfect replacing it."""
    lows = [x.text.lower() for x in tokens[lo:hi]]
    if any(w in NEGATION or w in MODALS for w in lows) or any(_is_perfect(tokens, k) for k in range(lo, hi)):
        return None
    if any(_ranks(t) for t in tokens[lo:hi]):
        return None  # «is the lowest since 1995»: «since» dates a record, the present is right
    for k in range(lo, hi):
        if past:
            if lows[k - lo] in ("was", "were"):
                return k, "had been"
            continue
        perfect = _be_present(tokens[k].text)
        if perfect:
            return k, perfect
    for k in range(lo, hi):
        if past and _is_past_verb(tokens, k, lo):
            return k, f"had {participle(tokens[k].lemma)}"
        if not past and _is_present_verb(tokens, k, lo, fronted=fronted):
            tok = tokens[k]
            aux = "has" if tok.text.lower() != tok.lemma else "have"
            return k, f"{aux} {participle(tok.lemma)}"
    return None


RANKING = frozenset({"most", "least", "first", "record", "best", "worst"})


def _ranks(t: Token) -> bool:
    """A superlative or a record word: «the lowest since», «the first since», «a record since».

    With one of these, English «since» measures how long the record stands,
    not how long a state lasts, and the simple present is what English says.
    A superlative is a word in ``-est`` whose dictionary lemma is shorter
    (simplemma: «lowest» → «low», «latest» → «late»; «honest», «interest»,
    «protest» are their own lemmas). English tokens carry no tag here.
    """
    word = t.text.lower()
    if word in RANKING:
        return True
    return word.endswith("est") and len(t.lemma) < len(word)


def _is_past_verb(tokens: list[Token], k: int, lo: int) -> bool:
    """A regular simple past («lived») right after a pronoun or name subject."""
    tok = tokens[k]
    word = tok.text.lower()
    if not word.isalpha() or not word.endswith("ed") or word == tok.lemma or tok.text[:1].isupper():
        return False
    p = _subject_at(tokens, k, lo)
    if p is None:
        return False
    low = tokens[p].text.lower()
    return low in SINGULAR_SUBJECTS or low in PLURAL_SUBJECTS or _is_name_subject(tokens, p, lo)


def _subject_at(tokens: list[Token], k: int, lo: int) -> int | None:
    """The position of the word before the verb at ``k``, adverbs skipped («he still lives»), or ``None``."""
    p = k - 1
    while p >= lo and tokens[p].text.lower() in ADVERBS:
        p -= 1
    return p if p >= lo else None


def _is_name_subject(tokens: list[Token], p: int, lo: int) -> bool:
    """A capitalised word inside the sentence (not after punctuation) that is no function word and opens its clause.

    The name (with the capitalised words before it: «Angela Merkel») must open
    the clause or follow an adverb: after a preposition or a verb it is a
    modifier or an object («the axles of ICE trains», «take Czech tourists»),
    and the plural noun after it is no verb.
    """
    subject = tokens[p].text
    if not (subject[:1].isupper() and p > 0 and tokens[p - 1].pos != "PUNCT" and subject.lower() not in FUNCTION_WORDS):
        return False
    q = p
    while q - 1 >= lo and tokens[q - 1].text[:1].isupper() and tokens[q - 1].pos != "PUNCT":
        q -= 1
    return q == lo or tokens[q - 1].text.lower() in ADVERBS or tokens[q - 1].text.lower() in CLAUSE_STOPS


def _is_present_verb(tokens: list[Token], k: int, lo: int, *, fronted: bool = False) -> bool:
    """A lexical verb in the simple present right after its pronoun or name subject.

    ``fronted``: the clause follows a fronted «Since 2021,», so it starts with
    its subject and a bare noun («tenant associations call») may be one.
    """
    tok = tokens[k]
    word = tok.text.lower()
    if not word.isalpha() or word in FUNCTION_WORDS or tok.text[:1].isupper():
        return False
    p = _subject_at(tokens, k, lo)
    if p is None:
        return False
    subject = tokens[p].text
    low = subject.lower()
    name = _is_name_subject(tokens, p, lo)
    third_person = word != tok.lemma and word in (tok.lemma + "s", tok.lemma + "es")
    if low in SINGULAR_SUBJECTS or name:
        return third_person
    if low in PLURAL_SUBJECTS:
        return word == tok.lemma
    if (
        p - 1 == lo
        and tokens[p - 1].text.lower() in DETERMINERS
        and low.isalpha()
        and low not in FUNCTION_WORDS
    ):
        # «my brother lives», «the networks remain»: a determiner opening the clause, a noun, a verb.
        plural_noun = low != tokens[p].lemma and low.endswith("s")
        return word == tok.lemma if plural_noun else third_person
    following = tokens[k + 1].text.lower() if k + 1 < len(tokens) else "."
    if (
        fronted
        and low.isalpha()
        and low not in FUNCTION_WORDS
        and not subject[:1].isupper()
        # a verb is followed by a preposition, article or punctuation, not by a noun
        and (following in FUNCTION_WORDS or following in ADVERBS or not following[:1].isalnum())
    ):
        if low != tokens[p].lemma and low.endswith("s"):
            return word == tok.lemma and not word.endswith("s")
        return third_person
    return False


def english_come_to(tokens: list[Token]) -> Iterator[tuple[int, int, str]]:
    lows = [t.text.lower() for t in tokens]
    if "just" in lows:
        return
    for i, t in enumerate(tokens):
        if t.lemma != "come" or i + 2 >= len(tokens) or lows[i + 1] != "to":
            continue
        verb = tokens[i + 2]
        w = lows[i + 2]
        if not w.isalpha() or w in FUNCTION_WORDS or verb.text[:1].isupper() or verb.lemma != w:
            continue
        aux = {"comes": "has", "came": "had", "come": "have"}.get(lows[i])
        if aux is None:
            continue
        yield i, i + 2, f"{aux} just {participle(w)}"


def english_process(tokens: list[Token]) -> Iterator[tuple[int, int, str]]:
    lows = [t.text.lower() for t in tokens]
    for i in range(len(tokens) - 3):
        if lows[i : i + 4] == ["in", "the", "process", "of"]:
            end = i + 3
            sugg = ""
            if i + 4 < len(tokens) and lows[i + 4].endswith("ing"):
                end, sugg = i + 4, tokens[i + 4].text
            yield i, end, sugg


# --------------------------------------------------------------------------- the rule
