"""A long document aligned in a forked child while the rules warm up: the same links, the same findings.

Why: :func:`tqcheck.aligning.ahead.align_while` moves alignment to a child
process and runs the rules on the document's head meanwhile
(:mod:`tqcheck.rules.warming`), so the tables are loaded by the time the
links come back (issue #13). These tests pin that the links are those of
:func:`~tqcheck.aligning.aligner.align` in this process, that the warm-up
changes no finding, and that a failed child or a failed fork only costs time.
The length threshold is lowered so that a few corpus documents joined into one
stand in for a document of thousands of sentences.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_rule_forking import CONFIG

from tqcheck.aligning import ahead
from tqcheck.aligning.aligner import align
from tqcheck.rules import forking

ROOT = Path(__file__).resolve().parent.parent


def _run(mode: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in (ahead.ENV_SWITCH, forking.ENV_SWITCH)}
    env["PYTHONPATH"] = str(ROOT)
    out = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "align_ahead_run.py"), mode],
        capture_output=True, text=True, cwd=ROOT, env=env, check=False, timeout=600,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def runs(long_alignment) -> tuple[dict, dict]:
    if not hasattr(os, "fork") or not sys.platform.startswith("linux") or forking._available_cores() < 2:
        pytest.skip("forking needs Linux and two cores")
    return _run("cold"), _run("ahead")


@pytest.fixture(scope="module")
def long_alignment():
    from test_rule_forking import joined_alignment

    return joined_alignment()  # fills the table cache the fresh interpreters read their word lists from


def test_the_child_aligns_as_this_process_would(runs):
    _, run = runs
    assert run["can_align_ahead"], "the fresh interpreter may fork"
    assert run["align_workers"] == 1  # the links did come from the child
    assert run["warmed_here"]  # the rules warmed up in this process, meanwhile
    assert run["alignment_equal"]


def test_warming_up_on_the_head_changes_no_finding(runs):
    cold, run = runs
    assert run["findings"] == cold["findings"]


def test_a_child_that_fails_costs_only_time(runs):
    _, run = runs
    assert run["failed_child_equal"]
    assert run["workers_after_failure"] == 1  # nothing came back from the failed child


def test_without_fork_both_run_here(runs):
    _, run = runs
    assert run["no_fork_equal"] and run["no_fork_meanwhile_ran"]
    assert run["frozen_after_no_fork"] == 0  # the collector is left as it was


def test_a_short_document_is_aligned_here(long_alignment, monkeypatch):
    calls: list[str] = []
    monkeypatch.setattr(ahead, "may_fork", lambda *a, **k: True)  # only the length keeps it here
    monkeypatch.setattr(ahead, "Forked", lambda *a: calls.append("forked"))
    al = long_alignment
    assert len(al.source.sentences) < ahead.AHEAD_MIN_SENTENCES
    got = ahead.align_while(al.pair, al.source, al.target, lambda: calls.append("meanwhile"))
    assert calls == ["meanwhile"]
    assert got == align(al.pair, al.source, al.target)


def test_a_failing_warm_up_is_left_to_the_real_check(long_alignment, monkeypatch):
    from tqcheck.rules import warming

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("a rule that fails")

    monkeypatch.setattr(warming, "run_rules", broken)
    al = long_alignment
    assert warming.warm_rules(al.pair, al.source, al.target, CONFIG, head=20) is None


def test_the_warm_up_reads_the_head_of_the_real_document(long_alignment, monkeypatch):
    from tqcheck.rules import warming

    seen = []
    monkeypatch.setattr(warming, "run_rules", lambda alignment, *a, **k: seen.append(alignment))
    al = long_alignment
    warming.warm_rules(al.pair, al.source, al.target, CONFIG, head=20)
    (head,) = seen
    assert head.pair is al.pair  # the whole-document indexes are keyed by the real document's text
    assert head.source.sentences == al.source.sentences[:20] and head.target.sentences == al.target.sentences[:20]
    assert head.links and max(i for link in head.links for i in link.source) < 20
