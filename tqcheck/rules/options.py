"""Rule options with a schema: one frozen dataclass per rule, checked when the rule is made.

A rule's settings come from ``[tool.tqcheck.rules.CODE]``. Each rule names an
options class (``Rule.Options``, a subclass of :class:`RuleOptions`) whose
fields are the only keys it accepts, so a misspelt key is a one-line
configuration error naming the key and the rule, as a misspelt top-level key
already is, instead of a setting that silently does nothing. Keys are written
in kebab-case (``min-words``), as everywhere in the config; the snake_case
spelling of the same key is read as the same key, as for top-level settings.
Each field carries its help text, which :func:`options_markdown` renders into
the rule's ``## Options`` documentation, so the docs cannot drift from the code.
"""

from __future__ import annotations

import enum
import functools
import types
import typing
from collections.abc import Mapping
from dataclasses import MISSING, Field, dataclass, field, fields
from typing import Any, TypeVar, Union

from tqcheck.errors import ConfigError

OptionsT = TypeVar("OptionsT", bound="RuleOptions")


@dataclass(frozen=True)
class RuleOptions:
    """The options of a rule that has none; subclasses add fields made with :func:`option`."""


def option(
    default: Any,
    help: str,
    *,
    example: str | None = None,
    minimum: float | None = None,  # noqa: A002 - the docs' word
) -> Any:
    """A field of an options dataclass: its default and the one sentence its docs show.

    ``example`` is a TOML value shown in the docs when the default is none;
    ``minimum`` the smallest number the option accepts.
    """
    if isinstance(default, (list, dict, set)):
        raise TypeError("option defaults must be immutable (a tuple, not a list)")
    return field(default=default, metadata={"help": help, "example": example, "minimum": minimum})


def key_of(f: Field[Any]) -> str:
    """The config spelling of a field: kebab-case."""
    return f.name.replace("_", "-")


@functools.lru_cache(maxsize=256)  # small: trim_caches leaves it alone (settings, not text)
def _type_hints(cls: type) -> dict[str, Any]:
    """The field types of an options class, resolved once per process.

    Every rule parses its options for every document it checks, and
    :func:`typing.get_type_hints` re-evaluates the string annotations each
    time: 0.57 ms of CPU per document for the default rules, 0.07 ms with
    this cache (about 1 % of a short feed document's check).
    """
    return typing.get_type_hints(cls)


def parse_options(cls: type[OptionsT], raw: Mapping[str, Any] | OptionsT | None, code: str) -> OptionsT:
    """``raw`` (a ``[tool.tqcheck.rules.CODE]`` table) checked against ``cls``.

    Raises :class:`ConfigError` for an unknown key or a value of the wrong type,
    naming the rule and the key: ``rules.TQ401: unknown option 'min-word' (…)``.
    """
    if isinstance(raw, cls):
        return raw
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise ConfigError(f"rules.{code}: expected a table of options, got {raw!r}")
    by_key = {key_of(f): f for f in fields(cls)}
    hints = _type_hints(cls)
    values: dict[str, Any] = {}
    for key, value in raw.items():
        f = by_key.get(str(key).replace("_", "-"))
        if f is None:
            known = ", ".join(by_key) or "none"
            raise ConfigError(f"rules.{code}: unknown option {key!r} (options of {code}: {known})")
        if f.name in values:
            raise ConfigError(f"rules.{code}: option {key_of(f)!r} given twice")
        where = f"rules.{code}.{key_of(f)}"
        values[f.name] = _coerce(value, hints[f.name], where)
        minimum = f.metadata.get("minimum")
        if minimum is not None and values[f.name] is not None and values[f.name] < minimum:
            raise ConfigError(f"{where}: expected at least {minimum:g}, got {value!r}")
    return cls(**values)


def _coerce(value: Any, hint: Any, where: str) -> Any:
    """``value`` as type ``hint`` (int, float, bool, str, an enum, a tuple of those, or ``X | None``)."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        (inner,) = [a for a in args if a is not type(None)]
        return _coerce(value, inner, where)
    if origin is tuple:
        item = args[0]
        if isinstance(value, str) or not isinstance(value, (list, tuple)):
            raise ConfigError(f"{where}: expected a list, got {value!r}")
        return tuple(_coerce(v, item, where) for v in value)
    if hint is Any:
        return value
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        try:
            return value if isinstance(value, hint) else hint(str(value).lower())
        except ValueError:
            choices = ", ".join(str(m.value) for m in hint)
            raise ConfigError(f"{where}: expected one of {choices}, got {value!r}") from None
    if hint is bool:
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: expected true or false, got {value!r}")
        return value
    if hint is int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise ConfigError(f"{where}: expected a whole number, got {value!r}")
        return value
    if hint is float:
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise ConfigError(f"{where}: expected a number, got {value!r}")
        return float(value)
    if hint is str:
        if not isinstance(value, str):
            raise ConfigError(f"{where}: expected a string, got {value!r}")
        return value
    raise TypeError(
        f"{where}: unsupported option type {hint!r}"
    )  # a rule's declaration error, not the user's


def _type_name(hint: Any) -> str:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (Union, types.UnionType):
        return " or ".join(_type_name(a) for a in args if a is not type(None))
    if origin is tuple:
        return "list of tables" if args[0] is Any else f"list of {_type_name(args[0])}s"
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return "one of " + ", ".join(f'"{m.value}"' for m in hint)
    return {int: "integer", float: "number", bool: "true/false", str: "string"}.get(hint, "table")


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return f'"{value.value}"'
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, tuple):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return repr(value)


def options_markdown(cls: type[RuleOptions], code: str) -> str:
    """The ``## Options`` section of a rule's docs, from its options dataclass ("" without options)."""
    hints = _type_hints(cls)
    lines = []
    for f in fields(cls):
        default = f.default if f.default is not MISSING else None
        shown = "unset by default" if default is None else f"default {_toml(default)}"
        lines.append(f"- `{key_of(f)}` ({_type_name(hints[f.name])}, {shown}): {f.metadata.get('help', '')}")
    if not lines:
        return ""
    first = fields(cls)[0]
    example = first.metadata.get("example") or _toml(first.default)
    lines.append("")
    lines.append(f"Set in `[tool.tqcheck.rules.{code}]`, e.g. `{key_of(first)} = {example}`.")
    return "## Options\n" + "\n".join(lines)
