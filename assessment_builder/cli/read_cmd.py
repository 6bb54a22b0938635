"""``assessment-builder import`` and ``score``: read a completed workbook back, checked and scored."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path
from typing import Any

import click

from ..errors import ExitCode
from ._common import echo_json

_WORKBOOK = click.Path(path_type=Path, dir_okay=False)
_HEADINGS = ("SEVERITY", "CODE", "SHEET", "CELL", "ITEM", "MESSAGE")
_MIN_MESSAGE_WIDTH = 40


def findings_table(findings: list[Any], width: int | None = None) -> list[str]:
    """Findings as aligned text lines: severity, code, sheet, cell, item, then the message wrapped to fit.

    ``width`` is the terminal width (from $COLUMNS or the terminal; 100 when neither is known). When the
    message column would be narrower than 40 characters, each message goes on its own indented lines below
    its row instead.
    """
    if not findings:
        return []
    width = width or shutil.get_terminal_size((100, 24)).columns
    rows = [_HEADINGS] + [
        (f.severity.value, f.code, f.sheet or "-", f.cell or "-", f.item or "-", f.message) for f in findings
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    indent = sum(widths) + 2 * 5
    narrow = width - indent < _MIN_MESSAGE_WIDTH
    lines = []
    for n, r in enumerate(rows):
        left = "  ".join(r[i].ljust(widths[i]) for i in range(5))
        if narrow:
            lines.append(left.rstrip() if n else left + "  MESSAGE (below)")
            if n:
                wrapped = textwrap.wrap(r[5], max(width - 4, 20), break_on_hyphens=False, break_long_words=False)
                lines.extend("    " + p for p in wrapped)
            continue
        parts = textwrap.wrap(r[5], width - indent, break_on_hyphens=False, break_long_words=False) or [""]
        lines.append(left + "  " + parts[0])
        lines.extend(" " * indent + p for p in parts[1:])
    return lines


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(result: Any) -> str:
    """``2 errors, 1 warning`` (with infos when there are any)."""
    text = f"{_plural(len(result.errors), 'error')}, {_plural(len(result.warnings), 'warning')}"
    infos = len(result.findings) - len(result.errors) - len(result.warnings)
    return text + (f", {_plural(infos, 'note')}" if infos else "")


def _read(path: Path, framework: str | None) -> Any:
    from ..workbook.read import read_workbook

    return read_workbook(path, framework=framework)


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
    cannot be read. The workbook itself is never changed. With -o the answers
    are saved (without the findings) for re-use, e.g. by `new --from`; they are
    not saved while the workbook has errors.

    \b
    Example:
      assessment-builder import completed.xlsx
      assessment-builder import completed.xlsx --json
      assessment-builder import completed.xlsx -o answers.yaml
    """
    result = _read(workbook, framework)
    if as_json:
        echo_json(result.to_dict())
    else:
        for line in findings_table(result.findings):
            click.echo(line)
        if result.assessment is not None:
            a = result.assessment
            answered = sum(1 for ans in a.answers.values() if any(v not in (None, "") for v in ans.values.values()))
            click.echo(
                f"{workbook}: {a.council}, {a.framework.title} {a.framework.version}: "
                f"{answered} of {len(a.framework.statements)} statement(s) answered, "
                f"{len(a.evidence)} evidence item(s), {len(a.actions)} action(s); {summary_line(result)}"
            )
        else:
            click.echo(f"{workbook}: not imported; {summary_line(result)}")
    if output is not None:
        if result.ok:
            from ..answers import save_answers

            save_answers(result.assessment, output, force=force)
            if not as_json:
                click.echo(f"Wrote {output}")
        else:
            click.echo(f"{output} was not written: fix the errors above and import again.", err=True)
    if not result.ok:
        raise SystemExit(int(ExitCode.PROBLEMS))


@click.command()
@click.argument("workbook", type=_WORKBOOK)
@click.option("--framework", "-f", help="Framework id or YAML path, if the workbook's metadata is missing.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def score(workbook: Path, framework: str | None, as_json: bool) -> None:
    """Score a completed workbook the way CQC scores and predict the rating.

    All statements are weighted equally; the total is a percentage of the
    maximum, rounded to the nearest whole percent, then banded. While some
    statements are unscored the result is marked provisional. A framework
    without ratings (a peer challenge) gives counts, never a rating. Exit code
    1 when the workbook has errors (the scores are still shown).

    \b
    Example:
      assessment-builder score completed.xlsx
      assessment-builder score completed.xlsx --json
    """
    from ..workbook.read import score_workbook

    scored, result = score_workbook(workbook, framework=framework)
    if scored is None or result.assessment is None:
        for line in findings_table(result.findings):
            click.echo(line, err=True)
        click.echo(f"{workbook}: not scored; {summary_line(result)}", err=True)
        raise SystemExit(int(ExitCode.PROBLEMS))
    if as_json:
        echo_json(scored.to_dict())
    else:
        for line in score_lines(result.assessment, scored):
            click.echo(line)
        if result.findings:
            click.echo(f"({summary_line(result)}: run `assessment-builder import {workbook}` to see them)")
    if result.errors:
        raise SystemExit(int(ExitCode.PROBLEMS))


def score_lines(a: Any, scored: Any) -> list[str]:
    """The text of ``score``: statements, themes, then the overall line."""
    fw = a.framework
    lines = [f"{a.council}: {fw.title} {fw.version}"]
    if not fw.rated:
        fields = ("strengths", "considerations", "recommendations")
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
        mean = f"mean {ts.mean:.2f} ({ts.percent}%)" if ts.mean is not None else "not scored yet"
        lines.append(f"{t.code} {t.title}: {mean}")
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
