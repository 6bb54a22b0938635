"""Small wording helpers shared by the summary renderers, so every format phrases things alike."""

from __future__ import annotations

from ..summary import Summary

TOP_GAPS = 10


def title_line(s: Summary) -> str:
    return f"{s.council}: adult social care self-assessment summary"


def framework_line(s: Summary) -> str:
    return f"{s.framework_title} ({s.framework_id}, version {s.framework_version}); as of {s.as_of.isoformat()}"


def headline_line(s: Summary) -> str:
    """``Predicted rating: Good, 69% (provisional: 8 of 9 statements scored)``."""
    h = s.headline
    if h is None:
        return "No rating: this framework gives strengths, areas for consideration and recommendations."
    if h.percent is None:
        return f"Predicted rating: none yet (0 of {h.statements} statements scored)"
    text = f"Predicted rating: {h.rating}, {h.percent}% ({h.total} of {h.maximum} points)"
    if h.provisional:
        text += f", provisional: {h.scored} of {h.statements} statements scored"
    return text


def position_line(s: Summary) -> str | None:
    h = s.headline
    if h is None or h.percent is None:
        return None
    return h.position


def completion_line(s: Summary) -> str:
    overdue = len(s.overdue_actions)
    what = "statements" if s.rated else "areas"
    return (
        f"Completion: {s.complete} of {s.statements} {what} complete ({s.completion_percent}%); "
        f"{s.evidence_items} evidence item{'s' if s.evidence_items != 1 else ''}; "
        f"{len(s.actions)} action{'s' if len(s.actions) != 1 else ''}, {overdue} overdue"
    )


def dash(value: object) -> str:
    return "-" if value is None or value == "" else str(value)
