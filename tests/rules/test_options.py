"""Rule options: a schema per rule, checked when the config is read and when the rule is made, shown in its docs."""

from __future__ import annotations

from dataclasses import fields

import pytest
from helpers import findings_for

from tqcheck.config import load_config
from tqcheck.datatypes import Severity
from tqcheck.errors import ConfigError
from tqcheck.rules.base import Rule
from tqcheck.rules.options import key_of
from tqcheck.rules.registry import all_rules, get_rule

SHORT_FRENCH = [("Le budget est voté.", "The budget, les forces maliennes tentent, is passed.")]


def _config(tmp_path, table: str):
    (tmp_path / "pyproject.toml").write_text(f"[tool.tqcheck]\n{table}", encoding="utf-8")
    return load_config(tmp_path)


def test_a_misspelt_option_is_a_one_line_error_naming_the_rule_and_the_key(tmp_path):
    with pytest.raises(ConfigError) as err:
        _config(tmp_path, "[tool.tqcheck.rules.TQ401]\nmin-word = 6\n")
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith("rules.TQ401: unknown option 'min-word'")
    assert "min-words" in message  # what it accepts


def test_options_are_checked_even_for_a_rule_not_selected(tmp_path):
    with pytest.raises(ConfigError, match=r"rules\.TQ201: unknown option 'look-back'"):
        _config(tmp_path, 'select = ["TQ4"]\n[tool.tqcheck.rules.TQ201]\nlook-back = 3\n')


def test_a_value_of_the_wrong_type_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match=r"rules\.TQ401\.min-words: expected a whole number, got 'four'"):
        _config(tmp_path, '[tool.tqcheck.rules.TQ401]\nmin-words = "four"\n')
    with pytest.raises(ConfigError, match=r"rules\.TQ704\.max-length: expected at least 1, got 0"):
        _config(tmp_path, "[tool.tqcheck.rules.TQ704]\nmax-length = 0\n")
    with pytest.raises(ConfigError, match=r"rules\.TQ202\.ignore: expected a list"):
        _config(tmp_path, '[tool.tqcheck.rules.TQ202]\nignore = "délai"\n')


def test_an_options_table_for_an_unknown_rule_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match=r"rules\.TQ999: no such rule"):
        _config(tmp_path, "[tool.tqcheck.rules.TQ999]\nmin-words = 3\n")


def test_kebab_and_snake_spellings_are_one_key(tmp_path):
    kebab = _config(tmp_path, "[tool.tqcheck.rules.TQ103]\nmin-missing = 3\n")
    snake = _config(tmp_path, "[tool.tqcheck.rules.TQ103]\nmin_missing = 3\n")
    assert (
        get_rule("TQ103")(options=kebab.rule_options["TQ103"]).options
        == get_rule("TQ103")(options=snake.rule_options["TQ103"]).options
    )
    with pytest.raises(ConfigError, match="given twice"):
        _config(tmp_path, "[tool.tqcheck.rules.TQ103]\nmin-missing = 3\nmin_missing = 4\n")


def test_the_rule_checks_its_options_when_made():
    """A Config built in Python (not read from a file) is checked when the run makes its rules."""
    with pytest.raises(ConfigError, match=r"rules\.TQ401: unknown option 'minwords'"):
        findings_for(SHORT_FRENCH, select=("TQ401",), rule_options={"TQ401": {"minwords": 2}})


def test_a_set_option_changes_the_finding():
    rows = [("Le ministre est actuellement au Japon.", "The minister is actually in Japan.")]
    assert findings_for(rows, select=("TQ202",))
    assert findings_for(rows, select=("TQ202",), rule_options={"TQ202": {"ignore": ["actuellement"]}}) == ()


def test_defaults_are_typed_values():
    rule = get_rule("TQ201")()
    assert (rule.options.lookback, rule.options.person_lookback) == (2, 5)
    assert get_rule("TQ202")().options.ignore == ()


@pytest.mark.parametrize("rule", [r for r in all_rules() if fields(r.Options)], ids=lambda r: r.code)
def test_every_option_is_documented_in_the_rules_docs(rule):
    section = rule.section("Options")
    assert section, f"{rule.code} has options but no ## Options section"
    for f in fields(rule.Options):
        assert f"`{key_of(f)}`" in section
        assert f.metadata.get("help"), f"{rule.code}.{key_of(f)} has no help text"
    assert f"[tool.tqcheck.rules.{rule.code}]" in section
    assert rule.docs().rstrip().endswith(section)  # generated, after the hand-written sections


def test_rules_without_options_have_no_options_section():
    for rule in all_rules():
        if not fields(rule.Options):
            assert "## Options" not in rule.docs(), rule.code


def test_a_hand_written_options_section_is_refused():
    with pytest.raises(TypeError, match="generated"):

        class _Handwritten(Rule):  # noqa: F841 - defining it is the test
            """Doc.

            ## What it does
            ## Why is this bad?
            ## Example
            ## Use instead
            ## Options
            `x`: something.
            """

            code = "TQ993"
            name = "handwritten"
            severity = Severity.INFO


def test_the_runs_glossary_reaches_the_rules_with_a_glossary_option(tmp_path):
    path = tmp_path / "terms.csv"
    path.write_text("source,target\nindicateur,informant\n", encoding="utf-8")
    rows = [("Un indicateur a parlé.", "An indicator spoke.")]
    assert findings_for(rows, select=("TQ705",)) == ()
    found = findings_for(rows, select=("TQ705", "TQ401"), glossary=str(path))
    assert [(f.code, f.source.text) for f in found] == [("TQ705", "indicateur")]
