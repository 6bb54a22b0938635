"""The Dashboard sheet: live formulas that score the workbook the way scoring.py does.

Only functions that both Excel and LibreOffice compute are used (no LET, XLOOKUP,
IFS or dynamic arrays). Each statement's inputs are looked up by its code in the
Assessment sheet's Code column (INDEX/MATCH), so a sort of the Assessment rows leaves
the Dashboard equal to what the reader reads. The percentage is ROUND(total/max*100, 0), which rounds
halves away from zero, the same as scoring.round_percent for positive numbers;
tests recalculate the sheet in LibreOffice and compare with the Python scoring.
"""

from __future__ import annotations

from typing import Any

from ..model import Framework
from ..values import record
from . import layout as L
from .cells import formula, landscape, letter, put, quote

TABLE_HEADER_ROW = 12
TITLE_WIDTH = 58  # characters that fit in column B before a title wraps
# rating band colours from the lowest band to the highest (fill, font)
BAND_COLOURS = [("F4CCCC", "9C0006"), ("FCE4C4", "7F4F00"), ("D9EAD3", "274E13"), ("B6D7A8", "274E13")]


def _head(ws: Any, st: Any, row: int, headings: list[str]) -> None:
    for col, text in enumerate(headings, start=1):
        put(ws, row, col, text, st, "header")


def _long(ws: Any, row: int, title: str) -> bool:
    """Whether a statement or theme title is too long for column B; its row is then made tall enough to wrap."""
    if len(title) <= TITLE_WIDTH:
        return False
    ws.set_row(row - 1, 15 * (1 + len(title) // TITLE_WIDTH))
    return True


def _row_styles(long: bool, columns: int, centred: range) -> list[tuple[str, ...]]:
    """Each cell's style parts in a table row: centred columns, and a long title's row aligned to the top."""
    parts: list[tuple[str, ...]] = []
    for col in range(1, columns + 1):
        if col in centred:
            parts.append(("centre_top",))
        elif long:
            parts.append(("wrap",) if col == 2 else ("top",))
        else:
            parts.append(())
    return parts


def _colour_bands(ws: Any, st: Any, ref: str, fw: Framework) -> None:
    """Colour the predicted rating by its band: red for the lowest, greens for the highest."""
    bands = list(fw.rating_bands)
    for i, band in enumerate(bands):
        # spread the framework's bands over the palette, lowest first
        pick = round(i * (len(BAND_COLOURS) - 1) / max(1, len(bands) - 1))
        fill, font = BAND_COLOURS[pick]
        label = band.label.replace('"', '""')
        ws.conditional_format(
            ref,
            {
                "type": "formula",
                "criteria": f'=${ref[0]}${ref[1:]}="{label}"',
                "format": st.rule(fill, font, bold=True),
            },
        )


@record(frozen=True)
class _Sheet:
    """Where things are: the Dashboard's statement rows and the formulas that reach the Assessment sheet."""

    ws: Any
    st: Any  # the workbook's Styles
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
        a = quote(L.SHEET_ASSESSMENT)
        col = letter(self.input_columns[key])
        code_col = letter(L.CONTEXT_HEADINGS.index("Code") + 1)
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
        statements_range = f"{quote(L.SHEET_EVIDENCE)}!$D$2:$D${self.table_end}"
        # comma-delimited match, so QS1 is not counted inside QS10; spaces are ignored
        return f'=SUMPRODUCT(--ISNUMBER(SEARCH(",{code},",","&SUBSTITUTE({statements_range}," ","")&",")))'

    def status(self, sid: str) -> str:
        src = self.source("status", sid)
        return f'=IF({src}="","Not started",{src})'

    def statement_row(self, sid: str, cells: list[str], columns: int) -> None:
        """A statement's row of the table: its code, title and theme, then ``cells`` (formulas).

        Every column but code, title and the last (Status) is centred; a long title wraps.
        """
        s = self.fw.statement(sid)
        r = self.rows_of[sid]
        styles = _row_styles(_long(self.ws, r, s.title), columns, range(3, columns))
        for col, value in enumerate([s.code, s.title, self.fw.theme(s.theme_id).code], start=1):
            put(self.ws, r, col, value, self.st, *styles[col - 1])
        for col, text in enumerate(cells, start=4):
            formula(self.ws, r, col, text, self.st(*styles[col - 1]))


Headline = list[tuple[str, str, str | None]]  # (label, formula, defined name)


def write_dashboard(
    book: Any,
    ws: Any,
    st: Any,
    fw: Framework,
    statement_rows: dict[str, int],
    input_columns: dict[str, int],
    refs: dict[str, str],
    formula_rows: int = L.FORMULA_ROWS,
) -> None:
    """Fill the dashboard and add its defined names (ab_overall_*, ab_completion_percent).

    ``formula_rows``: how many Evidence and Actions rows (from row 2) the counts look at.
    """
    e_sheet = quote(L.SHEET_EVIDENCE)
    d_sheet = quote(L.SHEET_DASHBOARD)
    n = len(fw.statements)
    put(ws, 1, 1, f"Dashboard: {fw.title}", st, "title")
    put(ws, 2, 1, "Everything on this sheet is calculated from the other sheets; nothing here needs typing.")
    for col, width in enumerate([44, TITLE_WIDTH + 2, 12, 14, 18, 18, 18, 14]):
        ws.set_column(col, col, width)

    first = TABLE_HEADER_ROW + 1
    last = first + n - 1
    rows_of = {s.id: first + i for i, s in enumerate(fw.statements)}
    table_end = formula_rows + 1
    sheet = _Sheet(ws, st, fw, first, last, rows_of, statement_rows, input_columns, refs, table_end)

    # the one place the Dashboard asks the framework's policy: scores and a rating, or counts of what is written
    sections = _scored if fw.policy.rated else _written
    headings, headline, row = sections(book, sheet)
    # each statement's status as looked up by its code (its own column of the table above), not by position
    status_col = letter(headings.index("Status") + 1)
    status_range = f"${status_col}${first}:${status_col}${last}"
    headline.append(
        ("Statements marked Complete (%)", f'=ROUND(COUNTIF({status_range},"Complete")/{n}*100,0)', L.NAME_COMPLETION)
    )
    for i, (label, text, name) in enumerate(headline, start=3):
        put(ws, i, 1, label, st, "bold")
        percent = name in (L.NAME_OVERALL_PERCENT, L.NAME_COMPLETION)
        formula(ws, i, 2, text, st("bold", "left", "percent") if percent else st("bold", "left"))
        if name:
            book.define_name(name, f"={d_sheet}!$B${i}")
        if name == L.NAME_OVERALL_RATING:
            _colour_bands(ws, st, f"B{i}", fw)

    # evidence by category
    row += 1
    _head(ws, st, row, ["Evidence category", "Items"])
    for c in fw.evidence_categories:
        row += 1
        put(ws, row, 1, c.title)
        # an exact comparison: COUNTIF would read "?", "*" or a leading "<" in a council's own title as a pattern
        formula(ws, row, 2, f"=SUMPRODUCT(--({e_sheet}!$C$2:$C${table_end}=A{row}))")

    ws.freeze_panes(2, 0)
    landscape(ws)


def _scored(book: Any, sheet: _Sheet) -> tuple[list[str], Headline, int]:
    """A rated framework: each statement's score as the reader reads it, the overall result, themes, a chart."""
    ws, st, fw, first, last = sheet.ws, sheet.st, sheet.fw, sheet.first, sheet.last
    n = len(fw.statements)
    headings = ["Code", "Statement", "Theme", "Entered", "Score", "Evidence items", "Status"]
    _head(ws, st, TABLE_HEADER_ROW, headings)
    for s in fw.statements:
        r = sheet.rows_of[s.id]
        src = sheet.source("score", s.id)
        entered = f'=IF(ISNUMBER({src}),{src},IFERROR(VALUE(LEFT(TRIM({src}),FIND(" ",TRIM({src})&" ")-1)),""))'
        score = f'=IF(ISNUMBER(D{r}),IF(AND(D{r}>={fw.min_score},D{r}<={fw.max_score},D{r}=INT(D{r})),D{r},""),"")'
        sheet.statement_row(s.id, [entered, score, sheet.evidence_count(s.code), sheet.status(s.id)], len(headings))
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
    _head(ws, st, row, ["Theme", "Title", "Mean score", "Percent"])
    for t in fw.themes:
        row += 1
        rs = [sheet.rows_of[s.id] for s in t.statements]
        rng = f"$E${min(rs)}:$E${max(rs)}"
        styles = _row_styles(_long(ws, row, t.title), 4, range(3, 5))
        put(ws, row, 1, t.code, st, *styles[0])
        put(ws, row, 2, t.title, st, *styles[1])
        formula(ws, row, 3, f'=IF(COUNT({rng})=0,"",ROUND(AVERAGE({rng}),2))', st("centre_top"))
        percent = f'=IF(COUNT({rng})=0,"",ROUND(SUM({rng})/(COUNT({rng})*{fw.max_score})*100,0))'
        formula(ws, row, 4, percent, st("centre_top", "percent"))

    chart = book.add_chart({"type": "bar"})
    name = L.SHEET_DASHBOARD
    chart.add_series(
        {
            "name": [name, TABLE_HEADER_ROW - 1, 4],
            "categories": [name, first - 1, 0, last - 1, 0],
            "values": [name, first - 1, 4, last - 1, 4],
        }
    )
    chart.set_title({"name": "Score by statement"})
    # in a bar chart the x axis is the horizontal one: the scores; the y axis lists the statements, first at the top
    chart.set_x_axis({"name": "Score", "min": 0, "max": fw.max_score, "major_unit": 1})
    chart.set_y_axis({"reverse": True})
    chart.set_legend({"none": True})
    cm = 96 / 2.54  # pixels per centimetre
    chart.set_size({"width": round(12.5 * cm), "height": round(max(6, 0.8 * n + 2) * cm)})
    ws.insert_chart(chart_anchor, chart)
    return headings, headline, row + 1


def _written(book: Any, sheet: _Sheet) -> tuple[list[str], Headline, int]:
    """An unrated framework: whether each narrative is written, and counts; never a rating."""
    ws, st, fw, first, last = sheet.ws, sheet.st, sheet.fw, sheet.first, sheet.last
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
    _head(ws, st, TABLE_HEADER_ROW, headings)
    for s in fw.statements:
        written = [f'=IF(LEN(TRIM({sheet.source(key, s.id)}))>0,"Yes","-")' for key in keys]
        sheet.statement_row(s.id, [*written, sheet.evidence_count(s.code), sheet.status(s.id)], len(headings))
    headline: Headline = [
        (f"Areas with strengths written (of {n})", f'=COUNTIF($D${first}:$D${last},"Yes")', None),
        (f"Areas with areas for consideration (of {n})", f'=COUNTIF($E${first}:$E${last},"Yes")', None),
        (f"Areas with recommendations (of {n})", f'=COUNTIF($F${first}:$F${last},"Yes")', None),
        (
            "Actions in the action plan",
            f"=COUNTA({quote(L.SHEET_ACTIONS)}!$A$2:$A${sheet.table_end})",
            None,
        ),
        (
            "Evidence items logged",
            f"=COUNTA({quote(L.SHEET_EVIDENCE)}!$A$2:$A${sheet.table_end})",
            None,
        ),
        ("Result", '="Peer challenge: strengths, areas for consideration and recommendations; no rating"', None),
    ]
    return headings, headline, last + 2  # the evidence table then starts where it always has
