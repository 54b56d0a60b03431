"""Process-wide start-up settings of the ``tqcheck`` command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from helpers import run_cli

ROOT = Path(__file__).resolve().parent.parent


def _python(code: str) -> subprocess.CompletedProcess[str]:
    """``code`` in a new interpreter on this checkout, with nothing in its environment but PYTHONPATH."""
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT)}, check=False
    )


def test_the_command_raises_the_collector_thresholds_for_its_process():
    from tqcheck.cli.startup import GC_THRESHOLDS

    code = "import gc, sys\nsys.argv = ['tqcheck', '--version']\nfrom tqcheck.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass\nprint(gc.get_threshold())"
    out = _python(code)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == str(GC_THRESHOLDS)


def test_the_first_simplemma_look_up_anywhere_reads_the_cached_word_lists(tmp_path):
    # whichever module looks a word up first, simplemma's decoder is the cached one by then
    code = (
        "from simplemma.strategies.dictionaries import dictionary_factory as f\n"
        "from tqcheck.lang import humanness\n"
        "humanness._is_french_word('maison')\n"
        "print(getattr(f._load_dictionary_from_disk, '_tqcheck_cached', False))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "TQCHECK_CACHE_DIR": str(tmp_path)},
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "True"
    assert list((tmp_path / "tables").glob("simplemma-fr-*.marshal"))


def test_exit_now_runs_the_exit_handlers_and_flushes_the_streams(tmp_path):
    code = (
        "import atexit, sys\n"
        "from tqcheck.cli.startup import exit_now\n"
        "atexit.register(lambda: print('handler ran'))\n"
        "sys.stdout.write('buffered, ')\n"
        "exit_now(3)\n"
        "print('never')\n"
    )
    out = _python(code)
    assert out.returncode == 3
    assert out.stdout == "buffered, handler ran\n"


def test_a_check_ends_with_its_report_written_and_its_start_up_caches_saved(tmp_path):
    report = tmp_path / "report.json"
    cache = tmp_path / "cache"
    env = {"PYTHONPATH": str(ROOT), "TQCHECK_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"}
    out = run_cli(["check", "corpora/kidal", "-f", "json", "-o", str(report)], env)
    assert out.returncode == 1, out.stderr  # kidal has errors
    import json

    assert json.loads(report.read_text())["findings"]
    assert list((cache / "regex").glob("small-*.marshal"))  # written by the exit handler
    assert list((cache / "tables").glob("spacy-lookups-*"))  # written by the spaCy helper process
