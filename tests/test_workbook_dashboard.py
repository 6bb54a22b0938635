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


# --- the Dashboard follows the codes after a sort, and counts every row the workbook holds --------------

SORT_SCORES = [4, 1, 3, 2, 4, 1, 2, 3, 4]  # distinct neighbours, so a positional read would show
SORT_STATUS = ["Complete", "In progress", "", "Complete", "", "Ready for review", "Complete", "", "In progress"]
BIG = 2500  # evidence rows, more than the 2,000 rows the formulas once looked at


def _theme_blocks(path, fw):
    """The Assessment rows of each theme's statements (a sort stays inside a block: theme rows are merged)."""
    ws = openpyxl.load_workbook(path)[L.SHEET_ASSESSMENT]
    rows = {ws.cell(row=r, column=1).value: r for r in range(L.ASSESSMENT_HEADER_ROW + 1, ws.max_row + 1)}
    return [(rows[t.statements[0].code], rows[t.statements[-1].code]) for t in fw.themes]


def _big_assessment(fw):
    from assessment_builder.model import Assessment, EvidenceItem

    ids = [s.id for s in fw.statements]
    cats = [c.id for c in fw.evidence_categories]
    items = [
        EvidenceItem(f"E{i}", f"Item {i}", cats[i % len(cats)], [ids[i % len(ids)], ids[(i * 7) % len(ids)]])
        for i in range(1, BIG + 1)
    ]
    return Assessment(fw, "Big Council", {}, items, [])


@pytest.fixture(scope="module")
def sorted_and_big(cqc, tmp_path_factory):
    """Workbooks sorted in LibreOffice (by code, Z to A; by score) and one with 2,500 evidence rows, all
    recalculated in one more LibreOffice start: [(file read by the reader, recalculated copy)]."""
    from libreoffice import uno_edit

    tmp = tmp_path_factory.mktemp("sorted")
    blank = write_workbook(cqc, "Sort Council", tmp / "blank.xlsx")
    answers = {
        s.id: {"score": v, "status": st, "lead": f"Lead {s.code}"}
        for s, v, st in zip(cqc.statements, SORT_SCORES, SORT_STATUS)
    }
    filled = fill_workbook(blank, tmp / "filled.xlsx", answers, evidence=EVIDENCE)
    blocks = _theme_blocks(filled, cqc)
    score_col = 6  # 0-based: the six context columns, then the score
    jobs = [
        {
            "src": str(filled),
            "dst": str(tmp / name),
            "edits": [["sort", L.SHEET_ASSESSMENT, f"A{a}:L{b}", column, False] for a, b in blocks],
        }
        for name, column in (("by-code.xlsx", 0), ("by-score.xlsx", score_col))
    ]
    uno_edit(jobs, tmp / "uno")
    big = write_workbook(cqc, "Big Council", tmp / "big.xlsx", prefill=_big_assessment(cqc))
    sources = [tmp / "by-code.xlsx", tmp / "by-score.xlsx", big]
    return list(zip(sources, resave_many(sources, tmp / "lo")))


def _dashboard_rows(path, fw):
    ws = openpyxl.load_workbook(path, data_only=True)[L.SHEET_DASHBOARD]
    codes = {s.code for s in fw.statements}
    return {r[0]: r for r in ws.iter_rows(min_row=13, max_row=12 + len(codes), values_only=True) if r[0] in codes}


@pytest.mark.parametrize("which", [0, 1], ids=["sorted-by-code", "sorted-by-score"])
def test_dashboard_equals_score_after_a_sort_in_libreoffice(sorted_and_big, cqc, which):
    from assessment_builder.workbook.read import score_workbook

    src, recalculated = sorted_and_big[which]
    scored, result = score_workbook(src)
    assert scored is not None and result.ok, [str(f) for f in result.errors]
    moved = {f.item for f in result.findings if f.code == "W305"}
    assert len(moved) >= 4, "the sort moved rows away from their defined names"
    expected = scored.overall
    assert expected is not None
    wb = openpyxl.load_workbook(recalculated, data_only=True)
    assert _value(wb, L.NAME_OVERALL_PERCENT) == expected.percent
    assert _value(wb, L.NAME_OVERALL_RATING) == expected.rating
    assert _value(wb, L.NAME_OVERALL_TOTAL) == expected.total
    assert _value(wb, L.NAME_OVERALL_MAX) == expected.maximum
    complete = sum(a.values.get("status") == "Complete" for a in result.assessment.answers.values())
    assert _value(wb, L.NAME_COMPLETION) == round(complete / len(cqc.statements) * 100)
    rows = _dashboard_rows(recalculated, cqc)
    for s, score in zip(cqc.statements, SORT_SCORES):
        assert scored.statements[s.id] == score
        assert rows[s.code][4] == score, f"{s.code}: Dashboard {rows[s.code][4]}, score {score}"
        status = result.assessment.answers[s.id].values.get("status") or "Not started"
        assert rows[s.code][6] == status
    for t in cqc.themes:
        theme_rows = {r[0]: r for r in wb[L.SHEET_DASHBOARD].iter_rows(values_only=True) if r[0] == t.code}
        assert theme_rows[t.code][2] == scored.themes[t.id].mean


def test_dashboard_counts_every_evidence_row_of_a_big_log(sorted_and_big, cqc):
    from assessment_builder.workbook.read import read_workbook

    src, recalculated = sorted_and_big[2]
    meta = {r[0]: r[1] for r in openpyxl.load_workbook(src)[L.SHEET_META].iter_rows(values_only=True)}
    assert int(meta[L.META_FORMULA_ROWS]) >= BIG + 1000
    result = read_workbook(src)
    assert result.ok and "W307" not in {f.code for f in result.findings}
    evidence = result.assessment.evidence
    assert len(evidence) == BIG
    rows = _dashboard_rows(recalculated, cqc)
    for s in cqc.statements:
        assert rows[s.code][5] == sum(s.id in e.statements for e in evidence), s.code
    ws = openpyxl.load_workbook(recalculated, data_only=True)[L.SHEET_DASHBOARD]
    by_category = {
        r[0]: r[1] for r in ws.iter_rows(values_only=True) if r[0] in {c.title for c in cqc.evidence_categories}
    }
    assert by_category == {c.title: sum(e.category == c.id for e in evidence) for c in cqc.evidence_categories}
