"""What a parent loads before forking --jobs workers: the models, and no open score cache."""

from __future__ import annotations

from tqcheck import nlp
from tqcheck.config import Config
from tqcheck.running import runner
from tqcheck.running.executing import join_helper_threads


def test_warm_up_loads_the_parsers_and_opens_no_cache(monkeypatch) -> None:
    monkeypatch.setattr(runner, "_SCORERS", {})
    opened = []
    from tqcheck.scoring import cache as score_cache

    real_connect = score_cache.ScoreCache._connect
    monkeypatch.setattr(score_cache.ScoreCache, "_connect", lambda self: opened.append(self) or real_connect(self))
    runner.warm_up(Config())
    join_helper_threads()
    assert ("parser", "fr") in nlp._PIPELINES and ("ner", "fr") in nlp._PIPELINES
    assert opened == [] and runner._SCORERS == {}  # the workers build their own scorer, with its cache


def test_warm_up_skips_a_run_with_an_mt_model(monkeypatch) -> None:
    checked = []
    monkeypatch.setattr("tqcheck.api.check_pair", lambda *a, **k: checked.append(a))
    runner.warm_up(Config().with_overrides(model="opus-mt-fr-en"))
    assert checked == []
