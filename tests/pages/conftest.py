"""Kidal reports and pages shared by the page tests (checked once per session), and a headless chromium.

The browser is Debian's chromium driven by playwright (``make setup`` installs
it); no browser is ever downloaded. Where either is missing the browser tests
skip and say why.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tqcheck.api import check_files
from tqcheck.config import Config
from tqcheck.reporting.json_report import report_dict
from tqcheck.revising import revision_diff
from tqcheck.scoring import Scorer

KIDAL = Path(__file__).resolve().parents[2] / "corpora" / "kidal"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def kidal_dicts() -> tuple[dict, dict]:
    """JSON reports of the machine-like translation and of the professional one."""
    config = Config()
    scorer = Scorer(config)
    old = check_files(KIDAL / "source.fr.txt", KIDAL / "translation.en.txt", config, scorer=scorer)
    new = check_files(KIDAL / "source.fr.txt", KIDAL / "translation.fixed.en.txt", config, scorer=scorer)
    return report_dict(old), report_dict(new)


@pytest.fixture(scope="session")
def kidal_diff(kidal_dicts) -> dict:
    return revision_diff(*kidal_dicts, by_units=False)


@pytest.fixture(scope="session")
def browser():
    """A headless Debian chromium, or a skip naming what is missing."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install -e '.[test]')")
    executable = CHROMIUM if CHROMIUM.exists() else None
    if executable is None:
        found = shutil.which("chromium")
        executable = Path(found) if found else None
    if executable is None:
        pytest.skip("no chromium at /usr/bin/chromium (make setup installs Debian's chromium with apt-get)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class PageProbe:
    """An open page plus everything it said: console messages, page errors, dialogs, requests."""

    def __init__(self, page):
        self.page = page
        self.console: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("request", lambda r: self.requests.append(r.url))


@pytest.fixture
def open_page(browser, tmp_path):
    """``open_page(html, width=1280)``: the page loaded from a file:// URL, as a user opens a report."""
    contexts = []

    def _open(html: str, width: int = 1280, name: str = "page.html", scheme: str = "light") -> PageProbe:
        path = tmp_path / name
        path.write_text(html, encoding="utf-8")
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        contexts.append(context)
        page = context.new_page()
        probe = PageProbe(page)
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        return probe

    yield _open
    for c in contexts:
        c.close()
