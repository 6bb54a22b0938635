"""The Evidence and Actions sheets (Excel tables a council grows), and the validations and row heights they share."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..model import Assessment, Framework
from . import layout as L
from .cells import landscape, put
from .styles import Styles

EVIDENCE_WIDTHS = [12, 45, 30, 18, 13, 20, 45]
ACTION_WIDTHS = [12, 12, 60, 22, 13, 16]


def row_height(context: Sequence[str], widths: Sequence[float]) -> float:
    """A row tall enough for its longest wrapped cell (Excel does not grow rows written by a program)."""

    def lines(text: str, width: float) -> int:
        per_line = max(1, int(width * 1.15))  # characters of 10-point text per line at this column width
        return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))

    tallest = max(lines(text, width) for text, width in zip(context, widths))
    return min(409, 13.0 * tallest + 6)


def list_validation(ws: Any, col: int, rows: tuple[int, int], source: str, title: str, message: str) -> None:
    """A dropdown of ``source`` over column ``col``, rows ``rows`` (first, last; all counted from 1)."""
    ws.data_validation(
        rows[0] - 1,
        col - 1,
        rows[1] - 1,
        col - 1,
        {
            "validate": "list",
            "source": f"={source}",
            "ignore_blank": True,
            "error_title": title,
            "error_message": message,
            "input_message": message,
        },
    )


def _date_validation(ws: Any, col: int, rows: int) -> None:
    """Dates after 1990 in column ``col`` (from 1) of the table's ``rows`` rows below its headings."""
    ws.data_validation(
        1,
        col - 1,
        rows,
        col - 1,
        {
            "validate": "date",
            "criteria": ">",
            "value": "=DATE(1990,1,1)",
            "ignore_blank": True,
            "error_title": "Date",
            "error_message": "Type a date, for example 31/03/2025.",
            "show_input": False,
        },
    )


def _table(ws: Any, st: Styles, name: str, columns: tuple[str, ...], rows: int, widths: list[int]) -> None:
    """An Excel table from A1 with ``rows`` rows below its headings; text typed into a column wraps, dates show as dates."""
    for col, (heading, width) in enumerate(zip(columns, widths)):
        # one column style, not one style per cell
        ws.set_column(col, col, width, st("wrap", "date") if "date" in heading.lower() else st("wrap"))
    ws.add_table(
        0,
        0,
        rows,
        len(columns) - 1,
        {
            "name": name,
            "style": "Table Style Light 9",
            "columns": [{"header": heading, "header_format": st("header")} for heading in columns],
        },
    )
    ws.freeze_panes(1, 1)
    ws.repeat_rows(0)
    landscape(ws)


def _table_rows(ws: Any, st: Styles, rows: list[list[Any]], widths: list[int]) -> None:
    """Prefilled table rows from row 2, each wrapped and tall enough for its longest value."""
    for r, values in enumerate(rows, start=2):
        for col, value in enumerate(values, start=1):
            put(ws, r, col, value, st, "wrap")
        ws.set_row(r - 1, row_height([str(v or "") for v in values], widths))


def write_evidence(
    ws: Any, st: Styles, fw: Framework, full: Framework, refs: dict[str, str], prefill: Assessment | None
) -> None:
    items = prefill.evidence if prefill else []
    rows = max(L.TABLE_MIN_ROWS, len(items) + 50)
    _table(ws, st, L.TABLE_EVIDENCE, L.EVIDENCE_COLUMNS, rows, EVIDENCE_WIDTHS)
    list_validation(ws, 3, (2, rows + 1), refs["category"], "Category", "Choose an evidence category.")
    _date_validation(ws, 5, rows)
    codes = {s.id: s.code for s in full.statements}
    titles = {c.id: c.title for c in fw.evidence_categories}
    values = [L.evidence_row(e, codes, titles) for e in items]
    _table_rows(ws, st, values, EVIDENCE_WIDTHS)


def write_actions(
    ws: Any,
    st: Styles,
    fw: Framework,
    full: Framework,
    refs: dict[str, str],
    prefill: Assessment | None,
    formula_rows: int,
) -> None:
    items = prefill.actions if prefill else []
    rows = max(L.TABLE_MIN_ROWS, len(items) + 50)
    _table(ws, st, L.TABLE_ACTIONS, L.ACTION_COLUMNS, rows, ACTION_WIDTHS)
    list_validation(ws, 2, (2, rows + 1), refs["statement"], "Statement", "Choose a statement code.")
    list_validation(ws, 6, (2, rows + 1), refs["action_status"], "Status", "Choose a status.")
    _date_validation(ws, 5, rows)
    ws.conditional_format(
        1,
        0,
        formula_rows,
        5,
        {
            "type": "formula",
            "criteria": '=AND($E2<>"",$E2<TODAY(),$F2<>"Complete",$F2<>"Carried forward")',
            "format": st.rule("F4CCCC", "9C0006"),
        },
    )
    codes = {s.id: s.code for s in full.statements}
    values = [L.action_row(a, codes) for a in items]
    _table_rows(ws, st, values, ACTION_WIDTHS)
