"""A fast, read-only workbook for the reader: python-calamine's cell values, shaped as openpyxl shapes them.

It offers exactly the part of openpyxl's Workbook/Worksheet interface the reader modules
use (sheetnames, ``wb[name]``, worksheets, defined_names, ``ws._cells``, ``ws.cell()``,
``ws[ref]``, merged_cells, tables, protection) and gives every value as openpyxl would:
whole numbers as int, date-formatted numbers as datetimes, formulas as their "=..." text,
error cells as their text, merged-over cells as empty. A sheet is read only when the reader
first looks at it. What it cannot give exactly raises :class:`Unmirrorable`, and read.py
reads the file with openpyxl instead (xlsx_parts.py and sheet_scan.py list those cases).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .sheet_scan import SheetScan, scan_sheet
from .strict import open_package
from .xlsx_parts import (
    SUFFIXES,
    Package,
    SheetEntry,
    Table,
    Unmirrorable,
    column_index,
    column_letter,
    read_package,
)

_DATE_TYPES = (dt.datetime, dt.date, dt.time, dt.timedelta)


class FastCell:
    """One cell: row, column, value and openpyxl's data_type ('n', 's', 'b', 'd', 'e' or 'f')."""

    __slots__ = ("row", "column", "value", "data_type")

    def __init__(self, row: int, column: int, value: Any, data_type: str):
        self.row = row
        self.column = column
        self.value = value
        self.data_type = data_type

    @property
    def coordinate(self) -> str:
        return f"{column_letter(self.column)}{self.row}"

    def __repr__(self) -> str:
        return f"<FastCell {self.coordinate} {self.value!r}>"


class MergedRange:
    """A merged range as openpyxl's MergedCellRange: same bounds, coord, containment, hash and equality."""

    __slots__ = ("min_col", "min_row", "max_col", "max_row")

    def __init__(self, min_col: int, min_row: int, max_col: int, max_row: int):
        self.min_col, self.min_row, self.max_col, self.max_row = min_col, min_row, max_col, max_row

    @property
    def coord(self) -> str:
        first = f"{column_letter(self.min_col)}{self.min_row}"
        if (self.min_col, self.min_row) == (self.max_col, self.max_row):
            return first
        return f"{first}:{column_letter(self.max_col)}{self.max_row}"

    def __contains__(self, ref: str) -> bool:
        m = _CELL_REF.fullmatch(ref)
        if m is None:
            return False
        col, row = column_index(m.group(1)), int(m.group(2))
        return self.min_col <= col <= self.max_col and self.min_row <= row <= self.max_row

    def __hash__(self) -> int:
        return hash((self.min_row, self.min_col, self.max_row, self.max_col))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MergedRange) and hash(self) == hash(other) and self.coord == other.coord


class _Merged:
    def __init__(self, ranges: set[MergedRange]):
        self.ranges = ranges


class _Protection:
    def __init__(self, sheet: bool):
        self.sheet = sheet


_CELL_REF = re.compile(r"\$?([A-Z]{1,3})\$?([0-9]+)")


class FastSheet:
    """One worksheet; its cells are read from the file the first time they are asked for."""

    def __init__(self, book: FastBook, entry: SheetEntry):
        self._book = book
        self._entry = entry
        self.title = entry.name
        self.tables: dict[str, Table] = entry.tables
        self.links: dict[tuple[int, int], str] = entry.links  # (row, col) -> hyperlink target
        self._scan: SheetScan | None = None
        self._cells_read: dict[tuple[int, int], FastCell] | None = None

    def _scanned(self) -> SheetScan:
        if self._scan is None:
            try:
                self._scan = scan_sheet(self._entry.raw, self._book._package.date_styles)
            except (ValueError, KeyError, IndexError, OverflowError) as exc:  # bad UTF-8, a bad character reference
                raise Unmirrorable(f"{type(exc).__name__}: {exc}") from None
            self._entry.raw = b""  # no longer needed
        return self._scan

    @property
    def protection(self) -> _Protection:
        return _Protection(self._scanned().protected)

    @property
    def merged_cells(self) -> _Merged:
        return _Merged({MergedRange(*bounds) for bounds in self._scanned().merged})

    @property
    def _cells(self) -> dict[tuple[int, int], FastCell]:
        if self._cells_read is None:
            self._cells_read = self._read_cells()
        return self._cells_read

    def _read_cells(self) -> dict[tuple[int, int], FastCell]:
        scan = self._scanned()
        try:
            rows = self._book._calamine.get_sheet_by_name(self.title).to_python(skip_empty_area=False)
        except Exception as exc:  # noqa: BLE001 - whatever calamine cannot read, openpyxl is asked
            raise Unmirrorable(f"calamine: {exc}") from None
        special, dates = dict(scan.special), scan.dates
        for key, (number, duration) in dates.items():
            try:
                special[key] = (from_excel(number, duration), "d")
            except (OverflowError, ValueError):  # openpyxl makes such a cell an error
                special[key] = ("#VALUE!", "e")
        cells: dict[tuple[int, int], FastCell] = {}
        for r, row in enumerate(rows, 1):
            for c, value in enumerate(row, 1):
                if value == "" or value is None:
                    continue
                kind = type(value)
                if kind is str:
                    cells[(r, c)] = FastCell(r, c, value, "s")
                elif kind is float:
                    real: float = value  # type: ignore[assignment]
                    cells[(r, c)] = FastCell(r, c, int(real) if real.is_integer() else real, "n")
                elif kind is bool:
                    cells[(r, c)] = FastCell(r, c, value, "b")
                elif kind is int:
                    cells[(r, c)] = FastCell(r, c, value, "n")
                elif isinstance(value, _DATE_TYPES) and (r, c) in dates:
                    cells[(r, c)] = FastCell(r, c, None, "d")  # its exact value is in ``special``
                else:
                    raise Unmirrorable(f"a value of type {kind.__name__} at row {r}")
        if special:
            new = special.keys() - cells.keys()  # formulas without a cached value, error cells
            for (r, c), (value, data_type) in special.items():
                cells[(r, c)] = FastCell(r, c, value, data_type)
            if new:
                cells = dict(sorted(cells.items()))  # file order: row by row, column by column
        for c1, r1, c2, r2 in scan.merged:  # openpyxl keeps only the first cell of a merged range
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    if (r, c) != (r1, c1):
                        cells[(r, c)] = FastCell(r, c, None, "n")
        return cells

    def cell(self, row: int, column: int) -> FastCell:
        if not 0 < row < 1048577:
            raise ValueError(f"Row numbers must be between 1 and 1048576. Row number supplied was {row}")
        found = self._cells.get((row, column))
        return found if found is not None else FastCell(row, column, None, "n")

    def __getitem__(self, ref: str) -> FastCell:
        """A single cell by reference ("B4"); the reader never asks for a range."""
        if ref == "":
            raise IndexError(" is not a valid coordinate or range")
        m = _CELL_REF.fullmatch(ref)
        if m is None:
            raise Unmirrorable(f"a cell asked for as {ref!r}")
        return self.cell(row=int(m.group(2)), column=column_index(m.group(1)))


class DefinedName:
    """A workbook-level defined name: its text and, as openpyxl gives them, its destinations."""

    def __init__(self, name: str, text: str | None):
        self.name = name
        self.attr_text = text

    @property
    def destinations(self) -> Iterator[tuple[str, str]]:
        text = self.attr_text
        if text is None or text == "#REF!":
            return iter(())
        m = _DESTINATION.fullmatch(text)
        if m is None:
            raise Unmirrorable(f"the defined name {self.name} is {text[:60]!r}")
        cells = "" if m.group(3) == "#REF!" else m.group(3)  # openpyxl gives no cells for Sheet!#REF!
        return iter([(m.group(1) if m.group(1) is not None else m.group(2), cells)])


# 'Sheet name'!$B$4 or Sheet!$B$4 (a quoted name keeps its doubled quotes, as openpyxl gives it)
_DESTINATION = re.compile(
    r"(?:'((?:[^']|'')+)'|([^'!\s()\"+\-*/^&=<>%,;:{}\[\]#@]+))!(\$?[A-Z]{1,3}\$?[0-9]+(?::\$?[A-Z]{1,3}\$?[0-9]+)?|#REF!)"
)


class FastBook:
    """The workbook: sheets in workbook order, workbook-level defined names, cells read lazily."""

    def __init__(self, path: Path):
        if path.suffix.lower() not in SUFFIXES:
            raise Unmirrorable("openpyxl refuses this file name")
        self._zip = open_package(path)  # a strict package's parts read with transitional names
        try:
            self._package: Package = read_package(self._zip)
            from python_calamine import CalamineWorkbook

            try:
                self._calamine = CalamineWorkbook.from_path(str(path))
            except Exception as exc:  # noqa: BLE001 - whatever calamine cannot read, openpyxl is asked
                raise Unmirrorable(f"calamine: {exc}") from None
        except BaseException:
            self._zip.close()
            raise
        self._sheets = {entry.name: FastSheet(self, entry) for entry in self._package.sheets}
        if len(self._sheets) != len(self._package.sheets):
            self.close()
            raise Unmirrorable("two sheets with one name")
        self.sheetnames = list(self._sheets)
        self.worksheets = list(self._sheets.values())
        self.defined_names = {name: DefinedName(name, text) for name, text in self._package.names.items()}

    def __getitem__(self, name: str) -> FastSheet:
        try:
            return self._sheets[name]
        except KeyError:
            raise KeyError(f"Worksheet {name} does not exist.") from None

    def __contains__(self, name: str) -> bool:
        return name in self._sheets

    def close(self) -> None:
        self._zip.close()
        calamine = self.__dict__.pop("_calamine", None)
        if calamine is not None and hasattr(calamine, "close"):  # python-calamine before 0.3 has no close()
            calamine.close()


_EPOCH = dt.datetime(1899, 12, 30)


def from_excel(value: float, duration: bool = False) -> Any:
    """openpyxl's conversion of an Excel serial number (1900 date system) to a datetime, time or timedelta."""
    if duration:
        td = dt.timedelta(days=value)
        if td.microseconds:
            td = dt.timedelta(seconds=td.total_seconds() // 1, microseconds=round(td.microseconds, -3))
        return td
    day, fraction = divmod(value, 1)
    diff = dt.timedelta(milliseconds=round(fraction * 86400 * 1000))
    if 0 <= value < 1 and diff.days == 0:
        seconds = diff.seconds
        return dt.time(seconds // 3600, seconds // 60 % 60, seconds % 60, diff.microseconds)
    if 0 < value < 60:
        day += 1
    return _EPOCH + dt.timedelta(days=day) + diff


def open_fast(path: str | Path) -> FastBook:
    """The workbook at ``path`` for the reader; raises Unmirrorable when only openpyxl can read it exactly."""
    try:
        return FastBook(Path(path))
    except Exception as exc:  # noqa: BLE001 - whatever the fast reader cannot open, openpyxl is asked
        raise Unmirrorable(f"{type(exc).__name__}: {exc}") from None


__all__ = ["FastBook", "FastCell", "Unmirrorable", "open_fast"]
