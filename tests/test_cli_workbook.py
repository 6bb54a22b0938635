"""`new` from the command line: exact output and exit codes (import and score: test_cli_read.py)."""

from __future__ import annotations

import openpyxl
import pytest
from conftest import FIXTURES

from assessment_builder.cli import main
from assessment_builder.load import load_assessment
from assessment_builder.workbook import layout as L


def test_new_writes_a_workbook(runner, tmp_path):
    out = tmp_path / "council.xlsx"
    result = runner.invoke(main, ["new", "--council", "Example Council", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"Wrote {out}: CQC local authority assessment framework 2026-11-25, 9 statement(s), for Example Council\n"
    )
    wb = openpyxl.load_workbook(out)
    assert [s for s in wb.sheetnames if s != "Indicators"] == list(L.SHEETS)  # cqc-la has indicators
    assert wb.sheetnames.index("Indicators") == wb.sheetnames.index(L.SHEET_ACTIONS) + 1


def test_new_refuses_to_overwrite_without_force(runner, tmp_path):
    out = tmp_path / "council.xlsx"
    out.write_bytes(b"precious")
    result = runner.invoke(main, ["new", "--council", "X", "-o", str(out)])
    assert result.exit_code == 1
    assert result.output == f"Error: '{out}' already exists; choose another name or add --force to replace it\n"
    assert out.read_bytes() == b"precious"
    result = runner.invoke(main, ["new", "--council", "X", "-o", str(out), "--force"])
    assert result.exit_code == 0
    assert out.read_bytes()[:2] == b"PK"


def test_new_unknown_statement_is_usage_error_with_suggestion(runner, tmp_path):
    result = runner.invoke(main, ["new", "--council", "X", "--statements", "QS1,QS10", "-o", str(tmp_path / "a.xlsx")])
    assert result.exit_code == 2
    assert result.output.startswith("Error: unknown statement 'QS10' (did you mean 'QS1'?)")
    assert not (tmp_path / "a.xlsx").exists()


def test_new_unknown_theme_lists_the_themes(runner, tmp_path):
    result = runner.invoke(main, ["new", "--council", "X", "--themes", "T1,T5", "-o", str(tmp_path / "a.xlsx")])
    assert result.exit_code == 2
    assert result.output == "Error: unknown theme 'T5'. cqc-la has themes T1, T2, T3, T4\n"
    assert not (tmp_path / "a.xlsx").exists()


def test_new_missing_folder_and_unknown_framework(runner, tmp_path):
    result = runner.invoke(main, ["new", "--council", "X", "-o", str(tmp_path / "nope" / "a.xlsx")])
    assert result.exit_code == 2
    assert "does not exist; create it first" in result.output
    result = runner.invoke(main, ["new", "-f", "cqc", "--council", "X", "-o", str(tmp_path / "a.xlsx")])
    assert result.exit_code == 1
    assert result.output.startswith("Error: unknown framework 'cqc'")


def test_new_scoped_by_theme_and_for_own_framework(runner, tmp_path):
    out = tmp_path / "t3.xlsx"
    result = runner.invoke(main, ["new", "--council", "X", "--themes", "T3", "-o", str(out)])
    assert result.exit_code == 0
    assert "2 statement(s)" in result.output
    names = set(openpyxl.load_workbook(out).defined_names)
    assert "ab_safeguarding_score" in names and "ab_assessing_needs_score" not in names
    own = tmp_path / "own.xlsx"
    kloes = FIXTURES.parent.parent / "examples" / "frameworks" / "example-council-resources-workforce.yaml"
    result = runner.invoke(main, ["new", "-f", str(kloes), "--council", "Example Borough Council", "-o", str(own)])
    assert result.exit_code == 0, result.output
    assert "ab_workforce_capacity_recommendations" in openpyxl.load_workbook(own).defined_names


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_a_council_name_pasted_with_line_breaks_is_one_line_and_an_empty_one_is_refused(runner, tmp_path, suffix):
    """A name pasted from an email or a cell ("Northshire\nCounty  Council") is one line in the workbook and the
    Word form alike; a name of only spaces is refused by both, before anything is written."""
    out = tmp_path / f"n{suffix}"
    command = "new" if suffix == ".xlsx" else "template"
    result = runner.invoke(main, [command, "-c", " Northshire\nCounty \t Council ", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "for Northshire County Council" in result.output or suffix == ".docx"
    assert load_assessment(out).value.council == "Northshire County Council"
    blank = tmp_path / f"blank{suffix}"
    refused = runner.invoke(main, [command, "-c", " \n ", "-o", str(blank)])
    assert refused.exit_code == 2 and "council name is empty" in refused.output and not blank.exists()


def test_council_name_that_looks_like_a_formula_stays_text(runner, tmp_path):
    out = tmp_path / "f.xlsx"
    name = "=cmd|' /C calc'!A0"
    assert runner.invoke(main, ["new", "--council", name, "-o", str(out)]).exit_code == 0
    wb = openpyxl.load_workbook(out)
    cell = wb[L.SHEET_START]["B3"]
    assert cell.value == name and cell.data_type == "s"


def test_a_long_council_name_makes_every_document_whole(runner, tmp_path):
    """A council name past 255 characters (a document property's limit) stopped `template` and `report` with
    "unexpected problem", and `new` printed a library warning; the name is whole in every document."""
    import warnings
    import zipfile

    from docx import Document

    council = "Łódź " + "and Northshire " * 20 + "Council"  # 310 characters, some outside Latin-1
    outs = {"new": tmp_path / "book.xlsx", "template": tmp_path / "form.docx", "report": tmp_path / "report.docx"}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for command in ("new", "template"):
            result = runner.invoke(main, [command, "--council", council, "-o", str(outs[command])])
            assert result.exit_code == 0, result.output
        result = runner.invoke(main, ["report", str(outs["new"]), "-o", str(outs["report"])])
        assert result.exit_code == 0, result.output
    assert not [str(w.message) for w in caught]
    for path in (outs["new"], outs["template"]):
        assert load_assessment(path).value.council == " ".join(council.split())
    for path in (outs["template"], outs["report"]):
        title = Document(str(path)).core_properties.title
        assert len(title) == 255 and title.endswith("\u2026") and title.startswith("Łódź and Northshire")
    with zipfile.ZipFile(outs["new"]) as z:
        custom = z.read("docProps/custom.xml").decode("utf-8")
    assert "ab_council" in custom and "Łódź and Northshire" in custom  # cut to Excel's limit, not dropped
