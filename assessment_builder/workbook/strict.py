"""A workbook saved as "Strict Open XML Spreadsheet" read as the ordinary .xlsx it is equivalent to.

Excel's Save As list offers "Strict Open XML Spreadsheet (*.xlsx)" (ISO/IEC 29500 Strict) beside
"Excel Workbook (*.xlsx)". The strict file has the same parts, but names its XML namespaces and
relationship types with purl.oclc.org addresses instead of the transitional schemas.openxmlformats.org
ones. openpyxl knows only the transitional names (it finds no sheets in a strict file), so both readers
are given the parts with the strict names mapped to the transitional ones, as ECMA-376 Part 1 pairs them.
The file itself is never changed.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

_STRICT = b"http://purl.oclc.org/ooxml/"

# strict name -> transitional name; longer names first so a prefix never shadows a fuller match
_NAMES = (
    (b"http://purl.oclc.org/ooxml/officeDocument/relationships/extendedProperties",
     b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"),
    (b"http://purl.oclc.org/ooxml/officeDocument/relationships/customProperties",
     b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"),
    (b"http://purl.oclc.org/ooxml/officeDocument/relationships",
     b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"),
    (b"http://purl.oclc.org/ooxml/officeDocument/extendedProperties",
     b"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"),
    (b"http://purl.oclc.org/ooxml/officeDocument/customProperties",
     b"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"),
    (b"http://purl.oclc.org/ooxml/officeDocument/docPropsVTypes",
     b"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"),
    (b"http://purl.oclc.org/ooxml/officeDocument/sharedTypes",
     b"http://schemas.openxmlformats.org/officeDocument/2006/sharedTypes"),
    (b"http://purl.oclc.org/ooxml/spreadsheetml/main", b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"),
    (b"http://purl.oclc.org/ooxml/drawingml/spreadsheetDrawing",
     b"http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"),
    (b"http://purl.oclc.org/ooxml/drawingml/chart", b"http://schemas.openxmlformats.org/drawingml/2006/chart"),
    (b"http://purl.oclc.org/ooxml/drawingml/main", b"http://schemas.openxmlformats.org/drawingml/2006/main"),
)  # fmt: skip


def transitional(raw: bytes) -> bytes:
    """One part's bytes with every strict name replaced by its transitional twin (unchanged if it has none)."""
    if _STRICT not in raw:
        return raw
    for strict, name in _NAMES:
        raw = raw.replace(strict, name)
    return raw


def is_strict(zf: zipfile.ZipFile) -> bool:
    """Whether the package's workbook part is in the strict SpreadsheetML namespace."""
    try:
        with zf.open("xl/workbook.xml") as part:
            head = part.read(4096)
    except (KeyError, OSError, zipfile.BadZipFile, ValueError):
        return False
    return b"http://purl.oclc.org/ooxml/spreadsheetml/main" in head


class TransitionalZip(zipfile.ZipFile):
    """A strict package whose parts read (``read``) with transitional names; everything else as a ZipFile."""

    def read(self, name: str | zipfile.ZipInfo, pwd: bytes | None = None) -> bytes:
        data = super().read(name, pwd)
        part = name.filename if isinstance(name, zipfile.ZipInfo) else name
        return transitional(data) if part.endswith((".xml", ".rels")) else data


def open_package(path: str | Path) -> zipfile.ZipFile:
    """The package, read with transitional names when it was saved as strict."""
    zf = zipfile.ZipFile(path)
    if not is_strict(zf):
        return zf
    zf.close()
    return TransitionalZip(path)


def transitional_copy(path: str | Path) -> io.BytesIO | None:
    """An in-memory transitional copy of a strict package (for openpyxl), or None when it is not strict."""
    with open_package(path) as zf:
        if not isinstance(zf, TransitionalZip):
            return None
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
            for info in zf.infolist():
                copy.writestr(info, zf.read(info))
    out.seek(0)
    return out
