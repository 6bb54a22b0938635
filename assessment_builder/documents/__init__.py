"""Word-ready documents: the self-assessment form (blank or prefilled) and the report filled from a workbook.

Why python-docx and not docxtpl: documents are built in code from one Jinja2
template that also gives the Markdown output, so wording and order live in
templates/document/ while the Word structure (real Heading styles, a table of
contents field, page numbers, A4) is guaranteed by code; python-docx can also
start from a council's branded .docx; and docxtpl would add a dependency whose
tags must sit in one Word run and which does not escape by default.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UsageError
from ..model import Assessment, Framework, council_name
from ..output import atomic_write, atomic_write_text
from .render import (
    render_report_context,
    render_report_text,
    render_template_text,
    report_chart,
    report_context,
    to_markdown,
)

if TYPE_CHECKING:
    from .form import Form

FORMATS = ("docx", "markdown")


SUBJECT = "Adult social care self-assessment"


def _write(
    markup: str,
    title: str,
    path: str | Path,
    fmt: str,
    style_from: Path | None,
    force: bool,
    subject: str = SUBJECT,
    chart: Any = None,
    form: Form | None = None,
) -> Path:
    if fmt not in FORMATS:
        raise UsageError(f"unknown format '{fmt}'; use docx or markdown")
    if fmt == "markdown":
        return atomic_write_text(path, to_markdown(markup, form), force=force)
    from .docx_writer import build_docx

    doc = build_docx(markup, title, style_from, subject=subject, chart=chart, form=form)
    if form is None:  # a report or summary, marked so that `compare` of its folder leaves it out
        from ..own_outputs import REPORT_KIND
        from .form import set_custom_properties

        set_custom_properties(doc, {"ab_kind": REPORT_KIND})
    return atomic_write(path, lambda tmp: doc.save(str(tmp)), force=force)


def write_form(
    framework: Framework,
    council: str,
    path: str | Path,
    *,
    assessment: Assessment | None = None,
    style_from: Path | None = None,
    fmt: str = "docx",
    force: bool = False,
    today: dt.date | None = None,
) -> Path:
    """Write the self-assessment form for ``council``: a content control per input (docs/word-form.md).

    With ``assessment`` the controls hold its answers, its narratives follow each statement's guidance
    line and its evidence and actions fill the tables (``new --from completed.docx``); without, it is blank.
    """
    from .form import Form

    council = council_name(council)
    markup = render_template_text(framework, council, today, assessment)
    title = f"{council}: {framework.title} self-assessment"
    form = Form(framework, council, assessment)
    return _write(markup, title, path, fmt, style_from, force, f"{SUBJECT}: {framework.title}", form=form)


def write_template(
    framework: Framework,
    council: str,
    path: str | Path,
    *,
    style_from: Path | None = None,
    fmt: str = "docx",
    force: bool = False,
    today: dt.date | None = None,
) -> Path:
    """Write the blank self-assessment form for ``council`` (docx or markdown)."""
    return write_form(framework, council, path, style_from=style_from, fmt=fmt, force=force, today=today)


def write_report(
    assessment: Assessment,
    path: str | Path,
    *,
    style_from: Path | None = None,
    fmt: str = "docx",
    force: bool = False,
    today: dt.date | None = None,
) -> Path:
    """Write the report filled from a completed assessment (docx or markdown)."""
    context = report_context(assessment, today)
    markup = render_report_context(context)
    title = f"{assessment.council}: {assessment.framework.title} report"
    subject = f"{SUBJECT}: {assessment.framework.title}"
    return _write(markup, title, path, fmt, style_from, force, subject, report_chart(context))


def write_markdown_docx(
    markdown: str,
    title: str,
    path: str | Path,
    *,
    style_from: Path | None = None,
    force: bool = False,
    subject: str = SUBJECT,
) -> Path:
    """Write Markdown (headings, lists, tables, bold) as a Word document; ``summary --format docx`` uses it."""
    return _write(markdown, title, path, "docx", style_from, force, subject)


__all__ = [
    "write_markdown_docx",
    "FORMATS",
    "render_report_text",
    "render_template_text",
    "to_markdown",
    "write_form",
    "write_report",
    "write_template",
]
