"""The ``tqcheck`` command: a thin shell over the library.

Every command parses its options, asks the library (:mod:`tqcheck.api`,
:mod:`tqcheck.rules.registry`, :func:`tqcheck.config.load_config`) to do the
work, and prints what a reporter rendered. Expected failures (bad input, bad
config, a model that cannot load, a file that cannot be written) arrive as
:class:`~tqcheck.errors.TqcheckError`, :class:`OSError` or
:class:`UnicodeError` and become ONE line on stderr, ``tqcheck: error: …``,
and exit code 2 — never a traceback. Exit codes: 0 nothing at or above
``--fail-on``, 1 findings at or above it, 2 usage or input error, 3 the run
finished but part of the input could not be read (one warning line each), 130
interrupted.

Heavy modules (spaCy, torch) are imported only by ``check``, so ``tqcheck
rules``, ``explain`` and ``--version`` answer at once. What the commands
share (errors, colour, config, common options) is in :mod:`tqcheck.cli.support`;
its names stay importable from here.
"""

from __future__ import annotations

import enum
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from tqcheck import __version__
from tqcheck.cli.startup import exit_now, exits_fast, prepare_process, start_helpers
from tqcheck.cli.support import (
    ColorOption,
    ConfigOption,
    IgnoreOption,
    ModelOption,
    NoSimilarityOption,
    SelectOption,
    build_config,
    codes,
    echo,
    errors_as_exit,
    fail,
    is_tty,
    rich_console,
    rich_text,
    term_width,
    use_color,
)
from tqcheck.reading import FORMATS as INPUT_FORMATS
from tqcheck.reporting import output_formats

app = typer.Typer(
    name="tqcheck",
    help="Check a French→English translation: align, score and flag translation artifacts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


# Choices come from the registries, so a new reader or writer is a new choice without editing this file.
OutputFormat = enum.StrEnum("OutputFormat", {name: name for name in output_formats()})  # type: ignore[misc]


class FailOn(enum.StrEnum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


InputFormat = enum.StrEnum("InputFormat", {name: name for name in INPUT_FORMATS})  # type: ignore[misc]


class RulesFormat(enum.StrEnum):
    table = "table"
    json = "json"


# --------------------------------------------------------------------------- check


@app.command()
def check(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders or globs to check (- for standard input): a bilingual file (TSV, JSONL, XLIFF, "
            "TMX, PO), a corpus folder, a feed folder (fr/NAME.txt + en/NAME.txt, or NAME.fr.txt + NAME.en.txt), "
            "or SOURCE TARGET as two text files.",
            show_default=False,
            metavar="PATH...",
        ),
    ],
    source_lang: Annotated[str | None, typer.Option("--source-lang", help="Source language code (default: fr).")] = None,
    target_lang: Annotated[str | None, typer.Option("--target-lang", help="Target language code (default: en).")] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Report format.")] = OutputFormat.terminal,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to FILE (atomically) instead of stdout.")
    ] = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option("--fail-on", help="Lowest severity that makes the exit code 1 (default: error, or from config)."),
    ] = None,
    model: ModelOption = None,
    no_similarity: NoSimilarityOption = False,
    threads: Annotated[int | None, typer.Option("--threads", min=1, help="CPU threads for the models.")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not read or write the score cache.")] = False,
    input_format: Annotated[
        InputFormat | None, typer.Option("--input-format", help="Input format (default: from the file name).")
    ] = None,
    config_file: ConfigOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the summary line (and notes).")] = False,
    show_scores: Annotated[bool, typer.Option("--show-scores", help="Show per-pair scores in the terminal view.")] = False,
    color: ColorOption = None,
    glossary: Annotated[
        Path | None, typer.Option("--glossary", help="Terminology file (CSV or TBX) for TQ705/TQ706.", metavar="FILE")
    ] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Worker processes for many documents (default: the cores).")
    ] = None,
    executor: Annotated[
        str, typer.Option("--executor", help="Where documents run: local (processes), serial, or a registered engine.")
    ] = "local",
    address: Annotated[
        str | None,
        typer.Option("--address", help="For --executor ray: a Ray cluster (ray://HOST:PORT or auto); default: a local one."),
    ] = None,
    baseline: Annotated[
        Path | None, typer.Option("--baseline", help="Report and fail only on findings not in this baseline file.")
    ] = None,
    write_baseline: Annotated[
        Path | None, typer.Option("--write-baseline", help="Record today's findings in FILE (exit 0 unless input is bad).")
    ] = None,
) -> None:
    """Check translations against their sources and report the problems found (exit 3: some input unreadable)."""
    with errors_as_exit():
        config = build_config(
            config_file,
            source_lang=source_lang,
            target_lang=target_lang,
            select=codes(select),
            ignore=codes(ignore),
            fail_on=fail_on.value if fail_on is not None else None,
            model=model,
            similarity=False if no_similarity else None,
            threads=threads,
            cache=False if no_cache else None,
            glossary=str(glossary) if glossary is not None else None,
        )
        from tqcheck.rules.registry import select_rules

        rules = select_rules(config.select, config.ignore)  # a typo in --select fails before any work
        threshold: Any = config.fail_on or "never"
        if config.glossary:  # a broken glossary fails before any work
            from tqcheck.glossary import load_glossary

            load_glossary(config.glossary, config.source_lang, config.target_lang)

        from tqcheck.languages import resolve_pair
        from tqcheck.reporting import render
        from tqcheck.reporting.summary import extra_notes, failing, summary_line
        from tqcheck.running import feed_run
        from tqcheck.running.executing import executor_names
        from tqcheck.running.inputs import discover

        if executor not in executor_names():
            fail(f"unknown executor {executor!r}; choose one of: {', '.join(executor_names())}")
        if address is not None and executor != "ray":
            fail("--address names a Ray cluster: use it with --executor ray")
        fmt_in = input_format.value if input_format is not None else None
        discovery = discover(paths, resolve_pair(config.source_lang, config.target_lang), fmt_in,
                             stdin=feed_run.read_stdin_if_needed(paths))
        gate = feed_run.Gate(config, baseline, write_baseline)
        if not feed_run.is_single_document(discovery, fmt.value):
            from tqcheck import spacy_worker
            from tqcheck.running.progress import stderr_is_terminal

            spacy_worker.stop()  # many documents: a pipeline in this process, which forked pool workers inherit

            code = feed_run.run_feed(
                discovery, config, fmt=fmt.value, output=output, echo=echo, jobs=jobs, executor=executor,
                executor_options={"address": address} if address else None,
                gate=gate, quiet=quiet, progress=stderr_is_terminal(),
                writer_opts={"rules": list(rules), "quiet": quiet, "show_scores": show_scores,
                             "color": use_color(color, output is not None) if fmt is OutputFormat.terminal else False,
                             "width": term_width() if output is None else 100},
            )
            raise typer.Exit(code)
        from tqcheck import spacy_worker

        spacy_worker.adopt()  # one document: its rules parse in the helper process started by main()
        result = feed_run.check_single(discovery, config)
        if result.failed:
            fail(result.error or "could not be read")
        for problem in result.problems:
            typer.echo(feed_run.warning_line(problem), err=True)
        assert result.report is not None
        report = gate.apply(result.id, result.report)
        rules_run = list(getattr(report.signature, "rules_run", ()))
        to_file = output is not None
        text = render(
            report,
            fmt.value,
            color=use_color(color, to_file) if fmt is OutputFormat.terminal else False,
            width=term_width() if not to_file else 100,
            quiet=quiet,
            show_scores=show_scores if fmt is OutputFormat.terminal else True,
            fail_on=threshold,
            rules=list(rules),
            rules_run=rules_run,
        )
        if output is not None:
            from tqcheck.output import write_atomic

            write_atomic(output, text)
            echo("\n".join([summary_line(report), *(f"note: {n}" for n in extra_notes(report)), f"wrote {output}"]))
        else:
            echo(text)
        if gate.save() is not None:
            typer.echo(f"wrote baseline {write_baseline}", err=True)
    if result.problems:
        raise typer.Exit(feed_run.EXIT_INCOMPLETE)
    if write_baseline is None and failing(report, threshold):
        raise typer.Exit(1)


# --------------------------------------------------------------------------- rules, explain


def _rule_rows() -> list[dict[str, str]]:
    from tqcheck.rules.registry import all_rules

    return [
        {
            "code": r.code,
            "name": r.name,
            "severity": r.severity.value,
            "family": r.family(),
            "status": r.status,
            "summary": r.summary(),
        }
        for r in all_rules()
    ]


@app.command()
def rules(
    fmt: Annotated[RulesFormat, typer.Option("--format", "-f", help="table or json.")] = RulesFormat.table,
    color: Annotated[bool | None, typer.Option("--color/--no-color", help="Force colours on or off.")] = None,
) -> None:
    """List every rule: code, name, default severity, family and summary."""
    import json

    with errors_as_exit():
        rows = _rule_rows()
        if fmt is RulesFormat.json:
            echo(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
            return
        from rich.table import Table

        table = Table(box=None, header_style="bold", pad_edge=False, show_edge=False)
        for column, kwargs in (
            ("code", {"no_wrap": True}),
            ("name", {"no_wrap": True}),
            ("severity", {"no_wrap": True}),
            ("family", {"no_wrap": True}),
            ("summary", {"overflow": "fold"}),
        ):
            table.add_column(column, **kwargs)
        for row in rows:
            table.add_row(row["code"], row["name"], row["severity"], row["family"], row["summary"])
        console = rich_console(use_color(color, False), width=max(term_width(), 120) if not is_tty() else None)
        console.print(table)
        console.print(f"{len(rows)} rules; 'tqcheck explain CODE' shows one in full.", highlight=False)
        echo(rich_text(console))


@app.command()
def explain(
    code: Annotated[str, typer.Argument(help="A rule code (TQ201) or name (pronoun-gender-calque).", show_default=False)],
    color: Annotated[bool | None, typer.Option("--color/--no-color", help="Force colours on or off.")] = None,
) -> None:
    """Show a rule's documentation: what it does, why, an example and the fix."""
    with errors_as_exit():
        from rich.markdown import Markdown

        from tqcheck.rules.registry import get_rule

        rule = get_rule(code)
        header = (
            f"# {rule.code} {rule.name}\n\n"
            f"*Default severity: {rule.severity.value} · family: {rule.family()} · status: {rule.status}*\n\n"
        )
        console = rich_console(use_color(color, False))
        console.print(Markdown(header + rule.docs()))
        echo(rich_text(console))


# --------------------------------------------------------------------------- version


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"tqcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version_callback, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Check a French→English translation: align, score and flag translation artifacts."""


@app.command()
def version() -> None:
    """Show the version."""
    typer.echo(f"tqcheck {__version__}")


# --------------------------------------------------------------------------- sub-apps by other modules


def _optional_module(name: str) -> Any | None:
    """Import ``name``, or ``None`` when that module (or its package) does not exist.

    Any other import error is a real bug in the module and is raised.
    """
    import importlib

    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        parts = name.split(".")
        if exc.name in {".".join(parts[:i]) for i in range(2, len(parts) + 1)}:
            return None
        raise


_OWN_COMMANDS = frozenset({"check", "rules", "explain", "version"})
_registered = False


def register_optional_commands() -> None:
    """Add ``models`` and ``eval`` when their modules exist (once)."""
    global _registered
    if _registered:
        return
    _registered = True
    models = _optional_module("tqcheck.cli.models")
    if models is not None and hasattr(models, "app"):
        app.add_typer(models.app, name="models")
    evaluation = _optional_module("tqcheck.eval.cli")
    if evaluation is not None and hasattr(evaluation, "eval_command"):
        app.command("eval")(evaluation.eval_command)
    reports = _optional_module("tqcheck.cli.report")  # diff, report
    if reports is not None and hasattr(reports, "register"):
        reports.register(app)
    server = _optional_module("tqcheck.server")
    if server is not None and hasattr(server, "server_command"):
        app.command("server")(server.server_command)


def _needs_optional_commands(args: list[str]) -> bool:
    """Whether this invocation may reach ``models``/``eval`` (or list them in help).

    Those modules import the scoring stack (numpy, sacrebleu…), which would
    make ``tqcheck --version`` or ``tqcheck rules`` wait for nothing.
    """
    first = next((a for a in args if not a.startswith("-")), None)
    if first in _OWN_COMMANDS:
        return False
    return not (first is None and any(a in ("--version", "-V") for a in args))


def main() -> None:
    """Console-script entry point (``tqcheck = tqcheck.cli:main``)."""
    prepare_process(sys.argv[1:])
    if os.environ.get("TQCHECK_SERVER") and sys.argv[1:2] == ["check"]:
        from tqcheck.server import forward  # a running `tqcheck server` has the models loaded

        code = forward(os.environ["TQCHECK_SERVER"], sys.argv[1:])
        if code is not None:
            sys.exit(code)
    start_helpers(sys.argv[1:])  # a check's spaCy pipeline starts loading on the other core now
    if _needs_optional_commands(sys.argv[1:]):
        register_optional_commands()
    try:
        app(prog_name="tqcheck")
    except KeyboardInterrupt:
        typer.echo("tqcheck: interrupted", err=True)
        sys.exit(130)
    except SystemExit as done:
        if exits_fast(sys.argv[1:]) and (done.code is None or isinstance(done.code, int)):
            exit_now(done.code)  # the report is out: skip tearing down the heap
        raise


if __name__ == "__main__":  # pragma: no cover
    main()
