"""Shared test set-up: make tests/helpers.py importable and name the corpus paths."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
ROOT = TESTS.parent
sys.path.insert(0, str(TESTS))

KIDAL = ROOT / "corpora" / "kidal"


@pytest.fixture
def kidal_dir() -> Path:
    return KIDAL
