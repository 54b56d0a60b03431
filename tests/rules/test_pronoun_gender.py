"""Unit tests of TQ201's parts: impersonal il, pronoun detection, humanness, the resolver, the English side."""

from __future__ import annotations

from dataclasses import replace

import pytest
from helpers import findings_for, make_alignment

from tqcheck.config import Config
from tqcheck.datatypes import Link, Scores
from tqcheck.lang.antecedents import Resolver, _clause_mates
from tqcheck.lang.english_names import _looks_like_name
from tqcheck.lang.english_people import _premodifier
from tqcheck.lang.english_pronouns import ENGLISH_WORD_RE, _is_pronoun_use, english_pronouns
from tqcheck.lang.french_pronouns import OBJECT, POSSESSIVE, SUBJECT, french_pronouns
from tqcheck.lang.humanness import Human, humanness
from tqcheck.lang.impersonal import construction, is_impersonal
from tqcheck.nlp import Analysis
from tqcheck.rules.engine import run_rules
from tqcheck.rules.meaning.pronoun_gender_calque import _neutral


def analysed(*sources: str, targets: tuple[str, ...] | None = None) -> Analysis:
    targets = targets or tuple("x" for _ in sources)
    return Analysis(make_alignment(list(zip(sources, targets, strict=False))))


def first_il(sentence: str) -> tuple[list, int]:
    tokens = analysed(sentence).tokens("source", 0)
    return tokens, next(i for i, t in enumerate(tokens) if t.text.lower() == "il")


@pytest.mark.parametrize(
    "sentence",
    [
        "Il faut partir avant la nuit.",
        "Il y a un problème dans le moteur.",
        "Il est important de noter que les prix montent.",
        "Il s'agit d'une erreur de calcul.",
        "Il pleut depuis ce matin.",
        "Il se peut que la réunion soit reportée.",
        "Il a été estimé que la population doublerait.",
        "Il est huit heures.",
        "Il semble que le projet avance.",
    ],
)
def test_impersonal_il(sentence):
    tokens, i = first_il(sentence)
    assert is_impersonal(tokens, i)


@pytest.mark.parametrize(
    "sentence",
    [
        "Il prévoit une hausse des impôts.",
        "Il peut être roulé en feuilles très fines.",
        "Il a annulé l'arrêté municipal.",
        "Il transportait trois cents passagers.",
    ],
)
def test_referential_il(sentence):
    tokens, i = first_il(sentence)
    assert not is_impersonal(tokens, i)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Il devient difficile de trouver un logement en ville.", "être"),
        ("Il deviendra plus compliqué, pour les usagers, de se garer.", "être"),
        ("Il est plus facile, selon les experts, de réparer que de remplacer.", "être"),
        ("Il devient fou de rage quand on le contredit.", None),  # a man
        ("Il devient célèbre de son vivant.", None),
        ("Il est parti, pour deux semaines, de Lyon.", None),  # a man's compound tense
    ],
)
def test_strong_impersonal_constructions(sentence, expected):
    tokens, i = first_il(sentence)
    assert construction(tokens, i) == expected


def test_french_pronouns_roles_and_articles():
    analysis = analysed("La France a annoncé qu'elle la soutiendrait avec ses alliés.")
    sentence = analysis.alignment.source.sentences[0]
    found = [
        (p.token.text, p.role, p.gender) for p in french_pronouns(sentence, analysis.tokens("source", 0))
    ]
    assert ("elle", SUBJECT, "Fem") in found
    assert ("la", OBJECT, "Fem") in found
    assert ("ses", POSSESSIVE, None) in found
    assert not any(text == "La" for text, _, _ in found)  # the article is not a pronoun


def test_stressed_pronoun_after_preposition_is_an_object():
    analysis = analysed("Le comité a voté pour elle.")
    sentence = analysis.alignment.source.sentences[0]
    roles = {p.token.text: p.role for p in french_pronouns(sentence, analysis.tokens("source", 0))}
    assert roles["elle"] == OBJECT


@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [
        ("La ministre a parlé.", "ministre", "yes"),
        ("Le directeur a parlé.", "directeur", "yes"),
        ("L'armée a parlé.", "armée", "no"),
        ("La France a parlé.", "France", "no"),
        ("La Minusma a parlé.", "Minusma", "no"),
        ("Le moteur a calé.", "moteur", "no"),
        ("Le contrôleur a parlé.", "contrôleur", "maybe"),  # agent suffix, not in the lexicon
        ("Hier, Sophie Martin a parlé.", "Sophie", "yes"),
        ("Hier, Radio-Canada a parlé.", "Radio-Canada", "no"),  # an organisation led by a common noun
        ("Hier, Pierre-Louis a parlé.", "Pierre-Louis", "maybe"),  # a first name the NER calls LOC
    ],
)
def test_humanness(sentence, word, expected):
    analysis = analysed(sentence)
    tokens = analysis.tokens("source", 0)
    i = next(i for i, t in enumerate(tokens) if t.text == word)
    answer = humanness(tokens, i, analysis.entities("source", 0))
    assert isinstance(answer, Human) and answer is Human(expected)


def test_resolver_follows_the_chain_to_the_army():
    analysis = analysed(
        "L'armée malienne a indiqué dans un communiqué qu'elle poursuivait sa progression.",
        "Elle affirme avoir détruit un véhicule de la Minusma.",
    )
    resolver = Resolver(analysis)
    [res] = [r for r in resolver.resolutions(1) if r.pronoun.token.text == "Elle"]
    assert res.flaggable
    assert res.antecedent.noun_phrase.lemma == "armée"


def test_resolver_prefers_the_subject():
    analysis = analysed("Le gouvernement a présenté le budget mardi.", "Il prévoit une hausse des impôts.")
    [res] = Resolver(analysis).resolutions(1)
    assert res.antecedent.lemma == "gouvernement"
    assert res.flaggable


def test_resolver_keeps_quiet_when_a_woman_competes():
    analysis = analysed(
        "La directrice a présenté la stratégie de l'entreprise.", "Elle a insisté sur l'innovation."
    )
    [res] = Resolver(analysis).resolutions(1)
    assert not res.flaggable


def test_resolver_needs_gender_agreement():
    analysis = analysed("Le rapport a été publié lundi.", "Elle a réagi vivement.")
    [res] = Resolver(analysis).resolutions(1)
    assert res.antecedent is None  # "le rapport" cannot be "elle"


def test_english_pronoun_roles():
    alignment = make_alignment(
        [("x", "She told her that her car was ready, and he thanked him for his help.")]
    )
    found = [(p.word, p.role) for p in english_pronouns(list(alignment.target.sentences))]
    assert found == [
        ("She", SUBJECT),
        ("her", OBJECT),
        ("her", POSSESSIVE),
        ("he", SUBJECT),
        ("him", OBJECT),
        ("his", POSSESSIVE),
    ]


@pytest.mark.parametrize(
    ("word", "role", "plural", "expected"),
    [
        ("She", SUBJECT, False, "It"),
        ("he", SUBJECT, False, "it"),
        ("her", POSSESSIVE, False, "its"),
        ("her", OBJECT, False, "it"),
        ("HIS", POSSESSIVE, False, "ITS"),
        ("She", SUBJECT, True, "They"),
        ("his", POSSESSIVE, True, "their"),
    ],
)
def test_neutral_replacement(word, role, plural, expected):
    assert _neutral(word, role, plural) == expected


def test_english_name_filter():
    assert _looks_like_name("Mary Barra", " will present it")
    assert not _looks_like_name("Malian", " army said")
    assert not _looks_like_name("Monday", ", she said")
    assert not _looks_like_name("This", " contract is good", "")
    assert not _looks_like_name("Malian Armed Forces", " (Fama)")
    assert _looks_like_name("Marie", " bought a house", "")


def test_two_sentences_into_one_link():
    rows = [
        (
            "La loi a été adoptée jeudi.",
            "The law was passed on Thursday and she will come into force in January.",
        ),
        ("Elle entrera en vigueur en janvier.", None),
    ]
    base = make_alignment(rows)
    merged = replace(base, links=(Link(source=(0, 1), target=(0,)),))  # a 2-1 link
    findings = run_rules(merged, Scores.empty(1), Config(select=("TQ201",)), Analysis(merged))
    assert [(f.source.text, f.target.text, f.suggestion) for f in findings] == [("Elle", "she", "it")]
    assert findings[0].related[0].text == "La loi"
    assert findings[0].related[0].label == "antecedent"


def test_lookback_option_limits_the_search():
    rows = [
        ("La banque centrale a relevé ses taux.", "The central bank raised its rates."),
        ("Elle craint une inflation durable.", "She fears lasting inflation."),
    ]
    assert findings_for(rows, select=("TQ201",))
    assert not findings_for(rows, select=("TQ201",), rule_options={"TQ201": {"lookback": 0}})


def test_spans_point_into_the_documents():
    rows = [
        ("Le parti a perdu la moitié de ses sièges.", "The party lost half its seats."),
        ("Il devra négocier.", "He will have to negotiate."),
    ]
    alignment = make_alignment(rows)
    [finding] = findings_for(rows, select=("TQ201",))
    assert alignment.pair.target.text[finding.target.start : finding.target.end] == "He"
    assert alignment.pair.source.text[finding.source.start : finding.source.end] == "Il"
    ante = finding.related[0]
    assert alignment.pair.source.text[ante.start : ante.end] == "Le parti"
    assert finding.link == 1
    assert '"He" translates "Il", which refers to "le parti"' in finding.message


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("She said it was late.", "She", True),
        ("Yesterday, she said it.", "she", True),
        ('He added: "She will come."', "She", True),
        ("the peptide Asp-Arg-His-Pro binds", "His", False),
        ("a mixture of Ar and He gases", "He", False),
        ("HIS MAJESTY", "HIS", False),
    ],
)
def test_english_pronoun_use(text, word, expected):
    start = text.index(word)
    assert _is_pronoun_use(text, start, start + len(word)) is expected


def test_possessive_is_bound_to_its_clause_subject():
    analysis = analysed("La métropole financera le projet sur sa propre enveloppe.")
    tokens = analysis.tokens("source", 0)
    subject = next(i for i, t in enumerate(tokens) if t.text == "métropole")
    sa = next(t for t in tokens if t.text == "sa")
    assert _clause_mates(tokens, subject, sa)


def test_possessive_idioms_are_not_pronouns():
    analysis = analysed("L'enzyme clive à son tour la protéine.")
    sentence = analysis.alignment.source.sentences[0]
    assert not french_pronouns(sentence, analysis.tokens("source", 0))


def test_founding_example_in_the_kidal_corpus(kidal_dir):
    from tqcheck.api import check_texts

    source = (kidal_dir / "source.fr.txt").read_text(encoding="utf-8")
    target = (kidal_dir / "translation.en.txt").read_text(encoding="utf-8")
    report = check_texts(source, target, Config(select=("TQ201",), similarity=False))
    found = [f for f in report.findings if f.code == "TQ201"]
    assert [(f.target.text, f.source.text, f.suggestion) for f in found] == [("She", "Elle", "It")]
    assert "armée" in found[0].related[0].text
    assert "She claims" in report.alignment.target.sentences[found[0].target.sentence].text
    fixed = (kidal_dir / "translation.fixed.en.txt").read_text(encoding="utf-8")
    clean = check_texts(source, fixed, Config(select=("TQ201",), similarity=False))
    assert not [f for f in clean.findings if f.code == "TQ201"]


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("the 27 EU member states met", "member", True),
        ("Forty-two parent volunteers signed", "parent", True),  # a number word counts like a figure
        ("the parent volunteers signed", "parent", False),
        ("the trip was made by coach", "coach", True),
        ("the member states met", "member", False),  # a determiner: a person may be meant
        ("a twelve-member panel met", "member", True),  # a hyphenated size
        ("a 27-member board met", "member", True),
        ("the winner says he is happy", "winner", False),
        ("Coach Smith says", "Coach", False),
    ],
)
def test_person_word_used_as_a_modifier(text, word, expected):
    words = list(ENGLISH_WORD_RE.finditer(text))
    k = next(k for k, m in enumerate(words) if m.group(0) == word)
    assert _premodifier(words, k) is expected


def test_english_words_keep_their_accents():
    assert "Dr" not in ENGLISH_WORD_RE.findall("the Drôme and the Hérault")


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("The timing of Lindqvist's plan is foiled by his haste.", True),  # the owner may be the man named
        ("Most of his friends left, Moreau said.", True),  # named after the possessive
        ("The group increased his turnover in Germany and in Lyon.", False),  # places name no owner
        ("His turnover rose in March.", False),  # a month, and the possessive opening the sentence
    ],
)
def test_a_possessive_beside_a_name_may_be_the_named_persons(text: str, named: bool) -> None:
    from tqcheck.datatypes import Sentence
    from tqcheck.lang.english_pronouns import EnglishPronoun
    from tqcheck.rules.meaning.pronoun_gender_calque import _name_in_sentence

    sentence = Sentence(0, 0, len(text), text, 0)
    start = next(m.start() for m in ENGLISH_WORD_RE.finditer(text) if m.group(0).lower() == "his")
    pronoun = EnglishPronoun(sentence, start, start + 3, text[start : start + 3], POSSESSIVE, "Masc")
    assert _name_in_sentence(pronoun, {}) is named


@pytest.mark.parametrize(
    ("text", "name", "thing"),
    [
        ("L'association Rexalia a publié un rapport. Rexalia a dit.", "rexalia", True),
        ("L'usine automobile Kardon ferme. Kardon licencie.", "kardon", True),
        ("Le carnet Pellion se vend bien ; le Pellion plaît.", "pellion", True),
        ("La loi Vernet est votée. M. Vernet est satisfait.", "vernet", False),  # a title makes a person
        ("L'administration Dalmont recule. Jean Dalmont a dit non.", "dalmont", False),  # a first name too
        ("Le président Dalmont a dit non.", "dalmont", False),  # a person noun is no thing
        ("Les critiques contre Dalmont se multiplient.", "dalmont", False),  # a preposition is no noun
        ("La famille Dalmont est arrivée.", "dalmont", False),  # a family names people
        ("Le jeune Dalmont a gagné.", "dalmont", False),  # an adjective put before a person's name
        ("Marine Le Pen a parlé.", "pen", False),  # a capital article belongs to the name
    ],
)
def test_thing_names(text: str, name: str, thing: bool) -> None:
    from tqcheck.lang.thing_names import thing_names

    assert (name in thing_names(text)) is thing


@pytest.mark.parametrize(
    ("text", "pos", "dep", "expected"),
    [
        ("Panucci", "ADJ", "nsubj", True),  # a name the tagger called an adjective
        ("Heureux", "ADJ", "nsubj", False),  # a French word
        ("Panucci", "ADJ", "amod", False),  # not the subject
        ("ONU", "ADJ", "nsubj", False),  # an acronym
    ],
)
def test_a_subject_name_tagged_as_an_adjective(text, pos, dep, expected):
    from tqcheck.lang.antecedents import _subject_name_as_adjective
    from tqcheck.nlp import Token

    token = Token(text=text, lemma=text.lower(), pos=pos, start=0, end=len(text), morph=(), dep=dep, head=3)
    assert _subject_name_as_adjective(token) is expected


@pytest.mark.parametrize(
    ("text", "pos", "expected"),
    [
        ("Delos", "PRON", True),  # a firm's name the tagger called a pronoun
        ("Elle", "PRON", False),  # a pronoun opening the sentence
        ("Celui-ci", "PRON", False),
        ("Personne", "PRON", False),  # «Personne ne sait»: a pronoun spaCy's stop words leave out
        ("Delos", "PROPN", False),  # already a name
        ("SNCF", "PRON", False),  # an acronym is left to the recogniser
    ],
)
def test_a_name_tagged_as_a_pronoun(text, pos, expected):
    from tqcheck.lang.parse_repairs import name_tagged_pronoun as _name_tagged_pronoun
    from tqcheck.nlp import Token

    token = Token(text=text, lemma=text.lower(), pos=pos, start=0, end=len(text), morph=(), dep="nsubj", head=3)
    assert _name_tagged_pronoun(token) is expected


@pytest.mark.parametrize(
    ("sentence", "name", "takes_noun"),
    [
        ("Le groupe Varnek a ouvert une usine à Lyon.", "Varnek", True),  # a firm's name: as salient as «le groupe»
        ("L'administration Varnek a présenté son plan mardi.", "Varnek", False),  # a person's name on a thing
    ],
)
def test_a_firm_name_takes_the_salience_of_its_noun(sentence, name, takes_noun):
    resolver = Resolver(analysed(sentence))
    mentions = {m.text: m for m in resolver.nouns(0)}
    noun = next(m for m in resolver.nouns(0) if m.head == mentions[name].head - 1)
    assert mentions[name].human == Human.NO  # both documents give the name to a thing only
    assert (mentions[name].base == noun.base and mentions[name].role == noun.role) is takes_noun


def _parsed(*words: tuple[str, str, str, int]) -> list:
    """Tokens from (text, pos, dep, head) tuples, spaced by one blank."""
    from tqcheck.nlp import Token

    tokens, at = [], 0
    for text, pos, dep, head in words:
        tokens.append(Token(text=text, lemma=text.lower(), pos=pos, start=at, end=at + len(text), dep=dep, head=head))
        at += len(text) + 1
    return tokens


@pytest.mark.parametrize(
    ("words", "subject"),
    [
        # «Le film de Varda manque de rythme, il…» with «manque» tagged an adjective: the opening noun is the subject
        ((("Le", "DET", "det", 1), ("film", "NOUN", "obl:mod", 7), ("de", "ADP", "case", 3), ("Varda", "PROPN", "nmod", 1),
          ("manque", "VERB", "amod", 1), ("de", "ADP", "case", 6), ("rythme", "NOUN", "obl:arg", 4), ("plaît", "VERB", "ROOT", -1)), True),
        # «Le lendemain, il…»: a noun of time is an adverbial
        ((("Le", "DET", "det", 1), ("lendemain", "NOUN", "obl:mod", 4), (",", "PUNCT", "punct", 1), ("il", "PRON", "nsubj", 4),
          ("partit", "VERB", "ROOT", -1)), False),
        # «Ce soir-là, il…»-like openings: a comma before any verb ends the adverbial
        ((("Cette", "DET", "det", 1), ("année-là", "NOUN", "obl:mod", 4), (",", "PUNCT", "punct", 1), ("il", "PRON", "nsubj", 4),
          ("partit", "VERB", "ROOT", -1)), False),
        # «Au début du film…»: a preposition makes it an adverbial
        ((("À", "ADP", "case", 2), ("ce", "DET", "det", 2), ("moment", "NOUN", "obl:mod", 3), ("partit", "VERB", "ROOT", -1)), False),
    ],
)
def test_an_opening_noun_parsed_as_an_adverbial(words, subject):
    from tqcheck.lang.parse_repairs import opening_subject as _opening_subject

    tokens = _parsed(*words)
    index = next(i for i, t in enumerate(tokens) if t.dep == "obl:mod")
    assert _opening_subject(tokens, index) is subject


@pytest.mark.parametrize(
    ("text", "lemma", "expected"),
    [
        ("Her film is slow, he is a film, which can be watched.", "film", True),  # the very noun the «il» resumes
        ("Her film is slow, he is a cook, which can be watched.", "film", False),  # another noun: maybe a man
        ("Her film is slow, he is a film, which can be watched.", "livre", False),  # not the antecedent's noun
        ("Her film is slow, he filmed it, which can be watched.", "film", False),  # no predicate at all
    ],
)
def test_a_he_said_to_be_the_french_antecedent(text, lemma, expected):
    from tqcheck.datatypes import Sentence
    from tqcheck.lang.english_pronouns import EnglishPronoun
    from tqcheck.lang.english_referents import predicates_french_noun

    sentence = Sentence(0, 0, len(text), text, 0)
    start = text.index(" he ") + 1
    pronoun = EnglishPronoun(sentence, start, start + 2, "he", SUBJECT, "Masc")
    assert predicates_french_noun(pronoun, lemma) is expected


@pytest.mark.parametrize(
    ("first", "person"),
    [
        # the subject of an adverbial clause is a circumstance, no topic three sentences later
        ("La lunette a été fabriquée en 1608, avant que le directeur ne l'utilise pour observer les étoiles.", None),
        ("La lunette a été fabriquée en 1608, quand le directeur de l'observatoire l'a commandée.", None),
        # a main clause's subject, or a coordinated clause's, may still be the topic
        ("Le directeur a utilisé la lunette pour observer les étoiles.", "Le directeur"),
        ("La lunette a été fabriquée en 1608, et le directeur l'a utilisée aussitôt.", "le directeur"),
    ],
)
def test_only_a_main_clause_subject_is_a_person_further_back(first, person):
    resolver = Resolver(
        analysed(first, "Depuis, les miroirs n'ont cessé de grandir.", "Le plus grand se trouve au Chili.", "Il permet de voir très loin.")
    )
    found = resolver.persons_before(3, "Masc", 3)
    assert (found.text if found is not None else None) == person


def test_a_speech_verb_parsed_as_an_adverbial_keeps_its_subject():
    """«Le juge a dit à Roux : "Vous êtes…", votre victime…» with «a dit» hung as an adverbial clause
    of the quotation's verb: no conjunction opens it, so the judge is still a main clause's subject."""
    from tqcheck.lang.parse_repairs import subject_of_a_modifier_clause

    tokens = _parsed(
        ("Le", "DET", "det", 1), ("juge", "NOUN", "nsubj", 3), ("a", "AUX", "aux:tense", 3), ("dit", "VERB", "advcl", 7),
        (":", "PUNCT", "punct", 3), ("votre", "DET", "det", 6), ("victime", "NOUN", "nsubj", 7), ("souffrait", "VERB", "ROOT", -1),
    )
    assert not subject_of_a_modifier_clause(tokens, 1)
    opened = _parsed(
        ("Il", "PRON", "nsubj", 1), ("partit", "VERB", "ROOT", -1), ("avant", "ADP", "mark", 5), ("que", "SCONJ", "mark", 5),
        ("Galilée", "PROPN", "nsubj", 5), ("arrive", "VERB", "advcl", 1),
    )
    assert subject_of_a_modifier_clause(opened, 4)
