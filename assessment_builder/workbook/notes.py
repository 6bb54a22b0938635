"""Cell notes and comments: never read, so say where they are (W313) before a carry leaves them behind.

A statement lead's note on a score ("we debated 2 or 3") or a threaded comment is not an answer, and
neither reader reads it; a workbook made from this one by ``new --from``, ``split``, ``merge`` or
``migrate`` is written afresh and has none. Both readers give the same finding: it is taken from the
package's parts (a sheet's relationships to its comments parts), whichever reader read the cells.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path

from ..errors import Finding, Severity
from .read_scan import first_few
from .xlsx_parts import xml_text

_REL = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)>")
_ATTR = re.compile(rb'\b(Id|Type|Target|TargetMode)="([^"]*)"')
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)>")
_SHEET_ATTR = re.compile(rb'\b(name|r:id|[\w]+:id)="([^"]*)"')
_REF = re.compile(rb'<(?:\w+:)?(?:comment|threadedComment)\b[^>]*?\bref="([A-Z]{1,3}[0-9]{1,7})"')
_KINDS = (b"/comments", b"/threadedComment")
_MAX_PART = 20 * 1024 * 1024  # larger parts are not scanned (the file checks bound the package already)


def _read(zf: zipfile.ZipFile, part: str) -> bytes:
    info = zf.NameToInfo.get(part)
    if info is None or info.file_size > _MAX_PART:
        return b""
    return zf.read(info)


def _rels(zf: zipfile.ZipFile, part: str) -> list[dict[bytes, bytes]]:
    folder, name = posixpath.split(part)
    return [dict(_ATTR.findall(m.group(1))) for m in _REL.finditer(_read(zf, f"{folder}/_rels/{name}.rels"))]


def _target(folder: str, rel: dict[bytes, bytes]) -> str:
    target = rel.get(b"Target", b"").decode("utf-8", "replace")
    return target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))


def notes_findings(path: Path, name: str) -> list[Finding]:
    """A W313 warning per sheet that holds notes or comments, naming their cells; none when it cannot tell."""
    try:
        with zipfile.ZipFile(path) as zf:
            if not any("comment" in n.lower() for n in zf.NameToInfo):
                return []  # the usual case, known from the member names alone (compare reads hundreds)
            book_rels = {r.get(b"Id"): r for r in _rels(zf, "xl/workbook.xml")}
            found: list[Finding] = []
            for m in _SHEET.finditer(_read(zf, "xl/workbook.xml")):
                attrs = dict(_SHEET_ATTR.findall(m.group(1)))
                rid = next((v for k, v in attrs.items() if k.endswith(b":id")), None)
                rel = book_rels.get(rid)
                if rel is None:
                    continue
                sheet_part = _target("xl", rel)
                cells: dict[str, None] = {}  # in order, once each (Excel writes a threaded comment twice)
                for r in _rels(zf, sheet_part):
                    if r.get(b"TargetMode") != b"External" and r.get(b"Type", b"").endswith(_KINDS):
                        part = _target(posixpath.dirname(sheet_part), r)
                        cells.update(dict.fromkeys(x.decode() for x in _REF.findall(_read(zf, part))))
                refs = list(cells)
                if refs:
                    found.append(_finding(name, xml_text(attrs.get(b"name", b"")), refs))
            return found
    except (OSError, zipfile.BadZipFile, ValueError, KeyError):
        return []


def _finding(name: str, sheet: str, refs: list[str]) -> Finding:
    return Finding(
        "W313",
        Severity.WARNING,
        f"{len(refs)} note(s) or comment(s) on the '{sheet}' sheet ({first_few(refs)}) are not read: "
        "nothing in them is imported, and a workbook made from this one (new --from, split, merge, migrate) will "
        "not have them. Copy anything that matters into the cells",
        file=name,
        sheet=sheet,
        cell=refs[0],
    )
