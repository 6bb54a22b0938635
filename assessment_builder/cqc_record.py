"""CQC report records (``cqc-report -o record.json``): their marker, their JSON schema, and reading one back.

A record carries ``"kind": "assessment-builder/cqc-record"`` and a ``version``, and
is validated against :data:`RECORD_SCHEMA` (scores are whole numbers 1 to 4), so an
answers file is never taken for a record. A record from an older version, without
the marker, is read only when it passes the schema otherwise, with a warning (R104).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import Finding, Severity
from .frameworks import load_framework

if TYPE_CHECKING:
    from .cqc_report import CqcRecord
    from .model import Framework

RECORD_KIND = "assessment-builder/cqc-record"
RECORD_VERSION = 1
_TEXT = {"type": ["string", "null"]}
RECORD_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "A CQC report record written by `assessment-builder cqc-report -o`",
    "type": "object",
    "required": ["council", "framework", "statements"],
    "additionalProperties": False,
    "properties": {
        "kind": {"const": RECORD_KIND},
        "version": {"type": "integer", "minimum": 1, "maximum": RECORD_VERSION},
        "council": _TEXT,
        "framework": {
            "type": "object",
            "required": ["id"],
            "properties": {"id": {"type": "string", "minLength": 1}, "version": _TEXT},
        },
        "source_files": {"type": "array", "items": {"type": "string"}},
        "statements": {"type": "object", "additionalProperties": {"$ref": "#/$defs/statement"}},
        "findings": {"type": "array", "items": {"type": "object"}},
    },
    "$defs": {
        "statement": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "code": {"type": "string"},
                "title": {"type": "string"},
                "score": {"anyOf": [{"type": "null"}, {"type": "integer", "minimum": 1, "maximum": 4}]},
                "label": _TEXT,
                "i_statements": {"type": "array", "items": {"type": "string"}},
                "we_statement": _TEXT,
                "key_findings": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["text"],
                        "properties": {"heading": _TEXT, "text": {"type": "string"}},
                    },
                },
                "source": {
                    "type": "object",
                    "properties": {"file": {"type": "string"}, "line": {"type": "integer", "minimum": 0}},
                },
            },
        }
    },
}


def _schema_findings(data: Any, source: str) -> list[Finding]:
    """Every way ``data`` breaks the record schema, each with its JSON path (a score outside 1 to 4 named as such)."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(RECORD_SCHEMA)
    out = []
    for error in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
        parts = [str(p) for p in error.absolute_path]
        where = ".".join(parts) or None
        if len(parts) == 3 and parts[0] == "statements" and parts[2] == "score":
            message = f"the score of '{parts[1]}' is {error.instance!r}; a CQC score is a whole number from 1 to 4"
        elif error.validator == "additionalProperties" and not parts:
            message = f"{error.message}; a CQC record holds only {', '.join(RECORD_SCHEMA['properties'])}"
        else:
            message = f"{error.message} (at {where or 'the top level'})"
        out.append(Finding("R102", Severity.ERROR, message[:300], file=source, path=where))
    return out


def record_from_data(
    data: Any, source: str, framework: Framework | None = None
) -> tuple[CqcRecord | None, list[Finding]]:
    """A record saved by ``cqc-report -o``, checked against RECORD_SCHEMA; None with findings when unusable."""
    from .cqc_report import CqcRecord, CqcStatement, KeyFinding
    from .frameworks import builtin_framework_ids

    if not isinstance(data, dict):
        return None, [Finding("R103", Severity.ERROR, "this is not a CQC report record (not a JSON object)", source, 1)]
    marked = "kind" in data or "version" in data
    if marked and data.get("kind") != RECORD_KIND:
        message = f"this is not a CQC report record: its kind is {data.get('kind')!r}, not '{RECORD_KIND}'"
        return None, [Finding("R103", Severity.ERROR, message, source, 1, path="kind")]
    findings = _schema_findings(data, source)
    if marked and "version" not in data:
        findings.append(Finding("R102", Severity.ERROR, "the record has a 'kind' but no 'version'", source, 1))
    if findings:
        return None, findings
    if not marked:
        findings.append(
            Finding(
                "R104",
                Severity.WARNING,
                "the record has no kind/version marker (an older version wrote it); it matches the record "
                "schema and was read. Run `cqc-report` on it with -o to save it in the current form",
                source,
                1,
            )
        )
    fid = data["framework"]["id"]
    if framework is not None and framework.id != fid:
        message = f"this record is for the framework '{fid}', not '{framework.id}' like the self-assessment"
        return None, [*findings, Finding("R105", Severity.ERROR, message, source, path="framework.id")]
    if framework is None and fid not in builtin_framework_ids():
        message = f"the record names the framework '{fid}', which is not built in"
        return None, [*findings, Finding("R105", Severity.ERROR, message, source, path="framework.id")]
    fw = framework or load_framework(fid)
    known = {s.id for s in fw.statements}
    rec = CqcRecord(data.get("council"), fw, list(data.get("source_files") or [source]))
    for sid, st in data["statements"].items():
        if sid not in known:
            message = f"'{sid}' is not a quality statement of {fw.id}; it was not read"
            findings.append(Finding("R105", Severity.WARNING, message, source, path=f"statements.{sid}", item=sid))
            continue
        s = fw.statement(sid)
        score = st.get("score")
        rec.statements[sid] = CqcStatement(
            sid,
            st.get("code", s.code),
            st.get("title", s.title),
            None if score is None else int(score),
            st.get("label"),
            list(st.get("i_statements") or []),
            st.get("we_statement"),
            [KeyFinding(k.get("heading"), k.get("text", "")) for k in st.get("key_findings") or []],
            (st.get("source") or {}).get("file", source),
            (st.get("source") or {}).get("line", 0),
        )
    rec.findings = list(findings)
    return rec, findings
