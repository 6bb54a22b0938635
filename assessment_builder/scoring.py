"""Pure scoring functions, exactly as CQC scores local authorities.

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
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .model import Framework, RatingBand


def round_percent(total: int, maximum: int) -> int:
    """``total`` as a whole percentage of ``maximum``, halves rounded up (Excel's ROUND)."""
    if maximum <= 0:
        raise ValueError("maximum must be positive")
    exact = Decimal(total) * 100 / Decimal(maximum)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


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


@dataclass(frozen=True)
class ThemeScore:
    theme_id: str
    scored: int  # statements scored
    statements: int  # statements in the theme
    total: int
    maximum: int  # maximum over the scored statements
    mean: float | None
    percent: int | None


@dataclass(frozen=True)
class OverallScore:
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


@dataclass(frozen=True)
class ScoreResult:
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
    band = band_for(percent, framework.rating_bands) if percent is not None else None
    return OverallScore(
        total=total,
        maximum=maximum,
        percent=percent,
        rating=band.label if band else None,
        complete=len(values) == len(ids),
        scored=len(values),
        statements=len(ids),
    )


def score_assessment(framework: Framework, scores: Mapping[str, int | None]) -> ScoreResult:
    """Score every statement, theme and the whole; unrated frameworks get no overall rating."""
    statement_scores = {s.id: scores.get(s.id) for s in framework.statements}
    if not framework.rated:
        return ScoreResult(statement_scores, {}, None)
    themes = {t.id: theme_score(framework, t.id, statement_scores) for t in framework.themes}
    return ScoreResult(statement_scores, themes, overall_score(framework, statement_scores))
