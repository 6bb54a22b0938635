"""The summary and comparison for a terminal: rich tables, 100 columns, colour only when wanted.

Colour is off when ``color=False`` (the CLI passes False for NO_COLOR, a file or a pipe).
Every user-supplied string goes in as :class:`rich.text.Text`, never as markup, so a
council name such as ``[bold]`` prints as typed.
"""

from __future__ import annotations

import io
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..summary import Summary
from ._common import (
    INDICATOR_HEADERS,
    NARRATIVE_NOTE,
    PROBLEMS_NOTE,
    STATUS_NOTE,
    TOP_GAPS,
    compare_has_evidence,
    compare_title,
    dash,
    framework_line,
    headline_line,
    headline_lines,
    indicator_rows,
    narrative_rows,
    problem_headers,
    problem_rows,
    title_line,
)

WIDTH = 100
SCORE_STYLES = {1: "bold red", 2: "yellow", 3: "green", 4: "bold green"}
RATING_STYLES = {
    "Inadequate": "bold red",
    "Requires improvement": "yellow",
    "Good": "green",
    "Outstanding": "bold green",
}


def console_for(color: bool) -> tuple[Console, io.StringIO]:
    """A console drawing into a string, 100 columns; colour only when asked for."""
    buf = io.StringIO()
    console = Console(
        file=buf,
        width=WIDTH,
        force_terminal=color,
        color_system="standard" if color else None,
        no_color=not color,
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
        soft_wrap=False,
    )
    return console, buf


def finish(buf: io.StringIO) -> str:
    """The drawn text without trailing spaces, ending with one line break."""
    return "\n".join(line.rstrip() for line in buf.getvalue().splitlines()) + "\n"


def _score_text(score: int | None) -> Text:
    if score is None:
        return Text("-", style="dim")
    return Text(str(score), style=SCORE_STYLES.get(score, ""))


def _heading(console: Console, text: str) -> None:
    console.print()
    console.print(Text(text, style="bold underline"))


def render_summary_text(summary: Summary, *, color: bool = False) -> str:
    """The summary for a director: headline first, then the top gaps, then the detail tables."""
    console, buf = console_for(color)
    s = summary
    console.print(Text(title_line(s), style="bold"))
    console.print(Text(framework_line(s)))
    if s.source:
        console.print(Text(f"{s.source_kind.capitalize()}: {s.source}", style="dim"))
    console.print()
    head = Text(headline_line(s), style="bold")
    if s.headline and s.headline.rating:
        head.stylize(
            RATING_STYLES.get(s.headline.rating, ""),
            len("Predicted rating: "),
            len("Predicted rating: ") + len(s.headline.rating),
        )
    console.print(head)
    for line in headline_lines(s):
        console.print(Text(line, style="bold red" if line == s.problems_line else ""))
    if s.data_problems:
        _problems(console, s)

    _heading(console, f"Top gaps ({min(len(s.gaps), TOP_GAPS)} of {len(s.gaps)})")
    if not s.gaps:
        console.print(Text("No gaps found."))
    else:
        top = Table(box=None, show_header=False, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0))
        top.add_column("#", justify="right", no_wrap=True)
        top.add_column("Gap", max_width=WIDTH - 5)
        for i, gap in enumerate(s.gaps[:TOP_GAPS], 1):
            top.add_row(f"{i}.", Text(gap.message))
        console.print(top)

    if s.rated:
        _statements_table(console, s)
    else:
        _areas(console, s)
    if narrative_rows(s):
        _heading(console, "Narrative")
        console.print(Text(NARRATIVE_NOTE, style="dim"))
        for code, title, short in narrative_rows(s):
            entry = Text(f"{code} {title}: ", style="bold")
            entry.append(short)
            console.print(entry)
    if indicator_rows(s):
        _heading(console, "Indicators (against England)")
        itable = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        for name in INDICATOR_HEADERS:
            itable.add_column(name, max_width=50 if name == "Indicator" else 22)
        for row in indicator_rows(s):
            itable.add_row(*(Text(x) for x in row))
        console.print(itable)
    _coverage_table(console, s)
    if len(s.gaps) > TOP_GAPS:
        _gaps_table(console, s)
    _actions(console, s)
    if s.changes is not None:
        _changes(console, s)
    return finish(buf)


def _problems(console: Console, s: Summary) -> None:
    _heading(console, f"Data problems ({len(s.data_problems)})")
    console.print(Text(PROBLEMS_NOTE.format(what=s.source_kind), style="dim"))
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for name in problem_headers(s):
        table.add_column(name, no_wrap=name != "Message", max_width=60 if name == "Message" else 24)
    for row in problem_rows(s):
        table.add_row(*(Text(x) for x in row))
    console.print(table)


def _statements_table(console: Console, s: Summary) -> None:
    _heading(console, "Statements")
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
    table.add_column("Code", no_wrap=True)
    table.add_column("Statement", max_width=44)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Confidence", no_wrap=True)
    table.add_column("Status", max_width=16)
    table.add_column("Evidence", justify="right", no_wrap=True)
    table.add_column("Actions", justify="right", no_wrap=True)
    for theme in s.themes:
        table.add_row(
            Text(theme.code, style="bold"), Text(f"{theme.title}: {theme.mean_text}", style="bold"), *[""] * 5
        )
        for r in theme.statements:
            table.add_row(
                Text(r.code),
                Text(r.title),
                _score_text(r.score),
                Text(dash(r.confidence), style="red" if r.confidence == "Low" else ""),
                Text(dash(r.status)),
                Text(str(r.evidence), style="red" if r.evidence == 0 else ""),
                Text(str(r.actions)),
            )
    console.print(table)


def _areas(console: Console, s: Summary) -> None:
    _heading(console, "Areas")
    for theme in s.themes:
        for r in theme.statements:
            console.print()
            console.print(Text(f"{r.code} {r.title}", style="bold"))
            console.print(Text(f"Status: {dash(r.status)}; lead: {dash(r.lead)}; evidence items: {r.evidence}"))
            for key, label in s.policy.narrative:
                line = Text(f"{label}: ", style="bold")
                line.append(r.text.get(key) or "(none yet)")
                console.print(line)


def _short_category(title: str) -> str:
    """A column heading that fits: "Feedback from partners" is headed "Partners"."""
    short = title.replace("Feedback from ", "").replace("feedback from ", "")
    return short[:1].upper() + short[1:]


def _coverage_table(console: Console, s: Summary) -> None:
    _heading(console, "Evidence coverage (evidence items by category)")
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("Code", no_wrap=True)
    table.add_column("Statement", max_width=36)
    for _cid, title in s.categories:
        table.add_column(_short_category(title), justify="right", max_width=14)
    table.add_column("All", justify="right", no_wrap=True)
    for r in s.statement_rows:
        cells: list[Any] = [Text(r.code), Text(r.title)]
        for cid, _title in s.categories:
            n = r.coverage.get(cid, 0)
            expected = not r.expected_categories or cid in r.expected_categories
            if n == 0 and expected:
                cells.append(Text("none", style="red"))
            elif n == 0:
                cells.append(Text("-", style="dim"))
            else:
                cells.append(Text(str(n)))
        cells.append(Text(str(r.evidence), style="red" if r.evidence == 0 else ""))
        table.add_row(*cells)
    console.print(table)
    console.print(Text("'none': no evidence in a category the statement expects; '-': not expected.", style="dim"))


def _gaps_table(console: Console, s: Summary) -> None:
    _heading(console, f"All gaps ({len(s.gaps)}, most urgent first)")
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Weight", justify="right", no_wrap=True)
    table.add_column("Gap", max_width=84)
    for i, gap in enumerate(s.gaps, 1):  # why it matters under each, as the other formats give it in a column
        cell = Text(gap.message)
        cell.append(f"\nWhy it matters: {gap.reason}", style="dim")
        table.add_row(str(i), str(gap.weight), cell)
    console.print(table)


def _actions(console: Console, s: Summary) -> None:
    _heading(console, f"Actions ({len(s.actions)}: {s.open_actions} open, {s.overdue} overdue)")
    if not s.actions:
        console.print(Text("The action plan is empty."))
        return
    console.print(Text(STATUS_NOTE, style="dim"))
    status = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    status.add_column("Status")
    status.add_column("Actions", justify="right")
    for name, n in s.actions_by_status.items():
        status.add_row(Text(name), str(n))
    console.print(status)
    console.print()
    owners = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    owners.add_column("Owner", max_width=40)
    owners.add_column("Actions", justify="right")
    owners.add_column("Open", justify="right")
    owners.add_column("Overdue", justify="right")
    for o in s.actions_by_owner:
        owners.add_row(Text(o.owner), str(o.total), str(o.open), Text(str(o.overdue), style="red" if o.overdue else ""))
    console.print(owners)
    overdue = s.overdue_actions
    if overdue:
        console.print()
        console.print(Text(f"Overdue on {s.as_of.isoformat()}:", style="bold red"))
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        table.add_column("ID", no_wrap=True)
        table.add_column("Code", no_wrap=True)
        table.add_column("Action", max_width=44)
        table.add_column("Owner", max_width=20)
        table.add_column("Due", no_wrap=True)
        table.add_column("Status", max_width=12)
        for a in overdue:
            table.add_row(
                Text(a.id),
                Text(dash(a.code)),
                Text(dash(a.action)),
                Text(dash(a.owner)),
                Text(a.due.isoformat() if a.due else "-"),
                Text(dash(a.status)),
            )
        console.print(table)


def _changes(console: Console, s: Summary) -> None:
    changes = s.changes or ()
    _heading(console, f"Since the previous self-assessment ({s.previous or 'previous'})")
    if not changes:
        console.print(Text("Nothing moved."))
        return
    marks = {
        "up": ("+", "green"),
        "down": ("-", "red"),
        "added": ("+", ""),
        "removed": ("x", "dim"),
        "changed": ("~", ""),
    }
    for c in changes:
        mark, style = marks.get(c.direction, ("~", ""))
        line = Text(f" {mark} ", style=style)
        line.append(c.message)
        console.print(line)


def render_compare_text(comparison: Any, *, color: bool = False) -> str:
    """Councils (rows) by statements (columns): scores, then evidence counts, then skipped files."""
    console, buf = console_for(color)
    c = comparison
    console.print(Text(compare_title(c), style="bold"))
    if c.framework_title:
        console.print(Text(f"{c.framework_title} ({c.framework_id})"))
    if c.entries:
        first = (lambda e, sid: _score_text(e.scores.get(sid))) if c.rated else (lambda e, sid: Text(c.cell(e, sid)))
        _compare_grid(console, c, c.grid_title, first, with_rating=c.rated, notes=True)
        if compare_has_evidence(c):
            _compare_grid(
                console,
                c,
                "Evidence items",
                lambda e, sid: Text("-" if e.evidence is None else str(e.evidence.get(sid, 0))),
                with_rating=False,
            )
        codes = ", ".join(f"{code} {title}" for _sid, code, title in c.statements)
        console.print(Text(f"Statements: {codes}", style="dim"))
    if c.skipped:
        _heading(console, f"Skipped ({len(c.skipped)})")
        for s in c.skipped:
            line = Text(f"{s.source}: ", style="red")
            line.append(s.reason)
            console.print(line)
    return finish(buf)


def _compare_grid(console: Console, c: Any, title: str, cell: Any, *, with_rating: bool, notes: bool = False) -> None:
    _heading(console, title)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("Council", max_width=24)
    for _sid, code, _title in c.statements:
        table.add_column(code, justify="right", no_wrap=True)
    if with_rating:
        table.add_column("Scored", justify="right", no_wrap=True)
        table.add_column("%", justify="right", no_wrap=True)
        table.add_column("Rating", max_width=14)
    for e in c.entries:
        row: list[Any] = [Text(e.label)]
        row += [cell(e, sid) for sid, _code, _title in c.statements]
        if with_rating:
            row += [Text(e.scored_shown), Text(e.percent_shown)]
            row.append(Text(e.rating_shown, style=RATING_STYLES.get(e.rating or "", "")))
        table.add_row(*row)
    console.print(table)
    if notes:
        for note in c.notes:
            console.print(Text(note, style="dim"))
