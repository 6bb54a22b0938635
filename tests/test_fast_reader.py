"""The fast reader (python-calamine and a direct read of the XML parts) gives exactly what openpyxl gives.

Every file of the hostile corpus and the LibreOffice round trips (test_matrix.py builds them once
per test run), the example workbook and a set of crafted files are read with both readers; the
answers (ReadResult.to_dict()) and the findings (code, severity, sheet, cell, message) must be
identical. A file the fast reader cannot read exactly must be handed to openpyxl, never misread.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import ROOT
from libreoffice import soffice, uno_python
from test_matrix import corpus

from assessment_builder.workbook import layout as L
from assessment_builder.workbook.fastbook import Unmirrorable
from assessment_builder.workbook.read import _read_with

EXAMPLE = ROOT / "examples" / "northshire-completed.xlsx"
SPARSE = {"far-cell.xlsx"}  # a value at J1048576: a dense grid would be huge, openpyxl reads it sparsely


def _result(path: Path, backend: str) -> tuple[dict, list[tuple]]:
    r = _read_with(path, None, backend)
    return r.to_dict(), [(f.code, f.severity, f.sheet, f.cell, f.message) for f in r.findings]


def _fast(path: Path) -> tuple[dict, list[tuple]] | None:
    """The fast reader's result, or None when it hands the file to openpyxl."""
    try:
        return _result(path, "fast")
    except Unmirrorable:
        return None


def _compare(path: Path) -> tuple[bool, list[str]]:
    """(fast reader used, differences from openpyxl); the automatic reader must agree either way."""
    slow = _result(path, "openpyxl")
    fast = _fast(path)
    problems = []
    if fast is not None and fast != slow:
        problems.append(f"{path.name}: fast {fast[1]} {fast[0]}\n  openpyxl {slow[1]} {slow[0]}")
    if _result(path, "auto") != slow:
        problems.append(f"{path.name}: the automatic reader differs from openpyxl")
    return fast is not None, problems


def test_every_corpus_file_reads_the_same_with_both_readers() -> None:
    folder = corpus()[0] / "corpus"
    files = sorted(p for p in folder.iterdir() if p.is_file()) + [EXAMPLE]
    if soffice() is not None and uno_python() is not None:
        assert any(p.name.startswith("lo-") for p in files), "the LibreOffice round trips were not made"
    problems, handed_over = [], set()
    for path in files:
        used_fast, found = _compare(path)
        problems += found
        if not used_fast:
            handed_over.add(path.name)
    assert not problems, "\n".join(problems)
    assert handed_over == SPARSE, f"read by openpyxl, not the fast reader: {sorted(handed_over - SPARSE)}"


# --- crafted files: what Excel and other programs write that the generator never does -------------


def _good(tmp: Path) -> Path:
    """The filled workbook of the corpus, saved again by openpyxl so its parts have known names."""
    path = tmp / "base.xlsx"
    wb = openpyxl.load_workbook(corpus()[0] / "corpus" / "good.xlsx")
    wb.save(path)
    return path


def _edited(src: Path, dst: Path, change) -> Path:
    wb = openpyxl.load_workbook(src)
    change(wb)
    wb.save(dst)
    return dst


def _rezipped(src: Path, dst: Path, sheet: str, edit) -> Path:
    """A copy with one sheet's XML (or another part, by its path) changed by ``edit(bytes) -> bytes``."""
    names = openpyxl.load_workbook(src, read_only=True).sheetnames
    part = sheet if "/" in sheet else f"xl/worksheets/sheet{names.index(sheet) + 1}.xml"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == part:
                changed = edit(data)
                assert changed != data, f"the edit did not change {part}"
                data = changed
            zout.writestr(item.filename, data)
    return dst


def _values(wb) -> None:
    """Every kind of value a person or a program may leave in the Evidence and Assessment sheets."""
    ev = wb[L.SHEET_EVIDENCE]
    rows = [
        ("E3", "  spaces and\nlines  ", "Processes", "QS1", dt.datetime(2025, 3, 31, 14, 30), True, 2.5),
        ("E4", 123456789012345, "processes", "QS2 and QS3", 0.25, False, -7),
        ("E5", "#N/A", "Processes", "QS1", 45747, "Ann", 3.0),
        ("E6", "=1+2", "Processes", "QS1,,QS2", "31/03/2025", "=A1", dt.date(2024, 2, 29)),
        ("E7", "Duration", "Processes", "QS1", dt.timedelta(hours=30), dt.time(9, 15), "x"),
    ]
    for r, row in enumerate(rows, start=4):
        for c, value in enumerate(row, start=1):
            ev.cell(row=r, column=c, value=value)
    ev["B6"].data_type = "e"
    ev["E7"].number_format = "hh:mm"
    ev["E8"].number_format = "[h]:mm:ss"
    ev["E5"].number_format = "dd/mm/yyyy hh:mm"
    ev["G4"].number_format = '0.0 "days"'
    ev["F8"].number_format = "h:mm AM/PM"
    ev["E6"].number_format = "[$-809]dd mmmm yyyy;@"
    ws = wb[L.SHEET_ASSESSMENT]
    score = wb.defined_names[L.input_name("assessing_needs", "score")]
    (_sheet, ref), *_ = list(score.destinations)
    ws[ref.replace("$", "")] = "=2+1"
    ws.merge_cells("I6:J6")


CRAFTED = {
    # name: (how the file is made, read by the fast reader?)
    "values": (lambda src, dst: _edited(src, dst, _values), True),
    "cached-formula": (
        lambda src, dst: _rezipped(
            src,
            dst,
            L.SHEET_EVIDENCE,
            lambda x: x.replace(
                b'<c r="B2" t="inlineStr"><is><t>Waiting list audit</t></is></c>',
                b'<c r="B2" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>',
            ),
        ),
        True,
    ),
    "error-cell": (
        lambda src, dst: _rezipped(
            src,
            dst,
            L.SHEET_EVIDENCE,
            lambda x: x.replace(
                b'<c r="F2" t="inlineStr"><is><t>Ann Lee</t></is></c>', b'<c r="F2" t="e"><v>#DIV/0!</v></c>'
            ),
        ),
        True,
    ),
    "number-as-3.0": (
        lambda src, dst: _rezipped(
            src, dst, L.SHEET_EVIDENCE, lambda x: re.sub(rb"<v>(4\d{4})</v>", rb"<v>\1.0</v>", x)
        ),
        False,
    ),
    "shared-formula": (
        lambda src, dst: _rezipped(
            src,
            dst,
            L.SHEET_EVIDENCE,
            lambda x: x.replace(
                b'<c r="F2" t="inlineStr"><is><t>Ann Lee</t></is></c>',
                b'<c r="F2"><f t="shared" ref="F2:F3" si="0">A2</f></c>',
            ).replace(b'<c r="F3" t="inlineStr"><is><t>Bo Chan</t></is></c>', b'<c r="F3"><f t="shared" si="0"/></c>'),
        ),
        False,
    ),
    "prefixed-namespace": (
        lambda src, dst: _rezipped(
            src,
            dst,
            L.SHEET_ACTIONS,
            lambda x: re.sub(rb"<(/?)(\w)", rb"<\1x:\2", x).replace(
                b"<x:worksheet xmlns=", b"<x:worksheet xmlns:x=", 1
            ),
        ),
        False,
    ),
    "text-in-a-number-cell": (
        lambda src, dst: _rezipped(
            src, dst, L.SHEET_EVIDENCE, lambda x: x.replace(b"</row>", b'<c r="H1"><v>abc</v></c></row>', 1)
        ),
        False,  # openpyxl refuses the file (W100): so must the automatic reader
    ),
    "name-with-two-areas": (
        lambda src, dst: _rezipped(
            src,
            dst,
            "xl/workbook.xml",
            lambda x: re.sub(rb"(<definedName name=\"ab_assessing_needs_lead\">)([^<]*)<", rb"\1\2,'Start'!$B$3<", x),
        ),
        False,
    ),
}


@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_crafted_file_reads_the_same_with_both_readers(name: str, tmp_path: Path) -> None:
    make, fast_expected = CRAFTED[name]
    path = make(_good(tmp_path), tmp_path / f"{name}.xlsx")
    used_fast, problems = _compare(path)
    assert not problems, "\n".join(problems)
    assert used_fast == fast_expected


def test_reading_a_normal_workbook_never_imports_openpyxl() -> None:
    code = (
        "import sys; from assessment_builder.workbook.read import read_workbook; "
        f"r = read_workbook({str(EXAMPLE)!r}); assert r.ok, r.findings; "
        "assert not [m for m in sys.modules if m.startswith('openpyxl')], 'openpyxl was imported'"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
