"""``assessment-builder migrate``, ``split`` and ``merge``: carry the work forward without losing any."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import Finding

_FILE = click.Path(path_type=Path, dir_okay=False)
# inputs are checked by the one loader (a folder, FIFO or device gives its finding and exit 1, as for every command)
_INPUT = click.Path(path_type=Path)


def _warn(findings: list[Finding]) -> None:
    from ..carry.checked import warning_lines

    for line in warning_lines(findings):
        click.echo(line, err=True)


@click.command()
@click.argument("workbook", type=_INPUT)
@click.option(
    "--framework", "-f", required=True, help="The framework (new version) to move to: built-in id or YAML path."
)
@click.option("--output", "-o", required=True, type=_FILE, help="The new workbook to write.")
@click.option(
    "--old-framework",
    help="The framework the workbook was made from (YAML path), if this tool no longer has that version built in.",
)
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
def migrate(workbook: Path, framework: str, output: Path, old_framework: str | None, force: bool) -> None:
    """Move a workbook to a new version of its framework, carrying every answer by statement id.

    The workbook is read as `import` reads it (columns by their headings) and is
    refused, with nothing written, if it has errors or its evidence log or action
    plan cannot be found. Renamed, merged, split and retired statements follow the
    migrations declared in the new framework's YAML. A "Migration review" sheet in
    the new workbook, and this command's output, list every statement whose
    wording changed, what was added, and anything that could not be carried.

    \b
    Example:
      assessment-builder migrate northshire-2024.xlsx -f cqc-la -o northshire-2025.xlsx
    """
    from ..carry import migrate as run
    from ..render import format_for

    format_for(output, None, ("xlsx",), "migrate")
    path, report = run(workbook, framework, output, force=force, old_framework=old_framework)
    _warn(report.warnings)
    for statement, what, detail in report.rows:
        click.echo(f"{statement}: {what}: {detail}")
    click.echo(f"Wrote {path} ({len(report.rows)} item(s) to review on its 'Migration review' sheet)")


@click.command()
@click.argument("workbook", type=_INPUT)
@click.option("--by", type=click.Choice(["theme", "statement", "lead"]), default="lead", show_default=True)
@click.option(
    "--output",
    "-o",
    "folder",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the parts.",
)
@click.option("--force", is_flag=True, help="Replace parts that exist.")
def split(workbook: Path, by: str, folder: Path, force: bool) -> None:
    """Split a workbook into one per theme, statement or lead officer, each with the shared evidence log.

    Every lead (theme, statement) gets its own file, whatever case, punctuation or
    script its name uses ("Jane Smith" and "jane smith" are two files); statements
    without a lead go to no-lead.xlsx. All parts are written or none: if a part
    exists (without --force) nothing is written. Each name and its file are listed.

    \b
    Example:
      assessment-builder split self-assessment.xlsx --by lead -o parts/
    """
    from ..carry import split as run

    result = run(workbook, by, folder, force=force)
    _warn(result.warnings)
    for name, path in result.parts:
        click.echo(f"{name} -> {path}")
    click.echo(f"Wrote {len(result.parts)} part(s) in {folder}")


@click.command()
@click.argument("parts", nargs=-1, required=True, type=_INPUT)
@click.option("--output", "-o", required=True, type=_FILE, help="The merged workbook to write.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
def merge(parts: tuple[Path, ...], output: Path, force: bool) -> None:
    """Merge parts back into one workbook; conflicts are listed, never resolved silently.

    Parts must be one council's and one framework version's, and the parts of one
    split: a workbook that is not (last year's) is refused. Where two parts
    answer the same thing differently the first part's value is kept; where two
    parts give one evidence or action id different content both are kept, the
    later under a new id (E11-2), a lead's edit before an untouched copy; an
    indicator's figures come first from the parts whose statements it informs. Every conflict is listed here and on the merged
    workbook's "Merge conflicts" sheet (exit code 1).

    \b
    Example:
      assessment-builder merge parts/*.xlsx -o merged.xlsx
    """
    from ..carry import merge as run
    from ..render import format_for
    from ..samefile import distinct_files

    format_for(output, None, ("xlsx",), "merge")
    given, repeated = distinct_files(list(parts))
    for path, first in repeated:
        click.echo(f"Left out {path}: the same file as {first}, given twice; it is merged once", err=True)
    parts = tuple(given)
    result = run(given, output, force=force)
    _warn(result.warnings)
    for item, field, kept, other in result.conflicts:
        click.echo(f"conflict: {item} {field}: kept {kept}; also found {other}")
    click.echo(f"Wrote {result.path} from {len(parts)} part(s), {len(result.conflicts)} conflict(s)")
    if result.conflicts:
        raise SystemExit(1)
