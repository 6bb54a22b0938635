"""One function per command: objects in (assessments, frameworks, records, output paths), result objects out.

Every command of the command line is: read its inputs with :mod:`assessment_builder.load`
(each gives the object and its findings), call the function here, present the result with
:mod:`assessment_builder.render`. A script does the same without the command line::

    from assessment_builder import api
    from assessment_builder.load import load_assessment

    loaded = load_assessment("northshire.xlsx")
    if loaded.ok:
        print(api.score(loaded.value).overall)

Nothing here prints or exits. Bad input is the loader's business (its findings); these
functions raise :class:`~assessment_builder.errors.AssessmentBuilderError` subclasses only for
what a caller asked that cannot be done (another framework than the first, an output that
exists without ``force``, an input that cannot be carried forward). Heavy libraries (openpyxl,
python-docx, Jinja2) are imported only when a function that needs them is called.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import Finding, Severity, UsageError
from .model import Assessment, Framework
from .values import record

if TYPE_CHECKING:
    from .calibrate import Calibration
    from .carry import MergeResult, MigrationReport, SplitResult
    from .compare import CompareInput, Comparison
    from .cqc_report import CqcRecord
    from .load import Loaded  # imported where used: `new` and `template` read no input
    from .scoring import ScoreResult
    from .summary import Summary


# --- import and score ------------------------------------------------------------------------------


@record
class Imported:
    """What ``import`` made of one input: the assessment (None when it could not be read), its findings,
    and the answers file written (None when none was asked for, or the input has errors)."""

    source: Path
    assessment: Assessment | None
    findings: list[Finding] = field(default_factory=list)
    written: Path | None = None

    @property
    def ok(self) -> bool:
        """Read, and without errors: the only state in which answers are saved."""
        return self.assessment is not None and not any(f.severity == Severity.ERROR for f in self.findings)

    @property
    def answered(self) -> int:
        """Statements with any answer given."""
        if self.assessment is None:
            return 0
        return sum(1 for a in self.assessment.answers.values() if any(v not in (None, "") for v in a.values.values()))

    def to_dict(self) -> dict[str, Any]:
        """The public shape of ``import --json`` (without its findings, which the command adds)."""
        if self.assessment is None:
            return {"framework": None, "council": None, "statements": {}, "evidence": [], "actions": []}
        return self.assessment.to_dict()


def import_(loaded: Loaded[Assessment], output: str | Path | None = None, *, force: bool = False) -> Imported:
    """A loaded workbook or answers file as ``import`` reports it; with ``output`` (.json/.yaml) its answers
    are saved, but only when it has no error (``Imported.written`` is then the path)."""
    result = Imported(loaded.source, loaded.value, list(loaded.findings))
    if output is not None and loaded.ok and loaded.value is not None:
        from .answers import save_answers

        result.written = save_answers(loaded.value, output, force=force)
    return result


def score(assessment: Assessment) -> ScoreResult:
    """Every statement, theme and the whole scored the CQC way (``overall`` is None for an unrated framework)."""
    from .scoring import score_assessment

    return score_assessment(assessment.framework, assessment.scores())


# --- summary and compare ------------------------------------------------------------------------------


def summary(
    assessment: Assessment,
    previous: Assessment | None = None,
    as_of: dt.date | None = None,
    findings: Iterable[Finding] = (),
) -> Summary:
    """Where the council stands; with ``previous`` (same framework, else UsageError) what moved since.

    ``as_of`` (default today) is the date overdue actions and evidence over two years old are judged against;
    ``findings`` (the inputs' warnings) are listed in every output as its data problems.
    """
    from .summary import build_summary

    if previous is not None and previous.framework.id != assessment.framework.id:
        raise UsageError(
            f"'{previous.source or 'the previous self-assessment'}' uses the framework '{previous.framework.id}' "
            f"but '{assessment.source or 'the self-assessment'}' uses '{assessment.framework.id}'; "
            "--previous must be a self-assessment of the same framework"
        )
    return build_summary(assessment, previous=previous, as_of=as_of, findings=findings)


CompareItem = Any  # Loaded[CompareInput] | Assessment | CqcRecord | CompareInput


def compare(inputs: Iterable[CompareItem]) -> Comparison:
    """Compare self-assessments (and CQC records): a region's councils, or one council over time.

    Each input is a :class:`Loaded` from :func:`assessment_builder.compare.load_compare_input` or
    :func:`load_compare_inputs` (one with errors is skipped with its first error as the reason),
    an :class:`Assessment`, a :class:`CqcRecord` or a :class:`CompareInput`. The first usable input
    fixes the framework; one of another framework is skipped with the reason (``Comparison.skipped``).
    """
    from .compare import CompareInput, _reason, assessment_input, compare_inputs
    from .cqc_report import CqcRecord, record_label
    from .load import Loaded
    from .source_names import source_names

    inputs = list(inputs)
    files = [x.source for x in inputs if isinstance(x, Loaded)]
    names = dict(zip(map(id, (x for x in inputs if isinstance(x, Loaded))), source_names(files)))

    def item(n: int, x: Any) -> tuple[str, CompareInput | str]:
        if isinstance(x, Loaded):  # named as the outputs show it: folders added where two files share a name
            return names[id(x)], x.value if x.ok and x.value is not None else _reason(x)
        if isinstance(x, Assessment):
            return (Path(x.source).name if x.source else f"input {n}"), assessment_input(x)
        if isinstance(x, CqcRecord):
            name = Path(x.source_files[0]).name if x.source_files else f"input {n}"
            return name, CompareInput(record_label(x, Path(name)), x.framework, dict(x.scores()), None, "cqc-report")
        if isinstance(x, CompareInput):
            return x.label, x
        raise TypeError(f"cannot compare a {type(x).__name__}")

    return compare_inputs(item(n, x) for n, x in enumerate(inputs, 1))


def load_compare_inputs(paths: Sequence[str | Path], progress: Any = None) -> list[Loaded[CompareInput]]:
    """Every file ``compare`` may read (workbooks, answers, CQC records and report text), loaded in order
    with its findings; eight or more are read in parallel. ``progress(done, total, path)`` follows it."""
    from .compare import load_all

    return load_all(paths, progress)


def compare_workbook(comparison: Comparison, output: str | Path, *, force: bool = False) -> Path:
    """Write the comparison as an Excel heat map (Scores, Evidence, Sources; each prints one page wide)."""
    from .workbook.compare_sheet import write_compare_xlsx

    return write_compare_xlsx(comparison, output, force)


# --- CQC reports and calibration ------------------------------------------------------------------------


def cqc_report(
    texts: Sequence[str | CqcRecord], framework: Framework | None = None, council: str | None = None
) -> CqcRecord:
    """One council's CQC record from its report: texts (parsed) or records already read, combined.

    ``council`` names the council of texts without a council line. What combining finds (two councils,
    a text without a council beside one with, one statement scored twice, CQC's published result against
    this project's rule) is added to the record's findings;
    the record of a text that could not be placed has its findings too (``record.findings``).
    """
    from .cqc_report import CqcRecord, combine, parse_cqc_report

    if not texts:
        raise UsageError("no CQC report was given")
    records = [
        x if isinstance(x, CqcRecord) else parse_cqc_report(x, f"report {n}", framework, council)
        for n, x in enumerate(texts, 1)
    ]
    return combine(records)


def calibrate(assessment: Assessment, record: CqcRecord | Sequence[CqcRecord]) -> Calibration:
    """The self-assessment beside CQC's published scores, statement by statement (several records combined)."""
    from .calibrate import calibrate as run
    from .cqc_report import CqcRecord

    one = record if isinstance(record, CqcRecord) else cqc_report(list(record), assessment.framework)
    return run(assessment, one)


# --- documents ---------------------------------------------------------------------------------------------


def template(
    framework: Framework,
    council: str,
    output: str | Path,
    *,
    style_from: Path | None = None,
    fmt: str = "docx",
    force: bool = False,
    today: dt.date | None = None,
) -> Path:
    """Write the Word template: a form with a content control for every workbook input (or a Markdown outline).

    A completed .docx form reads back like a workbook (:func:`assessment_builder.load.load_assessment`).
    """
    from .documents import write_template

    return write_template(framework, council, output, style_from=style_from, fmt=fmt, force=force, today=today)


def report(
    assessment: Assessment,
    output: str | Path,
    *,
    style_from: Path | None = None,
    fmt: str = "docx",
    force: bool = False,
    today: dt.date | None = None,
) -> Path:
    """Write the self-assessment report (a position statement for a peer challenge) filled from the assessment."""
    from .documents import write_report

    return write_report(assessment, output, style_from=style_from, fmt=fmt, force=force, today=today)


# --- workbooks: new, and carrying work forward ------------------------------------------------------------


def new(
    framework: Framework,
    council: str,
    output: str | Path,
    *,
    statements: list[str] | None = None,
    themes: list[str] | None = None,
    prefill: Assessment | None = None,
    password: str | None = None,
    force: bool = False,
    findings: list[Finding] | None = None,
) -> Path:
    """Write a blank (or, with ``prefill`` from :func:`previous`, prefilled) workbook for ``council``; an
    ``output`` named .docx is the Word form instead, narratives included.

    A workbook has no place for a statement's narrative (from a Word form): a W507 warning naming the
    statements whose narrative is not carried is appended to ``findings`` when it is given, and a W508
    warning naming the answered statements that ``statements`` or ``themes`` leave out.
    """
    if Path(output).suffix.lower() == ".docx":
        if statements or themes or password:
            raise UsageError("statements, themes and a password apply to workbooks; a Word form has them all")
        from .documents import write_form

        return write_form(framework, council, output, assessment=prefill, force=force)
    from .workbook import write_workbook

    if prefill is not None and findings is not None:
        from .carry.checked import answers_left_out, narrative_not_carried

        findings.extend(narrative_not_carried(prefill, output))
        if statements or themes:
            from .workbook import scope_framework

            kept = {s.id for s in scope_framework(framework, statements, themes).statements}
            findings.extend(answers_left_out(prefill, kept))
    return write_workbook(
        framework,
        council,
        output,
        statements=statements,
        themes=themes,
        force=force,
        password=password,
        prefill=prefill,
    )


@record
class Previous:
    """A previous self-assessment ready to prefill a new workbook (``new --from``)."""

    framework: Framework  # the new workbook's: the source's own unless another was given
    assessment: Assessment  # statuses reset for a new cycle unless exact
    warnings: list[Finding] = field(default_factory=list)


def previous(source: str | Path, framework: Framework | str | None = None, *, exact: bool = False) -> Previous:
    """Read last cycle's workbook or answers file for ``new``; refused (CarryRefused) when it has errors or
    lost its evidence log or action plan, and (UsageError) when ``framework`` is not the source's."""
    from .carry import load_previous

    warnings: list[Finding] = []
    fw, assessment = load_previous(Path(source), framework, exact=exact, findings=warnings)
    return Previous(fw, assessment, warnings)


def migrate(
    workbook: str | Path,
    framework: Framework | str,
    output: str | Path,
    *,
    old_framework: Framework | str | None = None,
    force: bool = False,
) -> tuple[Path, MigrationReport]:
    """Move a workbook to another version of its framework; the report lists all that needs review."""
    from .carry import migrate as run

    return run(Path(workbook), framework, Path(output), force=force, old_framework=old_framework)


def split(workbook: str | Path, by: str, folder: str | Path, *, force: bool = False) -> SplitResult:
    """One workbook per theme, statement or lead (``by``) in ``folder``, each with the evidence log; all or none."""
    from .carry import split as run

    return run(Path(workbook), by, Path(folder), force=force)


def merge(parts: Sequence[str | Path], output: str | Path, *, force: bool = False) -> MergeResult:
    """Merge parts into one workbook; every conflict is kept in ``MergeResult.conflicts``, never resolved silently."""
    from .carry import merge as run

    return run([Path(p) for p in parts], Path(output), force=force)


__all__ = [
    "Imported",
    "Previous",
    "calibrate",
    "compare",
    "compare_workbook",
    "cqc_report",
    "import_",
    "load_compare_inputs",
    "merge",
    "migrate",
    "new",
    "previous",
    "report",
    "score",
    "split",
    "summary",
    "template",
]


# --- indicators: published ASCOF data into the Indicators table -----------------------------------------


@record
class IndicatorsLoad:
    """What ``indicators load`` did: the indicators filled, findings (a CSV error means nothing was written)."""

    source: Path
    data: Path
    council: str | None = None  # the council as the CSV names it
    period: str | None = None
    filled: list[str] = field(default_factory=list)  # indicator ids given figures
    findings: list[Finding] = field(default_factory=list)
    written: Path | None = None

    @property
    def ok(self) -> bool:
        return self.written is not None


def indicators_load(
    workbook: str | Path,
    data: str | Path,
    output: str | Path,
    *,
    code: str | None = None,
    period: str | None = None,
    force: bool = False,
) -> IndicatorsLoad:
    """Fill the workbook's Indicators table from published ASCOF data (its long CSV) and write a new workbook.

    The council is the workbook's, matched by name in the CSV, or ``code`` (its geographical or ONS code).
    A file with several periods gives ``period``'s figures, or the latest period's (with a warning).
    A workbook with errors is refused (CarryRefused); a malformed CSV gives located error findings and
    nothing is written. The output is never the input (UsageError).
    """
    from .carry import load_previous
    from .indicators_csv import place, read_ascof_csv
    from .output import note_input
    from .workbook import write_workbook

    source, csv_path = Path(workbook), Path(data)
    note_input(source)
    note_input(csv_path)  # the published data is an input too, whatever its name
    result = IndicatorsLoad(source, csv_path)
    fw, assessment = load_previous(source, exact=True, findings=result.findings)
    loaded = read_ascof_csv(csv_path, assessment.council, code, period)
    result.findings.extend(loaded.findings)
    if not loaded.ok or loaded.value is None:
        return result
    ascof = loaded.value
    result.council, result.period = ascof.council, ascof.period
    assessment.indicators, result.filled, placed = place(fw, assessment.indicators, ascof, str(csv_path))
    result.findings.extend(placed)
    from .carry.checked import narrative_not_carried

    result.findings.extend(narrative_not_carried(assessment, output))  # a Word form's narratives stay behind
    result.written = write_workbook(fw, assessment.council, output, prefill=assessment, force=force)
    return result


__all__ += ["IndicatorsLoad", "indicators_load"]
