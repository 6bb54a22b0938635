"""Pure scoring functions: CQC's weighting and bands for local authorities, with this project's rounding.

CQC's rule ("How we determine ratings", local authorities): every quality
statement is weighted equally; the total of the statement scores is taken as a
percentage of the maximum possible; the percentage falls in a rating band
(25-38 inadequate, 39-62 requires improvement, 63-87 good, 88+ outstanding).

CQC prints whole-number bands, so a percentage such as 14/36 = 38.9% falls
between two of them. Our rule, stated in each framework's ``rating.rounding``:
round the percentage to the nearest whole percent, halves up, *then* apply the
bands. The workbook's dashboard uses ``ROUND(total/max*100, 0)``, which rounds
halves away from zero: the same for these positive numbers.

These functions are the single source of truth: the reader, the reports and the
tests of the workbook's own formulas all call them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .model import RATED_FIELDS, UNRATED_FIELDS, Framework, InputField, RatingBand, ScalePoint
from .values import record


def round_percent(total: int, maximum: int) -> int:
    """``total`` as a whole percentage of ``maximum``, halves rounded up (Excel's ROUND)."""
    if maximum <= 0:
        raise ValueError("maximum must be positive")
    # exact integer arithmetic: half of a percent and over rounds away from zero, as Decimal's ROUND_HALF_UP
    magnitude = (200 * abs(total) + maximum) // (2 * maximum)
    return -magnitude if total < 0 else magnitude


def band_for(percent: int, bands: tuple[RatingBand, ...]) -> RatingBand | None:
    """The band a whole percentage falls in (the highest band whose lower bound it reaches)."""
    chosen = None
    for band in sorted(bands, key=lambda b: b.lower):
        if percent >= band.lower:
            chosen = band
    return chosen


def band_position(percent: int, bands: tuple[RatingBand, ...]) -> dict[str, Any]:
    """Where a percentage sits in its band: lower or upper half, points to the next band.

    CQC says the percentage shows whether a rating is at the upper or lower end.
    """
    ordered = sorted(bands, key=lambda b: b.lower)
    band = band_for(percent, bands)
    if band is None:
        return {"band": None, "end": None, "to_next": None, "next": None}
    i = ordered.index(band)
    upper = ordered[i + 1].lower - 1 if i + 1 < len(ordered) else 100
    middle = (band.lower + upper) / 2
    nxt = ordered[i + 1] if i + 1 < len(ordered) else None
    return {
        "band": band.label,
        "end": "upper" if percent > middle else "lower",
        "to_next": (nxt.lower - percent) if nxt else None,
        "next": nxt.label if nxt else None,
    }


@record(frozen=True)
class ThemeScore:
    """A theme's scores: how many statements are scored, their total and mean."""

    theme_id: str
    scored: int  # statements scored
    statements: int  # statements in the theme
    total: int
    maximum: int  # maximum over the scored statements
    mean: float | None
    percent: int | None


@record(frozen=True)
class OverallScore:
    """The whole assessment's total, percentage and rating (provisional while statements are unscored)."""

    total: int
    maximum: int  # maximum over the scored statements
    percent: int | None
    rating: str | None
    complete: bool  # every statement scored; otherwise the result is provisional
    scored: int
    statements: int

    @property
    def provisional(self) -> bool:
        return not self.complete


@record(frozen=True)
class ScoreResult:
    """Every statement's score, each theme's and the overall result: the one scoring every output shows."""

    statements: dict[str, int | None]
    themes: dict[str, ThemeScore]
    overall: OverallScore | None  # None for unrated frameworks

    def to_dict(self) -> dict[str, Any]:
        """The public shape of ``score --json``."""
        return {
            "statements": dict(self.statements),
            "themes": {
                tid: {"score": t.mean, "percent": t.percent, "total": t.total, "max": t.maximum, "scored": t.scored}
                for tid, t in self.themes.items()
            },
            "overall": None
            if self.overall is None
            else {
                "total": self.overall.total,
                "max": self.overall.maximum,
                "percent": self.overall.percent,
                "rating": self.overall.rating,
                "complete": self.overall.complete,
                "scored": self.overall.scored,
                "statements": self.overall.statements,
            },
        }


def theme_mean_text(mean: float | None, percent: int | None, scored: int, statements: int) -> str:
    """``mean 2.67 (67%)``; over part of a theme ``mean 4.00 (100%) over 1 of 3 statements scored``."""
    if mean is None:
        return "not scored yet"
    text = f"mean {mean:.2f} ({percent}%)"
    return text if scored >= statements else f"{text} over {scored} of {statements} statements scored"


def theme_score(framework: Framework, theme_id: str, scores: Mapping[str, int | None]) -> ThemeScore:
    """A theme's mean score (2 decimals) and percentage over its scored statements."""
    theme = framework.theme(theme_id)
    values = [scores[s.id] for s in theme.statements if scores.get(s.id) is not None]
    got = [v for v in values if v is not None]
    total = sum(got)
    maximum = framework.max_score * len(got)
    return ThemeScore(
        theme_id=theme.id,
        scored=len(got),
        statements=len(theme.statements),
        total=total,
        maximum=maximum,
        mean=round(total / len(got), 2) if got else None,
        percent=round_percent(total, maximum) if got else None,
    )


def overall_score(framework: Framework, scores: Mapping[str, int | None]) -> OverallScore:
    """Total, maximum, percentage and rating band over the scored statements.

    With every statement scored this is CQC's result; otherwise it is provisional
    (``complete`` is False) and computed over the statements scored so far.
    """
    ids = [s.id for s in framework.statements]
    got = [scores[i] for i in ids if scores.get(i) is not None]
    values = [v for v in got if v is not None]
    total = sum(values)
    maximum = framework.max_score * len(values)
    percent = round_percent(total, maximum) if values else None
    return OverallScore(
        total=total,
        maximum=maximum,
        percent=percent,
        rating=framework.policy.rating(percent),
        complete=len(values) == len(ids),
        scored=len(values),
        statements=len(ids),
    )


def score_assessment(framework: Framework, scores: Mapping[str, int | None]) -> ScoreResult:
    """Score every statement, theme and the whole; unrated frameworks get no overall rating."""
    return framework.policy.score(framework, scores)


# --- The scoring policy: everything a framework's kind decides, in one place ------------------


class ScoringPolicy:
    """What a framework's kind decides: the answers asked for, what counts as answered, the rating.

    ``Framework.policy`` gives the policy of a framework; renderers, the dashboard, the workbook
    writer and the documents ask it instead of testing ``framework.rated`` themselves.
    """

    kind: str
    rated: bool
    unit: str  # what the assessed units are called in prose: "statements" or "areas"
    input_fields: tuple[InputField, ...]
    narrative: tuple[tuple[str, str], ...]  # (answer key, heading) of the free-text answers, in order
    tracked: tuple[str, ...]  # answers whose movement since a previous assessment is reported
    document_title: str  # what the filled report is called
    judge_step: str  # the workbook's instruction for judging a statement
    dashboard_step: str  # what the Dashboard shows, for the workbook's instructions

    def score_of(self, values: Mapping[str, Any]) -> int | None:
        """The score in a statement's answers (None when the policy has no score)."""
        raise NotImplementedError

    def answered(self, values: Mapping[str, Any]) -> bool:
        """Whether a statement counts as answered: scored (rated), or anything written (unrated)."""
        raise NotImplementedError

    def score(self, framework: Framework, scores: Mapping[str, int | None]) -> ScoreResult:
        raise NotImplementedError

    def rating(self, percent: int | None) -> str | None:
        """The rating band a whole percentage falls in; never a rating for an unrated framework."""
        raise NotImplementedError

    def headline(self, overall: OverallScore | None) -> str:
        """One sentence for the top of a summary or report."""
        raise NotImplementedError

    def judgement_gaps(self, name: str, values: Mapping[str, Any], actions: int) -> list[tuple[str, str]]:
        """What a statement's own judgement lacks, as (gap kind, message) pairs."""
        raise NotImplementedError

    def written(self, values: Mapping[str, Any]) -> tuple[str, ...]:
        """The keys of the free-text answers with something written in them, in the policy's order."""
        return tuple(key for key, _heading in self.narrative if _written(values.get(key)))


class RatedPolicy(ScoringPolicy):
    """Scores on a scale, a percentage of the maximum (rounded halves up: this project's rule), a rating band."""

    kind, rated, unit = "rated", True, "statements"
    input_fields = RATED_FIELDS
    narrative = (("strengths", "Our strengths"), ("development", "Areas for development"))
    tracked = ("score", "confidence")
    document_title = "self-assessment report"
    judge_step = "Choose a self-assessed score from the dropdown (the scale is below) and say how confident you are."
    dashboard_step = " and the predicted result."

    def __init__(self, scale: tuple[ScalePoint, ...], bands: tuple[RatingBand, ...], rounding: str) -> None:
        self.scale, self.bands, self.rounding = scale, bands, rounding

    def __eq__(self, other: object) -> bool:  # two policies are equal when they score alike
        if not isinstance(other, RatedPolicy):
            return NotImplemented
        return (self.scale, self.bands, self.rounding) == (other.scale, other.bands, other.rounding)

    def __hash__(self) -> int:
        return hash((self.scale, self.bands, self.rounding))

    def score_of(self, values: Mapping[str, Any]) -> int | None:
        v = values.get("score")
        return v if isinstance(v, int) else None  # as StatementAnswer.score reads it

    def answered(self, values: Mapping[str, Any]) -> bool:
        return self.score_of(values) is not None

    def score(self, framework: Framework, scores: Mapping[str, int | None]) -> ScoreResult:
        statement_scores = {s.id: scores.get(s.id) for s in framework.statements}
        themes = {t.id: theme_score(framework, t.id, statement_scores) for t in framework.themes}
        return ScoreResult(statement_scores, themes, overall_score(framework, statement_scores))

    def rating(self, percent: int | None) -> str | None:
        band = band_for(percent, self.bands) if percent is not None else None
        return band.label if band else None

    def headline(self, overall: OverallScore | None) -> str:
        """``Predicted rating: Good, 69% (25 of 36 points), provisional: 8 of 9 statements scored``."""
        if overall is None or overall.percent is None:
            n = overall.statements if overall else 0
            return f"Predicted rating: none yet (0 of {n} statements scored)"
        text = f"Predicted rating: {overall.rating}, {overall.percent}% ({overall.total} of {overall.maximum} points)"
        if overall.provisional:
            text += f", provisional: {overall.scored} of {overall.statements} statements scored"
        return text

    def judgement_gaps(self, name: str, values: Mapping[str, Any], actions: int) -> list[tuple[str, str]]:
        score = self.score_of(values)
        if score is None:
            return [("unscored", f"{name} has no self-assessed score yet.")]
        gaps = []
        if score <= 2 and actions == 0:
            gaps.append(
                (
                    "shortfall_without_action",
                    f"{name} is scored {score} (shortfalls) but has no action in the action plan.",
                )
            )
        if score >= 3 and values.get("confidence") == "Low":
            gaps.append(
                (
                    "low_confidence_high_score",
                    f"{name} is scored {score} with Low confidence: test the evidence behind the score.",
                )
            )
        return gaps


class UnratedPolicy(ScoringPolicy):
    """Strengths, areas for consideration and recommendations: counts only, never a rating."""

    kind, rated, unit = "unrated", False, "areas"
    input_fields = UNRATED_FIELDS

    def __eq__(self, other: object) -> bool:  # every unrated policy scores alike (counts only)
        return isinstance(other, UnratedPolicy)

    def __hash__(self) -> int:
        return hash(UnratedPolicy)

    narrative = (
        ("strengths", "Strengths"),
        ("considerations", "Areas for consideration"),
        ("recommendations", "Recommendations"),
    )
    tracked = ()
    document_title = "peer challenge position statement"
    judge_step = "Write the strengths, the areas for consideration and your recommendations for each area."
    dashboard_step = "."

    def score_of(self, values: Mapping[str, Any]) -> int | None:
        return None

    def answered(self, values: Mapping[str, Any]) -> bool:
        return any(_written(values.get(key)) for key, _heading in self.narrative)

    def score(self, framework: Framework, scores: Mapping[str, int | None]) -> ScoreResult:
        return ScoreResult({s.id: scores.get(s.id) for s in framework.statements}, {}, None)

    def rating(self, percent: int | None) -> str | None:
        return None

    def headline(self, overall: OverallScore | None) -> str:
        return "No rating: this framework gives strengths, areas for consideration and recommendations."

    def judgement_gaps(self, name: str, values: Mapping[str, Any], actions: int) -> list[tuple[str, str]]:
        if not self.answered(values):
            return [("no_content", f"{name} has no strengths, considerations or recommendations yet.")]
        if _written(values.get("considerations")) and not _written(values.get("recommendations")):
            return [("no_recommendations", f"{name} has areas for consideration but no recommendation.")]
        return []


def _written(value: Any) -> bool:
    return value is not None and bool(str(value).strip())


def policy_for(framework: Framework) -> ScoringPolicy:
    """The policy of a framework's kind (``Framework.policy`` calls this)."""
    if framework.kind == "rated":
        return RatedPolicy(framework.scale, framework.rating_bands, framework.rounding)
    return UnratedPolicy()
