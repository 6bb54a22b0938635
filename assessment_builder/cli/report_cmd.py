"""``assessment-builder summary`` and ``compare``: where a council stands, and how councils compare."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import click

from ..errors import UsageError
from ._common import Policy

FORMATS = ("text", "markdown", "html", "json")
SUMMARY_FORMATS = (*FORMATS, "docx")


class IsoDate(click.ParamType):
    """A date written YYYY-MM-DD; a wrong one is said in words (click's DateTime printed '%Y-%m-%d', and called
    2025-02-30 a format mismatch)."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.datetime:
        if isinstance(value, dt.datetime):
            return value
        text = str(value).strip()
        try:
            return dt.datetime.strptime(text, "%Y-%m-%d")
        except ValueError:
            pass
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
            self.fail(f"'{text}' is not a day of the calendar (check the month and the day)", param, ctx)
        self.fail(f"'{text}' is not a date written YYYY-MM-DD; write 31 March 2025 as 2025-03-31", param, ctx)


def _format(fmt: str | None, output: Path | None, allowed: tuple[str, ...], command: str) -> str:
    """--format, else the output's suffix (.txt, .md, .html, .json...), else text; a suffix that does not fit is refused."""
    from ..render import format_for

    return format_for(output, fmt, allowed, command)


def _use_colour(output: Path | None) -> bool:
    """Colour only on a terminal, never into a file or pipe, and never when NO_COLOR is set."""
    return output is None and "NO_COLOR" not in os.environ and sys.stdout.isatty()


def _emit(text: str, output: Path | None, force: bool, what: str) -> None:
    from ..output import atomic_write_text

    if output is None:
        click.echo(text, nl=False, color=True)
        return
    atomic_write_text(output, text, force)
    click.echo(f"Wrote {what} to {output}", err=True)


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(SUMMARY_FORMATS),
    help="Output format (default: from -o's suffix, else text); docx needs -o.",
)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write to this file.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.option(
    "--previous",
    type=click.Path(path_type=Path),
    help="The last self-assessment (a workbook of the same framework): show what moved since.",
)
@click.option(
    "--as-of",
    "as_of",
    type=IsoDate(),
    help="The date to judge overdue actions and evidence older than two years against (default today).",
)
def summary(
    file: Path, fmt: str | None, output: Path | None, force: bool, previous: Path | None, as_of: dt.datetime | None
) -> None:
    """Summarise a completed self-assessment workbook: where the council stands and what to do next.

    Shows the predicted rating with its percentage and position in the band, the
    statements with score, confidence and status, an evidence coverage matrix, the
    gaps ranked by urgency, the actions by status and owner and, with --previous,
    what moved since the last self-assessment. Problems met while reading are
    listed on stderr; a workbook with errors is not summarised (exit code 1).
    FILE may also be a completed Word form (.docx) or an answers file.

    \b
    Example:
      assessment-builder summary northshire.xlsx
      assessment-builder summary northshire.xlsx -o summary.html
      assessment-builder summary northshire.xlsx --previous northshire-2023.xlsx --as-of 2025-03-31
    """
    from .. import api
    from ..load import load_assessment

    chosen = _format(fmt, output, SUMMARY_FORMATS, "summary")
    policy = Policy("summary", several=previous is not None)
    current = policy.take(load_assessment(file))
    before = policy.take(load_assessment(previous)) if previous is not None else None
    if current is None or (previous is not None and before is None):
        policy.not_written(output)
        policy.exit()
    result = api.summary(current, previous=before, as_of=as_of.date() if as_of else None, findings=policy.findings)
    if chosen == "docx":
        from ..documents import write_markdown_docx

        assert output is not None
        write_markdown_docx(_render_summary(result, "markdown", False), "Self-assessment summary", output, force=force)
        click.echo(f"Wrote the summary to {output}", err=True)
    else:
        _emit(_render_summary(result, chosen, _use_colour(output) and chosen == "text"), output, force, "the summary")
    policy.exit()


def _render_summary(result: Any, fmt: str, colour: bool) -> str:
    if fmt == "json":
        return json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        from ..render.markdown import render_summary_markdown

        return render_summary_markdown(result)
    if fmt == "html":
        from ..render.html import render_summary_html

        return render_summary_html(result)
    from ..render.text import render_summary_text

    return render_summary_text(result, color=colour)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), help="Output format (default: from -o's suffix, else text)."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write to this file: .xlsx for an Excel heat map, or .txt, .md, .html, .json.",
)
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
def compare(files: tuple[Path, ...], fmt: str | None, output: Path | None, force: bool) -> None:
    """Compare self-assessments: a region's councils, or one council over time.

    FILES are completed workbooks (.xlsx) or Word forms (.docx), CQC report
    records (.json from `cqc-report -o`) or folders holding them (in a folder, the
    comparisons, reports and summaries this tool wrote there are left out, each
    named on stderr). Shows each statement's score and
    evidence count per council, with the predicted rating. A file is compared
    exactly when `score` would score it: one with errors, or that cannot be read,
    has its findings listed and is skipped; the exit code is then 1, but the
    comparison of the others is still produced.

    \b
    Example:
      assessment-builder compare region/*.xlsx
      assessment-builder compare region/ -o region-benchmark.xlsx
      assessment-builder compare northshire-2023.xlsx northshire-2024.xlsx --format markdown
    """
    from .. import api
    from ..samefile import distinct_files

    expanded, found = _expand(files, output)
    paths, repeated = distinct_files(expanded)
    if not paths:
        raise UsageError("no workbooks or CQC report records found in the folders given")
    for path, first in repeated:
        click.echo(f"Left out {path}: the same file as {first}, given twice; it is compared once", err=True)
    # -o x.xlsx writes the Excel heat map; --format then also prints that format
    xlsx = output is not None and _format(None, output, (*FORMATS, "xlsx"), "compare") == "xlsx"
    chosen = _format(fmt, None if xlsx else output, FORMATS, "compare")
    if output is not None:
        from ..output import check_output_path, note_input

        if output.exists() and any(p.exists() and os.path.samefile(p, output) for p in paths):
            raise UsageError(f"'{output}' is one of the files to compare; choose another output name")
        for p in paths:
            note_input(p)
        check_output_path(output, force)  # fail before reading fifty workbooks, not after

    policy = Policy("compare", several=True)
    loaded = _without_own_outputs(paths, _compare_with_progress(paths, api.load_compare_inputs), found)
    for item in loaded:
        policy.take(item)
    result = api.compare(loaded)
    if not result.entries:
        click.echo("Error: none of the files could be compared.", err=True)
        policy.not_written(output)
        policy.exit()
    if xlsx and output is not None:
        api.compare_workbook(result, output, force=force)
        click.echo(f"Wrote the comparison of {len(result.entries)} file(s) to {output}", err=True)
        if fmt:
            click.echo(_render_compare(result, chosen, _use_colour(None) and chosen == "text"), nl=False, color=True)
    else:
        _emit(
            _render_compare(result, chosen, _use_colour(output) and chosen == "text"), output, force, "the comparison"
        )
    from ..source_names import source_names

    refused_ids = {id(item) for item in policy.refused}
    refused = {name for item, name in zip(loaded, source_names([i.source for i in loaded])) if id(item) in refused_ids}
    for s in result.skipped:
        if s.source not in refused:  # another framework than the first file's: not a finding of the file itself
            policy.reject(s.source, s.reason)
    policy.exit()


def _expand(items: tuple[Path, ...], output: Path | None = None) -> tuple[list[Path], set[Path]]:
    """(files to read, those found in folders): files as given; a folder becomes its workbooks, Word forms and
    report records, without Excel's ~$ lock files and without the file this run writes with -o."""
    from ..compare import WORKBOOK_SUFFIXES

    out: list[Path] = []
    found: set[Path] = set()
    for item in items:
        if not item.is_dir():
            out.append(item)
            continue
        for p in sorted(item.iterdir()):
            if (
                not p.is_file()
                or p.suffix.lower() not in (*WORKBOOK_SUFFIXES, ".docx", ".json")
                or p.name.startswith(("~$", "."))
            ):
                continue
            if output is not None and output.exists() and os.path.samefile(p, output):
                continue  # the file this run writes (with --force): never an input of the same run
            out.append(p)
            found.add(p)
    return out, found


def _without_own_outputs(paths: list[Path], loaded: list[Any], found: set[Path]) -> list[Any]:
    """The inputs less the tool's own outputs found in a folder (comparisons, reports, summaries), each named
    on stderr; only a file that could not be used is looked at, so a folder of good workbooks costs nothing."""
    from ..own_outputs import own_output

    kept = []
    for path, item in zip(paths, loaded):
        what = own_output(path) if path in found and not item.ok else None
        if what is not None:
            click.echo(f"Left out {path}: {what}, not a self-assessment", err=True)
        else:
            kept.append(item)
    return kept


def _compare_with_progress(paths: list[Path], load_all: Any) -> Any:
    """A progress bar on stderr while reading many files (only on a terminal)."""
    if len(paths) < 3 or not sys.stderr.isatty():
        return load_all(paths)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True, no_color="NO_COLOR" in os.environ)
    with Progress(
        TextColumn("Reading"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("", total=len(paths))

        def step(done: int, total: int, path: Path) -> None:
            bar.update(task, completed=done, description=path.name)

        return load_all(paths, progress=step)


def _render_compare(result: Any, fmt: str, colour: bool) -> str:
    if fmt == "json":
        return json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        from ..render.markdown import render_compare_markdown

        return render_compare_markdown(result)
    if fmt == "html":
        from ..render.html import render_compare_html

        return render_compare_html(result)
    from ..render.text import render_compare_text

    return render_compare_text(result, color=colour)
