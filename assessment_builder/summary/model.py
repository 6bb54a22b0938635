"""The readiness summary as plain data: headline, statements, gaps, actions, changes.

Every renderer (terminal, Markdown, HTML, Word) and ``summary --format json`` read
these frozen objects, so all of them say exactly the same thing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..scoring import ScoringPolicy, theme_mean_text
from ..values import record


@record(frozen=True)
class Gap:
    """One thing to fix before an assessment, with how much it matters."""

    kind: str
    weight: int
    statement: str | None  # statement id, or None for a gap not tied to one statement
    code: str | None  # the statement's code, for people
    message: str  # what is wrong, naming the statement, items or action
    reason: str = ""  # why this kind of gap matters (one sentence per kind)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "weight": self.weight,
            "statement": self.statement,
            "code": self.code,
            "message": self.message,
            "reason": self.reason,
        }


@record(frozen=True)
class StatementRow:
    """One statement as the summary shows it: score, confidence, status, evidence and gaps."""

    id: str
    code: str
    title: str
    theme: str
    score: int | None
    score_label: str | None
    confidence: str | None
    status: str | None
    lead: str | None
    evidence: int
    coverage: dict[str, int]  # category id -> evidence items
    expected_categories: tuple[str, ...]
    actions: int
    open_actions: int
    text: dict[str, str | None]  # the free-text answers (strengths, development / considerations...)
    indicators: tuple[
        dict[str, Any], ...
    ] = ()  # the workbook's indicator rows that inform it (id, value, variation...)
    narrative: str | None = None  # what a Word form holds under the statement besides its fields

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "code": self.code,
            "title": self.title,
            "theme": self.theme,
            "score": self.score,
            "score_label": self.score_label,
            "confidence": self.confidence,
            "status": self.status,
            "lead": self.lead,
            "evidence": self.evidence,
            "coverage": dict(self.coverage),
            "expected_categories": list(self.expected_categories),
            "actions": self.actions,
            "open_actions": self.open_actions,
            "text": dict(self.text),
            "indicators": [dict(i) for i in self.indicators],
            "narrative": self.narrative,
        }


@record(frozen=True)
class ThemeRow:
    """One theme as the summary shows it: its mean score and its statements' progress."""

    id: str
    code: str
    title: str
    score: float | None  # mean of scored statements
    percent: int | None
    statements: tuple[StatementRow, ...]

    @property
    def scored(self) -> int:
        """How many of the theme's statements are scored: its mean and percentage are over these."""
        return sum(1 for s in self.statements if s.score is not None)

    @property
    def mean_text(self) -> str:
        """``mean 2.67 (67%)``, saying ``over 1 of 3 statements scored`` while the theme is partly scored."""
        return theme_mean_text(self.score, self.percent, self.scored, len(self.statements))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "code": self.code,
            "title": self.title,
            "score": self.score,
            "percent": self.percent,
            "scored": self.scored,
            "statements": [s.to_dict() for s in self.statements],
        }


@record(frozen=True)
class RangeEnd:
    """One end of a provisional result's range: every unscored statement at the lowest or highest score."""

    total: int
    maximum: int  # over every statement
    percent: int
    rating: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "max": self.maximum, "percent": self.percent, "rating": self.rating}


@record(frozen=True)
class ScoreRange:
    """Where a provisional result could end once the ``unscored`` statements are scored."""

    unscored: int
    low: RangeEnd
    high: RangeEnd

    def to_dict(self) -> dict[str, Any]:
        return {"unscored": self.unscored, "low": self.low.to_dict(), "high": self.high.to_dict()}


@record(frozen=True)
class Headline:
    """The predicted rating (rated frameworks only), in score points and percentage points."""

    percent: int | None
    rating: str | None
    total: int
    maximum: int
    scored: int
    statements: int
    provisional: bool
    end: str | None  # "upper" or "lower" end of the band
    to_next: int | None  # PERCENTAGE points to the next band up
    next_rating: str | None
    points_to_next_band: int | None  # SCORE points to reach the next band up (None at the top band)
    points_over_band_below: int | None  # SCORE points that could be lost before the band below (None at the bottom)
    below_rating: str | None
    range: ScoreRange | None  # provisional results only
    points: str  # "14 of 36 points (39%), Requires improvement: 1 point above Inadequate, 9 points short of Good"
    position: str  # "Good, upper end: 2 percentage points from Outstanding"

    def to_dict(self) -> dict[str, Any]:
        return {
            "percent": self.percent,
            "rating": self.rating,
            "total": self.total,
            "max": self.maximum,
            "scored": self.scored,
            "statements": self.statements,
            "provisional": self.provisional,
            "end": self.end,
            "to_next": self.to_next,
            "percentage_points_to_next": self.to_next,
            "next": self.next_rating,
            "points_to_next_band": self.points_to_next_band,
            "points_over_band_below": self.points_over_band_below,
            "below": self.below_rating,
            "range": self.range.to_dict() if self.range else None,
            "range_text": range_text(self.range),
            "points": self.points,
            "position": self.position,
        }


@record(frozen=True)
class DataProblem:
    """A finding met while reading the workbook that did not stop the summary (a warning or note)."""

    code: str
    severity: str
    file: str | None  # the file's name, never a machine path
    sheet: str | None
    cell: str | None
    item: str | None
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "file": self.file,
            "sheet": self.sheet,
            "cell": self.cell,
            "item": self.item,
            "message": self.message,
        }


@record(frozen=True)
class ActionRow:
    """One action as the summary shows it, with whether it is overdue."""

    id: str
    statement: str | None
    code: str | None
    action: str | None
    owner: str | None
    due: dt.date | None
    status: str | None  # as recorded in the workbook
    overdue: bool  # not closed, and recorded Overdue or due before the as-of date
    state: str  # what the summary counts it as: "Overdue" when overdue, else the recorded status or "No status"
    open: bool  # not Complete or Carried forward

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "statement": self.statement,
            "code": self.code,
            "action": self.action,
            "owner": self.owner,
            "due": self.due.isoformat() if self.due else None,
            "status": self.status,
            "state": self.state,
            "open": self.open,
            "overdue": self.overdue,
        }


@record(frozen=True)
class OwnerRow:
    """One lead's actions: how many, how many open and how many overdue."""

    owner: str
    total: int
    open: int
    overdue: int

    def to_dict(self) -> dict[str, Any]:
        return {"owner": self.owner, "total": self.total, "open": self.open, "overdue": self.overdue}


@record(frozen=True)
class Change:
    """Something that moved since the previous self-assessment."""

    statement: str | None
    code: str | None
    field: str  # "score", "confidence", "status", "evidence", "percent", "rating", "statement"; unrated: a text answer
    before: Any
    after: Any
    direction: str  # "up", "down", "changed", "added", "removed"
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "statement": self.statement,
            "code": self.code,
            "field": self.field,
            "before": self.before,
            "after": self.after,
            "direction": self.direction,
            "message": self.message,
        }


@record(frozen=True)
class Summary:
    """The readiness model: computed once, shown alike as text, Markdown, HTML and JSON."""

    council: str
    framework_id: str
    framework_title: str
    framework_version: str
    policy: ScoringPolicy  # what the framework's kind decides: wording, narrative fields, rating
    as_of: dt.date
    statements: int
    complete: int  # statements with status Complete
    completion_percent: int
    scored: int  # rated: statements with a score; unrated: areas with any text
    headline: Headline | None
    categories: tuple[tuple[str, str], ...]  # (id, title)
    scale: tuple[tuple[int, str], ...]  # (value, label); empty for unrated frameworks
    themes: tuple[ThemeRow, ...]
    gaps: tuple[Gap, ...]
    actions: tuple[ActionRow, ...]
    actions_by_status: dict[str, int]  # by ActionRow.state: the "Overdue" count is the overdue count
    actions_by_owner: tuple[OwnerRow, ...]
    evidence_items: int
    open_actions: int
    overdue: int  # the one overdue count every output shows
    data_problems: tuple[DataProblem, ...] = ()  # the workbook's findings (warnings): the result rests on them
    previous: str | None = None  # council / source of the previous assessment, when given
    changes: tuple[Change, ...] | None = None
    source: str | None = None

    @property
    def rated(self) -> bool:
        return self.policy.rated

    @property
    def statement_rows(self) -> tuple[StatementRow, ...]:
        return tuple(s for t in self.themes for s in t.statements)

    @property
    def overdue_actions(self) -> tuple[ActionRow, ...]:
        return tuple(a for a in self.actions if a.overdue)

    @property
    def source_kind(self) -> str:
        """What the summary was read from, in words: "workbook", "Word form" or "answers file"."""
        from ..load import assessment_kind

        return {"form": "Word form", "answers": "answers file"}.get(assessment_kind(self.source or ""), "workbook")

    @property
    def problems_line(self) -> str | None:
        """``This result rests on a workbook with 2 data problems (listed under Data problems).``"""
        n = len(self.data_problems)
        if not n:
            return None
        files = {p.file for p in self.data_problems}
        what = f"a {self.source_kind}" if len(files) <= 1 else "files"
        return f"This result rests on {what} with {_n(n, 'data problem')}: see Data problems."

    def to_dict(self) -> dict[str, Any]:
        """The public shape of ``summary --format json``."""
        return {
            "council": self.council,
            "framework": {
                "id": self.framework_id,
                "title": self.framework_title,
                "version": self.framework_version,
                "kind": self.policy.kind,
            },
            "source": self.source,
            "as_of": self.as_of.isoformat(),
            "completion": {
                "statements": self.statements,
                "complete": self.complete,
                "percent": self.completion_percent,
                "scored": self.scored,
            },
            "headline": None
            if self.headline is None
            else {**self.headline.to_dict(), "data_problems": len(self.data_problems)},
            "data_problems": [p.to_dict() for p in self.data_problems],
            "categories": [{"id": i, "title": t} for i, t in self.categories],
            "scale": [{"value": v, "label": label} for v, label in self.scale],
            "themes": [t.to_dict() for t in self.themes],
            "gaps": [g.to_dict() for g in self.gaps],
            "evidence_items": self.evidence_items,
            "actions": {
                "items": [a.to_dict() for a in self.actions],
                "by_status": dict(self.actions_by_status),
                "by_owner": [o.to_dict() for o in self.actions_by_owner],
                "open": self.open_actions,
                "overdue": self.overdue,
            },
            "previous": None
            if self.changes is None
            else {"source": self.previous, "changes": [c.to_dict() for c in self.changes]},
        }


def _n(value: int, unit: str) -> str:
    return f"{value} {unit}{'s' if value != 1 else ''}"


def position_text(rating: str | None, end: str | None, to_next: int | None, next_rating: str | None) -> str:
    """``Good, upper end: 2 percentage points from Outstanding`` (from CQC's whole-percent bands)."""
    if rating is None:
        return "No rating yet"
    text = f"{rating}, {end} end" if end else rating
    if to_next is not None and next_rating:
        text += f": {_n(to_next, 'percentage point')} from {next_rating}"
    return text


def points_text(
    total: int,
    maximum: int,
    percent: int | None,
    rating: str | None,
    over_below: int | None,
    below: str | None,
    to_next: int | None,
    next_rating: str | None,
) -> str:
    """``14 of 36 points (39%), Requires improvement: 1 point above Inadequate, 9 points short of Good``."""
    if percent is None:
        return "No statement is scored yet"
    text = f"{total} of {maximum} points ({percent}%), {rating or 'no rating'}"
    sides = []
    if over_below is not None and below:
        sides.append(f"{_n(over_below, 'point')} above {below}")
    if to_next is not None and next_rating:
        sides.append(f"{_n(to_next, 'point')} short of {next_rating}")
    return text + (": " + ", ".join(sides) if sides else "")


def range_text(r: ScoreRange | None) -> str | None:
    """``Provisional: if the 3 unscored statements score 1 to 4, the result is 50% (Requires improvement) to 75% (Good)``."""
    if r is None:
        return None
    lo, hi = r.low, r.high
    return (
        f"Provisional: once the {_n(r.unscored, 'unscored statement')} {'is' if r.unscored == 1 else 'are'} scored, "
        f"the result will be between {lo.total} of {lo.maximum} points ({lo.percent}%, {lo.rating or 'no rating'}) "
        f"and {hi.total} of {hi.maximum} points ({hi.percent}%, {hi.rating or 'no rating'})"
    )
