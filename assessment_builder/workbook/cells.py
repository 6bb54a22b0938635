"""Writing a value into a cell so that text from YAML or a user always stays text, never a formula."""

from __future__ import annotations

from typing import Any

from openpyxl.cell.cell import Cell


def put_text(cell: Cell, value: Any) -> None:
    """Write a value; a string is stored as text, so '=cmd|...' from a user or a YAML file never runs.

    openpyxl turns any string starting with "=" into a formula; forcing the string type keeps it
    exactly as typed (Excel and LibreOffice then show it as text).
    """
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
