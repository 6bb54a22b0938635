"""The summary: headline, ranked gaps, coverage, actions, changes, and its four renderings."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path

import pytest

from assessment_builder.model import ActionItem, Assessment, EvidenceItem, Framework, StatementAnswer
from assessment_builder.render.html import render_summary_html
from assessment_builder.render.markdown import render_summary_markdown
from assessment_builder.render.text import render_summary_text
from assessment_builder.scoring import round_percent
from assessment_builder.summary import (
    GAP_REASONS,
    GAP_WEIGHTS,
    build_summary,
    points_above_band,
    points_to_band,
    two_years_before,
)

GOLDEN = Path(__file__).resolve().parent / "golden"
ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_WORKBOOK = ROOT / "examples" / "northshire-completed.xlsx"
AS_OF = dt.date(2025, 3, 31)


def example_assessment(fw: Framework, council: str = "Northshire County Council") -> Assessment:
    """A small, realistic self-assessment on the mini-rated framework: one of every kind of gap."""
    answers = {
        "alpha": StatementAnswer(
            "alpha",
            {
                "score": 3,
                "confidence": "Low",
                "strengths": "Assessments are timely.",
                "development": "Waiting list for OT.",
                "lead": "Head of Assessment",
                "status": "Complete",
            },
        ),
        "beta": StatementAnswer(
            "beta",
            {"score": 2, "confidence": "High", "lead": "Principal Social Worker", "status": "Ready for review"},
        ),
        "gamma": StatementAnswer("gamma", {"lead": "Director", "status": "Not started"}),
    }
    evidence = [
        EvidenceItem("E01", "Carers' survey 2024", "peoples_experience", ["alpha"], dt.date(2024, 11, 1), "Insight"),
        EvidenceItem("E02", "Case file audit", "processes", ["alpha", "beta"], dt.date(2022, 6, 1), "PSW"),
        EvidenceItem("E03", "Assessment policy", "processes", ["beta"], dt.date(2023, 4, 1), "Policy team"),
    ]
    actions = [
        ActionItem("A01", "alpha", "Cut OT waiting list", "Head of Assessment", dt.date(2025, 1, 31), "In progress"),
        ActionItem("A02", "gamma", "Write the gamma strategy", "Director", dt.date(2025, 6, 30), "Not started"),
        ActionItem("A03", "alpha", "Publish survey results", "Insight", dt.date(2024, 12, 1), "Complete"),
    ]
    return Assessment(fw, council, answers, evidence, actions, source="northshire-completed.xlsx")


def previous_assessment(fw: Framework) -> Assessment:
    answers = {
        "alpha": StatementAnswer("alpha", {"score": 2, "confidence": "Medium", "status": "In progress"}),
        "beta": StatementAnswer("beta", {"score": 2, "confidence": "High", "status": "Ready for review"}),
    }
    evidence = [EvidenceItem("E03", "Assessment policy", "processes", ["beta"], dt.date(2023, 4, 1))]
    return Assessment(fw, "Northshire County Council", answers, evidence, [], source="northshire-2024.xlsx")


@pytest.fixture
def example(mini_rated):
    return build_summary(example_assessment(mini_rated), previous=previous_assessment(mini_rated), as_of=AS_OF)


def test_headline_rating_percent_and_position(mini_rated):
    a = example_assessment(mini_rated)
    a.answers["gamma"].values["score"] = 4
    h = build_summary(a, as_of=AS_OF).headline
    assert h is not None
    # 3 + 2 + 4 = 9 of 12 = 75%: the middle of Good (63-87) counts as the lower end
    assert (h.percent, h.rating, h.provisional, h.end, h.to_next) == (75, "Good", False, "lower", 13)
    a.answers["beta"].values["score"] = 3
    h = build_summary(a, as_of=AS_OF).headline
    assert h is not None
    # 10 of 12 = 83%
    assert (h.percent, h.end, h.to_next) == (83, "upper", 5)
    assert h.position == "Good, upper end: 5 percentage points from Outstanding"
    # 10 of 12: 11 of 12 is 92% (Outstanding); 9 of 12 is 75% (still Good), 7 of 12 is 58%
    assert (h.points_to_next_band, h.points_over_band_below) == (1, 3)
    assert h.points == "10 of 12 points (83%), Good: 3 points above Requires improvement, 1 point short of Outstanding"


def test_headline_is_provisional_until_every_statement_is_scored(example):
    h = example.headline
    assert h is not None
    assert (h.percent, h.rating, h.provisional, h.scored, h.statements) == (63, "Good", True, 2, 3)
    assert h.position == "Good, lower end: 25 percentage points from Outstanding"
    assert "provisional: 2 of 3 statements scored" in render_summary_text(example)
    # 5 of 8 is 62.5%, rounded half up to 63%: Good. Gamma unscored: 6 of 12 (50%) to 9 of 12 (75%)
    assert h.range is not None and h.range.unscored == 1
    assert (h.range.low.total, h.range.low.maximum, h.range.low.percent, h.range.low.rating) == (
        6,
        12,
        50,
        "Requires improvement",
    )
    assert (h.range.high.total, h.range.high.percent, h.range.high.rating) == (9, 75, "Good")


CQC_BANDS = ((25, "Inadequate"), (39, "Requires improvement"), (63, "Good"), (88, "Outstanding"))


def _band(percent: int) -> str:
    return [label for lower, label in CQC_BANDS if percent >= lower][-1]


@pytest.mark.parametrize(
    ("total", "maximum", "rating", "over_below", "to_next"),
    [
        (14, 36, "Requires improvement", 1, 9),  # 39%: 13 is 36% (Inadequate), 23 is 64% (Good)
        (13, 36, "Inadequate", None, 1),  # 36%
        (9, 36, "Inadequate", None, 5),  # 25%, the floor: every statement at 1
        (22, 36, "Requires improvement", 9, 1),  # 61%
        (23, 36, "Good", 1, 9),  # 64%; 31 is 86%, 32 is 89%
        (31, 36, "Good", 9, 1),
        (32, 36, "Outstanding", 1, None),
        (36, 36, "Outstanding", 5, None),  # 100%; 31 is 86%
        (8, 20, "Requires improvement", 1, 5),  # 5 statements: 40%; 7 is 35%, 13 is 65%
        (12, 20, "Requires improvement", 5, 1),  # 60%
        (17, 20, "Good", 5, 1),  # 85%; 18 is 90%
        (5, 8, "Good", 1, 2),  # 62.5% rounds half up to 63%: Good; 7 of 8 is 87.5% -> 88%
        (7, 8, "Outstanding", 1, None),
    ],
)
def test_points_to_the_bands_either_side(cqc, total, maximum, rating, over_below, to_next):
    from assessment_builder.scoring import OverallScore
    from assessment_builder.summary.headline import build_headline

    n = maximum // 4
    h = build_headline(cqc, OverallScore(total, maximum, round_percent(total, maximum), rating, True, n, n))
    assert h is not None
    assert (h.rating, h.points_over_band_below, h.points_to_next_band) == (rating, over_below, to_next)


@pytest.mark.parametrize("statements", [2, 5, 9, 12])
def test_points_are_the_smallest_that_change_the_band(statements):
    """Brute force over every total: the points given are exactly where the rounded percent changes band."""
    maximum = 4 * statements
    for total in range(statements, maximum + 1):
        band = _band(round_percent(total, maximum))
        lower = next(lo for lo, label in CQC_BANDS if label == band)
        up = next((lo for lo, _label in CQC_BANDS if lo > lower), None)
        to_next = points_to_band(total, maximum, up) if up else None
        if to_next is not None:
            assert _band(round_percent(total + to_next, maximum)) != band
            assert _band(round_percent(total + to_next - 1, maximum)) == band
        over = points_above_band(total, maximum, lower, statements) if lower > 25 else None
        if over is not None:
            assert _band(round_percent(total - over, maximum)) != band
            assert _band(round_percent(total - over + 1, maximum)) == band
            assert total - over >= statements


def test_the_issue_example_in_words(cqc):
    """14 of 36 (39%): in score points both ways, and the percentage-point distance labelled as such."""
    answers = {s.id: StatementAnswer(s.id, {"score": v}) for s, v in zip(cqc.statements, [2, 2, 2, 2, 1, 1, 1, 1, 2])}
    s = build_summary(Assessment(cqc, "Northshire", answers), as_of=AS_OF)
    assert s.headline is not None and s.headline.total == 14
    want = "14 of 36 points (39%), Requires improvement: 1 point above Inadequate, 9 points short of Good"
    assert s.headline.points == want
    assert s.headline.position == "Requires improvement, lower end: 24 percentage points from Good"
    for out in (render_summary_text(s), render_summary_markdown(s), render_summary_html(s)):
        assert want in " ".join(out.split())


def test_a_provisional_result_gives_its_range_in_every_output(cqc):
    """6 of 9 scored, 15 of 24 (62.5% -> 63%, Good): the final result is 50% to 75%."""
    answers = {s.id: StatementAnswer(s.id, {"score": v}) for s, v in zip(cqc.statements, [3, 3, 3, 2, 2, 2])}
    s = build_summary(Assessment(cqc, "Northshire", answers), as_of=AS_OF)
    h = s.headline
    assert h is not None and (h.percent, h.rating, h.provisional) == (63, "Good", True)
    assert h.range is not None
    assert (h.range.low.total, h.range.low.percent, h.range.low.rating) == (18, 50, "Requires improvement")
    assert (h.range.high.total, h.range.high.percent, h.range.high.rating) == (27, 75, "Good")
    words = (
        "once the 3 unscored statements are scored, the result will be between 18 of 36 points "
        "(50%, Requires improvement) and 27 of 36 points (75%, Good)"
    )
    for out in (render_summary_text(s), render_summary_markdown(s), render_summary_html(s)):
        assert words in " ".join(out.split())
    assert json.loads(json.dumps(s.to_dict()))["headline"]["range_text"].endswith(words)


def test_one_scored_statement_is_counted_in_words_in_every_output(cqc):
    """The points line names its scope: "over the 1 statement scored", never "1 statements"."""
    first = cqc.statements[0].id
    s = build_summary(Assessment(cqc, "Northshire", {first: StatementAnswer(first, {"score": 4})}), as_of=AS_OF)
    for out in (render_summary_text(s), render_summary_markdown(s), render_summary_html(s)):
        flat = " ".join(out.split())
        assert "(over the 1 statement scored)" in flat
        assert "1 statements" not in flat


def test_a_partly_scored_theme_says_how_many_statements_its_mean_is_over(cqc, tmp_path):
    """One of T1's three statements scored 4: its mean is not a theme at 100%, in every output and in `score`."""
    from assessment_builder.cli.read_cmd import score_lines
    from assessment_builder.scoring import score_assessment

    first = cqc.statements[0].id
    a = Assessment(cqc, "Northshire", {first: StatementAnswer(first, {"score": 4})})
    s = build_summary(a, as_of=AS_OF)
    t1, t2 = s.themes[0], s.themes[1]
    assert (t1.scored, t1.mean_text) == (1, "mean 4.00 (100%) over 1 of 3 statements scored")
    assert (t2.scored, t2.mean_text) == (0, "not scored yet")
    data = json.loads(json.dumps(s.to_dict()))["themes"]
    assert [(t["score"], t["percent"], t["scored"], len(t["statements"])) for t in data[:2]] == [
        (4.0, 100, 1, 3),
        (None, None, 0, 2),
    ]
    outputs = all_outputs(s, tmp_path)
    del outputs["json"]
    for fmt, out in outputs.items():
        flat = " ".join(out.replace("*", "").split())
        assert "Working with people: mean 4.00 (100%) over 1 of 3 statements scored" in flat, fmt
        assert "Providing support: not scored yet" in flat, fmt
    lines = score_lines(a, score_assessment(cqc, a.scores()))
    assert "T1 Working with people: mean 4.00 (100%) over 1 of 3 statements scored" in lines
    full = Assessment(cqc, "Full", {x.id: StatementAnswer(x.id, {"score": 3}) for x in cqc.statements})
    assert build_summary(full, as_of=AS_OF).themes[0].mean_text == "mean 3.00 (75%)"


def test_outstanding_has_no_next_band(mini_rated):
    a = example_assessment(mini_rated)
    for sid in ("alpha", "beta", "gamma"):
        a.answers[sid].values["score"] = 4
    h = build_summary(a, as_of=AS_OF).headline
    assert h is not None and h.position == "Outstanding, upper end"
    assert (h.points_to_next_band, h.points_over_band_below, h.range) == (None, 2, None)
    assert h.points == "12 of 12 points (100%), Outstanding: 2 points above Good"


def test_gaps_are_ranked_by_weight_with_kind_statement_and_message(example):
    kinds = [(g.kind, g.statement) for g in example.gaps]
    assert kinds == [
        ("unscored", "gamma"),
        ("shortfall_without_action", "beta"),
        ("no_evidence", "gamma"),
        ("overdue_action", "alpha"),
        ("low_confidence_high_score", "alpha"),
        ("stale_evidence", "alpha"),
        ("stale_evidence", "beta"),
    ]
    weights = [g.weight for g in example.gaps]
    assert weights == sorted(weights, reverse=True)
    assert all(g.weight == GAP_WEIGHTS[g.kind] and g.reason == GAP_REASONS[g.kind] for g in example.gaps)
    overdue = next(g for g in example.gaps if g.kind == "overdue_action")
    assert "A01" in overdue.message and "2025-01-31" in overdue.message


def test_gaps_of_one_weight_and_statement_come_in_natural_order(mini_rated):
    """Twelve overdue actions of one statement read A2 before A10, as a person counts, not A10 before A2."""
    a = example_assessment(mini_rated)
    a.actions = [
        ActionItem(f"A{n}", "alpha", "Cut OT waiting list", "Head of Assessment", dt.date(2025, 1, 31), "In progress")
        for n in (10, 2, 1, 12, 9, 11, 3)
    ]
    overdue = [g.message.split()[1] for g in build_summary(a, as_of=AS_OF).gaps if g.kind == "overdue_action"]
    assert overdue == ["A1", "A2", "A3", "A9", "A10", "A11", "A12"]


def test_gaps_name_the_risks_a_reviewer_looks_for(mini_rated):
    a = example_assessment(mini_rated)
    a.answers["alpha"].values.update(score=4, confidence="High", lead=None)  # a 4 on ...
    a.answers["gamma"].values.update(score=3)  # scored, but its status is still Not started
    a.evidence = [
        EvidenceItem("E01", "Carers' survey", "peoples_experience", ["alpha"], dt.date(2024, 11, 1)),  # ... one item
        EvidenceItem("E02", "Audit", "processes", ["beta", "gamma"], None),  # undated
    ]
    a.actions = [
        ActionItem("A01", "beta", "Fix the waiting list", None, None, "In progress"),  # no owner, no due date
        ActionItem("A02", "gamma", "Old work", None, None, "Complete"),  # closed: not a gap
    ]
    s = build_summary(a, as_of=AS_OF)
    got = {(g.kind, g.statement): g.message for g in s.gaps}
    assert got[("thin_evidence_high_score", "alpha")] == "S1 Alpha statement is scored 4 on one evidence item (E01)."
    assert got[("thin_evidence_high_score", "gamma")].endswith("is scored 3 on one evidence item (E02).")
    assert ("scored_not_started", "gamma") in got
    assert got[("no_lead", "alpha")] == "S1 Alpha statement has no lead officer."
    assert got[("action_without_owner_or_due", "beta")] == "Action A01 'Fix the waiting list' has no owner or due date."
    assert ("undated_evidence", "beta") in got and "E02" in got[("undated_evidence", "beta")]
    assert not [g for g in s.gaps if "A02" in g.message]
    # beta is scored 2 and now has an action: no shortfall gap
    assert ("shortfall_without_action", "beta") not in got
    assert [g.weight for g in s.gaps] == sorted((g.weight for g in s.gaps), reverse=True)


def test_a_high_score_on_uncategorised_evidence_is_not_called_one_category(mini_rated):
    """Two items with no category, or with one the framework does not have (W402 'Partners'), are not
    "evidence of one category only": the gap says the evidence has no recognised category."""
    a = example_assessment(mini_rated)
    a.answers["alpha"].values.update(score=4)
    a.evidence = [
        EvidenceItem("E01", "Notes", None, ["alpha"], dt.date(2024, 11, 1)),
        EvidenceItem("E02", "Minutes", "Partners", ["alpha"], dt.date(2024, 11, 1)),
        EvidenceItem("E03", "Survey", "peoples_experience", ["beta"], dt.date(2024, 11, 1)),
        EvidenceItem("E04", "Other minutes", "Staff", ["beta"], dt.date(2024, 11, 1)),
    ]
    a.answers["beta"].values.update(score=3)
    got = {(g.kind, g.statement): g.message for g in build_summary(a, as_of=AS_OF).gaps}
    assert got[("thin_evidence_high_score", "alpha")] == (
        "S1 Alpha statement is scored 4 on evidence with no recognised category (E01, E02)."
    )
    # beta's two items: one of a framework category, one of a category it does not have: one category only
    assert got[("thin_evidence_high_score", "beta")] == (
        "S2 Beta statement is scored 3 on evidence of one category only (E03, E04)."
    )


def test_evidence_dated_after_the_as_of_date_is_a_gap(mini_rated):
    """2052 typed for 2025: the evidence looks current for 27 years and stale never; the summary says so."""
    a = example_assessment(mini_rated)
    a.evidence.append(EvidenceItem("E04", "Survey", "processes", ["beta"], dt.date(2052, 3, 31), "Insight"))
    s = build_summary(a, as_of=AS_OF)
    got = {(g.kind, g.statement): g for g in s.gaps}
    gap = got[("future_dated_evidence", "beta")]
    assert "E04 31 March 2052" in gap.message and f"{AS_OF:%d %B %Y}" in gap.message
    assert gap.weight == GAP_WEIGHTS["future_dated_evidence"] and "mistyped" in gap.reason
    # the summary is as of 31 March 2025, whatever day it is run: the reason speaks of that date, not of today
    assert "as-of date" in gap.reason and "today" not in gap.reason
    assert not any(k == "future_dated_evidence" for k, _ in got if _ != "beta")
    on_the_day = EvidenceItem("E05", "Audit", "processes", ["alpha"], AS_OF)
    a.evidence = [on_the_day]
    assert not [g for g in build_summary(a, as_of=AS_OF).gaps if g.kind == "future_dated_evidence"]


def test_missing_categories_are_one_line_per_statement(cqc):
    a = Assessment(
        cqc,
        "Northshire",
        {},
        [EvidenceItem("E1", "Audit", "processes", [s.id for s in cqc.statements], dt.date(2025, 1, 1))],
    )
    s = build_summary(a, as_of=AS_OF)
    missing = [g for g in s.gaps if g.kind.startswith("missing")]
    assert len(missing) == len({g.statement for g in missing}) == len(cqc.statements)
    assert all(g.kind == "missing_peoples_experience" for g in missing)
    assert "people's experience; feedback from staff and leaders; feedback from partners." in missing[0].message


def test_unrated_frameworks_get_no_score_based_gaps(mini_unrated):
    a = Assessment(
        mini_unrated,
        "Westshire Council",
        {"first_area": StatementAnswer("first_area", {"strengths": "Yes.", "status": "Not started", "lead": "Jo"})},
        [EvidenceItem("E1", None, "processes", ["first_area"], dt.date(2025, 1, 1))],
    )
    kinds = {g.kind for g in build_summary(a, as_of=AS_OF).gaps}
    score_based = {"unscored", "shortfall_without_action", "thin_evidence_high_score", "scored_not_started"}
    assert not kinds & (score_based | {"low_confidence_high_score"})
    assert "no_content" in kinds


def test_missing_peoples_experience_outranks_other_categories(mini_rated):
    a = example_assessment(mini_rated)
    a.evidence = [EvidenceItem("E09", "Audit", "processes", ["alpha"], dt.date(2025, 1, 1))]
    s = build_summary(a, as_of=AS_OF)
    alpha = [g for g in s.gaps if g.statement == "alpha" and g.kind.startswith("missing")]
    assert [g.kind for g in alpha] == ["missing_peoples_experience"]  # one line for the statement
    assert "no evidence of people's experience" in alpha[0].message
    # beta does not expect people's experience, so its lack is not a gap
    assert not [g for g in s.gaps if g.statement == "beta" and g.kind.startswith("missing")]


def test_evidence_is_stale_only_when_older_than_two_years_before_as_of(mini_rated):
    a = example_assessment(mini_rated)
    a.evidence = [
        EvidenceItem("E1", None, "processes", ["beta"], dt.date(2023, 3, 31)),  # exactly two years: not stale
        EvidenceItem("E2", None, "processes", ["beta"], dt.date(2023, 3, 30)),  # one day more: stale
    ]
    stale = [g for g in build_summary(a, as_of=AS_OF).gaps if g.kind == "stale_evidence"]
    assert len(stale) == 1 and "E2" in stale[0].message and "E1" not in stale[0].message
    a.evidence = [a.evidence[-1]]  # its only item, stale: "1 of 1 item", never "1 of 1 items"
    [gap] = [g for g in build_summary(a, as_of=AS_OF).gaps if g.kind == "stale_evidence" and g.statement == "beta"]
    assert gap.message.endswith("older than two years: E2 (1 of 1 item).")
    assert two_years_before(dt.date(2024, 2, 29)) == dt.date(2022, 2, 28)


def test_overdue_actions_are_judged_against_as_of(mini_rated):
    a = example_assessment(mini_rated)
    early = build_summary(a, as_of=dt.date(2025, 1, 1))
    late = build_summary(a, as_of=dt.date(2025, 7, 1))
    assert [x.id for x in early.overdue_actions] == []
    assert [x.id for x in late.overdue_actions] == ["A01", "A02"]  # A03 is Complete, never overdue


def test_actions_by_status_and_owner(example):
    # A01 is In progress but was due 2025-01-31: it counts once, as Overdue, as the headline does
    assert example.actions_by_status == {
        "Not started": 1,
        "In progress": 0,
        "Complete": 1,
        "Overdue": 1,
        "Carried forward": 0,
    }
    assert example.overdue == 1 == len(example.overdue_actions)
    assert sum(example.actions_by_status.values()) == len(example.actions)
    owners = {o.owner: (o.total, o.open, o.overdue) for o in example.actions_by_owner}
    assert owners == {"Director": (1, 1, 0), "Head of Assessment": (1, 1, 1), "Insight": (1, 0, 0)}


def test_coverage_matrix_counts_evidence_by_category(example):
    rows = {r.id: r.coverage for r in example.statement_rows}
    assert rows == {
        "alpha": {"peoples_experience": 1, "processes": 1},
        "beta": {"peoples_experience": 0, "processes": 2},
        "gamma": {"peoples_experience": 0, "processes": 0},
    }


def test_evidence_with_no_category_is_a_gap_in_every_output(cqc, tmp_path):
    """A log row with its Category left blank counts under All but under no category: the columns of Evidence
    coverage (1 + 1) do not add up to All (3) unless the summary says why."""
    from fill import fill_workbook

    from assessment_builder.summary import summarize_workbook
    from assessment_builder.workbook import write_workbook

    blank = write_workbook(cqc, "Northshire", tmp_path / "blank.xlsx")
    day = dt.date(2024, 6, 1)
    evidence = [
        {"id": "E01", "title": "Survey", "category": None, "statements": "QS1", "date": day},
        {"id": "E02", "title": "Audit", "category": "Processes", "statements": "QS1", "date": day},
        {"id": "E03", "title": "Panel", "category": "People's experience", "statements": "QS1", "date": day},
    ]
    book = fill_workbook(blank, tmp_path / "filled.xlsx", answers={"assessing_needs": {"score": 3}}, evidence=evidence)
    s, _findings = summarize_workbook(book, as_of=AS_OF)
    row = s.themes[0].statements[0]
    assert row.evidence == 3 and sum(row.coverage.values()) == 2
    [gap] = [g for g in s.gaps if g.kind == "uncategorised_evidence"]
    want = "QS1 Assessing needs has evidence with no category: E01; Evidence coverage counts it under All only."
    assert (gap.statement, gap.message, gap.weight) == ("assessing_needs", want, GAP_WEIGHTS["uncategorised_evidence"])
    for fmt, out in all_outputs(s, tmp_path).items():
        assert want in _flat(out), fmt
    categorised = [dict(e, category=e["category"] or "Processes") for e in evidence]
    book = fill_workbook(blank, tmp_path / "ok.xlsx", answers={"assessing_needs": {"score": 3}}, evidence=categorised)
    assert not [g for g in summarize_workbook(book, as_of=AS_OF)[0].gaps if g.kind == "uncategorised_evidence"]


def test_every_gap_says_why_it_matters_in_every_output(cqc, tmp_path):
    """Past the top ten, Markdown, HTML and Word list every gap with why it matters in a column; the text
    summary gave no reason and pointed at a documentation file a council's machine does not have."""
    first = cqc.statements[0].id
    s = build_summary(Assessment(cqc, "Northshire", {first: StatementAnswer(first, {"score": 4})}), as_of=AS_OF)
    assert len(s.gaps) > 10 and len({g.kind for g in s.gaps}) >= 3
    for fmt, out in all_outputs(s, tmp_path).items():
        flat = _flat(out)
        assert "docs/summary-and-compare.md" not in flat, fmt
        for gap in s.gaps:
            assert gap.message in flat and gap.reason in flat, (fmt, gap.kind)
    assert "Why it matters: " + s.gaps[0].reason in _flat(render_summary_text(s))


def test_changes_since_previous(example):
    changes = {(c.statement, c.field): (c.before, c.after, c.direction) for c in example.changes or ()}
    assert changes[(None, "percent")] == (50, 63, "up")
    assert changes[(None, "rating")] == ("Requires improvement", "Good", "changed")
    assert changes[("alpha", "score")] == (2, 3, "up")
    assert changes[("alpha", "confidence")] == ("Medium", "Low", "down")
    assert changes[("beta", "evidence")] == (1, 2, "up")
    assert ("beta", "score") not in changes  # unchanged scores are not listed
    assert example.previous == "northshire-2024.xlsx"


def test_a_provisional_side_of_what_moved_says_it_is_provisional(cqc, tmp_path):
    """Last year one statement scored 4 ("Outstanding, 100%"), this year all nine: the change is no fall from
    a whole Outstanding, and every output says which side rested on only some statements."""
    first = cqc.statements[0].id
    previous = Assessment(cqc, "Northshire", {first: StatementAnswer(first, {"score": 4})}, source="last.xlsx")
    scores = [3, 2, 1, 4, 3, 2, 3, 2, 1]
    current = Assessment(
        cqc, "Northshire", {x.id: StatementAnswer(x.id, {"score": v}) for x, v in zip(cqc.statements, scores)}
    )
    s = build_summary(current, previous=previous, as_of=AS_OF)
    overall = {c.field: c for c in s.changes or () if c.statement is None}
    assert (overall["percent"].before, overall["percent"].after) == (100, 58)
    assert overall["percent"].message == "Overall 100% (provisional: 1 of 9 statements scored) -> 58%"
    assert overall["rating"].message == (
        "Predicted rating Outstanding (provisional: 1 of 9 statements scored) -> Requires improvement"
    )
    back = build_summary(previous, previous=current, as_of=AS_OF)
    assert {c.field: c.message for c in back.changes or () if c.statement is None}["percent"] == (
        "Overall 58% -> 100% (provisional: 1 of 9 statements scored)"
    )
    for fmt, out in all_outputs(s, tmp_path).items():
        flat = " ".join(out.replace("\\", "").split())
        assert "Outstanding (provisional: 1 of 9 statements scored) -> Requires improvement" in flat, fmt


def test_what_moved_in_a_peer_challenge_includes_what_was_written(mini_unrated, tmp_path):
    """A peer challenge's judgement is its writing: strengths written, considerations rewritten and
    recommendations removed since last time are listed (only status and evidence were)."""
    before = {"first_area": StatementAnswer("first_area", {"considerations": "Pace", "recommendations": "Publish"})}
    after = {
        "first_area": StatementAnswer("first_area", {"strengths": "Clear vision", "considerations": "Pace of change"}),
        "second_area": StatementAnswer("second_area", {"strengths": "  "}),  # blank: nothing written
    }
    previous = Assessment(mini_unrated, "Peer Council", before, source="last.xlsx")
    s = build_summary(Assessment(mini_unrated, "Peer Council", after), previous=previous, as_of=AS_OF)
    got = [(c.code, c.field, c.before, c.after, c.direction, c.message) for c in s.changes or ()]
    assert got == [
        ("A1", "strengths", None, "Clear vision", "added", "A1 First area: strengths written"),
        (
            "A1",
            "considerations",
            "Pace",
            "Pace of change",
            "changed",
            "A1 First area: areas for consideration rewritten",
        ),
        ("A1", "recommendations", "Publish", None, "removed", "A1 First area: recommendations removed"),
    ]
    for fmt, out in all_outputs(s, tmp_path).items():
        assert "A1 First area: areas for consideration rewritten" in " ".join(out.split()), fmt


def test_unrated_summary_has_no_rating_and_shows_areas(mini_unrated):
    a = Assessment(
        mini_unrated,
        "Westshire Council",
        {
            "first_area": StatementAnswer(
                "first_area", {"strengths": "Strong co-production.", "considerations": "Data quality."}
            )
        },
    )
    s = build_summary(a, as_of=AS_OF)
    assert s.headline is None and not s.rated
    assert [(g.kind, g.statement) for g in s.gaps][:2] == [("no_content", "second_area"), ("no_evidence", "first_area")]
    assert ("no_recommendations", "first_area") in [(g.kind, g.statement) for g in s.gaps]
    text = render_summary_text(s)
    assert "No rating" in text and "Areas for consideration: Data quality." in text
    assert "Predicted rating" not in text
    assert "Areas for consideration" in render_summary_markdown(s)
    assert "<svg" not in render_summary_html(s)


def test_json_is_the_library_result_and_serialisable(example):
    data = json.loads(json.dumps(example.to_dict()))
    assert data["headline"]["position"] == "Good, lower end: 25 percentage points from Outstanding"
    assert data["headline"]["percentage_points_to_next"] == 25
    assert data["headline"]["points_to_next_band"] == 2  # 7 of 8 is 87.5%, rounded half up to 88%: Outstanding
    assert data["headline"]["points_over_band_below"] == 1  # 4 of 8 is 50%
    assert data["headline"]["range"] == {
        "unscored": 1,
        "low": {"total": 6, "max": 12, "percent": 50, "rating": "Requires improvement"},
        "high": {"total": 9, "max": 12, "percent": 75, "rating": "Good"},
    }
    assert data["gaps"][0] == {
        "kind": "unscored",
        "weight": 100,
        "statement": "gamma",
        "code": "S3",
        "message": "S3 Gamma statement has no self-assessed score yet.",
        "reason": GAP_REASONS["unscored"],
    }
    assert data["data_problems"] == [] and data["headline"]["data_problems"] == 0
    assert data["completion"] == {"statements": 3, "complete": 1, "percent": 33, "scored": 2}
    assert data["as_of"] == "2025-03-31"


def test_text_fits_100_columns_and_colour_only_when_asked(example):
    plain = render_summary_text(example, color=False)
    assert "\x1b[" not in plain
    assert max(len(line) for line in plain.splitlines()) <= 100
    assert "\x1b[" in render_summary_text(example, color=True)
    # headline first, then gaps, then tables
    assert plain.index("Predicted rating") < plain.index("Top gaps") < plain.index("Statements")


def test_coverage_columns_of_cqc_are_headed_as_headings(cqc):
    """The text summary shortens "Feedback from partners" to fit; what is left starts with a capital."""
    text = render_summary_text(build_summary(Assessment(cqc, "Northshire", {}), as_of=AS_OF), color=False)
    header = text[text.index("Evidence coverage") : text.index("QS1", text.index("Evidence coverage"))]
    assert "Staff and" in header and "Partners" in header and "People's" in header
    assert "staff and" not in header and "partners" not in header


def test_user_text_is_never_markup_or_html(mini_rated):
    a = example_assessment(mini_rated, council="[bold]Evil | <script>alert(1)</script> & Co")
    s = build_summary(a, as_of=AS_OF)
    assert "[bold]Evil" in render_summary_text(s)
    html = render_summary_html(s)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    md = render_summary_markdown(s)
    assert "\\[bold\\]Evil \\| \\<script\\>" in md


def test_html_is_self_contained_with_an_svg_chart(example):
    html = render_summary_html(example)
    assert "<svg" in html and 'id="score-chart"' in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "@import" not in html and "url(" not in html
    # one bar per statement; the unscored one says so
    assert html.count('<g class="bar">') == 3 and "not scored" in html


def test_html_shows_indicators_with_a_value_by_statement_in_words(mini_rated):
    """An indicator with a value appears in an accessible table, its variation in words; one without does not."""
    from assessment_builder.indicators import variation
    from assessment_builder.model import IndicatorValue

    a = example_assessment(mini_rated)
    a.indicators = [
        IndicatorValue(
            "SAFE-1",
            "People who feel safe",
            ["alpha"],
            "2023-24",
            61.5,
            400,
            71.06,
            None,
            "higher",
            variation(61.5, 71.06, 400, "higher"),
            "ASCS Q7a",
        ),
        IndicatorValue("WAIT-1", "People waiting for an assessment", ["beta"], polarity="lower"),
    ]
    html = render_summary_html(build_summary(a, as_of=AS_OF))
    section = html[html.index("<h2>Indicators (against England)</h2>") : html.index("<h2>Evidence coverage</h2>")]
    assert "<caption>" in section and '<th scope="col">Variation</th>' in section
    assert '<th scope="row">SAFE-1 People who feel safe</th>' in section
    assert "<td>S1</td>" in section and "2023-24" in section and "61.5" in section and "71.06" in section
    assert '<td class="warn">significantly worse</td>' in section  # said in words, not colour only
    assert "WAIT-1" not in section  # no value: not listed
    # without any indicator values the section is not there at all
    assert "Indicators (against England)" not in render_summary_html(build_summary(example_assessment(mini_rated)))


# --- golden outputs ------------------------------------------------------------------


def _golden_summary(mini_rated):
    if EXAMPLE_WORKBOOK.exists():
        from assessment_builder.summary import summarize_workbook

        summary, _findings = summarize_workbook(EXAMPLE_WORKBOOK, as_of=AS_OF)
        return summary, "example"
    return build_summary(example_assessment(mini_rated), previous=previous_assessment(mini_rated), as_of=AS_OF), "mini"


@pytest.mark.parametrize(("fmt", "suffix"), [("text", "txt"), ("markdown", "md")])
def test_golden(mini_rated, fmt, suffix):
    summary, which = _golden_summary(mini_rated)
    got = render_summary_text(summary) if fmt == "text" else render_summary_markdown(summary)
    path = GOLDEN / f"summary-{which}.{suffix}"
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert path.exists(), f"{path.name} is missing; run with UPDATE_GOLDEN=1 to create it"
    assert got.splitlines() == path.read_text(encoding="utf-8").splitlines()


# --- the HTML in a real browser ---------------------------------------------------------


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


requires_chromium = pytest.mark.skipif(
    chromium() is None and not os.environ.get("CI"), reason="Chromium is not installed"
)


def run_chromium(html: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    exe = chromium()
    if exe is None:
        raise AssertionError("Chromium is required in CI; .ci/run should have installed it")
    profile = tempfile.mkdtemp(prefix="ab-chromium-")
    try:
        cmd = [
            exe,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--window-size=1200,1600",
            *extra,
            html.as_uri(),
        ]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def png_size_and_colours(data: bytes) -> tuple[int, int, int]:
    """Width, height and the number of distinct pixel values in the first rows (a pure-Python PNG peek)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, depth, colour_type = struct.unpack(">IIBB", data[16:26])
    idat = b""
    pos = 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        if kind == b"IDAT":
            idat += data[pos + 8 : pos + 8 + length]
        pos += 12 + length
    raw = zlib.decompress(idat)
    channels = {2: 3, 6: 4}.get(colour_type, 1) * max(depth // 8, 1)
    row = width * channels + 1
    sample = raw[: row * min(height, 400)]
    distinct = {sample[i : i + channels] for i in range(1, len(sample) - channels, channels * 7)}
    return width, height, len(distinct)


@requires_chromium
def test_html_renders_in_headless_chromium(example, tmp_path):
    page = tmp_path / "summary.html"
    page.write_text(render_summary_html(example), encoding="utf-8")
    dom = run_chromium(page, "--dump-dom")
    assert dom.returncode == 0, dom.stderr
    assert 'id="score-chart"' in dom.stdout and "Northshire County Council" in dom.stdout
    shot = tmp_path / "summary.png"
    proc = run_chromium(page, f"--screenshot={shot}")
    assert shot.exists(), proc.stderr
    width, height, colours = png_size_and_colours(shot.read_bytes())
    assert (width, height) == (1200, 1600)
    assert colours > 5  # not a blank page: text, table lines and coloured bars


# --- data problems and one readiness model in every output ---------------------------------------


def _docx_text(path: Path) -> str:
    """Every paragraph and table cell of a Word document, as a reader sees them."""
    import docx

    doc = docx.Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        parts += [" | ".join(c.text for c in row.cells) for row in t.rows]
    return "\n".join(parts)


def all_outputs(summary, tmp_path: Path) -> dict[str, str]:
    """The one model rendered as text, Markdown, HTML, JSON and Word (as `summary --format docx` makes it)."""
    import html as html_lib

    from assessment_builder.documents import write_markdown_docx

    markdown = render_summary_markdown(summary)
    docx_path = write_markdown_docx(markdown, "Self-assessment summary", tmp_path / "summary.docx")
    return {
        "text": render_summary_text(summary),
        "markdown": markdown.replace("\\", ""),
        "html": html_lib.unescape(re.sub(r"<[^>]+>", " ", render_summary_html(summary))),
        "json": json.dumps(summary.to_dict(), ensure_ascii=False),
        "docx": _docx_text(docx_path),
    }


def _flat(text: str) -> str:
    return " ".join(text.replace("|", " ").split())


def test_every_output_shows_the_same_numbers_from_one_model(mini_rated, tmp_path):
    """The headline's overdue count, the status table's Overdue row, the points and the range agree everywhere."""
    from assessment_builder.errors import Finding, Severity

    finding = Finding(
        "W403",
        Severity.WARNING,
        "the date 'last spring' of E03 could not be read",
        "x/n.xlsx",
        sheet="Evidence",
        cell="E4",
    )
    a = example_assessment(mini_rated)
    a.actions.append(ActionItem("A04", "beta", "Recorded as Overdue", "PSW", dt.date(2025, 6, 1), "Overdue"))
    s = build_summary(a, as_of=AS_OF, findings=[finding])
    # A01 is In progress but past due, A04 is recorded Overdue: two overdue, counted once each, everywhere
    assert s.overdue == 2 == s.actions_by_status["Overdue"] == sum(o.overdue for o in s.actions_by_owner)
    assert s.actions_by_status["In progress"] == 0
    h = s.headline
    assert h is not None and h.range is not None
    data = s.to_dict()
    assert data["actions"]["overdue"] == 2 and data["actions"]["by_status"]["Overdue"] == 2
    assert data["headline"]["data_problems"] == 1
    assert data["data_problems"] == [
        {
            "code": "W403",
            "severity": "warning",
            "file": "n.xlsx",
            "sheet": "Evidence",
            "cell": "E4",
            "item": None,
            "message": "the date 'last spring' of E03 could not be read",
        }
    ]
    outputs = all_outputs(s, tmp_path)
    got = json.loads(outputs.pop("json"))
    assert got["headline"]["points"] == h.points and "(50%, Requires improvement)" in got["headline"]["range_text"]
    assert (got["actions"]["overdue"], got["actions"]["by_status"]["Overdue"], len(got["actions"]["items"])) == (
        2,
        2,
        4,
    )
    for fmt, out in outputs.items():
        flat = _flat(out)
        assert "4 actions, 2 overdue" in flat, fmt  # the headline's completion line
        assert "Actions (4: 3 open, 2 overdue)" in flat, fmt
        assert re.search(r"\bOverdue 2\b", flat), fmt  # the status table's row
        assert not re.search(r"\bOverdue 0\b", flat), fmt
        assert h.points in flat, fmt
        assert "between 6 of 12 points (50%, Requires improvement) and 9 of 12 points (75%, Good)" in flat, fmt
        assert "rests on a workbook with 1 data problem" in flat, fmt
        assert "Data problems (1)" in flat, fmt
        assert all(x in flat for x in ("W403", "Evidence", "E4", "could not be read")), fmt


def test_summary_command_lists_the_workbooks_problems_in_every_format(runner, tmp_path):
    """A real workbook with a warning: every written output has its Data problems, and the headline says so."""
    import openpyxl

    from assessment_builder.cli import main

    if not EXAMPLE_WORKBOOK.exists():
        pytest.skip("examples/northshire-completed.xlsx is not built")
    wb = openpyxl.load_workbook(EXAMPLE_WORKBOOK)
    wb["Evidence"]["E2"] = "last spring"
    book = tmp_path / "northshire.xlsx"
    wb.save(book)
    for suffix in ("txt", "md", "html", "json", "docx"):
        out = tmp_path / f"summary.{suffix}"
        result = runner.invoke(main, ["summary", str(book), "-o", str(out), "--as-of", "2025-03-31"])
        assert result.exit_code == 0, result.output
        text = _docx_text(out) if suffix == "docx" else out.read_text(encoding="utf-8")
        flat = _flat(text.replace("\\", ""))
        if suffix == "json":
            data = json.loads(text)
            assert [(p["code"], p["sheet"], p["cell"]) for p in data["data_problems"]] == [("W403", "Evidence", "E2")]
            assert data["headline"]["data_problems"] == 1
            continue
        assert "rests on a workbook with 1 data problem" in flat, suffix
        assert "Data problems (1)" in flat, suffix
        assert "W403" in flat and "last spring" in flat, suffix
