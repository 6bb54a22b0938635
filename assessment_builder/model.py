"""Frozen data model: frameworks (what is assessed) and assessments (a council's answers).

The loader turns YAML into these objects once, after validation; nothing past the
loader sees raw dicts, so every other module can trust the shape it is given.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import field
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any

from .values import record

if TYPE_CHECKING:
    from .scoring import ScoringPolicy


@record(frozen=True)
class ScalePoint:
    """One point of a framework's scoring scale: its value and label (CQC: 1 to 4, "Evidence shows a good standard")."""

    value: int
    label: str


@record(frozen=True)
class RatingBand:
    """A rating and the lowest whole percentage that earns it (CQC: Good from 63%)."""

    lower: int  # lowest whole percent in the band
    label: str


@record(frozen=True)
class EvidenceCategory:
    """A kind of evidence the framework names (people's experience, feedback from partners, processes...)."""

    id: str
    title: str


@record(frozen=True)
class Statement:
    """The assessable unit: a CQC quality statement, a peer challenge area, a KLOE."""

    id: str
    code: str
    title: str
    we_statement: str
    i_statements: tuple[str, ...]
    prompts: tuple[str, ...]
    evidence_categories: tuple[str, ...]
    theme_id: str
    care_act: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # other titles the statement is published under (matched, never shown as its title)

    def wording_hash(self) -> str:
        """A short hash of the locked wording, stamped into workbooks to detect edits."""
        payload = json.dumps(
            [self.code, self.title, self.we_statement, list(self.i_statements), list(self.prompts)],
            ensure_ascii=False,
        )
        return _sha256_type()(payload.encode("utf-8")).hexdigest()[:16]


@record(frozen=True)
class Theme:
    """A group of statements, scored as the mean of its statements (CQC: Working with people, and three more)."""

    id: str
    code: str
    title: str
    statements: tuple[Statement, ...]


@record(frozen=True)
class Migration:
    """How statements of an older framework version map onto this one (see issue: migrate)."""

    from_version: str
    renamed: tuple[tuple[str, str], ...] = ()  # (old id, new id)
    merged: tuple[tuple[tuple[str, ...], str], ...] = ()  # (old ids, new id)
    split: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (old id, new ids)
    retired: tuple[str, ...] = ()


@record(frozen=True)
class Indicator:
    """A measure CQC quotes (or a council tracks), compared with England; see docs/frameworks.md."""

    id: str
    name: str
    statements: tuple[str, ...]  # statement ids
    polarity: str  # "higher" or "lower" is better
    unit: str  # "percent", "rate per 100,000", "count" or "days"
    source: str  # an ASCOF measure code, a survey question, or "local"


@record(frozen=True)
class Framework:
    """What is assessed: themes of statements, the scale, rating bands and indicators, loaded once from YAML."""

    id: str
    title: str
    version: str
    kind: str  # "rated" or "unrated"
    publisher: str
    source: str
    licence: str
    scale: tuple[ScalePoint, ...]
    rating_bands: tuple[RatingBand, ...]
    rounding: str
    evidence_categories: tuple[EvidenceCategory, ...]
    themes: tuple[Theme, ...]
    migrations: tuple[Migration, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    path: str | None = None  # where it was loaded from
    builtin: bool = False
    yaml_text: str = field(default="", repr=False, compare=False)  # the source, embedded in workbooks of own frameworks
    whole: Framework | None = field(default=None, repr=False, compare=False)  # what a scoped copy was cut from

    @property
    def rated(self) -> bool:
        return self.kind == "rated"

    def __reduce_ex__(self, protocol: Any) -> Any:
        """A built-in framework, exactly as loaded, travels to another process (compare's workers) by its path,
        and the receiver takes its own once-per-process copy; any other framework travels whole."""
        if self.builtin and self.path:
            from .frameworks import cached_framework

            if cached_framework(self.path) is self:
                return (_builtin_framework, (self.path,))
        return object.__reduce_ex__(self, protocol)

    @cached_property
    def policy(self) -> ScoringPolicy:
        """What this framework's kind decides (fields, scoring, rating, wording): see scoring.ScoringPolicy."""
        from .scoring import policy_for

        return policy_for(self)

    @cached_property
    def statements(self) -> tuple[Statement, ...]:
        """Every statement, theme by theme (made once per framework object: readers ask for it per row)."""
        return tuple(s for t in self.themes for s in t.statements)

    def statement(self, key: str) -> Statement:
        """Find a statement by id or code (case-insensitive for codes)."""
        for s in self.statements:
            if s.id == key or s.code.lower() == key.lower():
                return s
        raise KeyError(key)

    def theme(self, key: str) -> Theme:
        for t in self.themes:
            if t.id == key or t.code.lower() == key.lower():
                return t
        raise KeyError(key)

    def category(self, key: str) -> EvidenceCategory:
        for c in self.evidence_categories:
            if c.id == key or c.title.lower() == key.lower():
                return c
        raise KeyError(key)

    @property
    def min_score(self) -> int:
        return min(p.value for p in self.scale)

    @property
    def max_score(self) -> int:
        return max(p.value for p in self.scale)

    def scale_label(self, value: int) -> str:
        for p in self.scale:
            if p.value == value:
                return p.label
        raise KeyError(value)

    def input_fields(self) -> tuple[InputField, ...]:
        """The inputs a council fills in for each statement, in workbook order."""
        return self.policy.input_fields

    def scoped(self, statement_ids: set[str]) -> Framework:
        """A copy holding only the given statements (and the themes that keep any); ``whole`` is the unscoped one."""
        themes = []
        for t in self.themes:
            kept = tuple(s for s in t.statements if s.id in statement_ids)
            if kept:
                themes.append(Theme(t.id, t.code, t.title, kept))
        return _replace(self, themes=tuple(themes), whole=self.whole or self)

    def to_dict(self) -> dict[str, Any]:
        """The public, stable JSON shape of ``frameworks show --json``."""
        return {
            "id": self.id,
            "title": self.title,
            "version": self.version,
            "kind": self.kind,
            "publisher": self.publisher,
            "source": self.source,
            "licence": self.licence,
            "scale": [{"value": p.value, "label": p.label} for p in self.scale],
            "rating_bands": [{"from": b.lower, "label": b.label} for b in self.rating_bands],
            "rounding": self.rounding,
            "evidence_categories": [{"id": c.id, "title": c.title} for c in self.evidence_categories],
            "themes": [
                {
                    "id": t.id,
                    "code": t.code,
                    "title": t.title,
                    "statements": [
                        {
                            "id": s.id,
                            "code": s.code,
                            "title": s.title,
                            "we_statement": s.we_statement,
                            "i_statements": list(s.i_statements),
                            "prompts": list(s.prompts),
                            "evidence_categories": list(s.evidence_categories),
                            "aliases": list(s.aliases),
                        }
                        for s in t.statements
                    ],
                }
                for t in self.themes
            ],
        }


def _replace(obj: Any, **changes: Any) -> Any:
    import dataclasses

    return dataclasses.replace(obj, **changes)


@record(frozen=True)
class InputField:
    """One input per statement: its key (used in defined names), heading and kind."""

    key: str
    heading: str
    kind: str  # "score", "choice", "text"
    choices: tuple[str, ...] = ()
    help: str = ""


CONFIDENCE_CHOICES = ("High", "Medium", "Low")
STATUS_CHOICES = ("Not started", "In progress", "Ready for review", "Complete")
ACTION_STATUS_CHOICES = ("Not started", "In progress", "Complete", "Overdue", "Carried forward")

RATED_FIELDS: tuple[InputField, ...] = (
    InputField("score", "Self-assessed score", "score", help="Choose the score the evidence supports."),
    InputField("confidence", "Confidence", "choice", CONFIDENCE_CHOICES, "How sure are you of the score?"),
    InputField("strengths", "Strengths", "text", help="What is working well, with evidence."),
    InputField("development", "Areas for development", "text", help="What needs to improve."),
    InputField("lead", "Lead officer", "text", help="Who owns this statement."),
    InputField("status", "Status", "choice", STATUS_CHOICES, "How far along is this statement?"),
)

UNRATED_FIELDS: tuple[InputField, ...] = (
    InputField("strengths", "Strengths", "text", help="What is working well, with evidence."),
    InputField("considerations", "Areas for consideration", "text", help="What could be better."),
    InputField("recommendations", "Recommendations", "text", help="What should be done next."),
    InputField("lead", "Lead officer", "text", help="Who owns this area."),
    InputField("status", "Status", "choice", STATUS_CHOICES, "How far along is this area?"),
)

# The local context a council may give (the workbook's Local context sheet, the answers' "context"):
# (key, label); the key names the workbook cell ab_context_<key>, the label is shown in the workbook and report
CONTEXT_ITEMS: tuple[tuple[str, str], ...] = (
    ("population_adults", "Population (adults 18+)"),
    ("population_65", "Population aged 65+"),
    ("net_spend", "Adult social care net spend (£)"),
    ("spend_per_adult", "Spend per adult (£)"),
    ("deprivation", "Deprivation (IMD rank)"),
    ("ethnic_diversity", "Ethnic diversity"),
    ("rurality", "Rurality"),
    ("notes", "Notes"),
)


def council_name(text: str) -> str:
    """A council's name as an output shows it: spaces, tabs and line breaks (a paste from an email or a
    spreadsheet cell) become single spaces; an empty name is refused."""
    name = " ".join(text.split())
    if not name:
        from .errors import UsageError

        raise UsageError('the council name is empty; give it with --council "Example Council"')
    return name


# --- A council's answers -------------------------------------------------------------


@record
class StatementAnswer:
    """A council's answers for one statement. Absent values are None."""

    statement_id: str
    values: dict[str, Any] = field(default_factory=dict)
    narrative: str | None = None  # what a Word form holds under the statement besides its fields

    @property
    def score(self) -> int | None:
        v = self.values.get("score")
        return v if isinstance(v, int) else None


@record
class EvidenceItem:
    """One row of the Evidence log: what the evidence is and which statements it supports."""

    id: str
    title: str | None = None
    category: str | None = None  # category id
    statements: list[str] = field(default_factory=list)  # statement ids
    date: dt.date | None = None
    owner: str | None = None
    location: str | None = None


@record
class ActionItem:
    """One row of the Action plan: what will be done, for which statement, by whom and when."""

    id: str
    statement: str | None = None  # statement id
    action: str | None = None
    owner: str | None = None
    due: dt.date | None = None
    status: str | None = None


@record
class IndicatorValue:
    """One row of a workbook's Indicators table: a measure, the council's figure and England's."""

    id: str
    name: str | None = None
    statements: list[str] = field(default_factory=list)  # statement ids
    period: str | None = None
    value: float | None = None
    base: float | None = None
    england: float | None = None
    comparator: float | str | None = None
    polarity: str | None = None  # "higher" or "lower" is better
    variation: str | None = None  # assessment_builder.indicators.variation, worked out again when read
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "statements": list(self.statements),
            "period": self.period,
            "value": self.value,
            "base": self.base,
            "england": self.england,
            "comparator": self.comparator,
            "polarity": self.polarity,
            "variation": self.variation,
            "source": self.source,
        }


@record
class Assessment:
    """A council's self-assessment against one framework, however it was read."""

    framework: Framework
    council: str
    answers: dict[str, StatementAnswer] = field(default_factory=dict)
    evidence: list[EvidenceItem] = field(default_factory=list)
    actions: list[ActionItem] = field(default_factory=list)
    generated: str | None = None
    source: str | None = None
    indicators: list[IndicatorValue] = field(default_factory=list)
    context: dict[str, str] = field(default_factory=dict)  # local context item key -> text (the Local context sheet)
    part_of: dict[str, str] = field(default_factory=dict)  # a split part's record (assessment_builder/carry/parts.py)

    def scores(self) -> dict[str, int | None]:
        return {s.id: (self.answers[s.id].score if s.id in self.answers else None) for s in self.framework.statements}

    def to_dict(self) -> dict[str, Any]:
        """The public answers shape of ``import --json`` (without findings)."""
        fields = [f.key for f in self.framework.input_fields()]
        return {
            "framework": {"id": self.framework.id, "version": self.framework.version},
            "council": self.council,
            "statements": {s.id: self._statement_dict(s.id, fields) for s in self.framework.statements},
            "evidence": [
                {
                    "id": e.id,
                    "title": e.title,
                    "category": e.category,
                    "statements": list(e.statements),
                    "date": _jsonable(e.date),
                    "owner": e.owner,
                    "location": e.location,
                }
                for e in self.evidence
            ],
            "actions": [
                {
                    "id": a.id,
                    "statement": a.statement,
                    "action": a.action,
                    "owner": a.owner,
                    "due": _jsonable(a.due),
                    "status": a.status,
                }
                for a in self.actions
            ],
            "indicators": [i.to_dict() for i in self.indicators],
            "context": dict(self.context),
        }

    def _statement_dict(self, sid: str, fields: list[str]) -> dict[str, Any]:
        answer = self.answers.get(sid, StatementAnswer(sid))
        return {**{k: _jsonable(answer.values.get(k)) for k in fields}, "narrative": answer.narrative}


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _builtin_framework(path: str) -> Framework:
    """Unpickle a built-in framework sent by path (see Framework.__reduce_ex__)."""
    from .frameworks import load_framework

    return load_framework(path)


@cache
def _sha256_type() -> Any:
    """SHA-256 from Python's own built-in module when it has one (loading OpenSSL through hashlib costs more
    than a short command's whole read); the digest is the same. Found once."""
    try:
        from _sha2 import sha256  # type: ignore[import-not-found]  # Python 3.12 and later
    except ImportError:
        try:
            from _sha256 import sha256  # type: ignore[import-not-found, no-redef]  # Python 3.11 and earlier
        except ImportError:
            from hashlib import sha256
    return sha256
