"""``assessment-builder cqc-report`` and ``calibrate``: published CQC results beside a self-assessment."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import ExitCode
from ._common import echo_json

_FILE = click.Path(path_type=Path, dir_okay=False, exists=True)


def _print_findings(findings: list) -> None:
    for f in findings:
        if f.severity.value != "info":
            click.echo(f"{f.severity.value}: {f} [{f.code}]", err=True)


@click.command("cqc-report")
@click.argument("files", nargs=-1, required=True, type=_FILE)
@click.option("--json", "as_json", is_flag=True, help="Print the record as JSON.")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), help="Save the record as JSON.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
def cqc_report(files: tuple[Path, ...], as_json: bool, output: Path | None, force: bool) -> None:
    """Read published CQC local authority assessment reports into one scored record.

    FILES are the text of one council's report (copied from CQC's website or its
    PDF; .txt or .md), one or several sections. Unknown headings, missing scores
    and page furniture are reported with their line numbers.

    \b
    Example:
      assessment-builder cqc-report wiltshire-*.txt -o wiltshire-cqc.json
    """
    from ..cqc_report import load_cqc_record
    from ..output import atomic_write_text

    record = load_cqc_record(list(files))
    data = record.to_dict()
    if as_json:
        echo_json(data)
    else:
        click.echo(
            f"{record.council or 'Unknown council'}: {len(record.statements)} quality statement(s) from {len(files)} file(s)"
        )
        for s in record.framework.statements:
            st = record.statements.get(s.id)
            if st is not None:
                score = f"{st.score} - {st.label or record.framework.scale_label(st.score)}" if st.score else "no score"
                click.echo(f"  {s.code} {s.title}: {score}")
    _print_findings(record.findings)
    if output is not None:
        atomic_write_text(output, json.dumps(data, indent=2, ensure_ascii=False) + "\n", force=force)
        click.echo(f"Wrote {output}", err=True)
    if not record.statements or any(f.severity.value == "error" for f in record.findings):
        raise SystemExit(int(ExitCode.PROBLEMS))


@click.command()
@click.argument("workbook", type=_FILE)
@click.option(
    "--cqc", "reports", multiple=True, required=True, type=_FILE, help="A CQC report file or record (repeatable)."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "html", "json"]),
    help="Default: from -o's suffix, else text.",
)
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), help="Write to this file.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
def calibrate(workbook: Path, reports: tuple[Path, ...], fmt: str | None, output: Path | None, force: bool) -> None:
    """Set a self-assessment beside CQC's published scores, statement by statement.

    Shows each statement's self-assessed and CQC score, the difference, the overall
    rating each implies, and where they differ the council's own narrative and
    evidence beside CQC's key findings.

    \b
    Example:
      assessment-builder calibrate self-assessment.xlsx --cqc wiltshire-cqc.json -o calibration.html
    """
    from .. import calibrate as cal
    from ..cqc_report import load_cqc_record
    from ..output import atomic_write_text
    from ..workbook.read import read_workbook

    result = read_workbook(workbook)
    if result.assessment is None:
        for f in result.findings:
            click.echo(str(f), err=True)
        raise SystemExit(int(ExitCode.PROBLEMS))
    record = load_cqc_record(list(reports), result.assessment.framework)
    c = cal.calibrate(result.assessment, record)
    if fmt is None:
        fmt = (
            {".md": "markdown", ".html": "html", ".json": "json"}.get(output.suffix.lower(), "text")
            if output
            else "text"
        )
    text = {
        "text": cal.render_text,
        "markdown": cal.render_markdown,
        "html": cal.render_html,
        "json": lambda x: json.dumps(x.to_dict(), indent=2, ensure_ascii=False) + "\n",
    }[fmt](c)
    if output is None:
        click.echo(text, nl=False)
    else:
        atomic_write_text(output, text, force=force)
        click.echo(f"Wrote {output}", err=True)
    _print_findings(record.findings)
