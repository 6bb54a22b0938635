"""The Start sheet (who, what, how to complete it, the scale, a colour legend) and the hidden Lists sheet."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..model import ACTION_STATUS_CHOICES, CONFIDENCE_CHOICES, STATUS_CHOICES, Framework
from . import layout as L
from .cells import fit_row, landscape, letter, put, quote
from .styles import Styles

WIDTHS = (26, 100)  # the Start sheet's columns: the labels, the text


def write_lists(ws: Any, fw: Framework) -> dict[str, str]:
    """Choice lists on the hidden Lists sheet; returns absolute references for validations."""
    columns: dict[str, list[Any]] = {
        "score": [L.score_text(p.value, p.label) for p in fw.scale],
        "confidence": list(CONFIDENCE_CHOICES),
        "status": list(STATUS_CHOICES),
        "category": [c.title for c in fw.evidence_categories],
        "statement": [s.code for s in fw.statements],
        "action_status": list(ACTION_STATUS_CHOICES),
        "band_from": [int(b.lower) for b in fw.rating_bands],
        "band_label": [b.label for b in fw.rating_bands],
    }
    refs: dict[str, str] = {}
    sheet = quote(L.SHEET_LISTS)
    for col, (key, values) in enumerate(columns.items(), start=1):
        put(ws, 1, col, key)
        for i, value in enumerate(values, start=2):
            put(ws, i, col, value)
        column = letter(col)
        refs[key] = f"{sheet}!${column}$2:${column}${max(2, len(values) + 1)}"
    return refs


def write_start(ws: Any, st: Styles, fw: Framework, council: str, when: dt.datetime) -> None:
    """Fill the Start sheet; every wrapped row is given the height its text needs, so it prints whole."""
    ws.set_column(0, 0, WIDTHS[0])
    ws.set_column(1, 1, WIDTHS[1])
    put(ws, 1, 1, "Adult social care self-assessment", st, "title")
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
        put(ws, row, 1, label, st, "bold", "top")
        put(ws, row, 2, value, st, "wrap")
        fit_row(ws, row, [label, value], WIDTHS)
        row += 1
    row += 1
    put(ws, row, 1, "How to complete this workbook", st, "bold")
    for i, step in enumerate(steps(fw), start=1):
        row += 1
        put(ws, row, 1, f"Step {i}", st, "wrap")
        put(ws, row, 2, step, st, "wrap")
        fit_row(ws, row, ["", step], WIDTHS)
    if fw.scale:  # a rated framework: the scale and the bands its rating uses
        row += 2
        put(ws, row, 1, "The scale", st, "bold")
        for p in fw.scale:
            row += 1
            put(ws, row, 1, p.value, st, "left")
            put(ws, row, 2, p.label)
        row += 2
        put(ws, row, 1, "Rating bands", st, "bold")
        bands = list(fw.rating_bands)
        for i, b in enumerate(bands):
            row += 1
            upper = f"{b.lower}% to {bands[i + 1].lower - 1}%" if i + 1 < len(bands) else f"{b.lower}% and above"
            put(ws, row, 1, upper)
            put(ws, row, 2, b.label)
        row += 1
        put(ws, row, 2, fw.rounding, st, "wrap")
        fit_row(ws, row, ["", fw.rounding], WIDTHS)
    row += 2
    put(ws, row, 1, "Colour legend", st, "bold")
    legend = [
        ("input", "Pale yellow: fill these cells in"),
        ("context", "Grey: framework wording, locked so it stays exact"),
        ("theme_fill", "Teal: theme headings"),
        ("overdue", "Red (action plan): an action past its due date that is not complete"),
    ]
    for fill, text in legend:
        row += 1
        ws.write_blank(row - 1, 0, None, st(fill))
        put(ws, row, 2, text)
    if fw.source:
        row += 2
        put(ws, row, 1, "Source", st, "top")
        source = f"{fw.source} {('(' + fw.licence + ')') if fw.licence else ''}".strip()
        put(ws, row, 2, source, st, "wrap")
        fit_row(ws, row, ["", source], WIDTHS)
    landscape(ws, pages_tall=1)  # the instructions print on one page


def steps(fw: Framework) -> list[str]:
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
