"""A calibration (self-assessment beside CQC's published scores) as terminal text, Markdown or HTML."""

from __future__ import annotations

import textwrap

import jinja2
from rich import box
from rich.console import Console
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


def paragraphs(text: str | None) -> list[str]:
    """A text's paragraphs: the CQC parser keeps one per line; blank lines and spaces between do not count."""
    return [" ".join(p.split()) for p in (text or "").split("\n") if p.strip()]


def mismatch_text(c: Calibration) -> str | None:
    """``Warning (C110): ...`` when the workbook and the report name different councils."""
    return f"Warning ({c.council_mismatch.code}): {c.council_mismatch.message}" if c.council_mismatch else None


def _score(value: int | None) -> str:
    return "-" if value is None else str(value)


def render_calibration_text(c: Calibration, *, color: bool = False) -> str:
    """The statements side by side (a rich table), the agreement, then each difference with both narratives."""
    console, buf = console_for(color)
    title = f"{c.council}: self-assessment beside CQC's published scores"
    if c.cqc_council and c.cqc_council != c.council:
        title += f" ({c.cqc_council})"
    console.print(Text(title, style="bold"))
    warning = mismatch_text(c)
    if warning:
        console.print(Text(warning, style="bold yellow"))
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
            # wrapped to the width, never cut: each paragraph in full, indented under its statement
            console.print()
            console.print(Text(f"{r.code} {r.title}: self {r.self_score}, CQC {r.cqc_score}", style="bold"))
            _labelled(console, "Our strengths", r.strengths)
            _labelled(console, "Our areas for development", r.development)
            if r.narrative:
                _labelled(console, "Our narrative", r.narrative)
            _wrapped(console, f"Our evidence: {'; '.join(r.evidence) or 'none logged'}", 2, 4)
            if not r.cqc_findings:
                _wrapped(console, "CQC's key findings: none recorded", 2, 4)
            for k in r.cqc_findings:
                _wrapped(console, f"CQC ({k['heading']}):" if k["heading"] else "CQC:", 2, 4)
                for n, para in enumerate(paragraphs(k["text"])):
                    if n:
                        console.print()
                    _wrapped(console, para, 4, 4)
    return finish(buf)


def _wrapped(console: Console, text: str, first: int, rest: int) -> None:
    """One paragraph wrapped at spaces (never inside a word) to the console's width, with a hanging indent."""
    lines = textwrap.wrap(
        text,
        console.width,
        initial_indent=" " * first,
        subsequent_indent=" " * rest,
        break_long_words=False,
        break_on_hyphens=False,
    )
    for line in lines:
        console.print(Text(line), soft_wrap=True)


def _labelled(console: Console, label: str, text: str | None) -> None:
    """``Our strengths: ...``: the first paragraph after the label, any further ones below it."""
    paras = paragraphs(text) or ["-"]
    _wrapped(console, f"{label}: {paras[0]}", 2, 4)
    for para in paras[1:]:
        _wrapped(console, para, 4, 4)


def _environment(*, autoescape: bool) -> jinja2.Environment:
    env = environment("calibrate", autoescape=autoescape)
    env.filters["overall"] = overall_text
    env.filters["md"] = md
    env.filters["paragraphs"] = paragraphs
    env.globals["mismatch_text"] = mismatch_text
    return env


def render_calibration_markdown(c: Calibration) -> str:
    return _environment(autoescape=False).get_template("calibrate.md.j2").render(c=c)


def render_calibration_html(c: Calibration) -> str:
    return _environment(autoescape=True).get_template("calibrate.html.j2").render(c=c)
