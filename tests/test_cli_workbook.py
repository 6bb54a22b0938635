"""`new`, `import` and `score` from the command line: exact output and exit codes."""

from __future__ import annotations

import json

import openpyxl
from conftest import FIXTURES
from fill import fill_workbook

from assessment_builder.cli import main
from assessment_builder.workbook import layout as L


def test_new_writes_a_workbook(runner, tmp_path):
    out = tmp_path / "council.xlsx"
    result = runner.invoke(main, ["new", "--council", "Example Council", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"Wrote {out}: CQC local authority assessment framework 2024-02-23, 9 statement(s), for Example Council\n"
    )
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == list(L.SHEETS)


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


def test_council_name_that_looks_like_a_formula_stays_text(runner, tmp_path):
    out = tmp_path / "f.xlsx"
    name = "=cmd|' /C calc'!A0"
    assert runner.invoke(main, ["new", "--council", name, "-o", str(out)]).exit_code == 0
    wb = openpyxl.load_workbook(out)
    cell = wb[L.SHEET_START]["B3"]
    assert cell.value == name and cell.data_type == "s"


def _filled(tmp_path):
    blank = tmp_path / "blank.xlsx"
    from assessment_builder import load_framework
    from assessment_builder.workbook import write_workbook

    write_workbook(load_framework("cqc-la"), "CLI Council", blank)
    return fill_workbook(
        blank,
        tmp_path / "filled.xlsx",
        {"assessing_needs": {"score": 3}, "safeguarding": {"score": 9}},
        evidence=[{"id": "E1", "title": "Survey", "category": "Processes", "statements": "QS1"}],
    )


def test_import_prints_findings_table_and_exits_1_on_errors(runner, tmp_path):
    path = _filled(tmp_path)
    result = runner.invoke(main, ["import", str(path)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].split() == ["SEVERITY", "CODE", "SHEET", "CELL", "ITEM", "MESSAGE"]
    assert lines[1].split()[:5] == ["error", "W400", "Assessment", "G13", "safeguarding"]
    assert lines[-1] == (
        f"{path}: CLI Council, CQC local authority assessment framework 2024-02-23: 1 of 9 statement(s) answered, "
        "1 evidence item(s), 0 action(s); 1 error(s), 0 warning(s)"
    )


def test_import_json_shape_and_answers_file(runner, tmp_path):
    blank = tmp_path / "blank.xlsx"
    runner.invoke(main, ["new", "--council", "JSON Council", "-o", str(blank)])
    path = fill_workbook(
        blank, tmp_path / "ok.xlsx", {"assessing_needs": {"score": 4}}, evidence=[{"id": "E1", "statements": "QS1"}]
    )
    result = runner.invoke(main, ["import", str(path), "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert list(data) == ["framework", "council", "statements", "evidence", "actions", "findings"]
    assert data["statements"]["assessing_needs"]["score"] == 4
    assert data["findings"] == []
    out = tmp_path / "answers.yaml"
    result = runner.invoke(main, ["import", str(path), "-o", str(out)])
    assert result.exit_code == 0 and out.exists()
    from assessment_builder.answers import load_answers

    assert load_answers(out).answers["assessing_needs"].score == 4


def test_score_text_and_json(runner, tmp_path):
    blank = tmp_path / "blank.xlsx"
    runner.invoke(main, ["new", "--council", "Score Council", "-o", str(blank)])
    ids = [
        "assessing_needs",
        "supporting_healthier_lives",
        "equity_in_experiences_and_outcomes",
        "care_provision_integration_continuity",
        "partnerships_and_communities",
        "safe_pathways_systems_transitions",
        "safeguarding",
        "governance_management_sustainability",
        "learning_improvement_innovation",
    ]
    scores = [3, 3, 3, 4, 3, 3, 3, 3, 2]
    answers = {sid: {"score": v} for sid, v in zip(ids, scores)}
    evidence = [{"id": "E1", "statements": "QS1, QS2, QS3, QS4, QS5, QS6, QS7, QS8, QS9"}]
    actions = [{"id": "A1", "statement": "QS9"}]
    path = fill_workbook(blank, tmp_path / "s.xlsx", answers, evidence, actions)
    result = runner.invoke(main, ["score", str(path)])
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == "Overall: 27/36 = 75% Good"
    assert (
        "  QS4 Care provision, integration and continuity: 4 - Evidence shows an exceptional standard" in result.output
    )
    data = json.loads(runner.invoke(main, ["score", str(path), "--json"]).output)
    assert data["overall"] == {
        "total": 27,
        "max": 36,
        "percent": 75,
        "rating": "Good",
        "complete": True,
        "scored": 9,
        "statements": 9,
    }
    assert data["themes"]["leadership"] == {"score": 2.5, "percent": 63, "total": 5, "max": 8, "scored": 2}


def test_import_of_a_broken_file_is_exit_1_without_traceback(runner, tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_text("not a workbook")
    result = runner.invoke(main, ["import", str(path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "W100" in result.output


def test_score_of_a_peer_challenge_gives_counts_never_a_rating(runner, tmp_path):
    blank = tmp_path / "pc.xlsx"
    assert (
        runner.invoke(
            main, ["new", "-f", "lga-asc-peer-challenge", "--council", "Peer Council", "-o", str(blank)]
        ).exit_code
        == 0
    )
    path = fill_workbook(
        blank,
        tmp_path / "pcf.xlsx",
        {"participation": {"strengths": "Co-production board", "recommendations": "Pay experts by experience"}},
        actions=[{"id": "A1", "statement": "PC2", "action": "Set up payments"}],
    )
    result = runner.invoke(main, ["score", str(path)])
    assert result.exit_code == 0, result.output
    assert "  PC2 Participation: strengths, recommendations" in result.output
    assert result.output.splitlines()[-1] == (
        "Strengths for 1 of 8 areas, areas for consideration for 0, recommendations for 1; 1 action(s). "
        "A peer challenge gives no rating."
    )
    data = json.loads(runner.invoke(main, ["score", str(path), "--json"]).output)
    assert data["overall"] is None
