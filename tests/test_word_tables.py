"""An Evidence log or Action plan a person continued in a second table is read whole; cells merged in it keep
every other column in its place.

Word offers ten empty rows; a person who needs more often copies the table and pastes it below
(or pastes rows, header and all, copied from a colleague's part of the form). Only the first table
with the log's heading row was read: every row of the second was left out without a word.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from libreoffice import convert, requires_libreoffice, uno_edit
from lxml import etree
from word_fill import NS, fill_form, new_table, q, rezip

from assessment_builder import api
from assessment_builder.documents.read_docx import read_docx
from assessment_builder.workbook import layout as L

EVIDENCE = [["E1", "Survey of people", "People's experience", "QS1", "31/03/2025", "Ann", "SharePoint"]]
MORE_EVIDENCE = [["E2", "Audit of reviews", "Processes", "QS1, QS2", "1 April 2025", "Bob", "Drive"]]
ACTIONS = [["A1", "QS2", "Open a hub", "Cat", "30/06/2025", "In progress"]]
MORE_ACTIONS = [["A2", "QS2", "Recruit reviewers", "Dan", "30/09/2025", "Not started"]]


def _continued(src: Path, dst: Path) -> Path:
    """A second Evidence log table after the first, a paragraph between them, and one more Action plan table
    at the end of QS2's section (pasted from a colleague's part)."""
    with zipfile.ZipFile(src) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    body = root.find("w:body", NS)
    tables = body.findall("w:tbl", NS)
    evidence = next(t for t in tables if "".join(t.itertext()).startswith("Evidence ID"))
    gap = etree.Element(q("p"))
    evidence.addnext(gap)
    gap.addnext(new_table([list(L.EVIDENCE_COLUMNS), *MORE_EVIDENCE]))
    guidance = [p for p in body.findall("w:p", NS) if "".join(p.itertext()).startswith("Write any further narrative")]
    guidance[1].addnext(new_table([list(L.ACTION_COLUMNS), *MORE_ACTIONS]))
    return rezip(src, dst, {"word/document.xml": etree.tostring(root)})


@pytest.fixture(scope="module")
def continued(cqc, tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("tables")
    blank = api.template(cqc, "Northshire Council", tmp / "blank.docx")
    values = {"ab_assessing_needs_score": "3", "ab_supporting_healthier_lives_score": "2"}
    filled = fill_form(blank, tmp / "filled.docx", values, EVIDENCE, ACTIONS)
    return _continued(filled, tmp / "continued.docx")


def _check(result) -> None:
    assert result.ok, [str(f) for f in result.errors]
    a = result.assessment
    assert [e.id for e in a.evidence] == ["E1", "E2"]
    assert a.evidence[1].title == "Audit of reviews"
    assert list(a.evidence[1].statements) == ["assessing_needs", "supporting_healthier_lives"]
    assert [(x.id, x.action) for x in a.actions] == [("A1", "Open a hub"), ("A2", "Recruit reviewers")]
    assert not [f for f in result.findings if f.code in ("W312", "W314")]  # read as the log, not as narrative


def test_a_log_continued_in_a_second_table_is_read_whole(continued):
    _check(read_docx(continued))


@requires_libreoffice
def test_the_same_saved_by_libreoffice_is_read_whole(continued, tmp_path):
    _check(read_docx(convert(continued, tmp_path / "lo", "docx")))


@requires_libreoffice
def test_cells_merged_in_the_evidence_log_keep_every_other_column_in_place(cqc, tmp_path):
    """Title and Category of a row merged in LibreOffice (Table > Merge Cells), as a person does."""
    blank = api.template(cqc, "Northshire Council", tmp_path / "blank.docx")
    edits = [
        ["set_cells", "Evidence ID", "A2", ["E1", "Survey", "Processes", "QS1", "31/03/2025", "Ann", "Drive"]],
        ["set_cells", "Evidence ID", "A3", ["E2", "Audit", "Processes", "QS2", "01/04/2025", "Bob", "Share"]],
        ["merge_cells", "Evidence ID", "B3", 1],
    ]
    merged = tmp_path / "merged.docx"
    uno_edit([{"src": str(blank), "dst": str(merged), "edits": edits}], tmp_path)
    result = read_docx(merged)
    e1, e2 = result.assessment.evidence
    assert (e1.owner, e1.location) == ("Ann", "Drive")
    assert e2.title == "Audit\nProcesses" and e2.category is None  # was: category 'QS2', date 'Bob', owner 'Share'
    assert (list(e2.statements), e2.date.isoformat(), e2.owner, e2.location) == (
        ["supporting_healthier_lives"],
        "2025-04-01",
        "Bob",
        "Share",
    )
    (w304,) = [f for f in result.findings if f.code == "W304"]
    assert (w304.sheet, w304.cell) == ("Evidence log", "table row 3, column Title")
    assert "Title and Category" in w304.message and "Split Cells" in w304.message
    assert not [f for f in result.findings if f.code in ("W402", "W403", "W500")]


@requires_libreoffice
def test_cells_merged_down_in_the_evidence_log_are_said(cqc, tmp_path):
    """The Owner of two rows merged in LibreOffice (one owner for both, as a person tidies a table)."""
    blank = api.template(cqc, "Northshire Council", tmp_path / "blank.docx")
    edits = [
        ["set_cells", "Evidence ID", "A2", ["E1", "Survey", "Processes", "QS1", "31/03/2025", "Ann", "Drive"]],
        ["set_cells", "Evidence ID", "A3", ["E2", "Audit", "Processes", "QS2", "01/04/2025", "Bob", "Share"]],
        ["merge_cells", "Evidence ID", "F2", 1, "down"],
    ]
    merged = tmp_path / "merged-down.docx"
    uno_edit([{"src": str(blank), "dst": str(merged), "edits": edits}], tmp_path)
    result = read_docx(merged)
    e1, e2 = result.assessment.evidence
    assert (e1.owner, e1.location, e2.owner, e2.location) == ("Ann\nBob", "Drive", None, "Share")
    (w304,) = [f for f in result.findings if f.code == "W304"]  # E2's owner was read as empty without a word
    assert (w304.sheet, w304.cell) == ("Evidence log", "table row 3, column Owner")
    assert "merged with the row above" in w304.message and "read in row 2" in w304.message
