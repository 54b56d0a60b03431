"""Rules of the meaning family (one rule per file)."""
