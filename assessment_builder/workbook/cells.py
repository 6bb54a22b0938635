"""Writing cells with XlsxWriter: text from YAML or a user always stays text, never a formula; rows from 1."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any

from ..errors import UsageError

MAX_TEXT = 32767  # characters an Excel cell holds
MAX_ROW_HEIGHT = 409  # points, the tallest row Excel has
CHARS_PER_UNIT = 1.1  # characters of 11-point text per unit of column width, rounded down for wider fonts
LINE_SPACING = 1.36  # a line of text is this many times its font size tall (15 points at 11)

OPTIONS = {
    "in_memory": True,  # the file is built in memory; output.py's writer puts the bytes in place
    "strings_to_formulas": False,  # belt and braces: text is written as text even through write()
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "remove_timezone": True,
}


def put(ws: Any, row: int, col: int, value: Any, st: Any = None, *names: str) -> None:
    """Write ``value`` at ``row``, ``col`` (both from 1) in the style made of ``names``.

    A string is always written as text, so '=cmd|...' from a user or a YAML file never runs; a date
    gets a date format added; an empty value leaves a styled blank (or nothing, without a style).
    """
    fmt = st(*names) if names else None
    r, c = row - 1, col - 1
    if value is None or value == "":
        if fmt is not None:
            ws.write_blank(r, c, None, fmt)
    elif isinstance(value, str):
        if len(value) > MAX_TEXT:
            # Excel refuses a longer cell (it would "repair" the file); XlsxWriter would cut it short
            raise UsageError(
                f"{ws.name}!{letter(col)}{row}: a text of {len(value):,} characters is longer than an Excel cell "
                f"holds ({MAX_TEXT:,}); shorten it (or split it over several items) and run again"
            )
        ws.write_string(r, c, value, fmt)
    elif isinstance(value, bool):
        ws.write_boolean(r, c, value, fmt)
    elif isinstance(value, (int, float)):
        if math.isfinite(value):
            ws.write_number(r, c, value, fmt)
        else:
            ws.write_string(r, c, str(value), fmt)
    elif isinstance(value, (dt.datetime, dt.date)):
        part = "datetime" if isinstance(value, dt.datetime) else "date"
        ws.write_datetime(r, c, value, st(*names, part))
    else:
        ws.write_string(r, c, str(value), fmt)


def formula(ws: Any, row: int, col: int, text: str, fmt: Any = None) -> None:
    """Write a formula at ``row``, ``col`` (from 1) with an empty cached result, so every program computes it."""
    ws.write_formula(row - 1, col - 1, text, fmt, "")


def quote(sheet: str) -> str:
    """A sheet name as formulas and defined names refer to it: always in single quotes, as before."""
    return "'" + sheet.replace("'", "''") + "'"


def letter(col: int) -> str:
    """The column letter of column ``col`` (from 1): 1 -> A, 27 -> AA."""
    name = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        name = chr(65 + rest) + name
    return name


def wrapped_lines(text: Any, width: float, points: float = 11.0) -> int:
    """Lines ``text`` takes wrapped in a column ``width`` characters wide, at ``points`` (a generous estimate).

    Generous because LibreOffice draws the workbook's Calibri with a wider font where Calibri is missing
    (DejaVu Sans, about 1.2 characters of 11-point text per unit of column width; Calibri fits more).
    """
    per_line = max(1, int(width * CHARS_PER_UNIT * 11.0 / points))
    return sum(max(1, -(-len(part) // per_line)) for part in str(text or "").split("\n"))


def fit_row(ws: Any, row: int, texts: Sequence[Any], widths: Sequence[float], points: float = 11.0) -> None:
    """Give ``row`` (from 1) the height its longest wrapped text needs, when that is more than one line.

    Neither LibreOffice nor Excel reliably grows a row written by a program, so lines would print over each
    other; a row of single lines is left alone, so Excel still grows it as a person types.
    """
    height = wrapped_height(texts, widths, points)
    if height:
        ws.set_row(row - 1, height)


def wrapped_height(texts: Sequence[Any], widths: Sequence[float], points: float = 11.0) -> float:
    """The height in points of a row whose cells hold ``texts`` in columns ``widths`` wide; 0 for one line."""
    lines = max((wrapped_lines(t, w, points) for t, w in zip(texts, widths)), default=1)
    return 0.0 if lines <= 1 else min(MAX_ROW_HEIGHT, lines * points * LINE_SPACING + 4)


def landscape(ws: Any, *, a4: bool = True, pages_tall: int = 0) -> None:
    """Print landscape, one page wide (``pages_tall`` 0: as many pages long as it takes), on A4."""
    ws.set_landscape()
    if a4:
        ws.set_paper(9)
    ws.fit_to_pages(1, pages_tall)
    ws.set_margins(left=0.75, right=0.75, top=1, bottom=1)  # the margins the workbook has always printed with
