"""The small XML parts of an .xlsx package the reader needs besides cell values, read as openpyxl reads them.

The package map (content types, workbook, relationships, defined names, styles, tables)
is parsed with ElementTree; a worksheet part is only searched for its table parts here, and
for what a cell grid cannot say in sheet_scan.py. Anything whose reading could differ from
openpyxl's raises :class:`Unmirrorable`, and the reader then uses openpyxl.
filecheck.py has already refused DTDs, entities, zip bombs and macros before this runs.
"""

from __future__ import annotations

import functools
import posixpath
import re
import zipfile
from dataclasses import field
from typing import Any
from xml.etree import ElementTree as ET

from ..values import record

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
OTHER_MAINS = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
)
SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm")  # openpyxl refuses any other file name
MAX_DENSE_CELLS = 3_000_000  # a sheet whose used area is larger (a far-away cell) is read by openpyxl
MAX_MERGED_CELLS = 100_000


class Unmirrorable(BaseException):
    """The fast reader cannot read this file exactly as openpyxl would; the reader falls back to openpyxl.

    A BaseException so that no broad ``except Exception`` in the reader turns it into a finding.
    """


# --- cell references --------------------------------------------------------------------------

UNICODE_ESCAPE = re.compile(rb"_x[0-9A-Fa-f]{4}_")  # _xHHHH_ character escapes: text they are in is left to openpyxl
CELL_RANGE = re.compile(r"\$?([A-Z]{1,3})\$?([0-9]+)(?::\$?([A-Z]{1,3})\$?([0-9]+))?")


@functools.cache
def column_letter(col: int) -> str:
    """1 -> A, 27 -> AA (openpyxl's get_column_letter, for 1 to 18278)."""
    if not 1 <= col <= 18278:
        raise ValueError(f"Invalid column index {col}")
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@functools.cache
def column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def range_boundaries(ref: str) -> tuple[Any, Any, Any, Any]:
    """(min_col, min_row, max_col, max_row) of "A1:G20" or "A1"; anything else exactly as openpyxl says."""
    m = CELL_RANGE.fullmatch(ref)
    if m is None:
        from openpyxl.utils.cell import range_boundaries as openpyxl_boundaries

        return openpyxl_boundaries(ref)  # type: ignore[no-any-return]
    c1, r1, c2, r2 = m.groups()
    return column_index(c1), int(r1), column_index(c2 or c1), int(r2 or r1)


# --- XML helpers ------------------------------------------------------------------------------

_DECL_ENCODING = re.compile(rb"^<\?xml[^>]*encoding=[\"']([^\"']+)[\"']")
_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s>/]")
_ESCAPE = re.compile(r"&(#x[0-9A-Fa-f]+|#[0-9]+|amp|lt|gt|quot|apos);")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def check_xml(raw: bytes, root: str) -> None:
    """A UTF-8 part without a DTD whose root element is ``root`` in the default (transitional) namespace."""
    if b"<!DOCTYPE" in raw or b"<!ENTITY" in raw:
        raise Unmirrorable("a DTD")
    if raw.startswith(b"\xef\xbb\xbf"):
        raise Unmirrorable("byte order mark")
    decl = _DECL_ENCODING.match(raw)
    if decl and decl.group(1).lower() not in (b"utf-8", b"utf8"):
        raise Unmirrorable("not UTF-8")
    pos = 0
    while True:  # skip the declaration, comments and processing instructions
        m = _ROOT.search(raw, pos)
        if m is None:
            raise Unmirrorable("no root element")
        if raw[m.start() + 1 : m.start() + 2] in (b"?", b"!"):
            pos = m.end()
            continue
        break
    if m.group(1) or m.group(2).decode() != root:
        raise Unmirrorable("prefixed or unexpected root element")
    if raw.find(b"\r", m.start()) >= 0:
        raise Unmirrorable("carriage returns, which an XML parser turns into line feeds")
    head = raw[m.start() : raw.find(b">", m.start())]
    if f'xmlns="{MAIN}"'.encode() not in head and root not in ("Types", "Relationships"):
        raise Unmirrorable("not the transitional namespace")


def xml_text(raw: bytes) -> str:
    """Element text as an XML parser gives it (the five entities and character references resolved)."""
    text = raw.decode("utf-8")
    if "&" not in text:
        return text

    def one(m: re.Match[str]) -> str:
        ref = m.group(1)
        if ref in _NAMED:
            return _NAMED[ref]
        return chr(int(ref[2:], 16) if ref[1] == "x" else int(ref[1:]))

    return _ESCAPE.sub(one, text)


def _parse(zf: zipfile.ZipFile, part: str, root: str) -> ET.Element:
    try:
        raw = zf.read(part)
    except KeyError:
        raise Unmirrorable(f"no part {part}") from None
    check_xml(raw, root)
    try:
        return ET.fromstring(raw)
    except ET.ParseError:
        raise Unmirrorable(f"{part} is not well-formed") from None


def _rels(zf: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """{id: (type, target as a zip member)} of a part's relationships, resolved as openpyxl resolves them."""
    folder, name = posixpath.split(part)
    path = posixpath.join(folder, "_rels", f"{name}.rels")
    if path not in zf.NameToInfo:
        return {}
    out: dict[str, tuple[str, str]] = {}
    for rel in _parse(zf, path, "Relationships"):
        if rel.tag != f"{{{PKG_REL}}}Relationship":
            continue
        target = rel.get("Target") or ""
        if rel.get("TargetMode") != "External":
            target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out[rel.get("Id") or ""] = (rel.get("Type") or "", target)
    return out


# --- the package map --------------------------------------------------------------------------


@record
class Table:
    """What the reader uses of an Excel table."""

    name: str
    displayName: str  # noqa: N815 - openpyxl's attribute name
    ref: str


@record
class SheetEntry:
    """One worksheet of the package: its name, part, XML and tables."""

    name: str
    part: str
    raw: bytes = b""  # the part's XML, read once (filecheck.py has bounded its size)
    tables: dict[str, Table] = field(default_factory=dict)
    links: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) -> hyperlink target


@record
class Package:
    """What the checks read from the workbook's XML parts beside calamine's cell values."""

    sheets: list[SheetEntry]
    names: dict[str, str | None]  # workbook-level defined names -> their text
    date_styles: dict[int, bool]  # cell style index -> True for a duration format, False for a date
    shared_strings: str | None


def read_package(zf: zipfile.ZipFile) -> Package:
    """The sheets, names, date styles and tables of the package; Unmirrorable when openpyxl might read it otherwise."""
    types = _parse(zf, "[Content_Types].xml", "Types")
    overrides = {o.get("PartName"): o.get("ContentType") for o in types if o.tag == f"{{{CT_NS}}}Override"}
    mains = [p for p, t in overrides.items() if t == XLSX_MAIN or t in OTHER_MAINS]
    if mains != ["/xl/workbook.xml"] or overrides["/xl/workbook.xml"] != XLSX_MAIN:
        raise Unmirrorable("the workbook part is not the usual one")
    shared = [p for p, t in overrides.items() if p and t and t.endswith(".sharedStrings+xml")]
    book = _parse(zf, "xl/workbook.xml", "workbook")
    pr = book.find(f"{{{MAIN}}}workbookPr")
    if pr is not None and pr.get("date1904") not in (None, "0", "false"):
        raise Unmirrorable("1904 dates")
    rels = _rels(zf, "xl/workbook.xml")
    sheets: list[SheetEntry] = []
    for sheet in book.iterfind(f"{{{MAIN}}}sheets/{{{MAIN}}}sheet"):
        rid = sheet.get(f"{{{REL_NS}}}id")
        rel = rels.get(rid or "")
        if not rid or rel is None or not rel[0].endswith("/worksheet") or rel[1] not in zf.NameToInfo:
            raise Unmirrorable("a chart sheet, or a sheet without its part")
        sheets.append(SheetEntry(sheet.get("name") or "", rel[1], zf.read(rel[1])))
    names: dict[str, str | None] = {}
    for defined in book.iterfind(f"{{{MAIN}}}definedNames/{{{MAIN}}}definedName"):
        name = defined.get("name")
        if not name:
            raise Unmirrorable("a defined name without a name")
        if defined.get("localSheetId") is not None:
            if name.startswith("_xlnm.Print_Titles") and not _PRINT_TITLES.fullmatch(defined.text or ""):
                raise Unmirrorable("unusual print titles")
            continue
        if name not in ("_xlnm.Print_Titles", "_xlnm.Print_Area", "_xlnm._FilterDatabase"):
            names[name] = defined.text
    seen: set[str] = set()
    for entry in sheets:
        entry.tables = _tables(zf, entry.part, entry.raw, seen)
        entry.links = _links(zf, entry.part, entry.raw)
    strings = shared[0][1:] if shared else None
    if strings != ("xl/sharedStrings.xml" if "xl/sharedStrings.xml" in zf.NameToInfo else None):
        raise Unmirrorable("the shared strings are not where both readers look")
    if strings is not None:
        raw = zf.read(strings)
        check_xml(raw, "sst")
        if UNICODE_ESCAPE.search(raw) or b"<rPh" in raw:
            raise Unmirrorable("escaped characters or phonetic runs in the shared strings")
    return Package(sheets, names, _date_styles(zf), strings)


_PRINT_TITLES = re.compile(
    r"(?:(?:'(?:[^']|'')+'|[^'!\s]+)!(?:\$?[A-Z]{1,3}:\$?[A-Z]{1,3}|\$?[0-9]+:\$?[0-9]+))"
    r"(?:,(?:'(?:[^']|'')+'|[^'!\s]+)!(?:\$?[A-Z]{1,3}:\$?[A-Z]{1,3}|\$?[0-9]+:\$?[0-9]+))?"
)
_TABLE_PART = re.compile(rb'<tablePart\b[^>]*?\b[\w.-]+:id="([^"]*)"')


def _tables(zf: zipfile.ZipFile, part: str, raw: bytes, seen: set[str]) -> dict[str, Table]:
    if b"<tablePart" not in raw:
        return {}
    ids = _TABLE_PART.findall(raw)
    if len(ids) != raw.count(b"<tablePart ") + raw.count(b"<tablePart>"):
        raise Unmirrorable("a table part without an id")
    rels = _rels(zf, part)
    tables: dict[str, Table] = {}
    for rid in ids:
        rel = rels.get(rid.decode())
        if rel is None or rel[1] not in zf.NameToInfo:
            raise Unmirrorable("a table part without its part")
        root = _parse(zf, rel[1], "table")
        name, display, ref = root.get("name"), root.get("displayName"), root.get("ref")
        if not name or not display or not ref or not CELL_RANGE.fullmatch(ref) or name.lower() in seen:
            raise Unmirrorable("an unusual table")
        seen.add(name.lower())
        tables[name] = Table(name, display, ref)
    return tables


_HYPERLINK = re.compile(rb"<hyperlink\b([^>]*?)/?>")
_REF_ATTR = re.compile(rb'\bref="([^"]*)"')
_ONE_CELL = re.compile(rb"([A-Z]{1,3})([0-9]+)")
_RID_ATTR = re.compile(rb'\b[\w.-]+:id="([^"]*)"')
_LOCATION_ATTR = re.compile(rb'\blocation="([^"]*)"')


def _links(zf: zipfile.ZipFile, part: str, raw: bytes) -> dict[tuple[int, int], str]:
    """(row, col) -> where each cell's hyperlink goes: its address, or "#" and a place in the workbook.

    What openpyxl gives as ``cell.hyperlink.target`` (or ``.location``); a link over a range of cells is
    left to openpyxl, which gives every cell of the range the link.
    """
    if b"<hyperlink " not in raw:
        return {}
    rels = _rels(zf, part)
    out: dict[tuple[int, int], str] = {}
    for m in _HYPERLINK.finditer(raw):
        attrs = m.group(1)
        ref, rid, location = _REF_ATTR.search(attrs), _RID_ATTR.search(attrs), _LOCATION_ATTR.search(attrs)
        cell = _ONE_CELL.fullmatch(ref.group(1)) if ref is not None else None
        if cell is None:
            raise Unmirrorable("a hyperlink over a range of cells, or without its cell")
        key = (int(cell.group(2)), column_index(cell.group(1).decode()))
        if rid is not None:
            rel = rels.get(xml_text(rid.group(1)))
            if rel is None or not rel[0].endswith("/hyperlink") or ":" not in rel[1]:
                raise Unmirrorable("a hyperlink whose relationship is missing or not an address")
            out[key] = rel[1]
        elif location is not None:
            out[key] = "#" + xml_text(location.group(1))
    return out


# --- number formats: which cell styles openpyxl reads as dates ----------------------------------

_LITERAL = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_CHAR = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_DURATION = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)
_BUILTIN_DATES = {14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM"}
_BUILTIN_DATES.update({19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm", 45: "mm:ss"})
_BUILTIN_DATES.update({46: "[h]:mm:ss", 47: "mmss.0"})


def _date_styles(zf: zipfile.ZipFile) -> dict[int, bool]:
    """Cell style index -> is a duration, for every style whose number format openpyxl reads as a date."""
    if "xl/styles.xml" not in zf.NameToInfo:
        raise Unmirrorable("no styles part where openpyxl looks")
    styles = _parse(zf, "xl/styles.xml", "styleSheet")
    custom = {
        int(f.get("numFmtId") or -1): f.get("formatCode") or ""
        for f in styles.iterfind(f"{{{MAIN}}}numFmts/{{{MAIN}}}numFmt")
    }
    out: dict[int, bool] = {}
    for i, xf in enumerate(styles.iterfind(f"{{{MAIN}}}cellXfs/{{{MAIN}}}xf")):
        try:
            fid = int(xf.get("numFmtId") or 0)
        except ValueError:
            raise Unmirrorable("a bad number format id") from None
        fmt = custom[fid] if fid in custom else _BUILTIN_DATES.get(fid)
        if fmt is None:
            continue
        first = fmt.split(";")[0]
        if _DATE_CHAR.search(_LITERAL.sub("", first)):
            out[i] = _DURATION.search(first) is not None
    if 0 in out:
        raise Unmirrorable("the default cell style is a date")
    return out
