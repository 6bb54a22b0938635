"""The Evidence log and the Action plan of a Word form: found by their heading row anywhere, read row by row.

Each table is the one whose first row holds the workbook's column headings (all of them; else
the most, at least two, with a W308 warning for the columns missing); a log found nowhere is a
W306 error, as for a workbook. A row becomes an item as a workbook row does (read_tables.py, the
workbook's ValueReader) and its cells are located as "table row R, column X" (row 1 is the heading row).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..errors import Severity
from ..model import ActionItem, EvidenceItem
from ..workbook.read_scan import Collector, first_few
from ..workbook.read_tables import ACTIONS, EVIDENCE, Get, Item, Log
from ..workbook.read_values import ValueReader, parse_date_text
from .read_docx_fallback import norm
from .read_docx_xml import Body, Control, Table, table_lines

EVIDENCE_HEADING = "Evidence log"
ACTIONS_HEADING = "Action plan"


def _straight(text: str | None) -> str | None:
    """Word's typographic apostrophes made straight, as a category's title is written ("People's experience")."""
    return text.replace("\u2019", "'").replace("\u2018", "'") if text else text


def _date(values: ValueReader, cell: tuple[str, str | None], sheet: str, item: str) -> dt.date | None:
    """A date in a table cell: always text in Word, so one written plainly (31/03/2025 day first, 2025-03-31,
    31 March 2025) is read without a warning; any other text is the workbook's W403."""
    parsed = parse_date_text(cell[1]) if cell[1] else None
    return parsed if parsed is not None else values.date(cell[1], sheet, cell[0], item)


def _find_tables(body: Body, headings: tuple[str, ...], what: str, out: Collector) -> tuple[str | None, list[Table]]:
    """The tables whose first row holds all the headings (a log continued in a second table, as a person
    pasting more rows makes it, is read whole), else the one that holds the most, at least two."""
    want = {norm(h) for h in headings}
    best: tuple[int, Table] | None = None
    whole: list[Table] = []
    for t in body.tables:
        if not t.rows:
            continue
        have = len(want & {norm(c) for c in t.rows[0]})
        if have == len(want):
            whole.append(t)
        elif have >= 2 and (best is None or have > best[0]):
            best = (have, t)
    if whole:
        whole.sort(key=lambda t: t.heading != what)  # the table under the log's own heading first, then the rest
        return whole[0].heading or what, whole
    if best is not None:
        t = best[1]
        absent = [h for h in headings if norm(h) not in {norm(c) for c in t.rows[0]}]
        out.add(
            "W308",
            Severity.WARNING,
            f"the {what.lower()} table has no column(s) {', '.join(absent)}; they are read as empty. Restore the "
            "headings",
            sheet=t.heading or what,
            cell="table row 1",
        )
        return t.heading or what, [t]
    out.add(
        "W306",
        Severity.ERROR,
        f"the {what.lower()} cannot be found: no table has the heading row {', '.join(headings)}. Copy the table "
        "back from a new `assessment-builder template`; nothing from it can be read or carried",
        sheet=what,
    )
    return None, []


def _rows(t: Table, headings: tuple[str, ...], table: str) -> list[tuple[int, dict[str, tuple[str, str | None]]]]:
    """(row number, {heading: (location, text)}) of the rows with any content; row 1 is the heading row.

    ``table`` names the table in a location: "table" for a log's first table, else which one it is."""
    columns = {norm(c): i for i, c in reversed(list(enumerate(t.rows[0])))}
    rows = []
    for r, cells in enumerate(t.rows[1:], start=2):
        row: dict[str, tuple[str, str | None]] = {}
        for h in headings:
            i = columns.get(norm(h))
            text = cells[i].strip() if i is not None and i < len(cells) else ""
            row[h] = (f"{table} row {r}, column {h}", text or None)
        if any(v for _ref, v in row.values()):
            rows.append((r, row))
    return rows


def _outside(t: Table, headings: tuple[str, ...], sheet: str, out: Collector, table: str = "table") -> None:
    """W307, as for a workbook: text in a column the log does not read (a "Notes" column added) is not imported."""
    read = {norm(h) for h in headings}
    names = [c.strip() or f"column {i + 1}" for i, c in enumerate(t.rows[0])]
    cells = [
        f"{table} row {r}, {names[i] if i < len(names) else f'column {i + 1}'}"
        for r, row in enumerate(t.rows[1:], start=2)
        for i, text in enumerate(row)
        if text.strip() and (i >= len(t.rows[0]) or norm(t.rows[0][i]) not in read)
    ]
    if cells:
        out.add(
            "W307",
            Severity.WARNING,
            f"{len(cells)} cell(s) of the {sheet} table are in columns that are not read ({', '.join(headings)} are) "
            f"and were ignored: {first_few(cells, '; ')}. Nothing in them is imported or carried; move anything "
            "that matters into the table's own columns",
            sheet=sheet,
            cell=cells[0],
        )


def _merged(t: Table, sheet: str, out: Collector, table: str = "table") -> None:
    """W304, as for merged input cells in a workbook: a cell merged across columns is read in its first column
    (the columns it covers are empty, the others keep their place), one merged down in its first row (the rows
    it covers read that column as empty); say so, row by row."""
    names = [c.strip() or f"column {i + 1}" for i, c in enumerate(t.rows[0])]
    for r, col, span in t.merged:
        if r == 1 or not any(t.rows[r - 1][col : col + span]):
            continue
        covered = [names[i] if i < len(names) else f"column {i + 1}" for i in range(col, col + span)]
        across = f"{', '.join(covered[:-1])} and {covered[-1]}"
        out.add(
            "W304",
            Severity.WARNING,
            f"row {r} of the {sheet} {table.rstrip(',')} has cells merged across {across}: their text is read as "
            f"{covered[0]} and {', '.join(covered[1:])} as empty. Split the cells (Table > Split Cells) and put each "
            "value in its own column",
            sheet=sheet,
            cell=f"{table} row {r}, column {covered[0]}",
        )
    below: dict[int, list[str]] = {}
    for r, col in t.down:
        if r > 1 and any(c.strip() for c in t.rows[r - 1]):
            below.setdefault(r, []).append(names[col] if col < len(names) else f"column {col + 1}")
    for r, columns in below.items():
        out.add(
            "W304",
            Severity.WARNING,
            f"row {r} of the {sheet} {table.rstrip(',')} has {', '.join(columns)} merged with the row above: the "
            f"merged text is read in row {r - 1} and row {r}'s {', '.join(columns)} as empty. Split the cells "
            "(Table > Split Cells) and type the value in each row",
            sheet=sheet,
            cell=f"{table} row {r}, column {columns[0]}",
        )


def _row_id(values: ValueReader, cell: tuple[str, Any], r: int, sheet: str, log: Log[Any], out: Collector) -> str:
    ident = values.text(cell[1])
    if ident:
        return ident
    out.add(
        "W505",
        Severity.WARNING,
        f"row {r} of the {log.what} table has content but no id; give it an id such as {log.prefix}{r - 1}",
        sheet=sheet,
        cell=cell[0],
    )
    return f"row{r}"


def _read_log(
    body: Body, log: Log[Item], heading: str, values: ValueReader, out: Collector
) -> tuple[str | None, list[tuple[Item, str]]]:
    """The workbook's reading of each row (read_tables.py), from the table with the log's columns."""
    sheet, tables = _find_tables(body, log.columns, heading, out)
    items: list[tuple[Item, str]] = []
    if not tables or sheet is None:
        return None, items
    for k, table in enumerate(tables):
        name = "table" if k == 0 else f"table after paragraph {table.paragraph},"
        where = table.heading or heading
        _outside(table, log.columns, where, out, name)
        _merged(table, where, out, name)
        for r, row in _rows(table, log.columns, name):
            ident = _row_id(values, row[log.id_heading], r, where, log, out)
            items.append((log.item(values, _getter(row), ident, where, _date), row[log.id_heading][0]))
    return sheet, items


def _getter(row: dict[str, tuple[str, str | None]]) -> Get:
    """A row's (location, text) by heading; a category with Word's curly apostrophes made straight."""

    def get(heading: str) -> tuple[str, Any]:
        ref, text = row[heading]
        return (ref, _straight(text)) if heading == "Category" else (ref, text)

    return get


def read_evidence(body: Body, values: ValueReader, out: Collector) -> tuple[str | None, list[tuple[EvidenceItem, str]]]:
    return _read_log(body, EVIDENCE, EVIDENCE_HEADING, values, out)


def read_actions(body: Body, values: ValueReader, out: Collector) -> tuple[str | None, list[tuple[ActionItem, str]]]:
    return _read_log(body, ACTIONS, ACTIONS_HEADING, values, out)


def is_log(t: Table) -> bool:
    """A table the logs could be read from: its first row holds two or more of a log's headings."""
    first = {norm(c) for c in t.rows[0]} if t.rows else set()
    return any(len(first & {norm(h) for h in log.columns}) >= 2 for log in (EVIDENCE, ACTIONS))


def other_tables(
    body: Body, spans: dict[str, tuple[int, int]], boxes: dict[str, Control], out: Collector
) -> dict[str, list[str]]:
    """The council's own tables (a table of figures under a statement): {statement id: each as text}.

    A Word form's boxes and labels hold text, so a table the council inserted under a statement is read
    into that statement's narrative, a line per row and its cells separated by " | ", with a W312 warning
    that its layout is not kept; nothing in it is lost (it was dropped). ``spans``: each statement's first
    and last paragraph number; a table outside them (the form's scale) is not the council's answer. A table
    pasted into one of the form's text boxes (``boxes``: the boxes read, by tag) is in that box's text instead.
    """
    found: dict[str, list[str]] = {}
    for t in body.tables:
        lines = table_lines(t)
        if is_log(t) or not lines:
            continue
        sid = next((sid for sid, (first, last) in spans.items() if first <= t.paragraph <= last), None)
        boxed = t.holder is not None and boxes.get(t.holder.tag or "") is t.holder
        if sid is None and not boxed:
            continue  # the form's own (the scale), or beside the statements: not the council's answers
        where = f"paragraph {t.paragraph}"
        if boxed and t.holder is not None:
            into = f"the box {t.holder.alias or t.holder.tag}"
        else:
            into = "the statement's narrative"
            found.setdefault(sid or "", []).append("\n".join(lines))
        out.add(
            "W312",
            Severity.WARNING,
            f"a table after {where} is read into {into} as text, a line per row with its cells "
            "separated by ' | '; its layout is not kept in the workbook, the report or a new form",
            sheet=t.heading or "Document",
            cell=where,
            item=sid,
        )
    return found
