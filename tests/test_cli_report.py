"""The summary and compare commands: formats, output files, exit codes, JSON equal to the library."""

from __future__ import annotations

import json

import openpyxl
import pytest
from test_compare import install_fake_reader, region
from test_summary import AS_OF, example_assessment, previous_assessment

from assessment_builder.cli import main
from assessment_builder.summary import build_summary


@pytest.fixture
def workbooks(mini_rated, monkeypatch, tmp_path):
    """northshire.xlsx and northshire-2024.xlsx (read by a stand-in reader), plus broken.xlsx."""
    current, old = example_assessment(mini_rated), previous_assessment(mini_rated)
    install_fake_reader(monkeypatch, {"northshire.xlsx": current, "northshire-2024.xlsx": old})
    for name in ("northshire.xlsx", "northshire-2024.xlsx", "broken.xlsx"):
        (tmp_path / name).write_bytes(b"placeholder")
    monkeypatch.chdir(tmp_path)
    return current, old


def test_summary_json_equals_the_library_result(runner, workbooks):
    current, old = workbooks
    result = runner.invoke(
        main,
        [
            "summary",
            "northshire.xlsx",
            "--format",
            "json",
            "--as-of",
            "2025-03-31",
            "--previous",
            "northshire-2024.xlsx",
        ],
    )
    assert result.exit_code == 0, result.output
    expected = build_summary(current, previous=old, as_of=AS_OF).to_dict()
    assert json.loads(result.stdout) == json.loads(json.dumps(expected))


def test_summary_text_is_plain_when_not_a_terminal(runner, workbooks):
    result = runner.invoke(main, ["summary", "northshire.xlsx", "--as-of", "2025-03-31"])
    assert result.exit_code == 0
    assert result.stdout.startswith("Northshire County Council: adult social care self-assessment summary\n")
    assert "\x1b[" not in result.stdout
    assert "Good, lower end: 25 percentage points from Outstanding" in result.stdout


@pytest.mark.parametrize(
    ("name", "marker"), [("s.md", "# Northshire"), ("s.html", "<!DOCTYPE html>"), ("s.json", '{\n  "council"')]
)
def test_summary_format_from_output_suffix(runner, workbooks, tmp_path, name, marker):
    result = runner.invoke(main, ["summary", "northshire.xlsx", "-o", name, "--as-of", "2025-03-31"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / name).read_text(encoding="utf-8").startswith(marker)
    assert result.stdout == ""
    # never overwritten silently; --force replaces
    again = runner.invoke(main, ["summary", "northshire.xlsx", "-o", name])
    assert again.exit_code == 1 and "--force" in again.stderr
    assert runner.invoke(main, ["summary", "northshire.xlsx", "-o", name, "--force"]).exit_code == 0


def test_summary_usage_errors(runner, workbooks):
    bad_suffix = runner.invoke(main, ["summary", "northshire.xlsx", "-o", "out.pdf"])
    assert bad_suffix.exit_code == 2 and "--format" in bad_suffix.stderr

    bad_date = runner.invoke(main, ["summary", "northshire.xlsx", "--as-of", "31/03/2025"])
    assert bad_date.exit_code == 2
    assert "not a date written YYYY-MM-DD; write 31 March 2025 as 2025-03-31" in bad_date.stderr
    no_day = runner.invoke(main, ["summary", "northshire.xlsx", "--as-of", "2025-02-30"])
    assert no_day.exit_code == 2 and "'2025-02-30' is not a day of the calendar" in no_day.stderr
    assert "%Y" not in bad_date.stderr + no_day.stderr  # click's strftime pattern, not words
    short = runner.invoke(main, ["summary", "northshire.xlsx", "--as-of", "2025-3-31", "--format", "json"])
    assert short.exit_code == 0 and '"as_of": "2025-03-31"' in short.stdout


def test_summary_unreadable_workbook_exits_1_without_traceback(runner, workbooks):
    result = runner.invoke(main, ["summary", "broken.xlsx"])
    assert result.exit_code == 1
    assert "broken.xlsx cannot be read" in result.stderr and "Traceback" not in result.output


def test_compare_reports_and_skips_a_bad_file(runner, mini_rated, monkeypatch, tmp_path):
    councils = region(mini_rated, 3)
    install_fake_reader(monkeypatch, {f"c{i}.xlsx": a for i, a in enumerate(councils)})
    for i in range(3):
        (tmp_path / f"c{i}.xlsx").write_bytes(b"x")
    (tmp_path / "broken.xlsx").write_bytes(b"x")
    (tmp_path / "~$c0.xlsx").write_bytes(b"x")  # Excel's lock file: ignored in a folder
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["compare", ".", "--format", "json"])
    assert result.exit_code == 1  # a file was skipped: the others are still compared
    data = json.loads(result.stdout)
    assert [e["label"] for e in data["entries"]] == ["Council 01", "Council 02", "Council 03"]
    assert [s["source"] for s in data["skipped"]] == ["broken.xlsx"]
    assert "broken.xlsx cannot be read; it was not used" in result.stderr

    ok = runner.invoke(main, ["compare", "c0.xlsx", "c1.xlsx", "-o", "region.xlsx"])
    assert ok.exit_code == 0, ok.output
    assert openpyxl.load_workbook(tmp_path / "region.xlsx").sheetnames == ["Scores", "Evidence", "Sources"]
    clash = runner.invoke(main, ["compare", "c0.xlsx", "region.xlsx", "-o", "region.xlsx", "--force"])
    assert clash.exit_code == 2 and "one of the files to compare" in clash.stderr
    md = runner.invoke(main, ["compare", "c0.xlsx", "c1.xlsx", "-o", "region.md"])
    assert md.exit_code == 0 and (tmp_path / "region.md").read_text(encoding="utf-8").startswith("# Comparison of 2")


@pytest.mark.parametrize("command", ["summary", "compare"])
def test_help_ends_with_an_example(runner, command):
    result = runner.invoke(main, [command, "--help"])
    assert result.exit_code == 0 and "Example:" in result.output
