"""Write the blank (or prefilled) self-assessment workbook a council fills in.

Layout and names follow docs/workbook.md (constants in layout.py). Every input
cell has a defined name, so readers never depend on row positions; every
dropdown is one data validation per column range (cost grows linearly with rows).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from .. import __version__
from ..doc_properties import property_text
from ..errors import UsageError
from ..frameworks import did_you_mean
from ..gcpause import gc_paused
from ..model import Assessment, Framework, council_name
from ..output import atomic_write_bytes
from ..values import record
from . import layout as L
from .cells import OPTIONS, landscape, letter, put, quote, wrapped_height
from .context_sheet import write_context
from .dashboard import write_dashboard
from .indicators_sheet import SHEET_INDICATORS, write_indicators
from .log_sheets import list_validation, row_height, write_actions, write_evidence
from .start_sheet import write_lists, write_start
from .styles import Styles

# sheet protection: the sheet locked, but formatting cells, columns and rows, objects and scenarios allowed
PROTECT = {"objects": True, "scenarios": True, "format_cells": True, "format_columns": True, "format_rows": True}


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


@record
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
    meta: dict[str, str] | None = None,
) -> Path:
    """Write a self-assessment workbook for ``council`` to ``path`` (atomically; refuses to overwrite).

    ``statements``/``themes`` scope it (codes or ids); ``prefill`` writes an existing
    assessment's answers, evidence and actions into the inputs (``new --from``);
    ``extra_sheets`` (title: rows, row 1 the headings) are placed after the Dashboard; ``meta`` adds
    rows to the hidden ``_meta`` sheet (a split part's record).
    """
    council = council_name(council)
    fw = scope_framework(framework, statements, themes)
    data = build_workbook(
        fw,
        council,
        password=password,
        prefill=prefill,
        generated=generated,
        codes_from=framework.whole or framework,  # a lead's part carried on: codes of the whole framework
        extra_sheets=extra_sheets,
        meta=meta,
    )
    return atomic_write_bytes(path, data, force=force)


class _Sheet(Worksheet):  # type: ignore[misc]
    """XlsxWriter's worksheet, without its scan of each formula for functions newer than Excel 2010.

    The workbook's formulas use only functions Excel and LibreOffice share (tests/test_workbook_write.py
    keeps to the list), so there is nothing to prefix with ``_xlfn.``; the scan (thirty to a hundred and
    fifty regular expressions over every formula, compiled afresh in each process) would take longer than
    the rest of the workbook, and could rewrite a function's name inside a quoted band label.
    """

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        # what XlsxWriter does before its scan: drop array braces and the leading "="
        if formula.startswith("{"):
            formula = formula[1:]
        if formula.startswith("="):
            formula = formula[1:]
        return formula[:-1] if formula.endswith("}") else formula


class _Book(xlsxwriter.Workbook):  # type: ignore[misc]
    """XlsxWriter's workbook, with the workbook structure locked (which XlsxWriter has no option for)."""

    worksheet_class = _Sheet
    structure_password = ""  # the hashed password, when one is given

    def _write_workbook_pr(self) -> None:
        super()._write_workbook_pr()
        # <workbookProtection> follows <workbookPr> in the schema's order
        attributes: list[tuple[str, Any]] = []
        if self.structure_password:
            attributes.append(("workbookPassword", self.structure_password))
        attributes.append(("lockStructure", 1))
        self._xml_empty_tag("workbookProtection", attributes)


def _hash_password(password: str) -> str:
    """The legacy password hash of sheet and workbook protection (ECMA-376-4, Part 1, 18.2.29)."""
    digest = 0
    for char in reversed(password):
        digest = ((digest >> 14) & 0x01) | ((digest << 1) & 0x7FFF)
        digest ^= ord(char)
    digest = ((digest >> 14) & 0x01) | ((digest << 1) & 0x7FFF)
    digest ^= len(password) ^ 0xCE4B
    return f"{digest:X}"


def build_workbook(
    fw: Framework,
    council: str,
    *,
    password: str | None = None,
    prefill: Assessment | None = None,
    generated: dt.datetime | None = None,
    codes_from: Framework | None = None,
    extra_sheets: dict[str, list[list[Any]]] | None = None,
    meta: dict[str, str] | None = None,
) -> bytes:
    """Build the workbook in memory and return the .xlsx file's bytes (see :func:`write_workbook`).

    ``codes_from`` is the unscoped framework, so prefilled evidence keeps its codes for
    statements outside a scoped workbook (a lead's part shares the whole evidence log).
    """
    when = (generated or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
    buffer = io.BytesIO()
    with gc_paused():
        book = _Book(buffer, OPTIONS)
        _fill(book, fw, council, when, password, prefill, codes_from or fw, extra_sheets or {}, meta or {})
        book.close()
    return buffer.getvalue()


def _fill(
    book: _Book,
    fw: Framework,
    council: str,
    when: dt.datetime,
    password: str | None,
    prefill: Assessment | None,
    full: Framework,
    extra_sheets: dict[str, list[list[Any]]],
    extra_meta: dict[str, str],
) -> None:
    """Add the sheets in their order and fill each (docs/workbook.md)."""
    st = Styles(book)
    start = book.add_worksheet(L.SHEET_START)
    context = book.add_worksheet(L.SHEET_CONTEXT)
    assessment = book.add_worksheet(L.SHEET_ASSESSMENT)
    evidence = book.add_worksheet(L.SHEET_EVIDENCE)
    actions = book.add_worksheet(L.SHEET_ACTIONS)
    indicators = book.add_worksheet(SHEET_INDICATORS) if fw.indicators else None
    dashboard = book.add_worksheet(L.SHEET_DASHBOARD)
    for title, report in extra_sheets.items():
        _report_sheet(book.add_worksheet(title), st, report)
    lists = book.add_worksheet(L.SHEET_LISTS)
    meta = book.add_worksheet(L.SHEET_META)

    list_refs = write_lists(lists, fw)
    write_start(start, st, fw, council, when)
    write_context(book, context, st, prefill.context if prefill else None)
    rows = _write_assessment(assessment, st, fw, list_refs, prefill)
    n_evidence = len(prefill.evidence) if prefill else 0
    n_actions = len(prefill.actions) if prefill else 0
    # the formulas look at every row the tables are written with and a generous margin (recorded in _meta)
    formula_rows = L.formula_rows(max(n_evidence, n_actions))
    write_evidence(evidence, st, fw, full, list_refs, prefill)
    write_actions(actions, st, fw, full, list_refs, prefill, formula_rows)
    if indicators is not None:
        write_indicators(indicators, st, fw, full, prefill.indicators if prefill else None)
    write_dashboard(book, dashboard, st, fw, rows.statement_rows, rows.input_columns, list_refs, formula_rows)
    _define_names(book, fw, rows)
    _write_meta(book, meta, fw, council, when, protected=True, formula_rows=formula_rows, extra=extra_meta)

    for ws in (start, context, assessment, dashboard, lists):
        ws.protect(password or "", PROTECT)
    lists.hide()
    meta.very_hidden()
    if password:
        book.structure_password = _hash_password(password)
    book.set_properties({"created": when})
    start.activate()


def _report_sheet(ws: Any, st: Styles, rows: list[list[Any]]) -> None:
    """A plain, readable sheet (a review or conflict list) placed after the Dashboard; row 1 is headings."""
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if r == 1:
                put(ws, r, c, str(value), st, "header")
            else:
                put(ws, r, c, value, st, "wrap")
    for c in range(max((len(r) for r in rows), default=0)):
        ws.set_column(c, c, 40 if c > 1 else 18)
    ws.freeze_panes(1, 0)


def _answers(fw: Framework, prefill: Assessment | None) -> dict[tuple[str, str], Any]:
    """The prefilled inputs by (statement id, field); a score shows as its dropdown text."""
    values: dict[tuple[str, str], Any] = {}
    for s in fw.statements if prefill else []:
        answer = prefill.answers.get(s.id) if prefill else None
        for key, value in (answer.values if answer else {}).items():
            if value is None or value == "":
                continue
            if key == "score" and isinstance(value, int) and not isinstance(value, bool):
                with contextlib.suppress(KeyError):
                    value = L.score_text(value, fw.scale_label(value))
            values[s.id, key] = value
    return values


def _write_assessment(ws: Any, st: Styles, fw: Framework, refs: dict[str, str], prefill: Assessment | None) -> _Rows:
    fields = fw.input_fields()
    headings = list(L.CONTEXT_HEADINGS) + [f.heading for f in fields]
    widths = [8, 24, 45, 45, 50, 22] + [_input_width(f.key) for f in fields]
    put(ws, 1, 1, f"{fw.title} ({fw.version}): self-assessment", st, "title")
    put(ws, 2, 1, "Fill in the pale yellow cells. The grey wording is the framework's own and is locked.")
    for col, (heading, width) in enumerate(zip(headings, widths), start=1):
        put(ws, L.ASSESSMENT_HEADER_ROW, col, heading, st, "header")
        ws.set_column(col - 1, col - 1, width)
    first_input = len(L.CONTEXT_HEADINGS) + 1
    input_columns = {f.key: first_input + i for i, f in enumerate(fields)}
    categories = {c.id: c.title for c in fw.evidence_categories}
    answers = _answers(fw, prefill)
    row = L.ASSESSMENT_HEADER_ROW
    statement_rows: dict[str, int] = {}
    for theme in fw.themes:
        row += 1
        ws.merge_range(row - 1, 0, row - 1, len(headings) - 1, "", st("theme"))
        put(ws, row, 1, f"{theme.code} {theme.title}", st, "theme")
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
                put(ws, row, col, value, st, "wrap", "context", "thin", "bold" if col <= 2 else "body")
            for f in fields:
                put(ws, row, input_columns[f.key], answers.get((s.id, f.key)), st, "input", "thin", "wrap", "unlocked")
            # tall enough for the locked wording (10 point) and for any prefilled answer (11 point)
            given = [answers.get((s.id, f.key)) for f in fields]
            height = wrapped_height(given, widths[len(context) :])
            ws.set_row(row - 1, max(row_height([str(v) for v in context], widths), height))
    first = L.ASSESSMENT_HEADER_ROW + 1
    for f in fields:
        col, rows = input_columns[f.key], (first, row)
        if f.kind == "score":
            list_validation(ws, col, rows, refs["score"], "Score", "Choose a score from the list.")
        elif f.key == "confidence":
            list_validation(ws, col, rows, refs["confidence"], "Confidence", "Choose High, Medium or Low.")
        elif f.key == "status":
            list_validation(ws, col, rows, refs["status"], "Status", "Choose a status from the list.")
    ws.freeze_panes(L.ASSESSMENT_HEADER_ROW, 2)
    ws.repeat_rows(L.ASSESSMENT_HEADER_ROW - 1)
    landscape(ws)
    return _Rows(statement_rows, input_columns, first, row)


def _input_width(key: str) -> float:
    return {"score": 30, "confidence": 13, "lead": 18, "status": 16}.get(key, 50)


def _define_names(book: Any, fw: Framework, rows: _Rows) -> None:
    sheet = quote(L.SHEET_ASSESSMENT)
    for s in fw.statements:
        r = rows.statement_rows[s.id]
        for key, col in rows.input_columns.items():
            book.define_name(L.input_name(s.id, key), f"={sheet}!${letter(col)}${r}")
    book.define_name(L.NAME_COUNCIL, f"={quote(L.SHEET_START)}!$B$3")


def _write_meta(
    book: Any,
    ws: Any,
    fw: Framework,
    council: str,
    when: dt.datetime,
    protected: bool,
    formula_rows: int,
    extra: dict[str, str],
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
    rows += list(extra.items())
    text = "" if fw.builtin else fw.yaml_text
    if text:
        # a council's own framework travels inside the workbook, so any copy of the tool can read it back
        size = 30000  # below Excel's 32,767 characters per cell
        rows += [
            (f"{L.META_YAML_PREFIX}{i + 1}", text[i * size : (i + 1) * size])
            for i in range((len(text) + size - 1) // size)
        ]
    for r, (key, value) in enumerate(rows, start=1):
        put(ws, r, 1, key)
        put(ws, r, 2, value)
    for key in ("framework_id", "framework_version", "generator_version", "council", "generated"):
        # Excel's limit is 255 characters; the metadata sheet holds the whole council name, which is what is read
        book.set_custom_property(f"ab_{key}", property_text(values[key]))
