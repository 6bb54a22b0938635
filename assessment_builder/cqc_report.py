"""Read published CQC local authority assessment reports: statement pages, the summary page, PDF text, Markdown.

Per quality statement: the statement (matched to the framework whatever the
heading variant), the score and its label, what people expect (I statements),
the local authority commitment (We statement) and the key findings split by their
sub-headings; for the report, the council and CQC's published overall percentage
and rating. Several files for one council combine into one record. Anything the
parser cannot place is a finding with its line number: nothing is dropped silently.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from .cqc_record import CqcRecord, CqcStatement, KeyFinding, PublishedOverall, check_published, combine
from .cqc_text import COUNCIL_LINE, clean, logical_lines, norm
from .errors import AssessmentBuilderError, Finding, Severity
from .frameworks import load_framework
from .model import Framework

# Headings that CQC's own pages and reports, and copies of them, use besides the framework's titles.
ALIASES = {
    "safe systems pathways and transitions": "safe_pathways_systems_transitions",
    "safe pathways systems and transitions": "safe_pathways_systems_transitions",
    "safe systems pathways and transition": "safe_pathways_systems_transitions",
    "safe pathways systems and transition": "safe_pathways_systems_transitions",
    "equity in experience and outcomes": "equity_in_experiences_and_outcomes",
    "equity in experiences and outcomes": "equity_in_experiences_and_outcomes",
    "equity in experiences and outcome": "equity_in_experiences_and_outcomes",
    "supporting people to live healthier lives": "supporting_healthier_lives",
    "supporting people to lead healthier lives": "supporting_healthier_lives",
    "supporting healthier lives": "supporting_healthier_lives",
    "care provision integration and continuity of care": "care_provision_integration_continuity",
    "partnership and communities": "partnerships_and_communities",
    "governance management and sustainability": "governance_management_sustainability",
    "learning improvement and innovation": "learning_improvement_innovation",
}
SECTION_EXPECT = "what people expect"
SECTION_COMMITMENT = "the local authority commitment"
SECTION_FINDINGS = "key findings for this quality statement"
SECTIONS = (SECTION_EXPECT, SECTION_COMMITMENT, SECTION_FINDINGS)
# Headings of the overall summary page and the theme pages: known, so never "unknown", and not a statement's text.
SUMMARY_HEADINGS = {
    "overall summary",
    "local authority rating and score",
    "overall rating",
    "rating and score",
    "quality statement scores",
    "summary of peoples experiences",
    "summary of people s experiences",
    "summary of strengths areas for development and next steps",
    "about this assessment",
    "about the local authority",
}
THEME = re.compile(
    r"^(theme\s*\d+\s*[:\-–.]?.*|how .{3,60} works? with people|how .{3,60} provides? support|"
    r"how .{3,60} ensures? safety within the system|working with people|providing support|"
    r"ensuring safety( within the system)?|leadership( and workforce)?)$",
    re.IGNORECASE,
)
SCORE_LINE = re.compile(
    r"^(?:quality statement )?score\s*[:\-–]?\s*(\S+?)(?:\s*(?:/|out of)\s*4)?(?P<label>\s*[-–:]\s*evidence shows .+)?$",
    re.IGNORECASE,
)
# CQC's first reports (2024): "Hertfordshire County Council scored 78 out of 100 overall, indicating a good standard"
SCORED_LINE = re.compile(
    r"^(?P<council>.+?) scored (?P<percent>\d{1,3}) out of 100 overall(?:,? indicating an? (?P<rating>.+?) standard)?\.?$",
    re.IGNORECASE,
)
LABEL_LINE = re.compile(r"^(\d)\s*[-–:]\s*(evidence shows .+)$", re.IGNORECASE)
PERCENT_LINE = re.compile(
    r"^(?:(?:overall )?(?:score|percentage)\s*[:\-–]?\s*)?(\d{1,3}(?:\.\d+)?)\s*%$", re.IGNORECASE
)
OVERALL_LINE = re.compile(
    r"^overall(?: rating| score| result)?(?: for (?P<council>.+?))?\s*[:\-–]\s*(?P<rest>.+)$", re.IGNORECASE
)
RATING_LINE = re.compile(
    r"^(?:(?:overall )?rating\s*[:\-–]?\s*)?(Outstanding|Good|Requires [Ii]mprovement|Inadequate)$",
    re.IGNORECASE,
)
RATING_WORD = re.compile(r"\b(outstanding|good|requires improvement|inadequate)\b", re.IGNORECASE)
NUMBERS = "one|two|three|four|five|six|seven|eight|nine"
STATEMENT_PREFIX = re.compile(
    rf"^(quality statement(\s+(\d+|{NUMBERS}))?|qs\s*\d+)\s*[:\-–.]?\s*|^\d\.\s+", re.IGNORECASE
)


def _percent(text: str) -> int | None:
    m = re.search(r"(\d{1,3}(?:\.\d+)?)\s*%", text)
    return None if m is None else round(float(m.group(1)))


def _rating(text: str) -> str | None:
    m = RATING_WORD.search(text)
    return None if m is None else m.group(1).capitalize()


def councils_named(text: str) -> set[str]:
    """Every council the text names in a report line or an overall result line (normalised)."""
    out = set()
    for raw in text.splitlines():
        line = clean(raw)
        m = COUNCIL_LINE.match(line)
        o = OVERALL_LINE.match(line)
        scored = SCORED_LINE.match(line)
        if m:
            out.add(norm(m.group(1)))
        elif scored:
            out.add(norm(scored.group("council")))
        elif o and o.group("council"):
            out.add(norm(o.group("council")))
    return out


class _Parser:
    def __init__(self, text: str, source: str, framework: Framework, council: str | None = None):
        self.source = source
        self.fw = framework
        self.findings: list[Finding] = []
        self.titles = {norm(s.title): s.id for s in framework.statements}
        self.titles.update(ALIASES)
        self.titles.update({norm(a): s.id for s in framework.statements for a in s.aliases})
        self.given = council
        names = councils_named(text) | ({norm(council)} if council else set())
        self.lines, furniture = logical_lines(text, self.structural, names)
        seen: dict[str, tuple[str, list[int]]] = {}
        for number, line in furniture:  # one finding for "Page 14 of 52", "Page 15 of 52"...
            seen.setdefault(re.sub(r"\d+", "N", line), (line, []))[1].append(number)
        for line, numbers in seen.values():
            where = "" if len(numbers) == 1 else f" ({len(numbers)} times, lines {', '.join(map(str, numbers[:8]))}"
            where += "...)" if len(numbers) > 8 else (")" if where else "")
            self.warn(
                numbers[0], "C104", f"'{line[:60]}' is page furniture and was ignored{where}", severity=Severity.INFO
            )

    def warn(
        self, line: int, code: str, message: str, item: str | None = None, severity: Severity = Severity.WARNING
    ) -> None:
        self.findings.append(Finding(code, severity, message, file=self.source, line=line, item=item))

    def check_label(self, line: int, current: CqcStatement, said: int, label: str) -> None:
        """An error when a score's words are another score's ("3 - Evidence shows some shortfalls")."""
        words = label.strip().rstrip(".").casefold()
        named = next((p for p in self.fw.scale if p.label.casefold() == words), None)
        if named is not None and named.value != said:
            self.warn(
                line,
                "C112",
                f"{current.code}'s score {said} is given the words of score {named.value} ('{named.label}'); which "
                "is CQC's score cannot be told: correct the file",
                current.statement_id,
                Severity.ERROR,
            )

    def structural(self, raw: str, text: str) -> bool:
        """A line that always stands alone: a Markdown heading or bold line, a score, a section or statement title."""
        stripped = raw.strip()
        if stripped.startswith("#") or re.match(r"^(\*\*|__).+(\*\*|__)$", stripped):
            return True
        if any(
            r.match(text)
            for r in (COUNCIL_LINE, SCORE_LINE, LABEL_LINE, PERCENT_LINE, OVERALL_LINE, RATING_LINE, SCORED_LINE)
        ):
            return True
        key = norm(text)
        return key in SECTIONS or key in SUMMARY_HEADINGS or bool(THEME.match(text)) or bool(self.match_statement(text))

    def match_statement(self, text: str) -> str | None:
        key = norm(STATEMENT_PREFIX.sub("", text))
        if not key or len(key) > 70:
            return None
        if key in self.titles:
            return self.titles[key]
        close = difflib.get_close_matches(key, list(self.titles), n=1, cutoff=0.88)
        return self.titles[close[0]] if close else None

    def _council(self, number: int, name: str, council: str | None) -> str | None:
        from .calibrate import same_council

        if council is None:
            return name
        if not same_council(council, name):
            given = " (given with --council)" if self.given and council == self.given else ""
            self.warn(
                number,
                "C106",
                f"this file names two councils: '{council}'{given} and '{name}'; one record is one council's, "
                "so split the file and read each council's report on its own",
                severity=Severity.ERROR,
            )
        return council

    def parse(self) -> tuple[str | None, dict[str, CqcStatement], PublishedOverall | None]:
        council: str | None = self.given
        overall: PublishedOverall | None = None
        statements: dict[str, CqcStatement] = {}
        current: CqcStatement | None = None
        section: str | None = None
        heading: str | None = None
        pending: tuple[int, str, str | None] | None = None  # a short line taken for a sub-heading, not yet used
        summary = False
        lines = self.lines
        score_at: dict[str, tuple[int, str]] = {}

        def flush() -> None:  # a "sub-heading" that nothing followed was a closing paragraph without a full stop
            nonlocal pending
            if pending is not None and current is not None:
                _n, text, under = pending
                if current.key_findings and current.key_findings[-1].heading == under:
                    current.key_findings[-1].text += "\n" + text
                else:
                    current.key_findings.append(KeyFinding(under, text))
            pending = None

        def published(number: int, percent: int | None, rating: str | None) -> None:
            nonlocal overall
            if percent is not None and not 0 <= percent <= 100:
                self.warn(number, "C102", f"the overall score {percent}% is not a percentage; it was not recorded")
                percent = None
            if overall is None:
                overall = PublishedOverall(percent, rating, self.source, number)
            else:
                overall.percent = overall.percent if overall.percent is not None else percent
                overall.rating = overall.rating or rating

        for index, (number, text) in enumerate(lines):
            m = COUNCIL_LINE.match(text)
            if m:
                council = self._council(number, m.group(1).strip(), council)
                continue
            scored = SCORED_LINE.match(text)
            if scored:
                council = self._council(number, scored.group("council").strip(), council)
                flush()
                published(number, int(scored.group("percent")), _rating(scored.group("rating") or ""))
                current, section, heading, summary = None, None, None, True
                continue
            o = OVERALL_LINE.match(text)
            if o and (_percent(o.group("rest")) is not None or _rating(o.group("rest"))):
                if o.group("council"):
                    council = self._council(number, o.group("council").strip(), council)
                flush()
                published(number, _percent(o.group("rest")), _rating(o.group("rest")))
                current, section, heading, summary = None, None, None, True
                continue
            key = norm(text)
            theme = THEME.match(text) and (section != SECTION_FINDINGS or key.startswith("theme"))
            if key in SUMMARY_HEADINGS or theme:  # a "Leadership" sub-heading in key findings stays one
                flush()
                current, section, heading, summary = None, None, None, True
                continue
            if current is None or (summary and section is None):
                pm, rm = PERCENT_LINE.match(text), RATING_LINE.match(text)
                if (pm or rm) and (summary or current is None):
                    published(number, _percent(text) if pm else None, _rating(text) if rm else None)
                    continue
                overall_score = SCORE_LINE.match(text)
                if summary and current is None and overall_score and overall_score.group(1).isdigit():
                    # summary pages from November 2024 print the overall result as "Score: 75" under the rating
                    published(number, int(overall_score.group(1)), None)
                    continue
            sid = self.match_statement(text)
            next_text = lines[index + 1][1] if index + 1 < len(lines) else ""
            if sid and (
                SCORE_LINE.match(next_text)
                or norm(next_text) in (SECTION_EXPECT, SECTION_COMMITMENT)
                or section is None
                or section == SECTION_FINDINGS
                and len(text) < 70
                and not text.endswith(".")
            ):
                flush()
                if sid in statements:
                    self.warn(
                        number,
                        "C105",
                        f"{self.fw.statement(sid).code} appears twice in this file; the sections are combined",
                        sid,
                        Severity.INFO,
                    )
                    current = statements[sid]
                else:
                    s = self.fw.statement(sid)
                    current = CqcStatement(sid, s.code, s.title, file=self.source, line=number)
                    statements[sid] = current
                section, heading = None, None
                continue
            if current is None:
                severity = Severity.INFO if summary else Severity.WARNING
                what = "is summary text, which the record does not keep" if summary else "before any quality statement"
                self.warn(number, "C103", f"'{text[:60]}' {what}" + ("" if summary else " was ignored"), None, severity)
                continue
            sm = SCORE_LINE.match(text)
            if sm and section is None:
                value = sm.group(1)
                first = score_at.get(current.statement_id)
                if first is not None:
                    same = first[1] == value
                    if same and sm.group("label"):
                        continue  # "Score: 3" then "Score: 3 - Evidence shows a good standard": one score, labelled
                    self.warn(
                        number,
                        "C112",
                        f"{current.code} has a second score line 'Score: {value}' (the first, on line {first[0]}, "
                        f"says {first[1]}); "
                        + ("the score is kept" if same else "which is CQC's score cannot be told: correct the file"),
                        current.statement_id,
                        Severity.WARNING if same else Severity.ERROR,
                    )
                    continue
                score_at[current.statement_id] = (number, value)
                if sm.group("label") and value.isdigit():
                    self.check_label(number, current, int(value), sm.group("label").lstrip(" -–:"))
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
                said, first = int(lm.group(1)), score_at.get(current.statement_id)
                if first is not None and first[1] != str(said):
                    self.warn(
                        number,
                        "C112",
                        f"{current.code}'s label line says '{text}' but its score line (line {first[0]}) says "
                        f"{first[1]}; which is CQC's score cannot be told: correct the file",
                        current.statement_id,
                        Severity.ERROR,
                    )
                    continue
                self.check_label(number, current, said, current.label)
                if current.score is None and 1 <= said <= 4:
                    current.score = said
                continue
            if key in SECTIONS:
                flush()
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
                if len(text) < 100 and not re.search(r"[.:;!?]$", text) and text[:1].isupper():
                    flush()
                    pending = (number, text, heading)
                    heading = text
                    continue
                pending = None
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
        flush()
        for found in statements.values():
            if found.statement_id in score_at:
                continue
            read = f"; the score {found.score} was read from '{found.score} - {found.label}'" if found.score else ""
            self.warn(
                found.line,
                "C101",
                f"no 'Score:' line was found for {found.code} {found.title}{read}",
                found.statement_id,
            )
        return council, statements, overall


def parse_cqc_report(
    text: str, source: str, framework: Framework | None = None, council: str | None = None
) -> CqcRecord:
    """Parse one report's text into a record with its findings; never raises on bad text.

    ``council`` names the council when the text has no council line (``--council``); a text that names
    another council is then an error (C106), never silently credited.
    """
    fw = framework or load_framework("cqc-la")
    parser = _Parser(text, source, fw, council)
    named, statements, overall = parser.parse()
    if named is None:
        parser.warn(
            1,
            "C100",
            "no '<Council>: local authority assessment' line was found; the council is unknown "
            "(give it with --council NAME)",
        )
    if not statements and overall is None:
        parser.warn(
            1,
            "C100",
            "no quality statement heading was found; is this a CQC local authority assessment report?",
            severity=Severity.ERROR,
        )
    record = CqcRecord(named, fw, [source], statements, parser.findings, overall)
    record.findings += check_published(record)
    return record


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
    return f"{rec.council} (CQC)" if rec.council else f"{path.stem} (CQC, council not named)"
