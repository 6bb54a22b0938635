"""The gaps a reviewer would find, ranked by risk: one line per statement and kind, each with why it matters.

The weights (``GAP_WEIGHTS``) and reasons (``GAP_REASONS``) are documented in
docs/summary-and-compare.md. Judgement gaps that depend on a score come from the framework's
scoring policy, so an unrated framework (no scores) never gets a score-based gap.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..model import Framework
from ..natural import natural_key
from .model import ActionRow, Gap, StatementRow

# Higher is more urgent. A director reads the top of the list first, so the order follows what
# would hurt most in front of CQC: no answer at all; a low score nobody is acting on; a high score
# the evidence cannot carry; claims without evidence; then the finer points.
GAP_WEIGHTS: dict[str, int] = {
    "unscored": 100,
    "no_content": 100,
    "shortfall_without_action": 90,
    "thin_evidence_high_score": 85,
    "no_evidence": 80,
    "scored_not_started": 75,
    "indicator_significantly_worse": 72,  # CQC's report quotes it against England; the council must explain it
    "missing_peoples_experience": 70,
    "no_lead": 65,
    "overdue_action": 62,  # a slipping plan is a live risk; a missing category is a gap to fill
    "missing_category": 60,
    "low_confidence_high_score": 55,
    "action_without_owner_or_due": 45,
    "no_recommendations": 45,
    "stale_evidence": 40,
    "future_dated_evidence": 38,  # most often a mistyped year (2052 for 2025): the date shows nothing until fixed
    "uncategorised_evidence": 36,  # counted in the statement's evidence, in no category: coverage cannot show it
    "undated_evidence": 35,
}

GAP_REASONS: dict[str, str] = {
    "unscored": "The result stays provisional until every statement is scored.",
    "no_content": "An area with nothing written cannot be discussed with the peer team.",
    "shortfall_without_action": "A shortfall the action plan does not address is the first thing CQC asks about.",
    "thin_evidence_high_score": "A high score resting on one item or one kind of evidence is easily challenged.",
    "no_evidence": "A judgement no evidence supports cannot be defended.",
    "scored_not_started": "A score on a statement whose work has not started is a guess.",
    "indicator_significantly_worse": "CQC's report quotes national data against England; a significantly worse "
    "figure needs an explanation and a plan.",
    "missing_peoples_experience": "CQC weighs people's experience first.",
    "no_lead": "Nobody is accountable for the statement.",
    "missing_category": "CQC triangulates evidence across categories.",
    "low_confidence_high_score": "The people who scored it doubt the score.",
    "overdue_action": "An overdue action shows the plan is slipping.",
    "action_without_owner_or_due": "An action without an owner or a due date cannot be followed up.",
    "no_recommendations": "Considerations without a recommendation leave the next step open.",
    "stale_evidence": "Evidence older than two years may no longer show current practice.",
    "future_dated_evidence": "A date after the summary's as-of date is most often a mistyped year; the evidence "
    "cannot show when it is from until it is corrected.",
    "uncategorised_evidence": "Evidence without a category counts for no kind of evidence, so coverage and "
    "triangulation cannot use it.",
    "undated_evidence": "Undated evidence cannot show that it is current.",
}

PEOPLES_EXPERIENCE = "peoples_experience"
HIGH_SCORE = 3  # scores at or above this are "high" (3 Good, 4 Outstanding on CQC's scale)


def two_years_before(day: dt.date) -> dt.date:
    """The same calendar day two years earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 2)
    except ValueError:
        return day.replace(year=day.year - 2, day=28)


def _ids(items: list[Any]) -> str:
    return ", ".join(e.id for e in items)


def find_gaps(
    fw: Framework,
    rows: dict[str, StatementRow],
    evidence_for: dict[str, list[Any]],
    actions: list[ActionRow],
    today: dt.date,
    indicators: tuple[Any, ...] = (),
) -> tuple[Gap, ...]:
    """Every gap, most urgent first (then framework order, then message)."""
    titles = {c.id: c.title for c in fw.evidence_categories}
    order = {s.id: i for i, s in enumerate(fw.statements)}
    cutoff = two_years_before(today)
    gaps: list[Gap] = []

    def add(kind: str, row: StatementRow | None, message: str) -> None:
        gaps.append(
            Gap(kind, GAP_WEIGHTS[kind], row.id if row else None, row.code if row else None, message, GAP_REASONS[kind])
        )

    for row in rows.values():
        name = f"{row.code} {row.title}"
        judged = {"score": row.score, "confidence": row.confidence, **row.text}
        for kind, message in fw.policy.judgement_gaps(name, judged, row.actions):
            add(kind, row, message)
        evidence = evidence_for[row.id]
        high = row.score is not None and row.score >= HIGH_SCORE
        if row.evidence == 0:
            also = f", although it is scored {row.score}" if high else ""
            add("no_evidence", row, f"{name} has no evidence in the evidence log{also}.")
        else:
            categories = {e.category for e in evidence if e.category in titles}  # a category the framework has
            if high and (row.evidence == 1 or len(categories) <= 1):
                thin = (
                    "one evidence item"
                    if row.evidence == 1
                    else "evidence of one category only"
                    if categories
                    else "evidence with no recognised category"
                )
                add("thin_evidence_high_score", row, f"{name} is scored {row.score} on {thin} ({_ids(evidence)}).")
            expected = row.expected_categories or tuple(titles)
            missing = [c for c in expected if c in row.coverage and row.coverage[c] == 0]
            if missing:
                kind = "missing_peoples_experience" if PEOPLES_EXPERIENCE in missing else "missing_category"
                what = "; ".join(titles.get(c, c).lower() for c in missing)
                add(kind, row, f"{name} has no evidence of {what}.")
        if row.score is not None and row.status == "Not started":
            add("scored_not_started", row, f"{name} is scored {row.score} but its status is Not started.")
        if row.lead is None:
            add("no_lead", row, f"{name} has no lead officer.")
        stale = [e for e in evidence if e.date is not None and e.date < cutoff]
        if stale:
            add(
                "stale_evidence",
                row,
                f"{name} relies on evidence older than two years: {_ids(stale)} "
                f"({len(stale)} of {row.evidence} item{'' if row.evidence == 1 else 's'}).",
            )
        future = [e for e in evidence if e.date is not None and e.date > today]
        if future:
            when = ", ".join(f"{e.id} {e.date:%d %B %Y}" for e in future[:5]) + (" ..." if len(future) > 5 else "")
            add("future_dated_evidence", row, f"{name} has evidence dated after {today:%d %B %Y}: {when}.")
        uncategorised = [e for e in evidence if not e.category]
        if uncategorised:
            add(
                "uncategorised_evidence",
                row,
                f"{name} has evidence with no category: {_ids(uncategorised)}; Evidence coverage counts it "
                "under All only.",
            )
        undated = [e for e in evidence if e.date is None]
        if undated:
            add("undated_evidence", row, f"{name} has undated evidence: {_ids(undated)}.")

    for ind in indicators:  # model.IndicatorValue rows; one gap, on the first statement it informs
        if ind.variation == "significantly worse":
            irow = next((rows[s] for s in ind.statements if s in rows), None)
            period = f", {ind.period}" if ind.period else ""
            add(
                "indicator_significantly_worse",
                irow,
                f"Indicator {ind.id} ({ind.name or 'no name'}) is significantly worse than England: "
                f"{ind.value:g} against {ind.england:g}{period}.",
            )

    for a in actions:
        arow = rows.get(a.statement) if a.statement else None
        what = f" '{a.action}'" if a.action else ""
        if a.overdue:
            due = a.due.isoformat() if a.due else "no date"
            add("overdue_action", arow, f"Action {a.id}{what} is overdue (due {due}, {a.owner or 'no owner'}).")
        if a.open:
            lacking = [x for x, missing in (("owner", not a.owner), ("due date", a.due is None)) if missing]
            if lacking:
                add("action_without_owner_or_due", arow, f"Action {a.id}{what} has no {' or '.join(lacking)}.")
    gaps.sort(key=lambda g: (-g.weight, order.get(g.statement or "", len(order)), natural_key(g.message)))
    return tuple(gaps)
