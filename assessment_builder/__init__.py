"""assessment-builder: self-assessment workbooks and reports for adult social care.

The public Python API. Every command is one function of :mod:`assessment_builder.api`
(``from assessment_builder import api``; ``api.score(assessment)``, ``api.summary(...)``...),
taking objects that :mod:`assessment_builder.load` reads. The api is exported as a module, not
name by name: ``summary``, ``compare``, ``calibrate`` and ``cqc_report`` are also this package's
modules, and a function of the same name here would hide them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Names are imported when first used (PEP 562), so a command pays only for what it runs.
_HOMES = {
    "api": None,
    **dict.fromkeys(
        (
            "AssessmentBuilderError",
            "ExitCode",
            "Finding",
            "FrameworkInvalid",
            "FrameworkNotFound",
            "OutputExists",
            "Severity",
            "UsageError",
            "WorkbookUnreadable",
        ),
        "errors",
    ),
    **dict.fromkeys(
        (
            "builtin_framework_ids",
            "list_frameworks",
            "load_crosswalks",
            "load_framework",
            "validate_crosswalk_file",
            "validate_framework_file",
            "validate_paths",
        ),
        "frameworks",
    ),
    **dict.fromkeys(
        ("ActionItem", "Assessment", "EvidenceItem", "Framework", "Statement", "StatementAnswer", "Theme"),
        "model",
    ),
    "Crosswalk": "crosswalks",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    home = _HOMES[name]
    value = importlib.import_module(f".{name}" if home is None else f".{home}", __name__)
    if home is not None:
        value = getattr(value, name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from . import api
    from .crosswalks import Crosswalk
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
    from .model import (
        ActionItem,
        Assessment,
        EvidenceItem,
        Framework,
        Statement,
        StatementAnswer,
        Theme,
    )

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
    "api",
    "builtin_framework_ids",
    "list_frameworks",
    "load_crosswalks",
    "load_framework",
    "validate_crosswalk_file",
    "validate_framework_file",
    "validate_paths",
]
