"""Exceptions, findings and the one catalogue of finding codes.

Problems are data: readers and validators collect :class:`Finding` objects and
return them all at once, so a user fixes everything in one pass. Exceptions are
raised only when a job cannot go on; the CLI turns them into messages and exit
codes in one place (``cli/_common.py``), so no traceback reaches a user.
"""

from __future__ import annotations

import enum
from dataclasses import asdict
from typing import Any

from .values import record


class ExitCode(enum.IntEnum):
    """Exit codes of every command (documented in the README)."""

    OK = 0
    PROBLEMS = 1  # invalid input, errors found, or the job could not be done
    USAGE = 2  # wrong options or arguments (click's own convention)


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@record(frozen=True)
class Finding:
    """One problem found in an input: where it is, what is wrong and how to fix it."""

    code: str
    severity: Severity
    message: str
    file: str | None = None
    line: int | None = None
    path: str | None = None  # dotted path inside a YAML document
    sheet: str | None = None
    cell: str | None = None
    item: str | None = None  # statement, evidence or action id
    dropped: bool = False  # what the cell holds was not read at all (read as empty): a carry would lose it

    @property
    def location(self) -> str:
        """A human location prefix: ``file:line: dotted.path`` or ``file: sheet 'X' cell D4``."""
        parts: list[str] = []
        if self.file:
            parts.append(f"{self.file}:{self.line}" if self.line else self.file)
        if self.path:
            parts.append(self.path)
        if self.sheet:
            where = f"sheet '{self.sheet}'"
            if self.cell:
                where += f" cell {self.cell}"
            parts.append(where)
        return ": ".join(parts)

    def __str__(self) -> str:
        loc = self.location
        return f"{loc}: {self.message}" if loc else self.message

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


class HasFindings:
    """A result that carries ``findings``: its errors and warnings, for every reader's result alike."""

    findings: list[Finding]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == Severity.WARNING]


# The catalogue: every finding code the tool can emit, with a one-line meaning.
# Codes are stable: tests and users' scripts depend on them.
CATALOGUE: dict[str, str] = {
    # Framework YAML (F1xx)
    "F100": "The YAML file cannot be read or parsed.",
    "F101": "A required key is missing.",
    "F102": "An unknown key is present.",
    "F103": "A value has the wrong type.",
    "F104": "A value is empty or not allowed.",
    "F105": "An id or code is used twice.",
    "F106": "A reference names something that does not exist.",
    "F107": "Rating bands do not cover the scale.",
    "F108": "The YAML uses an unsafe or unsupported construct.",
    "F109": "The file is too large.",
    # Workbook file level (W1xx)
    "W100": "The file cannot be opened as an Excel workbook (or a Word form).",
    "W101": "The file is too large.",
    "W102": "The file is an old .xls workbook.",
    "W103": "The workbook (or Word form) contains macros (.xlsm, .docm).",
    "W104": "The workbook (or Word form) is encrypted.",
    "W105": "The workbook (or Word form) contains unsafe XML, or is a zip bomb.",
    # Identity (W2xx)
    "W200": "The workbook's framework metadata (a Word form's document properties) is missing.",
    "W201": "The workbook (or Word form) names an unknown framework.",
    "W202": "The workbook was made from another version of the framework.",
    # Integrity (W3xx)
    "W300": "Statement wording was changed after the workbook was generated.",
    "W301": (
        "A sheet is missing or was renamed, a heading was read as a close one, a column stands outside its table, "
        "or a sort moved a table's heading row below its entries (an error)."
    ),
    "W302": "Sheet protection was removed.",
    "W303": "A named input cell or table is missing; the reader fell back to headings.",
    "W304": "Input cells, or cells of a log or the Indicators table, were merged together.",
    "W305": "An Assessment (or Local context) row holds another statement (item) than its defined name says (rows sorted or moved).",
    "W306": "The Evidence or Actions table cannot be found on any sheet.",
    "W307": "Cells outside the columns read, or rows the Dashboard does not count, were found.",
    "W308": "A table column is missing; its values are read as empty.",
    # Values (W4xx)
    "W400": "A score is outside the framework's scale.",
    "W401": "A score was typed as text and was read as a number.",
    "W402": "A value is not one of the allowed choices.",
    "W403": "A date could not be read.",
    "W404": "A date was typed as text and was read as a date.",
    "W405": "A cell holds a formula where a value was expected.",
    "W407": "An indicator's number was typed as text, or is not a number.",
    # Cross-field (W5xx)
    "W500": "Evidence names an unknown statement code.",
    "W501": "An evidence id is used twice.",
    "W502": "An action names an unknown statement.",
    "W503": "A statement scored 1 or 2 has no action.",
    "W504": "A scored statement has no evidence.",
    "W505": "A row has content but no id.",
    "W506": "An action id is used twice.",
    # CQC assessment report text (C1xx)
    "C100": "The report names no council or no quality statement.",
    "C101": "A quality statement has no score line.",
    "C102": "A score is not 1 to 4.",
    "C103": "A heading or text could not be placed and was ignored.",
    "C104": "Page furniture (navigation, page numbers) was ignored.",
    "C105": "A quality statement appears twice.",
    "C106": "The reports name different councils.",
    "C107": "Two reports give one quality statement different scores.",
    "C108": "The report file cannot be read as text (not a regular file, or not text).",
    "C109": "The report file is too large.",
    "C110": "The self-assessment's council and the CQC report's council differ (calibrate).",
    "C111": "CQC's published overall result differs from this project's rule applied to the nine published scores.",
    "C112": "A quality statement has two score lines in one file (an error when they differ), or its score and its words disagree.",
    "C113": "A report names no council while another report given with it does (give --council).",
    # Answers files, JSON or YAML (A1xx)
    "A100": "The answers file cannot be read or parsed (not a regular file, not UTF-8, a syntax error).",
    "A101": "The answers file is too large.",
    "A102": "The answers file uses an unsafe or ambiguous construct (YAML anchors, aliases or tags, a key twice).",
    "A103": "The file is not an answers file (a CQC record, another kind, or the wrong shape).",
    "A104": "The answers name a framework that is not built in, or not the one given.",
    "A105": "A value in the answers file has the wrong type.",
    "A106": "The answers name a statement or field the framework does not have; it was not read.",
    "A107": "A score or choice in the answers file is not allowed.",
    "A108": "A date in the answers file could not be read; it was left empty.",
    # CQC report records, JSON (R1xx)
    "R100": "The record cannot be read or parsed (not a regular file, not UTF-8, a JSON syntax error).",
    "R101": "The record is too large.",
    "R102": "The record does not match the record schema (for example a score that is not 1 to 4).",
    "R103": "The file is not a CQC report record (an answers file, or another kind).",
    "R104": "The record has no kind/version marker (an older version wrote it); read with a warning.",
    "R105": "The record names a framework or statement that is not known, or not the self-assessment's.",
    # Published indicator data, ASCOF CSV (I1xx)
    "I100": "The indicator data file cannot be read as CSV, or a required column is missing.",
    "I101": "A row of the indicator data has a value that is not a number or a measure type that is not known.",
    "I102": "The council is not in the indicator data, or more than one area matches it.",
    "I103": "A measure in the data for the council is not named by any indicator of the framework; not placed.",
    "I104": "An indicator names an ASCOF measure that the data has no figure for; left as it was.",
    "I105": "The indicator data gives no period; Period was left empty.",
    # Workbook reader, later additions (W3xx integrity, W4xx values)
    "W406": "A value the Dashboard's formulas would count differently is not read.",
    "W408": "An answer is exactly as long as a cell holds (32,767 characters): its end was probably cut off when saved.",
    # Word forms (issue 18): identity W2xx, integrity W3xx
    "W203": "The Word document is not a self-assessment form (a report, an older template, another document).",
    "W309": "A Word form's content controls were lost; its fields were read by their headings and labels.",
    "W310": "A statement or field is missing from the Word form (read as empty), a statement heading or a box appears twice, or a statement heading is missing and its section was found by its We statement.",
    "W311": "The Word form has tracked changes not yet accepted or rejected; read as if accepted.",
    "W312": "A table the council added under a statement of the Word form is read into its narrative as text; a picture is not read.",
    "W313": "Cell notes or comments (a Word form's comments) are not read; a file made from this one will not have them.",
    "W314": "Text or a table in the Word form under a heading that is no statement's (a Heading 1 or 2 of the council's own, a theme heading, the logs' headings) is not read.",
    "W507": "A statement's narrative (from a Word form) is not carried into a workbook, which has no place for it.",
    "W508": "Answers of statements that --statements or --themes leave out of a prefilled workbook are not carried.",
    "W509": "A text merge or migrate would write (a conflict listed, merged statements' texts joined) is longer than an Excel cell holds.",
    "W510": "merge was given only some of the parts of a split; the statements of the others are empty in the merged workbook.",
}


class AssessmentBuilderError(Exception):
    """Base of every error this package raises on purpose.

    The message is written for the user: it says where, what and how to fix.
    """

    exit_code: ExitCode = ExitCode.PROBLEMS


class RefusedWithFindings(AssessmentBuilderError):
    """Nothing was written because of what ``findings`` say; the command line shows them as the findings
    table every command uses, then ``headline``."""

    def __init__(self, headline: str, findings: list[Finding]):
        self.headline = headline
        self.findings = findings
        lines = "\n".join(f"  {f.code} {f}" for f in findings)
        super().__init__(f"{headline}\n{lines}")


class FrameworkNotFound(AssessmentBuilderError):
    """A framework id or path does not name a framework."""


class FrameworkInvalid(AssessmentBuilderError):
    """A framework file has problems; all of them are in ``findings``."""

    def __init__(self, source: str, findings: list[Finding]):
        self.source = source
        self.findings = findings
        lines = "\n".join(str(f) for f in findings)
        super().__init__(f"{source} is not a valid framework ({len(findings)} problem(s)):\n{lines}")


class OutputExists(AssessmentBuilderError):
    """An output file exists and --force was not given."""


class UsageError(AssessmentBuilderError):
    """The request does not make sense (an unknown statement code, a missing directory...)."""

    exit_code = ExitCode.USAGE


class WorkbookUnreadable(AssessmentBuilderError):
    """A workbook cannot be read at all; ``findings`` says why."""

    def __init__(self, source: str, findings: list[Finding]):
        self.source = source
        self.findings = findings
        lines = "\n".join(str(f) for f in findings)
        super().__init__(f"{source} cannot be read:\n{lines}")
