"""Screenshots of the Kidal report and of the Kidal revision diff for the README (``make screenshots``).

Renders both pages from a fresh check (no model needed), opens them in the
headless Debian chromium the browser tests use, ticks "only … with findings"
so the picture shows the flagged rows, and writes docs/kidal-report.png and
docs/kidal-diff.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tqcheck.api import check_files
from tqcheck.config import Config
from tqcheck.reporting import render
from tqcheck.reporting.json_report import report_dict
from tqcheck.reporting.revision import render_diff_html
from tqcheck.revising import revision_diff
from tqcheck.scoring import Scorer

ROOT = Path(__file__).resolve().parents[2]
KIDAL = ROOT / "corpora" / "kidal"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--hide-scrollbars"]


def pages() -> dict[str, str]:
    config = Config()
    scorer = Scorer(config)
    kidal = KIDAL.relative_to(ROOT)  # relative paths in the pictures, whatever the checkout's location
    old = check_files(kidal / "source.fr.txt", kidal / "translation.en.txt", config, scorer=scorer)
    new = check_files(kidal / "source.fr.txt", kidal / "translation.fixed.en.txt", config, scorer=scorer)
    diff = revision_diff(report_dict(old), report_dict(new), by_units=False)
    return {"kidal-report": render(old, "html"), "kidal-diff": render_diff_html(diff)}


def main(out: Path = ROOT / "docs") -> None:
    out = out.resolve()
    os.chdir(ROOT)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name, html in pages().items():
            path = Path(tmp) / f"{name}.html"
            path.write_text(html, encoding="utf-8")
            page = browser.new_page(viewport={"width": 1280, "height": 1000}, device_scale_factor=1)
            page.goto(path.as_uri())
            page.check("#only-flagged")
            page.keyboard.press("j")  # the first finding focused, its row marked: what a reviewer sees
            page.evaluate("window.scrollTo(0, 0)")
            height = min(page.evaluate("document.documentElement.scrollHeight"), 1500)
            page.set_viewport_size({"width": 1280, "height": height})
            target = out / f"{name}.png"
            page.screenshot(path=str(target), full_page=False)
            print(f"wrote {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs")
