"""Where a council stands: the readiness summary (model), how it is built, and what moved since last time.

``build_summary`` turns one :class:`~assessment_builder.model.Assessment` (and the findings met
reading it) into a :class:`Summary`: plain data, computed once, that every renderer in
:mod:`assessment_builder.render`, the Word summary and ``summary --format json`` only present.
"""

from __future__ import annotations

from .build import build_summary, data_problems, summarize_workbook
from .changes import changes_between
from .gaps import GAP_REASONS, GAP_WEIGHTS, two_years_before
from .headline import points_above_band, points_to_band
from .model import (
    ActionRow,
    Change,
    DataProblem,
    Gap,
    Headline,
    OwnerRow,
    RangeEnd,
    ScoreRange,
    StatementRow,
    Summary,
    ThemeRow,
    points_text,
    position_text,
    range_text,
)

__all__ = [
    "GAP_REASONS",
    "GAP_WEIGHTS",
    "ActionRow",
    "Change",
    "DataProblem",
    "Gap",
    "Headline",
    "OwnerRow",
    "RangeEnd",
    "ScoreRange",
    "StatementRow",
    "Summary",
    "ThemeRow",
    "build_summary",
    "changes_between",
    "data_problems",
    "points_above_band",
    "points_text",
    "points_to_band",
    "position_text",
    "range_text",
    "summarize_workbook",
    "two_years_before",
]
