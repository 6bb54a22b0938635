"""Read the optional Local context sheet back: item key -> text, by defined name, else by the item labels."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..errors import Severity
from ..model import CONTEXT_ITEMS
from . import layout as L
from .context_sheet import FIRST_ROW, context_name
from .read_scan import Collector, cell_at, column_cells, links_of, named_cell, say_ignored, stored, value_at
from .read_values import is_blank, with_link


def read_context(wb: Any, out: Collector) -> dict[str, str]:
    """The filled items, in sheet order; {} (and no finding) for a workbook without the sheet."""
    by_label = _rows_by_label(wb)
    if not by_label and not any(wb.defined_names.get(context_name(k)) is not None for k, _ in CONTEXT_ITEMS):
        return {}
    context: dict[str, str] = {}
    recovered = []
    labels = {label.lower() for _key, label in CONTEXT_ITEMS}  # a label typed over is not another item's
    read: set[tuple[str, int, int]] = set()  # (sheet, row, column) of every label and value cell read
    for key, label in CONTEXT_ITEMS:
        found = named_cell(wb, context_name(key))
        row, ws = None, wb[L.SHEET_CONTEXT] if L.SHEET_CONTEXT in wb.sheetnames else None
        held = _label(wb[found[0]], found[2].row) if found is not None else None
        if found is not None and held in labels and held != label.lower():
            ws = wb[found[0]]  # the named row holds another item: the rows were sorted or moved
            row = _moved(ws, found[2], key, label, out)
            if row is None:
                continue
        elif found is None:
            row = by_label.get(label.lower())
            if row is None:
                continue
            recovered.append(context_name(key))
        if row is not None and ws is not None:
            sheet, ref, value, is_formula = ws.title, f"B{row}", value_at(ws, row, 2), _is_formula(ws, row)
            value = value if is_formula else with_link(value, links_of(ws).get((row, 2)))
            read |= {(sheet, row, 1), (sheet, row, 2)}
        else:
            assert found is not None
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


def _label(ws: Any, row: int) -> str | None:
    """The item label in column A of ``row`` (lower case), or None when there is none to check against."""
    value = value_at(ws, row, 1)
    return str(value).strip().lower() if isinstance(value, str) and value.strip() else None


def _moved(ws: Any, cell: Any, key: str, label: str, out: Collector) -> int | None:
    """The row of ``label`` when the named value cell's row holds another item (rows sorted): W305 warning;
    None, with a W305 error, when the label is on no row, so no item is read from another item's row."""
    rows = [r for r, c in column_cells(ws, 1) if isinstance(c.value, str) and c.value.strip().lower() == label.lower()]
    other = str(value_at(ws, cell.row, 1)).strip()
    if len(rows) == 1:
        out.add(
            "W305",
            Severity.WARNING,
            f"the rows of the '{ws.title}' sheet were sorted or moved: the defined name of '{label}' points to row "
            f"{cell.row}, which holds '{other}'; '{label}' was read from row {rows[0]}, where its label is. Put the "
            "rows back in the order of the generated workbook",
            sheet=ws.title,
            cell=f"A{rows[0]}",
            item=key,
        )
        return rows[0]
    out.add(
        "W305",
        Severity.ERROR,
        f"cannot tell which row holds the local context item '{label}': its defined name points to row {cell.row}, "
        f"which holds '{other}', and '{label}' is on {'no row' if not rows else 'more than one row'}. It is not "
        "read; put each item's label back on its own row (copy them from a freshly generated workbook)",
        sheet=ws.title,
        cell=f"A{cell.row}",
        item=key,
    )
    return None


def _unread(wb: Any, read: set[tuple[str, int, int]], out: Collector) -> None:
    """W307: what was typed on the Local context sheet beside its items (a row added for "Carers", a source
    noted in column C) is not read; say which cells, rather than leave them out of the report without a word."""
    sheets = {sheet for sheet, _r, _c in read} or {L.SHEET_CONTEXT}
    for sheet in sorted(s for s in sheets if s in wb.sheetnames):
        ws = wb[sheet]
        stray = [
            (r, c)
            for (r, c), cell in stored(ws).items()
            if r >= FIRST_ROW and (sheet, r, c) not in read and not is_blank(cell.value)
        ]
        say_ignored(out, sheet, stray, "are not one of its items", "put anything that matters in the Notes item")


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
