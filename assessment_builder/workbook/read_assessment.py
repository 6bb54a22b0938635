"""The Assessment sheet: find each statement's input cells and check that each row holds the statement named.

Inputs are found by defined name. A sort or a move changes which statement a row holds
while the names stay where they were, so every named row is checked against its code
cell and its wording: a row that holds another statement is read from the row of its
own code (a W305 warning), or refused with a located W305 error when that cannot be
told. When names were dropped, inputs are found by headings and codes (W303).
"""

from __future__ import annotations

from dataclasses import field
from typing import Any

from ..errors import Severity
from ..model import Framework, Statement
from ..values import record
from . import layout as L
from .read_scan import Collector, column_cells, find_header, first_few, named_cell, say_ignored, stored, value_at
from .read_values import is_blank
from .xlsx_parts import column_letter as get_column_letter

AMBIGUOUS = "?"  # a row whose code names one statement and whose wording another

Located = dict[tuple[str, str], tuple[str, str, Any]]  # (statement id, field) -> (sheet, ref, cell)


@record
class RowIndex:
    """Which statement each row of the Assessment sheet holds, by its code cell (else its wording)."""

    header_row: int | None = None
    columns: dict[str, int] = field(default_factory=dict)  # heading (lower case) -> column
    held: dict[int, str] = field(default_factory=dict)  # row -> statement id, or AMBIGUOUS
    rows_of: dict[str, list[int]] = field(default_factory=dict)  # statement id -> rows holding it
    codes: dict[int, str] = field(default_factory=dict)  # row -> the code as typed

    def code_ref(self, row: int) -> str:
        return f"{get_column_letter(self.columns.get('code', 1))}{row}"


def index_rows(ws: Any, fw: Framework, full: Framework) -> RowIndex:
    """Read the Code and Statement columns once (only the cells the file holds)."""
    header_row, columns = find_header(ws, list(L.CONTEXT_HEADINGS) + [f.heading for f in fw.input_fields()])
    index = RowIndex(header_row, columns)
    code_col, title_col = columns.get("code"), columns.get("statement")
    if header_row is None or code_col is None:
        return index
    by_code = {s.code.lower(): s.id for s in full.statements}
    titles: dict[str, str] = {}
    for s in full.statements:
        key = " ".join(s.title.split()).lower()
        titles[key] = AMBIGUOUS if key in titles else s.id  # two statements sharing a title tell nothing
    rows = {r for r, _c in column_cells(ws, code_col, header_row + 1)}
    if title_col is not None:
        rows |= {r for r, _c in column_cells(ws, title_col, header_row + 1)}
    for r in sorted(rows):
        code = value_at(ws, r, code_col)
        code_text = "" if code is None else str(code).strip()
        by_c = by_code.get(code_text.lower()) or by_code.get(code_text.replace(" ", "").lower())
        title = value_at(ws, r, title_col)
        by_t = titles.get(" ".join(str(title).split()).lower()) if title is not None else None
        by_t = None if by_t == AMBIGUOUS else by_t
        held = AMBIGUOUS if by_c and by_t and by_c != by_t else (by_c or by_t)
        if held is None:
            continue
        index.held[r] = held
        index.codes[r] = code_text
        if held != AMBIGUOUS:
            index.rows_of.setdefault(held, []).append(r)
    return index


def locate_inputs(wb: Any, fw: Framework, full: Framework, out: Collector) -> Located:
    """Every input cell by (statement id, field): by defined name checked against its row, else by headings."""
    ws = wb[L.SHEET_ASSESSMENT]
    index = index_rows(ws, fw, full)
    found: Located = {}
    missing: list[str] = []
    for s in fw.statements:
        named: Located = {}
        for f in fw.input_fields():
            hit = named_cell(wb, L.input_name(s.id, f.key))
            if hit is None:
                missing.append(L.input_name(s.id, f.key))
            else:
                named[(s.id, f.key)] = hit
        found.update(_checked(ws, s, named, index, full, out))
    if missing:
        _by_headings(ws, fw, index, found, missing, out)
    _stray_inputs(ws, fw, index, found, out)
    return found


def _stray_inputs(ws: Any, fw: Framework, index: RowIndex, found: Located, out: Collector) -> None:
    """W307: answers typed on a row of no statement (a row added for "QS10", which the framework does not
    have) are not read; say which cells, rather than leave them out without a word."""
    if index.header_row is None:
        return
    _outside_columns(ws, index.header_row, index, found, out)
    used = {cell.row for sheet, _ref, cell in found.values() if sheet == L.SHEET_ASSESSMENT}
    inputs = {f.heading.lower() for f in fw.input_fields()}
    columns = sorted(c for h, c in index.columns.items() if h in inputs)
    stray = sorted((r, c) for c in columns for r, _cell in column_cells(ws, c, index.header_row + 1) if r not in used)
    if not stray:
        return
    refs = first_few([f"{get_column_letter(c)}{r}" for r, c in stray])
    code = next((index.codes.get(r) or value_at(ws, r, index.columns.get("code")) for r, _c in stray), None)
    named = f" (code '{str(code)[:20]}')" if code else ""
    out.add(
        "W307",
        Severity.WARNING,
        f"{len(stray)} answer cell(s) of the Assessment sheet are on a row of no statement of this workbook{named} "
        f"and were ignored: {refs}. Nothing in them is imported or carried; a statement the framework does not "
        "have belongs in a council's own framework (docs/frameworks.md), or its words in a statement's answers",
        sheet=L.SHEET_ASSESSMENT,
        cell=f"{get_column_letter(stray[0][1])}{stray[0][0]}",
    )


def _outside_columns(ws: Any, header_row: int, index: RowIndex, found: Located, out: Collector) -> None:
    """W307: text typed in a column the sheet does not have (one a lead inserted, or beside Status) is not read."""
    known = set(index.columns.values()) | {
        cell.column for sheet, _r, cell in found.values() if sheet == L.SHEET_ASSESSMENT
    }
    cells = [
        (r, c) for (r, c), cell in stored(ws).items() if r > header_row and c not in known and not is_blank(cell.value)
    ]
    say_ignored(
        out,
        L.SHEET_ASSESSMENT,
        cells,
        "are in a column that is not one of its own",
        "move anything that matters into a statement's own answer cells",
    )


def _checked(ws: Any, s: Statement, named: Located, index: RowIndex, full: Framework, out: Collector) -> Located:
    """The named cells of one statement, moved to the row of its code when the named row holds another."""
    rows = {cell.row for sheet, _ref, cell in named.values() if sheet == L.SHEET_ASSESSMENT}
    if index.header_row is None or len(rows) != 1:
        return named  # no Code column to check against, or names on other sheets: read as named
    (row,) = rows
    held = index.held.get(row)
    own = index.rows_of.get(s.id, [])
    if held == s.id:
        if len(own) > 1:
            others = ", ".join(str(r) for r in own if r != row)
            out.add(
                "W305",
                Severity.WARNING,
                f"{s.code} appears on more than one row (also row(s) {others}); the row its defined names point "
                f"to (row {row}) is read and the others are not. Delete the copies",
                sheet=L.SHEET_ASSESSMENT,
                cell=index.code_ref(row),
                item=s.id,
            )
        return named
    if held is None and not own:
        return named  # nothing in the sheet says the row holds another statement
    what = _holds(index, row, full)
    if held != AMBIGUOUS and len(own) == 1:
        target = own[0]
        moved: Located = {}
        for key, (_sheet, _ref, cell) in named.items():
            new = ws.cell(row=target, column=cell.column)
            moved[key] = (L.SHEET_ASSESSMENT, new.coordinate, new)
        out.add(
            "W305",
            Severity.WARNING,
            f"the rows of the Assessment sheet were sorted or moved: the defined names of {s.code} point to row "
            f"{row}, which {what}; {s.code}'s answers were read from row {target}, where its code is, and the "
            "Dashboard looks them up by code too. Put the rows back in the order of the generated workbook so "
            "that tools reading the defined names (Power Query) find them",
            sheet=L.SHEET_ASSESSMENT,
            cell=index.code_ref(target),
            item=s.id,
        )
        return moved
    where = (
        f"{s.code} is on no row"
        if not own
        else f"{s.code} is on rows {', '.join(str(r) for r in own)}"
        if len(own) > 1
        else f"row {row}'s code and wording name different statements"
    )
    out.add(
        "W305",
        Severity.ERROR,
        f"cannot tell which row holds the answers of {s.code}: its defined names point to row {row}, which "
        f"{what}, and {where}. Its answers are not read; put each statement's code and wording back on its own "
        "row (copy them from a freshly generated workbook)",
        sheet=L.SHEET_ASSESSMENT,
        cell=index.code_ref(row),
        item=s.id,
    )
    return {}


def _holds(index: RowIndex, row: int, full: Framework) -> str:
    held = index.held.get(row)
    if held is None:
        return "has no statement code"
    if held == AMBIGUOUS:
        return f"has the code '{index.codes.get(row, '')}' with another statement's wording"
    return f"holds {full.statement(held).code}"


def _by_headings(ws: Any, fw: Framework, index: RowIndex, found: Located, missing: list[str], out: Collector) -> None:
    """Inputs whose defined names are gone, found by their column heading and the row of their code."""
    recovered = 0
    for s in fw.statements:
        for f in fw.input_fields():
            if (s.id, f.key) in found:
                continue
            col = index.columns.get(f.heading.lower())
            rows = index.rows_of.get(s.id, [])
            if col and len(rows) == 1:
                cell = ws.cell(row=rows[0], column=col)
                found[(s.id, f.key)] = (L.SHEET_ASSESSMENT, cell.coordinate, cell)
                recovered += 1
            elif col and len(rows) > 1:
                out.add(
                    "W305",
                    Severity.ERROR,
                    f"cannot find the '{f.heading}' input of {s.code}: its defined name is missing and "
                    f"{s.code} appears on rows {', '.join(str(r) for r in rows)}. Delete the copies",
                    sheet=L.SHEET_ASSESSMENT,
                    cell=index.code_ref(rows[0]),
                    item=s.id,
                )
            elif f.key != "lead" or col:
                out.add(
                    "W303",
                    Severity.ERROR,
                    f"cannot find the '{f.heading}' input of {s.code}: the defined name "
                    f"{L.input_name(s.id, f.key)} is missing and no '{f.heading}' column or '{s.code}' row was found. "
                    "Restore the sheet from the generated workbook",
                    sheet=L.SHEET_ASSESSMENT,
                    item=s.id,
                )
    if recovered:
        out.add(
            "W303",
            Severity.WARNING,
            f"{len(missing)} defined name(s) such as {missing[0]} are missing (a spreadsheet program may have "
            f"dropped them); {recovered} input(s) were found by their column headings and statement codes instead",
            sheet=L.SHEET_ASSESSMENT,
        )


def check_wording(ws: Any, fw: Framework, meta: dict[str, str], out: Collector) -> None:
    """Compare the locked wording in the sheet with the hash stamped at generation."""
    header_row, columns = find_header(ws, list(L.CONTEXT_HEADINGS))
    code_col = columns.get("code")
    if not header_row or code_col is None:
        return
    for r, code_cell in column_cells(ws, code_col, header_row + 1):
        code = str(code_cell.value).strip()
        try:
            s = fw.statement(code)
        except KeyError:
            continue
        stamped = meta.get(f"{L.META_HASH_PREFIX}{s.id}")
        if not stamped:
            continue

        def col(heading: str, r: int = r) -> str:
            v = value_at(ws, r, columns.get(heading.lower()))
            return "" if v is None else str(v)

        in_sheet = Statement(
            s.id,
            code,
            col("Statement"),
            col("We statement"),
            _bullets(col("I statements")),
            _bullets(col("Prompts")),
            s.evidence_categories,
            s.theme_id,
        )
        if in_sheet.wording_hash() != stamped:
            out.add(
                "W300",
                Severity.WARNING,
                f"the locked wording of {s.code} was changed after the workbook was generated; the framework's "
                "own wording is used. Check that the answers still refer to the right statement",
                sheet=L.SHEET_ASSESSMENT,
                cell=f"{get_column_letter(code_col)}{r}",
                item=s.id,
            )


def _bullets(text: str) -> tuple[str, ...]:
    if text.strip() in ("", "-"):
        return ()
    return tuple(line.lstrip("• ").strip() for line in text.splitlines() if line.strip())


def check_merged(ws: Any, fw: Framework, cells: Located, out: Collector) -> None:
    """Merging an input with its neighbours hides all but the first cell: a warning for each statement with an
    input under the merge, naming the inputs read as empty (a lead's name merged down three rows is read for
    the first statement only)."""
    inputs = {ref: key for key, (sheet, ref, _c) in cells.items() if sheet == L.SHEET_ASSESSMENT}
    headings = {f.key: f.heading for f in fw.input_fields()}
    for rng in ws.merged_cells.ranges:
        covered = [ref for ref in inputs if ref in rng]
        if not (len(covered) > 1 or (covered and rng.min_col != rng.max_col)):
            continue
        first = f"{get_column_letter(rng.min_col)}{rng.min_row}"
        by_statement: dict[str, list[str]] = {}
        for ref in covered:
            by_statement.setdefault(inputs[ref][0], []).append(ref)
        codes = ", ".join(fw.statement(sid).code for sid in by_statement)
        for sid, refs in by_statement.items():
            code = fw.statement(sid).code
            hidden = [f"'{headings.get(inputs[ref][1], inputs[ref][1])}' ({ref})" for ref in refs if ref != first]
            lost = f"; {code}'s {' and '.join(hidden)} read{'s' if len(hidden) == 1 else ''} as empty" if hidden else ""
            out.add(
                "W304",
                Severity.WARNING,
                f"cells {rng.coord} are merged over the inputs of {codes}; only the first cell ({first}) is "
                f"read{lost}. Unmerge them (Home > Merge & Center) and check the answers",
                sheet=L.SHEET_ASSESSMENT,
                cell=refs[0],
                item=sid,
            )
