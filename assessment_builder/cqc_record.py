"""CQC report records: the record (one council's published results), its JSON schema, reading one back, combining.

A record carries ``"kind": "assessment-builder/cqc-record"`` and a ``version``, and
is validated against :data:`RECORD_SCHEMA` (scores are whole numbers 1 to 4), so an
answers file is never taken for a record. A record from an older version, without
the marker, is read only when it passes the schema otherwise, with a warning (R104).
"""

from __future__ import annotations

from dataclasses import field
from typing import Any

from .errors import AssessmentBuilderError, Finding, Severity
from .frameworks import load_framework
from .model import Framework
from .values import record

RECORD_KIND = "assessment-builder/cqc-record"
RECORD_VERSION = 2  # 2: the published overall result ("overall")


@record
class KeyFinding:
    heading: str | None
    text: str


@record
class CqcStatement:
    statement_id: str
    code: str
    title: str
    score: int | None = None
    label: str | None = None
    i_statements: list[str] = field(default_factory=list)
    we_statement: str | None = None
    key_findings: list[KeyFinding] = field(default_factory=list)
    file: str = ""
    line: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "title": self.title,
            "score": self.score,
            "label": self.label,
            "i_statements": list(self.i_statements),
            "we_statement": self.we_statement,
            "key_findings": [{"heading": k.heading, "text": k.text} for k in self.key_findings],
            "source": {"file": self.file, "line": self.line},
        }

    def fill_from(self, other: CqcStatement) -> None:
        """Take what this copy lacks (a summary page has only the score) from another copy of the statement."""
        self.score = self.score if self.score is not None else other.score
        self.label = self.label or other.label
        self.i_statements = self.i_statements or list(other.i_statements)
        self.we_statement = self.we_statement or other.we_statement
        self.key_findings = self.key_findings or list(other.key_findings)


@record
class PublishedOverall:
    """CQC's published overall result, as the report gives it, and this project's rule applied to its scores."""

    percent: int | None
    rating: str | None
    file: str = ""
    line: int = 0
    rule_percent: int | None = None  # this project's rule over the nine published scores, when all are there
    rule_rating: str | None = None

    @property
    def agrees(self) -> bool | None:
        if self.rule_percent is None:
            return None
        same_rating = self.rating is None or (self.rule_rating or "").lower() == self.rating.lower()
        return same_rating and (self.percent is None or self.percent == self.rule_percent)

    def to_dict(self) -> dict[str, Any]:
        return {
            "percent": self.percent,
            "rating": self.rating,
            "rule": None
            if self.rule_percent is None
            else {"percent": self.rule_percent, "rating": self.rule_rating, "agrees": self.agrees},
            "source": {"file": self.file, "line": self.line},
        }


@record
class CqcRecord:
    """One council's published CQC results, from one or more report files."""

    council: str | None
    framework: Framework
    source_files: list[str] = field(default_factory=list)
    statements: dict[str, CqcStatement] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    overall: PublishedOverall | None = None

    def scores(self) -> dict[str, int | None]:
        return {
            s.id: (self.statements[s.id].score if s.id in self.statements else None) for s in self.framework.statements
        }

    def to_dict(self) -> dict[str, Any]:
        order = [s.id for s in self.framework.statements]
        return {
            "kind": RECORD_KIND,
            "version": RECORD_VERSION,
            "council": self.council,
            "framework": {"id": self.framework.id, "version": self.framework.version},
            "source_files": list(self.source_files),
            "overall": self.overall.to_dict() if self.overall else None,
            "statements": {sid: self.statements[sid].to_dict() for sid in order if sid in self.statements},
            "findings": [
                {
                    "code": f.code,
                    "severity": f.severity.value,
                    "file": f.file,
                    "line": f.line,
                    "item": f.item,
                    "message": f.message,
                }
                for f in self.findings
            ],
        }


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
        "overall": {"$ref": "#/$defs/overall"},
        "statements": {"type": "object", "additionalProperties": {"$ref": "#/$defs/statement"}},
        "findings": {"type": "array", "items": {"type": "object"}},
    },
    "$defs": {
        "overall": {
            "type": ["object", "null"],
            "additionalProperties": False,
            "properties": {
                "percent": {"anyOf": [{"type": "null"}, {"type": "integer", "minimum": 0, "maximum": 100}]},
                "rating": {"enum": [None, "Outstanding", "Good", "Requires improvement", "Inadequate"]},
                "rule": {"type": ["object", "null"]},
                "source": {"$ref": "#/$defs/source"},
            },
        },
        "source": {
            "type": "object",
            "properties": {"file": {"type": "string"}, "line": {"type": "integer", "minimum": 0}},
        },
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
                "source": {"$ref": "#/$defs/source"},
            },
        },
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
    published = data.get("overall")
    if published:
        where = published.get("source") or {}
        rec.overall = PublishedOverall(
            published.get("percent"), published.get("rating"), where.get("file", source), where.get("line", 0)
        )
    rec.findings = list(findings) + check_published(rec)
    return rec, rec.findings


def check_published(record: CqcRecord) -> list[Finding]:
    """CQC's published overall result against this project's rule over the published scores (C111 when they differ).

    The rule is applied only when every statement of the framework has a published score; the result is kept
    in ``record.overall`` (``rule_percent``/``rule_rating``) either way, so agreement is shown too.
    """
    from .scoring import score_assessment

    published = record.overall
    scores = record.scores()
    if published is None or any(v is None for v in scores.values()):
        return []
    result = score_assessment(record.framework, scores).overall
    if result is None:
        return []
    published.rule_percent, published.rule_rating = result.percent, result.rating
    if published.agrees:
        return []
    total = sum(v for v in scores.values() if v is not None)
    said = " ".join(x for x in (None if published.percent is None else f"{published.percent}%", published.rating) if x)
    message = (
        f"CQC published {said}, but this project's rule (the total as a percentage of the maximum, rounded half "
        f"up, then banded) gives {result.percent}% {result.rating} from the {len(scores)} published scores "
        f"({total} of {len(scores) * record.framework.max_score}); check the scores read, then tell the project: "
        "the rule may need to change"
    )
    return [Finding("C111", Severity.WARNING, message, file=published.file, line=published.line)]


def combine(records: list[CqcRecord]) -> CqcRecord:
    """One council's record from several files (statement pages, the summary page, records saved earlier).

    Copies of a statement fill each other in (a summary page gives only the score); two different scores are a
    warning (C107). Files of two councils (C106) or a file that names no council beside one that does (C113)
    are errors: nothing is credited to a council it was not read for.
    """
    if not records:
        raise AssessmentBuilderError("no CQC report was given")
    from .calibrate import same_council

    named = [r for r in records if r.council]
    out = CqcRecord(named[0].council if named else None, records[0].framework, [], {}, [])
    for rec in records:
        out.source_files += rec.source_files
        out.findings += [f for f in rec.findings if f.code != "C111"]
        if rec.council and out.council and not same_council(rec.council, out.council):
            out.findings.append(
                Finding(
                    "C106",
                    Severity.ERROR,
                    f"this report is for '{rec.council}', but {named[0].source_files[0]} is for '{out.council}'; "
                    "give one council's reports at a time",
                    file=rec.source_files[0],
                    line=1,
                )
            )
            continue
        if rec.council is None and out.council is not None:
            out.findings.append(
                Finding(
                    "C113",
                    Severity.ERROR,
                    f"this report names no council, and {named[0].source_files[0]} is for '{out.council}'; it is "
                    f"not credited to '{out.council}' unread: if it is that council's, give --council "
                    f'"{out.council}"',
                    file=rec.source_files[0],
                    line=1,
                )
            )
            continue
        if rec.overall is not None:
            if out.overall is None:
                out.overall = PublishedOverall(
                    rec.overall.percent, rec.overall.rating, rec.overall.file, rec.overall.line
                )
            elif (rec.overall.percent, rec.overall.rating) != (out.overall.percent, out.overall.rating):
                out.findings.append(
                    Finding(
                        "C107",
                        Severity.WARNING,
                        f"the overall result here ({rec.overall.percent}% {rec.overall.rating}) is not the one in "
                        f"{out.overall.file} ({out.overall.percent}% {out.overall.rating}); the first is kept",
                        file=rec.overall.file,
                        line=rec.overall.line,
                    )
                )
        for sid, st in rec.statements.items():
            have = out.statements.get(sid)
            if have is None:
                out.statements[sid] = CqcStatement(**{**st.__dict__, "key_findings": list(st.key_findings)})
            elif have.score != st.score and st.score is not None and have.score is not None:
                out.findings.append(
                    Finding(
                        "C107",
                        Severity.WARNING,
                        f"{st.code} is scored {have.score} in {have.file} but {st.score} here; the first is kept",
                        file=st.file,
                        line=st.line,
                        item=sid,
                    )
                )
                have.fill_from(st)
            else:
                partial = not (have.key_findings or have.we_statement) or not (st.key_findings or st.we_statement)
                if not partial:
                    out.findings.append(
                        Finding(
                            "C105",
                            Severity.INFO,
                            f"{st.code} is in {have.file} too; the first copy is kept",
                            file=st.file,
                            line=st.line,
                            item=sid,
                        )
                    )
                have.fill_from(st)
    out.findings += check_published(out)
    return out
