"""JSON report: layout, versioning, and validity against docs/json-schema.json.

The ``jsonschema`` package is used when installed; it is not a dependency,
so a small validator covering the keywords the schema uses (type, required,
properties, additionalProperties, items, enum, const, $ref, oneOf, minimum,
pattern) checks the same thing otherwise.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from test_reporting_support import MT_NOTE, clean_report, sample_report, scored_scores, with_paths

from tqcheck import __version__
from tqcheck.reporting import render

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "docs" / "json-schema.json"
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))

_TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def mini_validate(value, schema, root=SCHEMA, path="$") -> list[str]:
    """Errors of ``value`` against ``schema`` (the subset of JSON Schema docs/json-schema.json uses)."""
    errors: list[str] = []
    if "$ref" in schema:
        node = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        return mini_validate(value, node, root, path)
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_TYPES[t](value) for t in types):
            return [f"{path}: expected {types}, got {type(value).__name__}"]
    if "const" in schema and value != schema["const"]:
        errors.append(f"{path}: expected {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: {value!r} not in {schema['enum']}")
    if "minimum" in schema and _TYPES["number"](value) and value < schema["minimum"]:
        errors.append(f"{path}: {value} < {schema['minimum']}")
    if "pattern" in schema and isinstance(value, str) and not re.search(schema["pattern"], value):
        errors.append(f"{path}: {value!r} does not match {schema['pattern']}")
    if "oneOf" in schema:
        ok = [s for s in schema["oneOf"] if not mini_validate(value, s, root, path)]
        if len(ok) != 1:
            errors.append(f"{path}: matches {len(ok)} of oneOf")
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                errors.append(f"{path}: missing {key!r}")
        props = schema.get("properties", {})
        for key, item in value.items():
            if key in props:
                errors += mini_validate(item, props[key], root, f"{path}.{key}")
            elif schema.get("additionalProperties") is False:
                errors.append(f"{path}: unexpected {key!r}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            errors += mini_validate(item, schema["items"], root, f"{path}[{i}]")
    return errors


def validate(doc) -> list[str]:
    try:
        import jsonschema
    except ImportError:
        return mini_validate(doc, SCHEMA)
    validator = jsonschema.Draft202012Validator(SCHEMA)
    return [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(doc)]


def as_json(report):
    return json.loads(render(report, "json"))


# --------------------------------------------------------------------------- tests


def test_schema_file_is_versioned():
    assert SCHEMA["properties"]["schema"] == {"const": "tqcheck-report/1"}
    assert SCHEMA["$schema"].startswith("https://json-schema.org/")


@pytest.mark.parametrize(
    "report",
    [
        sample_report(),
        clean_report(),
        with_paths(sample_report(), "corpus/source.fr.txt", "corpus/translation.en.txt"),
        sample_report(scores=scored_scores(4)),
    ],
    ids=["sample", "clean", "with-paths", "scored"],
)
def test_output_validates_against_schema(report):
    assert validate(as_json(report)) == []


def test_validator_catches_broken_documents():
    doc = as_json(sample_report())
    broken = json.loads(json.dumps(doc))
    del broken["summary"]["errors"]
    broken["findings"][0]["severity"] = "fatal"
    broken["alignment"][0]["kind"] = "4-1"  # links hold at most three sentences a side
    broken["extra"] = 1
    errors = validate(broken)
    assert len(errors) >= 4, errors
    assert validate({**doc, "schema": "tqcheck-report/2"})


def test_top_level_layout():
    doc = as_json(with_paths(sample_report(), "a/source.fr.txt", "a/translation.en.txt"))
    assert doc["schema"] == "tqcheck-report/1"
    assert doc["tqcheck_version"] == __version__
    assert doc["signature"] == "tqcheck:0.1.0|pair:fr-en|align:manual"
    assert doc["pair"] == {"source_lang": "fr", "target_lang": "en"}
    assert doc["inputs"] == {"source": "a/source.fr.txt", "target": "a/translation.en.txt", "format": "text"}
    assert doc["summary"] == {
        "errors": 2, "warnings": 2, "infos": 2, "links": 4, "source_sentences": 3, "target_sentences": 3,
    }
    assert doc["notes"] == [MT_NOTE]
    assert doc["models"] == [] and doc["corpus"] == {}


def test_sentences_and_alignment_use_offsets_into_each_side():
    report = sample_report()
    doc = as_json(report)
    for side in ("source", "target"):
        text = (report.pair.source if side == "source" else report.pair.target).text
        for s in doc["sentences"][side]:
            assert text[s["start"] : s["end"]] == s["text"]
    assert [(a["source"], a["target"], a["kind"]) for a in doc["alignment"]] == [
        ([0], [0], "1-1"), ([1], [], "1-0"), ([], [1], "0-1"), ([2], [2], "1-1"),
    ]
    assert [a["index"] for a in doc["alignment"]] == [0, 1, 2, 3]


def test_findings_carry_spans_related_and_suggestion():
    report = sample_report()
    doc = as_json(report)
    pronoun = next(f for f in doc["findings"] if f["code"] == "TQ201")
    assert pronoun["severity"] == "error" and pronoun["link"] == 0
    assert pronoun["target"]["text"] == "she"
    assert report.pair.target.text[pronoun["target"]["start"] : pronoun["target"]["end"]] == "she"
    assert pronoun["source"] == {"sentence": 0, "start": 30, "end": 34, "text": "elle"}
    assert pronoun["related"] == [
        {"side": "source", "sentence": 0, "start": 0, "end": 7, "text": "L'armée", "label": "antecedent"}
    ]
    assert pronoun["suggestion"] == "it"
    omission = next(f for f in doc["findings"] if f["code"] == "TQ101")
    assert omission["target"] is None and omission["suggestion"] is None
    document = next(f for f in doc["findings"] if f["code"] == "TQ601")
    assert document["link"] is None


def test_scores_one_per_link_with_nulls_and_tokens_only_when_measured():
    doc = as_json(sample_report(scores=scored_scores(4)))
    assert len(doc["scores"]) == len(doc["alignment"]) == 4
    first, second = doc["scores"][0], doc["scores"][1]
    assert first["similarity"] == 0.91 and first["chrf"] == 71.25
    assert first["tokens"] == [{"token": "▁she", "logprob": -6.5}, {"token": "▁had", "logprob": -0.1}]
    assert second["similarity"] is None and "tokens" not in second
    assert doc["models"] == [{"name": "opus-mt-fr-en", "revision": "abc123", "backend": "ctranslate2", "kind": "mt"}]
    assert doc["corpus"] == {"chrf": 55.5, "nan": None}  # NaN is not JSON


def test_no_scores_means_nulls_not_invented_numbers():
    doc = as_json(sample_report())
    for entry in doc["scores"]:
        assert all(v is None for v in entry.values())


def test_details_become_plain_json():
    from dataclasses import replace

    from tqcheck.datatypes import Severity

    report = sample_report()
    f = replace(report.findings[0], details={"verdict": Severity.ERROR, "pair": (1, 2), "x": float("inf")})
    doc = as_json(replace(report, findings=(f,)))
    assert doc["findings"][0]["details"] == {"verdict": "error", "pair": [1, 2], "x": None}
    assert validate(doc) == []


def test_non_ascii_is_kept_readable():
    text = render(sample_report(), "json")
    assert "L'armée" in text and "\\u00e9" not in text


def test_feed_report_with_units_and_problems_validates(tmp_path):
    from tqcheck.api import check_files
    from tqcheck.config import Config

    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"id": "a", "source": "Bonjour {name} !", "target": "Hello!"}\n{oops\n'
        '{"source": "Merci.", "target": "Thanks."}\n',
        encoding="utf-8",
    )
    doc = as_json(check_files(feed, None, Config(select=("TQ7",), similarity=False, cache=False)))
    assert validate(doc) == []
    assert doc["findings"][0]["unit"] == {"index": 0, "id": "a", "line": 1}
    assert [p["line"] for p in doc["problems"]] == [2]
