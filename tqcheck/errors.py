"""Errors the library raises on purpose.

The CLI turns every :class:`TqcheckError` into one line on stderr and exit
code 2, so each message must make sense on its own, without a traceback.
"""

from __future__ import annotations


class TqcheckError(Exception):
    """Base of every expected failure (bad input, bad config, missing model)."""


class InputError(TqcheckError):
    """The documents given cannot be read or do not form a usable pair."""


class ConfigError(TqcheckError):
    """A setting in pyproject.toml, the environment or on the command line is wrong."""


class UnsupportedLanguagePair(ConfigError):
    """No segmentation rules and lexicons exist for the requested pair."""


class ModelError(TqcheckError):
    """A translation model was asked for but cannot be loaded or used."""
