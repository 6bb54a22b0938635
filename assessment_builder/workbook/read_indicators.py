"""Read the Indicators table back: each row's figures, with its Variation worked out again in Python.

The Variation column's formula result is never read (a cached value could be stale); the
same method (assessment_builder.indicators.variation) is applied to the values read. A
workbook without the sheet or table (an older one, or a framework without indicators)
has no indicators and no finding.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import Severity
from ..frameworks import did_you_mean
from ..indicators import variation
from ..model import Framework, IndicatorValue
from .indicators_sheet import INDICATOR_COLUMNS, OWN_UNIT, SHEET_INDICATORS, TABLE_INDICATORS
from .read_merged import check_table_merges
from .read_scan import Collector, links_of, stored
from .read_tables import _columns, _find_table, _formula, _heading_rows, _outside, _place
from .read_values import ValueReader, is_blank, with_link
from .xlsx_parts import column_letter as get_column_letter

COMPUTED = "Variation"
_SPLIT = re.compile(r"[,;\s]+")


def read_indicators(wb: Any, fw: Framework, values: ValueReader, out: Collector) -> list[IndicatorValue]:
    """Every row of the Indicators table that holds something, in row order."""
    if _find_table(wb, TABLE_INDICATORS, SHEET_INDICATORS) is None and SHEET_INDICATORS not in wb.sheetnames:
        return []
    place = _place(wb, SHEET_INDICATORS, TABLE_INDICATORS, INDICATOR_COLUMNS, out)
    if place is None:
        return []
    ws = place.ws
    top, header_row = _heading_rows(ws, place, INDICATOR_COLUMNS, SHEET_INDICATORS, out)
    columns = _columns(ws, header_row, INDICATOR_COLUMNS, place.span, out)
    check_table_merges(ws, header_row, columns, f"{SHEET_INDICATORS} table", out)
    wanted = {c: h for h, c in columns.items()}
    rows: dict[int, dict[str, tuple[str, Any]]] = {}
    outside: list[tuple[int, int]] = []
    links = links_of(ws)
    for (r, c), cell in stored(ws).items():
        if r < top or r == header_row or is_blank(cell.value):
            continue
        heading = wanted.get(c)
        if heading == COMPUTED:
            continue
        if heading is None:
            outside.append((r, c))
            continue
        if cell.data_type == "f":
            _formula(ws.title, False, heading, cell, out)
            continue
        value = with_link(cell.value, links.get((r, c))) if links else cell.value  # a Source's link, say
        rows.setdefault(r, {})[heading] = (cell.coordinate, value)
    if outside:
        _outside(ws.title, outside, INDICATOR_COLUMNS, out)
    units = {i.id.lower(): i.unit for i in fw.indicators}
    return [_row(r, rows[r], ws.title, values, units, out) for r in sorted(rows)]


def _row(
    r: int,
    row: dict[str, tuple[str, Any]],
    sheet: str,
    values: ValueReader,
    units: dict[str, str],
    out: Collector,
) -> IndicatorValue:
    def get(heading: str) -> tuple[str, Any]:
        return row.get(heading, (f"{get_column_letter(INDICATOR_COLUMNS.index(heading) + 1)}{r}", None))

    ref, ident = get("Indicator ID")
    iid = values.text(ident)
    if iid is None:
        iid = f"row{r}"
        out.add(
            "W505",
            Severity.WARNING,
            f"row {r} of the Indicators table has content but no Indicator ID; give it an id such as LOCAL-{r - 1}",
            sheet=sheet,
            cell=ref,
        )
    number = {h: _number(get(h), h, iid, sheet, out) for h in ("Value", "Base", "England")}
    comparator = get("Comparator")[1]
    if isinstance(comparator, str):
        comparator = comparator.strip() or None
    polarity = _polarity(get("Polarity"), iid, sheet, out)
    unit = units.get(iid.lower(), OWN_UNIT)
    return IndicatorValue(
        id=iid,
        name=values.text(get("Indicator")[1]),
        statements=_statements(get("Statements"), iid, sheet, values, out),
        period=values.text(get("Period")[1]),
        value=number["Value"],
        base=number["Base"],
        england=number["England"],
        comparator=comparator,
        polarity=polarity,
        variation=variation(number["Value"], number["England"], number["Base"], polarity or "", unit),
        source=values.text(get("Source")[1]),
    )


def _number(cell: tuple[str, Any], heading: str, iid: str, sheet: str, out: Collector) -> float | None:
    ref, raw = cell
    if is_blank(raw):
        return None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return float(raw)
    text = str(raw).strip().rstrip("%").replace(",", "").strip()
    try:
        number = float(text)
    except ValueError:
        out.add(
            "W407",
            Severity.WARNING,
            f"the {heading} of indicator {iid} is '{str(raw)[:40]}', which is not a number; it was read as empty. "
            "Type the number only (71.46, not 71.46% or 'about 70')",
            sheet=sheet,
            cell=ref,
            item=iid,
            dropped=True,
        )
        return None
    out.add(
        "W407",
        Severity.WARNING,
        f"the {heading} of indicator {iid} was typed as text ('{str(raw)[:40]}') and was read as {number:g}; the "
        "workbook's Variation column leaves text out, so retype it as a number",
        sheet=sheet,
        cell=ref,
        item=iid,
    )
    return number


def _polarity(cell: tuple[str, Any], iid: str, sheet: str, out: Collector) -> str | None:
    ref, raw = cell
    if is_blank(raw):
        return None
    text = str(raw).strip().lower()
    if text in ("higher", "lower"):
        return text
    out.add(
        "W402",
        Severity.WARNING,
        f"the Polarity of indicator {iid} is '{str(raw)[:40]}'{did_you_mean(text, ['higher', 'lower'])}; choose "
        "higher or lower (which direction is better). It was read as empty, so no variation is worked out",
        sheet=sheet,
        cell=ref,
        item=iid,
        dropped=True,
    )
    return None


def _statements(cell: tuple[str, Any], iid: str, sheet: str, values: ValueReader, out: Collector) -> list[str]:
    ref, raw = cell
    ids: list[str] = []
    for part in _SPLIT.split(values.text(raw) or ""):
        if not part:
            continue
        sid = values.codes.get(part.lower()) or (part if part in values.ids else None)
        if sid is None:
            out.add(
                "W500",
                Severity.WARNING,
                f"indicator {iid} names statement '{part[:40]}', which is not in this framework"
                f"{did_you_mean(part, list(values.codes))}; use statement codes separated by commas",
                sheet=sheet,
                cell=ref,
                item=iid,
                dropped=True,
            )
        elif sid not in ids:
            ids.append(sid)
    return ids
