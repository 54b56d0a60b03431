"""A per-document function for executor tests: check one corpus folder, return plain data.

Executors run it in worker processes or Ray actors, so it is a top-level
function of an importable module and keeps its heavy state (the Scorer with
its models) in a per-process cache: a worker that checks many documents loads
the models once. A document that cannot be read is *returned* as a failure
with its id, as the runner reports it; the rest of the feed goes on.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from tqcheck.api import check_files
from tqcheck.config import Config
from tqcheck.errors import TqcheckError
from tqcheck.scoring import Scorer

CORPORA = Path(__file__).resolve().parent.parent / "corpora"

#: Loads in this process, by model (the fault tests read it to see models load once).
LOADS: dict[str | None, int] = {}


def _config(model: str | None) -> Config:
    return Config(model=model, backend="transformers", threads=1, batch_size=8, cache=False)


@functools.cache
def scorer(model: str | None) -> Scorer:
    LOADS[model] = LOADS.get(model, 0) + 1
    return Scorer(_config(model), cache=False)


def check_document(item: tuple[str, str], model: str | None = None) -> dict:
    """Findings and per-link scores of one document pair (a corpus folder), or its error."""
    doc_id, path = item
    try:
        report = check_files(path, config=_config(model), scorer=scorer(model))
    except TqcheckError as exc:
        return {"id": doc_id, "error": str(exc), "pid": os.getpid()}
    return {
        "id": doc_id,
        "pid": os.getpid(),
        "loads": LOADS.get(model, 0),
        "findings": [
            (f.code, f.severity.value, f.link, f.message, f.target.start if f.target else None)
            for f in report.findings
        ],
        "scores": [
            (s.similarity, s.chrf, s.logprob_mean, s.logprob_min, s.mt_hypothesis) for s in report.scores.links
        ],
    }


def mixed_feed(limit: int = 8) -> list[tuple[str, str]]:
    """The shortest corpus folders (seeded errors and clean ones) and, midway, one that does not exist."""
    folders = sorted(
        (p for p in CORPORA.iterdir() if (p / "source.fr.txt").is_file()),
        key=lambda p: ((p / "source.fr.txt").stat().st_size, p.name),
    )[:limit]
    items = [(p.name, str(p)) for p in folders]
    items.insert(len(items) // 2, ("missing-document", str(CORPORA / "no-such-document")))
    return items
