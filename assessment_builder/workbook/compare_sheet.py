"""The comparison as an Excel workbook: Scores and Evidence heat maps and a Sources sheet, set up to print."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xlsxwriter import Workbook

from ..gcpause import gc_paused
from ..own_outputs import COMPARISON_KIND
from .cells import OPTIONS, landscape, letter, put
from .styles import Styles

if TYPE_CHECKING:
    from ..compare import CompareEntry, Comparison

# Excel's own three-colour scale: red (low), amber, green (high).
_RED, _AMBER, _GREEN = "#F8696B", "#FFEB84", "#63BE7B"
_PARTS: dict[str, dict[str, Any]] = {
    "head": {"bold": True, "font_color": "#FFFFFF", "pattern": 1, "bg_color": "#2C3E50"},
    "head_wrap": {"text_wrap": True, "valign": "top"},
    "title": {"bold": True, "font_size": 14},
    "bold": {"bold": True},
    "wrap": {"text_wrap": True, "valign": "top"},
    "centre": {"align": "center"},
}

HEADER_ROW = 3  # the row of column headings on Scores and Evidence (repeated on every printed page)
FIRST_ROW = 4  # the first statement's row
FIRST_COL = 3  # the first council's column (A: code, B: statement)
MAX_LABEL_WIDTH = 100  # a longer statement title wraps in its cell instead of widening the page
_COUNCIL_WIDTH = (10, 30)  # a council column's width: at least, at most (longer names wrap)


def write_compare_xlsx(comparison: Comparison, path: str | Path, force: bool = False) -> Path:
    """Write the comparison as an Excel workbook with colour-scale heat maps (atomic; ``force`` to replace)."""
    from ..output import atomic_write_bytes

    return atomic_write_bytes(path, build_compare_workbook(comparison), force)


def _print_setup(ws: Any, title_row: int) -> None:
    """Landscape A4, one page wide (as many pages long as it takes), the heading row (from 1) on every page."""
    landscape(ws)
    ws.repeat_rows(title_row - 1)


def council_width(label: str) -> int:
    """A council column's width: its longest word fits whole; the name wraps onto more lines in the heading."""
    longest = max((len(w) for w in label.split()), default=0)
    return max(_COUNCIL_WIDTH[0], min(_COUNCIL_WIDTH[1], max(longest, 12) + 2))


def _heading_lines(label: str, width: int) -> int:
    return len(textwrap.wrap(label, max(width - 2, 1), break_long_words=True)) or 1


def _grid(ws: Any, st: Styles, c: Comparison, title: str, values: Callable[[CompareEntry, str], Any]) -> None:
    """One heat-map sheet: statements down, councils across, frozen below the headings and right of the labels."""
    put(ws, 1, 1, title, st, "title")
    put(ws, 2, 1, f"{c.framework_title or ''} ({c.framework_id or 'no framework'})")
    for col, head in enumerate(["Code", "Statement"], 1):
        put(ws, HEADER_ROW, col, head, st, "head")
    # one width for every council (a heat map reads evenly): the longest word of a name and the longest
    # rating ("Requires improvement") fit whole; a longer name wraps onto more lines of the heading
    width = max([_COUNCIL_WIDTH[0], *(max(council_width(e.label), len(e.rating or "") + 2) for e in c.entries)])
    lines = 1
    for j, e in enumerate(c.entries):
        put(ws, HEADER_ROW, FIRST_COL + j, e.label, st, "head", "head_wrap")
        ws.set_column(FIRST_COL + j - 1, FIRST_COL + j - 1, width)
        lines = max(lines, _heading_lines(e.label, width))
    for i, (sid, code, title_) in enumerate(c.statements):
        row = FIRST_ROW + i
        put(ws, row, 1, code)
        put(ws, row, 2, title_, st, *(("wrap",) if len(title_) > MAX_LABEL_WIDTH - 2 else ()))
        for j, e in enumerate(c.entries):
            put(ws, row, FIRST_COL + j, values(e, sid), st, "centre")
    codes = [code for _sid, code, _t in c.statements]
    titles = [t for _sid, _c, t in c.statements]
    ws.set_column(0, 0, max(6, *(len(x) + 2 for x in codes)) if codes else 6)
    # wide enough for every title and for the summary labels below the grid ("Statements scored")
    ws.set_column(1, 1, min(MAX_LABEL_WIDTH, max(20, *(len(t) + 2 for t in titles)) if titles else 20))
    ws.set_row(HEADER_ROW - 1, 15 * lines + 6)
    ws.freeze_panes(FIRST_ROW - 1, FIRST_COL - 1)
    _print_setup(ws, HEADER_ROW)


def _area(c: Comparison, first_row: int, last_row: int) -> str:
    last_col = FIRST_COL + len(c.entries) - 1
    return f"{letter(FIRST_COL)}{first_row}:{letter(last_col)}{last_row}"


def _three_colours(low: float, middle: float, high: float) -> dict[str, Any]:
    return {
        "type": "3_color_scale",
        "min_type": "num",
        "min_value": low,
        "min_color": _RED,
        "mid_type": "num",
        "mid_value": middle,
        "mid_color": _AMBER,
        "max_type": "num",
        "max_value": high,
        "max_color": _GREEN,
    }


def _written_sheet(ws: Any, st: Styles, c: Comparison) -> None:
    """A framework that gives no scores: what each area has written (``S C R``), empty where nothing is."""
    _grid(ws, st, c, c.grid_title, lambda e, sid: None if c.cell(e, sid) == "-" else c.cell(e, sid))
    put(ws, FIRST_ROW + len(c.statements) + 1, 1, "".join(c.notes).replace("; - nothing", "; empty = nothing"))


def _scores_sheet(ws: Any, st: Styles, c: Comparison) -> None:
    _grid(ws, st, c, "Self-assessed scores by statement", lambda e, sid: e.scores.get(sid))
    last_row = FIRST_ROW + len(c.statements) - 1
    if c.entries and c.statements:
        ws.conditional_format(
            _area(c, FIRST_ROW, last_row), _three_colours(c.min_score, (c.min_score + c.max_score) / 2, c.max_score)
        )
    row = last_row + 2
    if c.policy.rated:
        for label, getter in (
            ("Percent", lambda e: e.percent),
            ("Predicted rating", lambda e: e.rating),
            ("Statements scored", lambda e: e.scored),
            ("Provisional", lambda e: "no" if e.complete else "yes"),
        ):
            put(ws, row, 2, label, st, "bold")
            for j, e in enumerate(c.entries):
                put(ws, row, FIRST_COL + j, getter(e), st, "centre")
            row += 1
        if c.entries:
            ws.conditional_format(_area(c, last_row + 2, last_row + 2), _three_colours(25, 63, 88))
    put(ws, row + 1, 1, "Colours: red = low score, amber = middle, green = high. Empty = not scored.")


def _evidence_sheet(ws: Any, st: Styles, c: Comparison) -> None:
    _grid(
        ws, st, c, "Evidence items by statement", lambda e, sid: None if e.evidence is None else e.evidence.get(sid, 0)
    )
    if c.entries and c.statements:
        ws.conditional_format(
            _area(c, FIRST_ROW, FIRST_ROW + len(c.statements) - 1),
            {
                "type": "2_color_scale",
                "min_type": "min",
                "min_color": "#FFFFFF",
                "max_type": "max",
                "max_color": "#5B9BD5",
            },
        )


def _sources_sheet(ws: Any, st: Styles, c: Comparison) -> None:
    heads = ["Label", "File", "Kind", "Framework version", "Skipped because"]
    rows: list[list[Any]] = [[e.label, e.source, e.kind, e.framework_version, None] for e in c.entries]
    rows += [[None, s.source, None, None, s.reason] for s in c.skipped]
    for col, head in enumerate(heads, 1):
        put(ws, 1, col, head, st, "head")
    for r, values in enumerate(rows, 2):
        for col, value in enumerate(values, 1):
            put(ws, r, col, value, st, *(("wrap",) if isinstance(value, str) and len(value) > 78 else ()))
    for col, head in enumerate(heads):
        longest = max([len(head), *(len(str(v[col])) for v in rows if v[col] is not None)])
        ws.set_column(col, col, min(80, longest + 2))
    ws.freeze_panes(1, 0)
    _print_setup(ws, 1)


def build_compare_workbook(comparison: Comparison) -> bytes:
    """The .xlsx file's bytes: Scores (heat map; Written for a framework without scores), Evidence (heat map) and
    Sources sheets, each printing one page wide."""
    buffer = io.BytesIO()
    with gc_paused():
        book = Workbook(buffer, OPTIONS)
        book.set_custom_property("ab_kind", COMPARISON_KIND)  # so that `compare` of its folder leaves it out
        st = Styles(book, _PARTS)
        if comparison.rated:
            _scores_sheet(book.add_worksheet("Scores"), st, comparison)
        else:
            _written_sheet(book.add_worksheet("Written"), st, comparison)
        _evidence_sheet(book.add_worksheet("Evidence"), st, comparison)
        _sources_sheet(book.add_worksheet("Sources"), st, comparison)
        book.close()
    return buffer.getvalue()


__all__ = ["build_compare_workbook", "council_width", "write_compare_xlsx"]
