"""Cells merged over a table's columns (the Evidence and Actions logs, the Indicators table).

A merge keeps only its first cell's value: Excel and LibreOffice empty the others (or keep
them hidden, and both readers read a merged-over cell as empty). So a Title merged across the
Category beside it leaves that entry with no category, and a cell merged down over the row
below takes that row's value: each merge over more than one cell the table reads is a W304
warning naming the cells read as empty, as merges over the Assessment sheet's inputs are.
"""

from __future__ import annotations

from typing import Any

from ..errors import Severity
from .read_scan import Collector, first_few
from .xlsx_parts import column_letter


def check_table_merges(ws: Any, header_row: int, columns: dict[str, int], what: str, out: Collector) -> None:
    """A W304 warning for each merged range below ``header_row`` over two or more cells of ``columns``."""
    heading_of = {c: h for h, c in columns.items()}
    for rng in ws.merged_cells.ranges:
        cols = [c for c in range(rng.min_col, rng.max_col + 1) if c in heading_of]
        first_row = max(rng.min_row, header_row + 1)
        if rng.max_row <= header_row or len(cols) * (rng.max_row - first_row + 1) < 2:
            continue
        first = (rng.min_row, rng.min_col)
        hidden = [(r, c) for r in range(first_row, rng.max_row + 1) for c in cols if (r, c) != first]
        headings = ", ".join(dict.fromkeys(heading_of[c] for _r, c in hidden))
        out.add(
            "W304",
            Severity.WARNING,
            f"cells {rng.coord} of the {what} are merged; only the first cell ({column_letter(rng.min_col)}"
            f"{rng.min_row}) is read, so {first_few([f'{column_letter(c)}{r}' for r, c in hidden])} ({headings}) "
            "read as empty. Unmerge them (Home > Merge & Center) and type those values again",
            sheet=ws.title,
            cell=f"{column_letter(rng.min_col)}{rng.min_row}",
        )
