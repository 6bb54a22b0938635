"""The framework checker: the schema's keys and patterns, and one pass that collects every problem.

Each problem is a finding ``file:line: dotted.path: message`` with a did-you-mean for misspelt keys
and references (see docs/frameworks.md for the schema). framework_build.py and crosswalks.py check
with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .errors import Finding, Severity
from .yamlsource import YamlDocument

SCHEMA_VERSION = 1
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
FRAMEWORK_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
CODE_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,15}$")

TOP_KEYS = {
    "schema": False,
    "id": True,
    "title": True,
    "version": True,
    "publisher": False,
    "source": False,
    "licence": False,
    "kind": True,
    "scale": False,
    "rating": False,
    "evidence_categories": True,
    "themes": True,
    "migrations": False,
    "indicators": False,
}
THEME_KEYS = {"id": True, "code": True, "title": True, "statements": True}
STATEMENT_KEYS = {
    "id": True,
    "code": True,
    "title": True,
    "we_statement": True,
    "i_statements": False,
    "prompts": False,
    "evidence_categories": False,
    "care_act": False,
    "aliases": False,
}
INDICATOR_KEYS = {"id": True, "name": True, "statements": True, "polarity": True, "unit": True, "source": True}
INDICATOR_POLARITIES = ("higher", "lower")
INDICATOR_UNITS = ("percent", "rate per 100,000", "count", "days")
RATING_KEYS = {"source": False, "rounding": False, "bands": True}
MIGRATION_KEYS = {"from_version": True, "renamed": False, "merged": False, "split": False, "retired": False}
CROSSWALK_KEYS = {
    "schema": False,
    "id": True,
    "title": True,
    "from": True,
    "to": True,
    "mappings": True,
    "source": False,
}
DEFAULT_ROUNDING = (
    "The total is taken as a percentage of the maximum and rounded to the nearest whole percent (halves round up)."
)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A " (did you mean 'x'?)" suffix, or "" when nothing is close."""
    import difflib  # only when a name is not found

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


class _Checker:
    """Collects findings against one YAML document while reading values out of it."""

    def __init__(self, doc: YamlDocument):
        self.doc = doc
        self.findings: list[Finding] = []

    def add(self, path: str, code: str, message: str) -> None:
        self.findings.append(
            Finding(
                code=code,
                severity=Severity.ERROR,
                message=message,
                file=self.doc.file,
                line=self.doc.line(path),
                path=path or None,
            )
        )

    def mapping(self, value: Any, path: str, keys: dict[str, bool], what: str) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.add(path, "F103", f"{what} must be a mapping of keys to values, not {_type_name(value)}")
            return None
        for key in value:
            if key not in keys:
                self.add(
                    _join(path, key),
                    "F102",
                    f"unknown key '{key}' in {what}{did_you_mean(key, keys)}; allowed keys: {', '.join(keys)}",
                )
        for key, required in keys.items():
            if required and key not in value:
                self.add(path, "F101", f"{what} is missing the required key '{key}'")
        return value

    def text(self, mapping: dict[str, Any], key: str, path: str, required: bool = True) -> str:
        value = mapping.get(key)
        where = _join(path, key)
        if value is None:
            if required and key in mapping:
                self.add(where, "F104", f"'{key}' is empty; write the text")
            return ""
        if isinstance(value, (int, float)) and where in self.doc.texts:
            value = self.doc.texts[where]  # as written: "yes", not True; "2025.10", not 2025.1
        elif isinstance(value, (int, float)) or hasattr(value, "isoformat"):
            value = value.isoformat() if hasattr(value, "isoformat") else str(value)
        if not isinstance(value, str):
            self.add(where, "F103", f"'{key}' must be text, not {_type_name(value)}")
            return ""
        value = value.strip()
        if required and not value:
            self.add(where, "F104", f"'{key}' is empty; write the text")
        return value

    def text_list(self, mapping: dict[str, Any], key: str, path: str) -> tuple[str, ...]:
        value = mapping.get(key)
        where = _join(path, key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.add(where, "F103", f"'{key}' must be a list of texts, not {_type_name(value)}")
            return ()
        out = []
        for i, item in enumerate(value):
            item = self.doc.texts.get(f"{where}[{i}]", item)  # an unquoted "Yes" or "2024" as written
            if not isinstance(item, str) or not item.strip():
                self.add(f"{where}[{i}]", "F104", f"item {i + 1} of '{key}' must be non-empty text")
                continue
            out.append(item.strip())
        return tuple(out)

    def identifier(self, mapping: dict[str, Any], key: str, path: str, pattern: re.Pattern[str], hint: str) -> str:
        value = self.text(mapping, key, path)
        if value and not pattern.match(value):
            self.add(_join(path, key), "F104", f"'{value}' is not a valid {key}: {hint}")
        return value

    def items(self, mapping: dict[str, Any], key: str, path: str, required: bool = True) -> list[tuple[str, Any]]:
        value = mapping.get(key)
        where = _join(path, key)
        if value is None:
            if required and key in mapping:
                self.add(where, "F104", f"'{key}' is empty; it needs at least one item")
            return []
        if not isinstance(value, list):
            self.add(where, "F103", f"'{key}' must be a list, not {_type_name(value)}")
            return []
        if required and not value:
            self.add(where, "F104", f"'{key}' is empty; it needs at least one item")
        return [(f"{where}[{i}]", item) for i, item in enumerate(value)]

    def unique(self, seen: dict[str, str], value: str, path: str, what: str) -> None:
        if not value:
            return
        key = value.lower()
        if key in seen:
            self.add(path, "F105", f"{what} '{value}' is used twice (first at {seen[key]}); each must be unique")
        else:
            seen[key] = f"line {self.doc.line(path)}"


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "text", int: "a number", float: "a number", bool: "true/false"}.get(
        type(value), type(value).__name__
    )
