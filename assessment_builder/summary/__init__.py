"""Where a council stands: the readiness summary (model), how it is built, and what moved since last time.

``build_summary`` turns one :class:`~assessment_builder.model.Assessment` into a
:class:`Summary`: plain data that every renderer in :mod:`assessment_builder.render`
and ``summary --format json`` share.
"""

from __future__ import annotations

from .build import GAP_WEIGHTS, build_summary, summarize_workbook, two_years_before
from .changes import changes_between
from .model import ActionRow, Change, Gap, Headline, OwnerRow, StatementRow, Summary, ThemeRow, position_text

__all__ = [
    "GAP_WEIGHTS",
    "ActionRow",
    "Change",
    "Gap",
    "Headline",
    "OwnerRow",
    "StatementRow",
    "Summary",
    "ThemeRow",
    "build_summary",
    "changes_between",
    "position_text",
    "summarize_workbook",
    "two_years_before",
]
