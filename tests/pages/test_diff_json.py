"""The Kidal revision diff as JSON: valid against docs/diff-json-schema.json, and what a new user must see in it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from tqcheck.reporting.revision import render_diff_json

pytestmark = pytest.mark.slow

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "docs" / "diff-json-schema.json").read_text(encoding="utf-8"))


def test_kidal_diff_json_is_valid_and_round_trips(kidal_diff):
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    data = json.loads(render_diff_json(kidal_diff))
    jsonschema.validate(data, SCHEMA)
    assert data == kidal_diff
    broken = dict(data, match="by magic")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, SCHEMA)


def test_kidal_diff_fixes_what_the_gold_flags(kidal_diff):
    fixed = {(f["code"], (f["target"] or {}).get("text")) for r in kidal_diff["rows"] for f in r["fixed"]}
    assert {("TQ201", "She"), ("TQ202", "indicators"), ("TQ202", "results")} <= fixed
    assert kidal_diff["summary"]["introduced"] == 0 and kidal_diff["summary"]["failing"] == 0
    removed = [r for r in kidal_diff["rows"] if r["status"] == "removed"]
    assert len(removed) == 1 and removed[0]["old"]["text"].startswith("Despite the uncertainty")
    assert [f["code"] for f in removed[0]["fixed"]] == ["TQ102", "TQ102"]
    for row in kidal_diff["rows"]:
        assert "".join(p["text"] for p in row["diff"] if p["op"] != "delete") == row["new"]["text"]
