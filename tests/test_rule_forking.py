"""A long document's links shared with a forked child: the same findings, in the same order, as one process.

Why: the second core checks the later links of a long document
(:mod:`tqcheck.rules.forking`), and nothing but its findings comes back; these
tests pin that the findings do not depend on which process checked a link,
nor on the child finishing at all. The threshold is lowered so that a few
corpus documents joined into one stand in for a document of thousands of links.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tqcheck.aligning import align
from tqcheck.config import Config
from tqcheck.datatypes import LanguagePair, Scores
from tqcheck.nlp import Analysis
from tqcheck.reading import pair_from_texts
from tqcheck.rules import engine, forking
from tqcheck.rules.engine import run_rules
from tqcheck.segmenting import segment

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
LONG = ("mt-loi-logement", "mt-escroquerie-lyon", "kidal", "mt-ue-niger")
CONFIG = Config(similarity=False, ignore=("TQ2",))  # mode (a): the rules that need no parser or model


def joined_alignment():
    """Several corpus documents (machine translations with real mistakes) as one document of many links."""
    fr = "\n".join((CORPORA / name / "source.fr.txt").read_text(encoding="utf-8").strip() for name in LONG)
    en = "\n".join((CORPORA / name / "translation.en.txt").read_text(encoding="utf-8").strip() for name in LONG)
    pair = pair_from_texts(fr + "\n", en + "\n", LanguagePair("fr", "en"))
    return align(pair, segment(pair.source), segment(pair.target))


@pytest.fixture(scope="module")
def long_alignment():
    return joined_alignment()


def _findings(alignment, block_links: int = engine.RULE_BLOCK_LINKS, timings=None):
    scores = Scores.empty(len(alignment.links))
    return run_rules(alignment, scores, CONFIG, Analysis(alignment), block_links=block_links, timings=timings)


@pytest.fixture(scope="module")
def forked_run(long_alignment):
    """tests/forking_run.py's figures, from a fresh interpreter that may fork."""
    if not hasattr(os, "fork") or not sys.platform.startswith("linux") or forking._available_cores() < 2:
        pytest.skip("forking needs Linux and two cores")
    assert _findings(long_alignment, 10)  # fills the table cache the fresh interpreter reads its word lists from
    env = {k: v for k, v in os.environ.items() if k != forking.ENV_SWITCH}
    env["PYTHONPATH"] = str(ROOT)
    out = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "forking_run.py")],
        capture_output=True, text=True, cwd=ROOT, env=env, check=False, timeout=600,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_forked_child_finds_what_one_process_finds(forked_run):
    assert forked_run["can_fork"], "the fresh interpreter may fork"
    assert forked_run["findings"] > 0  # a document with mistakes to find
    assert forked_run["forked_equal"]
    assert forked_run["forked_workers"] == 1  # the child did check links and sent them back
    assert {"TQ301", "TQ304"} <= set(forked_run["timed_rules"])  # the rules' CPU seconds, the child's included


def test_links_of_a_child_that_fails_are_checked_here(forked_run):
    assert forked_run["failed_child_equal"]
    assert forked_run["workers_after_failure"] == 1  # nothing came back from the failed child


def test_links_are_checked_here_when_the_system_cannot_fork(forked_run):
    assert forked_run["no_fork_equal"]
    assert forked_run["frozen_after_no_fork"] == 0  # the collector is left as it was


def test_a_short_document_stays_in_one_process(long_alignment, monkeypatch):
    calls: list[int] = []
    monkeypatch.setattr(forking, "can_fork", lambda *_: True)  # only the length keeps it in one process
    monkeypatch.setattr(forking, "Forked", lambda work: calls.append(1))
    _findings(long_alignment, 10)  # far below FORK_MIN_LINKS
    assert calls == []
    assert engine._chunks(forking.FORK_MIN_LINKS - 1, 1000) is None


def test_chunks_cover_the_links_after_the_first_block_once(monkeypatch):
    monkeypatch.setattr(forking, "can_fork", lambda *_: True)
    chunks = engine._chunks(10_250, 1000)
    assert chunks is not None and chunks[0] == (1000, 1500) and chunks[-1] == (10_000, 10_250)
    assert all(a[1] == b[0] for a, b in zip(chunks, chunks[1:], strict=False))
    huge = engine._chunks(10_000_000, 1000)  # never more tickets than the pipe holds before the fork
    assert huge is not None and len(huge) <= forking.Tickets.MAX and huge[-1][1] == 10_000_000


def test_two_processes_draw_each_ticket_once():
    if not hasattr(os, "fork"):
        pytest.skip("no fork here")
    tickets = forking.Tickets(200)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        drawn = []
        while (k := tickets.draw()) is not None:
            drawn.append(k)
        os.write(write_end, ",".join(map(str, drawn)).encode())
        os._exit(0)
    os.close(write_end)
    mine = []
    while (k := tickets.draw()) is not None:
        mine.append(k)
    os.waitpid(pid, 0)
    with os.fdopen(read_end, "rb") as pipe:
        text = pipe.read().decode()
    theirs = [int(k) for k in text.split(",") if k]
    tickets.close()
    assert sorted(mine + theirs) == list(range(200))
    assert mine == sorted(mine) and theirs == sorted(theirs)  # each process draws in increasing order


def test_an_unused_spacy_helper_blocks_only_runs_with_parser_rules(monkeypatch):
    from types import SimpleNamespace

    from tqcheck import spacy_worker
    from tqcheck.running import executing

    monkeypatch.setattr(executing, "fork_is_safe", lambda: True)
    monkeypatch.setattr(forking, "_available_cores", lambda: 2)
    monkeypatch.delenv(forking.ENV_SWITCH, raising=False)
    monkeypatch.setattr(spacy_worker, "_worker", None)
    assert forking.can_fork(parser_rules=True)
    # `tqcheck check` starts the helper before it knows the rules: never asked, it shares nothing with a child
    monkeypatch.setattr(spacy_worker, "_worker", SimpleNamespace(reader=None, pending={}))
    assert forking.can_fork(parser_rules=False)
    assert not forking.can_fork(parser_rules=True)
    monkeypatch.setattr(spacy_worker, "_worker", SimpleNamespace(reader=object(), pending={}))  # it was asked
    assert not forking.can_fork(parser_rules=False)
    monkeypatch.setenv(forking.ENV_SWITCH, "0")
    monkeypatch.setattr(spacy_worker, "_worker", None)
    assert not forking.can_fork(parser_rules=False)
