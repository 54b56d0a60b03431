"""``python -m tqcheck.cli``: the same command as the ``tqcheck`` script (used by the server tests and editors)."""

from tqcheck.cli import main

main()
