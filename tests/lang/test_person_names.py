"""First names, and the pair of words of a name that are a first name and a surname (TQ304)."""

from tqcheck.lang.person_names import follows_first_name, is_first_name, opens_a_name, person_pair


def test_first_names_are_listed_words_of_three_letters_or_more() -> None:
    assert is_first_name("Stephen") and is_first_name("Helena")
    assert not is_first_name("Banque") and not is_first_name("Le") and not is_first_name("ONU")


def test_a_sentence_opens_with_a_name_when_its_first_word_is_a_first_name() -> None:
    assert opens_a_name(("Nicolas", "Dumoulin"), "fr")
    assert not opens_a_name(("Les", "Républicains"), "fr")  # listed as a first name, but a function word
    assert not opens_a_name(("Nicolas",), "fr")  # one word: nothing says it is a name here


def test_person_pair_needs_first_names_before_whole_words_of_the_name() -> None:
    assert person_pair(("Stephen", "Harper"), ("Stephen", "Harper"), 0, 1)
    assert person_pair(("Juan", "Manuel", "Santos"), ("Juan", "Manuel", "Santos"), 2, 1)
    assert not person_pair(("Evan", "Tout", "Puissant"), ("Evan", "Tout-Puissant"), 0, 1)
    assert not person_pair(("Loi", "Justice", "Électorale"), ("Loi", "Justice", "Électorale"), 1, 2)


def test_a_word_right_after_the_first_name_kept_stands_in_the_surnames_place() -> None:
    text = "The director, Helena Hunter, spoke."
    assert follows_first_name(text, text.index("Hunter"), ("Helena", "Herrero"))
    assert not follows_first_name(text, text.index("spoke"), ("Helena", "Herrero"))
