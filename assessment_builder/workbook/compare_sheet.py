"""The comparison as an Excel workbook: Scores and Evidence heat maps and a Sources sheet, set up to print."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

if TYPE_CHECKING:
    from ..compare import CompareEntry, Comparison

# Excel's own three-colour scale: red (low), amber, green (high).
_RED, _AMBER, _GREEN = "F8696B", "FFEB84", "63BE7B"
_HEAD_FILL = PatternFill("solid", fgColor="2C3E50")
_HEAD_FONT = Font(bold=True, color="FFFFFF")
_BOLD = Font(bold=True)

HEADER_ROW = 3  # the row of column headings on Scores and Evidence (repeated on every printed page)
FIRST_ROW = 4  # the first statement's row
FIRST_COL = 3  # the first council's column (A: code, B: statement)
MAX_LABEL_WIDTH = 100  # a longer statement title wraps in its cell instead of widening the page
_COUNCIL_WIDTH = (10, 30)  # a council column's width: at least, at most (longer names wrap)


def write_compare_xlsx(comparison: Comparison, path: str | Path, force: bool = False) -> Path:
    """Write the comparison as an Excel workbook with colour-scale heat maps (atomic; ``force`` to replace)."""
    from ..output import atomic_write

    def write(tmp: Path) -> None:
        build_compare_workbook(comparison).save(tmp)

    return atomic_write(path, write, force)


def _text(ws: Worksheet, row: int, col: int, value: Any, font: Font | None = None) -> Any:
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text from a workbook is never run as a formula (=, +, - or @)
    if font is not None:
        cell.font = font
    return cell


def _print_setup(ws: Worksheet, title_rows: str | None) -> None:
    """Landscape A4, one page wide (as many pages long as it takes), the heading row on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows


def council_width(label: str) -> int:
    """A council column's width: its longest word fits whole; the name wraps onto more lines in the heading."""
    longest = max((len(w) for w in label.split()), default=0)
    return max(_COUNCIL_WIDTH[0], min(_COUNCIL_WIDTH[1], max(longest, 12) + 2))


def _heading_lines(label: str, width: int) -> int:
    return len(textwrap.wrap(label, max(width - 2, 1), break_long_words=True)) or 1


def _grid(ws: Worksheet, c: Comparison, title: str, values: Callable[[CompareEntry, str], Any]) -> None:
    """One heat-map sheet: statements down, councils across, frozen below the headings and right of the labels."""
    _text(ws, 1, 1, title, Font(bold=True, size=14))
    _text(ws, 2, 1, f"{c.framework_title or ''} ({c.framework_id or 'no framework'})")
    for col, head in enumerate(["Code", "Statement"], 1):
        _text(ws, HEADER_ROW, col, head, _HEAD_FONT).fill = _HEAD_FILL
    # one width for every council (a heat map reads evenly): the longest word of a name and the longest
    # rating ("Requires improvement") fit whole; a longer name wraps onto more lines of the heading
    width = max([_COUNCIL_WIDTH[0], *(max(council_width(e.label), len(e.rating or "") + 2) for e in c.entries)])
    lines = 1
    for j, e in enumerate(c.entries):
        cell = _text(ws, HEADER_ROW, FIRST_COL + j, e.label, _HEAD_FONT)
        cell.fill = _HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(FIRST_COL + j)].width = width
        lines = max(lines, _heading_lines(e.label, width))
    for i, (sid, code, title_) in enumerate(c.statements):
        row = FIRST_ROW + i
        _text(ws, row, 1, code)
        label = _text(ws, row, 2, title_)
        if len(title_) > MAX_LABEL_WIDTH - 2:
            label.alignment = Alignment(wrap_text=True, vertical="top")
        for j, e in enumerate(c.entries):
            cell = ws.cell(row=row, column=FIRST_COL + j, value=values(e, sid))
            cell.alignment = Alignment(horizontal="center")
    codes = [code for _sid, code, _t in c.statements]
    titles = [t for _sid, _c, t in c.statements]
    ws.column_dimensions["A"].width = max(6, *(len(x) + 2 for x in codes)) if codes else 6
    # wide enough for every title and for the summary labels below the grid ("Statements scored")
    ws.column_dimensions["B"].width = min(MAX_LABEL_WIDTH, max(20, *(len(t) + 2 for t in titles)) if titles else 20)
    ws.row_dimensions[HEADER_ROW].height = 15 * lines + 6
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=FIRST_COL)
    _print_setup(ws, f"{HEADER_ROW}:{HEADER_ROW}")


def _area(c: Comparison, first_row: int, last_row: int) -> str:
    last_col = FIRST_COL + len(c.entries) - 1
    return f"{get_column_letter(FIRST_COL)}{first_row}:{get_column_letter(last_col)}{last_row}"


def _three_colours(low: float, middle: float, high: float) -> ColorScaleRule:
    return ColorScaleRule(
        start_type="num",
        start_value=low,
        start_color=_RED,
        mid_type="num",
        mid_value=middle,
        mid_color=_AMBER,
        end_type="num",
        end_value=high,
        end_color=_GREEN,
    )


def _scores_sheet(ws: Worksheet, c: Comparison) -> None:
    ws.title = "Scores"
    _grid(ws, c, "Self-assessed scores by statement", lambda e, sid: e.scores.get(sid))
    last_row = FIRST_ROW + len(c.statements) - 1
    if c.entries and c.statements:
        ws.conditional_formatting.add(
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
            _text(ws, row, 2, label, _BOLD)
            for j, e in enumerate(c.entries):
                cell = _text(ws, row, FIRST_COL + j, getter(e))
                cell.alignment = Alignment(horizontal="center")
            row += 1
        if c.entries:
            ws.conditional_formatting.add(_area(c, last_row + 2, last_row + 2), _three_colours(25, 63, 88))
    _text(ws, row + 1, 1, "Colours: red = low score, amber = middle, green = high. Empty = not scored.")


def _evidence_sheet(ws: Worksheet, c: Comparison) -> None:
    _grid(ws, c, "Evidence items by statement", lambda e, sid: None if e.evidence is None else e.evidence.get(sid, 0))
    if c.entries and c.statements:
        ws.conditional_formatting.add(
            _area(c, FIRST_ROW, FIRST_ROW + len(c.statements) - 1),
            ColorScaleRule(start_type="min", start_color="FFFFFF", end_type="max", end_color="5B9BD5"),
        )


def _sources_sheet(ws: Worksheet, c: Comparison) -> None:
    heads = ["Label", "File", "Kind", "Framework version", "Skipped because"]
    rows: list[list[Any]] = [[e.label, e.source, e.kind, e.framework_version, None] for e in c.entries]
    rows += [[None, s.source, None, None, s.reason] for s in c.skipped]
    for col, head in enumerate(heads, 1):
        _text(ws, 1, col, head, _HEAD_FONT).fill = _HEAD_FILL
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, values in enumerate(rows, 2):
        for col, value in enumerate(values, 1):
            cell = _text(ws, r, col, value)
            if isinstance(value, str) and len(value) > 78:
                cell.alignment = wrap
    for col, head in enumerate(heads, 1):
        longest = max([len(head), *(len(str(v[col - 1])) for v in rows if v[col - 1] is not None)])
        ws.column_dimensions[get_column_letter(col)].width = min(80, longest + 2)
    ws.freeze_panes = "A2"
    _print_setup(ws, "1:1")


def build_compare_workbook(comparison: Comparison) -> Workbook:
    """An openpyxl Workbook: Scores (heat map), Evidence (heat map) and Sources sheets, each printing one page wide."""
    wb = Workbook()
    scores = wb.active
    assert scores is not None
    _scores_sheet(scores, comparison)
    _evidence_sheet(wb.create_sheet("Evidence"), comparison)
    _sources_sheet(wb.create_sheet("Sources"), comparison)
    return wb


__all__ = ["build_compare_workbook", "council_width", "write_compare_xlsx"]
