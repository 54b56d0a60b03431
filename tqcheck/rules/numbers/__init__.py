"""Rules of the numbers-names family: numbers, dates, units, names and number formats (one rule per file)."""

FAMILY = "numbers-names"  # the name users know from `tqcheck rules`, SARIF tags and the README
