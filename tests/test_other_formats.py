"""A file saved in another format than the one asked for says what it is and how to save the right one.

LibreOffice saves .ods by default (and .odt for text); Excel offers .xlsb; a workbook may be named .docx
or a form .xlsx by mistake. Each is refused (W100) with what the file is and the Save As step that
makes the file wanted, instead of "the package has no workbook part", which tells a user nothing.
"""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT
from libreoffice import convert, requires_libreoffice

from assessment_builder.load import load_assessment

EXAMPLE = ROOT / "examples" / "northshire-completed.xlsx"


def _package(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def _message(path: Path) -> str:
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    loaded = load_assessment(path)
    assert loaded.value is None and [f.code for f in loaded.findings] == ["W100"]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    return loaded.findings[0].message


@pytest.mark.parametrize(
    ("name", "members", "says", "advice"),
    [
        (
            "council.ods",
            {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"},
            "an OpenDocument spreadsheet (.ods",
            "choose the file type 'Excel 2007-365 (.xlsx)'",
        ),
        (
            "form.odt",
            {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"},
            "an OpenDocument text document (.odt",
            "choose the file type 'Word 2007-365 (.docx)'",
        ),
        (
            "council.xlsb",
            {"[Content_Types].xml": b"<Types/>", "xl/workbook.bin": b"\0"},
            "an Excel Binary Workbook (.xlsb)",
            "Save As and choose Excel Workbook (.xlsx)",
        ),
        (
            "council.xlsx",
            {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"},
            "a Word document, not an Excel .xlsx workbook",
            "name it .docx",
        ),
        (
            "form.docx",
            {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"},
            "an Excel workbook, not a Word .docx document",
            "name it .xlsx",
        ),
    ],
    ids=["ods", "odt", "xlsb", "word-as-xlsx", "excel-as-docx"],
)
def test_another_package_says_what_it_is_and_how_to_save_the_right_one(tmp_path, name, members, says, advice):
    message = _message(_package(tmp_path / name, members))
    assert says in message and advice in message


def test_an_unknown_package_keeps_the_plain_message(tmp_path):
    message = _message(_package(tmp_path / "odd.xlsx", {"readme.txt": b"hello"}))
    assert "no workbook part (xl/workbook.xml)" in message


@requires_libreoffice
def test_a_workbook_libreoffice_saved_as_ods_is_named_for_what_it_is(tmp_path):
    """A real .ods from LibreOffice, under its own name and renamed .xlsx: both say it is an OpenDocument spreadsheet."""
    ods = convert(EXAMPLE, tmp_path, "ods")
    renamed = shutil.copy(ods, tmp_path / "renamed.xlsx")
    for path in (ods, Path(renamed)):
        assert "an OpenDocument spreadsheet (.ods" in _message(path)
