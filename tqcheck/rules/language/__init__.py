"""Rules of the language family (one rule per file)."""
