"""``assessment-builder indicators load``: published ASCOF figures into a workbook's Indicators table."""

from __future__ import annotations

from pathlib import Path

import click

from ._common import OnceGroup


@click.group(cls=OnceGroup)
def indicators() -> None:
    """Fill the workbook's Indicators table from published data.

    \b
    Example:
      assessment-builder indicators load self-assessment.xlsx ascof-2024-25.csv -o with-indicators.xlsx
    """


@indicators.command("load")
@click.argument("workbook", type=click.Path(path_type=Path))  # checked by the one loader, like every input
@click.argument("data", type=click.Path(path_type=Path))
@click.option(
    "--output", "-o", required=True, type=click.Path(path_type=Path, dir_okay=False), help="The .xlsx file to write."
)
@click.option("--code", help="The council's code in the CSV (Geographical code or ONS code) instead of its name.")
@click.option(
    "--period", help="The period to place (as the file writes it, e.g. 2024-25) when the file holds several years."
)
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
def load(workbook: Path, data: Path, output: Path, code: str | None, period: str | None, force: bool) -> None:
    """Fill Period, Value, Base, England and Comparator from ASCOF data in its CSV layout.

    DATA is the ASCOF CSV as NHS England publishes it (one row per area, measure,
    disaggregation and measure type). The workbook's council is found by its name
    (or --code); its Total outcome is the Value, the denominator the Base, and
    England's and its region's outcomes the comparisons. An indicator receives a
    measure when its source names the ASCOF code (e.g. "ASCOF 2A"). A file with
    several periods places the latest (or --period); years are never mixed.
    Measures that could not be placed are listed. A malformed CSV is an error with its line and
    column, and nothing is written (exit 1). The input is never overwritten.

    \b
    Example:
      assessment-builder indicators load self-assessment.xlsx ascof-2024-25.csv \\
          -o self-assessment-with-indicators.xlsx
    """
    from .. import api
    from ..errors import Severity
    from ..render import format_for
    from ._common import findings_table

    format_for(output, None, ("xlsx",), "indicators load")
    result = api.indicators_load(workbook, data, output, code=code, period=period, force=force)
    for line in findings_table(result.findings):
        click.echo(line, err=True)
    if result.written is None or any(f.severity == Severity.ERROR for f in result.findings):
        click.echo(f"{output} was not written: fix the errors above and run again.", err=True)
        raise SystemExit(1)
    period = result.period or "no period"
    click.echo(
        f"Wrote {result.written}: {len(result.filled)} indicator(s) filled for {result.council} ({period})"
        + (f": {', '.join(result.filled)}" if result.filled else "")
    )
