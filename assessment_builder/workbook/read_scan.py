"""Bounded looks into a loaded workbook: only cells that exist are visited, so a far-away cell costs nothing.

openpyxl creates a cell for every coordinate ``ws.cell()`` or ``ws.iter_rows()`` touches; one
value at J1048576 would make a dense scan build millions of cells. Every reader module looks at
sheets through these helpers instead, which walk the cells stored in the file.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import Finding, Severity
from .read_values import is_blank
from .xlsx_parts import column_letter

HEADER_ROWS = 15  # a heading row is looked for in the first rows only
HEADER_COLUMNS = 40


def first_few(places: list[str], sep: str = ", ") -> str:
    """The first five places a finding names, and how many more: ``G5, G7, H9, I2, I3 and 4 more``."""
    more = f" and {len(places) - 5} more" if len(places) > 5 else ""
    return sep.join(places[:5]) + more


def say_ignored(out: Collector, sheet: str, cells: list[tuple[int, int]], where: str, advice: str) -> None:
    """W307: ``cells`` (row, column) of ``sheet`` hold something no reader reads; name them, never drop them silently.

    ``where`` says what the cells are ("are outside the columns that are read (...)"); ``advice`` where to move
    what matters. Nothing when ``cells`` is empty.
    """
    if not cells:
        return
    cells = sorted(cells)
    refs = first_few([f"{column_letter(c)}{r}" for r, c in cells])
    out.add(
        "W307",
        Severity.WARNING,
        f"{len(cells)} cell(s) of the '{sheet}' sheet {where} and were ignored: {refs}. Nothing in them is imported "
        f"or carried to a new workbook; {advice}",
        sheet=sheet,
        cell=f"{column_letter(cells[0][1])}{cells[0][0]}",
    )


class Collector:
    """Collects the findings of one read, each located in the file."""

    def __init__(self, file: str):
        self.file = file
        self.findings: list[Finding] = []

    def add(
        self,
        code: str,
        severity: Severity,
        message: str,
        sheet: str | None = None,
        cell: str | None = None,
        item: str | None = None,
        *,
        dropped: bool = False,
    ) -> None:
        """``dropped``: the cell's content was not read at all (it reads as empty), not only warned about."""
        self.findings.append(
            Finding(code, severity, message, file=self.file, sheet=sheet, cell=cell, item=item, dropped=dropped)
        )


def stored(ws: Any) -> dict[tuple[int, int], Any]:
    """The cells the file holds, by (row, column); never grows while the reader looks."""
    cells: dict[tuple[int, int], Any] = ws._cells  # openpyxl keeps only the cells it read or was given
    return cells


_OPENPYXL_LINKS: weakref.WeakKeyDictionary[Any, dict[tuple[int, int], str]] = weakref.WeakKeyDictionary()


def links_of(ws: Any) -> dict[tuple[int, int], str]:
    """(row, col) -> where the cell's hyperlink goes (an address, or "#" and a place in the workbook).

    The fast reader's sheet has them already; an openpyxl sheet's are gathered from its cells once and
    kept while the sheet lives, however many readers (logs, answers, context, indicators) ask."""
    links: dict[tuple[int, int], str] | None = getattr(ws, "links", None)  # the fast reader's sheet
    if links is not None:
        return links
    found = _OPENPYXL_LINKS.get(ws)
    if found is None:
        found = {}
        for key, cell in stored(ws).items():
            link = getattr(cell, "hyperlink", None)
            if link is not None and (link.target or link.location):
                found[key] = link.target or f"#{link.location}"
        _OPENPYXL_LINKS[ws] = found
    return found


def cell_at(ws: Any, row: int, col: int) -> Any | None:
    """The cell at (row, col) if the file holds it; None for an empty cell (none is created)."""
    return stored(ws).get((row, col))


def value_at(ws: Any, row: int, col: int | None) -> Any:
    if col is None:
        return None
    cell = cell_at(ws, row, col)
    return None if cell is None else cell.value


def column_cells(ws: Any, col: int, min_row: int = 1) -> Iterator[tuple[int, Any]]:
    """(row, cell) of the non-empty cells of one column from ``min_row`` down, in row order."""
    found = [(r, cell) for (r, c), cell in stored(ws).items() if c == col and r >= min_row]
    for r, cell in sorted(found, key=lambda rc: rc[0]):
        if not is_blank(cell.value):
            yield r, cell


def row_values(ws: Any, row: int) -> dict[int, Any]:
    """{column: value} of the non-empty cells of one row."""
    return {c: cell.value for (r, c), cell in stored(ws).items() if r == row and not is_blank(cell.value)}


def find_header(ws: Any, headings: list[str]) -> tuple[int | None, dict[str, int]]:
    """The first row (of the first 15) holding at least two of ``headings``, and {heading lower: column}."""
    wanted = {h.lower() for h in headings}
    rows: dict[int, dict[str, int]] = {}
    for (r, c), cell in stored(ws).items():
        v = cell.value
        if r <= HEADER_ROWS and c <= HEADER_COLUMNS and isinstance(v, str) and v.strip().lower() in wanted:
            rows.setdefault(r, {}).setdefault(v.strip().lower(), c)
    for r in sorted(rows):
        if len(rows[r]) >= 2:
            return r, dict(sorted(rows[r].items(), key=lambda kv: kv[1]))
    return None, {}


def named_cell(wb: Any, name: str) -> tuple[str, str, Any] | None:
    """(sheet, ref, cell) of a workbook-level defined name naming one cell; None if missing or broken."""
    defined = wb.defined_names.get(name)
    if defined is None:
        return None
    try:
        dests = list(defined.destinations)
    except Exception:  # noqa: BLE001 - a broken name (#REF!) is treated as missing
        return None
    if not dests:
        return None
    sheet, ref = dests[0]
    if sheet not in wb.sheetnames or ":" in ref:
        return None
    ref = ref.replace("$", "")
    try:
        cell = wb[sheet][ref]
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):  # a chart sheet, a bad ref
        return None
    if isinstance(cell, tuple):
        return None
    return sheet, ref, cell


def named_value(wb: Any, name: str) -> str | None:
    found = named_cell(wb, name)
    if found is None:
        return None
    value = found[2].value
    return None if is_blank(value) else str(value).strip()


def cells_holding(path: Path, texts: list[str]) -> dict[str, tuple[str, str]]:
    """text -> (sheet, cell) of the first cell of the workbook at ``path`` that holds it (spaces round it aside).

    For pointing at where a long text was typed; a text found in no cell, or a file that is not a workbook
    that opens, is left out.
    """
    wanted = {t.strip(): t for t in texts}
    found: dict[str, tuple[str, str]] = {}
    if Path(path).suffix.lower() not in (".xlsx", ".xlsm") or not wanted:
        return found
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - only used to point at a cell; the caller still names the file
        return found
    try:
        for ws in book.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    value = cell.value
                    if isinstance(value, str) and value.strip() in wanted:
                        found.setdefault(wanted[value.strip()], (ws.title, cell.coordinate))
    finally:
        book.close()
    return found
