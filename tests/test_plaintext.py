"""Control characters in what a council typed: read as the person sees the text, never a failed document.

Excel and LibreOffice keep a control character in a cell escaped as ``_xHHHH_`` (a line pasted from
Windows text holds ``_x000D_``, Word's manual line break pasted into a cell ``_x000B_``); openpyxl
leaves the escape in the text. An answers file can hold the characters themselves.
"""

from __future__ import annotations

import json
import zipfile

import pytest
from fill import fill_workbook
from libreoffice import requires_libreoffice, uno_edit

from assessment_builder import api
from assessment_builder.cli import main
from assessment_builder.load import load_assessment
from assessment_builder.plaintext import excel_unescape, plain
from assessment_builder.workbook.read import read_workbook

COUNCIL = "Northshire Council"
QS1 = "assessing_needs"


def test_plain_and_unescape():
    assert plain("a\r\nb\rc\x0bd\x0ce") == "a\nb\nc\nd\ne"
    assert plain("tab\tkept, \x01 \x7f gone") == "tab\tkept,     gone"
    assert plain("Carers’ offer 😟") == "Carers’ offer 😟"
    assert excel_unescape("a_x000D_\nb_x000b_c") == "a\r\nb\x0bc"
    assert excel_unescape("_x0041_ and _x263A_ are typed text") == "_x0041_ and _x263A_ are typed text"


@requires_libreoffice
def test_a_line_break_pasted_from_word_into_a_libreoffice_cell_reads_as_a_line_break(cqc, tmp_path):
    blank = api.new(cqc, COUNCIL, tmp_path / "blank.xlsx")
    out = tmp_path / "pasted.xlsx"
    typed = "Waits fell\u000bReviews on time"  # Word's manual line break (Shift+Enter), pasted into the cell
    uno_edit([{"src": str(blank), "dst": str(out), "edits": [["set", "Assessment", "I5", typed]]}], tmp_path)
    with zipfile.ZipFile(out) as z:
        assert b"_x000b_" in z.read("xl/sharedStrings.xml").lower()  # LibreOffice keeps it escaped
    assert load_assessment(out).value.answers[QS1].values["strengths"] == "Waits fell\nReviews on time"


def test_excels_escaped_carriage_return_is_not_read_as_text(cqc, tmp_path):
    blank = api.new(cqc, COUNCIL, tmp_path / "blank.xlsx")
    filled = fill_workbook(blank, tmp_path / "filled.xlsx", {QS1: {"strengths": "Waits fell@Reviews on time"}})
    with zipfile.ZipFile(filled) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    name = next(n for n, data in parts.items() if b"Waits fell@" in data)
    parts[name] = parts[name].replace(b"Waits fell@", b"Waits fell_x000D_\n")  # as Excel writes CR LF
    out = tmp_path / "excel-crlf.xlsx"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for part, data in parts.items():
            z.writestr(part, data)
    result = read_workbook(out)
    assert result.assessment.answers[QS1].values["strengths"] == "Waits fell\nReviews on time"  # was "_x000D_\n"


def test_an_answers_file_with_control_characters_makes_a_word_form_and_a_workbook(runner, tmp_path):
    answers = tmp_path / "answers.json"
    assert runner.invoke(main, ["new", "-c", COUNCIL, "-o", str(tmp_path / "blank.xlsx")]).exit_code == 0
    assert runner.invoke(main, ["import", str(tmp_path / "blank.xlsx"), "-o", str(answers)]).exit_code == 0
    data = json.loads(answers.read_text(encoding="utf-8"))
    data["statements"][QS1]["strengths"] = "Waits fell\r\nReviews\x01on time"
    answers.write_text(json.dumps(data), encoding="utf-8")
    for suffix in (".docx", ".xlsx"):
        out = tmp_path / f"next{suffix}"
        result = runner.invoke(main, ["new", "-c", COUNCIL, "--from", str(answers), "-o", str(out)])
        assert result.exit_code == 0 and "bug" not in result.output, result.output  # the .docx failed
        assert load_assessment(out).value.answers[QS1].values["strengths"] == "Waits fell\nReviews on time"


@pytest.mark.parametrize("typed", ["=SUM(A1)_x000D_", "Costs_x000D_\n£4m"])
def test_unescaping_keeps_a_text_cell_text(cqc, tmp_path, typed):
    blank = api.new(cqc, COUNCIL, tmp_path / "blank.xlsx")
    filled = fill_workbook(blank, tmp_path / "filled.xlsx", {QS1: {"strengths": "MARKER"}})
    with zipfile.ZipFile(filled) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    name = next(n for n, data in parts.items() if b"MARKER" in data)
    parts[name] = parts[name].replace(b"MARKER", typed.encode())
    out = tmp_path / "text.xlsx"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for part, data in parts.items():
            z.writestr(part, data)
    result = read_workbook(out)
    assert result.assessment.answers[QS1].values["strengths"] == plain(excel_unescape(typed)).strip()
    assert not [f for f in result.findings if f.code == "W405"]  # never made a formula
