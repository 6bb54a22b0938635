"""Edit a workbook the way a user would in LibreOffice Calc, through UNO, and save it as .xlsx.

Run with an interpreter that has ``uno`` (the system python3 with python3-uno):

    python3 uno_edit_carry.py SRC.xlsx DST.xlsx EDITS.json

EDITS.json is a list of edits, applied in order:

- ``{"op": "insert_column", "sheet": "Evidence", "before": "C", "heading": "Notes"}``: insert an
  empty column before column C (as Sheet > Insert Columns Before does; tables and names follow).
- ``{"op": "move_column", "sheet": "Actions", "from": "D", "to": "A"}``: cut column D and insert
  it before column A (as dragging a column with Alt does).
- ``{"op": "rename_sheet", "sheet": "Evidence", "to": "Evidence log"}``.
- ``{"op": "set", "sheet": "Evidence", "cell": "C1", "value": "Notes"}``: type a value.

Used by tests/test_carry_hostile.py; a private LibreOffice profile is created and removed.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]


def _prop(name: str, value: object) -> PropertyValue:
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


def _connect(pipe: str, proc: subprocess.Popen) -> object:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(300):
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if proc.poll() is not None:
                raise RuntimeError("LibreOffice ended before it accepted a connection") from None
            time.sleep(0.2)
    raise RuntimeError("LibreOffice did not accept a connection in 60 s")


def _column_range(sheet: object, index: int) -> object:
    return sheet.getColumns().getByIndex(index)


def apply(doc: object, edit: dict) -> None:
    sheets = doc.getSheets()
    sheet = sheets.getByName(edit["sheet"])
    op = edit["op"]
    if op == "insert_column":
        index = _col_index(edit["before"])
        sheet.getColumns().insertByIndex(index, 1)
        if edit.get("heading") is not None:
            sheet.getCellByPosition(index, int(edit.get("header_row", 1)) - 1).setString(edit["heading"])
    elif op == "move_column":
        src = _col_index(edit["from"])
        dst = _col_index(edit["to"])
        sheet.getColumns().insertByIndex(dst, 1)
        if src >= dst:
            src += 1
        source = _column_range(sheet, src).getRangeAddress()
        target = sheet.getCellByPosition(dst, 0).getCellAddress()
        sheet.moveRange(target, source)
        sheet.getColumns().removeByIndex(src, 1)
    elif op == "rename_sheet":
        sheet.setName(edit["to"])
    elif op == "set":
        cell = sheet.getCellRangeByName(edit["cell"])
        value = edit["value"]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            cell.setValue(value)
        else:
            cell.setString(str(value))
    else:
        raise ValueError(f"unknown edit {op!r}")


def main(src: str, dst: str, edits_file: str) -> int:
    edits = json.loads(Path(edits_file).read_text(encoding="utf-8"))
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        print("soffice is not installed", file=sys.stderr)
        return 3
    profile = Path(tempfile.mkdtemp(prefix="ab-uno-profile-"))
    pipe = f"ab_uno_{uuid.uuid4().hex}"
    proc = subprocess.Popen(
        [
            exe,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        ctx = _connect(pipe, proc)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(Path(src).resolve().as_uri(), "_blank", 0, (_prop("Hidden", True),))
        if doc is None:
            raise RuntimeError(f"LibreOffice could not open {src}")
        for edit in edits:
            apply(doc, edit)
        doc.storeToURL(Path(dst).resolve().as_uri(), (_prop("FilterName", "Calc MS Excel 2007 XML"),))
        doc.close(True)
        with contextlib.suppress(Exception):  # the bridge goes away as the office ends
            desktop.terminate()
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        shutil.rmtree(profile, ignore_errors=True)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    os.environ.setdefault("SAL_USE_VCLPLUGIN", "svp")
    sys.exit(main(*sys.argv[1:]))
