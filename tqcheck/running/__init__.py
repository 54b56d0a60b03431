"""Runs over many documents, between reading and reporting.

``inputs.py`` turns PATHs into document inputs, ``runner.py`` runs the
per-document pipeline on each through an executor (``executing.py``; Ray in
``executing_ray.py``) and yields results in input order, ``feed_run.py``
drives a whole run to the report writers with its gate (per-file
``ignores.py``, ``baseline.py``, inline ``suppression.py``), the run-level checks
(:mod:`tqcheck.rules.feed.consistency`) and the progress bar (``progress.py``). No stage
imports this package: it sits on top of them.
"""
