"""Build a :class:`Summary` from an Assessment: headline, per-statement rows, coverage, ranked gaps, actions.

Scoring comes from :mod:`assessment_builder.scoring` and the framework's policy; nothing
here re-implements it or asks whether the framework is rated.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..errors import Finding, UsageError, WorkbookUnreadable
from ..model import ACTION_STATUS_CHOICES, Assessment, Framework, Statement
from ..scoring import OverallScore, band_position, round_percent, score_assessment
from .changes import changes_between
from .model import ActionRow, Gap, Headline, OwnerRow, StatementRow, Summary, ThemeRow, position_text

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


def two_years_before(day: dt.date) -> dt.date:
    """The same calendar day two years earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 2)
    except ValueError:
        return day.replace(year=day.year - 2, day=28)


def text_or_none(value: Any) -> str | None:
    """A stripped string, or None for nothing or blanks."""
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
    statements = fw.statements

    evidence_for: dict[str, list[Any]] = {s.id: [] for s in statements}
    for item in assessment.evidence:
        for sid in dict.fromkeys(item.statements):  # a statement named twice counts once
            if sid in evidence_for:
                evidence_for[sid].append(item)

    actions = _action_rows(assessment, today)
    actions_for: dict[str, list[ActionRow]] = {s.id: [] for s in statements}
    for row in actions:
        if row.statement in actions_for:
            actions_for[row.statement].append(row)

    score_result = score_assessment(fw, assessment.scores())
    rows = {s.id: _statement_row(fw, s, assessment, evidence_for[s.id], actions_for[s.id]) for s in statements}
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
    complete = sum(1 for r in rows.values() if r.status == "Complete")
    answered = sum(1 for r in rows.values() if fw.policy.answered({"score": r.score, **r.text}))

    changes = None
    prev_label = None
    if previous is not None:
        changes = tuple(changes_between(previous, assessment, rows))
        prev_label = Path(previous.source).name if previous.source else previous.council

    return Summary(
        council=assessment.council,
        framework_id=fw.id,
        framework_title=fw.title,
        framework_version=fw.version,
        policy=fw.policy,
        as_of=today,
        statements=len(statements),
        complete=complete,
        completion_percent=round_percent(complete, len(statements)) if statements else 0,
        scored=answered,
        headline=_headline(fw, score_result.overall),
        categories=tuple((c.id, c.title) for c in fw.evidence_categories),
        scale=tuple((p.value, p.label) for p in fw.scale),
        themes=themes,
        gaps=_gaps(fw, rows, evidence_for, actions, two_years_before(today)),
        actions=tuple(actions),
        actions_by_status=_by_status(actions),
        actions_by_owner=_by_owner(actions),
        evidence_items=len(assessment.evidence),
        previous=prev_label,
        changes=changes,
        source=Path(assessment.source).name if assessment.source else None,  # a name, never a machine path
    )


def _headline(fw: Framework, o: OverallScore | None) -> Headline | None:
    """The predicted rating and its place in the band; None when the policy gives no overall score."""
    if o is None:
        return None
    pos = band_position(o.percent, fw.rating_bands) if o.percent is not None else {}
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
        next_rating=pos.get("next"),
        position=position_text(o.rating, pos.get("end"), pos.get("to_next"), pos.get("next")),
    )


def _action_rows(assessment: Assessment, today: dt.date) -> list[ActionRow]:
    code_of = {s.id: s.code for s in assessment.framework.statements}
    rows = []
    for item in assessment.actions:
        closed = (item.status or "") in CLOSED_ACTION_STATUSES
        overdue = not closed and (item.status == "Overdue" or (item.due is not None and item.due < today))
        code = code_of.get(item.statement) if item.statement else None
        rows.append(ActionRow(item.id, item.statement, code, item.action, item.owner, item.due, item.status, overdue))
    return rows


def _by_status(actions: list[ActionRow]) -> dict[str, int]:
    by_status: dict[str, int] = {}
    for status in (*ACTION_STATUS_CHOICES, None):
        n = sum(1 for a in actions if (a.status or None) == status)
        if n or status in ACTION_STATUS_CHOICES:
            by_status[status or "No status"] = n
    for a in actions:  # a status outside the list (typed by hand) is still counted
        if a.status and a.status not in ACTION_STATUS_CHOICES:
            by_status[a.status] = by_status.get(a.status, 0) + 1
    return by_status


def _by_owner(actions: list[ActionRow]) -> tuple[OwnerRow, ...]:
    owners: dict[str, list[ActionRow]] = {}
    for a in actions:
        owners.setdefault(text_or_none(a.owner) or "No owner", []).append(a)
    return tuple(
        OwnerRow(
            owner=name,
            total=len(items),
            open=sum(1 for a in items if (a.status or "") not in CLOSED_ACTION_STATUSES),
            overdue=sum(1 for a in items if a.overdue),
        )
        for name, items in sorted(owners.items(), key=lambda kv: (kv[0] == "No owner", kv[0].lower()))
    )


def _statement_row(
    fw: Framework, s: Statement, assessment: Assessment, evidence: list[Any], actions: list[ActionRow]
) -> StatementRow:
    answer = assessment.answers.get(s.id)
    values = answer.values if answer else {}
    score = fw.policy.score_of(values)
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
    return StatementRow(
        id=s.id,
        code=s.code,
        title=s.title,
        theme=s.theme_id,
        score=score,
        score_label=label,
        confidence=text_or_none(values.get("confidence")),
        status=text_or_none(values.get("status")),
        lead=text_or_none(values.get("lead")),
        evidence=len(evidence),
        coverage=coverage,
        expected_categories=s.evidence_categories,
        actions=len(actions),
        open_actions=sum(1 for a in actions if (a.status or "") not in CLOSED_ACTION_STATUSES),
        text={key: text_or_none(values.get(key)) for key, _heading in fw.policy.narrative},
    )


def _gaps(
    fw: Framework,
    rows: dict[str, StatementRow],
    evidence_for: dict[str, list[Any]],
    actions: list[ActionRow],
    cutoff: dt.date,
) -> tuple[Gap, ...]:
    titles = {c.id: c.title for c in fw.evidence_categories}
    order = {s.id: i for i, s in enumerate(fw.statements)}
    gaps: list[Gap] = []

    def add(kind: str, row: StatementRow | None, message: str) -> None:
        gaps.append(Gap(kind, GAP_WEIGHTS[kind], row.id if row else None, row.code if row else None, message))

    for row in rows.values():
        name = f"{row.code} {row.title}"
        judged = {"score": row.score, "confidence": row.confidence, **row.text}
        for kind, message in fw.policy.judgement_gaps(name, judged, row.actions):
            add(kind, row, message)
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
    from ..workbook.read import read_workbook

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
