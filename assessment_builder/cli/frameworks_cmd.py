"""``assessment-builder frameworks``: list, show and validate framework definitions."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import ExitCode
from ._common import OnceGroup, echo_json


@click.group(cls=OnceGroup)
def frameworks() -> None:
    """List, show and validate frameworks (built-in ids or YAML files).

    \b
    Example:
      assessment-builder frameworks show cqc-la
    """


@frameworks.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def list_cmd(as_json: bool) -> None:
    """List the built-in frameworks.

    \b
    Example:
      assessment-builder frameworks list --json
    """
    from ..frameworks import list_frameworks

    items = list_frameworks()
    if as_json:
        echo_json(
            [
                {
                    "id": f.id,
                    "title": f.title,
                    "version": f.version,
                    "kind": f.kind,
                    "themes": len(f.themes),
                    "statements": len(f.statements),
                }
                for f in items
            ]
        )
        return
    rows = [("ID", "KIND", "VERSION", "STATEMENTS", "TITLE")]
    rows += [(f.id, f.kind, f.version, str(len(f.statements)), f.title) for f in items]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for r in rows:
        click.echo("  ".join(r[i].ljust(widths[i]) for i in range(4)) + "  " + r[4])


@frameworks.command("show")
@click.argument("framework")
@click.option("--json", "as_json", is_flag=True, help="Print the framework as JSON (a stable, public shape).")
def show_cmd(framework: str, as_json: bool) -> None:
    """Show a framework's themes, statements and wording.

    FRAMEWORK is a built-in id (see `frameworks list`) or a path to a YAML file.

    \b
    Example:
      assessment-builder frameworks show cqc-la --json
    """
    from ..frameworks import load_framework

    fw = load_framework(framework)
    if as_json:
        echo_json(fw.to_dict())
        return
    click.echo(f"{fw.title} ({fw.id}, version {fw.version}, {fw.kind})")
    if fw.publisher:
        click.echo(f"Publisher: {fw.publisher}")
    if fw.source:
        click.echo(f"Source: {fw.source}")
    if fw.licence:
        click.echo(f"Licence: {fw.licence}")
    if fw.scale:
        click.echo("\nScale:")
        for p in fw.scale:
            click.echo(f"  {p.value} - {p.label}")
    if fw.rating_bands:
        click.echo("\nRating bands (percentage of the maximum):")
        for b in fw.rating_bands:
            click.echo(f"  {b.lower}% and above: {b.label}")
        click.echo(f"  {fw.rounding}")
    click.echo("\nEvidence categories:")
    for c in fw.evidence_categories:
        click.echo(f"  {c.id}: {c.title}")
    for t in fw.themes:
        click.echo(f"\n{t.code} {t.title}")
        for s in t.statements:
            click.echo(f"  {s.code} {s.title} [{s.id}]")
            click.echo(f"    We statement: {s.we_statement}")
            for i in s.i_statements:
                click.echo(f"    I statement: {i}")


@frameworks.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
def validate_cmd(paths: tuple[Path, ...]) -> None:
    """Check framework or crosswalk YAML files and report every problem.

    Each problem is printed as `file:line: dotted.path: message [code]`. Exit code 0
    when every file is valid, 1 when any has problems.

    \b
    Example:
      assessment-builder frameworks validate my-council-kloes.yaml
    """
    from ..frameworks import validate_paths

    bad = 0
    for path in paths:
        findings = validate_paths([path])
        if findings:
            bad += 1
            for f in findings:
                click.echo(f"{f} [{f.code}]")
            click.echo(f"{path}: {len(findings)} problem(s)")
        else:
            click.echo(f"{path}: valid")
    if bad:
        raise SystemExit(int(ExitCode.PROBLEMS))
