"""The Indicators sheet: the framework's indicator catalogue as an Excel table, with a Variation formula per row.

Only for frameworks with indicators. The Variation formula is the spreadsheet form of
assessment_builder.indicators.variation (same operations in the same order, using only
functions Excel and LibreOffice share), so the workbook and ``import`` agree.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from ..indicators import SIMILAR_WITHIN, Z95
from ..model import Framework, IndicatorValue
from . import layout as L
from .cells import put_text
from .styles import HEADER_FILL, HEADER_FONT, THIN, WRAP

SHEET_INDICATORS = "Indicators"
TABLE_INDICATORS = "Indicators"
INDICATOR_COLUMNS = (
    "Indicator ID",
    "Indicator",
    "Statements",
    "Period",
    "Value",
    "Base",
    "England",
    "Comparator",
    "Polarity",
    "Variation",
    "Source",
)
INDICATOR_WIDTHS = [16, 50, 16, 12, 11, 11, 11, 13, 11, 20, 50]
SPARE_ROWS = 50  # empty rows for the council's own indicators
OWN_UNIT = "percent"  # a council's own row: a Base makes its Value a percentage of that base


def variation_formula(row: int, unit: str) -> str:
    """The Variation cell's formula for ``row``: assessment_builder.indicators.variation, step for step."""
    e, f, g, i = (f"{c}{row}" for c in "EFGI")
    z = f"{Z95}*{Z95}"
    plain = f'IF(ABS({e}-{g})<{SIMILAR_WITHIN},"similar",IF(({e}-{g})*IF({i}="higher",1,-1)>0,"better","worse"))'
    body = plain
    if unit == "percent":
        den = f"(1+{z}/{f})"
        centre = f"({e}/100+{z}/(2*{f}))/{den}"
        half = f"{Z95}*SQRT({e}/100*(1-{e}/100)/{f}+{z}/(4*{f}*{f}))/{den}"
        low, high = f"100*({centre}-{half})", f"100*({centre}+{half})"
        body = (
            f"IF(AND(ISNUMBER({f}),{f}>0,{e}>=0,{e}<=100),"
            f'IF({g}<{low},IF({i}="higher","significantly better","significantly worse"),'
            f'IF({g}>{high},IF({i}="higher","significantly worse","significantly better"),{plain})),{plain})'
        )
    return f'=IF(AND(ISNUMBER({e}),ISNUMBER({g}),OR({i}="higher",{i}="lower")),{body},"")'


def write_indicators(wb: Workbook, fw: Framework, full: Framework, prefill: list[IndicatorValue] | None) -> None:
    """Add the Indicators sheet after Actions: catalogue rows (those touching ``fw``'s statements), then prefill, then room."""
    in_scope = {s.id for s in fw.statements}
    codes = {s.id: s.code for s in full.statements}
    catalogue = [ind for ind in fw.indicators if set(ind.statements) & in_scope]
    given = {v.id: v for v in prefill or []}
    rows: list[tuple[IndicatorValue, str]] = []
    for ind in catalogue:
        v = given.pop(ind.id, None) or IndicatorValue(ind.id)
        rows.append(
            (
                IndicatorValue(
                    ind.id,
                    v.name or ind.name,
                    v.statements or [s for s in ind.statements if s in in_scope],  # a part lists its own
                    v.period,
                    v.value,
                    v.base,
                    v.england,
                    v.comparator,
                    v.polarity or ind.polarity,
                    None,
                    v.source or ind.source,
                ),
                ind.unit,
            )
        )
    rows += [(v, OWN_UNIT) for v in given.values()]
    ws = wb.create_sheet(SHEET_INDICATORS, index=wb.sheetnames.index(L.SHEET_ACTIONS) + 1)
    last = len(rows) + SPARE_ROWS + 1
    _table(ws, last)
    for r, (v, _unit) in enumerate(rows, start=2):
        cells = [
            v.id,
            v.name,
            ", ".join(codes.get(s, s) for s in v.statements),
            v.period,
            v.value,
            v.base,
            v.england,
            v.comparator,
            v.polarity,
        ]
        for col, value in enumerate(cells, start=1):
            put_text(ws.cell(row=r, column=col), value)
        put_text(ws.cell(row=r, column=11), v.source)
    for r in range(2, last + 1):
        unit = rows[r - 2][1] if r - 2 < len(rows) else OWN_UNIT
        ws.cell(row=r, column=10, value=variation_formula(r, unit))
    dv = DataValidation(type="list", formula1='"higher,lower"', allow_blank=True)
    dv.error = dv.prompt = "Choose higher or lower: which direction is better for this indicator."
    dv.errorTitle = "Polarity"
    dv.showErrorMessage = dv.showInputMessage = True
    ws.add_data_validation(dv)
    dv.add(f"I2:I{last}")


def _table(ws: Worksheet, last: int) -> None:
    for col, (heading, width) in enumerate(zip(INDICATOR_COLUMNS, INDICATOR_WIDTHS), start=1):
        cell = ws.cell(row=1, column=col)
        put_text(cell, heading)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.border = THIN
        ws.column_dimensions[get_column_letter(col)].width = width
        ws.column_dimensions[get_column_letter(col)].alignment = WRAP
    table = Table(displayName=TABLE_INDICATORS, ref=f"A1:{get_column_letter(len(INDICATOR_COLUMNS))}{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    ws.add_table(table)
    ws.freeze_panes = "B2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
