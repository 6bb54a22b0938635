"""The Local context sheet: population, spend and demographic notes the council fills in, opening its report."""

from __future__ import annotations

from typing import Any

from ..model import CONTEXT_ITEMS
from . import layout as L
from .cells import put, quote

HEADER_ROW = 3  # Item / Value headings; the items follow, one a row
FIRST_ROW = HEADER_ROW + 1


def context_name(key: str) -> str:
    """The defined name of one Value cell, e.g. ``ab_context_population_adults``."""
    return f"{L.NAME_PREFIX}context_{key}"


def write_context(book: Any, ws: Any, st: Any, prefill: dict[str, str] | None = None) -> None:
    """Fill the Local context sheet: its Value cells unlocked and named (the writer protects the sheet)."""
    ws.set_column(0, 0, 34)
    ws.set_column(1, 1, 90)
    put(ws, 1, 1, "Local context (optional)", st, "title")
    put(
        ws,
        2,
        1,
        "Describe the area your report opens with: population, spend and the people you serve. "
        "Leave any item empty to omit it.",
    )
    for col, heading in ((1, "Item"), (2, "Value")):
        # the heading's look without its wrapping, as the sheet has always had it
        put(ws, HEADER_ROW, col, heading, st, "heading_plain")
    given = prefill or {}
    sheet = quote(L.SHEET_CONTEXT)
    for row, (key, label) in enumerate(CONTEXT_ITEMS, start=FIRST_ROW):
        put(ws, row, 1, label, st, "bold", "context", "thin")
        put(ws, row, 2, given.get(key), st, "input", "thin", "wrap", "unlocked")
        book.define_name(context_name(key), f"={sheet}!$B${row}")
    notes = FIRST_ROW + len(CONTEXT_ITEMS) - 1
    ws.set_row(notes - 1, 90)  # room for the notes (set_row counts rows from 0)
