"""One worksheet part searched for what a cell grid cannot say, exactly as openpyxl would read it.

Formulas, error cells, date-formatted numbers, merged ranges and sheet protection are found with
compiled regular expressions over the part's bytes (never parsed into a tree). Anything whose reading
could differ from openpyxl's raises :class:`~.xlsx_parts.Unmirrorable`, and the reader then uses openpyxl.
"""

from __future__ import annotations

import re
from typing import Any

from ..values import record
from .xlsx_parts import (
    CELL_RANGE,
    MAX_DENSE_CELLS,
    MAX_MERGED_CELLS,
    UNICODE_ESCAPE,
    Unmirrorable,
    check_xml,
    column_index,
    xml_text,
)

_ROW = re.compile(rb'<row r="([0-9]+)"')
_NO_REF = re.compile(rb'<(?:c|row)(?! r=")[\s>/]')
_WIDE = re.compile(rb'<c r="([A-Z]{2,3})[0-9]')
_FAR_ROW = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{6,})"')
_CELL_ROW = re.compile(rb'<c r="[A-Z]{1,3}([0-9]+)"')
_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]+)"([^>]*?)(/?)>')
# numbers openpyxl may read as a whole-number float (or a long int) where the grid gives a float
_ODD_NUMBER = re.compile(
    rb"<v>([-+]?[0-9]*\.0*|[-+]?[0-9]*\.?[0-9]*[eE][-+]?[0-9]+|[-+]?[0-9]*\.[0-9]{15,}|[-+]?[0-9]{16,})</v>"
)
_NOT_NUMBER = re.compile(rb"<v>(?![-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?</v>)")
_ODD_TYPE = re.compile(rb' t="(?!(?:n|s|str|b|e|inlineStr|normal)")')
_FORMULA_START = re.compile(rb"<f[ >/]")
_FORMULA = re.compile(rb"<f((?:\s[^>]*?)?)(?:/>|>([^<]*)</f>)")
_VALUE = re.compile(rb"<v>([^<]*)</v>|<v/>")
_TYPE = re.compile(rb'\bt="([^"]*)"')
_MERGE = re.compile(rb'<mergeCell ref="([^"]+)"\s*/>')
_PROTECTION = re.compile(rb"<sheetProtection\b([^>]*)>")
_SHEET_ATTR = re.compile(rb'\bsheet="([^"]*)"')


@record
class SheetScan:
    """What the cell grid cannot say about one worksheet."""

    special: dict[tuple[int, int], tuple[Any, str]]  # (row, col) -> (value, data_type) as openpyxl reads them
    dates: dict[tuple[int, int], tuple[float, bool]]  # numbers with a date style -> (number, is a duration)
    merged: list[tuple[int, int, int, int]]  # (min_col, min_row, max_col, max_row), in file order
    protected: bool


def _whole(text: bytes) -> bool:
    try:
        return float(text).is_integer()
    except (ValueError, OverflowError):
        return True


def _cell_of(raw: bytes, pos: int) -> tuple[tuple[int, int] | None, bytes | None]:
    """((row, col), type) of the cell element holding ``pos``."""
    start = raw.rfind(b"<c ", 0, pos)
    head = _CELL.match(raw, start) if start >= 0 else None
    if head is None:
        return None, None
    kind = _TYPE.search(head.group(3))
    return (int(head.group(2)), column_index(head.group(1).decode())), kind.group(1) if kind else None


def scan_sheet(raw: bytes, date_styles: dict[int, bool]) -> SheetScan:
    """Formulas, errors, dates, merges and protection of one worksheet part, each checked to be read as openpyxl does."""
    check_xml(raw, "worksheet")
    if UNICODE_ESCAPE.search(raw) or b"<rPh" in raw or b' t="d"' in raw:
        raise Unmirrorable("escaped characters, phonetic runs or ISO dates in cells")
    if _NO_REF.search(raw):
        raise Unmirrorable("a cell or row without its reference first")
    rows = [int(r) for r in _ROW.findall(raw)]
    if any(b <= a for a, b in zip(rows, rows[1:])):
        raise Unmirrorable("rows out of order")
    max_col = max((column_index(c.decode()) for c in _WIDE.findall(raw)), default=26)
    far = _FAR_ROW.findall(raw)  # rows from 100,000 on
    max_row = max(map(int, far)) if far else 99_999
    if max_col > 26 and not far:
        max_row = max(map(int, _CELL_ROW.findall(raw)), default=0)
    if max_row * max_col > MAX_DENSE_CELLS or max_col > 16384 or max_row > 1048576:
        raise Unmirrorable("a cell far away: openpyxl reads a sparse sheet without filling the gap")
    if _ODD_TYPE.search(raw):
        raise Unmirrorable("a cell type openpyxl keeps as it is")
    special: dict[tuple[int, int], tuple[Any, str]] = {}
    if _FORMULA_START.search(raw):
        _formulas(raw, special)
    for m in _NOT_NUMBER.finditer(raw):  # text is fine in formulas' results and error cells only
        key, kind = _cell_of(raw, m.start())
        if key not in special and kind not in (b"str", b"e"):
            raise Unmirrorable("a cell whose value is not what its type says")
    for m in _ODD_NUMBER.finditer(raw):
        odd = m.group(1)
        if (b"." not in odd and b"e" not in odd.lower() or _whole(odd)) and _cell_of(raw, m.start())[0] not in special:
            raise Unmirrorable("a whole number written in a form openpyxl reads as a float, or a long integer")
    if b't="e"' in raw:
        _errors(raw, special)
    dates: dict[tuple[int, int], tuple[float, bool]] = {}
    if date_styles:
        _dates(raw, date_styles, special, dates)
    merged = []
    for ref in _MERGE.findall(raw):
        bounds = CELL_RANGE.fullmatch(ref.decode())
        if bounds is None:
            raise Unmirrorable("an unusual merged range")
        c1, r1, c2, r2 = bounds.groups()
        merged.append((column_index(c1), int(r1), column_index(c2 or c1), int(r2 or r1)))
    area = sum((c2 - c1 + 1) * (r2 - r1 + 1) for c1, r1, c2, r2 in merged)
    if len(merged) != raw.count(b"<mergeCell ") or area > MAX_MERGED_CELLS:
        raise Unmirrorable("unusual merged cells")
    protected = False
    prot = _PROTECTION.search(raw)
    if prot is not None:
        attr = _SHEET_ATTR.search(prot.group(1))
        protected = attr is not None and attr.group(1) not in (b"false", b"f", b"0", b"")
    return SheetScan(special, dates, merged, protected)


def _formulas(raw: bytes, special: dict[tuple[int, int], tuple[Any, str]]) -> None:
    """Each formula cell's value as openpyxl gives it: "=" and the formula's text."""
    for m in _FORMULA_START.finditer(raw):
        start = raw.rfind(b"<c ", 0, m.start())
        if start < 0 or raw.find(b"</c>", start, m.start()) >= 0 or raw.find(b"<sheetData", start, m.start()) >= 0:
            continue  # a <f> outside a cell (none are known), openpyxl ignores it too
        head, f = _CELL.match(raw, start), _FORMULA.match(raw, m.start())
        kind = _TYPE.search(f.group(1)) if f is not None else None
        if f is None or kind is not None and kind.group(1) != b"normal":
            raise Unmirrorable("a shared, array or data table formula")
        if head is None or head.group(4) or raw[head.end() : m.start()].strip():
            raise Unmirrorable("an unusual formula cell")
        row, col = int(head.group(2)), column_index(head.group(1).decode())
        special[(row, col)] = ("=" + (xml_text(f.group(2)) if f.group(2) else ""), "f")


def _errors(raw: bytes, special: dict[tuple[int, int], tuple[Any, str]]) -> None:
    for m in _CELL.finditer(raw):
        typed = _TYPE.search(m.group(3))
        if typed is None or typed.group(1) != b"e":
            continue
        key = (int(m.group(2)), column_index(m.group(1).decode()))
        if key in special:
            continue  # a formula
        if m.group(4):
            special[key] = (None, "e")
            continue
        v = _VALUE.match(raw, m.end())
        if v is None and not raw.startswith(b"</c>", m.end()):
            raise Unmirrorable("an unusual error cell")
        special[key] = ((xml_text(v.group(1)) or None) if v and v.group(1) else None, "e")


def _dates(
    raw: bytes,
    date_styles: dict[int, bool],
    special: dict[tuple[int, int], tuple[Any, str]],
    dates: dict[tuple[int, int], tuple[float, bool]],
) -> None:
    """The numbers in date-formatted cells (fastbook.py converts them as openpyxl does)."""
    ids = b"|".join(str(i).encode() for i in sorted(date_styles))
    pattern = re.compile(rb'<c r="([A-Z]{1,3})([0-9]+)"([^>]*?\bs="(' + ids + rb')"[^>]*?)>(?:<v>([^<]*)</v>)?')
    for m in pattern.finditer(raw):
        attrs, value = m.group(3), m.group(5)
        if not value or b't="' in attrs and b't="n"' not in attrs:
            continue  # empty, text or a formula (whose <f> comes first)
        key = (int(m.group(2)), column_index(m.group(1).decode()))
        if key in special:
            continue
        text = value.decode()
        try:
            number: float = float(text) if "." in text or "e" in text or "E" in text else int(text)
        except ValueError:
            raise Unmirrorable("a date cell that holds no number") from None
        dates[key] = (number, date_styles[int(m.group(4))])
