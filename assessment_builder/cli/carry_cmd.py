"""``assessment-builder migrate``, ``split`` and ``merge``: carry the work forward without losing any."""

from __future__ import annotations

from pathlib import Path

import click

_FILE = click.Path(path_type=Path, dir_okay=False)


@click.command()
@click.argument("workbook", type=_FILE)
@click.option(
    "--framework", "-f", required=True, help="The framework (new version) to move to: built-in id or YAML path."
)
@click.option("--output", "-o", required=True, type=_FILE, help="The new workbook to write.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
def migrate(workbook: Path, framework: str, output: Path, force: bool) -> None:
    """Move a workbook to a new version of its framework, carrying every answer by statement id.

    Renamed, merged, split and retired statements follow the migrations declared
    in the new framework's YAML. A "Migration review" sheet in the new workbook,
    and this command's output, list every statement whose wording changed, what
    was added, and anything that could not be carried.

    \b
    Example:
      assessment-builder migrate northshire-2024.xlsx -f cqc-la -o northshire-2025.xlsx
    """
    from ..carry import migrate as run

    path, report = run(workbook, framework, output, force=force)
    for statement, what, detail in report.rows:
        click.echo(f"{statement}: {what}: {detail}")
    click.echo(f"Wrote {path} ({len(report.rows)} item(s) to review on its 'Migration review' sheet)")


@click.command()
@click.argument("workbook", type=_FILE)
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

    \b
    Example:
      assessment-builder split self-assessment.xlsx --by lead -o parts/
    """
    from ..carry import split as run

    for path in run(workbook, by, folder, force=force):
        click.echo(f"Wrote {path}")


@click.command()
@click.argument("parts", nargs=-1, required=True, type=_FILE)
@click.option("--output", "-o", required=True, type=_FILE, help="The merged workbook to write.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
def merge(parts: tuple[Path, ...], output: Path, force: bool) -> None:
    """Merge parts back into one workbook; conflicts are listed, never resolved silently.

    Parts must be one council's and one framework version's. Where two parts
    answer the same thing differently, or give one evidence id different
    content, the first part's value is kept and every conflict is listed here
    and on the merged workbook's "Merge conflicts" sheet (exit code 1).

    \b
    Example:
      assessment-builder merge parts/*.xlsx -o merged.xlsx
    """
    from ..carry import merge as run

    result = run(list(parts), output, force=force)
    for item, field, kept, other in result.conflicts:
        click.echo(f"conflict: {item} {field}: kept '{kept}'; also found '{other}'")
    click.echo(f"Wrote {result.path} from {len(parts)} part(s), {len(result.conflicts)} conflict(s)")
    if result.conflicts:
        raise SystemExit(1)
