"""`compare` of a folder in which the tool's own outputs were written beside the councils' workbooks.

A regional lead runs `compare region/ -o region/comparison.xlsx` every month and keeps reports and
summaries there too. The next run used to read those outputs as self-assessments and refuse them
(exit code 1), and `-o` over last month's comparison in the same folder was refused as "one of the files
to compare" (exit code 2). They are now left out with a line saying what each is; a file named on the
command line is still read as given.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

from assessment_builder.cli import main
from assessment_builder.own_outputs import own_output

EXAMPLE = ROOT / "examples" / "northshire-completed.xlsx"


@pytest.fixture
def region(tmp_path, cqc) -> Path:
    from assessment_builder.workbook import write_workbook

    folder = tmp_path / "region"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "northshire.xlsx")
    write_workbook(cqc, "Southshire Council", folder / "southshire.xlsx")
    return folder


def _run(runner, *args: object):
    return runner.invoke(main, [str(a) for a in args])


def test_the_tools_outputs_in_the_folder_are_left_out_with_a_note(region, runner):
    assert _run(runner, "compare", region, "-o", region / "comparison.xlsx").exit_code == 0
    assert _run(runner, "compare", region, "--format", "json", "-o", region / "comparison.json").exit_code == 0
    assert _run(runner, "report", region / "northshire.xlsx", "-o", region / "report.docx").exit_code == 0
    assert (
        _run(runner, "summary", region / "northshire.xlsx", "--format", "json", "-o", region / "s.json").exit_code == 0
    )
    assert (
        _run(runner, "summary", region / "northshire.xlsx", "--format", "docx", "-o", region / "s.docx").exit_code == 0
    )

    result = _run(runner, "compare", region, "--format", "json")
    assert result.exit_code == 0, result.output
    left_out = sorted(line.split(":")[0] for line in result.stderr.splitlines() if line.startswith("Left out "))
    assert left_out == [
        f"Left out {region / n}" for n in ("comparison.json", "comparison.xlsx", "report.docx", "s.docx", "s.json")
    ]
    entries = json.loads(result.stdout)["entries"]
    assert sorted(e["source"] for e in entries) == ["northshire.xlsx", "southshire.xlsx"]


def test_a_monthly_comparison_can_be_rewritten_in_its_own_folder(region, runner):
    first = _run(runner, "compare", region, "-o", region / "comparison.xlsx")
    again = _run(runner, "compare", region, "-o", region / "comparison.xlsx", "--force")
    assert (first.exit_code, again.exit_code) == (0, 0), again.output
    assert "Wrote the comparison of 2 file(s)" in again.stderr


def test_a_comparison_named_on_the_command_line_is_still_read_and_refused(region, runner):
    assert _run(runner, "compare", region, "-o", region / "comparison.xlsx").exit_code == 0
    result = _run(runner, "compare", region / "comparison.xlsx", region / "northshire.xlsx")
    assert result.exit_code == 1
    assert "comparison.xlsx" in result.stderr and "W200" in result.stderr
    assert "a comparison written by assessment-builder, not a self-assessment workbook" in " ".join(
        result.stderr.split()
    )


def test_an_older_comparison_without_its_marker_is_known_by_its_sheets(region, runner, tmp_path):
    assert _run(runner, "compare", region, "-o", tmp_path / "made.xlsx").exit_code == 0
    old = region / "old-comparison.xlsx"
    with zipfile.ZipFile(tmp_path / "made.xlsx") as zin, zipfile.ZipFile(old, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename != "docProps/custom.xml":
                data = zin.read(info).replace(b'<Override PartName="/docProps/custom.xml"', b'<Override PartName="/x"')
                zout.writestr(info, data)
    assert own_output(old) == "a comparison written by assessment-builder"
    assert own_output(region / "northshire.xlsx") is None  # a self-assessment is never left out
    result = _run(runner, "compare", region)
    assert result.exit_code == 0 and f"Left out {old}" in result.stderr


def test_self_assessments_forms_and_answers_are_never_taken_for_outputs(region, runner, tmp_path):
    assert _run(runner, "template", "--council", "Eastshire", "-o", region / "form.docx").exit_code == 0
    assert _run(runner, "import", region / "northshire.xlsx", "-o", tmp_path / "answers.json").exit_code == 0
    for path in (region / "form.docx", tmp_path / "answers.json", region / "southshire.xlsx"):
        assert own_output(path) is None, path


def test_one_file_given_twice_is_compared_once(region, runner, tmp_path, monkeypatch):
    """`compare region/ region/northshire.xlsx`, another spelling or a link of one file: one council, counted
    once; it stood twice in the table. Two copies of a workbook are still two inputs."""
    import os

    monkeypatch.chdir(region.parent)
    os.link(region / "northshire.xlsx", tmp_path / "hard-link.xlsx")
    (tmp_path / "symlink.xlsx").symlink_to(region / "northshire.xlsx")
    shutil.copy(region / "northshire.xlsx", tmp_path / "copy.xlsx")
    given = [
        region / "northshire.xlsx",
        "region",
        "./region/northshire.xlsx",
        tmp_path / "hard-link.xlsx",
        tmp_path / "symlink.xlsx",
        tmp_path / "copy.xlsx",
    ]
    result = _run(runner, "compare", *given, "--format", "json")
    assert result.exit_code == 0, result.output
    entries = json.loads(result.stdout)["entries"]
    assert [e["source"] for e in entries] == ["northshire.xlsx", "southshire.xlsx", "copy.xlsx"]
    notes = [line for line in result.stderr.splitlines() if line.startswith("Left out ")]
    in_folder = Path("region") / "northshire.xlsx"  # found in the folder, and ./region/northshire.xlsx as read
    assert notes == [
        f"Left out {p}: the same file as {region / 'northshire.xlsx'}, given twice; it is compared once"
        for p in (in_folder, in_folder, tmp_path / "hard-link.xlsx", tmp_path / "symlink.xlsx")
    ]
