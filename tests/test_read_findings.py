"""A corpus of bad workbooks, built in code: each gives its finding code at its cell, never a crash."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from fill import Formula, fill_workbook
from libreoffice import convert, requires_libreoffice, uno_edit

from assessment_builder.cli import main
from assessment_builder.errors import CATALOGUE, Severity
from assessment_builder.workbook import layout as L
from assessment_builder.workbook import write_workbook
from assessment_builder.workbook.read import read_workbook


@pytest.fixture(scope="module")
def blank(cqc, tmp_path_factory) -> Path:
    return write_workbook(cqc, "Corpus Council", tmp_path_factory.mktemp("corpus") / "blank.xlsx")


def _codes(result) -> list[tuple[str, str | None]]:
    return [(f.code, f.cell) for f in result.findings]


def _read_unchanged(path: Path):
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = read_workbook(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before, "the input file was changed"
    for f in result.findings:
        assert f.code in CATALOGUE
        assert f.message and f.file == str(path)
    return result


def _rezip(src: Path, dst: Path, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = (replace or {}).get(item.filename, zin.read(item.filename))
            zout.writestr(item.filename, data)
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return dst


# --- file level ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "code", "fragment"),
    [
        (b"", "W100", "empty"),
        (b"Council,Score\nX,3\n", "W100", "not an Excel .xlsx workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600 + "Workbook".encode("utf-16-le"), "W102", "97-2003"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600 + "EncryptedPackage".encode("utf-16-le"),
            "W104",
            "encrypted with a password",
        ),
        (  # a sensitivity label that encrypts (rights management): removing a password is not the way
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + b"\0" * 600
            + "".join(("\x06DataSpaces", "DRMEncryptedDataSpace", "DRMEncryptedTransform", "EncryptedPackage")).encode(
                "utf-16-le"
            ),
            "W104",
            "protected by a sensitivity label or restricted access",
        ),
    ],
)
def test_unreadable_files(tmp_path, content, code, fragment):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    result = _read_unchanged(path)
    assert result.assessment is None
    assert [f.code for f in result.findings] == [code]
    assert fragment in result.findings[0].message


def test_truncated_workbook(blank, tmp_path):
    path = tmp_path / "truncated.xlsx"
    path.write_bytes(blank.read_bytes()[:3000])
    result = _read_unchanged(path)
    assert result.assessment is None and result.findings[0].code == "W100"


def test_macro_workbook_is_refused(blank, tmp_path):
    path = _rezip(blank, tmp_path / "macro.xlsm", add={"xl/vbaProject.bin": b"\0" * 100})
    result = _read_unchanged(path)
    assert result.assessment is None and [f.code for f in result.findings] == ["W103"]


def test_zip_bomb_is_refused_before_unpacking(blank, tmp_path):
    path = _rezip(blank, tmp_path / "bomb.xlsx", add={"xl/media/padding.bin": b"\0" * (4 * 1024 * 1024)})
    result = _read_unchanged(path)
    assert result.assessment is None and [f.code for f in result.findings] == ["W105"]
    assert "zip bomb" in result.findings[0].message


@pytest.mark.parametrize(
    "doctype",
    [
        b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
        b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    ],
)
def test_xml_entity_attacks_are_refused(blank, tmp_path, doctype):
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML, "defusedxml must be installed so openpyxl refuses entity attacks"
    with zipfile.ZipFile(blank) as z:
        sheet = z.read("xl/worksheets/sheet2.xml")
    poisoned = b'<?xml version="1.0" encoding="UTF-8"?>' + doctype + sheet
    path = _rezip(blank, tmp_path / "xml.xlsx", replace={"xl/worksheets/sheet2.xml": poisoned})
    result = _read_unchanged(path)
    assert result.assessment is None
    assert result.findings[0].code == "W105"
    assert "sheet2.xml" in result.findings[0].message


# --- identity and integrity ---------------------------------------------------------------------


def test_metadata_deleted_is_recognised_by_layout(blank, tmp_path):
    wb = openpyxl.load_workbook(blank)
    del wb[L.SHEET_META]
    wb.save(tmp_path / "nometa.xlsx")
    result = _read_unchanged(tmp_path / "nometa.xlsx")
    assert result.assessment is not None and result.assessment.framework.id == "cqc-la"
    assert [(f.code, f.severity) for f in result.findings] == [("W200", Severity.WARNING)]


def test_unknown_framework_in_metadata(blank, tmp_path):
    wb = openpyxl.load_workbook(blank)
    wb[L.SHEET_META]["B2"] = "cqc-lx"
    wb.save(tmp_path / "unknown.xlsx")
    result = _read_unchanged(tmp_path / "unknown.xlsx")
    assert result.assessment is None
    assert result.findings[0].code == "W201"
    assert "did you mean 'cqc-la'" in result.findings[0].message


def test_other_version_is_a_warning(blank, tmp_path):
    wb = openpyxl.load_workbook(blank)
    wb[L.SHEET_META]["B3"] = "2023-01-01"
    wb.save(tmp_path / "old.xlsx")
    result = _read_unchanged(tmp_path / "old.xlsx")
    assert result.ok
    assert [f.code for f in result.findings] == ["W202"]
    assert "older version" in result.findings[0].message


def test_sheet_renamed(blank, tmp_path):
    wb = openpyxl.load_workbook(blank)
    wb[L.SHEET_ACTIONS].title = "Action plan"
    wb.save(tmp_path / "renamed.xlsx")
    result = _read_unchanged(tmp_path / "renamed.xlsx")
    # the table is found by its name on the renamed sheet and read in full, with a warning naming the sheet
    assert [(f.code, f.severity, f.sheet) for f in result.findings] == [("W301", Severity.WARNING, "Action plan")]
    assert "renamed to 'Action plan'" in result.findings[0].message


def test_wording_edited_and_protection_removed(blank, tmp_path):
    wb = openpyxl.load_workbook(blank)
    ws = wb[L.SHEET_ASSESSMENT]
    ws["C5"] = ws["C5"].value + " And more."
    ws.protection.sheet = False
    wb.save(tmp_path / "edited.xlsx")
    result = _read_unchanged(tmp_path / "edited.xlsx")
    assert ("W300", "A5") in _codes(result)
    assert ("W302", None) in _codes(result)
    assert next(f for f in result.findings if f.code == "W300").item == "assessing_needs"


def test_merged_cells_over_inputs(blank, tmp_path):
    wb = openpyxl.load_workbook(blank)
    wb[L.SHEET_ASSESSMENT].merge_cells("G5:H5")
    wb.save(tmp_path / "merged.xlsx")
    result = _read_unchanged(tmp_path / "merged.xlsx")
    assert ("W304", "G5") in _codes(result)


@requires_libreoffice
def test_a_lead_merged_down_a_theme_names_every_statement_read_as_empty(blank, tmp_path):
    """A theme lead merges the Lead officer cells of QS1 to QS3 in LibreOffice: only QS1's cell is read. Each
    statement whose lead now reads as empty is named at its own cell; the warning named QS1 only, and QS2's and
    QS3's leads were gone without a word about them."""
    wb = openpyxl.load_workbook(blank)
    sids = ["assessing_needs", "supporting_healthier_lives", "equity_in_experiences_and_outcomes"]
    refs = [list(wb.defined_names[f"ab_{sid}_lead"].destinations)[0][1].replace("$", "") for sid in sids]
    filled = fill_workbook(blank, tmp_path / "filled.xlsx", {sid: {"lead": f"Lead {i}"} for i, sid in enumerate(sids)})
    merged = tmp_path / "merged.xlsx"
    edits = [["merge", L.SHEET_ASSESSMENT, f"{refs[0]}:{refs[2]}"]]
    uno_edit([{"src": str(filled), "dst": str(merged), "edits": edits}], tmp_path / "uno")
    for backend, result in _by_both_readers(merged):
        assert [e.values["lead"] for e in (result.assessment.answers[sid] for sid in sids)] == ["Lead 0", None, None]
        w304 = [(f.cell, f.item) for f in result.findings if f.code == "W304"]
        assert w304 == list(zip(refs, sids)), backend
        messages = [f.message for f in result.findings if f.code == "W304"]
        assert "QS1, QS2, QS3" in messages[0] and "empty" not in messages[0]
        assert f"QS2's 'Lead officer' ({refs[1]}) reads as empty" in messages[1]
        assert f"QS3's 'Lead officer' ({refs[2]}) reads as empty" in messages[2]


# --- values and cross-field ----------------------------------------------------------------------


def test_bad_values_each_located(blank, tmp_path):
    answers = {
        "assessing_needs": {"score": "three"},
        "supporting_healthier_lives": {"score": 5},
        "equity_in_experiences_and_outcomes": {"score": 0},
        "care_provision_integration_continuity": {"score": 2.5},
        "partnerships_and_communities": {"score": Formula("=1+2")},
        "safe_pathways_systems_transitions": {"score": "3 good", "confidence": "Very high", "status": "done"},
        "safeguarding": {"score": "   ", "strengths": "  \n "},
    }
    evidence = [
        {"id": "E1", "title": "A", "category": "Processes", "statements": "QS6, QS66", "date": "1 March 2025"},
        {"id": "E1", "title": "B", "category": "Processes", "statements": "QS6", "date": "sometime"},
        {"id": None, "title": "No id", "category": "Processes", "statements": "QS6"},
    ]
    actions = [{"id": "A1", "statement": "QS12", "action": "x", "due": dt.date(2025, 1, 1), "status": "Complete"}]
    path = fill_workbook(blank, tmp_path / "values.xlsx", answers, evidence, actions)
    result = _read_unchanged(path)
    got = _codes(result)
    for expected in [
        ("W400", "G5"),
        ("W400", "G6"),
        ("W400", "G7"),
        ("W400", "G9"),
        ("W405", "G10"),
        ("W401", "G12"),
        ("W402", "H12"),
        ("W402", "L12"),
        ("W500", "D2"),
        ("W404", "E2"),
        ("W403", "E3"),
        ("W501", "A3"),
        ("W505", "A4"),
        ("W502", "B2"),
    ]:
        assert expected in got, f"{expected} missing from {got}"
    a = result.assessment
    assert a.answers["safe_pathways_systems_transitions"].score == 3
    assert a.answers["safeguarding"].values["score"] is None
    assert a.answers["safeguarding"].values["strengths"] is None
    assert a.evidence[0].date == dt.date(2025, 3, 1)
    assert not result.ok


def test_shortfall_without_action_and_score_without_evidence(blank, tmp_path):
    path = fill_workbook(blank, tmp_path / "cross.xlsx", {"safeguarding": {"score": 1}})
    result = _read_unchanged(path)
    assert [(f.code, f.item) for f in result.findings] == [("W503", "safeguarding"), ("W504", "safeguarding")]
    assert result.ok, "warnings alone still import"


def test_many_evidence_rows(blank, tmp_path):
    wb = openpyxl.load_workbook(blank)
    ws = wb[L.SHEET_EVIDENCE]
    for r in range(2, 3002):
        ws.cell(row=r, column=1, value=f"E{r}")
        ws.cell(row=r, column=2, value="Item")
        ws.cell(row=r, column=3, value="Processes")
        ws.cell(row=r, column=4, value="QS1")
    buffer = io.BytesIO()
    wb.save(buffer)
    (tmp_path / "many.xlsx").write_bytes(buffer.getvalue())
    result = _read_unchanged(tmp_path / "many.xlsx")
    assert len(result.assessment.evidence) == 3000


def test_score_cross_checks_point_at_the_score_cell(blank, tmp_path):
    path = fill_workbook(blank, tmp_path / "cells.xlsx", {"safeguarding": {"score": 2}})
    result = _read_unchanged(path)
    assert [(f.code, f.sheet, f.cell) for f in result.findings] == [
        ("W503", "Assessment", "G13"),
        ("W504", "Assessment", "G13"),
    ]


def test_score_text_forgiven_only_when_unambiguous(blank, tmp_path):
    answers = {
        "assessing_needs": {"score": "3 - Evidence shows a good standard"},  # the dropdown text itself
        "supporting_healthier_lives": {"score": "3 – evidence shows a good standard "},  # typed: en dash, case
        "equity_in_experiences_and_outcomes": {"score": "Evidence shows some shortfalls"},  # no number
        "care_provision_integration_continuity": {"score": "3 - Evidence shows some shortfalls"},  # disagree
        "partnerships_and_communities": {"score": 4.0},
        "safe_pathways_systems_transitions": {"score": "2"},
    }
    evidence = [{"id": "E1", "statements": "QS1, QS2, QS3, QS4, QS5, QS6"}]
    actions = [{"id": "A1", "statement": "QS3"}]
    result = _read_unchanged(fill_workbook(blank, tmp_path / "text.xlsx", answers, evidence, actions))
    scores = result.assessment.scores()
    # read exactly as the dashboard reads them (its first word as a number), so both always agree
    assert [scores[sid] for sid in answers] == [3, 3, None, None, 4, 2]
    assert _codes(result) == [("W401", "G6"), ("W400", "G7"), ("W400", "G9"), ("W503", "G12")]
    assert "choose '2 - Evidence shows some shortfalls' from the dropdown" in result.findings[1].message
    assert "disagree" in result.findings[2].message


def test_dates_typed_as_text_or_numbers(blank, tmp_path):
    evidence = [
        {"id": "E1", "statements": "QS1", "date": "2025-03-31"},
        {"id": "E2", "statements": "QS1", "date": "01/02/2025"},
        {"id": "E3", "statements": "QS1", "date": 45747},  # a date cell that lost its date format
        {"id": "E4", "statements": "QS1", "date": "next spring"},
        {"id": "E5", "statements": "QS1", "date": dt.datetime(2025, 1, 6, 0, 0)},
    ]
    result = _read_unchanged(fill_workbook(blank, tmp_path / "dates.xlsx", evidence=evidence))
    assert [e.date for e in result.assessment.evidence] == [
        dt.date(2025, 3, 31),
        dt.date(2025, 2, 1),
        dt.date(2025, 3, 31),
        None,
        dt.date(2025, 1, 6),
    ]
    assert _codes(result) == [("W404", "E2"), ("W404", "E3"), ("W404", "E4"), ("W403", "E5")]
    assert "day first" in result.findings[1].message
    assert result.ok, "dates that cannot be read are warnings"


def test_renamed_table_is_found_by_headings_and_named(blank, tmp_path):
    wb = openpyxl.load_workbook(blank)
    ws = wb[L.SHEET_ACTIONS]
    table = ws.tables[L.TABLE_ACTIONS]
    del ws.tables[L.TABLE_ACTIONS]
    table.name = table.displayName = "Table1"
    ws.add_table(table)
    ws["A2"], ws["B2"], ws["C2"] = "A1", "QS7", "Clear the backlog"
    wb.save(tmp_path / "table.xlsx")
    result = _read_unchanged(tmp_path / "table.xlsx")
    assert [a.statement for a in result.assessment.actions] == ["safeguarding"]
    (w303,) = [f for f in result.findings if f.code == "W303"]
    assert w303.sheet == "Actions" and "renamed to 'Table1'" in w303.message


def test_part_workbook_without_metadata_is_recognised_with_its_statements(cqc, tmp_path):
    part = write_workbook(cqc, "Part Council", tmp_path / "part.xlsx", statements=["QS7", "QS8"])
    wb = openpyxl.load_workbook(part)
    del wb[L.SHEET_META]
    wb.save(tmp_path / "part-nometa.xlsx")
    result = _read_unchanged(tmp_path / "part-nometa.xlsx")
    assert [s.code for s in result.assessment.framework.statements] == ["QS7", "QS8"]
    assert [(f.code, f.severity) for f in result.findings] == [("W200", Severity.WARNING)]
    assert "2 statement(s) of the built-in framework 'cqc-la'" in result.findings[0].message


def test_framework_given_that_differs_from_the_metadata(blank, tmp_path):
    result = read_workbook(blank, framework="lga-asc-peer-challenge")
    assert result.findings[0].code == "W201" and result.findings[0].severity == Severity.WARNING
    assert "made from framework 'cqc-la'" in result.findings[0].message


def test_newer_version_says_to_update_the_tool(blank, tmp_path):
    wb = openpyxl.load_workbook(blank)
    wb[L.SHEET_META]["B3"] = "2099-01-01"
    wb.save(tmp_path / "newer.xlsx")
    result = _read_unchanged(tmp_path / "newer.xlsx")
    assert [f.code for f in result.findings] == ["W202"]
    assert "a newer version" in result.findings[0].message and "Update assessment-builder" in result.findings[0].message


def test_every_finding_code_used_is_in_the_catalogue_and_documented():
    import re

    root = Path(__file__).resolve().parent.parent
    folder = root / "assessment_builder" / "workbook"
    source = "".join(p.read_text(encoding="utf-8") for p in [*folder.glob("read*.py"), folder / "filecheck.py"])
    used = set(re.findall(r'"(W\d{3})"', source))
    assert used and used <= set(CATALOGUE)
    doc = (root / "docs" / "import-and-score.md").read_text(encoding="utf-8")
    assert all(f"| {code} |" in doc for code in used)


def test_values_the_dashboard_would_count_differently_are_errors_at_their_cells(blank, tmp_path):
    """The Dashboard reads scores as VALUE(first word) with digits 0-9, statements between commas and
    categories as whole titles: anything else it would count differently is refused where it is."""
    answers = {
        "assessing_needs": {"score": "٣"},
        "supporting_healthier_lives": {"score": "４ - Evidence shows an exceptional standard"},
        "equity_in_experiences_and_outcomes": {"score": "3 1/2"},
        "care_provision_integration_continuity": {"score": "3\u00a0- Evidence shows a good standard"},
    }
    evidence = [
        {"id": "E1", "category": "Processes", "statements": "QS1;QS2"},
        {"id": "E2", "category": " Processes", "statements": "qs1, QS 2"},
        {"id": "E3", "category": "processes", "statements": "QS1 and QS2"},
        {"id": "E4", "category": "peoples_experience", "statements": Formula('="QS1"')},
    ]
    result = _read_unchanged(fill_workbook(blank, tmp_path / "dash.xlsx", answers, evidence))
    errors = [(f.code, f.cell) for f in result.errors]
    assert errors == [
        ("W400", "G5"),
        ("W400", "G6"),
        ("W400", "G7"),
        ("W400", "G9"),
        ("W405", "D5"),
        ("W406", "D2"),
        ("W406", "C3"),
        ("W406", "D4"),
        ("W406", "C5"),
    ]
    a = result.assessment
    assert all(a.answers[sid].score is None for sid in answers)
    assert [e.statements for e in a.evidence] == [[], ["assessing_needs", "supporting_healthier_lives"], [], []]
    assert [e.category for e in a.evidence] == ["processes", None, "processes", None]


@requires_libreoffice
def test_an_answer_cut_to_the_length_a_cell_holds_is_said(blank, tmp_path):
    """A lead pastes a 40,000-character draft into Strengths in LibreOffice: saved as .xlsx it is cut to
    32,767 characters without a word from LibreOffice. The reader cannot see what was lost, but a text of
    exactly that length was almost surely cut: W408 says so at the cell. One character less is not."""
    wb = openpyxl.load_workbook(blank)
    ref = list(wb.defined_names["ab_assessing_needs_strengths"].destinations)[0][1].replace("$", "")
    ref2 = list(wb.defined_names["ab_supporting_healthier_lives_strengths"].destinations)[0][1].replace("$", "")
    edits = [
        ["set", L.SHEET_ASSESSMENT, ref, "Our draft. " + "x" * 40_000],
        ["set", L.SHEET_ASSESSMENT, ref2, "y" * 32_766],
    ]
    saved = tmp_path / "long.xlsx"
    uno_edit([{"src": str(blank), "dst": str(saved), "edits": edits}], tmp_path / "uno")
    for backend, result in _by_both_readers(saved):
        strengths = result.assessment.answers["assessing_needs"].values["strengths"]
        assert strengths.startswith("Our draft.") and len(strengths) == 32_767, backend
        w408 = [(f.severity, f.sheet, f.cell, f.item) for f in result.findings if f.code == "W408"]
        assert w408 == [(Severity.WARNING, L.SHEET_ASSESSMENT, ref, "assessing_needs")], backend


def _by_both_readers(path: Path) -> list[tuple[str, Any]]:
    """(backend, result) of the fast reader (when it takes the file) and of the openpyxl fall-back."""
    from assessment_builder.workbook.read import _read_with

    results = []
    for backend in ("fast", "openpyxl"):
        try:
            results.append((backend, _read_with(path, None, backend)))
        except Exception:  # noqa: BLE001 - the fast reader may decline a file; the fall-back must not
            assert backend == "fast"
    return results


def test_notes_and_comments_are_said_not_read_by_both_readers(blank, tmp_path, runner):
    """A lead's note on a score cell and one in the evidence log: not answers, never read, and gone from any
    workbook made from this one. W313 names them, sheet by sheet, whichever reader read the cells, and after
    LibreOffice saved the file; split passes the warning on."""
    from openpyxl.comments import Comment

    wb = openpyxl.load_workbook(blank)
    (sheet, ref), *_ = list(wb.defined_names["ab_assessing_needs_score"].destinations)
    wb[sheet][ref.replace("$", "")].comment = Comment("We argued between 2 and 3", "Jo")
    wb[L.SHEET_EVIDENCE]["B2"].comment = Comment("Ask Sam for the 2025 survey", "Jo")
    noted = tmp_path / "noted.xlsx"
    wb.save(noted)
    score_cell = ref.replace("$", "")
    for backend, result in _by_both_readers(noted):
        w313 = {f.sheet: f for f in result.findings if f.code == "W313"}
        assert set(w313) == {sheet, L.SHEET_EVIDENCE}, backend
        assert w313[sheet].cell == score_cell and w313[L.SHEET_EVIDENCE].cell == "B2"
        assert "new --from, split, merge, migrate" in w313[sheet].message
    assert "W313" not in [f.code for f in read_workbook(blank).findings]
    result = runner.invoke(main, ["split", str(noted), "-o", str(tmp_path / "parts")])
    assert result.exit_code == 0 and "W313" in result.output


@requires_libreoffice
def test_notes_saved_by_libreoffice_are_still_said(blank, tmp_path):
    from openpyxl.comments import Comment

    wb = openpyxl.load_workbook(blank)
    wb[L.SHEET_EVIDENCE]["B2"].comment = Comment("Ask Sam", "Jo")
    noted = tmp_path / "noted.xlsx"
    wb.save(noted)
    saved = convert(noted, tmp_path / "lo", "xlsx")
    assert [(f.sheet, f.cell) for f in read_workbook(saved).findings if f.code == "W313"] == [(L.SHEET_EVIDENCE, "B2")]


def _row_after_the_statements(path: Path) -> tuple[int, str]:
    """The first row below the last statement of the Assessment sheet, and the score column's letter."""
    wb = openpyxl.load_workbook(path)
    refs = [
        list(wb.defined_names[n].destinations)[0][1].replace("$", "") for n in wb.defined_names if n.endswith("_score")
    ]
    last = max(int("".join(ch for ch in ref if ch.isdigit())) for ref in refs)
    return last + 1, "".join(ch for ch in refs[0] if ch.isalpha())


def _assert_stray_row_said(path: Path, row: int, score_col: str) -> None:
    for backend, result in _by_both_readers(path):
        w307 = [f for f in result.findings if f.code == "W307" and f.sheet == L.SHEET_ASSESSMENT]
        assert len(w307) == 1, (backend, [str(f) for f in result.findings])
        assert w307[0].cell == f"{score_col}{row}" and "'QS10'" in w307[0].message, backend
        assert result.assessment is not None and not any(result.assessment.scores().values())


def test_answers_on_a_row_added_for_a_statement_of_its_own_are_said_not_read(blank, tmp_path):
    """A council adds "QS10 Our local priority" below QS9 and scores it: the framework has no QS10, so the
    answers are not read; W307 names their cells, where they were left out without a word."""
    row, score_col = _row_after_the_statements(blank)
    wb = openpyxl.load_workbook(blank)
    ws = wb[L.SHEET_ASSESSMENT]
    ws.protection.sheet = False
    ws[f"A{row}"], ws[f"B{row}"] = "QS10", "Our local priority: housing"
    ws[f"{score_col}{row}"] = "3 - Evidence shows a good standard"
    added = tmp_path / "added.xlsx"
    wb.save(added)
    _assert_stray_row_said(added, row, score_col)
    assert not [f for f in read_workbook(blank).findings if f.code == "W307"]


@requires_libreoffice
def test_a_row_typed_in_libreoffice_for_a_statement_of_its_own_is_said(blank, tmp_path):
    row, score_col = _row_after_the_statements(blank)
    edits = [
        ["set", L.SHEET_ASSESSMENT, f"A{row}", "QS10"],
        ["set", L.SHEET_ASSESSMENT, f"{score_col}{row}", "3 - Evidence shows a good standard"],
    ]
    added = tmp_path / "added.xlsx"
    uno_edit([{"src": str(blank), "dst": str(added), "edits": edits}], tmp_path / "uno")
    _assert_stray_row_said(added, row, score_col)


def test_a_note_on_a_sheet_whose_name_has_markup_characters_names_it_as_typed(blank, tmp_path):
    """The sheet's name is read as XML text (every entity resolved), as the readers read names."""
    from openpyxl.comments import Comment

    wb = openpyxl.load_workbook(blank)
    wb.create_sheet("R&D <notes>")["A1"].comment = Comment("Ask Sam", "Jo")
    noted = tmp_path / "noted.xlsx"
    wb.save(noted)
    assert [f.sheet for f in read_workbook(noted).findings if f.code == "W313"] == ["R&D <notes>"]


@requires_libreoffice
def test_text_typed_in_a_column_the_assessment_sheet_does_not_have_is_said(blank, tmp_path):
    """A lead inserts a 'Notes' column before Confidence and types in it, and types beside Status too:
    the statement's answers move with their names and are read; the notes are named as not read (W307),
    where they were left out without a word."""
    edits = [
        ["set", L.SHEET_ASSESSMENT, "H5", "High"],
        ["insert_column", L.SHEET_ASSESSMENT, 7, "", None],
        ["set", L.SHEET_ASSESSMENT, "H3", "Notes"],
        ["set", L.SHEET_ASSESSMENT, "H5", "Ask finance for the Q3 figures"],
        ["set", L.SHEET_ASSESSMENT, "N6", "Sam to check"],
    ]
    noted = tmp_path / "noted.xlsx"
    uno_edit([{"src": str(blank), "dst": str(noted), "edits": edits}], tmp_path / "uno")
    for backend, result in _by_both_readers(noted):
        w307 = [f for f in result.findings if f.code == "W307"]
        assert [(f.sheet, f.cell) for f in w307] == [(L.SHEET_ASSESSMENT, "H5")], backend
        assert "H5, N6" in w307[0].message and "2 cell(s)" in w307[0].message
        assert result.assessment is not None
        assert result.assessment.answers["assessing_needs"].values["confidence"] == "High", backend


def test_statement_codes_not_counted_are_quoted_as_typed(blank, tmp_path):
    """The message quotes the cell as the lead typed it ('QS1 and QS2'), not with its spaces taken out."""
    path = fill_workbook(
        blank,
        tmp_path / "codes.xlsx",
        evidence=[
            {"id": "E1", "title": "Survey", "statements": "QS1 and QS2"},
            {"id": "E2", "title": "Audit", "statements": "QS1, Assessing needs"},
        ],
    )
    messages = {f.code: f.message for f in read_workbook(path).findings if f.code in ("W406", "W500")}
    assert "names statements as 'QS1 and QS2'," in messages["W406"]
    assert "names statement 'Assessing needs'," in messages["W500"]


@requires_libreoffice
def test_cells_merged_in_a_log_are_said_with_the_cells_read_as_empty(blank, tmp_path):
    """A lead merges an entry's Title across its Category, and an action's Owner down over the next
    action's: only each merge's first cell is read, and W304 names the cells that read as empty."""
    evidence = [{"id": "E1", "title": "Survey", "category": "Processes", "statements": "QS1"}]
    actions = [{"id": f"A{i}", "statement": "QS1", "action": f"Do {i}", "owner": f"Owner {i}"} for i in (1, 2)]
    filled = fill_workbook(blank, tmp_path / "logs.xlsx", None, evidence, actions)
    edits = [["merge", L.SHEET_EVIDENCE, "B2:C2"], ["merge", L.SHEET_ACTIONS, "D2:D3"]]
    merged = tmp_path / "merged.xlsx"
    uno_edit([{"src": str(filled), "dst": str(merged), "edits": edits}], tmp_path / "uno")
    for backend, result in _by_both_readers(merged):
        w304 = {(f.sheet, f.cell): f.message for f in result.findings if f.code == "W304"}
        assert sorted(w304) == [(L.SHEET_ACTIONS, "D2"), (L.SHEET_EVIDENCE, "B2")], backend
        assert "so C2 (Category) read as empty" in w304[(L.SHEET_EVIDENCE, "B2")]
        assert "so D3 (Owner) read as empty" in w304[(L.SHEET_ACTIONS, "D2")]
        assert [a.owner for a in result.assessment.actions] == ["Owner 1", None], backend
    assert not [f for f in read_workbook(filled).findings if f.code == "W304"]
