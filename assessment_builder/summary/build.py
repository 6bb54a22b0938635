"""Build a :class:`Summary` from an Assessment: headline, per-statement rows, coverage, ranked gaps, actions.

Scoring comes from :mod:`assessment_builder.scoring` and the framework's policy; nothing
here re-implements it or asks whether the framework is rated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import Finding, UsageError, WorkbookUnreadable
from ..model import ACTION_STATUS_CHOICES, Assessment, Framework, Statement
from ..scoring import round_percent, score_assessment
from .changes import changes_between
from .gaps import GAP_WEIGHTS, find_gaps, two_years_before
from .headline import build_headline
from .model import ActionRow, DataProblem, OwnerRow, StatementRow, Summary, ThemeRow

__all__ = ["GAP_WEIGHTS", "build_summary", "data_problems", "summarize_workbook", "two_years_before"]

CLOSED_ACTION_STATUSES = ("Complete", "Carried forward")  # carried forward: completed in a previous cycle
OVERDUE = "Overdue"
NO_STATUS = "No status"


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
    findings: Iterable[Finding] = (),
) -> Summary:
    """Summarise ``assessment``: headline, statements, coverage, ranked gaps, actions and (with
    ``previous``) what moved. ``as_of`` (default today) decides overdue actions and stale evidence.
    ``findings`` are the problems met reading the workbook(s): every output lists them."""
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
        headline=build_headline(fw, score_result.overall),
        categories=tuple((c.id, c.title) for c in fw.evidence_categories),
        scale=tuple((p.value, p.label) for p in fw.scale),
        themes=themes,
        gaps=find_gaps(fw, rows, evidence_for, actions, today, tuple(assessment.indicators)),
        actions=tuple(actions),
        actions_by_status=_by_status(actions),
        actions_by_owner=_by_owner(actions),
        evidence_items=len(assessment.evidence),
        open_actions=sum(1 for a in actions if a.open),
        overdue=sum(1 for a in actions if a.overdue),
        data_problems=data_problems(findings),
        previous=prev_label,
        changes=changes,
        source=Path(assessment.source).name if assessment.source else None,  # a name, never a machine path
    )


def _action_rows(assessment: Assessment, today: dt.date) -> list[ActionRow]:
    code_of = {s.id: s.code for s in assessment.framework.statements}
    rows = []
    for item in assessment.actions:
        status = text_or_none(item.status)
        closed = status in CLOSED_ACTION_STATUSES
        overdue = not closed and (status == OVERDUE or (item.due is not None and item.due < today))
        state = OVERDUE if overdue else (status or NO_STATUS)
        code = code_of.get(item.statement) if item.statement else None
        owner = text_or_none(item.owner)
        rows.append(
            ActionRow(item.id, item.statement, code, item.action, owner, item.due, status, overdue, state, not closed)
        )
    return rows


def data_problems(findings: Iterable[Finding]) -> tuple[DataProblem, ...]:
    """The findings as the summary lists them: code, where (file name, sheet, cell) and message."""
    return tuple(
        DataProblem(
            code=f.code,
            severity=f.severity.value,
            file=Path(f.file).name if f.file else None,
            sheet=f.sheet,
            cell=f.cell,
            item=f.item,
            message=f.message,
        )
        for f in findings
    )


def _by_status(actions: list[ActionRow]) -> dict[str, int]:
    """Actions counted once each by ``state``: an open action past its due date counts as Overdue."""
    by_status = {status: 0 for status in ACTION_STATUS_CHOICES}
    for a in actions:  # a status outside the list (typed by hand), or none, is still counted
        by_status[a.state] = by_status.get(a.state, 0) + 1
    return by_status


def _by_owner(actions: list[ActionRow]) -> tuple[OwnerRow, ...]:
    owners: dict[str, list[ActionRow]] = {}
    for a in actions:
        owners.setdefault(text_or_none(a.owner) or "No owner", []).append(a)
    return tuple(
        OwnerRow(
            owner=name,
            total=len(items),
            open=sum(1 for a in items if a.open),
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
        open_actions=sum(1 for a in actions if a.open),
        text={key: text_or_none(values.get(key)) for key, _heading in fw.policy.narrative},
        indicators=tuple(
            {
                "id": i.id,
                "name": i.name,
                "period": i.period,
                "value": i.value,
                "england": i.england,
                "variation": i.variation,
            }
            for i in assessment.indicators
            if s.id in i.statements
        ),
        narrative=text_or_none(answer.narrative) if answer else None,
    )


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
    from ..load import load_assessment

    current = load_assessment(path)
    findings: list[Finding] = list(current.findings)
    if current.value is None:
        raise WorkbookUnreadable(str(path), list(current.findings))
    before = None
    if previous is not None:
        old = load_assessment(previous)
        findings.extend(old.findings)
        if old.value is None:
            raise WorkbookUnreadable(str(previous), list(old.findings))
        before = old.value
        if before.framework.id != current.value.framework.id:
            raise UsageError(
                f"'{previous}' uses the framework '{before.framework.id}' but '{path}' uses "
                f"'{current.value.framework.id}'; --previous must be a self-assessment of the same framework"
            )
        if before.source is None:
            before.source = str(previous)
    if current.value.source is None:
        current.value.source = str(path)
    return build_summary(current.value, previous=before, as_of=as_of, findings=findings), findings
