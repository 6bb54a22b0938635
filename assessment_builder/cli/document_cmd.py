"""``assessment-builder template`` and ``report``: Word-ready documents."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ._common import Policy

_FORMAT = click.Choice(["docx", "markdown"])


def _format(fmt: str | None, output: Path, command: str) -> str:
    """--format, else the output's suffix (.docx or .md); a suffix that does not fit is refused."""
    from ..render import format_for

    return format_for(output, fmt, ("docx", "markdown"), command)


_STYLE = click.option(
    "--style-from",
    type=click.Path(path_type=Path),  # checked as every input is (a missing one: exit 1, as for a workbook)
    help="A council's branded .docx whose styles, headers and footers to use.",
)


def _document_output(command: Callable[..., Any]) -> Callable[..., Any]:
    """The output options both document commands share: -o, --style-from, --format, --force."""
    for option in reversed(
        [
            click.option(
                "--output",
                "-o",
                required=True,
                type=click.Path(path_type=Path, dir_okay=False),
                help="The .docx (or .md) to write.",
            ),
            _STYLE,
            click.option(
                "--format", "fmt", type=_FORMAT, help="docx (default) or markdown; inferred from the -o suffix."
            ),
            click.option("--force", is_flag=True, help="Replace the output file if it exists."),
        ]
    ):
        command = option(command)
    return command


@click.command()
@click.option("--framework", "-f", default="cqc-la", show_default=True, help="Built-in framework id or YAML path.")
@click.option("--council", "-c", required=True, help="The council's name.")
@_document_output
def template(framework: str, council: str, output: Path, style_from: Path | None, fmt: str | None, force: bool) -> None:
    """Write the Word self-assessment form: the narrative document that reads back.

    A cover, a table of contents, a Heading 1 per theme and a Heading 2 per
    statement with its wording and prompts, a box (content control) for each of
    the workbook's inputs, space for narrative, an evidence log and an action
    plan. A completed form is read like a workbook; see docs/word-form.md.

    \b
    Example:
      assessment-builder template --council "Example Council" -o self-assessment.docx
      assessment-builder template --council "Example Council" -o draft.md
    """
    from .. import api
    from ..frameworks import load_framework
    from ..model import council_name

    fw = load_framework(framework)
    path = api.template(fw, council, output, style_from=style_from, fmt=_format(fmt, output, "template"), force=force)
    if Path(path).suffix.lower() == ".docx":
        click.echo(
            f"Wrote {path}: the Word form of {fw.title} {fw.version} for {council_name(council)}; "
            f"fill in its boxes, then read it back with: assessment-builder import {path}"
        )
    else:
        click.echo(f"Wrote {path}")


@click.command()
@click.argument("workbook", type=click.Path(path_type=Path))
@_document_output
def report(workbook: Path, output: Path, style_from: Path | None, fmt: str | None, force: bool) -> None:
    """Write the self-assessment report filled from a completed workbook.

    Scores and their labels, narratives, evidence by category and actions, with
    a summary table and a chart of scores at the front. For a peer challenge
    framework it reads like a position statement: strengths, areas for
    consideration and recommendations. A workbook with errors makes no report
    (exit code 1); its findings are listed on stderr. WORKBOOK may also be a
    completed Word form (.docx), whose narratives the report carries, or an
    answers file.

    \b
    Example:
      assessment-builder report completed.xlsx -o report.docx --style-from branded.docx
    """
    from .. import api
    from ..load import load_assessment

    chosen = _format(fmt, output, "report")
    policy = Policy("report")
    assessment = policy.take(load_assessment(workbook))
    if assessment is None:
        policy.not_written(output)
        policy.exit()
    path = api.report(assessment, output, style_from=style_from, fmt=chosen, force=force)
    click.echo(f"Wrote {path}")
    policy.exit()
