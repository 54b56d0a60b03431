"""The report signature: a dataclass whose format() is the one-line form every report prints."""

from __future__ import annotations

import json
from dataclasses import replace

from tqcheck.aligning import DEFAULT_PARAMS
from tqcheck.api import check_texts, signature
from tqcheck.config import Config
from tqcheck.datatypes import ModelInfo, Scores
from tqcheck.reporting import render
from tqcheck.rules.registry import select_rules
from tqcheck.signature import Signature

FR = "Le conseil a voté le budget de 45 millions d'euros."
EN = "The council passed the 45 million euro budget."


def test_format_is_the_sacrebleu_style_line():
    sig = Signature(
        pair="fr-en",
        aligner="gale-church+anchors",
        aligner_params="0123456789ab",
        rules_selected=20,
        rules_run=("TQ101",),
        models=(ModelInfo("opus-mt-fr-en", "abc", "ctranslate2", "mt"),),
        version="0.1.0",
    )
    assert sig.format() == (
        "tqcheck:0.1.0|pair:fr-en|seg:rules-1|align:gale-church+anchors|align-params:0123456789ab"
        "|rules:1/20|mt:opus-mt-fr-en@abc/ctranslate2"
    )
    assert str(sig) == sig.format()
    assert replace(sig, aligner="", models=()).format().endswith("|align:none|align-params:0123456789ab|rules:1/20")


def test_check_gives_a_signature_with_the_aligner_hash_and_the_rules_run():
    config = Config(similarity=False, cache=False)
    report = check_texts(FR, EN, config)
    sig = report.signature
    assert isinstance(sig, Signature)
    assert sig.aligner_params == DEFAULT_PARAMS.digest() and sig.aligner == "gale-church+anchors"
    assert sig.rules_selected == len(select_rules())
    # Without an MT model the rules that need its scores are selected but do not run.
    assert "TQ101" in sig.rules_run and "TQ502" not in sig.rules_run
    assert f"|align-params:{DEFAULT_PARAMS.digest()}|" in str(sig)
    assert json.loads(render(report, "json"))["signature"] == sig.format()


def test_a_changed_aligner_weight_changes_the_signature():
    config = Config(select=("TQ1",))
    scores = Scores.empty(0)
    default = signature(config, scores, "gale-church+anchors")
    changed = signature(config, scores, "gale-church+anchors", aligner_params=replace(DEFAULT_PARAMS, merge_prior=0.3))
    assert default.rules_selected == len(select_rules(("TQ1",)))
    assert default.format() != changed.format()
    assert default.format().replace(default.aligner_params, changed.aligner_params) == changed.format()


def test_rule_selection_is_computed_once_per_selection():
    assert select_rules(("TQ2",), ("TQ203",)) is select_rules(["TQ2"], ["TQ203"])
