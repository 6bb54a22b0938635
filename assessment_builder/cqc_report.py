"""Read published CQC local authority assessment reports (text copied from the web page or PDF).

Per quality statement: the council, the statement (matched to the framework
whatever the heading variant), the score and its label, what people expect (I
statements), the local authority commitment (We statement) and the key findings
split by their sub-headings. Several files for one council combine into one
record. Anything the parser cannot place is a finding with its line number:
nothing is dropped silently.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cqc_record import RECORD_KIND, RECORD_VERSION
from .errors import AssessmentBuilderError, Finding, Severity
from .frameworks import load_framework
from .model import Framework

# Headings that some copies use instead of CQC's own titles.
ALIASES = {
    "safe systems pathways and transitions": "safe_pathways_systems_transitions",
    "safe systems pathways and transition": "safe_pathways_systems_transitions",
    "equity in experience and outcomes": "equity_in_experiences_and_outcomes",
    "supporting people to live healthier lives": "supporting_healthier_lives",
    "care provision integration and continuity of care": "care_provision_integration_continuity",
    "partnership and communities": "partnerships_and_communities",
    "governance management and sustainability": "governance_management_sustainability",
    "learning improvement and innovation": "learning_improvement_innovation",
}
SECTION_EXPECT = "what people expect"
SECTION_COMMITMENT = "the local authority commitment"
SECTION_FINDINGS = "key findings for this quality statement"
FURNITURE = re.compile(
    r"^(downloads?|print|share( this page)?|back to top|skip to (main )?content|contents|menu|home|"
    r"page \d+( of \d+)?|\d+|cqc|care quality commission|local authority assessment|"
    r"previous( page)?|next( page)?|.*\bpublished\b.*\d{4})$",
    re.IGNORECASE,
)
SCORE_LINE = re.compile(r"^score\s*[:\-]?\s*(\S+)\s*$", re.IGNORECASE)
LABEL_LINE = re.compile(r"^(\d)\s*[-–]\s*(evidence shows .+)$", re.IGNORECASE)


def _norm(text: str) -> str:
    text = text.replace("&", " and ").lower()
    text = re.sub(r"[‘’“”'\"]", "", text)
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", text).split())


def _clean(line: str) -> str:
    """One line without Markdown marks, curly quotes kept as typed, whitespace trimmed."""
    line = line.replace("\u00a0", " ").strip()
    line = re.sub(r"^#{1,6}\s*", "", line)
    line = re.sub(r"^(\*\*|__)(.*)(\*\*|__)$", r"\2", line)
    line = re.sub(r"^[-*+]\s+", "", line)
    return line.strip()


@dataclass
class KeyFinding:
    heading: str | None
    text: str


@dataclass
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


@dataclass
class CqcRecord:
    """One council's published CQC results, from one or more report files."""

    council: str | None
    framework: Framework
    source_files: list[str] = field(default_factory=list)
    statements: dict[str, CqcStatement] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

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


class _Parser:
    def __init__(self, text: str, source: str, framework: Framework):
        self.source = source
        self.fw = framework
        self.findings: list[Finding] = []
        self.titles = {_norm(s.title): s.id for s in framework.statements}
        self.titles.update(ALIASES)
        self.lines = self._paragraphs(text.replace("\r\n", "\n").replace("\r", "\n"))

    def warn(
        self, line: int, code: str, message: str, item: str | None = None, severity: Severity = Severity.WARNING
    ) -> None:
        self.findings.append(Finding(code, severity, message, file=self.source, line=line, item=item))

    def _paragraphs(self, text: str) -> list[tuple[int, str]]:
        """(line number, text) of each paragraph: PDF copies wrap lines and hyphenate; web copies do not."""
        raw = text.split("\n")
        lengths = sorted(len(line.strip()) for line in raw if line.strip())
        has_blank = any(not line.strip() for line in raw)
        # PDF copies wrap every line short and separate paragraphs by blank lines; web copies keep a
        # paragraph on one (long) line
        wrapped = has_blank and bool(lengths) and lengths[len(lengths) // 2] <= 100 and lengths[-1] <= 130
        out: list[tuple[int, str]] = []
        if not wrapped:
            return [(i, line) for i, line in enumerate(raw, start=1) if line.strip()]
        start, buf = 0, ""
        for i, line in enumerate(raw, start=1):
            stripped = line.strip()
            if not stripped:
                if buf:
                    out.append((start, buf))
                buf = ""
                continue
            if not buf:
                start, buf = i, stripped
            elif buf.endswith("-") and not buf.endswith(" -"):
                buf = buf[:-1] + stripped
            else:
                buf = f"{buf} {stripped}"
        if buf:
            out.append((start, buf))
        return out

    def match_statement(self, text: str) -> str | None:
        key = _norm(re.sub(r"^(quality statement|qs\s*\d+)\s*[:\-–]?\s*", "", text, flags=re.IGNORECASE))
        if not key or len(key) > 70:
            return None
        if key in self.titles:
            return self.titles[key]
        close = difflib.get_close_matches(key, list(self.titles), n=1, cutoff=0.88)
        return self.titles[close[0]] if close else None

    def parse(self) -> tuple[str | None, dict[str, CqcStatement]]:
        council: str | None = None
        statements: dict[str, CqcStatement] = {}
        current: CqcStatement | None = None
        section: str | None = None
        heading: str | None = None
        lines = self.lines
        score_lines: set[str] = set()
        for index, (number, raw) in enumerate(lines):
            text = _clean(raw)
            if not text:
                continue
            m = re.match(r"^(.+?)\s*:\s*local authority assessment\s*$", text, re.IGNORECASE)
            if m:
                name = m.group(1).strip()
                if council and council != name:
                    self.warn(number, "C106", f"a second council '{name}' is named; the record keeps '{council}'")
                council = council or name
                continue
            if FURNITURE.match(text) and section != SECTION_FINDINGS:
                self.warn(
                    number, "C104", f"'{text[:60]}' looks like page furniture and was ignored", severity=Severity.INFO
                )
                continue
            sid = self.match_statement(text)
            next_text = _clean(lines[index + 1][1]) if index + 1 < len(lines) else ""
            if sid and (
                SCORE_LINE.match(next_text)
                or _norm(next_text) in (SECTION_EXPECT, SECTION_COMMITMENT)
                or section is None
                or section == SECTION_FINDINGS
                and len(text) < 70
                and not text.endswith(".")
            ):
                if sid in statements:
                    self.warn(
                        number,
                        "C105",
                        f"{self.fw.statement(sid).code} appears twice in this file; the sections are combined",
                        sid,
                    )
                    current = statements[sid]
                else:
                    s = self.fw.statement(sid)
                    current = CqcStatement(sid, s.code, s.title, file=self.source, line=number)
                    statements[sid] = current
                section, heading = None, None
                continue
            if current is None:
                if len(text) < 80 and not text.endswith("."):
                    self.warn(
                        number, "C103", f"unknown heading '{text[:60]}' before any quality statement; it was ignored"
                    )
                else:
                    self.warn(number, "C103", f"text before any quality statement was ignored: '{text[:60]}...'")
                continue
            sm = SCORE_LINE.match(text)
            if sm and section is None:
                score_lines.add(current.statement_id)
                value = sm.group(1)
                if value.isdigit() and 1 <= int(value) <= 4:
                    current.score = int(value)
                else:
                    self.warn(
                        number,
                        "C102",
                        f"score '{value}' of {current.code} is not 1 to 4; it was not recorded",
                        current.statement_id,
                    )
                continue
            lm = LABEL_LINE.match(text)
            if lm and section is None:
                current.label = lm.group(2).strip()
                if current.score is None and 1 <= int(lm.group(1)) <= 4:
                    current.score = int(lm.group(1))
                continue
            key = _norm(text)
            if key in (SECTION_EXPECT, SECTION_COMMITMENT, SECTION_FINDINGS):
                section, heading = key, None
                continue
            if section == SECTION_EXPECT:
                for sentence in re.split(r"(?<=[.!?])\s+(?=(?:I|When I|If I)\b)", text):
                    sentence = sentence.strip()
                    if sentence and sentence not in current.i_statements:
                        current.i_statements.append(sentence)
            elif section == SECTION_COMMITMENT:
                current.we_statement = f"{current.we_statement} {text}".strip() if current.we_statement else text
            elif section == SECTION_FINDINGS:
                if len(text) < 100 and not re.search(r"[.:;]$", text) and text[:1].isupper():
                    heading = text
                    continue
                if current.key_findings and current.key_findings[-1].heading == heading:
                    current.key_findings[-1].text += "\n" + text
                else:
                    current.key_findings.append(KeyFinding(heading, text))
            else:
                self.warn(
                    number,
                    "C103",
                    f"unknown heading or text '{text[:60]}' under {current.code} was ignored",
                    current.statement_id,
                )
        for found in statements.values():
            if found.statement_id in score_lines:
                continue
            read = f"; the score {found.score} was read from '{found.score} - {found.label}'" if found.score else ""
            self.warn(
                found.line,
                "C101",
                f"no 'Score:' line was found for {found.code} {found.title}{read}",
                found.statement_id,
            )
        return council, statements


def parse_cqc_report(text: str, source: str, framework: Framework | None = None) -> CqcRecord:
    """Parse one report's text into a record with its findings; never raises on bad text."""
    fw = framework or load_framework("cqc-la")
    parser = _Parser(text, source, fw)
    council, statements = parser.parse()
    if council is None:
        parser.warn(1, "C100", "no '<Council>: local authority assessment' line was found; the council is unknown")
    if not statements:
        parser.warn(
            1,
            "C100",
            "no quality statement heading was found; is this a CQC local authority assessment report?",
            severity=Severity.ERROR,
        )
    return CqcRecord(council, fw, [source], statements, parser.findings)


def combine(records: list[CqcRecord]) -> CqcRecord:
    """One council's record from several files; duplicates and conflicting scores are reported."""
    if not records:
        raise AssessmentBuilderError("no CQC report was given")
    out = CqcRecord(records[0].council, records[0].framework, [], {}, [])
    for rec in records:
        out.source_files += rec.source_files
        out.findings += rec.findings
        if rec.council and out.council and rec.council != out.council:
            out.findings.append(
                Finding(
                    "C106",
                    Severity.ERROR,
                    f"this report is for '{rec.council}', not '{out.council}'; give one council's reports at a time",
                    file=rec.source_files[0],
                    line=1,
                )
            )
            continue
        out.council = out.council or rec.council
        for sid, st in rec.statements.items():
            have = out.statements.get(sid)
            if have is None:
                out.statements[sid] = st
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
            else:
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
    return out


def load_cqc_record(paths: list[Path] | Path, framework: Framework | None = None) -> CqcRecord:
    """Read one or more report files (text or records) of one council into one record; raise when one cannot be."""
    from .load import load_cqc

    items = [paths] if isinstance(paths, Path) else list(paths)
    loaded = [load_cqc(p, framework) for p in items]
    bad = [f for item in loaded if item.value is None for f in item.errors]
    if bad:
        raise AssessmentBuilderError("\n".join(str(f) for f in bad))
    return combine([item.value for item in loaded if item.value is not None])


def compare_input(path: Path) -> tuple[str, Framework, dict[str, int | None]]:
    """What ``compare`` needs from a report: a label, the framework and the scores."""
    rec = load_cqc_record(path)
    if not rec.statements:
        raise AssessmentBuilderError(f"{path}: no quality statement was found in this report")
    return record_label(rec, path), rec.framework, rec.scores()


def record_label(rec: CqcRecord, path: Path) -> str:
    """How a record is named in a comparison."""
    return f"{rec.council or path.stem} (CQC)"
