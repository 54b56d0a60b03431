"""Rules of the numbers family (one rule per file)."""
