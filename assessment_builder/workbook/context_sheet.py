"""The Local context sheet: population, spend and demographic notes the council fills in, opening its report."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Protection
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

from ..model import CONTEXT_ITEMS
from . import layout as L
from .cells import put_text
from .styles import BOLD, CONTEXT_FILL, HEADER_FILL, HEADER_FONT, INPUT_FILL, THIN, TITLE_FONT, WRAP

HEADER_ROW = 3  # Item / Value headings; the items follow, one a row
FIRST_ROW = HEADER_ROW + 1


def context_name(key: str) -> str:
    """The defined name of one Value cell, e.g. ``ab_context_population_adults``."""
    return f"{L.NAME_PREFIX}context_{key}"


def write_context(wb: Workbook, prefill: dict[str, str] | None = None) -> Worksheet:
    """Add the Local context sheet after Start, its Value cells unlocked and named (the writer protects it)."""
    ws = wb.create_sheet(L.SHEET_CONTEXT, index=wb.sheetnames.index(L.SHEET_START) + 1)
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 90
    put_text(ws["A1"], "Local context (optional)")
    ws["A1"].font = TITLE_FONT
    put_text(
        ws["A2"],
        "Describe the area your report opens with: population, spend and the people you serve. "
        "Leave any item empty to omit it.",
    )
    for col, heading in ((1, "Item"), (2, "Value")):
        cell = ws.cell(row=HEADER_ROW, column=col)
        put_text(cell, heading)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = THIN
    given = prefill or {}
    sheet = ws.title.replace("'", "''")
    for row, (key, label) in enumerate(CONTEXT_ITEMS, start=FIRST_ROW):
        item = ws.cell(row=row, column=1)
        put_text(item, label)
        item.font = BOLD
        item.fill = CONTEXT_FILL
        item.border = THIN
        value = ws.cell(row=row, column=2)
        put_text(value, given.get(key))
        value.fill = INPUT_FILL
        value.border = THIN
        value.alignment = WRAP
        value.protection = Protection(locked=False)
        name = context_name(key)
        wb.defined_names[name] = DefinedName(name, attr_text=f"'{sheet}'!$B${row}")
    ws.row_dimensions[FIRST_ROW + len(CONTEXT_ITEMS) - 1].height = 90  # room for the notes
    return ws
