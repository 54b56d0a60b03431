"""``tqcheck eval``: the evaluation harness from the shell (thin over :mod:`tqcheck.eval.run`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from tqcheck.config import load_config
from tqcheck.eval.inject import KINDS
from tqcheck.eval.realtext_figures import evaluate_real_text, progress_printer
from tqcheck.eval.realtext_figures import markdown as real_markdown
from tqcheck.eval.run import evaluate, markdown
from tqcheck.output import write_atomic


def eval_command(
    corpora: Annotated[
        list[Path], typer.Argument(help="Corpus folders (with gold.json) or folders of them.")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the figures (JSON).")] = Path(
        "bench/eval.json"
    ),
    markdown_out: Annotated[
        Path, typer.Option("--markdown", help="Where to write the Markdown table.")
    ] = Path("bench/eval.md"),
    seeds: Annotated[int, typer.Option(min=1, help="Injected cases per clean document and error kind.")] = 2,
    kinds: Annotated[
        str, typer.Option(help="Comma-separated error kinds to inject (empty: none).")
    ] = ",".join(KINDS),
    model: Annotated[str | None, typer.Option(help="MT model name or path (default: none / config).")] = None,
    no_similarity: Annotated[
        bool, typer.Option("--no-similarity", help="Evaluate without the embedded encoder.")
    ] = False,
    real_text: Annotated[
        str,
        typer.Option(
            "--real-text",
            help="Real translations (../shared/data/wmt-news): quick (a fixed sample), full (every document) or off.",
        ),
    ] = "off",
    jobs: Annotated[
        int | None, typer.Option(min=1, help="Worker processes for the real-text run (default: cores).")
    ] = None,
) -> None:
    """Measure detection precision/recall and alignment quality on annotated corpora."""
    from tqcheck.cli import errors_as_exit  # one line and exit 2 on bad input, as for check

    with errors_as_exit():
        config = load_config(model=model, similarity=False if no_similarity else None)
        chosen = tuple(k for k in (s.strip() for s in kinds.split(",")) if k)
        unknown = [k for k in chosen if k not in KINDS]
        if unknown:
            raise typer.BadParameter(
                f"unknown kind(s) {', '.join(unknown)}; kinds: {', '.join(KINDS)}", param_hint="--kinds"
            )
        if real_text not in ("quick", "full", "off"):
            raise typer.BadParameter("must be quick, full or off", param_hint="--real-text")
        result = evaluate(corpora, config, kinds=chosen, seeds=seeds)
        table = markdown(result)
        if config.model:
            # What model adjudication buys: the same run with findings the model
            # prefers unfixed dropped (adjudicate = "filter") next to the default.
            filtered = evaluate(
                corpora, config.with_overrides(adjudicate="filter"), kinds=chosen, seeds=seeds
            )
            result["with_adjudication_filter"] = filtered
            table += '\n### With model adjudication (adjudicate = "filter")\n\n' + markdown(filtered)
        if real_text != "off":
            real = evaluate_real_text(
                config,
                mode=real_text,
                kinds=chosen,
                jobs=jobs,
                examples_out=output.parent
                / "realtext-examples.md",  # beside the figures, git-ignored in bench/
                progress=progress_printer(sys.stderr),
            )
            result["real_text"] = real
            table += "\n" + real_markdown(real)
        write_atomic(output, json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        write_atomic(markdown_out, table)
        typer.echo(table)
        typer.echo(f"wrote {output} and {markdown_out}")
