"""The supported models (models/models.toml) and getting them onto disk, verified.

Models reach a machine only through :func:`pull` (``tqcheck models pull`` /
``make models``), pinned to a hub revision and checked against sha256 hashes;
nothing in the checking path downloads. Hashes not yet known in the manifest
are recorded on the first download in ``models/<name>/.hashes``
(``sha256sum -c`` format) and every later pull or ``tqcheck models verify``
checks the files against them, so a model that changes on disk is noticed.
"""

from __future__ import annotations

import hashlib
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tqcheck.errors import ModelError

HASHES = ".hashes"
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
_PACKAGE_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class ModelFile:
    """One file of a model; files of the same ``group`` are alternatives (one is enough).

    ``optional`` files are fetched when the revision has them (older revisions
    of opus-mt lack ``generation_config.json``) and verified when present.
    """

    name: str
    sha256: str = ""
    group: str | None = None
    optional: bool = False


@dataclass(frozen=True)
class ModelEntry:
    """A supported model: where it comes from, at which revision, under which licence."""

    name: str
    hub_id: str
    revision: str
    licence: str
    pair: str
    kind: str
    files: tuple[ModelFile, ...]
    description: str = ""

    @property
    def required(self) -> tuple[ModelFile, ...]:
        return tuple(f for f in self.files if f.group is None and not f.optional)

    @property
    def plain(self) -> tuple[ModelFile, ...]:
        """Files that are not alternatives of a group (required and optional)."""
        return tuple(f for f in self.files if f.group is None)

    def alternatives(self, group: str) -> tuple[ModelFile, ...]:
        return tuple(f for f in self.files if f.group == group)

    @property
    def groups(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.group for f in self.files if f.group))


def default_models_dir() -> Path:
    """``$TQCHECK_MODELS_DIR``, else the checkout's ``models/``, else ``./models``."""
    env = os.environ.get("TQCHECK_MODELS_DIR")
    if env:
        return Path(env).expanduser()
    checkout = _PACKAGE_ROOT / "models"
    if (checkout / "models.toml").is_file():
        return checkout
    return Path.cwd() / "models"


def manifest_path(models_dir: Path | None = None) -> Path:
    folder = models_dir or default_models_dir()
    candidate = folder / "models.toml"
    if candidate.is_file():
        return candidate
    return _PACKAGE_ROOT / "models" / "models.toml"


def parse_manifest(text: str, where: str = "models.toml") -> dict[str, ModelEntry]:
    """Entries of a manifest; one clear line for any malformed field."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ModelError(f"{where}: not valid TOML ({exc})") from None
    models = data.get("models")
    if not isinstance(models, dict) or not models:
        raise ModelError(f"{where}: expected [models.<name>] tables")
    entries: dict[str, ModelEntry] = {}
    for name, table in models.items():
        entries[name] = _entry(name, table, where)
    return entries


def _entry(name: str, table: Any, where: str) -> ModelEntry:
    def field(key: str) -> str:
        value = table.get(key) if isinstance(table, dict) else None
        if not isinstance(value, str) or not value:
            raise ModelError(f"{where}: models.{name}.{key} must be a non-empty string")
        return value

    raw_files = table.get("files") if isinstance(table, dict) else None
    if not isinstance(raw_files, list) or not raw_files:
        raise ModelError(f"{where}: models.{name}.files must be a list of {{ name = ..., sha256 = ... }}")
    files = []
    for item in raw_files:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise ModelError(f"{where}: models.{name}.files: every file needs a name")
        digest = item.get("sha256", "")
        if not isinstance(digest, str) or (digest and (len(digest) != 64 or not _is_hex(digest))):
            raise ModelError(f"{where}: models.{name}.files: {item['name']}: sha256 must be 64 hex digits or \"\"")
        optional = item.get("optional", False)
        if not isinstance(optional, bool):
            raise ModelError(f"{where}: models.{name}.files: {item['name']}: optional must be true or false")
        files.append(ModelFile(item["name"], digest.lower(), item.get("group"), optional))
    kind = field("kind")
    if kind not in ("mt", "mt-reverse"):
        raise ModelError(f"{where}: models.{name}.kind must be \"mt\" or \"mt-reverse\" (got {kind!r})")
    return ModelEntry(
        name=name,
        hub_id=field("hub_id"),
        revision=field("revision"),
        licence=field("licence"),
        pair=field("pair"),
        kind=kind,
        files=tuple(files),
        description=str(table.get("description", "")),
    )


def _is_hex(text: str) -> bool:
    return all(c in "0123456789abcdefABCDEF" for c in text)


def load_manifest(path: Path | None = None, *, missing_ok: bool = False) -> dict[str, ModelEntry]:
    path = path or manifest_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if missing_ok:
            return {}
        raise ModelError(f"{path}: model manifest not found") from None
    return parse_manifest(text, str(path))


# --------------------------------------------------------------------------- hashes


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_hashes(folder: Path) -> dict[str, str]:
    try:
        lines = (folder / HASHES).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return {}
    out = {}
    for line in lines:
        parts = line.split(maxsplit=1)
        if len(parts) == 2:
            out[parts[1].lstrip("*").strip()] = parts[0].lower()
    return out


def present_files(entry: ModelEntry, folder: Path) -> list[str]:
    return [f.name for f in entry.files if (folder / f.name).is_file()]


def verify(entry: ModelEntry, folder: Path, *, record: bool = False) -> list[str]:
    """Problems with an installed model folder (empty when it is complete and unchanged).

    Each file is checked against the manifest's hash, else the one recorded in
    ``.hashes``; with ``record=True`` files with no known hash get theirs recorded.
    """
    problems: list[str] = []
    for f in entry.required:
        if not (folder / f.name).is_file():
            problems.append(f"{f.name} is missing")
    for group in entry.groups:
        if not any((folder / f.name).is_file() for f in entry.alternatives(group)):
            names = " or ".join(f.name for f in entry.alternatives(group))
            problems.append(f"no {group} file ({names})")
    recorded = read_hashes(folder)
    updated = dict(recorded)
    for f in entry.files:
        path = folder / f.name
        if not path.is_file():
            continue
        actual = sha256_of(path)
        expected = f.sha256 or recorded.get(f.name)
        if expected and actual != expected:
            source = "models.toml" if f.sha256 else HASHES
            problems.append(f"{f.name}: sha256 {actual[:12]}… does not match {expected[:12]}… in {source}")
        elif not expected:
            updated[f.name] = actual
    if record and updated != recorded and not problems:
        body = "".join(f"{digest}  {name}\n" for name, digest in sorted(updated.items()))
        (folder / HASHES).write_text(body, encoding="utf-8")
    return problems


# --------------------------------------------------------------------------- downloading


class HubUnreachable(ModelError):
    """The hub could not be contacted (offline mode, no network, refused connection)."""


def _offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on")


def _unreachable(entry: ModelEntry, folder: Path, reason: str) -> HubUnreachable:
    return HubUnreachable(
        f"cannot reach the Hugging Face hub to download {entry.name} ({reason}); "
        f"copy the model folder into {folder} by hand, or retry with network"
    )


def pull(entry: ModelEntry, models_dir: Path, *, force: bool = False) -> tuple[Path, bool]:
    """Download ``entry`` at its pinned revision into ``models_dir/<name>`` and verify it.

    Returns the folder and whether anything was downloaded. An installed,
    verified folder is left alone (no network needed) unless ``force``.
    """
    folder = models_dir / entry.name
    if folder.is_dir() and not force:
        problems = verify(entry, folder, record=True)
        if not problems:
            return folder, False
        if any("does not match" in p for p in problems):
            raise ModelError(f"{folder}: {'; '.join(problems)} (delete the folder and pull again)")
    if _offline():
        raise _unreachable(entry, folder, "HF_HUB_OFFLINE is set")
    # a declared dependency, imported here only because loading it takes time and only a pull needs it
    from huggingface_hub import snapshot_download

    endpoint = os.environ.get("HF_ENDPOINT") or None
    proxied = any(os.environ.get(v) for v in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY"))
    refused = None if proxied else _probe(endpoint or "https://huggingface.co")
    if refused:
        raise _unreachable(entry, folder, refused)
    created = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    patterns = [f.name for f in entry.plain]
    try:
        snapshot_download(
            entry.hub_id, revision=entry.revision, local_dir=folder, allow_patterns=patterns, endpoint=endpoint
        )
        for group in entry.groups:  # the first alternative the revision has (safetensors before .bin)
            for alternative in entry.alternatives(group):
                if (folder / alternative.name).is_file():
                    break
                snapshot_download(
                    entry.hub_id,
                    revision=entry.revision,
                    local_dir=folder,
                    allow_patterns=[alternative.name],
                    endpoint=endpoint,
                )
                if (folder / alternative.name).is_file():
                    break
    except Exception as exc:  # network errors come as several unrelated classes (httpx, requests, hub)
        if created and not any(folder.iterdir()):
            folder.rmdir()
        if _is_network_error(exc):
            raise _unreachable(entry, folder, _reason(exc)) from None
        raise ModelError(f"download of {entry.name} from {entry.hub_id}@{entry.revision} failed ({_reason(exc)})") from None
    problems = verify(entry, folder, record=True)
    if problems:
        raise ModelError(f"{folder}: downloaded, but {'; '.join(problems)}")
    return folder, True


def _probe(endpoint: str, timeout: float = 5.0) -> str | None:
    """Why the hub's host cannot be reached (``None`` when a TCP connection opens).

    Checked before downloading because the hub client retries a refused
    connection for ~25 s before giving up, which helps nobody offline.
    """
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(endpoint)
    host = parts.hostname
    if not host:
        return f"HF_ENDPOINT {endpoint!r} is not a URL"
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return None
    except OSError as exc:
        return f"{host}:{port}: {exc.strerror or type(exc).__name__}"


def _reason(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0][:160]}" if lines else type(exc).__name__


def _is_network_error(exc: BaseException) -> bool:
    names = {cls.__name__ for cls in type(exc).__mro__}
    network = {
        "OfflineModeIsEnabled",
        "LocalEntryNotFoundError",
        "ConnectError",
        "ConnectionError",
        "ConnectTimeout",
        "ReadTimeout",
        "TimeoutException",
        "NetworkError",
        "ProxyError",
        "SSLError",
        "TransportError",
    }
    if names & network:
        return True
    cause = exc.__cause__ or exc.__context__
    return cause is not None and cause is not exc and _is_network_error(cause)


# --------------------------------------------------------------------------- what is installed


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def human_size(n: int) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"
