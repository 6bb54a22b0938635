"""``assessment-builder import`` and ``score``: read a completed workbook back, checked and scored."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ._common import Policy, counts_text, findings_table

__all__ = ["findings_table", "import_cmd", "score", "score_lines"]

_WORKBOOK = click.Path(path_type=Path)  # folders, FIFOs and missing files are refused by the loader


@click.command("import")
@click.argument("workbook", type=_WORKBOOK)
@click.option("--framework", "-f", help="Framework id or YAML path, if the workbook's metadata is missing.")
@click.option("--json", "as_json", is_flag=True, help="Print the answers and findings as JSON.")
@click.option(
    "--output", "-o", type=click.Path(path_type=Path, dir_okay=False), help="Save the answers to .json or .yaml."
)
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
def import_cmd(workbook: Path, framework: str | None, as_json: bool, output: Path | None, force: bool) -> None:
    """Read a completed workbook back and check everything in it.

    Every problem is listed with its sheet, cell and how to fix it. Exit code 0
    when the workbook was imported (warnings allowed), 1 when it has errors or
    cannot be read. The workbook itself is never changed. WORKBOOK may also be a
    completed Word form (.docx, from `template`) or an answers file. With -o the answers
    are saved (without the findings) for re-use, e.g. by `new --from`; they are
    not saved while the workbook has errors. The findings are printed on stderr
    as a table (inside the JSON with --json).

    \b
    Example:
      assessment-builder import completed.xlsx
      assessment-builder import completed.xlsx --json
      assessment-builder import completed.xlsx -o answers.yaml
    """
    from .. import api
    from ..load import load_assessment

    policy = Policy("import", as_json)
    loaded = load_assessment(workbook, framework)
    policy.take(loaded)
    result = api.import_(loaded)  # the answers are saved below, after the line saying what was read
    a = result.assessment
    if not as_json:
        if a is not None:
            click.echo(
                f"{workbook}: {a.council}, {a.framework.title} {a.framework.version}: "
                f"{result.answered} of {len(a.framework.statements)} statement(s) answered, "
                f"{len(a.evidence)} evidence item(s), {len(a.actions)} action(s); {counts_text(loaded.findings)}"
            )
        else:
            click.echo(f"{workbook}: not imported; {counts_text(loaded.findings)}")
    if output is not None:
        if api.import_(loaded, output, force=force).written is not None:
            if not as_json:
                click.echo(f"Wrote {output}")
        else:
            policy.not_written(output)
    policy.exit(result.to_dict())


@click.command()
@click.argument("workbook", type=_WORKBOOK)
@click.option("--framework", "-f", help="Framework id or YAML path, if the workbook's metadata is missing.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def score(workbook: Path, framework: str | None, as_json: bool) -> None:
    """Score a completed workbook with CQC's weighting and bands and predict the rating.

    All statements are weighted equally; the total is a percentage of the
    maximum, rounded to the nearest whole percent (halves up: this project's
    rule, as CQC publishes none), then banded. While some
    statements are unscored the result is marked provisional. A framework
    without ratings (a peer challenge) gives counts, never a rating. Warnings
    are listed on stderr; a workbook with errors is not scored (exit code 1):
    the findings say what to fix. WORKBOOK may also be a completed Word form
    (.docx) or an answers file.

    \b
    Example:
      assessment-builder score completed.xlsx
      assessment-builder score completed.xlsx --json
    """
    from .. import api
    from ..load import load_assessment

    policy = Policy("score", as_json)
    a = policy.take(load_assessment(workbook, framework))
    if a is None:
        policy.exit()
    scored = api.score(a)
    if not as_json:
        for line in score_lines(a, scored):
            click.echo(line)
    policy.exit(scored.to_dict())


def score_lines(a: Any, scored: Any) -> list[str]:
    """The text of ``score``: statements, themes, then the overall line."""
    from ..scoring import theme_mean_text

    fw = a.framework
    policy = fw.policy
    lines = [f"{a.council}: {fw.title} {fw.version}"]
    if not policy.rated:
        fields = tuple(key for key, _heading in policy.narrative)
        for s in fw.statements:
            vals = a.answers[s.id].values
            given = [f for f in fields if vals.get(f)]
            lines.append(f"  {s.code} {s.title}: {', '.join(given) if given else 'nothing written yet'}")
        counts = {f: sum(1 for s in fw.statements if a.answers[s.id].values.get(f)) for f in fields}
        n = len(fw.statements)
        lines.append(
            f"Strengths for {counts['strengths']} of {n} areas, areas for consideration for "
            f"{counts['considerations']}, recommendations for {counts['recommendations']}; "
            f"{len(a.actions)} action(s). A peer challenge gives no rating."
        )
        return lines
    for t in fw.themes:
        ts = scored.themes[t.id]
        lines.append(f"{t.code} {t.title}: {theme_mean_text(ts.mean, ts.percent, ts.scored, ts.statements)}")
        for s in t.statements:
            v = scored.statements[s.id]
            lines.append(f"  {s.code} {s.title}: {f'{v} - {fw.scale_label(v)}' if v is not None else 'not scored'}")
    o = scored.overall
    if o.scored == 0:
        lines.append(f"Overall: no statement scored yet (0 of {o.statements}); no rating")
    elif o.complete:
        lines.append(f"Overall: {o.total}/{o.maximum} = {o.percent}% {o.rating} (complete)")
    else:
        lines.append(
            f"Provisional: {o.scored} of {o.statements} statements scored: {o.total}/{o.maximum} = {o.percent}% "
            f"{o.rating} (score the other {o.statements - o.scored} for a rating CQC would give)"
        )
    return lines
