"""Calibration: the example council's self-assessment beside a (fictional) CQC report, as golden files."""

from __future__ import annotations

import json
import os

import pytest
from conftest import FIXTURES, ROOT

from assessment_builder.calibrate import CalibrationRow, calibrate, council_key, same_council
from assessment_builder.cli import main
from assessment_builder.cqc_report import load_cqc_record, parse_cqc_report
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
    # the verdict says its unit: score points on CQC's 1 to 4 scale, never percentage points
    assert rows["QS3"].verdict == "self-assessed 1 point higher"
    assert CalibrationRow("QS1", "a", "A", 1, 3).verdict == "self-assessed 2 points lower"


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


# --- CQC's paragraphs, wrapped text, and the council check (issue 14, item 9) ---------------------------

LONG = (
    "Waiting lists for Care Act assessments had grown over the last two years, and people from minority "
    "communities told us that information about the front door was hard to find, was not offered in "
    "community languages, and did not say how long they would wait; the local authority had commissioned "
    "a review but had not yet analysed its own waiting data by ethnicity, age or disability, so it could "
    "not show that the changes it planned would reach the people most likely to wait longest lastword."
)
PARAGRAPHS = [
    "First paragraph: people told us the service was responsive for some.",
    LONG,
    "Third paragraph: the local authority had plans in place.",
]


@pytest.fixture(scope="module")
def assessment():
    return read_workbook(EXAMPLE).assessment


def _with_paragraphs(assessment, council: str = "Northshire County Council"):
    """The Northshire report with three paragraphs (one long) under QS3's "What we found"."""
    text = REPORT.read_text(encoding="utf-8").replace("Northshire County Council", council)
    one = "People told us about their experience of equity in experiences and outcomes in Northshire."
    line = next(x for x in text.splitlines() if x.startswith(one))
    text = text.replace(line, "\n\n".join(PARAGRAPHS))
    record = parse_cqc_report(text, "northshire-cqc.md", assessment.framework)
    return calibrate(assessment, record)


def test_cqc_paragraphs_are_kept_in_the_record(assessment):
    c = _with_paragraphs(assessment)
    qs3 = next(r for r in c.rows if r.code == "QS3")
    assert qs3.cqc_findings[0]["heading"] == "What we found"
    assert qs3.cqc_findings[0]["text"].split("\n") == PARAGRAPHS


def test_html_keeps_each_paragraph(assessment):
    from html.parser import HTMLParser

    class Quotes(HTMLParser):
        """The text of each <p> inside each <blockquote>."""

        def __init__(self):
            super().__init__()
            self.quotes: list[list[str]] = []
            self.depth = 0
            self.para: list[str] | None = None

        def handle_starttag(self, tag, attrs):
            if tag == "blockquote":
                self.quotes.append([])
                self.depth += 1
            elif tag == "p" and self.depth:
                self.para = []

        def handle_endtag(self, tag):
            if tag == "blockquote":
                self.depth -= 1
            elif tag == "p" and self.para is not None:
                self.quotes[-1].append("".join(self.para).strip())
                self.para = None

        def handle_data(self, data):
            if self.para is not None:
                self.para.append(data)

    parser = Quotes()
    parser.feed(render_html(_with_paragraphs(assessment)))
    first = parser.quotes[0]
    assert first == ["What we found: " + PARAGRAPHS[0], PARAGRAPHS[1], PARAGRAPHS[2]]


def test_markdown_keeps_each_paragraph(assessment):
    text = render_markdown(_with_paragraphs(assessment))
    block = f"> **What we found:** {PARAGRAPHS[0]}\n>\n> {PARAGRAPHS[1]}\n>\n> {PARAGRAPHS[2]}\n"
    assert block in text


def test_text_wraps_and_never_cuts(assessment):
    text = render_text(_with_paragraphs(assessment))
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 100
    # every word of the long paragraph is there, in order, and no line ends inside a word
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("Waiting lists"))
    end = next(i for i, line in enumerate(lines) if line.rstrip().endswith("lastword."))
    assert " ".join(line.strip() for line in lines[start : end + 1]) == LONG
    assert all(line.startswith("    ") for line in lines[start : end + 1]), "indented under its heading"
    # paragraphs stay apart: a blank line between them
    assert lines[start - 1] == "" and lines[end + 1] == ""
    assert "  CQC (What we found):" in lines


@pytest.mark.parametrize(
    ("workbook", "report", "same"),
    [
        ("Wiltshire Council", "Wiltshire", True),
        ("Wiltshire", "WILTSHIRE COUNCIL", True),
        ("Northshire County Council", "Northshire", True),
        ("Durham County Council", "County Durham", True),
        ("London Borough of Barnet", "Barnet Council", True),
        ("Royal Borough of Kensington & Chelsea", "Kensington and Chelsea", True),
        ("Bristol City Council", "City of Bristol", True),
        ("St. Helens Borough Council", "St Helens", True),
        ("City of London", "City of London Corporation", True),
        ("Wiltshire Council", "Swindon Borough Council", False),
        ("North Yorkshire Council", "York", False),
        ("City of London", "Westminster", False),
        ("Wiltshire Council", None, True),  # an unknown council is C100's business, not a mismatch
        ("", "Wiltshire", True),
    ],
)
def test_council_names_compare_without_their_kind(workbook, report, same):
    assert same_council(workbook, report) is same


def test_council_key():
    assert council_key("The Royal Borough of Windsor & Maidenhead") == "windsor and maidenhead"
    assert council_key("City of London") == "city of london", "a name of kind words only is kept whole"


def test_council_mismatch_is_a_warning_in_every_output(assessment, runner, tmp_path):
    c = _with_paragraphs(assessment, council="Swindon Borough Council")
    assert c.council_mismatch is not None and c.council_mismatch.code == "C110"
    assert c.council_mismatch.severity.value == "warning"
    assert "'Northshire County Council'" in c.council_mismatch.message
    assert "'Swindon Borough Council'" in c.council_mismatch.message
    assert "Warning (C110)" in render_text(c).splitlines()[1]
    assert "> **Warning (C110): the self-assessment is for" in render_markdown(c)
    assert '<p class="warning" role="note"><strong>Warning (C110): the self-assessment is for' in render_html(c)
    assert [w["code"] for w in c.to_dict()["warnings"]] == ["C110"]
    # the same council under another form of its name: no warning anywhere
    same = _with_paragraphs(assessment, council="Northshire")
    assert same.council_mismatch is None and same.to_dict()["warnings"] == []
    assert "Warning" not in render_text(same) + render_markdown(same) + render_html(same)

    # the CLI lists it on stderr with the other findings, still makes the calibration (exit 0)
    report = tmp_path / "swindon.md"
    report.write_text(REPORT.read_text(encoding="utf-8").replace("Northshire County", "Swindon Borough"), "utf-8")
    result = runner.invoke(main, ["calibrate", str(EXAMPLE), "--cqc", str(report), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "C110" in result.stderr and "Swindon Borough Council" in result.stderr
    assert json.loads(result.stdout)["warnings"][0]["code"] == "C110"
    result = runner.invoke(main, ["calibrate", str(EXAMPLE), "--cqc", str(REPORT), "--format", "json"])
    assert "C110" not in result.stderr


def test_a_forms_narrative_stands_beside_cqcs_findings():
    assessment = read_workbook(EXAMPLE).assessment
    differing = next(
        r for r in calibrate(assessment, load_cqc_record(REPORT, assessment.framework)).rows if r.difference
    )
    assessment.answers[differing.statement_id].narrative = "Waiting lists <halved> since 2023."
    result = calibrate(assessment, load_cqc_record(REPORT, assessment.framework))
    row = next(r for r in result.rows if r.statement_id == differing.statement_id)
    assert row.narrative == "Waiting lists <halved> since 2023."
    assert "Our narrative" in render_text(result) and "Waiting lists <halved> since 2023." in render_text(result)
    assert "**Our narrative:** Waiting lists" in render_markdown(result)
    assert "Waiting lists &lt;halved&gt; since 2023." in render_html(result)
    assert result.to_dict()["statements"][[r.statement_id for r in result.rows].index(row.statement_id)][
        "self_narrative"
    ] == ("Waiting lists <halved> since 2023.")
