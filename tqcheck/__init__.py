"""tqcheck: a translation-quality checker (French → English first).

Library entry points: :func:`tqcheck.check_files`, :func:`tqcheck.check_texts`,
:func:`tqcheck.check_pair`; each returns a :class:`tqcheck.datatypes.Report`.
"""

__version__ = "0.1.0"


def __getattr__(name: str):  # lazy, so `import tqcheck` stays cheap for the CLI
    if name in ("check_files", "check_texts", "check_pair"):
        from tqcheck import api

        return getattr(api, name)
    raise AttributeError(name)


__all__ = ["__version__", "check_files", "check_texts", "check_pair"]
