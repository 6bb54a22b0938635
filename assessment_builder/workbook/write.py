"""Write the blank (or prefilled) self-assessment workbook a council fills in.

Layout and names follow docs/workbook.md (constants in layout.py). Every input
cell has a defined name, so readers never depend on row positions; every
dropdown is one data validation per column range (cost grows linearly with rows).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.formatting.rule import FormulaRule
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from .. import __version__
from ..errors import UsageError
from ..frameworks import did_you_mean
from ..model import ACTION_STATUS_CHOICES, Assessment, Framework
from ..output import atomic_write
from . import layout as L
from .cells import put_text
from .context_sheet import write_context
from .dashboard import write_dashboard
from .indicators_sheet import write_indicators
from .styles import (
    BODY,
    BOLD,
    CONTEXT_FILL,
    HEADER_FILL,
    HEADER_FONT,
    INPUT_FILL,
    THEME_FILL,
    THEME_FONT,
    THIN,
    TITLE_FONT,
    WRAP,
)

DATE_FORMAT = "dd/mm/yyyy"
EVIDENCE_WIDTHS = [12, 45, 30, 18, 13, 20, 45]
ACTION_WIDTHS = [12, 12, 60, 22, 13, 16]


def scope_framework(
    framework: Framework, statements: list[str] | None = None, themes: list[str] | None = None
) -> Framework:
    """Keep only the statements (codes or ids) and themes asked for; unknown ones are a UsageError."""
    if not statements and not themes:
        return framework
    keep: set[str] = set()
    problems: list[str] = []
    for key in statements or []:
        try:
            keep.add(framework.statement(key.strip()).id)
        except KeyError:
            choices = [s.code for s in framework.statements]
            problems.append(f"unknown statement '{key.strip()}'{did_you_mean(key.strip(), choices)}")
    bad_statements = len(problems)
    for key in themes or []:
        try:
            keep.update(s.id for s in framework.theme(key.strip()).statements)
        except KeyError:
            choices = [t.code for t in framework.themes]
            problems.append(f"unknown theme '{key.strip()}'{did_you_mean(key.strip(), choices)}")
    if problems:
        known = []
        if bad_statements:
            known.append("statements " + ", ".join(s.code for s in framework.statements))
        if len(problems) > bad_statements:
            known.append("themes " + ", ".join(t.code for t in framework.themes))
        raise UsageError("; ".join(problems) + f". {framework.id} has " + " and ".join(known))
    return framework.scoped(keep)


@dataclass
class _Rows:
    """Where each statement landed on the Assessment sheet (row) and each input (column)."""

    statement_rows: dict[str, int]
    input_columns: dict[str, int]
    first_row: int
    last_row: int


def write_workbook(
    framework: Framework,
    council: str,
    path: str | Path,
    *,
    statements: list[str] | None = None,
    themes: list[str] | None = None,
    force: bool = False,
    password: str | None = None,
    prefill: Assessment | None = None,
    generated: dt.datetime | None = None,
    extra_sheets: dict[str, list[list[Any]]] | None = None,
) -> Path:
    """Write a self-assessment workbook for ``council`` to ``path`` (atomically; refuses to overwrite).

    ``statements``/``themes`` scope it (codes or ids); ``prefill`` writes an existing
    assessment's answers, evidence and actions into the inputs (``new --from``).
    """
    council = council.strip()
    if not council:
        raise UsageError('the council name is empty; give it with --council "Example Council"')
    fw = scope_framework(framework, statements, themes)
    wb = build_workbook(fw, council, password=password, prefill=prefill, generated=generated, codes_from=framework)
    for title, rows in (extra_sheets or {}).items():
        add_report_sheet(wb, title, rows)
    return atomic_write(path, lambda tmp: wb.save(tmp), force=force)


def build_workbook(
    fw: Framework,
    council: str,
    *,
    password: str | None = None,
    prefill: Assessment | None = None,
    generated: dt.datetime | None = None,
    codes_from: Framework | None = None,
) -> Workbook:
    """Build the workbook in memory (see :func:`write_workbook`).

    ``codes_from`` is the unscoped framework, so prefilled evidence keeps its codes for
    statements outside a scoped workbook (a lead's part shares the whole evidence log).
    """
    when = (generated or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
    wb = Workbook()
    start = wb.active
    assert start is not None
    start.title = L.SHEET_START
    assessment = wb.create_sheet(L.SHEET_ASSESSMENT)
    evidence = wb.create_sheet(L.SHEET_EVIDENCE)
    actions = wb.create_sheet(L.SHEET_ACTIONS)
    dashboard = wb.create_sheet(L.SHEET_DASHBOARD)
    lists = wb.create_sheet(L.SHEET_LISTS)
    meta = wb.create_sheet(L.SHEET_META)

    list_refs = _write_lists(lists, fw)
    _write_start(start, fw, council, when)
    context = write_context(wb, prefill.context if prefill else None)
    rows = _write_assessment(assessment, fw, list_refs)
    n_evidence = len(prefill.evidence) if prefill else 0
    n_actions = len(prefill.actions) if prefill else 0
    # the formulas look at every row the tables are written with and a generous margin (recorded in _meta)
    formula_rows = L.formula_rows(max(n_evidence, n_actions))
    _write_evidence(evidence, fw, list_refs, n_evidence)
    _write_actions(actions, fw, list_refs, n_actions, formula_rows)
    if fw.indicators:
        write_indicators(wb, fw, codes_from or fw, prefill.indicators if prefill else None)
    write_dashboard(dashboard, fw, rows.statement_rows, rows.input_columns, list_refs, formula_rows)
    _define_names(wb, fw, rows)
    if prefill is not None:
        _prefill(wb, fw, rows, prefill, codes_from or fw)
    _write_meta(wb, meta, fw, council, when, protected=True, formula_rows=formula_rows)

    for ws in (start, context, assessment, dashboard, lists):
        ws.protection.sheet = True
        ws.protection.formatCells = False
        ws.protection.formatColumns = False
        ws.protection.formatRows = False
        if password:
            ws.protection.password = password
    lists.sheet_state = "hidden"
    meta.sheet_state = "veryHidden"
    wb.security = WorkbookProtection(lockStructure=True)
    if password:
        wb.security.workbookPassword = password
    wb.active = 0
    return wb


def add_report_sheet(wb: Workbook, title: str, rows: list[list[Any]]) -> None:
    """A plain, readable sheet (a review or conflict list) placed after the Dashboard; row 1 is headings."""
    ws = wb.create_sheet(title, index=wb.sheetnames.index(L.SHEET_DASHBOARD) + 1)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            put_text(cell, value)
            cell.alignment = WRAP
            if r == 1:
                _header(cell, str(value))
    for c in range(1, max((len(r) for r in rows), default=0) + 1):
        ws.column_dimensions[get_column_letter(c)].width = 40 if c > 2 else 18
    ws.freeze_panes = "A2"


def _write_lists(ws: Worksheet, fw: Framework) -> dict[str, str]:
    """Choice lists on the hidden Lists sheet; returns absolute references for validations."""
    from ..model import CONFIDENCE_CHOICES, STATUS_CHOICES

    columns: dict[str, list[str]] = {
        "score": [L.score_text(p.value, p.label) for p in fw.scale],
        "confidence": list(CONFIDENCE_CHOICES),
        "status": list(STATUS_CHOICES),
        "category": [c.title for c in fw.evidence_categories],
        "statement": [s.code for s in fw.statements],
        "action_status": list(ACTION_STATUS_CHOICES),
        "band_from": [str(b.lower) for b in fw.rating_bands],
        "band_label": [b.label for b in fw.rating_bands],
    }
    refs: dict[str, str] = {}
    sheet = quote_sheetname(L.SHEET_LISTS)
    for col, (key, values) in enumerate(columns.items(), start=1):
        letter = get_column_letter(col)
        put_text(ws.cell(row=1, column=col), key)
        for i, value in enumerate(values, start=2):
            cell = ws.cell(row=i, column=col)
            if key == "band_from":
                cell.value = int(value)
            else:
                put_text(cell, value)
        last = max(2, len(values) + 1)
        refs[key] = f"{sheet}!${letter}$2:${letter}${last}"
    return refs


def _write_start(ws: Worksheet, fw: Framework, council: str, when: dt.datetime) -> None:
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 100
    put_text(ws["A1"], "Adult social care self-assessment")
    ws["A1"].font = TITLE_FONT
    facts = [
        ("Council", council),
        ("Framework", fw.title),
        ("Version", fw.version),
        ("Publisher", fw.publisher or "-"),
        ("Generated", when.strftime("%d %B %Y %H:%M UTC")),
        ("Statements", f"{len(fw.statements)} in {len(fw.themes)} theme(s)"),
    ]
    row = 3
    for label, value in facts:
        put_text(ws.cell(row=row, column=1), label)
        ws.cell(row=row, column=1).font = BOLD
        put_text(ws.cell(row=row, column=2), value)
        ws.cell(row=row, column=2).alignment = WRAP
        row += 1
    row += 1
    put_text(ws.cell(row=row, column=1), "How to complete this workbook")
    ws.cell(row=row, column=1).font = BOLD
    steps = _steps(fw)
    for i, step in enumerate(steps, start=1):
        row += 1
        put_text(ws.cell(row=row, column=1), f"Step {i}")
        ws.cell(row=row, column=1).alignment = WRAP
        put_text(ws.cell(row=row, column=2), step)
        ws.cell(row=row, column=2).alignment = WRAP
        ws.row_dimensions[row].height = 15 * (1 + len(step) // 95)
    if fw.scale:  # a rated framework: the scale and the bands its rating uses
        row += 2
        put_text(ws.cell(row=row, column=1), "The scale")
        ws.cell(row=row, column=1).font = BOLD
        for p in fw.scale:
            row += 1
            ws.cell(row=row, column=1).value = p.value
            ws.cell(row=row, column=1).alignment = Alignment(horizontal="left")
            put_text(ws.cell(row=row, column=2), p.label)
        row += 2
        put_text(ws.cell(row=row, column=1), "Rating bands")
        ws.cell(row=row, column=1).font = BOLD
        bands = list(fw.rating_bands)
        for i, b in enumerate(bands):
            row += 1
            upper = f"{b.lower}% to {bands[i + 1].lower - 1}%" if i + 1 < len(bands) else f"{b.lower}% and above"
            put_text(ws.cell(row=row, column=1), upper)
            put_text(ws.cell(row=row, column=2), b.label)
        row += 1
        put_text(ws.cell(row=row, column=2), fw.rounding)
        ws.cell(row=row, column=2).alignment = WRAP
    row += 2
    put_text(ws.cell(row=row, column=1), "Colour legend")
    ws.cell(row=row, column=1).font = BOLD
    legend = [
        (INPUT_FILL, "Pale yellow: fill these cells in"),
        (CONTEXT_FILL, "Grey: framework wording, locked so it stays exact"),
        (THEME_FILL, "Teal: theme headings"),
        (PatternFill("solid", fgColor="F4CCCC"), "Red (action plan): an action past its due date that is not complete"),
    ]
    for fill, text in legend:
        row += 1
        ws.cell(row=row, column=1).fill = fill
        put_text(ws.cell(row=row, column=2), text)
    if fw.source:
        row += 2
        put_text(ws.cell(row=row, column=1), "Source")
        put_text(ws.cell(row=row, column=2), f"{fw.source} {('(' + fw.licence + ')') if fw.licence else ''}".strip())
        ws.cell(row=row, column=2).alignment = WRAP
    _landscape(ws)
    ws.page_setup.fitToHeight = 1  # the instructions print on one page


def _steps(fw: Framework) -> list[str]:
    codes = ", ".join(s.code for s in fw.statements[:2])
    return [
        "Read each statement on the Assessment sheet: its wording, what people expect and the prompts are locked.",
        fw.policy.judge_step,
        "Write in your own words, naming the evidence behind each point.",
        "Log every piece of evidence on the Evidence sheet: give it an id (E1, E2...), its category and the "
        f"statement codes it supports, e.g. '{codes}'.",
        "Add an action to the Actions sheet for everything that needs to improve (one statement code per action).",
        "Set each statement's lead officer and status; the Dashboard shows progress" + fw.policy.dashboard_step,
        "Do not rename or delete sheets, and do not retype the locked wording: the tool reads the workbook back by name.",
    ]


def _header(cell: Cell, text: str) -> None:
    put_text(cell, text)
    cell.font = HEADER_FONT
    cell.fill = HEADER_FILL
    cell.alignment = Alignment(wrap_text=True, vertical="center")
    cell.border = THIN


def _write_assessment(ws: Worksheet, fw: Framework, refs: dict[str, str]) -> _Rows:
    fields = fw.input_fields()
    headings = list(L.CONTEXT_HEADINGS) + [f.heading for f in fields]
    widths = [8, 24, 45, 45, 50, 22] + [_input_width(f.key) for f in fields]
    put_text(ws["A1"], f"{fw.title} ({fw.version}): self-assessment")
    ws["A1"].font = TITLE_FONT
    put_text(ws["A2"], "Fill in the pale yellow cells. The grey wording is the framework's own and is locked.")
    for col, (heading, width) in enumerate(zip(headings, widths), start=1):
        _header(ws.cell(row=L.ASSESSMENT_HEADER_ROW, column=col), heading)
        ws.column_dimensions[get_column_letter(col)].width = width
    first_input = len(L.CONTEXT_HEADINGS) + 1
    input_columns = {f.key: first_input + i for i, f in enumerate(fields)}
    categories = {c.id: c.title for c in fw.evidence_categories}
    row = L.ASSESSMENT_HEADER_ROW
    statement_rows: dict[str, int] = {}
    for theme in fw.themes:
        row += 1
        cell = ws.cell(row=row, column=1)
        put_text(cell, f"{theme.code} {theme.title}")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(headings))
        cell.font = THEME_FONT
        cell.fill = THEME_FILL
        for s in theme.statements:
            row += 1
            statement_rows[s.id] = row
            context = [
                s.code,
                s.title,
                s.we_statement,
                "\n".join(f"• {i}" for i in s.i_statements) or "-",
                "\n".join(f"• {p}" for p in s.prompts) or "-",
                "\n".join(categories[c] for c in s.evidence_categories),
            ]
            for col, value in enumerate(context, start=1):
                c = ws.cell(row=row, column=col)
                put_text(c, value)
                c.alignment = WRAP
                c.fill = CONTEXT_FILL
                c.border = THIN
                c.font = BOLD if col <= 2 else BODY
            for f in fields:
                c = ws.cell(row=row, column=input_columns[f.key])
                c.fill = INPUT_FILL
                c.border = THIN
                c.alignment = WRAP
                c.protection = Protection(locked=False)
            ws.row_dimensions[row].height = _row_height([str(v) for v in context], widths)
    first = L.ASSESSMENT_HEADER_ROW + 1
    for f in fields:
        letter = get_column_letter(input_columns[f.key])
        rng = f"{letter}{first}:{letter}{row}"
        if f.kind == "score":
            _list_validation(ws, rng, refs["score"], "Score", "Choose a score from the list.")
        elif f.key == "confidence":
            _list_validation(ws, rng, refs["confidence"], "Confidence", "Choose High, Medium or Low.")
        elif f.key == "status":
            _list_validation(ws, rng, refs["status"], "Status", "Choose a status from the list.")
    ws.freeze_panes = f"C{L.ASSESSMENT_HEADER_ROW + 1}"
    ws.print_title_rows = f"{L.ASSESSMENT_HEADER_ROW}:{L.ASSESSMENT_HEADER_ROW}"
    _landscape(ws)
    return _Rows(statement_rows, input_columns, first, row)


def _input_width(key: str) -> float:
    return {"score": 30, "confidence": 13, "lead": 18, "status": 16}.get(key, 50)


def _row_height(context: Sequence[str], widths: Sequence[float]) -> float:
    """A row tall enough for its longest wrapped cell (Excel does not grow rows written by a program)."""

    def lines(text: str, width: float) -> int:
        per_line = max(1, int(width * 1.15))  # characters of 10-point text per line at this column width
        return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))

    tallest = max(lines(text, width) for text, width in zip(context, widths))
    return min(409, 13.0 * tallest + 6)


def _landscape(ws: Worksheet) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _list_validation(ws: Worksheet, rng: str, source: str, title: str, message: str) -> None:
    dv = DataValidation(type="list", formula1=source, allow_blank=True)  # OOXML formulas carry no "="
    dv.error = message
    dv.errorTitle = title
    dv.prompt = message
    dv.showErrorMessage = True
    dv.showInputMessage = True
    ws.add_data_validation(dv)
    dv.add(rng)


def _date_validation(ws: Worksheet, rng: str) -> None:
    dv = DataValidation(type="date", operator="greaterThan", formula1="DATE(1990,1,1)", allow_blank=True)
    dv.error = "Type a date, for example 31/03/2025."
    dv.errorTitle = "Date"
    dv.showErrorMessage = True
    ws.add_data_validation(dv)
    dv.add(rng)


def _table(ws: Worksheet, name: str, columns: tuple[str, ...], rows: int, widths: list[int]) -> None:
    for col, (heading, width) in enumerate(zip(columns, widths), start=1):
        _header(ws.cell(row=1, column=col), heading)
        ws.column_dimensions[get_column_letter(col)].width = width
        # one column style, so text typed anywhere in the column wraps instead of being cut off
        ws.column_dimensions[get_column_letter(col)].alignment = WRAP
    ref = f"A1:{get_column_letter(len(columns))}{rows + 1}"
    table = Table(displayName=name, ref=ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    ws.add_table(table)
    ws.freeze_panes = "B2"
    ws.print_title_rows = "1:1"
    _landscape(ws)


def _write_evidence(ws: Worksheet, fw: Framework, refs: dict[str, str], count: int) -> None:
    rows = max(L.TABLE_MIN_ROWS, count + 50)
    _table(ws, L.TABLE_EVIDENCE, L.EVIDENCE_COLUMNS, rows, EVIDENCE_WIDTHS)
    _list_validation(ws, f"C2:C{rows + 1}", refs["category"], "Category", "Choose an evidence category.")
    _date_validation(ws, f"E2:E{rows + 1}")
    _date_column(ws, "E")


def _date_column(ws: Worksheet, letter: str) -> None:
    """Dates typed into the column show as 31/03/2025: one column style, not one style per cell."""
    ws.column_dimensions[letter].number_format = DATE_FORMAT


def _write_actions(ws: Worksheet, fw: Framework, refs: dict[str, str], count: int, formula_rows: int) -> None:
    rows = max(L.TABLE_MIN_ROWS, count + 50)
    _table(ws, L.TABLE_ACTIONS, L.ACTION_COLUMNS, rows, ACTION_WIDTHS)
    _list_validation(ws, f"B2:B{rows + 1}", refs["statement"], "Statement", "Choose a statement code.")
    _list_validation(ws, f"F2:F{rows + 1}", refs["action_status"], "Status", "Choose a status.")
    _date_validation(ws, f"E2:E{rows + 1}")
    _date_column(ws, "E")
    red = PatternFill("solid", fgColor="F4CCCC", bgColor="F4CCCC")
    ws.conditional_formatting.add(
        f"A2:F{formula_rows + 1}",
        FormulaRule(
            formula=['AND($E2<>"",$E2<TODAY(),$F2<>"Complete",$F2<>"Carried forward")'],
            fill=red,
            font=Font(color="9C0006"),
        ),
    )


def _define_names(wb: Workbook, fw: Framework, rows: _Rows) -> None:
    sheet = quote_sheetname(L.SHEET_ASSESSMENT)
    for s in fw.statements:
        r = rows.statement_rows[s.id]
        for key, col in rows.input_columns.items():
            ref = f"{sheet}!${get_column_letter(col)}${r}"
            wb.defined_names[L.input_name(s.id, key)] = DefinedName(L.input_name(s.id, key), attr_text=ref)
    wb.defined_names[L.NAME_COUNCIL] = DefinedName(L.NAME_COUNCIL, attr_text=f"{quote_sheetname(L.SHEET_START)}!$B$3")


def _prefill(wb: Workbook, fw: Framework, rows: _Rows, prefill: Assessment, full: Framework) -> None:
    ws = wb[L.SHEET_ASSESSMENT]
    for s in fw.statements:
        answer = prefill.answers.get(s.id)
        if answer is None:
            continue
        for key, col in rows.input_columns.items():
            value = answer.values.get(key)
            if value is None or value == "":
                continue
            if key == "score" and isinstance(value, int) and not isinstance(value, bool):
                with contextlib.suppress(KeyError):
                    value = L.score_text(value, fw.scale_label(value))
            put_text(ws.cell(row=rows.statement_rows[s.id], column=col), value)
    codes = {s.id: s.code for s in full.statements}
    titles = {c.id: c.title for c in fw.evidence_categories}
    ev = wb[L.SHEET_EVIDENCE]
    for r, e in enumerate(prefill.evidence, start=2):
        values = [
            e.id,
            e.title,
            titles.get(e.category or "", e.category),
            ", ".join(codes.get(x, x) for x in e.statements),
            e.date,
            e.owner,
            e.location,
        ]
        for col, value in enumerate(values, start=1):
            put_text(ev.cell(row=r, column=col), value)
            ev.cell(row=r, column=col).alignment = WRAP
        if e.date:
            ev.cell(row=r, column=5).number_format = DATE_FORMAT
        ev.row_dimensions[r].height = _row_height([str(v or "") for v in values], EVIDENCE_WIDTHS)
    act = wb[L.SHEET_ACTIONS]
    for r, a in enumerate(prefill.actions, start=2):
        values = [a.id, codes.get(a.statement or "", a.statement), a.action, a.owner, a.due, a.status]
        for col, value in enumerate(values, start=1):
            put_text(act.cell(row=r, column=col), value)
            act.cell(row=r, column=col).alignment = WRAP
        if a.due:
            act.cell(row=r, column=5).number_format = DATE_FORMAT
        act.row_dimensions[r].height = _row_height([str(v or "") for v in values], ACTION_WIDTHS)


def _write_meta(
    wb: Workbook, ws: Worksheet, fw: Framework, council: str, when: dt.datetime, protected: bool, formula_rows: int
) -> None:
    values = {
        "framework_id": fw.id,
        "framework_version": fw.version,
        "framework_title": fw.title,
        "generator": L.GENERATOR,
        "generator_version": __version__,
        "council": council,
        "generated": when.isoformat(),
        "scope": ",".join(s.id for s in fw.statements),
        "protected": "yes" if protected else "no",
        L.META_FORMULA_ROWS: str(formula_rows),
    }
    rows = [("key", "value"), *values.items()]
    rows += [(f"{L.META_HASH_PREFIX}{s.id}", s.wording_hash()) for s in fw.statements]
    text = "" if fw.builtin else fw.yaml_text
    if text:
        # a council's own framework travels inside the workbook, so any copy of the tool can read it back
        size = 30000  # below Excel's 32,767 characters per cell
        rows += [
            (f"{L.META_YAML_PREFIX}{i + 1}", text[i * size : (i + 1) * size])
            for i in range((len(text) + size - 1) // size)
        ]
    for r, (key, value) in enumerate(rows, start=1):
        put_text(ws.cell(row=r, column=1), key)
        put_text(ws.cell(row=r, column=2), value)
    for key in ("framework_id", "framework_version", "generator_version", "council", "generated"):
        wb.custom_doc_props.append(StringProperty(name=f"ab_{key}", value=values[key]))
