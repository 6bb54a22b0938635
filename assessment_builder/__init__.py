"""assessment-builder: self-assessment workbooks and reports for adult social care.

The public Python API. Every CLI command is a thin wrapper over one of these.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import (
    AssessmentBuilderError,
    ExitCode,
    Finding,
    FrameworkInvalid,
    FrameworkNotFound,
    OutputExists,
    Severity,
    UsageError,
    WorkbookUnreadable,
)
from .frameworks import (
    builtin_framework_ids,
    list_frameworks,
    load_crosswalks,
    load_framework,
    validate_crosswalk_file,
    validate_framework_file,
    validate_paths,
)
from .model import ActionItem, Assessment, Crosswalk, EvidenceItem, Framework, Statement, StatementAnswer, Theme

__all__ = [
    "__version__",
    "ActionItem",
    "Assessment",
    "AssessmentBuilderError",
    "Crosswalk",
    "EvidenceItem",
    "ExitCode",
    "Finding",
    "Framework",
    "FrameworkInvalid",
    "FrameworkNotFound",
    "OutputExists",
    "Severity",
    "Statement",
    "StatementAnswer",
    "Theme",
    "UsageError",
    "WorkbookUnreadable",
    "builtin_framework_ids",
    "list_frameworks",
    "load_crosswalks",
    "load_framework",
    "validate_crosswalk_file",
    "validate_framework_file",
    "validate_paths",
]
