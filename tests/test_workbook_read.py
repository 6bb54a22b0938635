"""Round trip: generate -> fill -> save through LibreOffice -> import: every value comes back."""

from __future__ import annotations

import datetime as dt
import hashlib

import openpyxl
import pytest
from fill import cqc_scores, fill_workbook
from hypothesis import Phase, example, given, settings
from hypothesis import strategies as st
from libreoffice import requires_libreoffice, resave_many

from assessment_builder.scoring import score_assessment
from assessment_builder.workbook import layout as L
from assessment_builder.workbook import write_workbook
from assessment_builder.workbook.read import read_workbook

ANSWERS = {
    "assessing_needs": {
        "score": 3,
        "confidence": "High",
        "strengths": "Waits fell from 9 to 4 weeks & reviews are on time.\nSecond line <kept>.",
        "development": "Carers' assessments — still slow 😟",
        "lead": "Head of Assessment",
        "status": "Complete",
    },
    "safeguarding": {"score": 2, "confidence": "Low", "status": "In progress", "strengths": "=not a formula"},
    "learning_improvement_innovation": {"score": 4, "status": "Ready for review"},
}
EVIDENCE = [
    {
        "id": "E1",
        "title": "Adult social care survey 2024",
        "category": "People's experience",
        "statements": "QS1, QS9",
        "date": dt.date(2024, 11, 30),
        "owner": "Performance team",
        "location": "https://example.org/survey.pdf",
    },
    {
        "id": "E2",
        "title": "Safeguarding audit",
        "category": "Processes",
        "statements": "QS7",
        "date": dt.date(2025, 2, 1),
    },
]
ACTIONS = [
    {
        "id": "A1",
        "statement": "QS7",
        "action": "Clear the enquiry backlog",
        "owner": "PSW",
        "due": dt.date(2025, 6, 30),
        "status": "In progress",
    },
]


def _check_round_trip(result):
    assert result.ok, [str(f) for f in result.errors]
    a = result.assessment
    assert a.council == "Round Trip Council & Partners"
    for sid, fields in ANSWERS.items():
        for key, value in fields.items():
            assert a.answers[sid].values[key] == value, (sid, key)
    assert a.answers["supporting_healthier_lives"].values == {
        k: None for k in a.answers["supporting_healthier_lives"].values
    }
    data = result.to_dict()
    assert data["evidence"] == [
        {
            "id": "E1",
            "title": "Adult social care survey 2024",
            "category": "peoples_experience",
            "statements": ["assessing_needs", "learning_improvement_innovation"],
            "date": "2024-11-30",
            "owner": "Performance team",
            "location": "https://example.org/survey.pdf",
        },
        {
            "id": "E2",
            "title": "Safeguarding audit",
            "category": "processes",
            "statements": ["safeguarding"],
            "date": "2025-02-01",
            "owner": None,
            "location": None,
        },
    ]
    assert data["actions"] == [
        {
            "id": "A1",
            "statement": "safeguarding",
            "action": "Clear the enquiry backlog",
            "owner": "PSW",
            "due": "2025-06-30",
            "status": "In progress",
        }
    ]
    assert data["framework"] == {"id": "cqc-la", "version": "2026-11-25"}


@pytest.fixture(scope="module")
def filled(cqc, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("rt")
    blank = write_workbook(cqc, "Round Trip Council & Partners", tmp / "blank.xlsx")
    return fill_workbook(blank, tmp / "filled.xlsx", ANSWERS, EVIDENCE, ACTIONS)


def test_round_trip_with_openpyxl(filled):
    _check_round_trip(read_workbook(filled))


@requires_libreoffice
def test_round_trip_through_libreoffice(filled, tmp_path):
    (resaved,) = resave_many([filled], tmp_path)
    result = read_workbook(resaved)
    _check_round_trip(result)
    # LibreOffice keeps the names and tables: nothing had to be found by headings
    assert not [f for f in result.findings if f.code == "W303"]


def test_reading_never_changes_the_file(filled):
    before = hashlib.sha256(filled.read_bytes()).hexdigest()
    mtime = filled.stat().st_mtime_ns
    read_workbook(filled)
    assert hashlib.sha256(filled.read_bytes()).hexdigest() == before
    assert filled.stat().st_mtime_ns == mtime


def test_rows_added_inside_the_tables_are_read(filled, tmp_path):
    wb = openpyxl.load_workbook(filled)
    ws = wb[L.SHEET_EVIDENCE]
    ws.insert_rows(2)
    for col, value in enumerate(["E0", "Inserted first", "Processes", "QS2"], start=1):
        ws.cell(row=2, column=col, value=value)
    for col, value in enumerate(["E99", "Typed below", "Processes", "QS3"], start=1):
        ws.cell(row=260, column=col, value=value)
    wb.save(tmp_path / "grown.xlsx")
    result = read_workbook(tmp_path / "grown.xlsx")
    assert [e.id for e in result.assessment.evidence] == ["E0", "E1", "E2", "E99"]


def test_defined_names_dropped_falls_back_to_headings(filled, tmp_path):
    wb = openpyxl.load_workbook(filled)
    for name in list(wb.defined_names):
        if name.startswith("ab_") and name.endswith("_score"):
            del wb.defined_names[name]
    del wb[L.SHEET_EVIDENCE].tables[L.TABLE_EVIDENCE]
    wb.save(tmp_path / "names.xlsx")
    result = read_workbook(tmp_path / "names.xlsx")
    assert result.ok
    assert result.assessment.answers["safeguarding"].score == 2
    assert len(result.assessment.evidence) == 2
    codes = [f.code for f in result.findings]
    assert codes.count("W303") == 2
    assert "found by their column headings" in next(f.message for f in result.findings if f.code == "W303")


def test_unrated_framework_round_trip(peer_challenge, tmp_path):
    blank = write_workbook(peer_challenge, "Peer Council", tmp_path / "pc.xlsx", statements=["PC3", "PC5"])
    filled = fill_workbook(
        blank,
        tmp_path / "pcf.xlsx",
        {"vision_strategy_leadership": {"strengths": "Clear vision", "recommendations": "Publish the offer"}},
    )
    result = read_workbook(filled)
    assert result.ok
    a = result.assessment
    assert [s.code for s in a.framework.statements] == ["PC3", "PC5"]
    assert a.answers["vision_strategy_leadership"].values["recommendations"] == "Publish the offer"
    assert "score" not in a.answers["vision_strategy_leadership"].values


# A score cell as people fill it: the dropdown text, a plain number, text starting with the number, or junk
_SCORE_CELL = st.one_of(
    st.none(),
    st.integers(min_value=1, max_value=4),
    st.integers(min_value=1, max_value=4).map(float),
    st.integers(min_value=1, max_value=4).map(lambda v: f"{v} good"),
    st.sampled_from(["3-good", "five", "0", "5", "2.5"]),
)
_BOUNDARIES = [cqc_scores(total) for total in (14, 22, 23, 31, 32)]  # every band edge for nine statements


def _expected(cell):
    """What both the dashboard and the reader must make of a score cell."""
    if isinstance(cell, (int, float)):
        return int(cell)
    if isinstance(cell, str) and cell.endswith(" good"):
        return int(cell.split()[0])
    return None


@requires_libreoffice
@settings(max_examples=1, deadline=None, phases=[Phase.explicit, Phase.generate])
@example(_BOUNDARIES)
@given(st.lists(st.lists(_SCORE_CELL, min_size=9, max_size=9), min_size=5, max_size=5))
def test_python_scoring_equals_libreoffice_dashboard(cqc, tmp_path_factory, fills):
    """Five workbooks per LibreOffice start: the reader's scores and Python's rating equal the dashboard's."""
    tmp = tmp_path_factory.mktemp("prop")
    ids = [s.id for s in cqc.statements]
    blank = write_workbook(cqc, "Property Council", tmp / "blank.xlsx")
    filled = [
        fill_workbook(blank, tmp / f"w{i}.xlsx", {sid: {"score": v} for sid, v in zip(ids, cells) if v is not None})
        for i, cells in enumerate(fills)
    ]
    for cells, resaved in zip(fills, resave_many(filled, tmp / "lo")):
        read = read_workbook(resaved)
        assert read.assessment.scores() == {sid: _expected(c) for sid, c in zip(ids, cells)}, cells
        result = score_assessment(cqc, read.assessment.scores())
        wb = openpyxl.load_workbook(resaved, data_only=True)

        def named(name, wb=wb):
            (sheet, ref), *_ = list(wb.defined_names[name].destinations)
            value = wb[sheet][ref.replace("$", "")].value
            return None if value == "" else value

        o = result.overall
        dashboard = [named(n) for n in (L.NAME_OVERALL_TOTAL, L.NAME_OVERALL_MAX, L.NAME_OVERALL_PERCENT)]
        assert dashboard == [o.total, o.maximum, o.percent], cells
        assert named(L.NAME_OVERALL_RATING) == o.rating, cells


def test_councils_own_framework_travels_inside_the_workbook(tmp_path):
    import shutil

    from conftest import FIXTURES

    from assessment_builder import load_framework

    own = tmp_path / "own.yaml"
    shutil.copy(FIXTURES / "mini-rated.yaml", own)
    fw = load_framework(own)
    blank = write_workbook(fw, "Own Council", tmp_path / "own.xlsx")
    own.unlink()  # the YAML file is gone: the workbook must still be readable
    filled = fill_workbook(
        blank, tmp_path / "ownf.xlsx", {"alpha": {"score": 4}}, evidence=[{"id": "E1", "statements": "S1"}]
    )
    result = read_workbook(filled)
    assert result.ok, [str(f) for f in result.findings]
    assert result.assessment.framework.id == "mini-rated"
    assert result.assessment.answers["alpha"].score == 4
