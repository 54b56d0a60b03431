"""HTML pages from JSON reports: Jinja2 templates with autoescaping, one self-contained file each.

Every page carries its CSS and JavaScript inline and a Content-Security-Policy
that allows exactly those two blocks (by their SHA-256 hashes) and nothing
else: no other script, no inline event handler, no style attribute, no image,
no font, no request of any kind. Text from the documents, the rules or a
saved JSON file only ever reaches the page through the templates' ``{{ }}``,
which escape it, and even a string that slipped through could not run.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from importlib import resources
from typing import Any

from tqcheck import __version__
from tqcheck.reporting.page_data import DocCounts, DocumentView, document_view, summary_text


@functools.lru_cache(maxsize=1)
def environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("tqcheck.reporting", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@functools.lru_cache(maxsize=2)
def _asset(name: str) -> str:
    return resources.files("tqcheck.reporting").joinpath("templates", name).read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy(css: str, js: str) -> str:
    """Only this page's own ``<style>`` and ``<script>`` blocks; nothing loads, nothing else runs."""
    return (
        f"default-src 'none'; style-src {_sha256(css)}; script-src {_sha256(js)}; "
        "img-src 'none'; base-uri 'none'; form-action 'none'"
    )


def render_page(template: str, **context: Any) -> str:
    """Render ``template`` with the shared head: inline CSS and JS, the CSP, the version."""
    from markupsafe import Markup

    css, js = _asset("page.css"), _asset("page.js")
    if "</" in css or "</" in js:  # would close the block early; the assets are ours, so this is a bug
        raise RuntimeError("inline CSS/JS must not contain '</'")
    return environment().get_template(template).render(
        css=Markup(css), js=Markup(js), csp=content_security_policy(css, js), version=__version__, **context
    )


def total_counts(views: list[DocumentView]) -> DocCounts:
    return DocCounts(
        sum(v.counts.errors for v in views),
        sum(v.counts.warnings for v in views),
        sum(v.counts.infos for v in views),
        sum(v.counts.links for v in views),
    )


def mt_notes(views: list[DocumentView]) -> list[str]:
    """Each distinct 'MT scoring off' note once for the whole page."""
    out: list[str] = []
    for v in views:
        if v.mt_note and v.mt_note not in out:
            out.append(v.mt_note)
    return out


def merged_codes(views: list[DocumentView]) -> dict[str, int]:
    codes: dict[str, int] = {}
    for v in views:
        for code, n in v.codes.items():
            codes[code] = codes.get(code, 0) + n
    return dict(sorted(codes.items()))


def render_report_page(
    docs: list[dict[str, Any]],
    *,
    fail_on: Any = None,
    title: str | None = None,
    skipped: list[str] | None = None,
    back: str | None = None,
) -> str:
    """One page for one or many ``tqcheck-report/1`` dicts (many get a document index at the top).

    ``back`` is the relative link to the index page of a folder of per-document pages.
    """
    many = len(docs) > 1
    views = [
        document_view(d, fail_on=fail_on, prefix=f"d{i + 1}-" if many else "", number=i + 1) for i, d in enumerate(docs)
    ]
    total = total_counts(views)
    if title is None:
        title = f"tqcheck: {views[0].title}" if len(views) == 1 else f"tqcheck: {len(views)} documents"
    summary = summary_text(total)
    if many:
        summary = summary.rstrip(".") + f" across {len(views)} documents."
    return render_page(
        "report.html.j2",
        title=title,
        docs=views,
        summary=summary,
        failed=any(v.failed for v in views),
        mt_notes=mt_notes(views),
        severities=total.by_severity(),
        codes=merged_codes(views),
        skipped=skipped or [],
        back=back,
    )


def render_index_page(
    entries: list[tuple[str, DocumentView]], *, title: str = "tqcheck: documents", skipped: list[str] | None = None
) -> str:
    """The index of a folder of per-document pages: ``entries`` are (file name, view)."""
    views = [v for _, v in entries]
    total = total_counts(views)
    return render_page(
        "index.html.j2",
        title=title,
        entries=[{"href": href, "title": v.title, "counts": v.counts} for href, v in entries],
        summary=summary_text(total).rstrip(".") + f" across {len(views)} documents.",
        failed=any(v.failed for v in views),
        mt_notes=mt_notes(views),
        skipped=skipped or [],
    )
