"""The Indicators sheet: the framework's indicator catalogue as an Excel table, with a Variation formula per row.

Only for frameworks with indicators. The Variation formula is the spreadsheet form of
assessment_builder.indicators.variation (same operations in the same order, using only
functions Excel and LibreOffice share), so the workbook and ``import`` agree.
"""

from __future__ import annotations

from typing import Any

from ..indicators import SIMILAR_WITHIN, Z95
from ..model import Framework, IndicatorValue
from .cells import fit_row, formula, landscape, put

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


def write_indicators(ws: Any, st: Any, fw: Framework, full: Framework, prefill: list[IndicatorValue] | None) -> None:
    """Fill the Indicators sheet (after Actions): catalogue rows (those touching ``fw``'s statements), then prefill, then room."""
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
    # an indicator of the framework outside a part's scope keeps its unit (the whole log of figures travels with
    # every part); only a council's own row has the percent formula
    units = {ind.id: ind.unit for ind in full.indicators}
    rows += [(v, units.get(v.id, OWN_UNIT)) for v in given.values()]
    last = len(rows) + SPARE_ROWS + 1
    _table(ws, st, last)
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
            put(ws, r, col, value)
        put(ws, r, 11, v.source)
        fit_row(ws, r, [*cells, None, v.source], INDICATOR_WIDTHS)  # the wrapped name and source print whole
    for r in range(2, last + 1):
        unit = rows[r - 2][1] if r - 2 < len(rows) else OWN_UNIT
        formula(ws, r, 10, variation_formula(r, unit))
    message = "Choose higher or lower: which direction is better for this indicator."
    ws.data_validation(
        1,
        8,
        last - 1,
        8,
        {
            "validate": "list",
            "source": ["higher", "lower"],
            "ignore_blank": True,
            "error_title": "Polarity",
            "error_message": message,
            "input_message": message,
        },
    )


def _table(ws: Any, st: Any, last: int) -> None:
    for col, width in enumerate(INDICATOR_WIDTHS):
        ws.set_column(col, col, width, st("wrap"))
    columns = [{"header": heading, "header_format": st("header")} for heading in INDICATOR_COLUMNS]
    ws.add_table(
        0,
        0,
        last - 1,
        len(INDICATOR_COLUMNS) - 1,
        {"name": TABLE_INDICATORS, "style": "Table Style Light 9", "columns": columns},
    )
    ws.freeze_panes(1, 1)
    ws.repeat_rows(0)
    landscape(ws, a4=False)  # the printer's own paper size, as this sheet has always had
