"""Read the optional Local context sheet back: item key -> text, by defined name, else by the item labels."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..errors import Severity
from ..model import CONTEXT_ITEMS
from . import layout as L
from .context_sheet import FIRST_ROW, context_name
from .read_scan import Collector, cell_at, column_cells, first_few, links_of, named_cell, stored, value_at
from .read_values import is_blank, with_link
from .xlsx_parts import column_letter


def read_context(wb: Any, out: Collector) -> dict[str, str]:
    """The filled items, in sheet order; {} (and no finding) for a workbook without the sheet."""
    by_label = _rows_by_label(wb)
    if not by_label and not any(wb.defined_names.get(context_name(k)) is not None for k, _ in CONTEXT_ITEMS):
        return {}
    context: dict[str, str] = {}
    recovered = []
    read: set[tuple[str, int, int]] = set()  # (sheet, row, column) of every label and value cell read
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
            read |= {(sheet, row, 1), (sheet, row, 2)}
        else:
            sheet, ref, cell = found
            value, is_formula = cell.value, cell.data_type == "f"
            value = value if is_formula else with_link(value, links_of(wb[sheet]).get((cell.row, cell.column)))
            read |= {(sheet, cell.row, cell.column), (sheet, cell.row, 1)}
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
    _unread(wb, read, out)
    if recovered:
        out.add(
            "W303",
            Severity.WARNING,
            f"{len(recovered)} defined name(s) such as {recovered[0]} are missing (a spreadsheet program may have "
            "dropped them); the local context was found by its item labels instead",
            sheet=L.SHEET_CONTEXT,
        )
    return context


def _unread(wb: Any, read: set[tuple[str, int, int]], out: Collector) -> None:
    """W307: what was typed on the Local context sheet beside its items (a row added for "Carers", a source
    noted in column C) is not read; say which cells, rather than leave them out of the report without a word."""
    sheets = {sheet for sheet, _r, _c in read} or {L.SHEET_CONTEXT}
    for sheet in sorted(s for s in sheets if s in wb.sheetnames):
        ws = wb[sheet]
        stray = sorted(
            (r, c)
            for (r, c), cell in stored(ws).items()
            if r >= FIRST_ROW and (sheet, r, c) not in read and not is_blank(cell.value)
        )
        if not stray:
            continue
        refs = first_few([f"{column_letter(c)}{r}" for r, c in stray])
        out.add(
            "W307",
            Severity.WARNING,
            f"{len(stray)} cell(s) of the '{sheet}' sheet are not one of its items and were ignored: {refs}. "
            "Nothing in them is imported, reported or carried to a new workbook; put anything that matters in "
            "the Notes item",
            sheet=sheet,
            cell=f"{column_letter(stray[0][1])}{stray[0][0]}",
        )


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
