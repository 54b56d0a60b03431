"""tqcheck.lang.surnames: which capitalised English words people are called by (TQ304, issue #8)."""

from tqcheck.lang.surnames import FREQUENT_SURNAMES, _surnames, is_frequent_surname, is_people_name


def test_the_frequent_surnames_are_read_from_the_census_list():
    assert len(_surnames()) == FREQUENT_SURNAMES
    assert is_frequent_surname("Baker") and is_frequent_surname("MAJOR")


def test_words_people_are_called_by():
    for word in ("Rose", "Baker", "Hope", "Bush", "Major", "Maria"):
        assert is_people_name(word), word


def test_words_nobody_is_called_by():
    # far down the census list's tail or absent, and no first name ("Sky" is only mostly a first name)
    for word in ("Flats", "Federation", "State", "City", "Council", "Sky"):
        assert not is_people_name(word), word
