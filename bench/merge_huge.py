"""Copy ``make bench-feeds-huge``'s figures into bench/results.json, so the speed table shows them.

The huge feeds take an hour or more, so they run apart from ``make bench``
(bench/results-feeds-huge.json); the table keeps them all: ``make bench``'s own
sizes under ``feeds.huge``, a run with the default checks under
``feeds.huge_opt_in_default`` and one with cheaper checks (``HUGE_ARGS``)
under ``feeds.huge_opt_in``, each with the checks that ran and when.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from bench.report import split_jobs

ROOT = Path(__file__).resolve().parent.parent


def merge(huge_path: Path, results_path: Path) -> dict:
    huge_run = json.loads(huge_path.read_text(encoding="utf-8"))
    huge = huge_run["feeds"]["huge"]
    machine = huge_run.get("machine", {})
    this_run = (machine.get("reruns") or [machine])[-1]
    load = [(this_run.get(k) or ["?"])[0] for k in ("load_average_at_start", "load_average_at_end")]
    date = this_run.get("date") or time.strftime("%Y-%m-%d", time.gmtime(huge_path.stat().st_mtime))
    huge["note"] = f"make bench-feeds-huge, {date}, 1-minute load {load[0]} → {load[1]}"
    results = json.loads(results_path.read_text(encoding="utf-8")) if results_path.exists() else {}
    _, checks = split_jobs(huge.get("check_args", ""))
    key = "huge_opt_in_default" if checks == "(defaults)" else "huge_opt_in"
    results.setdefault("feeds", {})[key] = huge
    results_path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return huge


if __name__ == "__main__":
    merge(ROOT / "bench" / "results-feeds-huge.json", ROOT / "bench" / "results.json")
    from bench.report import speed_table

    results = json.loads((ROOT / "bench" / "results.json").read_text(encoding="utf-8"))
    (ROOT / "bench" / "speed.md").write_text(speed_table(results), encoding="utf-8")
    print("merged bench/results-feeds-huge.json into bench/results.json and bench/speed.md", file=sys.stderr)
