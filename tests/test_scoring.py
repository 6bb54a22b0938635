"""CQC's scoring rule: equal weights, percentage of the maximum, whole-percent rounding, bands."""

from __future__ import annotations

from decimal import Decimal

import pytest
from fill import cqc_scores
from hypothesis import given
from hypothesis import strategies as st

from assessment_builder.scoring import band_position, overall_score, round_percent, score_assessment


@pytest.mark.parametrize(
    ("total", "percent", "rating"),
    [
        (9, 25, "Inadequate"),
        (13, 36, "Inadequate"),
        (14, 39, "Requires improvement"),  # 38.9% falls between CQC's printed bands: rounded up
        (22, 61, "Requires improvement"),
        (23, 64, "Good"),
        (31, 86, "Good"),
        (32, 89, "Outstanding"),
        (36, 100, "Outstanding"),
    ],
)
def test_nine_statement_boundaries(cqc, total, percent, rating):
    scores = dict(zip([s.id for s in cqc.statements], cqc_scores(total)))
    o = overall_score(cqc, scores)
    assert (o.total, o.maximum, o.percent, o.rating, o.complete) == (total, 36, percent, rating, True)


def test_round_percent_rounds_halves_up():
    assert round_percent(1, 8) == 13  # 12.5
    assert round_percent(5, 8) == 63  # 62.5: Good, not Requires improvement
    assert round_percent(1, 3) == 33
    with pytest.raises(ValueError):
        round_percent(1, 0)


def test_incomplete_assessment_is_provisional_over_scored_statements(cqc):
    ids = [s.id for s in cqc.statements]
    o = overall_score(cqc, {ids[0]: 4, ids[1]: 3, ids[2]: None})
    assert (o.total, o.maximum, o.percent, o.rating) == (7, 8, 88, "Outstanding")
    assert (o.complete, o.provisional, o.scored, o.statements) == (False, True, 2, 9)
    empty = overall_score(cqc, {})
    assert (empty.percent, empty.rating, empty.scored) == (None, None, 0)


def test_theme_mean_and_percent(cqc):
    result = score_assessment(cqc, {"assessing_needs": 3, "supporting_healthier_lives": 4})
    t1 = result.themes["working_with_people"]
    assert (t1.mean, t1.percent, t1.scored, t1.statements) == (3.5, 88, 2, 3)
    t2 = result.themes["providing_support"]
    assert (t2.mean, t2.percent) == (None, None)


def test_unrated_framework_has_no_rating(mini_unrated):
    result = score_assessment(mini_unrated, {})
    assert result.overall is None and result.themes == {}
    assert result.to_dict()["overall"] is None


def test_band_position(cqc):
    assert band_position(76, cqc.rating_bands) == {"band": "Good", "end": "upper", "to_next": 12, "next": "Outstanding"}
    assert band_position(75, cqc.rating_bands)["end"] == "lower"  # the middle of 63-87 is lower end
    assert band_position(95, cqc.rating_bands) == {"band": "Outstanding", "end": "upper", "to_next": None, "next": None}


def test_score_json_shape(cqc):
    data = score_assessment(cqc, {"assessing_needs": 2}).to_dict()
    assert list(data) == ["statements", "themes", "overall"]
    assert data["statements"]["assessing_needs"] == 2 and data["statements"]["safeguarding"] is None
    assert data["themes"]["working_with_people"]["score"] == 2.0
    assert data["overall"] == {
        "total": 2,
        "max": 4,
        "percent": 50,
        "rating": "Requires improvement",
        "complete": False,
        "scored": 1,
        "statements": 9,
    }


@given(st.lists(st.integers(min_value=1, max_value=4), min_size=9, max_size=9))
def test_rating_never_falls_as_a_score_rises(cqc_scores_list):
    from assessment_builder import load_framework

    cqc = load_framework("cqc-la")
    labels = [b.label for b in cqc.rating_bands]
    ids = [s.id for s in cqc.statements]
    base = overall_score(cqc, dict(zip(ids, cqc_scores_list)))
    exact = Decimal(base.total) * 100 / Decimal(base.maximum)
    assert abs(Decimal(base.percent) - exact) <= Decimal("0.5")
    for i, v in enumerate(cqc_scores_list):
        if v < 4:
            raised = list(cqc_scores_list)
            raised[i] += 1
            higher = overall_score(cqc, dict(zip(ids, raised)))
            assert labels.index(higher.rating) >= labels.index(base.rating)


@given(st.integers(min_value=9, max_value=36), st.integers(min_value=9, max_value=36))
def test_band_is_monotonic_in_the_total(low, high):
    from assessment_builder import load_framework

    cqc = load_framework("cqc-la")
    low, high = sorted((low, high))
    labels = [b.label for b in sorted(cqc.rating_bands, key=lambda b: b.lower)]
    ids = [s.id for s in cqc.statements]
    a = overall_score(cqc, dict(zip(ids, cqc_scores(low))))
    b = overall_score(cqc, dict(zip(ids, cqc_scores(high))))
    assert a.percent <= b.percent
    assert labels.index(a.rating) <= labels.index(b.rating)


def test_provisional_result_uses_only_the_statements_scored(cqc):
    ids = [s.id for s in cqc.statements]
    five = dict(zip(ids[:5], [4, 4, 3, 3, 3]))
    result = score_assessment(cqc, five)
    o = result.overall
    assert (o.total, o.maximum, o.percent, o.rating, o.complete, o.scored) == (17, 20, 85, "Good", False, 5)
    assert result.statements[ids[8]] is None
    assert result.themes["leadership"].mean is None and result.themes["leadership"].scored == 0


def test_round_percent_is_decimal_round_half_up_for_every_total_and_maximum():
    from decimal import ROUND_HALF_UP, Decimal

    for maximum in range(1, 160):
        for total in range(-maximum, 4 * maximum + 1):
            exact = Decimal(total) * 100 / Decimal(maximum)
            assert round_percent(total, maximum) == int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
