"""The false-friend / calque lexicon (tqcheck/data/pairs/fr-en/lexicon.yaml) and its matcher."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from helpers import findings_for

from tqcheck.errors import ConfigError
from tqcheck.lang.lexicon import KINDS, REQUIRED, load_lexicon, parse_lexicon
from tqcheck.languages import load_yaml, pair_file
from tqcheck.nlp import english_lemma

RAW = load_yaml(pair_file("fr-en", "lexicon.yaml"))

# Words simplemma does not map to themselves although they are dictionary
# forms in these renderings: nouns in -ing and fixed prepositions/determiners.
NOT_INFLECTIONS = frozenset(
    """an least training renting letting taking proceeding meeting understanding regarding concerning
    vis-à-vis pending given provided depending according based growing""".split()
)


def test_lexicon_loads_with_enough_entries():
    lexicon = load_lexicon("fr-en")
    assert len(lexicon.entries) >= 60
    kinds = {e.kind for e in lexicon.entries}
    assert kinds == set(KINDS)


@pytest.mark.parametrize("raw", RAW["entries"], ids=lambda r: f"{r['fr']}-{r['kind']}")
def test_every_entry_has_the_required_fields(raw):
    for field in REQUIRED:
        assert raw.get(field), f"{raw.get('fr')}: missing {field}"
    assert raw["kind"] in KINDS
    assert raw["severity"] in ("error", "warning", "info")
    assert raw["explanation"].endswith(".")


def test_no_duplicate_french_lemma_and_kind():
    seen = set()
    for raw in RAW["entries"]:
        key = (raw["fr"].lower(), raw["kind"])
        assert key not in seen, f"duplicate entry {key}"
        seen.add(key)


@pytest.mark.parametrize("entry", load_lexicon("fr-en").entries, ids=lambda e: e.fr)
def test_renderings_are_lowercase_lemmas(entry):
    for rendering in (*entry.wrong, *entry.right):
        for word in rendering:
            assert word == word.lower(), f"{entry.fr}: {' '.join(rendering)!r} is not lowercase"
            assert english_lemma(word) == word or word in NOT_INFLECTIONS, (
                f"{entry.fr}: {word!r} in {' '.join(rendering)!r} is an inflected form; write the lemma "
                f"{english_lemma(word)!r}"
            )


def test_no_rendering_is_both_wrong_and_right():
    for entry in load_lexicon("fr-en").entries:
        assert not set(entry.wrong) & set(entry.right), entry.fr


def test_malformed_entries_are_one_line_config_errors():
    base = {
        "fr": "bilan",
        "kind": "false-friend",
        "severity": "error",
        "wrong": ["result"],
        "right": ["toll"],
        "explanation": "x.",
    }
    parse_lexicon({"entries": [base]})
    with pytest.raises(ConfigError, match="missing field"):
        parse_lexicon({"entries": [{k: v for k, v in base.items() if k != "wrong"}]})
    with pytest.raises(ConfigError, match="kind must be"):
        parse_lexicon({"entries": [{**base, "kind": "faux-ami"}]})
    with pytest.raises(ConfigError, match="severity"):
        parse_lexicon({"entries": [{**base, "severity": "fatal"}]})
    with pytest.raises(ConfigError, match="booleans"):
        parse_lexicon({"entries": [{**base, "right": [True]}]})
    with pytest.raises(ConfigError, match="unknown field"):
        parse_lexicon({"entries": [{**base, "contexte": {}}]})
    with pytest.raises(ConfigError, match="target_word"):
        parse_lexicon({"entries": [{**base, "target_word": "toll"}]})
    assert parse_lexicon({"entries": [{**base, "unless_target": ["result of"]}]}).entries[0].unless_target == (
        ("result", "of"),
    )


def test_unknown_pair_has_an_empty_lexicon():
    assert load_lexicon("xx-yy").entries == ()


def test_false_friend_inside_a_calque_is_reported_once():
    rows = [
        (
            "À l'issue de la réunion, le ministre a démissionné.",
            "At the issue of the reunion, the minister resigned.",
        )
    ]
    found = [(f.code, f.target.text) for f in findings_for(rows, select=("TQ202", "TQ203"))]
    assert ("TQ203", "At the issue of") in found
    assert ("TQ202", "issue") not in found
    assert ("TQ202", "reunion") in found


def test_configured_severity_overrides_the_entry_severity():
    rows = [("Le ministre est actuellement au Japon.", "The minister is actually in Japan.")]
    from tqcheck.datatypes import Severity

    (f,) = findings_for(rows, select=("TQ202",), severity={"TQ202": Severity.INFO})
    assert f.severity is Severity.INFO


def test_ignore_option_switches_an_entry_off():
    rows = [("Le ministre est actuellement au Japon.", "The minister is actually in Japan.")]
    assert findings_for(rows, select=("TQ202",), rule_options={"TQ202": {"ignore": ["actuellement"]}}) == ()


# --------------------------------------------------------------------------- clean parallel data

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"


def _clean_pairs() -> list[list[tuple[str, str]]]:
    """Documents of correct human translations from ../shared/data (ntrex, flores200, tico19)."""
    docs: dict[str, list[tuple[str, str]]] = {}
    ntrex = SHARED / "ntrex" / "ntrex.fr-en.docs.tsv"
    flores = SHARED / "flores200" / "flores200.devtest.fr-en.docs.tsv"
    tico_fr, tico_en = SHARED / "tico19" / "tico19-test.fr", SHARED / "tico19" / "tico19-test.en"
    if ntrex.exists():
        for row in list(csv.reader(ntrex.open(encoding="utf-8"), delimiter="\t", quoting=csv.QUOTE_NONE))[1:]:
            docs.setdefault("ntrex:" + row[0], []).append((row[2], row[3]))
    if flores.exists():
        for row in list(csv.reader(flores.open(encoding="utf-8"), delimiter="\t", quoting=csv.QUOTE_NONE))[
            1:
        ]:
            docs.setdefault("flores:" + row[0], []).append((row[3], row[4]))
    if tico_fr.exists() and tico_en.exists():
        pairs = list(
            zip(tico_fr.read_text("utf-8").splitlines(), tico_en.read_text("utf-8").splitlines(), strict=True)
        )
        for i in range(0, len(pairs), 100):
            docs[f"tico:{i}"] = pairs[i : i + 100]
    return list(docs.values())


@pytest.mark.slow
def test_lexical_rules_rarely_fire_on_clean_human_translations():
    documents = _clean_pairs()
    if not documents:
        pytest.skip("../shared/data not present")
    pairs = flagged = 0
    shown = []
    for rows in documents:
        found = findings_for(rows, select=("TQ202", "TQ203", "TQ204"))
        pairs += len(rows)
        flagged += len({f.link for f in found})
        shown.extend(f"{f.code} {f.source.text!r} -> {f.target.text!r}" for f in found)
    rate = 100 * flagged / pairs
    assert rate <= 0.5, f"{rate:.2f} flagged pairs per 100 on clean data: {shown}"


def _tagged(*pairs: str) -> list:
    """Tokens from "word/TAG" strings (offsets are not used by the part-of-speech check)."""
    from tqcheck.nlp import Token

    out = []
    for k, pair in enumerate(pairs):
        word, tag = pair.rsplit("/", 1)
        out.append(Token(text=word, lemma=word.lower(), pos=tag, start=k, end=k + 1))
    return out


@pytest.mark.parametrize(
    ("tokens", "k", "wanted", "ok"),
    [
        # tagger noise the neighbours settle
        (_tagged("l'/DET", "actuel/NOUN", "musée/VERB"), 1, "ADJ", True),
        (_tagged("mes/DET", "fréquents/ADJ", "voyages/ADJ", "à/ADP"), 2, "NOUN", True),
        (_tagged("le/DET", "tour/NOUN", "attendu/ADJ"), 2, "VERB", True),
        # real differences of part of speech
        (_tagged("la/DET", "police/NOUN", "locale/ADJ"), 2, "NOUN", False),
        (_tagged("un/DET", "comportement/NOUN", "exemplaire/ADJ"), 2, "NOUN", False),
        (_tagged("on/PRON", "fabrique/VERB", "des/DET"), 1, "NOUN", False),
        (_tagged("le/DET", "local/NOUN", "de/ADP"), 1, "ADJ", False),
    ],
)
def test_part_of_speech_noise_and_real_differences(tokens, k, wanted, ok):
    from tqcheck.lang.lexicon import pos_compatible

    assert pos_compatible(tokens, k, wanted) is ok


def test_english_occurrences_with_forms_made_by_the_caller_are_the_same():
    from tqcheck.lang.lexicon import english_occurrences, english_token_forms
    from tqcheck.nlp import light_tokens

    sentences = [
        (0, light_tokens("They realised a study of the actual situation.", "en")),
        (1, light_tokens("The actual figures were realised later.", "en")),
    ]
    forms_of = [[english_token_forms(t) for t in tokens] for _, tokens in sentences]
    patterns = [("realise", "a", "study"), ("actual",), ("absent", "word")]
    plain = english_occurrences(patterns, sentences, skip_names=False)
    assert plain  # the patterns do occur
    assert english_occurrences(patterns, sentences, skip_names=False, forms_of=forms_of) == plain
    assert english_occurrences([("absent", "word")], sentences, skip_names=False) == []


def test_the_english_index_is_made_once_per_lexicon():
    lexicon = load_lexicon("fr-en")
    assert lexicon.by_english_key is lexicon.by_english_key
    assert any(lexicon.by_english_key.values())
