"""English inflection of suggestions (lemminflect with a few sense choices), shared by TQ202/TQ203/TQ204."""

from __future__ import annotations

import pytest

from tqcheck.lang import inflection as inf


@pytest.mark.parametrize(
    ("function", "lemma", "form"),
    [
        (inf.plural, "toll", "tolls"),
        (inf.plural, "midwife", "midwives"),
        (inf.plural, "crisis", "crises"),
        (inf.plural, "policy", "policies"),
        (inf.plural, "news", "news"),  # uncountable: left as it is
        (inf.third_person, "have", "has"),
        (inf.third_person, "go", "goes"),
        (inf.third_person, "carry", "carries"),
        (inf.past, "draw", "drew"),
        (inf.past, "lay", "laid"),
        (inf.past, "beg", "begged"),
        (inf.participle, "deal", "dealt"),
        (inf.participle, "shoot", "shot"),
        (inf.participle, "understand", "understood"),
        (inf.participle, "withdraw", "withdrawn"),
        (inf.participle, "live", "lived"),
        (inf.participle, "study", "studied"),
        (inf.gerund, "acquit", "acquitting"),
        (inf.gerund, "take", "taking"),
        (inf.gerund, "see", "seeing"),
        (inf.gerund, "lie", "lying"),
    ],
)
def test_forms(function, lemma, form):
    assert function(lemma) == form


def test_sense_and_spelling_choices_override_the_first_listed_form():
    assert inf.participle("bear") == "borne"
    assert inf.participle("lie") == "lain"
    assert inf.participle("get") == "got"
    assert inf.participle("quit") == "quit"


def test_unknown_words_are_inflected_by_rule():
    assert inf.participle("blorp") == "blorped"
    assert inf.plural("zorbit") == "zorbits"


def test_the_lexicon_and_the_tense_rule_share_one_inflection():
    from tqcheck.lang import lexicon as _lexicon
    from tqcheck.rules.meaning import _tense_patterns

    assert _tense_patterns.participle is inf.participle
    assert _lexicon.participle is inf.participle


def test_loading_the_rules_does_not_import_lemminflect():
    """lemminflect imports spaCy on import: it must wait for the first inflection (after the French parse)."""
    import subprocess
    import sys

    code = (
        "import sys; import tqcheck.rules.meaning.tense_calque, tqcheck.rules.meaning._lexicon; "
        "print(sorted(m for m in ('lemminflect', 'spacy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
