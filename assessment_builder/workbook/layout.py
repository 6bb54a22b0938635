"""Names the workbook writer and reader share: sheets, tables, headings, defined names, metadata.

This module is the code form of docs/workbook.md. Changing a name here changes
the public contract of the workbook (Power Query users depend on it).
"""

from __future__ import annotations

from typing import Any

SHEET_START = "Start"
SHEET_CONTEXT = "Local context"  # optional: a workbook without it reads as no context
SHEET_ASSESSMENT = "Assessment"
SHEET_EVIDENCE = "Evidence"
SHEET_ACTIONS = "Actions"
SHEET_DASHBOARD = "Dashboard"
SHEET_LISTS = "Lists"
SHEET_META = "_meta"
SHEETS = (
    SHEET_START,
    SHEET_CONTEXT,
    SHEET_ASSESSMENT,
    SHEET_EVIDENCE,
    SHEET_ACTIONS,
    SHEET_DASHBOARD,
    SHEET_LISTS,
    SHEET_META,
)

TABLE_EVIDENCE = "Evidence"
TABLE_ACTIONS = "Actions"

# Assessment sheet: the header row, then theme and statement rows below it
ASSESSMENT_HEADER_ROW = 3
CONTEXT_HEADINGS = ("Code", "Statement", "We statement", "I statements", "Prompts", "Evidence categories")

EVIDENCE_COLUMNS = ("Evidence ID", "Title", "Category", "Statements", "Date", "Owner", "Location")
ACTION_COLUMNS = ("Action ID", "Statement", "Action", "Owner", "Due date", "Status")
TABLE_MIN_ROWS = 200  # empty rows a new table offers


def evidence_row(item: Any, codes: dict[str, str], titles: dict[str, str]) -> list[Any]:
    """An evidence item as the log shows it (workbook table and Word form): category title, statement codes."""
    category = titles.get(item.category or "", item.category)
    statements = ", ".join(codes.get(x, x) for x in item.statements)
    return [item.id, item.title, category, statements, item.date, item.owner, item.location]


def action_row(item: Any, codes: dict[str, str]) -> list[Any]:
    """An action as the plan shows it (workbook table and Word form): its statement by code."""
    return [item.id, codes.get(item.statement or "", item.statement), item.action, item.owner, item.due, item.status]


FORMULA_ROWS = 2000  # at least this many rows of Evidence and Actions are looked at by the formulas
FORMULA_MARGIN = 2000  # rows the formulas look at beyond the rows a workbook is written with
ASSESSMENT_SPARE_ROWS = 100  # rows below the last statement the Dashboard's code look-ups also search

NAME_PREFIX = "ab_"
NAME_COUNCIL = "ab_council"
NAME_OVERALL_PERCENT = "ab_overall_percent"
NAME_OVERALL_RATING = "ab_overall_rating"
NAME_OVERALL_TOTAL = "ab_overall_total"
NAME_OVERALL_MAX = "ab_overall_max"
NAME_COMPLETION = "ab_completion_percent"

META_KEYS = (
    "framework_id",
    "framework_version",
    "framework_title",
    "generator",
    "generator_version",
    "council",
    "generated",
    "scope",
    "protected",
    "formula_rows",
)
META_FORMULA_ROWS = "formula_rows"  # the last Evidence/Actions row the Dashboard counts is this + 1
META_HASH_PREFIX = "hash."
META_YAML_PREFIX = "framework_yaml."  # a council's own framework YAML, in numbered chunks
META_SPLIT_PREFIX = "split."  # a part's record of the split that made it (assessment_builder/carry/parts.py)
GENERATOR = "assessment-builder"


def formula_rows(written: int) -> int:
    """How many table rows (from row 2) the formulas look at, for a table written with ``written`` rows.

    Bounded ranges, not whole columns: SUMPRODUCT over a whole column computes a million rows per
    statement in Excel (slow to recalculate), and a bounded range covers the table row for row in both
    Excel and LibreOffice. The number is recorded in _meta so the reader knows which rows are counted.
    """
    return max(FORMULA_ROWS, written + FORMULA_MARGIN)


def input_name(statement_id: str, field: str) -> str:
    """The workbook-level defined name of one input cell, e.g. ``ab_assessing_needs_score``."""
    return f"{NAME_PREFIX}{statement_id}_{field}"


def score_text(value: int, label: str) -> str:
    """How a score appears in the dropdown: ``3 - Evidence shows a good standard``."""
    return f"{value} - {label}"
