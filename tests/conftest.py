"""Shared test set-up: make tests/helpers.py importable and name the corpus paths."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
ROOT = TESTS.parent
sys.path.insert(0, str(TESTS))

# Tests never download: any hub access fails fast instead of hanging on a closed network.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

KIDAL = ROOT / "corpora" / "kidal"


@pytest.fixture
def kidal_dir() -> Path:
    return KIDAL


@pytest.fixture(autouse=True, scope="session")
def _private_score_cache(tmp_path_factory):
    """Keep every test's score cache out of the user's cache folder."""
    mp = pytest.MonkeyPatch()
    mp.setenv("TQCHECK_CACHE_DIR", str(tmp_path_factory.mktemp("score-cache")))
    yield
    mp.undo()
