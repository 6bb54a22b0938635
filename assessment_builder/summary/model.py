"""The readiness summary as plain data: headline, statements, gaps, actions, changes.

Every renderer (terminal, Markdown, HTML, Word) and ``summary --format json`` read
these frozen objects, so all of them say exactly the same thing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..scoring import ScoringPolicy


@dataclass(frozen=True)
class Gap:
    """One thing to fix before an assessment, with how much it matters."""

    kind: str
    weight: int
    statement: str | None  # statement id, or None for a gap not tied to one statement
    code: str | None  # the statement's code, for people
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "weight": self.weight,
            "statement": self.statement,
            "code": self.code,
            "message": self.message,
        }


@dataclass(frozen=True)
class StatementRow:
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
        }


@dataclass(frozen=True)
class ThemeRow:
    id: str
    code: str
    title: str
    score: float | None  # mean of scored statements
    percent: int | None
    statements: tuple[StatementRow, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "code": self.code,
            "title": self.title,
            "score": self.score,
            "percent": self.percent,
            "statements": [s.to_dict() for s in self.statements],
        }


@dataclass(frozen=True)
class Headline:
    """The predicted rating (rated frameworks only)."""

    percent: int | None
    rating: str | None
    total: int
    maximum: int
    scored: int
    statements: int
    provisional: bool
    end: str | None  # "upper" or "lower" end of the band
    to_next: int | None  # percentage points to the next band up
    next_rating: str | None
    position: str  # e.g. "Good, upper end: 2 points from Outstanding"

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
            "next": self.next_rating,
            "position": self.position,
        }


@dataclass(frozen=True)
class ActionRow:
    id: str
    statement: str | None
    code: str | None
    action: str | None
    owner: str | None
    due: dt.date | None
    status: str | None
    overdue: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "statement": self.statement,
            "code": self.code,
            "action": self.action,
            "owner": self.owner,
            "due": self.due.isoformat() if self.due else None,
            "status": self.status,
            "overdue": self.overdue,
        }


@dataclass(frozen=True)
class OwnerRow:
    owner: str
    total: int
    open: int
    overdue: int

    def to_dict(self) -> dict[str, Any]:
        return {"owner": self.owner, "total": self.total, "open": self.open, "overdue": self.overdue}


@dataclass(frozen=True)
class Change:
    """Something that moved since the previous self-assessment."""

    statement: str | None
    code: str | None
    field: str  # "score", "confidence", "status", "evidence", "percent", "rating", "statement"
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


@dataclass(frozen=True)
class Summary:
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
    actions_by_status: dict[str, int]
    actions_by_owner: tuple[OwnerRow, ...]
    evidence_items: int
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
            "headline": self.headline.to_dict() if self.headline else None,
            "categories": [{"id": i, "title": t} for i, t in self.categories],
            "scale": [{"value": v, "label": label} for v, label in self.scale],
            "themes": [t.to_dict() for t in self.themes],
            "gaps": [g.to_dict() for g in self.gaps],
            "evidence_items": self.evidence_items,
            "actions": {
                "items": [a.to_dict() for a in self.actions],
                "by_status": dict(self.actions_by_status),
                "by_owner": [o.to_dict() for o in self.actions_by_owner],
                "overdue": sum(1 for a in self.actions if a.overdue),
            },
            "previous": None
            if self.changes is None
            else {"source": self.previous, "changes": [c.to_dict() for c in self.changes]},
        }


def position_text(rating: str | None, end: str | None, to_next: int | None, next_rating: str | None) -> str:
    """``Good, upper end: 2 points from Outstanding`` (points are percentage points)."""
    if rating is None:
        return "No rating yet"
    text = f"{rating}, {end} end" if end else rating
    if to_next is not None and next_rating:
        text += f": {to_next} point{'s' if to_next != 1 else ''} from {next_rating}"
    return text
