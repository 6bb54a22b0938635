"""Compare many self-assessments: councils across a region, or one council over time.

Each input is turned into a :class:`CompareInput` by :func:`read_compare_input`
(the one hook to extend: workbooks today, CQC report records when
``assessment_builder.cqc_report`` is present). A file that cannot be read is
recorded in ``Comparison.skipped`` with the reason, never fatal: one bad file
must not sink a region's benchmark.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import AssessmentBuilderError, Severity
from .model import Assessment, Framework
from .scoring import score_assessment

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
REPORT_SUFFIXES = (".json", ".txt", ".md")

Progress = Callable[[int, int, Path], None]  # (index done, total, path)


@dataclass(frozen=True)
class CompareInput:
    """What compare needs from one input, whatever it was read from."""

    label: str  # usually the council name
    framework: Framework
    scores: dict[str, int | None]
    evidence: dict[str, int] | None = None  # statement id -> evidence items; None when the source has none
    kind: str = "workbook"  # "workbook" or "cqc-report"


@dataclass(frozen=True)
class CompareEntry:
    label: str
    source: str  # the file name
    kind: str
    framework_version: str
    scores: dict[str, int | None]
    evidence: dict[str, int] | None
    percent: int | None
    rating: str | None
    scored: int
    complete: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "source": self.source,
            "kind": self.kind,
            "framework_version": self.framework_version,
            "scores": dict(self.scores),
            "evidence": None if self.evidence is None else dict(self.evidence),
            "percent": self.percent,
            "rating": self.rating,
            "scored": self.scored,
            "complete": self.complete,
        }


@dataclass(frozen=True)
class Skipped:
    source: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"source": self.source, "reason": self.reason}


@dataclass(frozen=True)
class Comparison:
    framework_id: str | None
    framework_title: str | None
    rated: bool
    statements: tuple[tuple[str, str, str], ...]  # (id, code, title) in framework order
    entries: tuple[CompareEntry, ...]
    skipped: tuple[Skipped, ...] = field(default=())
    min_score: int = 1
    max_score: int = 4

    def to_dict(self) -> dict[str, Any]:
        """The public shape of ``compare --format json``."""
        return {
            "framework": {"id": self.framework_id, "title": self.framework_title, "rated": self.rated},
            "scale": {"min": self.min_score, "max": self.max_score},
            "statements": [{"id": i, "code": c, "title": t} for i, c, t in self.statements],
            "entries": [e.to_dict() for e in self.entries],
            "skipped": [s.to_dict() for s in self.skipped],
        }


def assessment_input(assessment: Assessment) -> CompareInput:
    """A read self-assessment as a compare input (scores and evidence counts per statement)."""
    counts = {s.id: 0 for s in assessment.framework.statements}
    for item in assessment.evidence:
        for sid in dict.fromkeys(item.statements):
            if sid in counts:
                counts[sid] += 1
    return CompareInput(assessment.council, assessment.framework, assessment.scores(), counts, "workbook")


def read_compare_input(path: Path) -> CompareInput:
    """Turn one input file into a :class:`CompareInput`, or raise an AssessmentBuilderError saying why not.

    ``.xlsx``/``.xlsm``: a self-assessment workbook. ``.json``/``.txt``/``.md``: a CQC
    report record or report text, read by ``assessment_builder.cqc_report`` when installed.
    """
    suffix = path.suffix.lower()
    if not path.is_file():
        raise AssessmentBuilderError(f"{path}: no such file")
    if suffix in WORKBOOK_SUFFIXES:
        from .workbook.read import read_workbook

        result = read_workbook(path)
        if result.assessment is None or not result.ok:
            errors = [f for f in result.findings if f.severity == Severity.ERROR] or list(result.findings)
            first = str(errors[0]) if errors else "the workbook could not be read"
            more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
            raise AssessmentBuilderError(f"{first}{more}")
        return assessment_input(result.assessment)
    if suffix in REPORT_SUFFIXES:
        return _read_cqc_report(path)
    raise AssessmentBuilderError(
        f"{path}: '{path.suffix or 'no suffix'}' is not a file compare can read; give .xlsx workbooks "
        "or CQC report records (.json, .txt, .md)"
    )


def _read_cqc_report(path: Path) -> CompareInput:
    """A CQC report record (``cqc-report -o record.json``) or report text, via the cqc_report module."""
    if importlib.util.find_spec(f"{__package__}.cqc_report") is None:
        raise AssessmentBuilderError(f"{path}: reading CQC reports is not part of this installation")
    module = importlib.import_module(f"{__package__}.cqc_report")
    to_input = getattr(module, "compare_input", None)
    if to_input is None:
        raise AssessmentBuilderError(f"{path}: this version cannot compare CQC reports")
    label, framework, scores = to_input(path)
    return CompareInput(label, framework, dict(scores), None, "cqc-report")


def compare_inputs(items: Iterable[tuple[str, CompareInput | str]]) -> Comparison:
    """Build a comparison from (source name, input or the reason it could not be read).

    The first readable input fixes the framework; an input of another framework is
    skipped with a reason. Versions of one framework may differ (one council over
    time): statements are the union, in the newest-seen framework's order.
    """
    entries: list[CompareEntry] = []
    skipped: list[Skipped] = []
    base: Framework | None = None
    order: dict[str, tuple[str, str, str]] = {}
    pending: list[tuple[str, CompareInput]] = []
    for source, item in items:
        if isinstance(item, str):
            skipped.append(Skipped(source, item))
            continue
        if base is None:
            base = item.framework
        if item.framework.id != base.id:
            skipped.append(
                Skipped(
                    source,
                    f"uses the framework '{item.framework.id}', not '{base.id}' like the first file; "
                    "compare files of one framework at a time",
                )
            )
            continue
        for s in item.framework.statements:
            order.setdefault(s.id, (s.id, s.code, s.title))
        pending.append((source, item))

    labels = [item.label for _s, item in pending]
    for source, item in pending:
        label = item.label if labels.count(item.label) == 1 else f"{item.label} ({source})"
        fw = item.framework
        result = score_assessment(fw, item.scores)
        overall = result.overall
        entries.append(
            CompareEntry(
                label=label,
                source=source,
                kind=item.kind,
                framework_version=fw.version,
                scores={sid: item.scores.get(sid) for sid in order},
                evidence=None if item.evidence is None else {sid: item.evidence.get(sid, 0) for sid in order},
                percent=overall.percent if overall else None,
                rating=overall.rating if overall else None,
                scored=sum(1 for v in item.scores.values() if v is not None),
                complete=overall.complete if overall else False,
            )
        )
    return Comparison(
        framework_id=base.id if base else None,
        framework_title=base.title if base else None,
        rated=base.rated if base else False,
        statements=tuple(order.values()),
        entries=tuple(entries),
        skipped=tuple(skipped),
        min_score=base.min_score if base and base.scale else 1,
        max_score=base.max_score if base and base.scale else 4,
    )


def compare_files(
    paths: Sequence[str | Path], progress: Progress | None = None, workers: int | None = None
) -> Comparison:
    """Read every file (workbooks, CQC report records) and compare them; bad files are skipped with a reason.

    ``progress(done, total, path)`` is called after each file, for a progress bar. Eight or
    more files are read in parallel, one process per core (``workers`` overrides; 1 = serial).
    """
    items: list[tuple[str, CompareInput | str]] = []
    total = len(paths)
    count = workers if workers is not None else (os.cpu_count() or 1)
    if count > 1 and total >= 8:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=count) as pool:
            for i, (raw, item) in enumerate(zip(paths, pool.map(_read_one, paths, chunksize=4)), 1):
                items.append(item)
                if progress is not None:
                    progress(i, total, Path(raw))
    else:
        for i, raw in enumerate(paths, 1):
            items.append(_read_one(raw))
            if progress is not None:
                progress(i, total, Path(raw))
    return compare_inputs(items)


def _read_one(raw: str | Path) -> tuple[str, CompareInput | str]:
    """One input read, or the reason it could not be (runs in a worker process)."""
    path = Path(raw)
    try:
        return path.name, read_compare_input(path)
    except AssessmentBuilderError as exc:
        return path.name, _reason(path, exc)
    except Exception as exc:  # noqa: BLE001 - one unreadable file must not stop a region's benchmark
        return path.name, f"could not be read ({type(exc).__name__}: {exc})"


def _reason(path: Path, exc: Exception) -> str:
    text = str(exc)
    for prefix in (f"{path}: ", f"{path.name}: "):
        if text.startswith(prefix):
            return text[len(prefix) :]
    return text


def write_compare_xlsx(comparison: Comparison, path: str | Path, force: bool = False) -> Path:
    """Write the comparison as an Excel workbook with a colour-scale heat map (atomic; --force to replace)."""
    from .output import atomic_write

    def write(tmp: Path) -> None:
        build_compare_workbook(comparison).save(tmp)

    return atomic_write(path, write, force)


# Excel's own three-colour scale: red (low), amber, green (high).
_RED, _AMBER, _GREEN = "F8696B", "FFEB84", "63BE7B"


def build_compare_workbook(comparison: Comparison) -> Any:
    """An openpyxl Workbook: Scores (heat map), Evidence (heat map) and Sources sheets."""
    from openpyxl import Workbook
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    c = comparison
    wb = Workbook()
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="2C3E50")
    head_font = Font(bold=True, color="FFFFFF")
    first_col = 3
    last_col = first_col + len(c.entries) - 1
    first_row = 4
    last_row = first_row + len(c.statements) - 1

    def text(ws: Any, row: int, col: int, value: Any, font: Any = None) -> Any:
        cell = ws.cell(row=row, column=col, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # text from a workbook is never run as a formula (=, +, - or @)
        if font is not None:
            cell.font = font
        return cell

    def grid(ws: Any, title: str, values: Callable[[CompareEntry, str], Any]) -> None:
        text(ws, 1, 1, title, Font(bold=True, size=14))
        text(ws, 2, 1, f"{c.framework_title or ''} ({c.framework_id or 'no framework'})")
        for col, head in enumerate(["Code", "Statement"], 1):
            cell = text(ws, 3, col, head, head_font)
            cell.fill = head_fill
        for j, e in enumerate(c.entries):
            cell = text(ws, 3, first_col + j, e.label, head_font)
            cell.fill = head_fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            ws.column_dimensions[get_column_letter(first_col + j)].width = 16
        for i, (sid, code, title) in enumerate(c.statements):
            row = first_row + i
            text(ws, row, 1, code)
            text(ws, row, 2, title)
            for j, e in enumerate(c.entries):
                cell = ws.cell(row=row, column=first_col + j, value=values(e, sid))
                cell.alignment = Alignment(horizontal="center")
        ws.column_dimensions["A"].width = 8
        ws.column_dimensions["B"].width = 48
        ws.row_dimensions[3].height = 45
        ws.freeze_panes = ws.cell(row=first_row, column=first_col)

    scores = wb.active
    scores.title = "Scores"
    grid(scores, "Self-assessed scores by statement", lambda e, sid: e.scores.get(sid))
    if c.entries and c.statements:
        area = f"{get_column_letter(first_col)}{first_row}:{get_column_letter(last_col)}{last_row}"
        scores.conditional_formatting.add(
            area,
            ColorScaleRule(
                start_type="num",
                start_value=c.min_score,
                start_color=_RED,
                mid_type="num",
                mid_value=(c.min_score + c.max_score) / 2,
                mid_color=_AMBER,
                end_type="num",
                end_value=c.max_score,
                end_color=_GREEN,
            ),
        )
    row = last_row + 2
    if c.rated:
        for label, getter in (
            ("Percent", lambda e: e.percent),
            ("Predicted rating", lambda e: e.rating),
            ("Statements scored", lambda e: e.scored),
            ("Provisional", lambda e: "no" if e.complete else "yes"),
        ):
            text(scores, row, 2, label, bold)
            for j, e in enumerate(c.entries):
                cell = text(scores, row, first_col + j, getter(e))
                cell.alignment = Alignment(horizontal="center")
            row += 1
        if c.entries:
            pct = f"{get_column_letter(first_col)}{last_row + 2}:{get_column_letter(last_col)}{last_row + 2}"
            scores.conditional_formatting.add(
                pct,
                ColorScaleRule(
                    start_type="num",
                    start_value=25,
                    start_color=_RED,
                    mid_type="num",
                    mid_value=63,
                    mid_color=_AMBER,
                    end_type="num",
                    end_value=88,
                    end_color=_GREEN,
                ),
            )
    text(scores, row + 1, 1, "Colours: red = low score, amber = middle, green = high. Empty = not scored.")

    evidence = wb.create_sheet("Evidence")
    grid(evidence, "Evidence items by statement", lambda e, sid: None if e.evidence is None else e.evidence.get(sid, 0))
    if c.entries and c.statements:
        area = f"{get_column_letter(first_col)}{first_row}:{get_column_letter(last_col)}{last_row}"
        evidence.conditional_formatting.add(
            area, ColorScaleRule(start_type="min", start_color="FFFFFF", end_type="max", end_color="5B9BD5")
        )

    sources = wb.create_sheet("Sources")
    for col, head in enumerate(["Label", "File", "Kind", "Framework version", "Skipped because"], 1):
        cell = text(sources, 1, col, head, head_font)
        cell.fill = head_fill
    src_row = 2
    for e in c.entries:
        for col, value in enumerate([e.label, e.source, e.kind, e.framework_version, None], 1):
            text(sources, src_row, col, value)
        src_row += 1
    for s in c.skipped:
        for col, value in enumerate([None, s.source, None, None, s.reason], 1):
            text(sources, src_row, col, value)
        src_row += 1
    for letter, width in zip("ABCDE", (30, 36, 12, 18, 80)):
        sources.column_dimensions[letter].width = width
    return wb


__all__ = [
    "CompareEntry",
    "CompareInput",
    "Comparison",
    "Skipped",
    "assessment_input",
    "build_compare_workbook",
    "compare_files",
    "compare_inputs",
    "read_compare_input",
    "write_compare_xlsx",
]
