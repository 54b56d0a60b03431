"""Rules of the typography family (one rule per file)."""
