"""Language pairs and the data files that support them.

Everything language-specific (abbreviations for the segmenter, lexicons,
false-friend tables) lives in data files under ``tqcheck/data``:
``lang/<code>/`` for one language, ``pairs/<src>-<tgt>/`` for a direction.
Adding es→en means adding those files (and a model), not code. A pair is
supported when its ``pairs/`` folder exists.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from tqcheck.datatypes import LanguagePair
from tqcheck.errors import UnsupportedLanguagePair

DATA_DIR = Path(str(resources.files("tqcheck") / "data"))


def supported_pairs() -> list[str]:
    """Codes of the pairs with data, e.g. ``["fr-en"]``."""
    pairs = DATA_DIR / "pairs"
    return sorted(p.name for p in pairs.iterdir() if p.is_dir() and not p.name.startswith("_"))


def resolve_pair(source: str, target: str) -> LanguagePair:
    """A validated :class:`LanguagePair`, or a clear error listing what is supported."""
    pair = LanguagePair(source.strip().lower(), target.strip().lower())
    if pair.code not in supported_pairs():
        raise UnsupportedLanguagePair(
            f"language pair {pair.code} is not supported; supported pairs: {', '.join(supported_pairs())}"
        )
    return pair


def lang_file(lang: str, name: str) -> Path:
    """Path of a per-language data file (may not exist)."""
    return DATA_DIR / "lang" / lang / name


def pair_file(pair: LanguagePair | str, name: str) -> Path:
    """Path of a per-pair data file (may not exist)."""
    code = pair.code if isinstance(pair, LanguagePair) else pair
    return DATA_DIR / "pairs" / code / name


@lru_cache(maxsize=64)
def load_yaml(path: Path) -> Any:
    """Parse a packaged YAML data file once per process (safe loader only), the result kept in the cache folder.

    Why the cache: even in C, building the Python objects of the lexicon and
    the other tables costs ~0.1 s of CPU in every new process; the result is
    stored by :mod:`tqcheck.lang.table_cache` under a key of the file's bytes
    and PyYAML's version, so an edited file is parsed again. A file whose
    values marshal cannot store (dates) is parsed every time, as before.
    """
    if not path.exists():
        return None
    from tqcheck.lang.table_cache import cached_table

    return cached_table(f"yaml-{path.stem}", lambda: _parse_yaml(path), sources=(path,), packages=("pyyaml",))


def _parse_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        # CSafeLoader is SafeLoader in C (no arbitrary objects either), several times faster
        return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506


@lru_cache(maxsize=64)
def load_wordlist(path: Path) -> frozenset[str]:
    """A set of entries, one per line; ``#`` starts a comment."""
    if not path.exists():
        return frozenset()
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.add(line)
    return frozenset(words)
