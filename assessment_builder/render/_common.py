"""Small wording helpers shared by the summary renderers, so every format phrases things alike."""

from __future__ import annotations

from ..scoring import OverallScore
from ..summary import Summary

TOP_GAPS = 10


def title_line(s: Summary) -> str:
    return f"{s.council}: adult social care self-assessment summary"


def framework_line(s: Summary) -> str:
    return f"{s.framework_title} ({s.framework_id}, version {s.framework_version}); as of {s.as_of.isoformat()}"


def headline_line(s: Summary) -> str:
    """``Predicted rating: Good, 69% (provisional: 8 of 9 statements scored)``, in the framework policy's words."""
    h = s.headline
    if h is None:
        return s.policy.headline(None)
    return s.policy.headline(
        OverallScore(h.total, h.maximum, h.percent, h.rating, not h.provisional, h.scored, h.statements)
    )


def position_line(s: Summary) -> str | None:
    h = s.headline
    if h is None or h.percent is None:
        return None
    return h.position


def completion_line(s: Summary) -> str:
    overdue = len(s.overdue_actions)
    what = s.policy.unit
    return (
        f"Completion: {s.complete} of {s.statements} {what} complete ({s.completion_percent}%); "
        f"{s.evidence_items} evidence item{'s' if s.evidence_items != 1 else ''}; "
        f"{len(s.actions)} action{'s' if len(s.actions) != 1 else ''}, {overdue} overdue"
    )


def dash(value: object) -> str:
    return "-" if value is None or value == "" else str(value)
