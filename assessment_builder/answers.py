"""Save and load a council's answers as JSON or YAML, for re-use (``import -o``, ``new --from``).

The shape is ``import --json`` without the findings (see Assessment.to_dict).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import yaml

from .errors import AssessmentBuilderError, FrameworkInvalid, FrameworkNotFound, UsageError
from .frameworks import load_framework
from .model import ActionItem, Assessment, EvidenceItem, Framework, StatementAnswer
from .output import atomic_write_text


def dump_answers(assessment: Assessment, fmt: str) -> str:
    """The answers as JSON or YAML text."""
    data = assessment.to_dict()
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt == "yaml":
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    raise UsageError(f"unknown answers format '{fmt}'; use .json or .yaml")


def save_answers(assessment: Assessment, path: str | Path, force: bool = False) -> Path:
    """Write the answers to ``path`` (.json, .yaml or .yml), atomically."""
    suffix = Path(path).suffix.lower()
    fmt = {".json": "json", ".yaml": "yaml", ".yml": "yaml"}.get(suffix)
    if fmt is None:
        raise UsageError(f"'{path}': answers are written as .json or .yaml; change the file name")
    return atomic_write_text(path, dump_answers(assessment, fmt), force=force)


def load_answers(path: str | Path, framework: Framework | None = None) -> Assessment:
    """Read answers written by :func:`save_answers` back into an Assessment."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, yaml.YAMLError) as exc:
        raise AssessmentBuilderError(f"{path}: cannot read the answers file ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("framework"), dict):
        raise AssessmentBuilderError(f"{path}: this is not an answers file (no 'framework' section)")
    if framework is None:
        try:
            framework = load_framework(str(data["framework"].get("id")))
        except (FrameworkNotFound, FrameworkInvalid) as exc:
            raise AssessmentBuilderError(f"{path}: {exc}") from exc
    answers = {}
    for sid, values in (data.get("statements") or {}).items():
        if isinstance(values, dict):
            answers[str(sid)] = StatementAnswer(str(sid), {k: v for k, v in values.items()})
    evidence = [
        EvidenceItem(
            id=str(e.get("id")),
            title=e.get("title"),
            category=e.get("category"),
            statements=list(e.get("statements") or []),
            date=_date(e.get("date")),
            owner=e.get("owner"),
            location=e.get("location"),
        )
        for e in data.get("evidence") or []
        if isinstance(e, dict)
    ]
    actions = [
        ActionItem(
            id=str(a.get("id")),
            statement=a.get("statement"),
            action=a.get("action"),
            owner=a.get("owner"),
            due=_date(a.get("due")),
            status=a.get("status"),
        )
        for a in data.get("actions") or []
        if isinstance(a, dict)
    ]
    return Assessment(framework, str(data.get("council") or ""), answers, evidence, actions, source=str(path))


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None
