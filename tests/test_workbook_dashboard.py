"""LibreOffice computes the dashboard's formulas to the same values as the Python scoring.

Generate -> fill (by defined names) -> recalculate and re-save in headless LibreOffice ->
read the cached values at the dashboard's defined names -> compare with scoring.py.
"""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from fill import cqc_scores, fill_workbook, hostile_framework
from libreoffice import requires_libreoffice, resave_many

from assessment_builder.scoring import score_assessment
from assessment_builder.workbook import layout as L
from assessment_builder.workbook import write_workbook

pytestmark = requires_libreoffice


def _value(wb, name):
    (sheet, ref), *_ = list(wb.defined_names[name].destinations)
    return wb[sheet][ref.replace("$", "")].value


EVIDENCE = [
    {
        "id": "E1",
        "title": "Survey",
        "category": "People's experience",
        "statements": "QS1, QS4",
        "date": dt.date(2025, 1, 2),
    },
    {"id": "E2", "title": "Audit", "category": "Processes", "statements": "QS1", "date": dt.date(2024, 5, 1)},
    {"id": "E3", "title": "Partner letters", "category": "Feedback from partners", "statements": "QS9,QS1"},
    {"id": "E4", "title": "Board papers", "category": "Processes", "statements": " QS8 "},
]


OWN_SCORES = {"alpha": 3, "beta": 3, "gamma": 3}
OWN_EVIDENCE = [
    {"id": "E1", "category": "<Processes?*", "statements": "S1"},
    {"id": "E2", "category": "<Processes?*", "statements": "S1, S3"},
    {"id": "E3", "category": "People's experience", "statements": "S2"},
    {"id": "E4", "category": "Processes", "statements": "S1"},  # not a category of this framework
    {"id": "E5", "category": "<Processes", "statements": "S3"},
]


def _scenarios(cqc):
    ids = [s.id for s in cqc.statements]
    out = {}
    for total in (9, 14, 22, 23, 31, 32, 36):
        out[f"total{total}"] = dict(zip(ids, cqc_scores(total)))
    out["partial"] = {ids[0]: 3, ids[4]: 2, ids[8]: 4}
    out["empty"] = {}
    return out


@pytest.fixture(scope="module")
def recalculated(cqc, tmp_path_factory):
    """Every scenario's workbook, recalculated by LibreOffice, with the scores it was filled with."""
    tmp = tmp_path_factory.mktemp("dash")
    blank = write_workbook(cqc, "Dashboard Council", tmp / "blank.xlsx")
    filled = []
    scenarios = _scenarios(cqc)
    for name, scores in scenarios.items():
        answers = {sid: {"score": v, "status": "Complete"} for sid, v in scores.items()}
        filled.append(fill_workbook(blank, tmp / f"{name}.xlsx", answers, evidence=EVIDENCE))
    # a council's own framework whose wording looks like formulas and COUNTIF patterns, in the same batch
    own = hostile_framework(tmp)
    own_blank = write_workbook(own, "Own Council", tmp / "own-blank.xlsx")
    scenarios["own"] = OWN_SCORES
    filled.append(
        fill_workbook(
            own_blank, tmp / "own.xlsx", {sid: {"score": v} for sid, v in OWN_SCORES.items()}, evidence=OWN_EVIDENCE
        )
    )
    out = resave_many(filled, tmp / "lo")
    result = {
        name: (scenarios[name], openpyxl.load_workbook(path, data_only=True)) for name, path in zip(scenarios, out)
    }
    result["own"] = (OWN_SCORES, result["own"][1], own)
    return result


@pytest.mark.parametrize(
    "scenario", ["total9", "total14", "total22", "total23", "total31", "total32", "total36", "partial"]
)
def test_overall_values_equal_python_scoring(recalculated, cqc, scenario):
    scores, wb = recalculated[scenario]
    expected = score_assessment(cqc, scores).overall
    assert expected is not None
    assert _value(wb, L.NAME_OVERALL_PERCENT) == expected.percent
    assert _value(wb, L.NAME_OVERALL_RATING) == expected.rating
    assert _value(wb, L.NAME_OVERALL_TOTAL) == expected.total
    assert _value(wb, L.NAME_OVERALL_MAX) == expected.maximum


def test_boundaries_give_cqc_bands(recalculated):
    got = {
        n: _value(recalculated[n][1], L.NAME_OVERALL_RATING)
        for n in ("total14", "total22", "total23", "total31", "total32")
    }
    assert got == {
        "total14": "Requires improvement",
        "total22": "Requires improvement",
        "total23": "Good",
        "total31": "Good",
        "total32": "Outstanding",
    }


def test_theme_values_equal_python_scoring(recalculated, cqc):
    scores, wb = recalculated["partial"]
    result = score_assessment(cqc, scores)
    ws = wb[L.SHEET_DASHBOARD]
    rows = {r[0]: r for r in ws.iter_rows(values_only=True) if r[0] in {t.code for t in cqc.themes}}
    for t in cqc.themes:
        ts = result.themes[t.id]
        mean, percent = rows[t.code][2], rows[t.code][3]
        assert (mean if mean != "" else None) == ts.mean
        assert (percent if percent != "" else None) == ts.percent


def test_provisional_and_empty(recalculated):
    _, wb = recalculated["partial"]
    assert _value(wb, L.NAME_COMPLETION) == 33
    ws = wb[L.SHEET_DASHBOARD]
    assert ws["B8"].value == "Provisional: 3 of 9 statements scored"
    _, empty = recalculated["empty"]
    assert _value(empty, L.NAME_OVERALL_PERCENT) in ("", None)
    assert _value(empty, L.NAME_OVERALL_RATING) in ("", None)
    assert _value(empty, L.NAME_COMPLETION) == 0


def test_evidence_counts_per_statement_and_category(recalculated, cqc):
    _, wb = recalculated["total31"]
    ws = wb[L.SHEET_DASHBOARD]
    counts = {r[0]: r[5] for r in ws.iter_rows(min_row=13, max_row=21, values_only=True)}
    # QS1 is named by E1, E2 and E3; never counted inside a longer code
    assert counts == {"QS1": 3, "QS2": 0, "QS3": 0, "QS4": 1, "QS5": 0, "QS6": 0, "QS7": 0, "QS8": 1, "QS9": 1}
    by_category = {
        r[0]: r[1] for r in ws.iter_rows(values_only=True) if r[0] in {c.title for c in cqc.evidence_categories}
    }
    assert by_category == {
        "People's experience": 1,
        "Feedback from staff and leaders": 0,
        "Feedback from partners": 1,
        "Processes": 2,
    }


def test_own_framework_wording_never_acts_as_a_pattern_or_formula(recalculated):
    """Category titles are counted by exact match ("?", "*" and "<" mean nothing); a band label with quotes
    comes out whole; wording starting with "=" stays text after LibreOffice re-saves it."""
    scores, wb, fw = recalculated["own"]
    expected = score_assessment(fw, scores).overall
    assert expected is not None and expected.rating == 'Good "enough"'
    assert _value(wb, L.NAME_OVERALL_PERCENT) == expected.percent == 75
    assert _value(wb, L.NAME_OVERALL_RATING) == expected.rating
    ws = wb[L.SHEET_DASHBOARD]
    by_category = {
        r[0]: r[1] for r in ws.iter_rows(values_only=True) if r[0] in {c.title for c in fw.evidence_categories}
    }
    assert by_category == {"People's experience": 1, "<Processes?*": 2}
    counts = {r[0]: r[5] for r in ws.iter_rows(values_only=True) if r[0] in {"S1", "S2", "S3"}}
    assert counts == {"S1": 3, "S2": 1, "S3": 2}
    assert "=Alpha statement" in [r[1] for r in ws.iter_rows(values_only=True)]
