"""The report and diff pages in a real browser: they render, filter, navigate, and run nothing they should not.

Debian's chromium, headless, through playwright (see conftest.py); skipped with
the reason when it is missing.
"""

from __future__ import annotations

import re

import pytest

from tqcheck.reporting.pages import render_report_page
from tqcheck.reporting.revision import render_diff_html

pytestmark = pytest.mark.slow


def visible(page, selector: str) -> int:
    return page.evaluate(
        "(sel) => Array.from(document.querySelectorAll(sel)).filter(e => e.offsetParent !== null).length", selector
    )


def quiet_page(probe):
    assert probe.errors == [], probe.errors
    assert [m for m in probe.console if m.startswith("error")] == []
    assert probe.dialogs == []
    assert all(url.startswith("file://") for url in probe.requests), probe.requests


@pytest.fixture
def kidal_page(open_page, kidal_dicts):
    return open_page(render_report_page([kidal_dicts[0]]), name="kidal.html")


def test_kidal_report_renders_rows_and_findings(kidal_page, kidal_dicts):
    page = kidal_page.page
    old = kidal_dicts[0]
    assert page.locator("tr.link").count() == len(old["alignment"]) == 15
    assert page.locator("li.finding").count() == len(old["findings"]) == 7
    assert visible(page, "li.finding") == 7
    assert page.locator("p.mt-off").count() == 1
    assert "Found 7 problems (4 errors, 3 warnings) in 15 sentence pairs." in page.inner_text("header")
    quiet_page(kidal_page)


def test_filters_hide_and_show_rows(kidal_page):
    page = kidal_page.page
    page.check("#hide-error")
    assert visible(page, "li.finding") == 3  # the 3 warnings
    page.uncheck("#hide-error")
    assert visible(page, "li.finding") == 7
    assert visible(page, "tr.link") == 15
    page.check("#only-flagged")
    assert visible(page, "tr.link") == 5  # rows 7, 11, 13, 14, 15
    page.uncheck('input.code-filter[data-code="TQ202"]')
    # row 11 had only the 'results' TQ202; row 13 keeps its TQ204
    assert visible(page, "tr.link") == 4
    assert not page.locator("#pair-11").is_visible() and page.locator("#pair-13").is_visible()
    assert visible(page, "li.finding") == 5
    page.uncheck("#only-flagged")
    assert visible(page, "tr.link") == 15
    quiet_page(kidal_page)


def test_keyboard_moves_focus_to_next_and_previous_finding(kidal_page):
    page = kidal_page.page
    ids = page.evaluate("Array.from(document.querySelectorAll('li.finding')).map(e => e.id)")
    focused = []
    for key in ("j", "j", "n", "k", "p"):
        page.keyboard.press(key)
        focused.append(page.evaluate("document.activeElement.id"))
    assert focused == [ids[0], ids[1], ids[2], ids[1], ids[0]]
    assert page.evaluate("document.activeElement.querySelector('.code').textContent") == "TQ201"
    assert page.locator("tr.current").get_attribute("id") == "pair-7"
    # hidden findings are skipped
    page.check("#hide-warning")
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.querySelector('.code').textContent") == "TQ202"
    assert page.evaluate("document.activeElement.className").startswith("finding sev-error")
    quiet_page(kidal_page)


def test_permalink_anchor_per_row(open_page, kidal_dicts, tmp_path):
    probe = open_page(render_report_page([kidal_dicts[0]]), name="anchors.html")
    anchors = probe.page.evaluate("Array.from(document.querySelectorAll('tr.link td.num a')).map(a => a.getAttribute('href'))")
    assert anchors == [f"#pair-{i}" for i in range(1, 16)]
    probe.page.goto((tmp_path / "anchors.html").as_uri() + "#pair-13")
    assert probe.page.evaluate("document.querySelector(':target').id") == "pair-13"


def test_diff_page_shows_the_fixes(open_page, kidal_diff):
    probe = open_page(render_diff_html(kidal_diff), name="kidal-diff.html")
    page = probe.page
    she = page.locator("tr.link", has=page.locator("del", has_text=re.compile(r"^\s*She\s*$")))
    assert she.count() == 1
    assert she.locator("ins").first.inner_text().strip() == "It"
    row_id = she.get_attribute("id")
    fixed = page.locator(f'tr.findings[data-row="{row_id}"] li.st-fixed')
    assert "TQ201" in fixed.locator(".code").all_inner_texts()
    text = page.inner_text("table.pairs")
    for word in ("indicators", "results"):
        row = page.locator("tr.link", has=page.locator("del", has_text=re.compile(rf"^\s*{word}\s*$")))
        assert row.count() == 1, word
        codes = page.locator(f'tr.findings[data-row="{row.get_attribute("id")}"] li.st-fixed .code').all_inner_texts()
        assert "TQ202" in codes
    removed = page.locator("tr.link.removed")
    assert removed.count() == 1 and "Despite the uncertainty" in removed.inner_text()
    assert page.locator("li.st-introduced").count() == 0
    assert "Revision: 7 fixed, 0 introduced" in page.inner_text("header")
    assert "(removed in the new version)" in text
    page.check("#only-flagged")
    assert visible(page, "tr.link") == 4  # She, results, indicators, the removed paragraph
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.querySelector('.code').textContent") == "TQ201"
    quiet_page(probe)


@pytest.mark.parametrize("width", [1280, 390])
def test_readable_at_desktop_and_phone_width(open_page, kidal_dicts, width):
    probe = open_page(render_report_page([kidal_dicts[0]]), width=width, name=f"w{width}.html")
    page = probe.page
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    box = page.locator("#pair-7").bounding_box()
    assert box is not None and box["width"] <= width
    if width < 700:  # one column: the English sits under the French
        src, tgt = page.locator("#pair-7 td").nth(1).bounding_box(), page.locator("#pair-7 td").nth(2).bounding_box()
        assert tgt["y"] >= src["y"] + src["height"] - 1
    quiet_page(probe)


def test_dark_theme_follows_the_system(open_page, kidal_dicts):
    light = open_page(render_report_page([kidal_dicts[0]]), name="light.html", scheme="light")
    dark = open_page(render_report_page([kidal_dicts[0]]), name="dark.html", scheme="dark")

    def background(probe):
        rgb = probe.page.evaluate("getComputedStyle(document.body).backgroundColor")
        return sum(int(x) for x in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3])

    assert background(light) > 600 and background(dark) < 150
