"""``assessment-builder new``: a blank self-assessment workbook."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import Finding


def _split(value: str | None) -> list[str] | None:
    if not value:
        return None
    return [part.strip() for part in value.split(",") if part.strip()]


@click.command()
@click.option(
    "--framework",
    "-f",
    default=None,
    help="Built-in framework id or YAML path [default: cqc-la; with --from, the framework of the source].",
)
@click.option("--council", "-c", required=True, help="The council's name, as it should appear in the workbook.")
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The .xlsx workbook, or the .docx Word form, to write.",
)
@click.option("--statements", help="Only these statements, by code or id, comma-separated (e.g. QS1,QS4).")
@click.option("--themes", help="Only these themes, by code or id, comma-separated (e.g. T1,T3).")
@click.option(
    "--from",
    "from_",
    type=click.Path(path_type=Path),  # checked by the one loader, like every input
    help="Prefill from a previous workbook, Word form (.docx) or answers.json/.yaml.",
)
@click.option("--exact", is_flag=True, help="With --from: copy statuses unchanged instead of starting a new cycle.")
@click.option("--password", help="Protect the sheets with this password (default: protected without a password).")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
def new(
    framework: str | None,
    council: str,
    output: Path,
    statements: str | None,
    themes: str | None,
    from_: Path | None,
    exact: bool,
    password: str | None,
    force: bool,
) -> None:
    """Write a blank self-assessment workbook for a council to fill in.

    With --from, the workbook is prefilled from last year's workbook or answers
    file, in the framework of that source: answers, evidence and actions carried
    by statement id; statuses Complete and Ready for review become In progress
    and completed actions are marked Carried forward (unless --exact). A source
    with errors, or whose evidence log or action plan cannot be found, is refused
    (exit 1); an -f that is not the source's framework is refused (exit 2: use
    `migrate` to move to another version).

    With -o x.docx the Word form is written instead (as `template` writes it),
    prefilled from --from with each statement's narrative. A workbook has no
    place for a narrative: carrying one to .xlsx warns (W507) and names the
    statements whose narrative is left behind.

    \b
    Example:
      assessment-builder new --council "Example Council" -o self-assessment.xlsx
      assessment-builder new -f lga-asc-peer-challenge --council "Example Council" \\
          --statements PC3,PC5 -o peer-challenge.xlsx
    """
    from .. import api
    from ..errors import UsageError
    from ..frameworks import load_framework
    from ..model import council_name
    from ..render import format_for

    form = format_for(output, None, ("xlsx", "docx"), "new") == "docx"
    if form and (statements or themes or password):
        raise UsageError("--statements, --themes and --password apply to workbooks; a Word form (.docx) has them all")
    prefill = None
    warnings: list[Finding] = []
    if from_ is not None:
        from ..carry import load_previous

        fw, prefill = load_previous(from_, framework, exact=exact, findings=warnings)
    else:
        fw = load_framework(framework or "cqc-la")
    path = api.new(
        fw,
        council,
        output,
        statements=_split(statements),
        themes=_split(themes),
        force=force,
        password=password,
        prefill=prefill,
        findings=warnings,
    )
    if warnings:
        from ..carry.checked import warning_lines

        for line in warning_lines(warnings):
            click.echo(line, err=True)
    count = len(fw.scoped({s.id for s in fw.statements}).statements)
    if statements or themes:
        from ..workbook import scope_framework

        count = len(scope_framework(fw, _split(statements), _split(themes)).statements)
    click.echo(f"Wrote {path}: {fw.title} {fw.version}, {count} statement(s), for {council_name(council)}")
