"""The headline in score points: distance to the bands either side, and a provisional result's range.

Every number here follows the scoring rule of :mod:`assessment_builder.scoring` (CQC's bands, this
project's rounding): the
percentage is ``total / max * 100`` rounded to a whole percent (halves up), *then* placed in a
band. So "9 points short of Good" is the smallest number of extra score points whose rounded
percentage reaches Good's lower bound, and "1 point above Inadequate" the smallest number of
points whose loss would drop the rounded percentage below the band's lower bound.
"""

from __future__ import annotations

from ..model import Framework
from ..scoring import OverallScore, band_for, band_position, round_percent
from .model import Headline, RangeEnd, ScoreRange, points_text, position_text


def points_to_band(total: int, maximum: int, lower: int) -> int | None:
    """The fewest score points to add to ``total`` for its rounded percentage to reach ``lower``.

    None when even ``maximum`` would not reach it (or nothing is scored).
    """
    if maximum <= 0:
        return None
    for extra in range(0, maximum - total + 1):
        if round_percent(total + extra, maximum) >= lower:
            return extra
    return None


def points_above_band(total: int, maximum: int, lower: int, floor: int) -> int | None:
    """The fewest score points whose loss drops ``total``'s rounded percentage below ``lower``.

    ``floor`` is the lowest total the scored statements can have (each at the lowest score); None
    when no reachable total falls below the band.
    """
    if maximum <= 0:
        return None
    for lost in range(1, total - floor + 1):
        if round_percent(total - lost, maximum) < lower:
            return lost
    return None


def build_headline(fw: Framework, o: OverallScore | None) -> Headline | None:
    """The predicted rating, its place in the band in score and percentage points, and its range."""
    if o is None:
        return None
    bands = sorted(fw.rating_bands, key=lambda b: b.lower)
    pos = band_position(o.percent, fw.rating_bands) if o.percent is not None else {}
    band = band_for(o.percent, fw.rating_bands) if o.percent is not None else None
    to_next = over_below = None
    next_rating = below_rating = None
    if o.percent is not None:
        i = bands.index(band) if band is not None else -1
        if i + 1 < len(bands):
            next_rating = bands[i + 1].label
            to_next = points_to_band(o.total, o.maximum, bands[i + 1].lower)
        if band is not None and i > 0:
            below_rating = bands[i - 1].label
            over_below = points_above_band(o.total, o.maximum, band.lower, o.scored * fw.min_score)
    unscored = o.statements - o.scored
    score_range = None
    if o.provisional:
        score_range = ScoreRange(
            unscored=unscored,
            low=_end(fw, o.total + unscored * fw.min_score, o.statements * fw.max_score),
            high=_end(fw, o.total + unscored * fw.max_score, o.statements * fw.max_score),
        )
    return Headline(
        percent=o.percent,
        rating=o.rating,
        total=o.total,
        maximum=o.maximum,
        scored=o.scored,
        statements=o.statements,
        provisional=o.provisional,
        end=pos.get("end"),
        to_next=pos.get("to_next"),
        next_rating=pos.get("next") or next_rating,
        points_to_next_band=to_next,
        points_over_band_below=over_below,
        below_rating=below_rating,
        range=score_range,
        points=points_text(o.total, o.maximum, o.percent, o.rating, over_below, below_rating, to_next, next_rating),
        position=position_text(o.rating, pos.get("end"), pos.get("to_next"), pos.get("next")),
    )


def _end(fw: Framework, total: int, maximum: int) -> RangeEnd:
    percent = round_percent(total, maximum)
    return RangeEnd(total=total, maximum=maximum, percent=percent, rating=fw.policy.rating(percent))
