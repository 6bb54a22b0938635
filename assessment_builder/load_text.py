"""Structured text for the loader: JSON and YAML bytes as plain data, each problem a located finding.

Used by :mod:`assessment_builder.load` for answers files and CQC records: duplicate keys, deep nesting,
YAML aliases and tags are refused with the line they are on; nothing here raises for bad input.
"""

from __future__ import annotations

import json
from typing import Any

from .errors import Finding, Severity

MAX_JSON_DEPTH = 64


def error(code: str, message: str, file: str, line: int | None = None, path: str | None = None) -> Finding:
    """An error finding located by file, line and (for answers) dotted path."""
    return Finding(code, Severity.ERROR, message, file=file, line=line, path=path)


# --- JSON and YAML ---------------------------------------------------------------


def _binary(raw: bytes) -> str | None:
    from .yamlsource import binary_kind

    return binary_kind(raw)


def _rename(kind: str, wrote: str = "the file") -> str:
    """How to fix a workbook or Word form saved under an answers file's or a record's name."""
    named = {
        "an Excel workbook": ".xlsx and it is read as a workbook",
        "a Word document": ".docx and it is read as a Word form",
    }
    if kind in named:
        return f"name it {named[kind]}, or give {wrote} this tool wrote"
    return f"give {wrote} this tool wrote"


class _Duplicate(Exception):
    def __init__(self, key: str):
        self.key = key


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Duplicate(key)
        out[key] = value
    return out


def _depth(raw: bytes) -> int:
    """The deepest nesting of brackets outside strings (cheap, so a deeply nested file is refused before parsing)."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest


def parse_json(raw: bytes, name: str, code: str, unsafe: str) -> tuple[Any, list[Finding]]:
    """JSON bytes as data, or None with a located finding (syntax, encoding, duplicate keys, nesting)."""
    kind = _binary(raw)
    if kind is not None:
        return None, [error(code, f"this is {kind}, not a JSON text file; {_rename(kind, 'the .json file')}", name)]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [error(code, f"byte 0x{raw[exc.start]:02x} is not UTF-8 text; save the file as UTF-8", name, line)]
    if not text.strip():
        return None, [error(code, "the file is empty", name, 1)]
    if _depth(raw) > MAX_JSON_DEPTH:
        return None, [error(unsafe, f"the JSON is nested more than {MAX_JSON_DEPTH} levels deep; it is not read", name)]
    try:
        return json.loads(text, object_pairs_hook=_pairs), []
    except json.JSONDecodeError as exc:
        return None, [error(code, f"JSON syntax error: {exc.msg} (column {exc.colno})", name, exc.lineno)]
    except _Duplicate as exc:
        message = f"the key '{exc.key}' appears twice in one object; only one value can be meant: remove the other"
        return None, [error(unsafe, message, name, _line_of_key(text, exc.key))]
    except (ValueError, RecursionError) as exc:
        return None, [error(code, f"the JSON cannot be read ({type(exc).__name__}: {str(exc)[:120]})", name)]


def _line_of_key(text: str, key: str) -> int | None:
    """The line of the second occurrence of ``"key":`` (where the duplicate most likely is)."""
    needle = json.dumps(key)
    first = text.find(needle)
    second = text.find(needle, first + 1) if first >= 0 else -1
    return text.count("\n", 0, second) + 1 if second >= 0 else None


def parse_yaml(
    raw: bytes, name: str, code: str, unsafe: str, what: str
) -> tuple[Any, dict[str, int], dict[str, str], list[Finding]]:
    """YAML bytes as plain data with the line of every dotted path and the written text of unquoted
    true/false and numbers (see YamlDocument.texts), read as frameworks are (no aliases, no tags)."""
    from .yamlsource import parse_yaml as compose

    if not raw.strip():
        return None, {}, {}, [error(code, "the file is empty", name, 1)]
    kind = _binary(raw)
    if kind is not None:
        return (
            None,
            {},
            {},
            [error(code, f"this is {kind}, not {what} (YAML text); {_rename(kind, 'the file')}", name)],
        )
    doc, problems = compose(raw, name)
    if doc is None:
        out = []
        for f in problems:
            if f.code == "F108":
                message = (
                    f"YAML anchors and aliases (& and *) are not allowed in {what}: write the values out"
                    if "alias" in f.message
                    else f"YAML tags (!) are not allowed in {what}: it holds only text, numbers, dates and lists"
                )
                out.append(error(unsafe, message, name, f.line))
            elif f.code == "F105":  # a key given twice, refused as in JSON
                out.append(error(unsafe, f.message, name, f.line))
            else:
                out.append(error(code, f.message, name, f.line))
        return None, {}, {}, out
    return doc.data, doc.lines, doc.texts, []


# --- what a JSON document is -------------------------------------------------------------------------


def json_kind(data: Any) -> str | None:
    """ "answers", "cqc-record" or None: by the marker when there is one, else by shape."""
    from .answers import ANSWERS_KIND
    from .cqc_record import RECORD_KIND

    if not isinstance(data, dict):
        return None
    marker = data.get("kind")
    if marker == RECORD_KIND:
        return "cqc-record"
    if marker == ANSWERS_KIND:
        return "answers"
    if marker is not None:
        return None
    if "source_files" in data or (isinstance(data.get("statements"), dict) and _has_key_findings(data["statements"])):
        return "cqc-record"
    if isinstance(data.get("framework"), dict) and ("statements" in data or "evidence" in data or "actions" in data):
        return "answers"
    return None


def _has_key_findings(statements: dict[str, Any]) -> bool:
    return any(isinstance(v, dict) and ("key_findings" in v or "i_statements" in v) for v in statements.values())
