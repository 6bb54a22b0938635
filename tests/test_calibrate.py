"""Calibration: the example council's self-assessment beside a (fictional) CQC report, as golden files."""

from __future__ import annotations

import json
import os

import pytest
from conftest import FIXTURES, ROOT

from assessment_builder.calibrate import calibrate
from assessment_builder.cli import main
from assessment_builder.cqc_report import load_cqc_record
from assessment_builder.render.calibration import (
    render_calibration_html as render_html,
)
from assessment_builder.render.calibration import (
    render_calibration_markdown as render_markdown,
)
from assessment_builder.render.calibration import (
    render_calibration_text as render_text,
)
from assessment_builder.workbook.read import read_workbook

GOLDEN = ROOT / "tests" / "golden"
EXAMPLE = ROOT / "examples" / "northshire-completed.xlsx"
REPORT = FIXTURES / "cqc" / "northshire-cqc.md"


@pytest.fixture(scope="module")
def calibration():
    assessment = read_workbook(EXAMPLE).assessment
    return calibrate(assessment, load_cqc_record(REPORT, assessment.framework))


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} changed; review and run with UPDATE_GOLDEN=1"


def test_scores_differences_and_overall(calibration):
    rows = {r.code: r for r in calibration.rows}
    assert (rows["QS3"].self_score, rows["QS3"].cqc_score, rows["QS3"].difference) == (2, 1, 1)
    assert (rows["QS5"].difference, rows["QS9"].difference, rows["QS1"].difference) == (1, 1, 0)
    assert calibration.agreement == {"compared": 9, "agree": 6, "higher": 3, "lower": 0}
    assert (calibration.self_overall.percent, calibration.self_overall.rating) == (75, "Good")
    assert (calibration.cqc_overall.total, calibration.cqc_overall.percent, calibration.cqc_overall.rating) == (
        24,
        67,
        "Good",
    )
    # where they differ, the council's narrative and evidence stand beside CQC's findings
    assert rows["QS3"].development.startswith("We do not yet analyse waiting times")
    assert "Equality impact assessment of the front door" in rows["QS3"].evidence
    assert [k["heading"] for k in rows["QS3"].cqc_findings] == ["What we found", "Areas for improvement"]
    assert rows["QS1"].cqc_findings == [], "agreeing statements carry no detail"


def test_golden_text_and_markdown(calibration):
    _golden("calibrate.txt", render_text(calibration))
    _golden("calibrate.md", render_markdown(calibration))


def test_html_is_escaped_and_self_contained(calibration):
    calibration.council = "<script>alert(1)</script> & Co"
    html = render_html(calibration)
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "<link" not in html and "src=" not in html, "no external resources"


def test_cli_formats(runner, tmp_path):
    result = runner.invoke(main, ["calibrate", str(EXAMPLE), "--cqc", str(REPORT), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["agreement"] == {"compared": 9, "agree": 6, "higher": 3, "lower": 0}
    out = tmp_path / "c.html"
    result = runner.invoke(main, ["calibrate", str(EXAMPLE), "--cqc", str(REPORT), "-o", str(out)])
    assert result.exit_code == 0 and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    result = runner.invoke(main, ["calibrate", str(EXAMPLE), "--cqc", str(REPORT), "-o", str(out)])
    assert result.exit_code == 1 and "already exists" in result.output


def test_compare_sets_a_self_assessment_beside_published_results(tmp_path):
    from assessment_builder.compare import compare_files

    comparison = compare_files([EXAMPLE, REPORT], workers=1)
    assert [e.label for e in comparison.entries] == ["Northshire County Council", "Northshire County Council (CQC)"]
    assert [e.kind for e in comparison.entries] == ["workbook", "cqc-report"]
    assert comparison.entries[1].scores["equity_in_experiences_and_outcomes"] == 1
    assert comparison.entries[1].percent == 67
