"""A calibration (self-assessment beside CQC's published scores) as terminal text, Markdown or HTML."""

from __future__ import annotations

import jinja2
from rich import box
from rich.table import Table
from rich.text import Text

from ..calibrate import Calibration
from ..scoring import OverallScore
from ..templating import environment
from .markdown import md
from .text import console_for, finish


def overall_text(label: str, o: OverallScore) -> str:
    """``Self-assessment: 27/36 = 75% Good`` (with the provisional state when not every statement is scored)."""
    if o.percent is None:
        return f"{label}: no statement scored"
    state = "" if o.complete else f" (provisional: {o.scored} of {o.statements} statements)"
    return f"{label}: {o.total}/{o.maximum} = {o.percent}% {o.rating}{state}"


def _score(value: int | None) -> str:
    return "-" if value is None else str(value)


def render_calibration_text(c: Calibration, *, color: bool = False) -> str:
    """The statements side by side (a rich table), the agreement, then each difference with both narratives."""
    console, buf = console_for(color)
    title = f"{c.council}: self-assessment beside CQC's published scores"
    if c.cqc_council and c.cqc_council != c.council:
        title += f" ({c.cqc_council})"
    console.print(Text(title, style="bold"))
    console.print(Text(overall_text("Self-assessment", c.self_overall)))
    console.print(Text(overall_text("CQC", c.cqc_overall)))
    console.print()
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("Code", no_wrap=True)
    table.add_column("Statement", max_width=45)
    table.add_column("Self", justify="right", no_wrap=True)
    table.add_column("CQC", justify="right", no_wrap=True)
    table.add_column("Diff", justify="right", no_wrap=True)
    table.add_column("Verdict")
    for r in c.rows:
        diff = "-" if r.difference is None else f"{r.difference:+d}"
        style = "" if not r.difference else "yellow"
        table.add_row(
            Text(r.code), Text(r.title), _score(r.self_score), _score(r.cqc_score), diff, Text(r.verdict, style=style)
        )
    console.print(table)
    console.print()
    a = c.agreement
    console.print(
        Text(
            f"Of {a['compared']} statements scored by both: {a['agree']} agree, "
            f"{a['higher']} self-assessed higher, {a['lower']} lower."
        )
    )
    for r in c.rows:
        if r.difference:
            # the narratives stay one line each, as typed, for copying into a paper
            console.print()
            console.print(Text(f"{r.code} {r.title}: self {r.self_score}, CQC {r.cqc_score}", style="bold"))
            console.print(Text(f"  Our strengths: {r.strengths or '-'}"), soft_wrap=True)
            console.print(Text(f"  Our areas for development: {r.development or '-'}"), soft_wrap=True)
            console.print(Text(f"  Our evidence: {'; '.join(r.evidence) or 'none logged'}"), soft_wrap=True)
            for k in r.cqc_findings[:3]:
                heading = f" ({k['heading']})" if k["heading"] else ""
                console.print(Text(f"  CQC{heading}: {k['text'][:300]}"), soft_wrap=True)
    return finish(buf)


def _environment(*, autoescape: bool) -> jinja2.Environment:
    env = environment("calibrate", autoescape=autoescape)
    env.filters["overall"] = overall_text
    env.filters["md"] = md
    return env


def render_calibration_markdown(c: Calibration) -> str:
    return _environment(autoescape=False).get_template("calibrate.md.j2").render(c=c)


def render_calibration_html(c: Calibration) -> str:
    return _environment(autoescape=True).get_template("calibrate.html.j2").render(c=c)
