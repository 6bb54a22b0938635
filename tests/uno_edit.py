"""Edit workbooks (and Word forms) in headless LibreOffice through UNO, the way a person would, and save them.

Run by the system Python that has the ``uno`` module (not the project's virtualenv):

    /usr/bin/python3 tests/uno_edit.py JOBS.json

JOBS.json is a list of ``{"src": path, "dst": path, "edits": [[op, arg, ...], ...]}``. One
LibreOffice process does every job (each start costs seconds). The operations:

- ``["sort", sheet, "A5:L7", column_index, ascending]``: sort the rows of a range by one column
  (values move; defined names keep pointing at the same cells, as in Calc by default);
- ``["insert_column", sheet, index, heading, value]``: insert a column before ``index`` (0-based),
  give it a heading in row 1 and ``value`` in row 2;
- ``["move_column", sheet, from_index, to_index]``: cut a column and insert it before another;
- ``["rename_sheet", old, new]``; ``["delete_row", sheet, index]`` (0-based);
- ``["set", sheet, "A1", value]``: type a value into a cell;
- ``["clear", sheet, "A1"]``: delete what a cell holds (the Delete key: values, text, dates, formulas);
- ``["merge", sheet, "B2:C2"]``: merge a range (Format > Merge Cells), what is in it left as Calc leaves it.

Word documents (a ``dst`` ending .docx) are edited in Writer and saved as .docx, with these operations:

- ``["set_cells", heading, "A3", [text, ...]]``: in the table whose first cell is ``heading``, type the texts
  into the cells from A3 rightwards;
- ``["merge_cells", heading, "B3", count]``: select that cell and ``count`` more to its right (or, with a
  fifth item ``"down"``, below it) and merge them (Table > Merge Cells).

Protected sheets are unprotected first (the generated workbooks have no password), as a user
who wants to sort or insert would do. Exit code 0 when every job was saved.
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
from pathlib import Path

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]
from com.sun.star.table import TableSortField  # type: ignore[import-not-found]


def _props(**values):
    out = []
    for key, value in values.items():
        p = PropertyValue()
        p.Name, p.Value = key, value
        out.append(p)
    return tuple(out)


def _sheet(doc, name):
    sheet = doc.Sheets.getByName(name)
    if sheet.isProtected():
        sheet.unprotect("")
    return sheet


def _sort(doc, name, ref, column, ascending):
    rng = _sheet(doc, name).getCellRangeByName(ref)
    field = TableSortField()
    field.Field = int(column)
    field.IsAscending = bool(ascending)
    field.IsCaseSensitive = False
    desc = list(rng.createSortDescriptor())
    for p in desc:
        if p.Name == "SortFields":
            p.Value = uno.Any("[]com.sun.star.table.TableSortField", (field,))
        elif p.Name == "ContainsHeader":
            p.Value = False
    rng.sort(tuple(desc))


def _insert_column(doc, name, index, heading, value):
    sheet = _sheet(doc, name)
    sheet.Columns.insertByIndex(int(index), 1)
    sheet.getCellByPosition(int(index), 0).setString(heading)
    if value is not None:
        sheet.getCellByPosition(int(index), 1).setString(value)


def _move_column(doc, name, src, dst):
    sheet = _sheet(doc, name)
    src, dst = int(src), int(dst)
    sheet.Columns.insertByIndex(dst, 1)  # an empty column where the moved one goes
    if src >= dst:
        src += 1
    rows = sheet.Rows.getCount()
    source = sheet.getCellRangeByPosition(src, 0, src, rows - 1).getRangeAddress()
    target = sheet.getCellByPosition(dst, 0).getCellAddress()
    sheet.moveRange(target, source)
    sheet.Columns.removeByIndex(src, 1)  # the emptied column closes up, as after cut and insert


def _edit(doc, op, *args):
    if op == "sort":
        _sort(doc, *args)
    elif op == "insert_column":
        _insert_column(doc, *args)
    elif op == "move_column":
        _move_column(doc, *args)
    elif op == "rename_sheet":
        doc.Sheets.getByName(args[0]).setName(args[1])
    elif op == "delete_row":
        _sheet(doc, args[0]).Rows.removeByIndex(int(args[1]), 1)
    elif op == "merge":
        _sheet(doc, args[0]).getCellRangeByName(args[1]).merge(True)
    elif op == "set":
        cell = _sheet(doc, args[0]).getCellRangeByName(args[1])
        value = args[2]
        if isinstance(value, (int, float)):
            cell.setValue(value)
        else:
            cell.setString(value)
    elif op == "clear":
        # com.sun.star.sheet.CellFlags VALUE | DATETIME | STRING | FORMULA, as the Delete key clears
        _sheet(doc, args[0]).getCellRangeByName(args[1]).clearContents(1 | 2 | 4 | 16)
    else:
        raise ValueError(f"unknown edit {op!r}")


def _table(doc, heading):
    tables = doc.getTextTables()
    for n in range(tables.getCount()):
        table = tables.getByIndex(n)
        if table.getCellByName("A1").getString() == heading:
            return table
    raise ValueError(f"no table headed {heading!r}")


def _set_cells(doc, heading, first, texts):
    table = _table(doc, heading)
    cursor = table.createCursorByCellName(first)
    for n, text in enumerate(texts):
        if n:
            cursor.goRight(1, False)
        table.getCellByName(cursor.getRangeName()).setString(text)


def _edit_text(doc, op, *args):
    if op == "set_cells":
        _set_cells(doc, *args)
    elif op == "merge_cells":
        cursor = _table(doc, args[0]).createCursorByCellName(args[1])
        down = len(args) > 3 and args[3] == "down"
        (cursor.goDown if down else cursor.goRight)(int(args[2]), True)
        if not cursor.mergeRange():
            raise ValueError(f"could not merge {args[1]} and {args[2]} cell(s) {'below' if down else 'to its right'}")
    else:
        raise ValueError(f"unknown edit {op!r}")


def _connect(pipe: str, proc: subprocess.Popen, timeout: float = 60.0):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    end = time.monotonic() + timeout
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if proc.poll() is not None or time.monotonic() > end:
                raise
            time.sleep(0.25)


def main(jobs_path: str) -> int:
    jobs = json.loads(Path(jobs_path).read_text(encoding="utf-8"))
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        print("soffice is not installed", file=sys.stderr)
        return 1
    profile = Path(tempfile.mkdtemp(prefix="ab-uno-profile-"))
    pipe = f"ab_uno_{os.getpid()}"
    proc = subprocess.Popen(
        [
            exe,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        ctx = _connect(pipe, proc)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        for job in jobs:
            url = uno.systemPathToFileUrl(str(Path(job["src"]).resolve()))
            doc = desktop.loadComponentFromURL(url, "_blank", 0, _props(Hidden=True))
            word = job["dst"].lower().endswith(".docx")
            try:
                for edit in job["edits"]:
                    (_edit_text if word else _edit)(doc, *edit)
                out = uno.systemPathToFileUrl(str(Path(job["dst"]).resolve()))
                target = "MS Word 2007 XML" if word else "Calc MS Excel 2007 XML"
                doc.storeToURL(out, _props(FilterName=target, Overwrite=True))
            finally:
                doc.close(True)
        with contextlib.suppress(Exception):  # the bridge goes away while terminating
            desktop.terminate()
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        shutil.rmtree(profile, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
