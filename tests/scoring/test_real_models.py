"""The real opus-mt-fr-en, when a copy sits in ../shared/models (skipped otherwise; never downloaded)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tqcheck.scoring.backends import folder_kind, load_backend

pytestmark = pytest.mark.realmodel

ROOT = Path(__file__).resolve().parents[2]
CANDIDATES = [
    Path(os.environ["TQCHECK_MODELS_DIR"]) if os.environ.get("TQCHECK_MODELS_DIR") else None,
    Path("/work/shared/models"),
    ROOT.parent / "shared" / "models",
    ROOT / "models",
]


def _real(name: str) -> Path:
    for root in CANDIDATES:
        if root is not None and (root / name).is_dir() and folder_kind(root / name) == "transformers":
            return root / name
    pytest.skip(f"no real {name} in ../shared/models or models/ (run 'make models' with network)")


@pytest.fixture(scope="module")
def fr_en():
    return load_backend(str(_real("opus-mt-fr-en")), backend="transformers")


def test_real_model_translates_army(fr_en):
    (out,) = fr_en.translate(["L'armée affirme avoir détruit un véhicule."])
    assert "army" in out.lower()


def test_real_model_prefers_the_right_pronoun_for_a_feminine_institution(fr_en):
    """French 'elle' for l'armée is 'it' in English: the model must score 'It' above 'She'."""
    source = "L'armée malienne a indiqué qu'elle poursuivait sa progression. Elle affirme avoir détruit un véhicule."
    prefix = "The Malian army said it was continuing its advance."
    it, she = fr_en.score([source, source], [f"{prefix} It claims to have destroyed a vehicle.",
                                              f"{prefix} She claims to have destroyed a vehicle."])
    assert sum(t.logprob for t in it) > sum(t.logprob for t in she)


def test_real_ct2_matches_transformers(fr_en, tmp_path):
    from tqcheck.scoring.backends.ctranslate2 import convert

    folder = _real("opus-mt-fr-en")
    converted = folder.with_name(folder.name + "-ct2-int8")
    if folder_kind(converted) != "ctranslate2":
        converted = convert(folder, tmp_path / "opus-mt-fr-en-ct2-int8")
    fast = load_backend(str(converted), backend="ctranslate2")
    pairs = (["L'armée affirme avoir détruit un véhicule."], ["The army claims to have destroyed a vehicle."])
    (ref,), (got,) = fr_en.score(*pairs), fast.score(*pairs)
    assert [t.token for t in ref] == [t.token for t in got]
    total_ref, total_got = sum(t.logprob for t in ref), sum(t.logprob for t in got)
    assert abs(total_ref - total_got) <= 0.05 * abs(total_ref) + 0.1
