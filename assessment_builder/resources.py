"""Where the built-in frameworks and templates live, installed or in a checkout.

In a checkout they are the top-level ``frameworks/`` and ``templates/`` folders;
``pip install`` copies the same folders into the package as ``assessment_builder/
_data/`` (see setup.cfg), so both layouts are looked for, installed first.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .errors import AssessmentBuilderError

_PACKAGE = Path(__file__).resolve().parent


@cache
def _data_dir(name: str) -> Path:
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise AssessmentBuilderError(
        f"the built-in '{name}' folder is missing from this installation; reinstall assessment-builder"
    )


def builtin_framework_dir() -> Path:
    """The folder of built-in framework YAML files."""
    return _data_dir("frameworks")


def builtin_crosswalk_dir() -> Path:
    """The folder of built-in crosswalks (mappings between frameworks)."""
    return builtin_framework_dir() / "crosswalks"


def templates_dir() -> Path:
    """The folder of Jinja2 templates for documents and reports."""
    return _data_dir("templates")
