"""Settings: defaults, then ``[tool.tqcheck]`` in pyproject.toml, then the environment, then the CLI.

Settings are validated here, once, so a typo in pyproject.toml is reported as
one clear line instead of surfacing as odd behaviour deep in a stage.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from tqcheck.datatypes import Severity
from tqcheck.errors import ConfigError

ADJUDICATE_MODES = ("off", "annotate", "filter")
BACKENDS = ("auto", "transformers", "ctranslate2")


@dataclass(frozen=True)
class Config:
    """One run's settings. Build with :func:`load_config`, or directly in Python code."""

    source_lang: str = "fr"
    target_lang: str = "en"
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: Severity | None = Severity.ERROR  # None: never fail (fail-on = "never")
    severity: dict[str, Severity] = field(default_factory=dict)
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    model: str | None = None
    reverse_model: str | None = None
    backend: str = "auto"
    threads: int | None = None
    batch_size: int = 16
    similarity: bool = True
    adjudicate: str = "annotate"
    cache: bool = True
    cache_dir: str | None = None
    thresholds: dict[str, float] = field(default_factory=dict)
    glossary: str | None = None  # CSV or TBX terminology file (TQ705/TQ706)
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)  # glob → codes (ruff style)

    def with_overrides(self, **overrides: Any) -> Config:
        """A copy with the non-``None`` overrides applied and validated."""
        clean = {k: v for k, v in overrides.items() if v is not None}
        if clean.get("fail_on") == "never":
            return _validated(replace(self, fail_on=None, **_coerce({k: v for k, v in clean.items() if k != "fail_on"})))
        return _validated(replace(self, **_coerce(clean)))


_FIELD_NAMES = {f.name for f in fields(Config)}


def _as_severity(value: Any, what: str) -> Severity:
    try:
        return value if isinstance(value, Severity) else Severity(str(value).lower())
    except ValueError:
        raise ConfigError(f"{what}: severity must be one of error, warning, info (got {value!r})") from None


def _as_codes(value: Any, what: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [v for v in value.replace(",", " ").split() if v]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{what}: expected a list of rule codes")
    return tuple(v.strip().upper() for v in value)


def _coerce(raw: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in raw.items():
        name = key.replace("-", "_")
        if name not in _FIELD_NAMES:
            raise ConfigError(f"unknown tqcheck setting {key!r}")
        if name in ("select", "ignore"):
            value = _as_codes(value, name)
        elif name == "fail_on":
            value = None if str(value).lower() == "never" else _as_severity(value, "fail-on")
        elif name == "severity":
            if not isinstance(value, dict):
                raise ConfigError("severity: expected a table of CODE = \"error|warning|info\"")
            value = {k.upper(): _as_severity(v, f"severity.{k}") for k, v in value.items()}
        elif name == "rule_options":
            if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
                raise ConfigError("rules: expected a table per rule code")
            value = {k.upper(): dict(v) for k, v in value.items()}
            _check_rule_options(value)
        elif name == "thresholds":
            if not isinstance(value, dict) or not all(isinstance(v, (int, float)) for v in value.values()):
                raise ConfigError("thresholds: expected a table of name = number")
            value = {k: float(v) for k, v in value.items()}
        elif name == "per_file_ignores":
            if not isinstance(value, dict):
                raise ConfigError('per-file-ignores: expected a table of "GLOB" = ["CODE", ...]')
            value = {str(k): _as_codes(v, f"per-file-ignores.{k}") for k, v in value.items()}
        elif name in ("threads", "batch_size"):
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ConfigError(f"{key}: expected a positive integer")
        elif name == "glossary":
            if not isinstance(value, (str, os.PathLike)) or not str(value).strip():
                raise ConfigError("glossary: expected the path of a CSV or TBX file")
            value = str(value)
        elif name in ("similarity", "cache"):
            if not isinstance(value, bool):
                raise ConfigError(f"{key}: expected true or false")
        out[name] = value
    return out


def _check_rule_options(tables: dict[str, dict[str, Any]]) -> None:
    """Each ``[tool.tqcheck.rules.CODE]`` table against its rule's options schema, when the config is read.

    The rule checks its options again when it is made; checking here too
    reports a misspelt option even when the rule is not selected this run.
    """
    from tqcheck.rules.options import parse_options
    from tqcheck.rules.registry import all_rules

    by_code = {rule.code: rule for rule in all_rules()}
    for code, table in tables.items():
        rule = by_code.get(code)
        if rule is None:
            raise ConfigError(f"rules.{code}: no such rule; run 'tqcheck rules' to list the codes")
        parse_options(rule.Options, table, code)


def _validated(config: Config) -> Config:
    if config.adjudicate not in ADJUDICATE_MODES:
        raise ConfigError(f"adjudicate must be one of {', '.join(ADJUDICATE_MODES)} (got {config.adjudicate!r})")
    if config.backend not in BACKENDS:
        raise ConfigError(f"backend must be one of {', '.join(BACKENDS)} (got {config.backend!r})")
    return config


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml at or above ``start`` that has a ``[tool.tqcheck]`` table."""
    for folder in (start.resolve(), *start.resolve().parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                data = tomllib.loads(candidate.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise ConfigError(f"{candidate}: not valid TOML ({exc})") from None
            if "tqcheck" in data.get("tool", {}):
                return candidate
    return None


def load_config(start: Path | None = None, config_file: Path | None = None, **overrides: Any) -> Config:
    """Defaults ← ``[tool.tqcheck]`` ← ``TQCHECK_*`` environment ← ``overrides`` (CLI)."""
    raw: dict[str, Any] = {}
    path = config_file or find_pyproject(start or Path.cwd())
    if path is not None:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{path}: config file not found") from None
        except IsADirectoryError:
            raise ConfigError(f"{path}: is a directory, expected a TOML file") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: not valid TOML ({exc})") from None
        # pyproject.toml keeps settings under [tool.tqcheck]; a dedicated
        # tqcheck.toml holds them at top level (like ruff.toml).
        standalone = Path(path).name != "pyproject.toml" and "tool" not in data
        table = dict(data if standalone else data.get("tool", {}).get("tqcheck", {}))
        if "rules" in table:
            table["rule_options"] = table.pop("rules")
        if isinstance(table.get("glossary"), str) and not Path(table["glossary"]).is_absolute():
            table["glossary"] = str(Path(path).resolve().parent / table["glossary"])  # relative to the config file
        raw.update(table)
    env_model = os.environ.get("TQCHECK_MODEL")
    if env_model:
        raw["model"] = env_model
    config = _validated(replace(Config(), **_coerce(raw)))
    return config.with_overrides(**overrides)
