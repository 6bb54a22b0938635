"""`import` and `score` from the command line: exact output, JSON shapes and exit codes."""

from __future__ import annotations

import hashlib
import json

import pytest
import yaml
from fill import fill_workbook

from assessment_builder.answers import load_answers
from assessment_builder.cli import main

WIDE = {"COLUMNS": "200"}  # no wrapping, so whole lines can be compared
CQC_IDS = [
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
ALL_CODES = "QS1, QS2, QS3, QS4, QS5, QS6, QS7, QS8, QS9"


@pytest.fixture(scope="module")
def blank(cqc, tmp_path_factory):
    from assessment_builder.workbook import write_workbook

    return write_workbook(cqc, "CLI Council", tmp_path_factory.mktemp("cli") / "blank.xlsx")


@pytest.fixture(scope="module")
def with_errors(blank, tmp_path_factory):
    return fill_workbook(
        blank,
        tmp_path_factory.mktemp("cli") / "errors.xlsx",
        {"assessing_needs": {"score": 3, "confidence": "Hgh"}, "safeguarding": {"score": 9}},
        evidence=[{"id": "E1", "title": "Survey", "category": "Processes", "statements": "QS1, QS77"}],
    )


@pytest.fixture(scope="module")
def complete(blank, tmp_path_factory):
    scores = [3, 3, 3, 4, 3, 3, 3, 3, 2]
    return fill_workbook(
        blank,
        tmp_path_factory.mktemp("cli") / "complete.xlsx",
        {sid: {"score": v, "confidence": "High"} for sid, v in zip(CQC_IDS, scores)},
        evidence=[{"id": "E1", "title": "Survey", "category": "Processes", "statements": ALL_CODES}],
        actions=[{"id": "A1", "statement": "QS9", "action": "Publish the learning log", "status": "Not started"}],
    )


def test_import_prints_every_finding_as_a_table_and_exits_1(runner, with_errors, tmp_path):
    before = hashlib.sha256(with_errors.read_bytes()).hexdigest()
    out = tmp_path / "answers.json"
    result = runner.invoke(main, ["import", str(with_errors), "-o", str(out)], env=WIDE)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "SEVERITY  CODE  SHEET       CELL  ITEM             MESSAGE",
        "warning   W402  Assessment  H5    assessing_needs  confidence 'Hgh' is not one of High, Medium, Low "
        "(did you mean 'High'?); choose from the dropdown",
        "error     W400  Assessment  G13   safeguarding     the score of QS7 is 9, which is not on the scale; "
        "choose a score from the dropdown (1 to 4)",
        "warning   W500  Evidence    D2    E1               evidence E1 names statement 'QS77', which is not in this "
        "workbook (did you mean 'QS7'?); use codes such as QS1, QS2, QS3 separated by commas",
        f"{with_errors} has 1 error; it was not used: fix what is listed above and run again.",
        f"{out} was not written: fix the errors above and run again.",
    ]
    assert result.stdout.splitlines() == [
        f"{with_errors}: CLI Council, CQC local authority assessment framework 2026-11-25: 1 of 9 statement(s) "
        "answered, 1 evidence item(s), 0 action(s); 1 error, 2 warnings",
    ]
    assert not out.exists()
    assert hashlib.sha256(with_errors.read_bytes()).hexdigest() == before, "the workbook must never be written"


@pytest.mark.parametrize("columns", [80, 120])
def test_findings_table_fits_the_terminal(runner, with_errors, columns):
    result = runner.invoke(main, ["import", str(with_errors)], env={"COLUMNS": str(columns)})
    table = result.stderr.splitlines()[:-1]
    assert all(len(line) <= columns for line in table), table
    assert [line.split()[:5] for line in table if not line.startswith(" ")] == [
        ["SEVERITY", "CODE", "SHEET", "CELL", "ITEM"],
        ["warning", "W402", "Assessment", "H5", "assessing_needs"],
        ["error", "W400", "Assessment", "G13", "safeguarding"],
        ["warning", "W500", "Evidence", "D2", "E1"],
    ]
    text = " ".join(line.strip() for line in table)
    assert "choose a score from the dropdown (1 to 4)" in text  # whole messages, only wrapped
    if columns == 120:  # wide: wrapped message lines sit under the MESSAGE column
        column = table[0].index("MESSAGE")
        continuation = [line for line in table if line.startswith(" ")]
        assert continuation and all(line[:column].strip() == "" and line[column] != " " for line in continuation)
    else:  # narrow: each message is on its own lines below its row
        assert table[0].endswith("MESSAGE (below)")
        assert table[2].startswith("    confidence 'Hgh' is not one of High, Medium, Low")


def test_import_json_is_the_public_shape(runner, with_errors):
    result = runner.invoke(main, ["import", str(with_errors), "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert list(data) == [
        "framework",
        "council",
        "statements",
        "evidence",
        "actions",
        "indicators",
        "context",
        "findings",
    ]
    assert data["framework"] == {"id": "cqc-la", "version": "2026-11-25"}
    assert data["council"] == "CLI Council"
    assert data["statements"]["assessing_needs"] == {
        "score": 3,
        "confidence": "Hgh",
        "strengths": None,
        "development": None,
        "lead": None,
        "status": None,
        "narrative": None,  # what a Word form holds under the statement besides its fields
    }
    assert data["statements"]["safeguarding"]["score"] is None  # 9 is not on the scale: unscored
    assert data["evidence"] == [
        {
            "id": "E1",
            "title": "Survey",
            "category": "processes",
            "statements": ["assessing_needs"],
            "date": None,
            "owner": None,
            "location": None,
        }
    ]
    assert data["actions"] == []
    assert data["findings"][1] == {
        "code": "W400",
        "severity": "error",
        "file": str(with_errors),
        "line": None,
        "path": None,
        "sheet": "Assessment",
        "cell": "G13",
        "item": "safeguarding",
        "message": "the score of QS7 is 9, which is not on the scale; choose a score from the dropdown (1 to 4)",
    }
    assert [f["code"] for f in data["findings"]] == ["W402", "W400", "W500"]


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_import_saves_the_answers_without_findings(runner, complete, tmp_path, suffix):
    out = tmp_path / f"answers{suffix}"
    result = runner.invoke(main, ["import", str(complete), "-o", str(out)], env=WIDE)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"{complete}: CLI Council, CQC local authority assessment framework 2026-11-25: 9 of 9 statement(s) answered, "
        "1 evidence item(s), 1 action(s); 0 errors, 0 warnings",
        f"Wrote {out}",
    ]
    text = out.read_text(encoding="utf-8")
    saved = json.loads(text) if suffix == ".json" else yaml.safe_load(text)
    printed = json.loads(runner.invoke(main, ["import", str(complete), "--json"]).stdout)
    assert (saved.pop("kind"), saved.pop("version")) == ("assessment-builder/answers", 1)
    assert saved == {k: v for k, v in printed.items() if k != "findings"}
    again = load_answers(out)
    assert again.to_dict() == saved and printed["findings"] == []
    assert again.answers["learning_improvement_innovation"].score == 2

    refused = runner.invoke(main, ["import", str(complete), "-o", str(out)])
    assert refused.exit_code == 1 and "--force" in refused.stderr, refused.output
    assert runner.invoke(main, ["import", str(complete), "-o", str(out), "--force"]).exit_code == 0


def test_answers_file_must_be_json_or_yaml(runner, complete, tmp_path):
    result = runner.invoke(main, ["import", str(complete), "-o", str(tmp_path / "answers.xlsx")])
    assert result.exit_code == 2
    assert "answers are written as .json or .yaml" in result.stderr


def test_score_text_shows_statements_themes_and_the_overall_line(runner, complete):
    result = runner.invoke(main, ["score", str(complete)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "CLI Council: CQC local authority assessment framework 2026-11-25",
        "T1 Working with people: mean 3.00 (75%)",
        "  QS1 Assessing needs: 3 - Evidence shows a good standard",
        "  QS2 Supporting people to live healthier lives: 3 - Evidence shows a good standard",
        "  QS3 Equity in experience and outcomes: 3 - Evidence shows a good standard",
        "T2 Providing support: mean 3.50 (88%)",
        "  QS4 Care provision, integration and continuity: 4 - Evidence shows an exceptional standard",
        "  QS5 Partnerships and communities: 3 - Evidence shows a good standard",
        "T3 How the local authority ensures safety within the system: mean 3.00 (75%)",
        "  QS6 Safe pathways, systems and transitions: 3 - Evidence shows a good standard",
        "  QS7 Safeguarding: 3 - Evidence shows a good standard",
        "T4 Leadership: mean 2.50 (63%)",
        "  QS8 Governance, management and sustainability: 3 - Evidence shows a good standard",
        "  QS9 Learning, improvement and innovation: 2 - Evidence shows some shortfalls",
        "Overall: 27/36 = 75% Good (complete)",
    ]


def test_score_json_shape(runner, complete):
    result = runner.invoke(main, ["score", str(complete), "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert list(data) == ["statements", "themes", "overall", "findings"]
    assert data["statements"] == dict(zip(CQC_IDS, [3, 3, 3, 4, 3, 3, 3, 3, 2]))
    assert data["themes"]["leadership"] == {"score": 2.5, "percent": 63, "total": 5, "max": 8, "scored": 2}
    assert data["overall"] == {
        "total": 27,
        "max": 36,
        "percent": 75,
        "rating": "Good",
        "complete": True,
        "scored": 9,
        "statements": 9,
    }


def test_score_refuses_a_workbook_with_errors_and_lists_them(runner, with_errors):
    """One policy: an input with an error is not used (no score that would mislead); warnings never refuse."""
    result = runner.invoke(main, ["score", str(with_errors)], env=WIDE)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert [line.split()[:2] for line in result.stderr.splitlines()[1:4]] == [
        ["warning", "W402"],
        ["error", "W400"],
        ["warning", "W500"],
    ]
    assert result.stderr.splitlines()[-1] == (
        f"{with_errors} has 1 error; it was not used: fix what is listed above and run again."
    )
    data = json.loads(runner.invoke(main, ["score", str(with_errors), "--json"]).stdout)
    assert list(data) == ["findings"] and [f["code"] for f in data["findings"]] == ["W402", "W400", "W500"]


def test_score_of_an_empty_workbook_gives_no_rating(runner, blank):
    result = runner.invoke(main, ["score", str(blank)])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "Overall: no statement scored yet (0 of 9); no rating"


def test_score_of_a_peer_challenge_gives_counts_never_a_rating(runner, tmp_path):
    blank = tmp_path / "pc.xlsx"
    made = runner.invoke(main, ["new", "-f", "lga-asc-peer-challenge", "--council", "Peer Council", "-o", str(blank)])
    assert made.exit_code == 0, made.output
    path = fill_workbook(
        blank,
        tmp_path / "pcf.xlsx",
        {"participation": {"strengths": "Co-production board", "recommendations": "Pay experts by experience"}},
        actions=[{"id": "A1", "statement": "PC2", "action": "Set up payments"}],
    )
    result = runner.invoke(main, ["score", str(path)])
    assert result.exit_code == 0, result.output
    assert "  PC2 Participation: strengths, recommendations" in result.stdout
    assert result.stdout.splitlines()[-1] == (
        "Strengths for 1 of 8 areas, areas for consideration for 0, recommendations for 1; 1 action(s). "
        "A peer challenge gives no rating."
    )
    assert "Good" not in result.stdout and "%" not in result.stdout
    data = json.loads(runner.invoke(main, ["score", str(path), "--json"]).stdout)
    assert data["overall"] is None and data["themes"] == {}


@pytest.mark.parametrize("command", ["import", "score"])
def test_unreadable_file_is_exit_1_with_a_finding_never_a_traceback(runner, tmp_path, command):
    path = tmp_path / "broken.xlsx"
    path.write_text("Council,Score\nX,3\n")
    result = runner.invoke(main, [command, str(path)], env=WIDE)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "W100" in result.output and "not an Excel .xlsx workbook" in result.output
    assert path.read_text() == "Council,Score\nX,3\n"


def test_missing_file_is_exit_1_and_usage_errors_exit_2(runner, tmp_path):
    result = runner.invoke(main, ["import", str(tmp_path / "nowhere.xlsx")], env=WIDE)
    assert result.exit_code == 1 and "cannot read the file" in result.output
    assert runner.invoke(main, ["import"]).exit_code == 2
    assert runner.invoke(main, ["score", "a.xlsx", "--nonsense"]).exit_code == 2


def test_framework_option_reads_a_workbook_without_metadata(runner, blank, tmp_path):
    import openpyxl

    wb = openpyxl.load_workbook(blank)
    del wb["_meta"]
    wb.save(tmp_path / "bare.xlsx")  # still recognisable by its codes and names
    for row in range(4, 20):
        wb["Assessment"].cell(row=row, column=1).value = None
    for name in [n for n in wb.defined_names if n.startswith("ab_")]:
        del wb.defined_names[name]
    wb.save(tmp_path / "stripped.xlsx")  # not recognisable
    result = runner.invoke(main, ["import", str(tmp_path / "stripped.xlsx")], env=WIDE)
    assert result.exit_code == 1
    assert "W200" in result.stderr and "no statement codes in the first column" in result.stderr
    assert "--framework" in result.stderr
    result = runner.invoke(main, ["import", str(tmp_path / "bare.xlsx"), "--framework", "cqc-la"], env=WIDE)
    assert result.exit_code == 0 and "0 errors, 0 warnings" in result.stdout, result.output
    result = runner.invoke(main, ["import", str(tmp_path / "bare.xlsx"), "--framework", "cqc-lx"], env=WIDE)
    assert result.exit_code == 1 and "W201" in result.stderr and "did you mean 'cqc-la'" in result.stderr


def test_the_example_council_imports_cleanly_and_its_score_text_is_current(runner):
    from conftest import ROOT

    example = ROOT / "examples" / "northshire-completed.xlsx"
    data = json.loads(runner.invoke(main, ["import", str(example), "--json"]).stdout)
    assert data["findings"] == [] and data["council"] == "Northshire County Council"
    assert len(data["evidence"]) >= 25 and len(data["actions"]) >= 12
    assert {e["category"] for e in data["evidence"]} == {
        "peoples_experience",
        "feedback_from_staff_and_leaders",
        "feedback_from_partners",
        "processes",
    }
    shortfalls = [sid for sid, v in data["statements"].items() if v["score"] == 2]
    assert shortfalls and all(any(a["statement"] == sid for a in data["actions"]) for sid in shortfalls)
    result = runner.invoke(main, ["score", str(example)])
    assert result.exit_code == 0
    expected = (ROOT / "examples" / "northshire-score.txt").read_text(encoding="utf-8")
    assert result.stdout.replace(str(example), example.name) == expected, "run examples/make_example.py"
    assert expected.splitlines()[-1] == "Overall: 27/36 = 75% Good (complete)"


@pytest.mark.parametrize(
    ("made", "args", "expected"),
    [
        ("xlsx", ["new", "--council", "X", "-f", "{f}.yaml", "-o", "{out}"], "an Excel workbook, not a YAML text file"),
        ("docx", ["frameworks", "validate", "{f}.yaml"], "a Word document, not a YAML text file"),
        ("xlsx", ["score", "{f}.json"], "name it .xlsx and it is read as a workbook"),
        ("docx", ["import", "{f}.yaml"], "name it .docx and it is read as a Word form"),
        ("xlsx", ["calibrate", "{book}", "--cqc", "{f}.json"], "an Excel workbook, not a JSON text file"),
        ("pdf", ["summary", "{book}", "--previous", "{f}.json"], "a PDF, not a JSON text file"),
    ],
    ids=["framework-workbook", "validate-form", "answers-workbook", "answers-form", "record-workbook", "record-pdf"],
)
def test_a_workbook_or_form_given_where_text_goes_is_named_for_what_it_is(runner, tmp_path, cqc, made, args, expected):
    """A workbook given to -f, or saved under an answers file's name, was "byte 0x91 is not UTF-8 text; save
    the file as UTF-8": advice that cannot help, for a file that was never text."""
    from assessment_builder import api

    book = api.new(cqc, "Northshire Council", tmp_path / "book.xlsx")
    source = {"xlsx": book, "docx": api.template(cqc, "Northshire Council", tmp_path / "form.docx")}
    raw = source[made].read_bytes() if made in source else b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"
    for suffix in (".yaml", ".json"):
        (tmp_path / f"given{suffix}").write_bytes(raw)
    values = {"f": str(tmp_path / "given"), "out": str(tmp_path / "out.xlsx"), "book": str(book)}
    result = runner.invoke(main, [a.format(**values) for a in args])
    assert result.exit_code == 1, result.output
    assert expected in " ".join(result.output.split()) and "UTF-8" not in result.output
    assert "Traceback" not in result.output and not (tmp_path / "out.xlsx").exists()
