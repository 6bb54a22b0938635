"""Where a council stands: the headline, per-statement answers, evidence coverage, ranked gaps, actions, changes.

``build_summary`` turns one :class:`~assessment_builder.model.Assessment` into a
:class:`Summary`: plain data that every renderer (terminal, Markdown, HTML) and
``summary --format json`` share, so all four say exactly the same thing.
Scoring comes from :mod:`assessment_builder.scoring`; nothing here re-implements it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Finding, UsageError, WorkbookUnreadable
from .model import ACTION_STATUS_CHOICES, Assessment, Framework, Statement
from .scoring import band_position, round_percent, score_assessment

# Gap weights: higher is more urgent. A director reads the top of the list first, so the order
# follows what would hurt most in front of CQC: no answer at all, then a low score nobody is acting
# on, then claims without evidence, then the finer points.
GAP_WEIGHTS: dict[str, int] = {
    "unscored": 100,  # rated: no self-assessed score
    "no_content": 100,  # unrated: nothing written for the area
    "shortfall_without_action": 90,  # score 1 or 2 and no action in the plan
    "no_evidence": 80,  # no evidence item names the statement
    "missing_peoples_experience": 70,  # CQC weighs people's experience first
    "missing_category": 60,  # another evidence category the statement expects has nothing
    "low_confidence_high_score": 55,  # scored 3 or 4 but confidence Low
    "overdue_action": 50,
    "no_recommendations": 45,  # unrated: considerations with no recommendation
    "stale_evidence": 40,  # evidence older than two years
}

PEOPLES_EXPERIENCE = "peoples_experience"
CLOSED_ACTION_STATUSES = ("Complete", "Carried forward")  # carried forward: completed in a previous cycle


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
    rated: bool
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
                "kind": "rated" if self.rated else "unrated",
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


def two_years_before(day: dt.date) -> dt.date:
    """The same calendar day two years earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 2)
    except ValueError:
        return day.replace(year=day.year - 2, day=28)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def build_summary(
    assessment: Assessment,
    *,
    previous: Assessment | None = None,
    as_of: dt.date | None = None,
) -> Summary:
    """Summarise ``assessment``: headline, statements, coverage, ranked gaps, actions and (with
    ``previous``) what moved. ``as_of`` (default today) decides overdue actions and stale evidence."""
    fw = assessment.framework
    today = as_of or dt.date.today()
    cutoff = two_years_before(today)
    statements = fw.statements
    known = {s.id for s in statements}
    code_of = {s.id: s.code for s in statements}

    evidence_for: dict[str, list[Any]] = {s.id: [] for s in statements}
    for item in assessment.evidence:
        for sid in dict.fromkeys(item.statements):  # a statement named twice counts once
            if sid in evidence_for:
                evidence_for[sid].append(item)

    actions: list[ActionRow] = []
    for item_ in assessment.actions:
        closed = (item_.status or "") in CLOSED_ACTION_STATUSES
        overdue = not closed and (item_.status == "Overdue" or (item_.due is not None and item_.due < today))
        action_sid = item_.statement if item_.statement in known else None
        actions.append(
            ActionRow(
                item_.id,
                item_.statement,
                code_of.get(action_sid) if action_sid else None,
                item_.action,
                item_.owner,
                item_.due,
                item_.status,
                overdue,
            )
        )
    actions_for: dict[str, list[ActionRow]] = {s.id: [] for s in statements}
    for row in actions:
        if row.statement in actions_for:
            actions_for[row.statement].append(row)

    score_result = score_assessment(fw, assessment.scores())
    rows: dict[str, StatementRow] = {}
    for s in statements:
        rows[s.id] = _statement_row(fw, s, assessment, evidence_for[s.id], actions_for[s.id])

    themes = tuple(
        ThemeRow(
            id=t.id,
            code=t.code,
            title=t.title,
            score=score_result.themes[t.id].mean if t.id in score_result.themes else None,
            percent=score_result.themes[t.id].percent if t.id in score_result.themes else None,
            statements=tuple(rows[s.id] for s in t.statements),
        )
        for t in fw.themes
    )

    headline = None
    if fw.rated and score_result.overall is not None:
        o = score_result.overall
        pos = band_position(o.percent, fw.rating_bands) if o.percent is not None else {}
        headline = Headline(
            percent=o.percent,
            rating=o.rating,
            total=o.total,
            maximum=o.maximum,
            scored=o.scored,
            statements=o.statements,
            provisional=o.provisional,
            end=pos.get("end"),
            to_next=pos.get("to_next"),
            next_rating=pos.get("next"),
            position=position_text(o.rating, pos.get("end"), pos.get("to_next"), pos.get("next")),
        )

    complete = sum(1 for r in rows.values() if r.status == "Complete")
    if fw.rated:
        scored = sum(1 for r in rows.values() if r.score is not None)
    else:
        scored = sum(1 for r in rows.values() if any(r.text.values()))

    gaps = _gaps(fw, rows, evidence_for, actions, cutoff, assessment)

    by_status: dict[str, int] = {}
    for status in (*ACTION_STATUS_CHOICES, None):
        n = sum(1 for a in actions if (a.status or None) == status)
        if n or status in ACTION_STATUS_CHOICES:
            by_status[status or "No status"] = n
    for a in actions:  # a status outside the list (typed by hand) is still counted
        if a.status and a.status not in ACTION_STATUS_CHOICES:
            by_status[a.status] = by_status.get(a.status, 0) + 1
    owners: dict[str, list[ActionRow]] = {}
    for a in actions:
        owners.setdefault(_text(a.owner) or "No owner", []).append(a)
    by_owner = tuple(
        OwnerRow(
            owner=name,
            total=len(items),
            open=sum(1 for a in items if (a.status or "") not in CLOSED_ACTION_STATUSES),
            overdue=sum(1 for a in items if a.overdue),
        )
        for name, items in sorted(owners.items(), key=lambda kv: (kv[0] == "No owner", kv[0].lower()))
    )

    changes = None
    prev_label = None
    if previous is not None:
        changes = tuple(_changes(previous, assessment, rows))
        prev_label = Path(previous.source).name if previous.source else previous.council

    return Summary(
        council=assessment.council,
        framework_id=fw.id,
        framework_title=fw.title,
        framework_version=fw.version,
        rated=fw.rated,
        as_of=today,
        statements=len(statements),
        complete=complete,
        completion_percent=round_percent(complete, len(statements)) if statements else 0,
        scored=scored,
        headline=headline,
        categories=tuple((c.id, c.title) for c in fw.evidence_categories),
        scale=tuple((p.value, p.label) for p in fw.scale),
        themes=themes,
        gaps=gaps,
        actions=tuple(actions),
        actions_by_status=by_status,
        actions_by_owner=by_owner,
        evidence_items=len(assessment.evidence),
        previous=prev_label,
        changes=changes,
        source=Path(assessment.source).name if assessment.source else None,  # a name, never a machine path
    )


def _statement_row(
    fw: Framework, s: Statement, assessment: Assessment, evidence: list[Any], actions: list[ActionRow]
) -> StatementRow:
    answer = assessment.answers.get(s.id)
    values = answer.values if answer else {}
    score = answer.score if answer else None
    label = None
    if score is not None:
        try:
            label = fw.scale_label(score)
        except KeyError:
            label = None
    coverage = {c.id: 0 for c in fw.evidence_categories}
    for item in evidence:
        if item.category in coverage:
            coverage[item.category] += 1
    text_keys = ("strengths", "development") if fw.rated else ("strengths", "considerations", "recommendations")
    return StatementRow(
        id=s.id,
        code=s.code,
        title=s.title,
        theme=s.theme_id,
        score=score,
        score_label=label,
        confidence=_text(values.get("confidence")),
        status=_text(values.get("status")),
        lead=_text(values.get("lead")),
        evidence=len(evidence),
        coverage=coverage,
        expected_categories=s.evidence_categories,
        actions=len(actions),
        open_actions=sum(1 for a in actions if (a.status or "") not in CLOSED_ACTION_STATUSES),
        text={k: _text(values.get(k)) for k in text_keys},
    )


def _gaps(
    fw: Framework,
    rows: dict[str, StatementRow],
    evidence_for: dict[str, list[Any]],
    actions: list[ActionRow],
    cutoff: dt.date,
    assessment: Assessment,
) -> tuple[Gap, ...]:
    titles = {c.id: c.title for c in fw.evidence_categories}
    order = {s.id: i for i, s in enumerate(fw.statements)}
    gaps: list[Gap] = []

    def add(kind: str, row: StatementRow | None, message: str) -> None:
        gaps.append(Gap(kind, GAP_WEIGHTS[kind], row.id if row else None, row.code if row else None, message))

    for row in rows.values():
        name = f"{row.code} {row.title}"
        if fw.rated:
            if row.score is None:
                add("unscored", row, f"{name} has no self-assessed score yet.")
            elif row.score <= 2 and row.actions == 0:
                add(
                    "shortfall_without_action",
                    row,
                    f"{name} is scored {row.score} (shortfalls) but has no action in the action plan.",
                )
            if row.score is not None and row.score >= 3 and row.confidence == "Low":
                add(
                    "low_confidence_high_score",
                    row,
                    f"{name} is scored {row.score} with Low confidence: test the evidence behind the score.",
                )
        else:
            if not any(row.text.values()):
                add("no_content", row, f"{name} has no strengths, considerations or recommendations yet.")
            elif row.text.get("considerations") and not row.text.get("recommendations"):
                add("no_recommendations", row, f"{name} has areas for consideration but no recommendation.")
        if row.evidence == 0:
            add("no_evidence", row, f"{name} has no evidence in the evidence log.")
        else:
            expected = row.expected_categories or tuple(titles)
            for cat in expected:
                if cat in row.coverage and row.coverage[cat] == 0:
                    kind = "missing_peoples_experience" if cat == PEOPLES_EXPERIENCE else "missing_category"
                    add(kind, row, f"{name} has no evidence of {titles.get(cat, cat).lower()}.")
        stale = [e for e in evidence_for[row.id] if e.date is not None and e.date < cutoff]
        if stale:
            ids = ", ".join(e.id for e in stale)
            add(
                "stale_evidence",
                row,
                f"{name} relies on evidence older than two years: {ids} ({len(stale)} of {row.evidence} items).",
            )
    for a in actions:
        if a.overdue:
            arow = rows.get(a.statement) if a.statement else None
            due = a.due.isoformat() if a.due else "no date"
            owner = a.owner or "no owner"
            what = f" '{a.action}'" if a.action else ""
            add("overdue_action", arow, f"Action {a.id}{what} is overdue (due {due}, {owner}).")
    gaps.sort(key=lambda g: (-g.weight, order.get(g.statement or "", len(order)), g.message))
    return tuple(gaps)


def _changes(previous: Assessment, current: Assessment, rows: dict[str, StatementRow]) -> list[Change]:
    """What moved between two self-assessments of the same framework, matched by statement id."""
    out: list[Change] = []
    prev_fw, cur_fw = previous.framework, current.framework
    prev_ids = {s.id for s in prev_fw.statements}
    cur_ids = {s.id for s in cur_fw.statements}
    prev_scores = previous.scores()

    if cur_fw.rated and prev_fw.rated:
        before = score_assessment(prev_fw, prev_scores).overall
        after = score_assessment(cur_fw, current.scores()).overall
        if before and after and before.percent != after.percent:
            direction = _direction(before.percent, after.percent)
            out.append(
                Change(
                    None,
                    None,
                    "percent",
                    before.percent,
                    after.percent,
                    direction,
                    f"Overall {_pct(before.percent)} -> {_pct(after.percent)}",
                )
            )
        if before and after and before.rating != after.rating:
            out.append(
                Change(
                    None,
                    None,
                    "rating",
                    before.rating,
                    after.rating,
                    "changed",
                    f"Predicted rating {before.rating or 'none'} -> {after.rating or 'none'}",
                )
            )

    prev_evidence: dict[str, int] = {}
    for item in previous.evidence:
        for sid in dict.fromkeys(item.statements):
            prev_evidence[sid] = prev_evidence.get(sid, 0) + 1

    for s in cur_fw.statements:
        row = rows[s.id]
        name = f"{s.code} {s.title}"
        if s.id not in prev_ids:
            out.append(Change(s.id, s.code, "statement", None, s.id, "added", f"{name} is new in this framework"))
            continue
        pans = previous.answers.get(s.id)
        pvalues = pans.values if pans else {}
        if cur_fw.rated:
            old, new = prev_scores.get(s.id), row.score
            if old != new:
                out.append(
                    Change(
                        s.id,
                        s.code,
                        "score",
                        old,
                        new,
                        _direction(old, new),
                        f"{name}: score {_num(old)} -> {_num(new)}",
                    )
                )
            oldc, newc = _text(pvalues.get("confidence")), row.confidence
            if oldc != newc:
                out.append(
                    Change(
                        s.id,
                        s.code,
                        "confidence",
                        oldc,
                        newc,
                        _confidence_direction(oldc, newc),
                        f"{name}: confidence {oldc or 'none'} -> {newc or 'none'}",
                    )
                )
        olds, news = _text(pvalues.get("status")), row.status
        if olds != news:
            out.append(
                Change(
                    s.id,
                    s.code,
                    "status",
                    olds,
                    news,
                    "changed",
                    f"{name}: status {olds or 'none'} -> {news or 'none'}",
                )
            )
        olde, newe = prev_evidence.get(s.id, 0), row.evidence
        if olde != newe:
            out.append(
                Change(
                    s.id,
                    s.code,
                    "evidence",
                    olde,
                    newe,
                    _direction(olde, newe),
                    f"{name}: evidence items {olde} -> {newe}",
                )
            )
    for s in prev_fw.statements:
        if s.id not in cur_ids:
            out.append(
                Change(s.id, s.code, "statement", s.id, None, "removed", f"{s.code} {s.title} is no longer assessed")
            )
    return out


def _direction(old: int | None, new: int | None) -> str:
    if old is None and new is not None:
        return "added"
    if new is None and old is not None:
        return "removed"
    if old is not None and new is not None:
        return "up" if new > old else "down" if new < old else "changed"
    return "changed"


_CONFIDENCE_RANK = {"Low": 1, "Medium": 2, "High": 3}


def _confidence_direction(old: str | None, new: str | None) -> str:
    return _direction(_CONFIDENCE_RANK.get(old or ""), _CONFIDENCE_RANK.get(new or ""))


def _num(value: int | None) -> str:
    return "none" if value is None else str(value)


def _pct(value: int | None) -> str:
    return "none" if value is None else f"{value}%"


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
    "summarize_workbook",
    "position_text",
    "two_years_before",
]


def summarize_workbook(
    path: str | Path,
    *,
    previous: str | Path | None = None,
    as_of: dt.date | None = None,
) -> tuple[Summary, list[Finding]]:
    """Read a completed workbook (and optionally the previous one) and summarise it.

    Returns the summary and every finding met while reading (problems that did not
    stop the reading, such as a score typed as text). Raises WorkbookUnreadable when
    a workbook cannot be read at all.
    """
    from .workbook.read import read_workbook

    findings: list[Finding] = []
    current = read_workbook(Path(path))
    findings.extend(current.findings)
    if current.assessment is None:
        raise WorkbookUnreadable(str(path), list(current.findings))
    before = None
    if previous is not None:
        old = read_workbook(Path(previous))
        findings.extend(old.findings)
        if old.assessment is None:
            raise WorkbookUnreadable(str(previous), list(old.findings))
        before = old.assessment
        if before.framework.id != current.assessment.framework.id:
            raise UsageError(
                f"'{previous}' uses the framework '{before.framework.id}' but '{path}' uses "
                f"'{current.assessment.framework.id}'; --previous must be a self-assessment of the same framework"
            )
        if before.source is None:
            before.source = str(previous)
    if current.assessment.source is None:
        current.assessment.source = str(path)
    return build_summary(current.assessment, previous=before, as_of=as_of), findings
