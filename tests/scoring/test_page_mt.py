"""The HTML page and the revision diff with MT scoring on (the tiny random Marian): model output, diff, heat-map."""

from __future__ import annotations

import re

import pytest

from tqcheck.api import check_texts
from tqcheck.config import Config
from tqcheck.reporting import render
from tqcheck.reporting.json_report import report_dict
from tqcheck.reporting.revision import render_diff_html
from tqcheck.revising import revision_diff
from tqcheck.scoring import Scorer

pytestmark = pytest.mark.slow

FR = "L'armée malienne a publié un communiqué lundi.\nLe bilan de ces frappes reste inconnu.\n"
EN_OLD = "The Malian army issued a statement on Monday.\nThe results of these strikes remain unknown.\n"
EN_NEW = "The Malian army issued a statement on Monday.\nThe toll of these strikes remains unknown.\n"


@pytest.fixture(scope="module")
def scored(tiny_marian_dir):
    config = Config(model=str(tiny_marian_dir), backend="transformers", threads=1, similarity=False, cache=False)
    scorer = Scorer(config, cache=False)
    return check_texts(FR, EN_OLD, config, scorer=scorer), check_texts(FR, EN_NEW, config, scorer=scorer)


def test_page_shows_model_output_diff_scores_and_surprisal(scored):
    report = scored[0]
    html = render(report, "html")
    assert 'class="mt-off"' not in html and "MT scoring off" not in html
    rows = html.split('<tr id="pair-')[1:]
    assert len(rows) == len(report.alignment.links) == 2
    for i, row in enumerate(rows):
        ls = report.scores.links[i]
        assert ls.mt_hypothesis is not None and ls.tokens
        assert '<div class="mt-hyp"><span class="label">MT</span>' in row
        # the model's words are inserted, the human words it lacks deleted: together they rebuild the model output
        hyp = re.search(r'<div class="mt-hyp"><span class="label">MT</span>(.*?)</div>', row).group(1)
        rebuilt = re.sub(r"<del>.*?</del>", "", hyp).replace("<ins>", "").replace("</ins>", "")
        assert rebuilt.replace("&#39;", "'").replace("&amp;", "&").replace("&#34;", '"') == ls.mt_hypothesis
        heat = re.findall(r'<span class="h(\d)" title="[^"]*: log p = (-?[\d.]+|n/a)">', row)
        assert len(heat) == len(ls.tokens)
        assert [float(lp) for _, lp in heat] == [pytest.approx(t.logprob, abs=0.005) for t in ls.tokens]
        assert f"chrF {ls.chrf:.1f}" in row and f"logprob {ls.logprob_mean:.2f}" in row
    levels = {int(level) for level, _ in re.findall(r'<span class="h(\d)" title="[^"]*: log p = (-?[\d.]+)">', html)}
    assert levels and levels <= {0, 1, 2, 3, 4, 5}


def test_page_without_model_says_so_once(scored):
    plain = check_texts(FR, EN_OLD, Config(similarity=False, cache=False))
    html = render(plain, "html")
    assert html.count("MT scoring off") == 1 and 'class="mt-hyp"' not in html


def test_revision_diff_reports_chrf_and_logprob_changes(scored):
    diff = revision_diff(report_dict(scored[0]), report_dict(scored[1]))
    changed = [r for r in diff["rows"] if r["status"] == "changed"]
    assert len(changed) == 1
    scores = changed[0]["scores"]
    old, new = scored[0].scores.links[1], scored[1].scores.links[1]
    assert scores["chrf"]["old"] == pytest.approx(old.chrf, abs=1e-4)
    assert scores["chrf"]["new"] == pytest.approx(new.chrf, abs=1e-4)
    assert scores["logprob_mean"]["delta"] == pytest.approx(new.logprob_mean - old.logprob_mean, abs=1e-3)
    html = render_diff_html(diff)
    assert "chrF " in html and "log p " in html and "MT scoring off" not in html
