"""The Dashboard sheet: live formulas that score the workbook the way scoring.py does.

Only functions that both Excel and LibreOffice compute are used (no LET, XLOOKUP,
IFS or dynamic arrays). Each statement's inputs are looked up by its code in the
Assessment sheet's Code column (INDEX/MATCH), so a sort of the Assessment rows leaves
the Dashboard equal to what the reader reads. The percentage is ROUND(total/max*100, 0), which rounds
halves away from zero, the same as scoring.round_percent for positive numbers;
tests recalculate the sheet in LibreOffice and compare with the Python scoring.
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

from ..model import Framework
from . import layout as L
from .cells import put_text
from .styles import BOLD, HEADER_FILL, HEADER_FONT, THIN, TITLE_FONT

TABLE_HEADER_ROW = 12
PERCENT_FORMAT = '0"%"'
TITLE_WIDTH = 58  # characters that fit in column B before a title wraps
# rating band colours from the lowest band to the highest (fill, font)
BAND_COLOURS = [("F4CCCC", "9C0006"), ("FCE4C4", "7F4F00"), ("D9EAD3", "274E13"), ("B6D7A8", "274E13")]


def _head(ws: Worksheet, row: int, headings: list[str]) -> None:
    for col, text in enumerate(headings, start=1):
        cell = ws.cell(row=row, column=col, value=text)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = THIN
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def _wrap_long(ws: Worksheet, row: int, title: str) -> None:
    """Wrap a statement or theme title too long for column B and make its row tall enough."""
    if len(title) > TITLE_WIDTH:
        for cell in ws[row]:
            cell.alignment = Alignment(wrap_text=cell.column == 2, vertical="top")
        ws.row_dimensions[row].height = 15 * (1 + len(title) // TITLE_WIDTH)


def _colour_bands(ws: Worksheet, ref: str, fw: Framework) -> None:
    """Colour the predicted rating by its band: red for the lowest, greens for the highest."""
    bands = list(fw.rating_bands)
    for i, band in enumerate(bands):
        # spread the framework's bands over the palette, lowest first
        pick = round(i * (len(BAND_COLOURS) - 1) / max(1, len(bands) - 1))
        fill, font = BAND_COLOURS[pick]
        label = band.label.replace('"', '""')
        ws.conditional_formatting.add(
            ref,
            FormulaRule(
                formula=[f'${ref[0]}${ref[1:]}="{label}"'],
                fill=PatternFill("solid", fgColor=fill, bgColor=fill),
                font=Font(bold=True, color=font),
            ),
        )


@dataclass(frozen=True)
class _Sheet:
    """Where things are: the Dashboard's statement rows and the formulas that reach the Assessment sheet."""

    ws: Worksheet
    fw: Framework
    first: int  # first statement row of the table
    last: int
    rows_of: dict[str, int]  # statement id -> its Dashboard row
    statement_rows: dict[str, int]  # statement id -> its Assessment row
    input_columns: dict[str, int]
    refs: dict[str, str]
    table_end: int  # the last Evidence/Actions row the formulas count

    def source(self, key: str, sid: str) -> str:
        """One input of one statement on the Assessment sheet, found the way the reader finds it.

        The row its defined name points to, when that row still holds the statement's code; else the
        row where its code is (after a sort: exact MATCH, codes hold no wildcard characters); else,
        when the code is on no row, the named row again. A code on several rows is refused by the reader.
        """
        a = quote_sheetname(L.SHEET_ASSESSMENT)
        col = get_column_letter(self.input_columns[key])
        code_col = get_column_letter(L.CONTEXT_HEADINGS.index("Code") + 1)
        row = self.statement_rows[sid]
        top = L.ASSESSMENT_HEADER_ROW + 1
        bottom = max(self.statement_rows.values()) + L.ASSESSMENT_SPARE_ROWS
        code = self.fw.statement(sid).code.replace('"', '""')
        named = f"{a}!${col}${row}"
        codes = f"{a}!${code_col}${top}:${code_col}${bottom}"
        by_code = f'INDEX({a}!${col}${top}:${col}${bottom},MATCH("{code}",{codes},0))'
        # IF passes a reference on (an empty cell stays empty); IFERROR would turn one into 0 in LibreOffice
        return f'IF({a}!${code_col}${row}="{code}",{named},IF(COUNTIF({codes},"{code}")=0,{named},{by_code}))'

    def evidence_count(self, code: str) -> str:
        statements_range = f"{quote_sheetname(L.SHEET_EVIDENCE)}!$D$2:$D${self.table_end}"
        # comma-delimited match, so QS1 is not counted inside QS10; spaces are ignored
        return f'=SUMPRODUCT(--ISNUMBER(SEARCH(",{code},",","&SUBSTITUTE({statements_range}," ","")&",")))'

    def status(self, sid: str) -> str:
        src = self.source("status", sid)
        return f'=IF({src}="","Not started",{src})'

    def statement_cells(self, sid: str) -> int:
        """Code, title and theme of a statement's row; returns the row."""
        s = self.fw.statement(sid)
        r = self.rows_of[sid]
        put_text(self.ws.cell(row=r, column=1), s.code)
        put_text(self.ws.cell(row=r, column=2), s.title)
        put_text(self.ws.cell(row=r, column=3), self.fw.theme(s.theme_id).code)
        _wrap_long(self.ws, r, s.title)
        return r


Headline = list[tuple[str, str, str | None]]  # (label, formula, defined name)


def write_dashboard(
    ws: Worksheet,
    fw: Framework,
    statement_rows: dict[str, int],
    input_columns: dict[str, int],
    refs: dict[str, str],
    formula_rows: int = L.FORMULA_ROWS,
) -> None:
    """Fill the dashboard and add its defined names (ab_overall_*, ab_completion_percent).

    ``formula_rows``: how many Evidence and Actions rows (from row 2) the counts look at.
    """
    wb = ws.parent
    e_sheet = quote_sheetname(L.SHEET_EVIDENCE)
    d_sheet = quote_sheetname(L.SHEET_DASHBOARD)
    n = len(fw.statements)
    put_text(ws["A1"], f"Dashboard: {fw.title}")
    ws["A1"].font = TITLE_FONT
    ws["A2"] = "Everything on this sheet is calculated from the other sheets; nothing here needs typing."
    for col, width in zip("ABCDEFGH", [44, TITLE_WIDTH + 2, 12, 14, 18, 18, 18, 14]):
        ws.column_dimensions[col].width = width

    first = TABLE_HEADER_ROW + 1
    last = first + n - 1
    rows_of = {s.id: first + i for i, s in enumerate(fw.statements)}
    table_end = formula_rows + 1
    sheet = _Sheet(ws, fw, first, last, rows_of, statement_rows, input_columns, refs, table_end)

    # the one place the Dashboard asks the framework's policy: scores and a rating, or counts of what is written
    sections = _scored if fw.policy.rated else _written
    headings, headline, row = sections(sheet)
    # each statement's status as looked up by its code (its own column of the table above), not by position
    status_col = get_column_letter(headings.index("Status") + 1)
    status_range = f"${status_col}${first}:${status_col}${last}"
    headline.append(
        ("Statements marked Complete (%)", f'=ROUND(COUNTIF({status_range},"Complete")/{n}*100,0)', L.NAME_COMPLETION)
    )
    for i, (label, formula, name) in enumerate(headline, start=3):
        ws.cell(row=i, column=1, value=label).font = BOLD
        cell = ws.cell(row=i, column=2, value=formula)
        cell.font = BOLD
        cell.alignment = Alignment(horizontal="left")
        if name in (L.NAME_OVERALL_PERCENT, L.NAME_COMPLETION):
            cell.number_format = PERCENT_FORMAT  # shows 75% while the value stays the whole number 75
        if name:
            wb.defined_names[name] = DefinedName(name, attr_text=f"{d_sheet}!$B${i}")
        if name == L.NAME_OVERALL_RATING:
            _colour_bands(ws, f"B{i}", fw)
    # codes, numbers and Yes/- marks read best centred under their headings (all but code, title, status)
    for r in range(first, last + 1):
        for column in range(3, len(headings)):
            ws.cell(row=r, column=column).alignment = Alignment(horizontal="center", vertical="top")

    # evidence by category
    row += 1
    _head(ws, row, ["Evidence category", "Items"])
    for c in fw.evidence_categories:
        row += 1
        put_text(ws.cell(row=row, column=1), c.title)
        # an exact comparison: COUNTIF would read "?", "*" or a leading "<" in a council's own title as a pattern
        ws.cell(row=row, column=2, value=f"=SUMPRODUCT(--({e_sheet}!$C$2:$C${table_end}=A{row}))")

    ws.freeze_panes = "A3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _scored(sheet: _Sheet) -> tuple[list[str], Headline, int]:
    """A rated framework: each statement's score as the reader reads it, the overall result, themes, a chart."""
    ws, fw, first, last = sheet.ws, sheet.fw, sheet.first, sheet.last
    n = len(fw.statements)
    headings = ["Code", "Statement", "Theme", "Entered", "Score", "Evidence items", "Status"]
    _head(ws, TABLE_HEADER_ROW, headings)
    for s in fw.statements:
        r = sheet.statement_cells(s.id)
        src = sheet.source("score", s.id)
        ws.cell(
            row=r,
            column=4,
            value=f'=IF(ISNUMBER({src}),{src},IFERROR(VALUE(LEFT(TRIM({src}),FIND(" ",TRIM({src})&" ")-1)),""))',
        )
        ws.cell(
            row=r,
            column=5,
            value=f'=IF(ISNUMBER(D{r}),IF(AND(D{r}>={fw.min_score},D{r}<={fw.max_score},D{r}=INT(D{r})),D{r},""),"")',
        )
        ws.cell(row=r, column=6, value=sheet.evidence_count(s.code))
        ws.cell(row=r, column=7, value=sheet.status(s.id))
    scores = f"$E${first}:$E${last}"
    headline: Headline = [
        (
            "Overall percentage",
            f'=IF(COUNT({scores})=0,"",ROUND(SUM({scores})/(COUNT({scores})*{fw.max_score})*100,0))',
            L.NAME_OVERALL_PERCENT,
        ),
        (
            "Predicted rating",
            f'=IF(B3="","",IFERROR(LOOKUP(B3,{sheet.refs["band_from"]},{sheet.refs["band_label"]}),""))',
            L.NAME_OVERALL_RATING,
        ),
        ("Total of scores given", f"=SUM({scores})", L.NAME_OVERALL_TOTAL),
        ("Maximum over statements scored", f"=COUNT({scores})*{fw.max_score}", L.NAME_OVERALL_MAX),
        ("Statements scored", f"=COUNT({scores})", None),
        (
            "Result",
            f'=IF(B7={n},"Complete: all {n} statements scored","Provisional: "&B7&" of {n} statements scored")',
            None,
        ),
    ]

    # per theme
    row = last + 2
    chart_anchor = f"E{row}"  # beside the theme and category tables, so the sheet prints on one page width
    _head(ws, row, ["Theme", "Title", "Mean score", "Percent"])
    for t in fw.themes:
        row += 1
        rs = [sheet.rows_of[s.id] for s in t.statements]
        rng = f"$E${min(rs)}:$E${max(rs)}"
        put_text(ws.cell(row=row, column=1), t.code)
        put_text(ws.cell(row=row, column=2), t.title)
        ws.cell(row=row, column=3, value=f'=IF(COUNT({rng})=0,"",ROUND(AVERAGE({rng}),2))')
        ws.cell(
            row=row, column=4, value=f'=IF(COUNT({rng})=0,"",ROUND(SUM({rng})/(COUNT({rng})*{fw.max_score})*100,0))'
        ).number_format = PERCENT_FORMAT
        _wrap_long(ws, row, t.title)
        for column in (3, 4):
            ws.cell(row=row, column=column).alignment = Alignment(horizontal="center", vertical="top")

    chart = BarChart()
    chart.type = "bar"
    chart.title = "Score by statement"
    chart.y_axis.title = "Score"
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = fw.max_score
    chart.y_axis.majorUnit = 1
    chart.x_axis.scaling.orientation = "maxMin"
    chart.legend = None
    # openpyxl 3.1 omits <c:delete>, which Excel reads as a hidden axis: say the axes are shown
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    data = Reference(ws, min_col=5, min_row=TABLE_HEADER_ROW, max_row=last)
    cats = Reference(ws, min_col=1, min_row=first, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    chart.height = max(6, 0.8 * n + 2)
    chart.width = 12.5
    ws.add_chart(chart, chart_anchor)
    return headings, headline, row + 1


def _written(sheet: _Sheet) -> tuple[list[str], Headline, int]:
    """An unrated framework: whether each narrative is written, and counts; never a rating."""
    ws, fw, first, last = sheet.ws, sheet.fw, sheet.first, sheet.last
    n = len(fw.statements)
    keys = [key for key, _heading in fw.policy.narrative]  # strengths, considerations, recommendations
    headings = [
        "Code",
        "Statement",
        "Theme",
        "Strengths",
        "Considerations",
        "Recommendations",
        "Evidence items",
        "Status",
    ]
    _head(ws, TABLE_HEADER_ROW, headings)
    for s in fw.statements:
        r = sheet.statement_cells(s.id)
        for i, key in enumerate(keys, start=4):
            ws.cell(row=r, column=i, value=f'=IF(LEN(TRIM({sheet.source(key, s.id)}))>0,"Yes","-")')
        ws.cell(row=r, column=7, value=sheet.evidence_count(s.code))
        ws.cell(row=r, column=8, value=sheet.status(s.id))
    headline: Headline = [
        (f"Areas with strengths written (of {n})", f'=COUNTIF($D${first}:$D${last},"Yes")', None),
        (f"Areas with areas for consideration (of {n})", f'=COUNTIF($E${first}:$E${last},"Yes")', None),
        (f"Areas with recommendations (of {n})", f'=COUNTIF($F${first}:$F${last},"Yes")', None),
        (
            "Actions in the action plan",
            f"=COUNTA({quote_sheetname(L.SHEET_ACTIONS)}!$A$2:$A${sheet.table_end})",
            None,
        ),
        (
            "Evidence items logged",
            f"=COUNTA({quote_sheetname(L.SHEET_EVIDENCE)}!$A$2:$A${sheet.table_end})",
            None,
        ),
        ("Result", '="Peer challenge: strengths, areas for consideration and recommendations; no rating"', None),
    ]
    return headings, headline, last + 2  # the evidence table then starts where it always has
