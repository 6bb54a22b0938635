"""Small wording helpers shared by the summary renderers, so every format phrases things alike.

Renderers only present the :class:`~assessment_builder.summary.Summary`; every number they print
comes from it (never recounted here), so the text, Markdown, HTML, JSON and Word outputs agree.
"""

from __future__ import annotations

from typing import Any

from ..scoring import OverallScore
from ..summary import Summary, range_text

TOP_GAPS = 10
STATUS_NOTE = "Each action is counted once; an open action past its due date counts as Overdue."
PROBLEMS_NOTE = "Found while reading the {what}; the result above rests on these values. Fix them and run again."
PROBLEM_HEADERS = ["Code", "Sheet", "Cell", "Message"]
FORM_PROBLEM_HEADERS = ["Code", "Section", "Place", "Message"]  # a Word form: a statement heading, a paragraph


def problem_headers(s: Summary) -> list[str]:
    """The Data problems table's headings: a workbook's sheet and cell, or a Word form's section and place."""
    return FORM_PROBLEM_HEADERS if s.source_kind == "Word form" else PROBLEM_HEADERS


def title_line(s: Summary) -> str:
    return f"{s.council}: adult social care self-assessment summary"


def framework_line(s: Summary) -> str:
    return f"{s.framework_title} ({s.framework_id}, version {s.framework_version}); as of {s.as_of.isoformat()}"


def headline_line(s: Summary) -> str:
    """``Predicted rating: Good, 69% (provisional: 8 of 9 statements scored)``, in the framework policy's words."""
    h = s.headline
    if h is None:
        return s.policy.headline(None)
    return s.policy.headline(
        OverallScore(h.total, h.maximum, h.percent, h.rating, not h.provisional, h.scored, h.statements)
    )


def points_line(s: Summary) -> str | None:
    """``14 of 36 points (39%), Requires improvement: 1 point above Inadequate, 9 points short of Good``."""
    h = s.headline
    if h is None or h.percent is None:
        return None
    scope = f" (over the {h.scored} statement{'s' if h.scored != 1 else ''} scored)" if h.provisional else ""
    return h.points + scope


def position_line(s: Summary) -> str | None:
    """``Good, lower end: 13 percentage points from Outstanding``."""
    h = s.headline
    if h is None or h.percent is None:
        return None
    return h.position


def range_line(s: Summary) -> str | None:
    """A provisional result's range in words (None when every statement is scored)."""
    return range_text(s.headline.range) if s.headline else None


def headline_lines(s: Summary) -> list[str]:
    """The lines under the headline, in order: points, position, range, data problems, completion."""
    lines = [points_line(s), position_line(s), range_line(s), s.problems_line, completion_line(s)]
    return [x for x in lines if x]


def completion_line(s: Summary) -> str:
    what = s.policy.unit
    return (
        f"Completion: {s.complete} of {s.statements} {what} complete ({s.completion_percent}%); "
        f"{s.evidence_items} evidence item{'s' if s.evidence_items != 1 else ''}; "
        f"{len(s.actions)} action{'s' if len(s.actions) != 1 else ''}, {s.overdue} overdue"
    )


def problem_rows(s: Summary) -> list[list[str]]:
    """(code, sheet, cell, message) for each data problem; another file's problem (--previous) is named."""
    return [
        [p.code, dash(p.sheet), dash(p.cell), p.message if p.file in (None, s.source) else f"{p.file}: {p.message}"]
        for p in s.data_problems
    ]


def dash(value: object) -> str:
    return "-" if value is None or value == "" else str(value)


INDICATOR_HEADERS = ["Code", "Indicator", "Period", "Value", "England", "Variation"]


NARRATIVE_CHARS = 240  # a summary shows the start of each narrative; the report shows it whole
NARRATIVE_NOTE = "The start of what the Word form says under each statement; the report (`report`) shows it whole."


def narrative_rows(s: Summary) -> list[tuple[str, str, str]]:
    """(code, title, the narrative's start on one line) of each statement with a narrative (from a Word form)."""
    rows = []
    for r in s.statement_rows:
        if not r.narrative:
            continue
        flat = " ".join(r.narrative.split())
        short = flat if len(flat) <= NARRATIVE_CHARS else flat[: NARRATIVE_CHARS - 1].rsplit(" ", 1)[0] + " …"
        rows.append((r.code, r.title, short))
    return rows


def indicator_rows(s: Summary) -> list[list[str]]:
    """One row per statement and indicator with a value (the workbook's Indicators sheet), in framework order."""

    def num(value: object) -> str:
        return "-" if value is None else f"{value:g}" if isinstance(value, float) else str(value)

    return [
        [
            r.code,
            f"{i['id']} {i['name'] or ''}".strip(),
            dash(i["period"]),
            num(i["value"]),
            num(i["england"]),
            dash(i["variation"]),
        ]
        for t in s.themes
        for r in t.statements
        for i in r.indicators
        if i["value"] is not None
    ]


def compare_title(c: Any) -> str:
    """``Comparison of 3 self-assessments``, ``... of 2 CQC reports``, ``... of 1 self-assessment and 1 CQC report``."""
    reports = sum(1 for e in c.entries if e.kind == "cqc-report")
    counts = [(len(c.entries) - reports, "self-assessment"), (reports, "CQC report")]
    parts = [f"{n} {what}{'' if n == 1 else 's'}" for n, what in counts if n]
    return f"Comparison of {' and '.join(parts) or '0 self-assessments'}"


def compare_has_evidence(c: Any) -> bool:
    """Whether any compared input has an evidence log (a CQC report has none): else no Evidence items table."""
    return any(e.evidence is not None for e in c.entries)
