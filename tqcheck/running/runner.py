"""The runner: many documents through the per-document pipeline, results in input order.

Why one module between reading and reporting: a feed run is "discover the
documents, check each, hand each report to the writers as it comes". The
per-document pipeline (:func:`tqcheck.api.check_files` /
:func:`~tqcheck.api.check_pair`) stays exactly what a single check runs, so a
feed run finds the same things; this module adds only what many documents
need:

* a stream of :class:`DocumentTask` built lazily from the discovered inputs
  (big line- and unit-aligned files become blocks, see :mod:`tqcheck.reading.blocks`);
* :func:`check_document`, the top-level (picklable) function an
  :class:`~tqcheck.running.executing.Executor` runs, which keeps one
  :class:`~tqcheck.scoring.Scorer` per worker process (:func:`pipeline_scorer`),
  so models load once per worker, not once per document;
* :class:`DocumentResult`: a report, or one line saying why this document could
  not be read. A bad document never stops the run;
* :data:`RUN_CHECKS`: checks that need every document (consistency across a
  feed), fed each report as it streams by and asked for their findings at the
  end, so the run stays streaming.

Size: about 400 lines, on purpose one module: what a worker keeps between
documents (the scorer cache, the cache trimming that keeps a long feed in
flat memory) and what the parent does with results must be read together
to see that a run is exactly once and in order.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from tqcheck.config import Config
from tqcheck.datatypes import DocumentPair, Finding, Report
from tqcheck.errors import TqcheckError
from tqcheck.rules.feed.consistency import RunConsistency
from tqcheck.running.executing import Executor, available_cores
from tqcheck.running.inputs import DocumentInput, InputProblem


@dataclass(frozen=True)
class DocumentTask:
    """One unit of work for a worker: which document, with which settings.

    ``pair`` is set for a block already cut from a big file (``read`` false);
    otherwise the worker reads ``input`` itself. ``error`` marks a document the parent
    already knows it cannot read (the worker only reports it, in order).
    """

    index: int
    input: DocumentInput
    config: Config
    display: str
    pair: DocumentPair | None = None
    problems: tuple[InputProblem, ...] = ()
    error: str | None = None
    read: bool = True
    lines: tuple[int, ...] = ()
    line_offset: int = 0
    target_line_offset: int = 0
    cwd: str = field(default_factory=os.getcwd)  # relative input paths are relative to the run's folder


@dataclass(frozen=True)
class DocumentResult:
    """What checking one document produced: a report, or why there is none."""

    index: int
    id: str
    input: DocumentInput
    report: Report | None
    error: str | None = None
    problems: tuple[InputProblem, ...] = ()
    seconds: float = 0.0
    lines: tuple[int, ...] = ()  # file line of each paragraph, for blocks streamed from a big file
    line_offset: int = 0  # or: lines of a block cut from a big text file start this far into it
    target_line_offset: int = 0  # the same in the target file

    @property
    def ok(self) -> bool:
        return self.report is not None

    @property
    def failed(self) -> bool:
        """Unreadable: no report and a reason (a block of only skipped lines has neither)."""
        return self.report is None and self.error is not None

    @property
    def segments(self) -> int:
        return len(self.report.alignment.links) if self.report is not None else 0


def lost_document(task: DocumentTask, exc: BaseException) -> DocumentResult:
    """The result of a document whose worker died every time it was tried (a distributed engine's ``on_lost``).

    The run goes on and reports it like an unreadable document (exit 3),
    instead of stopping or dropping it.
    """
    return DocumentResult(
        task.index,
        task.display,
        task.input,
        None,
        f"the worker checking it died ({error_message(exc)})",
        task.problems,
    )


# --------------------------------------------------------------------------- per-process pipeline

_SCORERS: dict[str, Any] = {}


def pipeline_scorer(config: Config) -> Any:
    """This process's :class:`~tqcheck.scoring.Scorer` for ``config``, built once.

    A Scorer loads its models (encoder, MT) lazily and keeps them, so reusing
    it across documents is what makes "models load once per worker" true; the
    key is the settings' repr, since a Config holds dicts and is unhashable.
    """
    key = repr(config)
    scorer = _SCORERS.get(key)
    if scorer is None:
        from tqcheck.scoring import Scorer

        scorer = _SCORERS[key] = Scorer(config)
    return scorer


WARM_UP_TEXTS = (
    "Le 3 mars 2021, Marie Dupont, la maire de Lyon, a rencontré 25 élèves. Elle leur a parlé "
    "actuellement de la librairie, qui coûte 1 250,50 euros. Ils l'ont trouvée très sympathique. "
    "Le Polonais est arrivé à Toulon lundi ; il y est resté et elle l'a beaucoup aidé.",
    "On March 3, 2021, Marie Dupont, the mayor of Lyon, met 25 pupils. She actually told them "
    "about the library, which costs 1,250.50 euros. They found her very nice. "
    "The Pole arrived in Toulon on Monday; he stayed there and she helped him a lot.",
)
"""A tiny made-up French/English pair for :func:`warm_up`: a date, amounts, names, a city, pronouns and
two false friends, so the parser, the entity recogniser, the encoder, the word lists, the inflection
tables and the place names the rules use are all loaded."""


def warm_up(config: Config) -> None:
    """Load, in this process, the models a check with ``config`` uses, by checking :data:`WARM_UP_TEXTS`.

    Called by a process executor that forks its workers from this process
    (:meth:`~tqcheck.running.executing.ProcessExecutor.warm`): the models are
    process-wide (spaCy pipelines, the encoder's weights, word lists), so the
    forked workers start with them loaded instead of each spending seconds
    importing and loading. The check uses a scorer without the on-disk score
    cache, so no SQLite connection is open at fork time (a connection must
    not cross a fork), and nothing here runs with an MT model (torch, which
    must not be used before a fork). A failure is ignored: each worker then
    loads what it needs and reports the error with the document it belongs to.
    """
    if config.model or config.reverse_model:
        return
    from tqcheck import api
    from tqcheck.languages import resolve_pair
    from tqcheck.reading import pair_from_texts
    from tqcheck.scoring import Scorer

    try:
        lang_pair = resolve_pair(config.source_lang, config.target_lang)
        if (lang_pair.source, lang_pair.target) != ("fr", "en"):
            return
        scorer = Scorer(config, cache=False)
        if scorer.has_mt_backend:
            return
        api.check_pair(pair_from_texts(*WARM_UP_TEXTS, lang_pair), config, scorer)
    except Exception:  # noqa: BLE001 - see the docstring: the workers report real errors with their documents
        return


TRIM_EVERY_SEGMENTS = 5_000
"""Segments a process checks between two trims of the per-text memo caches (see :func:`trim_caches`)."""

_segments_since_trim = 0


def trim_caches() -> int:
    """Empty tqcheck's per-text memo caches; the number emptied.

    Many stages memoise pure per-word or per-sentence functions with
    :func:`functools.lru_cache` (bounded, up to 200,000 entries each). Within
    one document that saves real work; over a feed of a million segments the
    caches fill with text that will never come again and hold hundreds of MB
    (measured: +180 MB over 5,000 unique segments). A worker therefore empties
    them every :data:`TRIM_EVERY_SEGMENTS` segments. Caches bounded below
    :data:`tqcheck.memo.MODEL_CACHE_MAX` hold models and settings (spaCy
    pipelines, rule lists), not text, and are left alone.
    """
    from tqcheck.memo import clear_word_keys, trim_text_caches

    emptied = trim_text_caches()
    if clear_word_keys():
        emptied += 1
    _release_freed_memory()
    return emptied


def _release_freed_memory() -> None:
    """Give the C heap's freed pages back to the system (glibc ``malloc_trim``); elsewhere a no-op.

    Emptied caches free millions of small objects, but glibc keeps the freed
    arenas mapped, so the process's resident size never comes down and a
    long feed's RSS keeps the high-water mark of every cache cycle.
    """
    import ctypes
    import ctypes.util
    import gc

    gc.collect()
    name = ctypes.util.find_library("c")
    if not name:
        return
    try:
        trim = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):  # not glibc (musl, macOS)
        return
    trim(0)


def _count_segments(n: int) -> None:
    global _segments_since_trim
    _segments_since_trim += n
    if _segments_since_trim >= TRIM_EVERY_SEGMENTS:
        _segments_since_trim = 0
        trim_caches()


def error_message(exc: BaseException) -> str:
    """The one line the CLI prints for an expected failure."""
    if isinstance(exc, OSError):
        what = exc.strerror or str(exc)
        return f"{exc.filename}: {what}" if exc.filename else what
    if isinstance(exc, UnicodeError):
        return f"cannot decode or encode text: {exc}"
    if isinstance(exc, RecursionError):
        return "input nested too deeply to be read"
    return " ".join(str(exc).split()) or type(exc).__name__


def _renamed(report: Report, display: str) -> Report:
    """The report with both sides' path shown as ``display`` (standard input's temporary file is nobody's business)."""
    al = report.alignment
    src = dataclasses.replace(al.pair.source, path=display)
    tgt = dataclasses.replace(al.pair.target, path=display)
    pair = dataclasses.replace(al.pair, source=src, target=tgt)
    alignment = dataclasses.replace(
        al,
        pair=pair,
        source=dataclasses.replace(al.source, document=src),
        target=dataclasses.replace(al.target, document=tgt),
    )
    return dataclasses.replace(report, alignment=alignment)


def check_document(task: DocumentTask) -> DocumentResult:
    """Check one document in this process; an unreadable one becomes a result saying why.

    Top-level and pure of globals other than the per-process scorer cache, so
    any executor (worker processes, a cluster actor) can run it.
    """
    started = time.perf_counter()

    def result(
        report: Report | None, error: str | None = None, problems: tuple[InputProblem, ...] = ()
    ) -> DocumentResult:
        return DocumentResult(
            task.index,
            task.display,
            task.input,
            report,
            error,
            (*task.problems, *problems),
            time.perf_counter() - started,
            task.lines,
            task.line_offset,
            task.target_line_offset,
        )

    if task.error is not None:
        return result(None, task.error)
    if task.pair is None and not task.read:
        return result(None)
    if task.read and os.getcwd() != task.cwd:
        # a worker that did not start in the run's folder (a cluster actor): relative paths and the
        # report's file names must mean what they mean to the user
        os.chdir(task.cwd)
    from tqcheck import api

    try:
        scorer = pipeline_scorer(task.config)
        if task.pair is not None:
            report = api.check_pair(task.pair, task.config, scorer)
        else:
            inp = task.input
            report = api.check_files(
                inp.source, inp.target, task.config, input_format=inp.input_format, scorer=scorer
            )
    except (TqcheckError, OSError, UnicodeError, RecursionError) as exc:
        return result(None, error_message(exc))
    except Exception as exc:  # noqa: BLE001 - one document's crash must not lose the others' results
        return result(
            None,
            f"internal error while checking this document (a tqcheck bug, please report it): "
            f"{type(exc).__name__}: {error_message(exc)}",
        )
    _count_segments(len(report.alignment.links))
    if task.input.display:
        report = _renamed(report, task.input.display)
    problems = tuple(getattr(report.pair, "problems", ()) or ())
    return result(report, problems=problems)


# --------------------------------------------------------------------------- tasks


def tasks(inputs: Iterable[DocumentInput], config: Config) -> Iterator[DocumentTask]:
    """The stream of work: one task per document, or per block of a big file (read lazily)."""
    from tqcheck.languages import resolve_pair
    from tqcheck.reading.blocks import blocks, text_blocks, wants_blocks, wants_text_blocks

    lang_pair = resolve_pair(config.source_lang, config.target_lang)
    index = 0
    for inp in inputs:
        path = Path(inp.source)
        if inp.target is not None and wants_text_blocks(path, Path(inp.target)):
            try:
                for block in text_blocks(path, Path(inp.target), lang_pair):
                    yield DocumentTask(
                        index,
                        inp,
                        config,
                        block.display,
                        pair=block.pair,
                        read=False,
                        line_offset=block.line_offset,
                        target_line_offset=block.target_line_offset,
                    )
                    index += 1
            except (TqcheckError, OSError, UnicodeError) as exc:
                yield DocumentTask(index, inp, config, inp.id, error=error_message(exc))
                index += 1
            continue
        if inp.target is None and wants_blocks(path, inp.input_format):
            assert inp.input_format is not None
            try:
                for block in blocks(path, inp.input_format, lang_pair):
                    # A block of only skipped lines (pair None) reports its problems and checks nothing.
                    yield DocumentTask(
                        index,
                        inp,
                        config,
                        block.display,
                        pair=block.pair,
                        problems=block.problems,
                        read=False,
                        lines=block.lines,
                    )
                    index += 1
            except (TqcheckError, OSError, UnicodeError, RecursionError) as exc:
                yield DocumentTask(index, inp, config, inp.id, error=error_message(exc))
                index += 1
            continue
        yield DocumentTask(index, inp, config, inp.id)
        index += 1


def _worker_config(config: Config, jobs: int) -> Config:
    """Split the cores between workers so N processes do not each start N BLAS threads."""
    if jobs > 1 and config.threads is None:
        return config.with_overrides(threads=max(1, available_cores() // jobs))
    return config


# --------------------------------------------------------------------------- run-level checks


class RunCheck(Protocol):
    """A check over the whole run (e.g. one French term translated two ways across a feed).

    It sees each report as it streams by (keeping only what it needs, so
    memory stays flat) and gives its findings, by document index, at the end.
    """

    def observe(self, index: int, report: Report) -> None: ...

    def finish(self) -> dict[int, list[Finding]]: ...


#: Factories of run-level checks, each called once per run. The feed
#: consistency check (TQ707/TQ708 across documents) is the first; others append theirs.
RUN_CHECKS: list[Callable[[Config], RunCheck]] = [RunConsistency.from_config]


@dataclass
class RunStats:
    """Totals of a run, for the summary line, the progress bar and the exit code."""

    documents: int = 0
    checked: int = 0
    failed: int = 0
    segments: int = 0
    problems: int = 0
    started: float = field(default_factory=time.perf_counter)

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started


class Runner:
    """Runs the pipeline over many documents with an executor; yields results in input order."""

    def __init__(self, config: Config, executor: Executor) -> None:
        self.config = config
        self.executor = executor
        self.stats = RunStats()
        self.run_checks: list[RunCheck] = [factory(config) for factory in RUN_CHECKS]

    def run(self, inputs: Iterable[DocumentInput]) -> Iterator[DocumentResult]:
        config = _worker_config(self.config, self.executor.jobs)
        warm = getattr(self.executor, "warm", None)  # executors that fork their workers from this process
        if warm is not None:
            warm(functools.partial(warm_up, config))
        for res in self.executor.imap(check_document, tasks(inputs, config)):
            self.stats.documents += 1
            self.stats.problems += len(res.problems)
            if res.failed:
                self.stats.failed += 1
            elif res.report is not None:
                self.stats.checked += 1
                self.stats.segments += res.segments
                for check in self.run_checks:
                    check.observe(res.index, res.report)
            yield res

    def run_findings(self) -> dict[int, list[Finding]]:
        """Findings of the run-level checks, by document index (call after :meth:`run` is exhausted)."""
        out: dict[int, list[Finding]] = {}
        for check in self.run_checks:
            for index, found in check.finish().items():
                out.setdefault(index, []).extend(found)
        return out


def check_paths(
    paths: Iterable[str | Path],
    config: Config | None = None,
    *,
    jobs: int | None = 1,
    executor: str = "local",
    input_format: str | None = None,
) -> Iterator[DocumentResult]:
    """The library form of ``tqcheck check PATH…``: one result per document, in input order.

    Discovery problems (an unpaired file) raise nothing: they are yielded as
    failed results after the documents, so a caller sees everything once.
    """
    from tqcheck.languages import resolve_pair
    from tqcheck.running.executing import make_executor
    from tqcheck.running.inputs import discover

    config = config or Config()
    found = discover(list(paths), resolve_pair(config.source_lang, config.target_lang), input_format)
    with_executor = make_executor(executor, jobs=jobs)
    try:
        runner = Runner(config, with_executor)
        yield from runner.run(found.documents)
        for n, problem in enumerate(found.problems):
            inp = DocumentInput(problem.path)
            yield DocumentResult(runner.stats.documents + n, problem.path, inp, None, str(problem))
    finally:
        with_executor.close()
        found.cleanup()
