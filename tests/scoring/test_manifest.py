"""models/models.toml, hash recording and checking, and the `tqcheck models` sub-app (never downloads)."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tqcheck.cli.models import app
from tqcheck.errors import ModelError
from tqcheck.scoring import manifest

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def _models_dir(tmp_path: Path) -> Path:
    """A models folder with the real manifest and nothing installed."""
    folder = tmp_path / "models"
    folder.mkdir()
    shutil.copy(ROOT / "models" / "models.toml", folder / "models.toml")
    return folder


def test_the_shipped_manifest_lists_both_directions_pinned():
    entries = manifest.load_manifest(ROOT / "models" / "models.toml")
    assert set(entries) == {"opus-mt-fr-en", "opus-mt-en-fr"}
    forward, reverse = entries["opus-mt-fr-en"], entries["opus-mt-en-fr"]
    raw = tomllib.loads((ROOT / "models" / "models.toml").read_text(encoding="utf-8"))["models"]
    assert forward.hub_id == raw["opus-mt-fr-en"]["hub_id"] and forward.hub_id.endswith("/opus-mt-fr-en")
    assert reverse.hub_id == raw["opus-mt-en-fr"]["hub_id"] and reverse.hub_id.endswith("/opus-mt-en-fr")
    assert (forward.pair, forward.kind, reverse.pair, reverse.kind) == ("fr-en", "mt", "en-fr", "mt-reverse")
    for entry in entries.values():
        assert len(entry.revision) == 40 and int(entry.revision, 16) >= 0  # a commit, not "main"
        assert entry.licence == "CC-BY-4.0"
        assert {f.name for f in entry.required} >= {"config.json", "source.spm", "target.spm", "vocab.json"}
        assert {f.name for f in entry.alternatives("weights")} == {"model.safetensors", "pytorch_model.bin"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("models = [", "not valid TOML"),
        ("[other]\nx = 1", "expected \\[models.<name>\\] tables"),
        ('[models.m]\nhub_id = "a/b"\nrevision = "r"\nlicence = "l"\npair = "fr-en"\nkind = "mt"\n', "files must be a list"),
        (
            '[models.m]\nhub_id = "a/b"\nrevision = "r"\nlicence = "l"\npair = "fr-en"\nkind = "nmt"\n'
            'files = [{ name = "config.json" }]\n',
            "kind must be",
        ),
        (
            '[models.m]\nhub_id = "a/b"\nrevision = "r"\nlicence = "l"\npair = "fr-en"\nkind = "mt"\n'
            'files = [{ name = "config.json", sha256 = "abc" }]\n',
            "sha256 must be 64 hex digits",
        ),
        ('[models.m]\nrevision = "r"\nlicence = "l"\npair = "fr-en"\nkind = "mt"\nfiles = [{ name = "a" }]\n', "hub_id"),
    ],
)
def test_malformed_manifests_are_one_line_model_errors(text, message):
    with pytest.raises(ModelError, match=message):
        manifest.parse_manifest(text, "models.toml")


def _installed(tiny_marian_dir: Path, models_dir: Path, name: str = "opus-mt-fr-en") -> Path:
    folder = models_dir / name
    shutil.copytree(tiny_marian_dir, folder)
    (folder / "generation_config.json").unlink(missing_ok=True)  # optional file: may be absent
    return folder


def test_verify_records_unknown_hashes_then_notices_a_change(tiny_marian_dir, tmp_path):
    models_dir = _models_dir(tmp_path)
    entry = manifest.load_manifest(models_dir / "models.toml")["opus-mt-fr-en"]
    folder = _installed(tiny_marian_dir, models_dir)
    assert manifest.verify(entry, folder, record=True) == []
    recorded = manifest.read_hashes(folder)
    assert recorded["vocab.json"] == manifest.sha256_of(folder / "vocab.json")
    assert "model.safetensors" in recorded and "pytorch_model.bin" not in recorded
    (folder / "vocab.json").write_text("{}", encoding="utf-8")
    (problem,) = manifest.verify(entry, folder)
    assert problem.startswith("vocab.json: sha256") and ".hashes" in problem
    (folder / "source.spm").unlink()
    assert "source.spm is missing" in manifest.verify(entry, folder)


def test_a_hash_in_the_manifest_wins(tiny_marian_dir, tmp_path):
    folder = _installed(tiny_marian_dir, tmp_path)
    entry = manifest.load_manifest(ROOT / "models" / "models.toml")["opus-mt-fr-en"]
    files = tuple(
        manifest.ModelFile(f.name, "0" * 64, f.group, f.optional) if f.name == "config.json" else f for f in entry.files
    )
    pinned = manifest.ModelEntry(**{**entry.__dict__, "files": files})
    (problem,) = manifest.verify(pinned, folder)
    assert problem.startswith("config.json: sha256") and "models.toml" in problem


def test_pull_offline_says_what_to_do_and_downloads_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    models_dir = _models_dir(tmp_path)
    entry = manifest.load_manifest(models_dir / "models.toml")["opus-mt-fr-en"]
    with pytest.raises(manifest.HubUnreachable) as caught:
        manifest.pull(entry, models_dir)
    message = str(caught.value)
    assert message.startswith("cannot reach the Hugging Face hub to download opus-mt-fr-en (HF_HUB_OFFLINE is set)")
    assert f"copy the model folder into {models_dir / 'opus-mt-fr-en'} by hand, or retry with network" in message
    assert "\n" not in message
    assert not (models_dir / "opus-mt-fr-en").exists()


def test_pull_with_an_unreachable_endpoint_fails_fast(tmp_path, monkeypatch):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    for proxy in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY"):
        monkeypatch.delenv(proxy, raising=False)
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    models_dir = _models_dir(tmp_path)
    entry = manifest.load_manifest(models_dir / "models.toml")["opus-mt-fr-en"]
    with pytest.raises(manifest.HubUnreachable, match=r"download opus-mt-fr-en \(127\.0\.0\.1:9: "):
        manifest.pull(entry, models_dir)
    assert sorted(p.name for p in models_dir.iterdir()) == ["models.toml"]


def test_pull_of_an_installed_model_verifies_without_network(tiny_marian_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    models_dir = _models_dir(tmp_path)
    folder = _installed(tiny_marian_dir, models_dir)
    entry = manifest.load_manifest(models_dir / "models.toml")["opus-mt-fr-en"]
    assert manifest.pull(entry, models_dir) == (folder, False)
    assert (folder / ".hashes").is_file()
    (folder / "config.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ModelError, match=r"config.json: sha256 .* does not match .* in .hashes \(delete the folder and pull again\)"):
        manifest.pull(entry, models_dir)


# --------------------------------------------------------------------------- the CLI sub-app


def test_cli_list_shows_what_is_installed(tiny_marian_dir, tiny_marian_ct2_dir, tmp_path):
    models_dir = _models_dir(tmp_path)
    result = runner.invoke(app, ["list", "--models-dir", str(models_dir)])
    assert result.exit_code == 0, result.output
    assert "opus-mt-fr-en" in result.output and "opus-mt-en-fr" in result.output
    assert result.output.count("not installed (run 'tqcheck models pull") == 2
    _installed(tiny_marian_dir, models_dir)
    shutil.copytree(tiny_marian_ct2_dir, models_dir / "opus-mt-fr-en-ct2-int8")
    result = runner.invoke(app, ["list", "--models-dir", str(models_dir)])
    line = next(x for x in result.output.splitlines() if x.startswith("opus-mt-fr-en"))
    assert "installed (transformers, ct2-int8," in line and line.endswith(" MB)")
    assert str(models_dir / "opus-mt-fr-en") in result.output
    forward = manifest.load_manifest(models_dir / "models.toml")["opus-mt-fr-en"]
    assert f"{forward.hub_id}@{forward.revision[:12]}" in result.output


def test_cli_pull_offline_exits_2_with_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    models_dir = _models_dir(tmp_path)
    result = runner.invoke(app, ["pull", "opus-mt-fr-en", "--models-dir", str(models_dir)])
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("tqcheck: error: cannot reach the Hugging Face hub to download opus-mt-fr-en")
    assert len(result.stderr.strip().splitlines()) == 1
    assert runner.invoke(app, ["pull", "nope", "--models-dir", str(models_dir)]).exit_code == 2


def test_cli_convert_and_verify(tiny_marian_dir, tmp_path):
    models_dir = _models_dir(tmp_path)
    _installed(tiny_marian_dir, models_dir)
    result = runner.invoke(app, ["convert", "opus-mt-fr-en", "--models-dir", str(models_dir)])
    assert result.exit_code == 0, result.output
    out = models_dir / "opus-mt-fr-en-ct2-int8"
    assert (out / "model.bin").is_file() and (out / "source.spm").is_file()
    assert "b4a9a384c2ec" in (out / "tqcheck.json").read_text(encoding="utf-8")
    again = runner.invoke(app, ["convert", "opus-mt-fr-en", "--models-dir", str(models_dir)])
    assert again.exit_code == 2 and "already exists (use --force" in again.stderr
    missing = runner.invoke(app, ["convert", "opus-mt-en-fr", "--models-dir", str(models_dir)])
    assert missing.exit_code == 2 and "model opus-mt-en-fr is not installed" in missing.stderr
    by_path = runner.invoke(app, ["convert", str(tiny_marian_dir), "--out", str(tmp_path / "elsewhere")])
    assert by_path.exit_code == 0 and (tmp_path / "elsewhere" / "model.bin").is_file()

    assert runner.invoke(app, ["verify", "--models-dir", str(models_dir)]).exit_code == 0  # records hashes
    (models_dir / "opus-mt-fr-en" / "target.spm").write_bytes(b"changed")
    result = runner.invoke(app, ["verify", "--models-dir", str(models_dir)])
    assert result.exit_code == 1 and "target.spm: sha256" in result.stderr
