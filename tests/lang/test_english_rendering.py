"""How the English renders a French pronoun: "it"/"its" for a thing, never beside a gendered one of that role."""

import pytest
from helpers import make_alignment

from tqcheck.lang.english_pronouns import ENGLISH_WORD_RE
from tqcheck.lang.english_rendering import EnglishSide, rendered_as_thing
from tqcheck.lang.french_pronouns import OBJECT, POSSESSIVE, SUBJECT


def _words(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in ENGLISH_WORD_RE.findall(text))


@pytest.mark.parametrize(
    ("text", "role", "expected"),
    [
        ("It is already very popular.", SUBJECT, True),
        ("The deal cost it dearly.", OBJECT, True),
        ("The country, as its law allows, acted.", POSSESSIVE, True),
        ("He said it was popular.", SUBJECT, False),  # a person and a thing: no proof either way
        ("He is surrounded by advisers who run it.", OBJECT, False),  # «Autour de lui…»: roles swap
        ("The song is popular.", SUBJECT, False),  # nothing rendered: no proof
        ("She sold its shares.", POSSESSIVE, True),  # the possessive is a thing's
        ("Her company sold its shares.", POSSESSIVE, False),
    ],
)
def test_rendered_as_thing(text, role, expected):
    assert rendered_as_thing(_words(text), role) is expected


def test_no_english_is_no_proof():
    assert rendered_as_thing(None, SUBJECT) is False
    assert rendered_as_thing(frozenset(), SUBJECT) is False


def _side(*pairs: tuple[str, str]) -> EnglishSide:
    return EnglishSide(make_alignment(list(pairs)))


@pytest.mark.parametrize(
    ("english", "gender", "expected"),
    [
        ("Men are almost never accused, says the nun.", "Masc", False),
        ("Men are almost never accused, says the nun.", "Fem", True),
        ("A man is almost never accused.", "Masc", True),
        ("The minister is almost never accused.", "Masc", True),  # a word of no gender may be anyone
        ("They almost never accuse Dupont.", "Masc", True),  # a possible name
        ("Few are ever accused.", None, False),
    ],
)
def test_speaks_of_someone(english, gender, expected):
    side = _side(("« Un homme n'est presque jamais accusé. »", english))
    assert side.speaks_of_someone(0, gender) is expected
