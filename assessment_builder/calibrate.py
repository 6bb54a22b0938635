"""Set a council's self-assessment beside CQC's published scores, statement by statement.

Where the two differ, the council's own narrative and evidence stand beside CQC's
key findings, so the gap can be understood, not just counted. This is the comparison
model only; :mod:`assessment_builder.render.calibration` presents it.
"""

from __future__ import annotations

import re
from dataclasses import field
from typing import Any

from .cqc_report import CqcRecord
from .errors import Finding, Severity
from .model import Assessment
from .scoring import OverallScore, overall_score
from .values import record


@record
class CalibrationRow:
    code: str
    statement_id: str
    title: str
    self_score: int | None
    cqc_score: int | None
    strengths: str | None = None
    development: str | None = None
    narrative: str | None = None  # what a Word form says under the statement, beyond its boxes
    evidence: list[str] = field(default_factory=list)
    cqc_findings: list[dict[str, Any]] = field(default_factory=list)

    @property
    def difference(self) -> int | None:
        if self.self_score is None or self.cqc_score is None:
            return None
        return self.self_score - self.cqc_score

    @property
    def verdict(self) -> str:
        d = self.difference
        if d is None:
            return "not comparable"
        if d == 0:
            return "agrees"
        points = "point" if abs(d) == 1 else "points"  # score points on the scale, not percentage points
        return f"self-assessed {abs(d)} {points} {'higher' if d > 0 else 'lower'}"


@record
class Calibration:
    council: str
    cqc_council: str | None
    rows: list[CalibrationRow]
    self_overall: OverallScore
    cqc_overall: OverallScore
    findings: list[Any] = field(default_factory=list)
    council_mismatch: Finding | None = None  # C110: the workbook and the report name different councils

    def to_dict(self) -> dict[str, Any]:
        def overall(o: OverallScore) -> dict[str, Any]:
            return {
                "total": o.total,
                "max": o.maximum,
                "percent": o.percent,
                "rating": o.rating,
                "complete": o.complete,
                "scored": o.scored,
            }

        return {
            "council": self.council,
            "cqc_council": self.cqc_council,
            "self": overall(self.self_overall),
            "cqc": overall(self.cqc_overall),
            "statements": [
                {
                    "code": r.code,
                    "id": r.statement_id,
                    "title": r.title,
                    "self_score": r.self_score,
                    "cqc_score": r.cqc_score,
                    "difference": r.difference,
                    "verdict": r.verdict,
                    "self_strengths": r.strengths,
                    "self_development": r.development,
                    "self_narrative": r.narrative,
                    "self_evidence": r.evidence,
                    "cqc_key_findings": r.cqc_findings,
                }
                for r in self.rows
            ],
            "agreement": self.agreement,
            "warnings": [self.council_mismatch.to_dict()] if self.council_mismatch else [],
        }

    @property
    def agreement(self) -> dict[str, int]:
        diffs = [r.difference for r in self.rows if r.difference is not None]
        return {
            "compared": len(diffs),
            "agree": sum(1 for d in diffs if d == 0),
            "higher": sum(1 for d in diffs if d > 0),
            "lower": sum(1 for d in diffs if d < 0),
        }


# Words that name a council's kind, not which council: "Wiltshire Council", "Wiltshire" and
# "Wiltshire County Council" are one council; so are "London Borough of Barnet" and "Barnet".
_COUNCIL_KIND_WORDS = frozenset(
    [
        "council",
        "county",
        "borough",
        "city",
        "metropolitan",
        "district",
        "royal",
        "london",
        "unitary",
        "authority",
        "corporation",
        "the",
        "of",
    ]
)


def council_key(name: str) -> str:
    """A council's name reduced to what tells it apart: case, punctuation, '&' and words of kind do not count."""
    text = name.replace("&", " and ").lower()
    words = re.sub(r"[^a-z0-9]+", " ", re.sub(r"['‘’.]", "", text)).split()
    kept = [w for w in words if w not in _COUNCIL_KIND_WORDS]
    if not kept:  # "City of London (Corporation)" is not nothing: only its council words go
        kept = [w for w in words if w not in ("council", "corporation", "the")] or words
    return " ".join(kept)


def same_council(a: str | None, b: str | None) -> bool:
    """Whether two names are one council (see :func:`council_key`); an unknown name is never a mismatch."""
    if not a or not b or not a.strip() or not b.strip():
        return True
    return council_key(a) == council_key(b)


def council_mismatch(assessment: Assessment, record: CqcRecord) -> Finding | None:
    """The C110 warning when the workbook's council is not the council the CQC report is about."""
    if same_council(assessment.council, record.council):
        return None
    message = (
        f"the self-assessment is for '{assessment.council}' but the CQC report is for '{record.council}'; "
        "check that the right report was given (the comparison was still made)"
    )
    source = record.source_files[0] if record.source_files else None
    return Finding("C110", Severity.WARNING, message, file=source)


def calibrate(assessment: Assessment, record: CqcRecord) -> Calibration:
    """Compare a self-assessment with a CQC record of the same framework."""
    fw = assessment.framework
    self_scores = assessment.scores()
    cqc_scores = {s.id: (record.statements[s.id].score if s.id in record.statements else None) for s in fw.statements}
    rows = []
    for s in fw.statements:
        values = assessment.answers[s.id].values if s.id in assessment.answers else {}
        row = CalibrationRow(s.code, s.id, s.title, self_scores.get(s.id), cqc_scores[s.id])
        if row.difference not in (0, None) or (row.self_score is None) != (row.cqc_score is None):
            row.strengths = values.get("strengths")
            row.development = values.get("development")
            answer = assessment.answers.get(s.id)
            row.narrative = answer.narrative if answer is not None else None
            row.evidence = [e.title or e.id for e in assessment.evidence if s.id in e.statements]
            st = record.statements.get(s.id)
            row.cqc_findings = [{"heading": k.heading, "text": k.text} for k in st.key_findings] if st else []
        rows.append(row)
    return Calibration(
        assessment.council,
        record.council,
        rows,
        overall_score(fw, self_scores),
        overall_score(fw, cqc_scores),
        list(record.findings),
        council_mismatch(assessment, record),
    )
