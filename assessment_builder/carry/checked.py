"""The one way carry commands read their inputs: the checked loader, and the policy that refuses to carry a bad one.

A carry command (``new --from``, ``migrate``, ``split``, ``merge``) writes a new
workbook from what it read, so it only proceeds on an input the checked reader read
whole: no errors, the evidence log and action plan found, and no cell whose content
could not be read. Otherwise it stops with the located findings and writes nothing.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ..errors import Finding, RefusedWithFindings, Severity
from ..model import Assessment, Framework
from ..workbook import layout as L

# the tables a carry command copies into its output: (sheet, what the user calls it, attribute)
_LOGS = ((L.SHEET_EVIDENCE, "evidence log", "evidence"), (L.SHEET_ACTIONS, "action plan", "actions"))


class CarryRefused(RefusedWithFindings):
    """An input cannot be carried forward as it is; ``findings`` say where and why. Nothing was written."""

    def __init__(self, source: str, findings: list[Finding], why: str = "has problems"):
        self.source = source
        super().__init__(
            f"{source} {why}, so it was not carried forward and nothing was written. Fix what is listed "
            f"(`assessment-builder import {source}` lists it too) and run again.",
            findings,
        )


def _load(path: Path, framework: Framework | str | None) -> tuple[Assessment | None, list[Finding], str]:
    """The single way in for carry: (assessment or None, every finding, "workbook", "form" or "answers")."""
    from ..load import load_assessment

    loaded = load_assessment(path, framework)
    return loaded.value, list(loaded.findings), loaded.kind


def lost_logs(assessment: Assessment, findings: list[Finding]) -> list[Finding]:
    """Findings saying part of the evidence log or the action plan was not found (W308: a column missing).

    The reader reads such a table with that column empty (a warning for `import`); carrying it would
    write a workbook with that column emptied, so a carry command refuses. A log found nowhere is
    already an error (W306).
    """
    whats = {sheet: what for sheet, what, _attr in _LOGS}
    return [
        Finding(
            f.code,
            Severity.ERROR,
            f"{f.message} (carrying it would leave that column of the {whats.get(f.sheet or '', 'table')} empty)",
            file=f.file,
            sheet=f.sheet,
        )
        for f in findings
        if f.code == "W308"
    ]


def lost_values(findings: list[Finding]) -> list[Finding]:
    """Warnings about a cell whose content was not read at all (a date such as '2024/25', an unknown statement
    code): ``import`` reads it as empty, but a carried workbook would hold nothing there, and the text typed
    would be gone. A carry command refuses, naming each cell, so it can be put right first."""
    return [
        dataclasses.replace(
            f,
            severity=Severity.ERROR,
            message=f"{f.message} (carrying it would leave that cell empty and lose what was typed)",
        )
        for f in findings
        if f.dropped
    ]


def read_checked(
    path: Path, framework: Framework | str | None = None, into_workbook: bool = False
) -> tuple[Assessment, list[Finding]]:
    """An input read by the checked loader, or :class:`CarryRefused`; returns it with its warnings.

    ``into_workbook``: the command writes workbooks, which have no place for a Word form's narratives; a
    W507 warning then names the statements whose narrative is not carried.
    """
    assessment, findings, kind = _load(Path(path), framework)
    errors = [f for f in findings if f.severity == Severity.ERROR]
    if assessment is None or errors:
        raise CarryRefused(str(path), errors or findings or [_unreadable(path)])
    if kind in ("workbook", "form"):
        lost = lost_logs(assessment, findings)
        if lost:
            raise CarryRefused(str(path), lost, "is missing part of its evidence log or action plan")
    unread = lost_values(findings)
    if unread:
        raise CarryRefused(str(path), unread, "holds values that could not be read")
    warnings = [f for f in findings if f.severity == Severity.WARNING]
    return assessment, warnings + (narrative_not_carried(assessment) if into_workbook else [])


def _unreadable(path: Path) -> Finding:
    return Finding("W100", Severity.ERROR, "it could not be read", file=str(path))


# advice about the content (a low score without an action...), not about how the input was read
_ADVICE = {"W503", "W504"}


def warning_lines(findings: list[Finding]) -> list[str]:
    """The warnings about how an input was read that a carry command passes on (one line each, with its code)."""
    return [f"warning: {f.code} {f}" for f in findings if f.code not in _ADVICE]


def answers_left_out(assessment: Assessment, kept: set[str]) -> list[Finding]:
    """A W508 warning naming the answered statements that a scoped workbook (--statements, --themes) leaves out."""
    codes = [
        s.code
        for s in assessment.framework.statements
        if s.id not in kept
        and (a := assessment.answers.get(s.id)) is not None
        and (a.narrative or any(v not in (None, "") for v in a.values.values()))
    ]
    if not codes:
        return []
    where = Path(assessment.source).name if assessment.source else "the source"
    message = (
        f"the answers of {len(codes)} statement(s) ({', '.join(codes)}) are not carried: the statements or themes "
        f"asked for leave them out; they stay in {where} (evidence and actions are carried whole)"
    )
    return [Finding("W508", Severity.WARNING, message, file=assessment.source)]


def narrative_not_carried(assessment: Assessment, output: str | Path | None = None) -> list[Finding]:
    """A W507 warning naming the statements whose narrative (from a Word form) a workbook cannot hold."""
    codes = [s.code for s in assessment.framework.statements if (a := assessment.answers.get(s.id)) and a.narrative]
    if not codes:
        return []
    keep = (
        f"write a Word form instead (-o {Path(output).with_suffix('.docx').name}) to keep it"
        if output
        else "keep the Word form, or carry it with `new --from` to a .docx, to keep it"
    )
    message = (
        f"the narrative of {len(codes)} statement(s) ({', '.join(codes)}) is not carried: a workbook has no place "
        f"for it; {keep}"
    )
    return [Finding("W507", Severity.WARNING, message, file=assessment.source)]
