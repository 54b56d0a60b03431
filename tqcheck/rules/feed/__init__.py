"""TQ7xx: checks that belong to feeds and bilingual files.

Placeholders and inline tags, whitespace at a unit's edges, length limits,
terminology against a glossary, and consistency across the units of a file.
Each unit (a TSV/JSONL row, XLIFF trans-unit, TMX tu, PO entry, subtitle
cue) is checked on its own; in a plain-text document each alignment link
stands for a unit.
"""
