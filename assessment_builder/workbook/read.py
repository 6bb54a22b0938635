"""Read a completed workbook back: identify it, check it in ordered levels, collect every finding.

Levels: file (filecheck.py) -> identity (read_identity.py) -> integrity (sheets,
names and rows in read_assessment.py, tables in read_tables.py, protection) ->
values (read_values.py) -> cross-field (here). Cells come from fastbook.py (python-calamine
and a direct read of the few XML parts needed); a file it cannot read exactly as openpyxl
does is read with openpyxl instead. Answers are found by defined name
and table name, each checked against what the sheet holds; when a spreadsheet
program dropped or moved those, the reader finds them by headings and codes and
says so. Only the cells the file holds are visited. The input file is never written.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable
from dataclasses import field
from pathlib import Path
from typing import Any

from ..errors import AssessmentBuilderError, Finding, HasFindings, Severity
from ..frameworks import did_you_mean
from ..gcpause import gc_paused
from ..model import Assessment, Framework, StatementAnswer
from ..scoring import ScoreResult
from ..values import record
from . import layout as L
from .fastbook import Unmirrorable, open_fast
from .filecheck import check_file, unreadable
from .read_assessment import check_merged, check_wording, locate_inputs
from .read_context import read_context
from .read_identity import embedded_framework, identify, meta_of
from .read_indicators import read_indicators
from .read_scan import Collector, links_of, named_value
from .read_tables import read_actions, read_evidence
from .read_values import ValueReader, with_link


@record
class ReadResult(HasFindings):
    """The assessment read (None if the workbook could not be read) and every finding, in level order."""

    assessment: Assessment | None
    findings: list[Finding] = field(default_factory=list)
    source: str = ""

    @property
    def ok(self) -> bool:
        return self.assessment is not None and not self.errors

    def to_dict(self) -> dict[str, Any]:
        """The public shape of ``import --json``."""
        data: dict[str, Any] = (
            self.assessment.to_dict()
            if self.assessment
            else {
                "framework": None,
                "council": None,
                "statements": {},
                "evidence": [],
                "actions": [],
                "indicators": [],
                "context": {},
            }
        )
        data["findings"] = [
            {
                "code": f.code,
                "severity": f.severity.value,
                "sheet": f.sheet,
                "cell": f.cell,
                "item": f.item,
                "message": f.message,
            }
            for f in self.findings
        ]
        return data


def read_workbook(path: str | Path, *, framework: Framework | str | None = None) -> ReadResult:
    """Read and check a completed workbook; never raises for a bad workbook, never writes it."""
    return _read_with(Path(path), framework, "auto")


def _read_with(path: Path, framework: Framework | str | None, backend: str) -> ReadResult:
    """Read with the fast reader (calamine and the XML parts), else openpyxl when the fast one cannot be exact.

    ``backend`` is "auto"; tests also ask for "fast" (raises Unmirrorable instead of falling back) or
    "openpyxl" (the fall-back alone), to prove that both give the same result.
    """
    name = str(path)
    problems = check_file(path, name)
    if problems:
        return ReadResult(None, problems, name)
    with gc_paused():
        result = _read_either(path, name, framework, backend)
    if result.assessment is not None:
        from .notes import notes_findings

        result.findings.extend(notes_findings(path, name))
    return result


def _read_either(path: Path, name: str, framework: Framework | str | None, backend: str) -> ReadResult:
    if backend != "openpyxl":
        try:
            return _read_book(open_fast, path, name, framework)
        except Unmirrorable:
            if backend == "fast":
                raise
    return _read_book(_open_openpyxl, path, name, framework)


def _open_openpyxl(path: Path) -> Any:
    import openpyxl

    from .strict import transitional_copy

    source = transitional_copy(path) or path  # openpyxl finds no sheets in a strict package
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(source, data_only=False, keep_links=False)
    _unescape_text(wb)
    return wb


def _unescape_text(wb: Any) -> None:
    """Text cells as Excel shows them: openpyxl leaves Excel's escapes of control characters in the text (a
    line pasted from Windows text holds ``_x000D_``); they are the characters again, made plain text."""
    from ..plaintext import excel_unescape, plain

    for ws in wb.worksheets:
        for cell in getattr(ws, "_cells", {}).values():
            value = cell.value
            if type(value) is str and "_x00" in value:
                cell._value = plain(excel_unescape(value))  # the text itself: the type stays (never a formula)


def _read_book(opener: Callable[[Path], Any], path: Path, name: str, framework: Framework | str | None) -> ReadResult:
    try:
        wb = opener(path)
    except Exception as exc:  # noqa: BLE001 - any parser failure is a bad file, not a crash
        return ReadResult(None, [unreadable(name, exc)], name)
    try:
        return read_into(
            name,
            lambda out: _read(wb, out, framework),
            "part of the workbook is damaged and could not be read ({}); open it in Excel, let Excel repair it, save "
            "it as .xlsx and try again",
        )
    finally:
        wb.close()


def read_into(name: str, read: Callable[[Collector], Assessment | None], damaged: str) -> ReadResult:
    """Run ``read`` with a fresh Collector into a ReadResult; a part it cannot read is a W100 error, never a traceback.

    ``damaged`` is that error's message, ``{}`` standing for the exception (type and text).
    """
    out = Collector(name)
    try:
        assessment = read(out)
    except (AssessmentBuilderError, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged part must give a finding, never a traceback
        out.add("W100", Severity.ERROR, damaged.format(f"{type(exc).__name__}: {str(exc)[:200]}"))
        assessment = None
    if assessment is not None:
        assessment.source = name
    return ReadResult(assessment, out.findings, name)


def score_workbook(
    path: str | Path, *, framework: Framework | str | None = None
) -> tuple[ScoreResult | None, ReadResult]:
    """Read a workbook and score it the CQC way; the score is None when the workbook could not be read."""
    from ..scoring import score_assessment

    result = read_workbook(path, framework=framework)
    if result.assessment is None:
        return None, result
    return score_assessment(result.assessment.framework, result.assessment.scores()), result


# --- the whole read -------------------------------------------------------------------------------


def _read(wb: Any, out: Collector, framework: Framework | str | None) -> Assessment | None:
    meta = meta_of(wb)
    fw = identify(wb, out, meta, framework)
    if fw is None:
        return None
    full = fw.whole or fw  # evidence in a scoped workbook (a lead's part) may name statements outside its scope
    scope = [s for s in meta.get("scope", "").split(",") if s]
    if scope:
        known = {s.id for s in fw.statements}
        fw = fw.scoped({s for s in scope if s in known}) if any(s in known for s in scope) else fw
    if L.SHEET_ASSESSMENT not in wb.sheetnames:
        out.add(
            "W301",
            Severity.ERROR,
            f"the sheet '{L.SHEET_ASSESSMENT}' is missing or was renamed"
            f"{did_you_mean(L.SHEET_ASSESSMENT, wb.sheetnames)}; rename it back to '{L.SHEET_ASSESSMENT}'",
            sheet=L.SHEET_ASSESSMENT,
        )
        return None
    council = meta.get("council") or named_value(wb, L.NAME_COUNCIL) or ""
    values = ValueReader(fw, out, codes_from=full)
    cells = locate_inputs(wb, fw, full, out)
    ws = wb[L.SHEET_ASSESSMENT]
    if not ws.protection.sheet and meta.get("protected") == "yes":
        out.add(
            "W302",
            Severity.WARNING,
            "sheet protection was removed from the Assessment sheet; check that the locked wording was not edited",
            sheet=L.SHEET_ASSESSMENT,
        )
    check_wording(ws, fw, meta, out)
    check_merged(ws, fw, cells, out)
    answers: dict[str, StatementAnswer] = {}
    for s in fw.statements:
        answer = StatementAnswer(s.id)
        for f in fw.input_fields():
            where = cells.get((s.id, f.key))
            if where is None:
                continue
            sheet, ref, cell = where
            value = cell.value
            if f.kind == "text" and cell.data_type != "f":
                value = with_link(value, links_of(wb[sheet]).get((cell.row, cell.column)))
            answer.values[f.key] = values.field(f, value, sheet, ref, s.id, cell.data_type == "f")
        answers[s.id] = answer
    evidence_sheet, evidence = read_evidence(wb, values, out)
    actions_sheet, actions = read_actions(wb, values, out)
    assessment = Assessment(
        fw, council, answers, [e for e, _ in evidence], [a for a, _ in actions], generated=meta.get("generated")
    )
    assessment.indicators = read_indicators(wb, full, values, out)
    assessment.context = read_context(wb, out)
    assessment.part_of = {
        k[len(L.META_SPLIT_PREFIX) :]: v for k, v in meta.items() if k.startswith(L.META_SPLIT_PREFIX)
    }
    score_cells = {sid: ref for (sid, key), (_sheet, ref, _c) in cells.items() if key == "score"}
    _cross_checks(
        assessment,
        [ref for _, ref in evidence],
        [ref for _, ref in actions],
        score_cells,
        out,
        (evidence_sheet, actions_sheet),
    )
    return assessment


# --- cross-field ----------------------------------------------------------------------------------


def _cross_checks(
    a: Assessment,
    evidence_refs: list[str],
    action_refs: list[str],
    score_cells: dict[str, str],
    out: Collector,
    sheets: tuple[str | None, str | None] = (L.SHEET_EVIDENCE, L.SHEET_ACTIONS),
) -> None:
    """Checks across sheets: duplicate ids; shortfalls need actions; scores need evidence (at the score cell).

    A log that was found nowhere (``sheets`` None, a W306 error already) is not blamed on every statement.
    """
    evidence = [(e.id, ref) for e, ref in zip(a.evidence, evidence_refs)]
    actions = [(act.id, ref) for act, ref in zip(a.actions, action_refs)]
    check_ids("W501", "evidence id", "give each item its own id", evidence, sheets[0] or L.SHEET_EVIDENCE, out)
    check_ids("W506", "action id", "give each action its own id", actions, sheets[1] or L.SHEET_ACTIONS, out)
    check_scores(
        a, sheets, lambda sid: (L.SHEET_ASSESSMENT, score_cells.get(sid)), ("Actions sheet", "Evidence sheet"), out
    )


def check_ids(code: str, what: str, fix: str, rows: list[tuple[str, str]], sheet: str | None, out: Collector) -> None:
    """An id given to two rows of a log (W501 evidence, W506 actions), flagged where it is used again."""
    seen: dict[str, str] = {}
    for ident, ref in rows:
        if ident in seen and not ident.startswith("row"):
            out.add(
                code,
                Severity.ERROR,
                f"{what} '{ident}' is used twice (first at {seen[ident]}); {fix}",
                sheet=sheet,
                cell=ref,
                item=ident,
            )
        else:
            seen.setdefault(ident, ref or "")


def check_scores(
    a: Assessment,
    sheets: tuple[str | None, str | None],
    at: Callable[[str], tuple[str | None, str | None]],
    names: tuple[str, str],
    out: Collector,
) -> None:
    """Shortfalls need actions (W503), scores need evidence (W504), each flagged where ``at`` puts the score.

    ``names`` are what the action plan and the evidence log are called where they are typed; a log found
    nowhere (its ``sheets`` entry None, a W306 error already) is not blamed on every statement.
    """
    if not a.framework.rated:
        return
    with_action = {act.statement for act in a.actions if act.statement}
    with_evidence = {sid for e in a.evidence for sid in e.statements}
    for s in a.framework.statements:
        score = a.answers[s.id].score if s.id in a.answers else None
        if score is None:
            continue
        sheet, cell = at(s.id)
        if score <= 2 and s.id not in with_action and sheets[1] is not None:
            out.add(
                "W503",
                Severity.WARNING,
                f"{s.code} is scored {score} (shortfalls) but has no action in the action plan; add at least one "
                f"row to the {names[0]} with Statement {s.code}",
                sheet=sheet,
                cell=cell,
                item=s.id,
            )
        if s.id not in with_evidence and sheets[0] is not None:
            out.add(
                "W504",
                Severity.WARNING,
                f"{s.code} is scored but no evidence names it; add {s.code} to the Statements column of the "
                f"{names[1]} rows that support the score",
                sheet=sheet,
                cell=cell,
                item=s.id,
            )


def today() -> dt.date:
    return dt.date.today()


__all__ = ["ReadResult", "embedded_framework", "read_workbook", "score_workbook"]
