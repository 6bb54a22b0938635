"""The one way in: every input a command reads (workbook, answers, CQC record or report text) is loaded here.

Each loader returns a :class:`Loaded`: the object (None when it could not be
loaded) and every finding about it, located by file and, where possible, line,
sheet or cell. No loader raises for bad input. Every loader first notes the path
as an input of the run (so no output replaces it), refuses anything that is not
a regular file (a folder, a FIFO, a device) without opening it, and refuses a
file over its size limit before reading it.
"""

from __future__ import annotations

import os
import stat
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from .errors import Finding, HasFindings
from .load_text import error as _finding
from .load_text import json_kind, parse_json, parse_yaml
from .values import record

if TYPE_CHECKING:
    from collections.abc import Callable

    from .cqc_report import CqcRecord
    from .model import Assessment, Framework

T = TypeVar("T")

MAX_ANSWERS_BYTES = 10 * 1024 * 1024
MAX_RECORD_BYTES = 5 * 1024 * 1024
MAX_REPORT_BYTES = 5 * 1024 * 1024
MAX_PDF_BYTES = 50 * 1024 * 1024

ANSWERS_SUFFIXES = (".json", ".yaml", ".yml")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
FORM_SUFFIXES = (".docx", ".docm")  # a completed Word form (issue 18); .docm is refused (macros)
REPORT_TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".pdf")


def assessment_kind(path: str | Path) -> str:
    """What a self-assessment input is, by its suffix: "answers", "form" (a Word form) or "workbook"."""
    suffix = Path(path).suffix.lower()
    return "answers" if suffix in ANSWERS_SUFFIXES else "form" if suffix in FORM_SUFFIXES else "workbook"


@record
class Loaded(HasFindings, Generic[T]):
    """One input as loaded: what it is, the object (None when it could not be loaded) and its findings."""

    source: Path
    kind: str  # "workbook" | "form" | "answers" | "cqc-record" | "cqc-text"
    value: T | None
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Loaded and without errors: the only state in which a command uses the input."""
        return self.value is not None and not self.errors

    @property
    def name(self) -> str:
        return str(self.source)


def check_regular(path: Path, code: str, limit: int, too_large: str, what: str) -> list[Finding]:
    """Why ``path`` may not be read (missing, not a regular file, over ``limit`` bytes); empty when it may.

    Uses ``os.stat`` only, so a FIFO or a device is refused without being opened (which could block forever).
    """
    name = str(path)
    try:
        st = os.stat(path)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return [_finding(code, f"cannot read the file: {reason}; check the path", name)]
    if stat.S_ISDIR(st.st_mode):
        return [_finding(code, f"this is a folder, not {what}; give the path of the file", name)]
    if not stat.S_ISREG(st.st_mode):
        kind = "a named pipe (FIFO)" if stat.S_ISFIFO(st.st_mode) else "a device or special file"
        return [_finding(code, f"this is {kind}, not {what}; give the path of a saved file", name)]
    if st.st_size > limit:
        return [
            _finding(
                too_large,
                f"the file is {st.st_size:,} bytes; {what} may be at most {limit:,} bytes",
                name,
            )
        ]
    return []


def read_bytes(path: Path, code: str, limit: int, too_large: str, what: str) -> tuple[bytes | None, list[Finding]]:
    """The file's bytes after :func:`check_regular`, reading at most ``limit`` bytes (the file may grow meanwhile)."""
    problems = check_regular(path, code, limit, too_large, what)
    if problems:
        return None, problems
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        return None, [_finding(code, f"cannot read the file: {exc.strerror or exc}", str(path))]
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped for something else since the check
            return None, [_finding(code, f"this is not a regular file, not {what}", str(path))]
        with os.fdopen(fd, "rb", closefd=False) as fh:
            raw = fh.read(limit + 1)
    except OSError as exc:
        return None, [_finding(code, f"cannot read the file: {exc.strerror or exc}", str(path))]
    finally:
        os.close(fd)
    if len(raw) > limit:
        return None, [_finding(too_large, f"the file is over {limit:,} bytes; {what} may be at most that", str(path))]
    return raw, []


def _note(path: Path) -> None:
    from .output import note_input

    note_input(path)


# --- the loaders ------------------------------------------------------------------------------------------


def load_workbook(path: str | Path, framework: Framework | str | None = None) -> Loaded[Assessment]:
    """A completed workbook, read and checked by the workbook reader; a .docx/.docm is a Word form
    (:func:`load_form`)."""
    path = Path(path)
    if assessment_kind(path) == "form":
        return load_form(path, framework)
    from .workbook.read import read_workbook

    return _read_checked(path, "workbook", "a workbook", read_workbook, framework)


def load_form(path: str | Path, framework: Framework | str | None = None) -> Loaded[Assessment]:
    """A completed Word self-assessment form (.docx), read and checked as a workbook is, with the same codes."""
    from .documents.read_docx import read_docx

    return _read_checked(Path(path), "form", "a Word document", read_docx, framework)


def _read_checked(
    path: Path, kind: str, what: str, read: Callable[..., Any], framework: Framework | str | None
) -> Loaded[Assessment]:
    """The steps a workbook and a Word form share: noted as an input, checked as a regular file, then read."""
    _note(path)
    problems = check_regular(path, "W100", 1 << 62, "W101", what)
    if problems:
        return Loaded(path, kind, None, problems)
    result = read(path, framework=framework)
    return Loaded(path, kind, result.assessment, list(result.findings))


def load_answers(path: str | Path, framework: Framework | str | None = None) -> Loaded[Assessment]:
    """An answers file (JSON or YAML, as ``import -o`` writes it), read safely and checked against its framework."""
    from .answers import answers_from_data

    path = Path(path)
    _note(path)
    name = str(path)
    raw, problems = read_bytes(path, "A100", MAX_ANSWERS_BYTES, "A101", "an answers file")
    if raw is None:
        return Loaded(path, "answers", None, problems)
    lines: dict[str, int] = {}
    texts: dict[str, str] = {}
    if path.suffix.lower() == ".json":
        data, problems = parse_json(raw, name, "A100", "A102")
    else:
        data, lines, texts, problems = parse_yaml(raw, name, "A100", "A102", "an answers file")
    if problems:
        return Loaded(path, "answers", None, problems)
    kind = json_kind(data)
    if kind == "cqc-record":
        return Loaded(
            path,
            "answers",
            None,
            [
                _finding(
                    "A103",
                    "this is a CQC report record (from `cqc-report -o`), not a council's answers; "
                    "give it to `calibrate --cqc` or `compare` instead",
                    name,
                    1,
                )
            ],
        )
    assessment, findings = answers_from_data(data, name, lines, framework, texts)
    return Loaded(path, "answers", assessment, findings)


def load_assessment(path: str | Path, framework: Framework | str | None = None) -> Loaded[Assessment]:
    """A self-assessment by its suffix: .json/.yaml/.yml are answers files, .docx a Word form, anything else a
    workbook."""
    path = Path(path)
    if assessment_kind(path) == "answers":
        return load_answers(path, framework)
    return load_workbook(path, framework)


def load_cqc_record(path: str | Path, framework: Framework | None = None) -> Loaded[CqcRecord]:
    """A CQC record saved by ``cqc-report -o``, validated against the record schema."""
    from .cqc_record import record_from_data

    path = Path(path)
    _note(path)
    name = str(path)
    raw, problems = read_bytes(path, "R100", MAX_RECORD_BYTES, "R101", "a CQC report record")
    if raw is None:
        return Loaded(path, "cqc-record", None, problems)
    data, problems = parse_json(raw, name, "R100", "R100")
    if problems:
        return Loaded(path, "cqc-record", None, problems)
    if json_kind(data) == "answers":
        return Loaded(
            path,
            "cqc-record",
            None,
            [
                _finding(
                    "R103",
                    "this is a council's answers file (from `import -o`), not a CQC report record; "
                    "make a record with `cqc-report REPORT.txt -o record.json`",
                    name,
                    1,
                )
            ],
        )
    record, findings = record_from_data(data, name, framework)
    return Loaded(path, "cqc-record", record, findings)


def load_cqc_text(
    path: str | Path, framework: Framework | None = None, council: str | None = None
) -> Loaded[CqcRecord]:
    """The text of a published CQC report (.txt, .md, or the .pdf itself), parsed; every line it cannot place is
    a finding. ``council`` is the council for a text without a council line (``--council``)."""
    from .cqc_report import parse_cqc_report
    from .cqc_text import decode_text, pdf_text

    path = Path(path)
    _note(path)
    name = str(path)
    pdf = path.suffix.lower() == ".pdf"
    limit = MAX_PDF_BYTES if pdf else MAX_REPORT_BYTES
    raw, problems = read_bytes(path, "C108", limit, "C109", "a CQC report's PDF" if pdf else "the text of a CQC report")
    if raw is None:
        return Loaded(path, "cqc-text", None, problems)
    if raw[:5] == b"%PDF-":
        text, why = pdf_text(raw)
        if text is None:
            return Loaded(path, "cqc-text", None, [_finding("C108", why, name)])
    else:
        text = decode_text(raw)
    if text is None:
        return Loaded(
            path,
            "cqc-text",
            None,
            [
                _finding(
                    "C108",
                    "this is not text or a PDF (a Word, zip or other binary file); copy the report's text into a "
                    ".txt file",
                    name,
                )
            ],
        )
    record = parse_cqc_report(text, name, framework, council)
    return Loaded(path, "cqc-text", record, list(record.findings))


def load_cqc(path: str | Path, framework: Framework | None = None, council: str | None = None) -> Loaded[CqcRecord]:
    """A CQC record (.json) or a report's text or PDF (anything else); ``council`` as in :func:`load_cqc_text`,
    checked against a record's own council."""
    path = Path(path)
    if path.suffix.lower() != ".json":
        return load_cqc_text(path, framework, council)
    loaded = load_cqc_record(path, framework)
    record = loaded.value
    if council and record is not None:
        from .calibrate import same_council

        if record.council is None:
            record.council = council
        elif not same_council(record.council, council):
            message = f"this record is for '{record.council}', not '{council}' as --council says"
            loaded.findings.append(_finding("C106", message, str(path), path="council"))
    return loaded


def load_compare_input(path: str | Path) -> Loaded[Any]:
    """Whatever ``compare`` may read: a workbook or Word form, an answers file or a CQC record/report (told apart
    by content)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        _note(path)
        raw, problems = read_bytes(path, "R100", MAX_ANSWERS_BYTES, "R101", "a JSON input")
        if raw is None:
            return Loaded(path, "cqc-record", None, problems)
        data, problems = parse_json(raw, str(path), "R100", "R100")
        if problems:
            return Loaded(path, "cqc-record", None, problems)
        if json_kind(data) == "answers":
            return load_answers(path)
        return load_cqc_record(path)
    if suffix in (".yaml", ".yml"):
        return load_answers(path)
    if suffix in REPORT_TEXT_SUFFIXES:
        return load_cqc_text(path)
    return load_workbook(path)


__all__ = [
    "Loaded",
    "check_regular",
    "json_kind",
    "load_answers",
    "load_assessment",
    "load_compare_input",
    "load_cqc",
    "load_cqc_record",
    "load_cqc_text",
    "load_form",
    "load_workbook",
    "parse_json",
    "parse_yaml",
    "read_bytes",
]
