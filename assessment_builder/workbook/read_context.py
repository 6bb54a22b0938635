"""Read the optional Local context sheet back: item key -> text, by defined name, else by the item labels."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..errors import Severity
from ..model import CONTEXT_ITEMS
from . import layout as L
from .context_sheet import context_name
from .read_scan import Collector, cell_at, column_cells, links_of, named_cell, value_at
from .read_values import is_blank, with_link


def read_context(wb: Any, out: Collector) -> dict[str, str]:
    """The filled items, in sheet order; {} (and no finding) for a workbook without the sheet."""
    by_label = _rows_by_label(wb)
    if not by_label and not any(wb.defined_names.get(context_name(k)) is not None for k, _ in CONTEXT_ITEMS):
        return {}
    context: dict[str, str] = {}
    recovered = []
    for key, label in CONTEXT_ITEMS:
        found = named_cell(wb, context_name(key))
        if found is None:
            row = by_label.get(label.lower())
            if row is None:
                continue
            recovered.append(context_name(key))
            ws = wb[L.SHEET_CONTEXT]
            sheet, ref, value, is_formula = ws.title, f"B{row}", value_at(ws, row, 2), _is_formula(ws, row)
            value = value if is_formula else with_link(value, links_of(ws).get((row, 2)))
        else:
            sheet, ref, cell = found
            value, is_formula = cell.value, cell.data_type == "f"
            value = value if is_formula else with_link(value, links_of(wb[sheet]).get((cell.row, cell.column)))
        if is_blank(value):
            continue
        if is_formula:
            out.add(
                "W405",
                Severity.WARNING,
                f"the local context item '{label}' is a formula ({str(value)[:40]}); it was not read. "
                "Type the value itself",
                sheet=sheet,
                cell=ref,
                item=key,
            )
            continue
        context[key] = _text(value)
    if recovered:
        out.add(
            "W303",
            Severity.WARNING,
            f"{len(recovered)} defined name(s) such as {recovered[0]} are missing (a spreadsheet program may have "
            "dropped them); the local context was found by its item labels instead",
            sheet=L.SHEET_CONTEXT,
        )
    return context


def _rows_by_label(wb: Any) -> dict[str, int]:
    if L.SHEET_CONTEXT not in wb.sheetnames:
        return {}
    ws = wb[L.SHEET_CONTEXT]
    return {str(cell.value).strip().lower(): row for row, cell in column_cells(ws, 1) if isinstance(cell.value, str)}


def _is_formula(ws: Any, row: int) -> bool:
    cell = cell_at(ws, row, 2)
    return cell is not None and cell.data_type == "f"


def _text(value: Any) -> str:
    """A cell's value as the report prints it: whole numbers without '.0', dates as ISO dates."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
