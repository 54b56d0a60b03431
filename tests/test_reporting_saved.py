"""Saved JSON reports: every damaged field is either refused with a reason or still renders (never a traceback)."""

from __future__ import annotations

import copy
import json

import pytest
from test_reporting_support import sample_report, scored_scores

from tqcheck.reporting.json_report import report_dict
from tqcheck.reporting.pages import render_report_page
from tqcheck.reporting.revision import render_diff_html
from tqcheck.reporting.saved import check_diff, check_report, load_saved
from tqcheck.revising import revision_diff

BAD_VALUES = (None, -1, 7, 1.5, "x", True, [], {}, [None], [{}])


def paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value[:3]):
            yield from paths(v, (*prefix, i))


def replaced(doc, path, new):
    doc = copy.deepcopy(doc)
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = new
    return doc


def test_every_damaged_field_is_refused_or_rendered():
    doc = report_dict(sample_report(scores=scored_scores(4)))
    assert check_report(doc) is None
    render_report_page([doc])
    refused = rendered = 0
    for path in list(paths(doc))[1:]:
        for bad in BAD_VALUES:
            broken = replaced(doc, path, bad)
            if check_report(broken) is not None:
                refused += 1
                continue
            render_report_page([broken])  # must not raise
            rendered += 1
    assert refused > 100 and rendered > 100


def test_every_damaged_diff_field_is_refused_or_rendered():
    doc = report_dict(sample_report())
    diff = json.loads(json.dumps(revision_diff(doc, doc)))
    assert check_diff(diff) is None
    for path in list(paths({k: v for k, v in diff.items() if k not in ("old", "new")}))[1:]:
        for bad in BAD_VALUES:
            broken = replaced(diff, path, bad)
            if check_diff(broken) is None:
                render_diff_html(broken)


def test_load_saved_shapes(tmp_path):
    doc = report_dict(sample_report())
    (tmp_path / "list.json").write_text(json.dumps([doc, {"schema": "x"}]), encoding="utf-8")
    loaded = load_saved(tmp_path / "list.json")
    assert len(loaded.documents) == 1
    assert loaded.errors == [f"{tmp_path / 'list.json'}: item 2: schema is 'x', expected 'tqcheck-report/1'"]
    (tmp_path / "bom.json").write_bytes(b"\xef\xbb\xbf" + json.dumps(doc).encode())
    assert len(load_saved(tmp_path / "bom.json").documents) == 1
    (tmp_path / "latin.json").write_bytes(b'{"a": "\xe9"}')
    with pytest.raises(Exception, match="not UTF-8"):
        load_saved(tmp_path / "latin.json")
