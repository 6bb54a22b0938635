"""``assessment-builder cqc-report`` and ``calibrate``: published CQC results beside a self-assessment."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ._common import Policy, findings_table

_FILE = click.Path(path_type=Path)  # missing files, folders and FIFOs are refused by the loader


def _combined(policy: Policy, records: list[Any]) -> Any:
    """One council's record from several; what combining finds (two councils, two scores) goes through the policy."""
    from .. import api
    from ..load import Loaded

    record = api.cqc_report(records)
    seen = {id(f) for r in records for f in r.findings}
    extra = [f for f in record.findings if id(f) not in seen]
    if extra:
        return policy.take(Loaded(Path("(the reports together)"), "cqc-text", record, extra))
    return record


def _overall(o: Any) -> str:
    said = " ".join(x for x in (None if o.percent is None else f"{o.percent}%", o.rating) if x)
    if o.rule_percent is None:
        return f"{said} (not checked: not every statement's score is in the report)"
    verdict = "agrees" if o.agrees else "DIFFERS (C111)"
    return f"{said}; this project's rule gives {o.rule_percent}% {o.rule_rating} from the scores: {verdict}"


@click.command("cqc-report")
@click.argument("files", nargs=-1, required=True, type=_FILE)
@click.option("--json", "as_json", is_flag=True, help="Print the record as JSON.")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), help="Save the record as JSON.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.option("--council", metavar="NAME", help="The council, for text without a '<Council>: local authority' line.")
def cqc_report(files: tuple[Path, ...], as_json: bool, output: Path | None, force: bool, council: str | None) -> None:
    """Read published CQC local authority assessment reports into one scored record.

    FILES are one council's report: the PDF itself, its text (pdftotext, with or
    without -layout), the web pages' text (each statement page, the summary page;
    .txt or .md), or a record saved earlier (.json). Unknown headings, missing or
    repeated scores and page furniture are reported with their line numbers; files
    of two councils, or a file with errors, make no record (exit code 1).

    \b
    Example:
      assessment-builder cqc-report wiltshire-*.txt -o wiltshire-cqc.json
    """
    from ..load import load_cqc
    from ..output import atomic_write_text
    from ..render import format_for

    if output is not None:
        format_for(output, "json", ("json",), "cqc-report")
    policy = Policy("cqc-report", as_json, several=len(files) > 1)
    records = [policy.take(load_cqc(p, council=council)) for p in files]
    record = _combined(policy, [r for r in records if r is not None]) if all(r is not None for r in records) else None
    if record is None:
        policy.not_written(output)
        policy.exit()
    data = record.to_dict()
    if not as_json:
        click.echo(
            f"{record.council or 'Unknown council'}: {len(record.statements)} quality statement(s) from {len(files)} file(s)"
        )
        for s in record.framework.statements:
            st = record.statements.get(s.id)
            if st is not None:
                score = f"{st.score} - {st.label or record.framework.scale_label(st.score)}" if st.score else "no score"
                click.echo(f"  {s.code} {s.title}: {score}")
        if record.overall is not None:
            click.echo(f"  CQC's overall result: {_overall(record.overall)}")
    if output is not None:
        atomic_write_text(output, json.dumps(data, indent=2, ensure_ascii=False) + "\n", force=force)
        if not as_json:
            click.echo(f"Wrote {output}", err=True)
    policy.exit(data)


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
@click.option("--council", metavar="NAME", help="The council, for report text without a council line.")
def calibrate(
    workbook: Path, reports: tuple[Path, ...], fmt: str | None, output: Path | None, force: bool, council: str | None
) -> None:
    """Set a self-assessment beside CQC's published scores, statement by statement.

    Shows each statement's self-assessed and CQC score, the difference, the overall
    rating each implies, and where they differ the council's own narrative and
    evidence beside CQC's key findings. The findings of every input are listed on
    stderr; when any input has errors nothing is made from it (exit code 1).
    WORKBOOK may also be a completed Word form (.docx) or an answers file.

    \b
    Example:
      assessment-builder calibrate self-assessment.xlsx --cqc wiltshire-cqc.json -o calibration.html
    """
    from .. import api
    from ..load import load_assessment, load_cqc
    from ..output import atomic_write_text
    from ..render import format_for
    from ..render.calibration import render_calibration_html, render_calibration_markdown, render_calibration_text

    fmt = format_for(output, fmt, ("text", "markdown", "html", "json"), "calibrate")

    policy = Policy("calibrate", several=True)
    assessment = policy.take(load_assessment(workbook))
    framework = assessment.framework if assessment is not None else None
    records = [policy.take(load_cqc(p, framework, council)) for p in reports]
    usable = assessment is not None and all(r is not None for r in records)
    record = _combined(policy, [r for r in records if r is not None]) if usable else None
    if assessment is None or record is None:
        policy.not_written(output)
        policy.exit()
    c = api.calibrate(assessment, record)
    for line in findings_table([c.council_mismatch] if c.council_mismatch else []):  # C110: two councils
        click.echo(line, err=True)
    text = {
        "text": render_calibration_text,
        "markdown": render_calibration_markdown,
        "html": render_calibration_html,
        "json": lambda x: json.dumps(x.to_dict(), indent=2, ensure_ascii=False) + "\n",
    }[fmt](c)
    if output is None:
        click.echo(text, nl=False)
    else:
        atomic_write_text(output, text, force=force)
        click.echo(f"Wrote {output}", err=True)
    policy.exit()
