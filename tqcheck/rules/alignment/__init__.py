"""Rules of the alignment family (one rule per file)."""
