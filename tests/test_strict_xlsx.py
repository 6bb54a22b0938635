"""A workbook saved as "Strict Open XML Spreadsheet" (an option in Excel's Save As) reads like the .xlsx it was.

The strict file is made here as Excel makes one: the same parts, with every namespace and relationship
type named by its ISO/IEC 29500 Strict address (purl.oclc.org) instead of the transitional one. Before
this was handled, openpyxl found no sheets in it and the reader said the workbook had no metadata and
was not made by assessment-builder (W200): a wrong account of a file that had lost nothing.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

from assessment_builder.workbook.read import _read_with
from assessment_builder.workbook.strict import is_strict, transitional

EXAMPLE = ROOT / "examples" / "northshire-completed.xlsx"

# transitional -> strict, as Excel writes a strict file (the inverse of strict.py's table)
TO_STRICT = (
    (b"http://schemas.openxmlformats.org/spreadsheetml/2006/main", b"http://purl.oclc.org/ooxml/spreadsheetml/main"),
    (
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties",
        b"http://purl.oclc.org/ooxml/officeDocument/relationships/extendedProperties",
    ),
    (
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        b"http://purl.oclc.org/ooxml/officeDocument/relationships",
    ),
    (
        b"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
        b"http://purl.oclc.org/ooxml/officeDocument/extendedProperties",
    ),
    (
        b"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
        b"http://purl.oclc.org/ooxml/officeDocument/docPropsVTypes",
    ),
    (b"http://schemas.openxmlformats.org/drawingml/2006/main", b"http://purl.oclc.org/ooxml/drawingml/main"),
    (b"http://schemas.openxmlformats.org/drawingml/2006/chart", b"http://purl.oclc.org/ooxml/drawingml/chart"),
    (
        b"http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
        b"http://purl.oclc.org/ooxml/drawingml/spreadsheetDrawing",
    ),
)


def save_as_strict(src: Path, dst: Path) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.endswith((".xml", ".rels")):
                for old, new in TO_STRICT:
                    data = data.replace(old, new)
            zout.writestr(info, data)
    return dst


@pytest.fixture(scope="module")
def strict(tmp_path_factory) -> Path:
    return save_as_strict(EXAMPLE, tmp_path_factory.mktemp("strict") / "northshire-strict.xlsx")


def _answers(path: Path, backend: str) -> tuple[dict, list[tuple]]:
    r = _read_with(path, None, backend)
    data = json.loads(json.dumps(r.to_dict(), default=str).replace(path.name, "X"))
    return data, [(f.code, f.sheet, f.cell, f.message.replace(path.name, "X")) for f in r.findings]


def test_the_strict_file_is_what_excel_writes_and_maps_back_exactly(strict):
    with zipfile.ZipFile(strict) as zs, zipfile.ZipFile(EXAMPLE) as zt:
        assert is_strict(zs) and not is_strict(zt)
        for name in zt.namelist():
            assert transitional(zs.read(name)) == zt.read(name), name  # every part maps back byte for byte


@pytest.mark.parametrize("backend", ["auto", "fast", "openpyxl"])
def test_a_strict_workbook_reads_exactly_as_the_workbook_it_was_saved_from(strict, backend):
    """Both readers: the same answers, scores and findings as the ordinary .xlsx, and the file unchanged."""
    before = hashlib.sha256(strict.read_bytes()).hexdigest()
    expected = _answers(EXAMPLE, "auto")
    got = _answers(strict, backend)
    assert got == expected
    assert got[0]["council"] == "Northshire County Council" and len(got[0]["evidence"]) == 26
    assert hashlib.sha256(strict.read_bytes()).hexdigest() == before


def test_score_of_a_strict_workbook_from_the_command_line(strict, runner):
    from assessment_builder.cli import main

    result = runner.invoke(main, ["score", str(strict)])
    assert result.exit_code == 0, result.output
    assert "Overall: 27/36 = 75% Good (complete)" in result.output
    assert "W200" not in result.output
