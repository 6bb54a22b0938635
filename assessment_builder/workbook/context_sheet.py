"""The Local context sheet: population, spend and demographic notes the council fills in, opening its report."""

from __future__ import annotations

from typing import Any

from ..model import CONTEXT_ITEMS
from . import layout as L
from .cells import fit_row, landscape, put, quote, wrapped_height

HEADER_ROW = 3  # Item / Value headings; the items follow, one a row
FIRST_ROW = HEADER_ROW + 1
WIDTHS = (34, 90)  # Item, Value
NOTES_HEIGHT = 90  # points: room for a few lines of notes


def context_name(key: str) -> str:
    """The defined name of one Value cell, e.g. ``ab_context_population_adults``."""
    return f"{L.NAME_PREFIX}context_{key}"


def write_context(book: Any, ws: Any, st: Any, prefill: dict[str, str] | None = None) -> None:
    """Fill the Local context sheet: its Value cells unlocked and named (the writer protects the sheet)."""
    ws.set_column(0, 0, WIDTHS[0])
    ws.set_column(1, 1, WIDTHS[1])
    put(ws, 1, 1, "Local context (optional)", st, "title")
    intro = (
        "Describe the area your report opens with: population, spend and the people you serve. "
        "Leave any item empty to omit it."
    )
    # across both columns, so it wraps on the page instead of running past the Value column
    ws.merge_range(1, 0, 1, 1, "", st("wrap"))
    put(ws, 2, 1, intro, st, "wrap")
    fit_row(ws, 2, [intro], [sum(WIDTHS)])
    for col, heading in ((1, "Item"), (2, "Value")):
        # the heading's look without its wrapping, as the sheet has always had it
        put(ws, HEADER_ROW, col, heading, st, "heading_plain")
    given = prefill or {}
    sheet = quote(L.SHEET_CONTEXT)
    last = FIRST_ROW + len(CONTEXT_ITEMS) - 1  # the notes
    for row, (key, label) in enumerate(CONTEXT_ITEMS, start=FIRST_ROW):
        put(ws, row, 1, label, st, "bold", "context", "thin", "top")
        put(ws, row, 2, given.get(key), st, "input", "thin", "wrap", "unlocked")
        book.define_name(context_name(key), f"={sheet}!$B${row}")
        if row == last:
            ws.set_row(row - 1, max(NOTES_HEIGHT, wrapped_height([label, given.get(key)], WIDTHS)))
        else:
            fit_row(ws, row, [label, given.get(key)], WIDTHS)
    ws.repeat_rows(HEADER_ROW - 1)
    landscape(ws, pages_tall=1)  # the whole sheet prints on one page
