"""The HTML report, for a reviewer reading a translation side by side with its source.

One self-contained file (inline CSS and JS, a Content-Security-Policy that
allows nothing else): a table with the French on the left and the English on
the right, one row per alignment link, omissions and additions marked,
flagged words highlighted with a tooltip giving the code and message, and the
findings listed under their row with the suggested fix. When the MT model
scored the pair, each row also shows the model's translation as a word diff
against the human one and a heat-map of its surprisal on the English tokens.
Severity filters and "only pairs with findings" work with CSS alone; rule
filters and j/k (n/p) navigation between findings need the page's script.

The page is rendered from the JSON report (:func:`report_dict`) by the
templates in ``templates/`` (see :mod:`tqcheck.reporting.pages`), so a page
made now and a page made later by ``tqcheck report`` from the saved JSON are
the same page.
"""

from __future__ import annotations

from typing import Any

from tqcheck.datatypes import Report, Severity
from tqcheck.reporting.json_report import report_dict
from tqcheck.reporting.pages import render_report_page


def render_html(
    report: Report,
    *,
    fail_on: Severity | str | None = None,
    title: str | None = None,
    **_: Any,
) -> str:
    """The report as one self-contained HTML page."""
    return render_report_page([report_dict(report)], fail_on=fail_on, title=title)


def render_html_run(
    run: dict[str, Any],
    *,
    fail_on: Severity | str | None = None,
    title: str | None = None,
    **_: Any,
) -> str:
    """A run over many documents (a ``tqcheck-run/1`` dict) as one page with a document index.

    The same page ``tqcheck report`` makes later from the saved run JSON.
    """
    docs = [d for d in run.get("documents", []) if isinstance(d, dict)]
    skipped = [f"{(e.get('document') or {}).get('id', '?')}: {e.get('error')}" for e in run.get("errors", [])
               if isinstance(e, dict)]
    return render_report_page(docs, fail_on=fail_on, title=title, skipped=skipped)
