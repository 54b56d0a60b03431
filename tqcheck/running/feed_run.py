"""``tqcheck check PATH…`` over many documents: discovery → runner → gate → streaming writers.

The CLI stays thin: it builds the config and calls :func:`run_feed`, which
returns the exit code. What this module decides, in one place:

* **gating** (:class:`Gate`): per-file ignores from config, then the baseline
  (only new findings are reported and fail), and ``--write-baseline``;
* **exit codes**: 0 clean, 1 a finding at or above ``--fail-on``, 3 the run
  finished but some input could not be read (it wins over 1: the result is
  incomplete), 2 nothing could be checked at all;
* **messages**: every unreadable input is one ``tqcheck: error: …`` line and
  every skipped part of an input one ``tqcheck: warning: PATH:LINE: …`` line on
  stderr, as they happen; the good documents' results are always written.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqcheck.config import Config
from tqcheck.datatypes import Finding, InputProblem, Report
from tqcheck.reporting import FORMATS
from tqcheck.running.inputs import Discovery
from tqcheck.running.runner import DocumentResult

EXIT_INCOMPLETE = 3


def error_line(result: DocumentResult) -> str:
    """``tqcheck: error: …`` for an unreadable document, naming its file."""
    message = result.error or "could not be read"
    names = {Path(p).name for p in (result.input.source, result.input.target) if p}
    if result.input.display:
        names.add(result.input.display)
    if not any(n and n in message for n in names):
        message = f"{result.id}: {message}"
    return f"tqcheck: error: {message}"


def warning_line(problem: InputProblem) -> str:
    return f"tqcheck: warning: {problem}"


@dataclass
class Gate:
    """What is reported and what fails: per-file ignores, then the baseline."""

    config: Config
    baseline: Path | None = None
    write_baseline: Path | None = None
    _filter: Any = None
    _writer: Any = None

    def __post_init__(self) -> None:
        from tqcheck.running.baseline import BaselineFilter, BaselineWriter

        if self.baseline is not None:
            self._filter = BaselineFilter.from_file(self.baseline)
        if self.write_baseline is not None:
            self._writer = BaselineWriter()

    def apply(self, document: str, report: Report) -> Report:
        from tqcheck.running.ignores import apply_per_file_ignores

        report = apply_per_file_ignores(report, self.config.per_file_ignores)
        if self._writer is not None:
            self._writer.add(document, report)
        if self._filter is not None:
            report = self._filter.apply(report)
        return report

    def apply_run(
        self,
        found: dict[int, list[Finding]],
        ids: dict[int, str],
        paths: dict[int, tuple[str | None, ...]] | None = None,
    ) -> dict[int, list[Finding]]:
        """Run-level findings (consistency across documents) through the same gate as each document's.

        A run-level finding belongs to the document it is reported in
        (``found``'s key), so that document's per-file ignores apply to it
        first, then the baseline, exactly as for the document's own findings.
        """
        from tqcheck.running.ignores import ignored_codes

        out: dict[int, list[Finding]] = {}
        for index in sorted(found):
            findings = sorted(found[index], key=lambda f: f.sort_key)
            codes = ignored_codes((paths or {}).get(index, ()), self.config.per_file_ignores)
            if codes:
                findings = [f for f in findings if not f.code.startswith(codes)]
            if self._writer is not None:
                self._writer.add(ids.get(index, str(index)), None, findings)
            if self._filter is not None:
                findings = self._filter.new_findings(None, findings)
            if findings:
                out[index] = findings
        return out

    def summary(self) -> dict[str, int] | None:
        return self._filter.summary() if self._filter is not None else None

    def save(self) -> Path | None:
        if self._writer is None or self.write_baseline is None:
            return None
        from tqcheck.output import write_atomic

        return write_atomic(self.write_baseline, self._writer.text())


@dataclass
class Totals:
    documents: int = 0
    checked: int = 0
    unreadable: int = 0
    links: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    with_problems: int = 0
    failing: int = 0
    input_problems: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def add(self, report: Report, n_failing: int) -> None:
        from tqcheck.datatypes import Severity

        self.checked += 1
        self.links += len(report.alignment.links)
        self.errors += report.count(Severity.ERROR)
        self.warnings += report.count(Severity.WARNING)
        self.infos += report.count(Severity.INFO)
        self.with_problems += bool(report.findings)
        self.failing += n_failing

    def as_dict(self, seconds: float) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if k != "extra"}
        out["seconds"] = round(seconds, 3)
        out.update(self.extra)
        return out


def run_feed(
    discovery: Discovery,
    config: Config,
    *,
    fmt: str,
    output: Path | None,
    echo: Callable[[str], None],
    jobs: int | None,
    executor: str,
    executor_options: dict[str, Any] | None = None,
    gate: Gate,
    quiet: bool,
    progress: bool,
    writer_opts: dict[str, Any],
) -> int:
    """Check every discovered document, streaming results to the chosen writer; the exit code."""
    from tqcheck.output import AtomicStream
    from tqcheck.reporting.run_writers import make_writer
    from tqcheck.reporting.summary import fails
    from tqcheck.running.executing import make_executor
    from tqcheck.running.progress import RunProgress
    from tqcheck.running.runner import Runner

    threshold = config.fail_on  # None: --fail-on never
    stream = AtomicStream(output) if output is not None else None
    sink = stream.write if stream is not None else echo
    writer = make_writer(
        fmt, sink, fail_on=config.fail_on.value if config.fail_on else "never", **writer_opts
    )
    totals = Totals(input_problems=len(discovery.problems))
    ids: dict[int, str] = {}
    paths: dict[int, tuple[str | None, ...]] = {}
    committed = False
    options = dict(executor_options or {})
    if executor == "ray":  # a document that keeps killing its worker is reported, the run goes on
        from tqcheck.running.runner import lost_document

        options.setdefault("on_lost", lost_document)
    ex = make_executor(executor, jobs=jobs, **options)
    try:
        with RunProgress(len(discovery.documents), progress and not quiet) as bar:
            for problem in discovery.problems:
                bar.say(f"tqcheck: error: {problem}")
            writer.start()
            runner = Runner(config, ex)
            for result in runner.run(discovery.documents):
                totals.documents += 1
                for problem in result.problems:
                    totals.input_problems += 1
                    bar.say(warning_line(problem))
                if result.failed:
                    totals.unreadable += 1
                    bar.say(error_line(result))
                    writer.document(result, None)
                elif result.report is not None:
                    ids[result.index] = result.id
                    paths[result.index] = (result.report.pair.source.path, result.report.pair.target.path)
                    report = gate.apply(result.id, result.report)
                    totals.add(report, sum(1 for f in report.findings if fails(f, threshold)))
                    writer.document(result, report)
                bar.update(totals.documents, totals.links)
            found = gate.apply_run(runner.run_findings(), ids, paths)
            if found:
                for extra in found.values():
                    totals.failing += sum(1 for f in extra if fails(f, threshold))
                writer.run_findings(ids, found)
            if gate.summary() is not None:
                totals.extra["baseline"] = gate.summary()
            summary = totals.as_dict(runner.stats.seconds)
            writer.finish(summary)
        if totals.checked == 0:
            return 2
        if stream is not None:
            stream.commit()
            committed = True
            from tqcheck.reporting.run_writer_base import summary_text

            echo(summary_text(summary) + f"\nwrote {output}\n")
        saved = gate.save()
        if saved is not None:  # on stderr: stdout may be the report itself
            print(
                f"wrote baseline {saved} ({len(gate._writer.entries)} findings)", file=sys.stderr, flush=True
            )
    finally:
        ex.close()
        if stream is not None and not committed:
            stream.discard()
        discovery.cleanup()
    if totals.unreadable or totals.input_problems:
        return EXIT_INCOMPLETE
    if gate.write_baseline is not None:
        return 0
    return 1 if totals.failing else 0


def read_stdin_if_needed(paths: list[str]) -> bytes | None:
    if "-" not in paths:
        return None
    return sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode("utf-8")


SINGLE_FORMATS = tuple(FORMATS)  # formats with a one-document layout (the historical output)


def is_single_document(discovery: Discovery, fmt: str) -> bool:
    """One document, checked whole, in a format that has a one-document layout: the historical output."""
    from tqcheck.reading.blocks import wants_blocks, wants_text_blocks

    if len(discovery.documents) != 1 or discovery.problems or fmt not in SINGLE_FORMATS:
        return False
    doc = discovery.documents[0]
    if doc.target is not None:
        return not wants_text_blocks(Path(doc.source), Path(doc.target))
    return not wants_blocks(Path(doc.source), doc.input_format)


def check_single(discovery: Discovery, config: Config) -> DocumentResult:
    """The one document of a single-document run, checked in this process."""
    from tqcheck.running.runner import DocumentTask, check_document

    doc = discovery.documents[0]
    try:
        return check_document(DocumentTask(0, doc, config, doc.id))
    finally:
        discovery.cleanup()
