"""How the English renders a French pronoun: "it"/"its" for a thing, never beside a gendered one of that role."""

import pytest

from tqcheck.lang.english_pronouns import ENGLISH_WORD_RE
from tqcheck.lang.english_rendering import rendered_as_thing
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



@pytest.mark.parametrize(
    ("english", "expected"),
    [
        (["Imam Haddad condemned the threats.", "His community met on Friday."], True),
        (["Imam Haddad condemned the threats.", "The community met on Friday."], False),  # no pronoun: no proof
        (["Imam Haddad condemned the threats.", "His wife and her sister met him."], False),  # both genders
    ],
)
def test_resumed_only_as(english, expected):
    from helpers import make_alignment

    from tqcheck.lang.english_rendering import EnglishSide

    side = EnglishSide(make_alignment([("Phrase une.", english[0]), ("Phrase deux.", english[1])]))
    assert side.resumed_only_as(range(0, 2), "Masc") is expected
