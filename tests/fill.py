"""Fill a generated workbook the way a statement lead would: by defined names and table rows.

Used by the round-trip tests: generate -> fill -> save through LibreOffice -> read back.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl

from assessment_builder.workbook import layout as L


class Formula(str):
    """A value that fill_workbook writes as a formula; every other string is written as typed text."""


def _put(cell, value) -> None:
    cell.value = value
    if isinstance(value, str) and value.startswith("=") and not isinstance(value, Formula):
        cell.data_type = "s"


def _cell(wb: openpyxl.Workbook, name: str):
    defined = wb.defined_names[name]
    (sheet, ref), *_ = list(defined.destinations)
    return wb[sheet][ref.replace("$", "")]


def fill_workbook(
    src: Path,
    dst: Path,
    answers: dict[str, dict[str, Any]] | None = None,
    evidence: list[dict[str, Any]] | None = None,
    actions: list[dict[str, Any]] | None = None,
) -> Path:
    """Copy ``src`` to ``dst`` with inputs filled.

    answers: {statement_id: {field: value}}; a score may be an int (written as the dropdown
    text "3 - <label>") or any raw value to write as is (str, float...).
    evidence: [{"id", "title", "category" (title), "statements" ("QS1, QS4"), "date", "owner", "location"}]
    actions: [{"id", "statement" (code), "action", "owner", "due", "status"}]
    """
    wb = openpyxl.load_workbook(src)
    labels = {}
    for row in wb[L.SHEET_LISTS].iter_rows(min_row=2, max_col=1, values_only=True):
        if row[0]:
            labels[int(str(row[0]).split(" - ")[0])] = row[0]
    for sid, fields in (answers or {}).items():
        for field, value in fields.items():
            if field == "score" and isinstance(value, int) and not isinstance(value, bool) and value in labels:
                value = labels[value]
            _put(_cell(wb, L.input_name(sid, field)), value)
    keys_e = ["id", "title", "category", "statements", "date", "owner", "location"]
    ws = wb[L.SHEET_EVIDENCE]
    for r, item in enumerate(evidence or [], start=2):
        for c, key in enumerate(keys_e, start=1):
            _put(ws.cell(row=r, column=c), item.get(key))
    keys_a = ["id", "statement", "action", "owner", "due", "status"]
    ws = wb[L.SHEET_ACTIONS]
    for r, item in enumerate(actions or [], start=2):
        for c, key in enumerate(keys_a, start=1):
            _put(ws.cell(row=r, column=c), item.get(key))
    wb.save(dst)
    return dst


def cqc_scores(total: int, n: int = 9) -> list[int]:
    """n scores from 1-4 adding up to total, as evenly as possible."""
    base, extra = divmod(total, n)
    return [base + (1 if i < extra else 0) for i in range(n)]


TODAY = dt.date(2025, 3, 31)


def hostile_framework(tmp_path: Path):
    """mini-rated with wording that looks like formulas, COUNTIF patterns and quotes (a council's own YAML)."""
    from assessment_builder import load_framework

    text = (Path(__file__).parent / "fixtures" / "mini-rated.yaml").read_text(encoding="utf-8")
    for old, new in (
        ('title: "Alpha statement"', 'title: "=Alpha statement"'),
        ('title: "First theme"', 'title: \'=HYPERLINK("http://x","x")\''),
        ('title: "Processes"', 'title: "<Processes?*"'),
        ('label: "Good"', "label: 'Good \"enough\"'"),
    ):
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return load_framework(path)
