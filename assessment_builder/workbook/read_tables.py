"""The Evidence and Actions tables: found by table name on whatever sheet they are, read within their columns.

A table is looked for by its name on every sheet (a renamed or moved sheet keeps it),
then by its heading row (a spreadsheet program may drop the table). Only the cells the
file holds are visited, so a far-away cell costs nothing; values outside the table's
columns are not read and are listed (W307). A log that cannot be found anywhere is a
W306 error, so no command carries a workbook on without it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from ..errors import Severity
from ..frameworks import did_you_mean
from ..model import ActionItem, EvidenceItem
from ..values import record
from . import layout as L
from .read_identity import meta_of
from .read_merged import check_table_merges
from .read_scan import Collector, find_header, links_of, say_ignored, stored
from .read_values import ValueReader, is_blank, with_link
from .xlsx_parts import column_letter as get_column_letter
from .xlsx_parts import range_boundaries

Row = dict[str, tuple[str, Any]]  # heading -> (cell ref, value)
DASHBOARD_COLUMNS = {L.SHEET_EVIDENCE: ("Category", "Statements")}  # columns the Dashboard counts
OTHER_SHEETS = {L.SHEET_START, L.SHEET_ASSESSMENT, L.SHEET_DASHBOARD, L.SHEET_LISTS, L.SHEET_META}


@record
class _Place:
    """Where a log was found: its sheet, header row and (when its table was found) column span."""

    ws: Any
    header_row: int
    span: tuple[int, int] | None  # the table's first and last column, when a table was found


def _find_table(wb: Any, name: str, sheet: str) -> tuple[Any, Any] | None:
    """(worksheet, table) of the table called ``name`` (case-insensitive), on ``sheet`` first, else anywhere."""
    sheets = [wb[sheet]] if sheet in wb.sheetnames else []
    sheets += [ws for ws in wb.worksheets if ws.title != sheet]
    for ws in sheets:
        for tbl in getattr(ws, "tables", {}).values():
            if name.lower() in (str(tbl.name).lower(), str(tbl.displayName).lower()):
                return ws, tbl
    return None


def _place(wb: Any, sheet: str, table: str, headings: tuple[str, ...], out: Collector) -> _Place | None:
    """Where the table's heading row is; every finding about a moved, renamed or missing table or sheet."""
    hit = _find_table(wb, table, sheet)
    if hit is not None:
        ws, tbl = hit
        min_col, header_row, max_col, _max_row = range_boundaries(tbl.ref)
        if ws.title != sheet:
            _moved(ws.title, sheet, table, sheet in wb.sheetnames, out)
        return _Place(ws, header_row, (min_col, max_col))
    candidates = [wb[sheet]] if sheet in wb.sheetnames else []
    candidates += [
        ws for ws in wb.worksheets if ws.title != sheet and ws.title not in OTHER_SHEETS and hasattr(ws, "tables")
    ]
    for ws in candidates:
        header_row, _ = find_header(ws, list(headings))
        if header_row is None:
            continue
        renamed = [tbl.displayName for tbl in ws.tables.values() if range_boundaries(tbl.ref)[1] == header_row]
        what = (
            f"was renamed to '{renamed[0]}' (rename it back with Table Design > Table Name)"
            if renamed
            else "is missing (a spreadsheet program may have removed it)"
        )
        out.add(
            "W303",
            Severity.WARNING,
            f"the Excel table '{table}' {what}; its rows were found by the column headings instead",
            sheet=ws.title,
        )
        if ws.title != sheet:
            _moved(ws.title, sheet, table, sheet in wb.sheetnames, out)
        return _Place(ws, header_row, None)
    where = (
        f"the '{sheet}' sheet has no table '{table}' and no heading row"
        if sheet in wb.sheetnames
        else f"the sheet '{sheet}' is missing{did_you_mean(sheet, wb.sheetnames)} and no sheet holds the table "
        f"'{table}' or a heading row"
    )
    out.add(
        "W306",
        Severity.ERROR,
        f"the {_what(sheet)} cannot be found: {where} with {', '.join(headings)}. Restore the '{sheet}' sheet "
        "from an earlier copy of the workbook; nothing from it can be read or carried",
        sheet=sheet,
    )
    return None


def _moved(found_on: str, sheet: str, table: str, sheet_exists: bool, out: Collector) -> None:
    how = (
        f"the table '{table}' was moved to the sheet '{found_on}'"
        if sheet_exists
        else f"the sheet '{sheet}' was renamed to '{found_on}'"
    )
    out.add(
        "W301",
        Severity.WARNING,
        f"{how}; the {_what(sheet)} was read in full from '{found_on}'. Rename it back to '{sheet}' so that "
        "Power Query and other tools find it",
        sheet=found_on,
    )


def _what(sheet: str) -> str:
    return (
        "evidence log" if sheet == L.SHEET_EVIDENCE else "action plan" if sheet == L.SHEET_ACTIONS else f"{sheet} table"
    )


def table_rows(
    wb: Any, sheet: str, table: str, headings: tuple[str, ...], out: Collector
) -> tuple[str | None, list[tuple[int, Row]]]:
    """(sheet read or None if found nowhere, rows): each row as (row number, {heading: (ref, value)}).

    Rows typed below the table's range are read too (Excel grows a table as people type;
    openpyxl and LibreOffice do not). Only the cells the file holds are visited.
    """
    place = _place(wb, sheet, table, headings, out)
    if place is None:
        return None, []
    ws = place.ws
    top, header_row = _heading_rows(ws, place, headings, sheet, out)
    columns = _columns(ws, header_row, headings, place.span, out)
    check_table_merges(ws, header_row, columns, _what(sheet), out)
    wanted = {c: h for h, c in columns.items()}
    letters = {c: get_column_letter(c) for c in wanted}  # a cell's reference, made without asking each cell
    links = links_of(ws)
    by_row: dict[int, Row] = {}
    outside: list[tuple[int, int]] = []
    for (r, c), cell in stored(ws).items():
        value = cell.value
        if r < top or r == header_row or value is None or isinstance(value, str) and not value.strip():
            continue
        heading = wanted.get(c)
        if heading is None:
            outside.append((r, c))
            continue
        if cell.data_type == "f":
            _formula(ws.title, heading in DASHBOARD_COLUMNS.get(sheet, ()), heading, cell, out)
            value = None
        elif links:
            value = with_link(value, links.get((r, c)))
        row = by_row.get(r)
        if row is None:
            row = by_row[r] = {}
        row[heading] = (f"{letters[c]}{r}", value)
    if outside:
        _outside(ws.title, outside, headings, out)
    rows = []
    for r in sorted(by_row):
        held = by_row[r]
        values = {h: held[h] if h in held else (f"{get_column_letter(c)}{r}", None) for h, c in columns.items()}
        if not all(is_blank(v) for _ref, v in values.values()):
            rows.append((r, values))
    _beyond_dashboard(wb, ws.title, sheet, rows, out)
    return ws.title, rows


def _is_heading(value: Any, wanted: set[str]) -> bool:
    return isinstance(value, str) and value.strip().lower() in wanted


def _heading_rows(ws: Any, place: _Place, headings: tuple[str, ...], sheet: str, out: Collector) -> tuple[int, int]:
    """(the log's first row, its heading row): different, with an error, when a sort moved the headings down.

    Sorting a range with its heading row as one of the rows to sort (LibreOffice's "Range
    contains column labels" or Excel's "My data has headers" not ticked) puts entries above
    the headings. Every row is then read by the headings where they are: in a table, from its
    first row; without one, from the first row above the headings that fills two of their columns.
    The Dashboard, which counts from row 2, would leave such entries out.
    """
    wanted = {h.lower() for h in headings}
    if place.span is not None:  # the usual case, a table whose heading row holds its headings: one row looked at
        cells = stored(ws)
        first, last = place.span
        here = [cells.get((place.header_row, c)) for c in range(first, last + 1)]
        if sum(1 for cell in here if cell is not None and _is_heading(cell.value, wanted)) >= 2:
            return place.header_row, place.header_row
    held: dict[int, set[int]] = {}  # row -> columns holding a heading
    filled: set[int] = set()  # rows above the headings that hold anything
    for (r, c), cell in stored(ws).items():
        v = cell.value
        if place.span is not None and not place.span[0] <= c <= place.span[1]:
            continue
        if _is_heading(v, wanted):
            held.setdefault(r, set()).add(c)
        if r < place.header_row and not is_blank(v):
            filled.add(r)
    top = place.header_row
    if place.span is not None:
        if len(held.get(top, ())) >= 2:
            return top, top
        rows = [r for r in sorted(held) if r > top and len(held[r]) > len(wanted) // 2]
        if not rows:
            return top, top
        header_row = rows[0]
    else:
        header_row, columns = top, held.get(top, set())
        above = [r for r in sorted(filled) if sum(1 for c in columns if not is_blank(_value(ws, r, c))) >= 2]
        if not above:
            return top, top
        top = above[0]
    out.add(
        "W301",
        Severity.ERROR,
        f"the headings of the {_what(sheet)} ({', '.join(headings)}) are on row {header_row}, below entries that "
        f"start on row {top}: the rows were sorted with the heading row among them. Every row was read by the "
        f"headings on row {header_row}, but the Dashboard and the table's filters take row {top} as the headings. "
        f"Undo the sort, or move row {header_row} back above row {top}; when sorting, tick 'Range contains "
        "column labels' (LibreOffice) or 'My data has headers' (Excel)",
        sheet=ws.title,
        cell=f"{get_column_letter(min(held[header_row]))}{header_row}",
    )
    return top, header_row


def _value(ws: Any, r: int, c: int) -> Any:
    cell = stored(ws).get((r, c))
    return None if cell is None else cell.value


def _formula(sheet: str, counted: bool, heading: str, cell: Any, out: Collector) -> None:
    """A formula is not read (its cached result could be stale); an error where the Dashboard counts it."""
    out.add(
        "W405",
        Severity.ERROR if counted else Severity.WARNING,
        f"the {heading} cell holds a formula ({str(cell.value)[:40]}), which is not read"
        + (", while the Dashboard counts its result" if counted else "")
        + "; type the value itself (copy the cell, then Paste Special > Values)",
        sheet=sheet,
        cell=cell.coordinate,
    )


def _outside(sheet: str, cells: list[tuple[int, int]], headings: tuple[str, ...], out: Collector) -> None:
    where = f"are outside the columns that are read ({', '.join(headings)})"
    say_ignored(out, sheet, cells, where, "move anything that matters into the table")


def _beyond_dashboard(wb: Any, sheet_read: str, sheet: str, rows: list[tuple[int, Row]], out: Collector) -> None:
    """The Dashboard counts rows 2 to formula_rows + 1 (recorded in _meta when written): say so when rows lie below.

    A warning, not an error: no score, total, percentage or rating depends on these rows (the Dashboard
    scores from the Assessment sheet), they are read in full, and `new --from` (which an error would
    block) writes a workbook whose formulas cover them.
    """
    recorded = meta_of(wb).get(L.META_FORMULA_ROWS, "")
    last = (int(recorded) if recorded.isdigit() else L.FORMULA_ROWS) + 1
    below = [r for r, _row in rows if r > last]
    if below:
        out.add(
            "W307",
            Severity.WARNING,
            f"{len(below)} {_what(sheet)} row(s) from row {below[0]} on are read, but the Dashboard's formulas "
            f"count rows 2 to {last} only, so its {'evidence' if sheet == L.SHEET_EVIDENCE else 'action'} counts "
            "leave them out. Make a new workbook with `assessment-builder new --from` this workbook: its "
            "formulas cover every row carried",
            sheet=sheet_read,
            cell=f"A{below[0]}",
        )


def _columns(
    ws: Any, header_row: int, headings: tuple[str, ...], span: tuple[int, int] | None, out: Collector
) -> dict[str, int]:
    """Column number of each heading: exact (ignoring case), else a close heading with a W301 warning."""
    sheet = ws.title
    found: dict[str, int] = {}
    seen: dict[str, int] = {}
    heading_cells = sorted((c, cell.value) for (r, c), cell in stored(ws).items() if r == header_row)
    for c, v in heading_cells:
        if isinstance(v, str) and v.strip() and (span is None or span[0] <= c <= span[1]):
            seen.setdefault(v.strip(), c)
    by_lower = {h.lower(): h for h in headings}
    for text, c in seen.items():
        if text.lower() in by_lower and by_lower[text.lower()] not in found:
            found[by_lower[text.lower()]] = c
    spare = {t: c for t, c in seen.items() if c not in found.values()}
    absent = []
    for h in headings:
        if h in found:
            continue
        beside = _beside(heading_cells, h, span, set(found.values()))
        if beside is not None:  # the column was cut out of the table and put down next to it
            found[h] = beside
            out.add(
                "W301",
                Severity.WARNING,
                f"the '{sheet}' column '{h}' is outside the table (column {get_column_letter(beside)}); it was read, "
                "but the table's filters and formulas do not see it: move it back into the table",
                sheet=sheet,
                cell=f"{get_column_letter(beside)}{header_row}",
            )
            continue
        import difflib  # only when a heading is missing

        close = difflib.get_close_matches(h.lower(), [t.lower() for t in spare], n=1, cutoff=0.75)
        if close:
            text = next(t for t in spare if t.lower() == close[0])
            found[h] = spare.pop(text)
            out.add(
                "W301",
                Severity.WARNING,
                f"the '{sheet}' column heading '{text}' was read as '{h}'; rename it back to '{h}'",
                sheet=sheet,
                cell=f"{get_column_letter(found[h])}{header_row}",
            )
        else:
            absent.append(h)
    if absent:
        out.add(
            "W308",
            Severity.WARNING,
            f"the '{sheet}' table has no column(s) {', '.join(absent)}; they are read as empty. Restore the headings",
            sheet=sheet,
        )
    return found


def _beside(cells: list[tuple[int, Any]], heading: str, span: tuple[int, int] | None, used: set[int]) -> int | None:
    """The column of ``heading`` in the header row outside the table's span, or None."""
    if span is None:
        return None
    for c, v in cells:
        if (
            (c < span[0] or c > span[1])
            and c not in used
            and isinstance(v, str)
            and v.strip().lower() == heading.lower()
        ):
            return c
    return None


def _row_id(
    values: ValueReader, cell: tuple[str, Any], r: int, sheet: str, what: str, heading: str, prefix: str, out: Collector
) -> tuple[str, str]:
    """A table row's id, or a stand-in ("row12") with a W505 warning when the row has none."""
    ref, raw = cell
    ident = values.text(raw)
    if ident:
        return ref, ident
    out.add(
        "W505",
        Severity.WARNING,
        f"row {r} of the {what} has content but no {heading}; give it an id such as {prefix}{r - 1}",
        sheet=sheet,
        cell=ref,
    )
    return ref, f"row{r}"


Get = Callable[[str], tuple[str, Any]]  # a row's (ref, value) under one heading
DateOf = Callable[[ValueReader, tuple[str, Any], str, str], dt.date | None]  # (values, (ref, value), sheet, id)
Item = TypeVar("Item", EvidenceItem, ActionItem)  # what one log row becomes


def cell_date(values: ValueReader, cell: tuple[str, Any], sheet: str, item: str) -> dt.date | None:
    """A date cell of a log, read as any date cell is."""
    return values.date(cell[1], sheet, cell[0], item)


def evidence_item(values: ValueReader, get: Get, ident: str, sheet: str, date: DateOf) -> EvidenceItem:
    """One Evidence log row as an item, each cell checked (and its problems located) in column order."""
    ref_c, cat = get("Category")
    ref_s, codes = get("Statements")
    return EvidenceItem(
        id=ident,
        title=values.text(get("Title")[1]),
        category=values.category(cat, sheet, ref_c, ident),
        statements=values.statement_codes(codes, sheet, ref_s, ident),
        date=date(values, get("Date"), sheet, ident),
        owner=values.text(get("Owner")[1]),
        location=values.text(get("Location")[1]),
    )


def action_item(values: ValueReader, get: Get, ident: str, sheet: str, date: DateOf) -> ActionItem:
    """One Action plan row as an action, each cell checked (and its problems located) in column order."""
    ref_s, code = get("Statement")
    ref_st, status = get("Status")
    return ActionItem(
        id=ident,
        statement=values.action_statement(code, sheet, ref_s, ident),
        action=values.text(get("Action")[1]),
        owner=values.text(get("Owner")[1]),
        due=date(values, get("Due date"), sheet, ident),
        status=values.action_status(status, sheet, ref_st, ident),
    )


@record(frozen=True)
class Log(Generic[Item]):
    """One of the two logs, for the workbook and the Word form alike: where it is and how a row becomes an item."""

    sheet: str
    table: str
    columns: tuple[str, ...]
    id_heading: str
    what: str  # "evidence log", as findings name it
    prefix: str  # of the ids suggested for a row without one ("E3")
    item: Callable[[ValueReader, Get, str, str, DateOf], Item]


EVIDENCE = Log(
    L.SHEET_EVIDENCE, L.TABLE_EVIDENCE, L.EVIDENCE_COLUMNS, "Evidence ID", "evidence log", "E", evidence_item
)
ACTIONS = Log(L.SHEET_ACTIONS, L.TABLE_ACTIONS, L.ACTION_COLUMNS, "Action ID", "action plan", "A", action_item)


def _read_log(
    wb: Any, log: Log[Item], values: ValueReader, out: Collector
) -> tuple[str | None, list[tuple[Item, str]]]:
    """(sheet read or None if the log was found nowhere, [(item, ref of its id cell)])."""
    items: list[tuple[Item, str]] = []
    found, rows = table_rows(wb, log.sheet, log.table, log.columns, out)
    sheet = found or log.sheet
    for r, row in rows:
        get = _getter(row)
        ref, ident = _row_id(values, get(log.id_heading), r, sheet, log.what, log.id_heading, log.prefix, out)
        items.append((log.item(values, get, ident, sheet, cell_date), ref))
    return found, items


def _getter(row: Row) -> Get:
    """A row's (ref, value) by heading; ("", None) under a heading the table lacks."""
    return lambda heading: row.get(heading, ("", None))


def read_evidence(wb: Any, values: ValueReader, out: Collector) -> tuple[str | None, list[tuple[EvidenceItem, str]]]:
    """(sheet read or None if the log was found nowhere, [(item, ref of its id cell)])."""
    return _read_log(wb, EVIDENCE, values, out)


def read_actions(wb: Any, values: ValueReader, out: Collector) -> tuple[str | None, list[tuple[ActionItem, str]]]:
    """(sheet read or None if the plan was found nowhere, [(action, ref of its id cell)])."""
    return _read_log(wb, ACTIONS, values, out)
