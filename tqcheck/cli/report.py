"""``tqcheck diff`` and ``tqcheck report``: revision diffs and pages from saved JSON.

Thin shells, like ``check``: the work is in :mod:`tqcheck.revising`,
:mod:`tqcheck.reporting.revision`, :mod:`tqcheck.reporting.saved` and
:mod:`tqcheck.reporting.pages`. Registered by :func:`register` from
``tqcheck.cli.register_optional_commands``. Exit codes as for ``check``:
``diff`` exits 1 only when the new version introduced a finding at or above
``--fail-on``; ``report`` exits 2 when some input could not be read (after
writing the pages of the inputs that could).
"""

from __future__ import annotations

import enum
import re
from pathlib import Path
from typing import Annotated, Any

import typer

from tqcheck.cli.support import (
    ColorOption,
    ConfigOption,
    IgnoreOption,
    ModelOption,
    NoSimilarityOption,
    SelectOption,
)
from tqcheck.errors import InputError


class DiffFormat(enum.StrEnum):
    terminal = "terminal"
    json = "json"
    html = "html"


# --------------------------------------------------------------------------- diff


def _unit_ids(report: Any) -> list[str] | None:
    """Unit ids by paragraph when the file has stable ones, else ``None`` (rows then match by source text).

    The ids come with the checked report (``DocumentPair.units``), so the file
    is not read again. XLIFF ids are stable by definition, TMX ``tuid`` when
    present. A PO entry's identity is its msgid (the source text, with
    msgctxt), and tqcheck's PO ids carry line numbers that move when entries
    are added, so PO files match by source text, as TSV and JSONL do.
    """
    pair = report.pair
    if pair.input_format not in ("xliff", "tmx") or not pair.units:
        return None
    ids = [u.id for u in pair.units]
    if pair.input_format == "tmx" and all(i.isdigit() for i in ids):  # no tuid: numbered by position, not an identity
        return None
    return ids if len(set(ids)) == len(ids) else None


def diff_command(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="SOURCE OLD NEW (a source text and two translations of it), or OLD NEW (two versions of an "
            "XLIFF/TMX/PO/TSV/JSONL feed).",
            show_default=False,
        ),
    ],
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="Report format.")] = DiffFormat.terminal,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to FILE (atomically) instead of stdout.")
    ] = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            help="Lowest severity of an INTRODUCED finding that makes the exit code 1 (error, warning, info, never).",
        ),
    ] = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    model: ModelOption = None,
    no_similarity: NoSimilarityOption = False,
    input_format: Annotated[
        str | None, typer.Option("--input-format", help="Input format (default: from the file name).")
    ] = None,
    config_file: ConfigOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the summary line.")] = False,
    color: ColorOption = None,
) -> None:
    """Compare two versions of a translation: what the revision fixed, introduced and kept."""
    from tqcheck.cli.support import build_config, codes, echo, errors_as_exit, fail, use_color

    if fail_on is not None and fail_on.lower() not in ("error", "warning", "info", "never"):
        fail(f"--fail-on must be one of error, warning, info, never (not {fail_on!r})")
    if len(files) not in (2, 3):
        fail(f"diff takes SOURCE OLD NEW or OLD NEW (two feeds), not {len(files)} file(s)")
    with errors_as_exit():
        config = build_config(
            config_file,
            select=codes(select),
            ignore=codes(ignore),
            fail_on=fail_on.lower() if fail_on else None,
            model=model,
            similarity=False if no_similarity else None,
        )
        from tqcheck.rules.registry import select_rules

        select_rules(config.select, config.ignore)  # a typo in --select fails before any work
        threshold: Any = config.fail_on or "never"

        from tqcheck.api import check_files
        from tqcheck.reading import format_of
        from tqcheck.reporting.json_report import report_dict
        from tqcheck.reporting.revision import render_diff
        from tqcheck.revising import revision_diff, summary_line
        from tqcheck.scoring import Scorer

        scorer = Scorer(config)  # one set of models for both versions
        if len(files) == 3:
            source, old_path, new_path = files
            for path in files:
                if path.is_dir():
                    raise InputError(f"{path}: is a directory; diff takes SOURCE OLD NEW text files here")
            old = check_files(source, old_path, config, input_format=input_format, scorer=scorer)
            new = check_files(source, new_path, config, input_format=input_format, scorer=scorer)
            diff = revision_diff(report_dict(old), report_dict(new), by_units=False, fail_on=threshold)
        else:
            old_path, new_path = files
            kinds = {format_of(p, input_format) for p in files}
            if "text" in kinds:
                raise InputError(
                    f"{(old_path if format_of(old_path, input_format) == 'text' else new_path).name}: two files are "
                    "two versions of a feed (XLIFF/TMX/PO/TSV/JSONL); for text give SOURCE OLD NEW"
                )
            old = check_files(old_path, None, config, input_format=input_format, scorer=scorer)
            new = check_files(new_path, None, config, input_format=input_format, scorer=scorer)
            diff = revision_diff(
                report_dict(old),
                report_dict(new),
                old_ids=_unit_ids(old),
                new_ids=_unit_ids(new),
                by_units=True,
                fail_on=threshold,
            )
        to_file = output is not None
        text = render_diff(diff, fmt.value, color=use_color(color, to_file) if fmt is DiffFormat.terminal else False,
                           quiet=quiet)
        if output is not None:
            from tqcheck.output import write_atomic

            write_atomic(output, text)
            echo(f"{summary_line(diff)}\nwrote {output}")
        else:
            echo(text)
    if diff["summary"]["failing"]:
        raise typer.Exit(1)


# --------------------------------------------------------------------------- report


def _slug(text: str) -> str:
    base = Path(text).name if text else "document"
    return re.sub(r"[^A-Za-z0-9._-]+", "-", base).strip("-.")[:60] or "document"


def report_command(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            help="Saved JSON: a tqcheck-report/1 object, a tqcheck-run/1 object with documents, JSON Lines of "
            "reports, or a tqcheck-diff/1 object.",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="The page to write (a folder with --per-document); default: stdout."),
    ] = None,
    per_document: Annotated[
        bool, typer.Option("--per-document", help="One page per document in the --output folder, plus index.html.")
    ] = False,
    fail_on: Annotated[
        str | None, typer.Option("--fail-on", help="Severity from which findings are marked as failing (default: error).")
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="Page title.")] = None,
) -> None:
    """Render HTML pages from JSON reports saved earlier (e.g. by CI)."""
    from tqcheck.cli.support import echo, errors_as_exit, fail

    if fail_on is not None and fail_on.lower() not in ("error", "warning", "info", "never"):
        fail(f"--fail-on must be one of error, warning, info, never (not {fail_on!r})")
    if per_document and output is None:
        fail("--per-document needs --output FOLDER")
    with errors_as_exit():
        from tqcheck.output import write_atomic
        from tqcheck.reporting.page_data import document_view
        from tqcheck.reporting.pages import render_index_page, render_report_page
        from tqcheck.reporting.revision import render_diff_html
        from tqcheck.reporting.saved import Loaded, load_saved

        loaded = Loaded()
        for path in inputs:
            try:
                load_saved(path, loaded)
            except InputError as exc:
                loaded.errors.append(str(exc))
        if loaded.diffs and (loaded.documents or len(loaded.diffs) > 1):
            raise InputError(f"{loaded.diffs[0][0]}: a diff is rendered on its own page; give it alone")
        written: list[str] = []
        if loaded.diffs:
            name, diff = loaded.diffs[0]
            page = render_diff_html(diff, title=title)
            if output is None:
                echo(page)
            else:
                written.append(str(write_atomic(output, page)))
        elif loaded.documents:
            level = fail_on.lower() if fail_on else None
            if per_document:
                assert output is not None
                if output.exists() and not output.is_dir():
                    raise InputError(f"{output}: exists and is not a folder (--per-document writes a folder)")
                output.mkdir(parents=True, exist_ok=True)
                entries = []
                for i, doc in enumerate(loaded.documents):
                    view = document_view(doc, fail_on=level, number=i + 1)
                    href = f"{i + 1:03d}-{_slug(view.title)}.html"
                    written.append(str(write_atomic(output / href, render_report_page([doc], fail_on=level, back="index.html"))))
                    entries.append((href, view))
                index = render_index_page(entries, title=title or "tqcheck: documents", skipped=loaded.errors)
                written.append(str(write_atomic(output / "index.html", index)))
            else:
                page = render_report_page(loaded.documents, fail_on=level, title=title, skipped=loaded.errors)
                if output is None:
                    echo(page)
                else:
                    written.append(str(write_atomic(output, page)))
        for message in loaded.errors:
            typer.echo(f"tqcheck: error: {' '.join(message.split())}", err=True)
        if not loaded.documents and not loaded.diffs:
            raise typer.Exit(2)
        if written:
            count = len(loaded.documents) or 1
            where = f"{output}/index.html" if per_document else str(output)
            echo(f"wrote {where} ({count} document{'s' if count != 1 else ''}"
                  + (f", {len(written)} files)" if per_document else ")"))
    if loaded.errors:
        raise typer.Exit(2)


def register(app: typer.Typer) -> None:
    """Add ``diff`` and ``report`` to the ``tqcheck`` app."""
    app.command("diff")(diff_command)
    app.command("report")(report_command)
