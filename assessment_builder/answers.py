"""Save a council's answers as JSON or YAML, and check answers read back (``import -o``, ``new --from``).

The shape is ``import --json`` without the findings (see Assessment.to_dict), marked
with ``kind``/``version`` so that it is never taken for a CQC report record. Reading
goes through :func:`assessment_builder.load.load_answers`; :func:`answers_from_data`
checks the data against its framework and says, by line, what it could not use.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import yaml

from .errors import AssessmentBuilderError, Finding, FrameworkInvalid, FrameworkNotFound, Severity, UsageError
from .model import CONTEXT_ITEMS, ActionItem, Assessment, EvidenceItem, Framework, IndicatorValue, StatementAnswer
from .output import atomic_write_text
from .plaintext import plain

ANSWERS_KIND = "assessment-builder/answers"
ANSWERS_VERSION = 1


def dump_answers(assessment: Assessment, fmt: str) -> str:
    """The answers as JSON or YAML text."""
    data = {"kind": ANSWERS_KIND, "version": ANSWERS_VERSION, **assessment.to_dict()}
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


def load_answers(path: str | Path, framework: Framework | str | None = None) -> Assessment:
    """Read an answers file, raising with every error when it cannot be used (see load.load_answers)."""
    from .load import load_answers as load

    loaded = load(path, framework)
    if not loaded.ok or loaded.value is None:
        lines = "\n".join(str(f) for f in loaded.errors)
        raise AssessmentBuilderError(f"{path} cannot be used as answers:\n{lines}")
    return loaded.value


class _Check:
    """Collects located findings about one answers document."""

    def __init__(self, name: str, lines: dict[str, int], texts: dict[str, str] | None = None):
        self.name = name
        self.lines = lines
        self.texts = texts or {}  # YAML: the written text of unquoted true/false and numbers
        self.findings: list[Finding] = []

    def line(self, path: str) -> int | None:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path.rpartition(".")[0] if "." in path else ""
        return self.lines.get("") if self.lines else None

    def add(
        self,
        code: str,
        message: str,
        path: str = "",
        severity: Severity = Severity.ERROR,
        item: str | None = None,
        *,
        dropped: bool = False,
    ) -> None:
        """``dropped``: the value at ``path`` was not read at all (a carry command would lose it)."""
        line, where = self.line(path), path or None
        self.findings.append(
            Finding(code, severity, message, file=self.name, line=line, path=where, item=item, dropped=dropped)
        )

    def text(self, value: Any, path: str) -> str | None:
        """A text value (numbers and dates are written out); None for an empty value or a list/mapping (reported)."""
        if value is None or value == "":
            return None
        if isinstance(value, (bool, int, float)) and path in self.texts:
            return self.texts[path]  # as written: "No", not False; "2.10", not 2.1
        if isinstance(value, (bool, dict, list)):
            self.add("A105", f"expected text, found {type(value).__name__}; write the value as text", path)
            return None
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()
        return plain(str(value))  # no control character a workbook or a Word document cannot hold

    def date(self, value: Any, path: str) -> dt.date | None:
        if value is None or value == "":
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip()[:10])
            except ValueError:
                pass
        self.add(
            "A108",
            f"the date {value!r} could not be read, so it was left empty; write it as YYYY-MM-DD",
            path,
            Severity.WARNING,
            dropped=True,
        )
        return None


def _framework(data: dict[str, Any], given: Framework | str | None, c: _Check) -> Framework | None:
    from .frameworks import builtin_framework_ids, load_framework

    named = data.get("framework")
    if not isinstance(named, dict) or not isinstance(named.get("id"), str) or not named.get("id"):
        c.add("A103", "this is not an answers file: it has no 'framework' section with an 'id'", "framework")
        return None
    fid = named["id"]
    if given is not None:
        try:
            fw = load_framework(given) if isinstance(given, str) else given
        except (FrameworkNotFound, FrameworkInvalid) as exc:
            c.add("A104", str(exc), "framework.id")
            return None
        if fw.id != fid:
            c.add(
                "A104",
                f"these answers are for the framework '{fid}', not '{fw.id}'; give the framework they were made with",
                "framework.id",
            )
            return None
        return fw
    if fid not in builtin_framework_ids():
        c.add(
            "A104",
            f"the framework '{fid}' is not built in; give its YAML file with --framework",
            "framework.id",
        )
        return None
    return load_framework(fid)


def answers_from_data(
    data: Any,
    name: str,
    lines: dict[str, int] | None = None,
    framework: Framework | str | None = None,
    texts: dict[str, str] | None = None,
) -> tuple[Assessment | None, list[Finding]]:
    """Check plain answers data against its framework: the Assessment (None when unusable) and every finding.

    ``texts``: the written text of unquoted YAML true/false and numbers, used where a field holds text.
    """
    c = _Check(name, lines or {}, texts)
    if not isinstance(data, dict):
        c.add("A103", f"this is not an answers file: the top level is {type(data).__name__}, not a mapping")
        return None, c.findings
    kind = data.get("kind")
    if kind is not None and kind != ANSWERS_KIND:
        c.add("A103", f"this is not an answers file: its kind is {kind!r}, not '{ANSWERS_KIND}'", "kind")
        return None, c.findings
    version = data.get("version", ANSWERS_VERSION)
    if kind is not None and (not isinstance(version, int) or isinstance(version, bool) or version > ANSWERS_VERSION):
        c.add(
            "A103",
            f"answers version {version!r} is newer than this program reads ({ANSWERS_VERSION}); update it",
            "version",
        )
        return None, c.findings
    fw = _framework(data, framework, c)
    if fw is None:
        return None, c.findings
    answers = _statements(data.get("statements"), fw, c)
    evidence = _evidence(data.get("evidence"), fw, c)
    actions = _actions(data.get("actions"), c)
    council = c.text(data.get("council"), "council") or ""
    indicators = _indicators(data.get("indicators"), fw, c)
    context = _context(data.get("context"), c)
    assessment = Assessment(
        fw, council, answers, evidence, actions, source=name, indicators=indicators, context=context
    )
    return assessment, c.findings


def _statements(raw: Any, fw: Framework, c: _Check) -> dict[str, StatementAnswer]:
    answers: dict[str, StatementAnswer] = {}
    if raw is None:
        return answers
    if not isinstance(raw, dict):
        c.add("A105", "'statements' must be a mapping of statement id to answers", "statements")
        return answers
    fields = {f.key: f for f in fw.input_fields()}
    ids = {s.id: s for s in fw.statements}
    for sid, values in raw.items():
        path = f"statements.{sid}"
        if sid not in ids:
            c.add(
                "A106",
                f"'{sid}' is not a statement of {fw.id} {fw.version}; its answers were not read",
                path,
                Severity.WARNING,
                dropped=True,
            )
            continue
        if values is None:
            continue
        if not isinstance(values, dict):
            c.add("A105", f"the answers of {ids[sid].code} must be a mapping of field to value", path)
            continue
        kept: dict[str, Any] = {}
        narrative: str | None = None
        for key, value in values.items():
            fpath = f"{path}.{key}"
            if key == "narrative":  # what a Word form held under the statement besides its fields
                narrative = c.text(value, fpath)
                continue
            field_ = fields.get(key)
            if field_ is None:
                c.add(
                    "A106",
                    f"'{key}' is not an answer field ({', '.join(fields)}); it was not read",
                    fpath,
                    Severity.WARNING,
                    sid,
                    dropped=True,
                )
                continue
            if field_.kind == "score":
                kept[key] = _score(value, fw, c, fpath, ids[sid].code, sid)
            else:
                text = c.text(value, fpath)
                if text is not None and field_.choices and text not in field_.choices:
                    c.add(
                        "A107",
                        f"{field_.heading.lower()} '{text}' of {ids[sid].code} is not one of {', '.join(field_.choices)}",
                        fpath,
                        Severity.WARNING,
                        sid,
                    )
                kept[key] = text
        answers[sid] = StatementAnswer(sid, kept, narrative)
    return answers


def _score(value: Any, fw: Framework, c: _Check, path: str, code: str, sid: str) -> int | None:
    if value is None or value == "":
        return None
    allowed = f"{fw.min_score} to {fw.max_score}"
    if isinstance(value, int) and not isinstance(value, bool) and fw.min_score <= value <= fw.max_score:
        return value
    c.add("A107", f"the score of {code} is {value!r}, which is not a whole number from {allowed}", path, item=sid)
    return None


def _items(raw: Any, key: str, c: _Check) -> list[tuple[str, dict[str, Any]]]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        c.add("A105", f"'{key}' must be a list", key)
        return []
    out = []
    for i, item in enumerate(raw):
        if isinstance(item, dict):
            out.append((f"{key}[{i}]", item))
        else:
            c.add("A105", f"each entry of '{key}' must be a mapping; this one was not read", f"{key}[{i}]")
    return out


def _evidence(raw: Any, fw: Framework, c: _Check) -> list[EvidenceItem]:
    ids = {s.id for s in fw.statements}
    out = []
    for path, e in _items(raw, "evidence", c):
        links = e.get("statements") or []
        if not isinstance(links, list):
            c.add("A105", "'statements' of an evidence item must be a list of statement ids", f"{path}.statements")
            links = []
        for sid in links:
            if sid not in ids:
                c.add(
                    "A106",
                    f"evidence names '{sid}', which is not a statement of {fw.id}",
                    f"{path}.statements",
                    Severity.WARNING,
                )
        out.append(
            EvidenceItem(
                id=c.text(e.get("id"), f"{path}.id") or "",
                title=c.text(e.get("title"), f"{path}.title"),
                category=c.text(e.get("category"), f"{path}.category"),
                statements=[str(s) for s in links],
                date=c.date(e.get("date"), f"{path}.date"),
                owner=c.text(e.get("owner"), f"{path}.owner"),
                location=c.text(e.get("location"), f"{path}.location"),
            )
        )
    return out


def _actions(raw: Any, c: _Check) -> list[ActionItem]:
    return [
        ActionItem(
            id=c.text(a.get("id"), f"{path}.id") or "",
            statement=c.text(a.get("statement"), f"{path}.statement"),
            action=c.text(a.get("action"), f"{path}.action"),
            owner=c.text(a.get("owner"), f"{path}.owner"),
            due=c.date(a.get("due"), f"{path}.due"),
            status=c.text(a.get("status"), f"{path}.status"),
        )
        for path, a in _items(raw, "actions", c)
    ]


def _indicators(raw: Any, fw: Framework, c: _Check) -> list[IndicatorValue]:
    """Indicator rows as ``import --json`` writes them; the variation is worked out again from the figures."""
    from .indicators import variation

    units = {i.id: i.unit for i in fw.indicators}
    ids = {s.id for s in fw.statements}
    out = []
    for path, i in _items(raw, "indicators", c):
        numbers: dict[str, float | None] = {}
        for key in ("value", "base", "england"):
            v = i.get(key)
            ok = v is None or (isinstance(v, (int, float)) and not isinstance(v, bool))
            if not ok:
                c.add("A107", f"'{key}' of an indicator must be a number, not {v!r}", f"{path}.{key}", Severity.WARNING)
            numbers[key] = float(v) if ok and v is not None else None
        links = i.get("statements") or []
        links = [str(s) for s in links] if isinstance(links, list) else []
        for sid in links:
            if sid not in ids:
                c.add(
                    "A106",
                    f"indicator names '{sid}', which is not a statement of {fw.id}",
                    f"{path}.statements",
                    Severity.WARNING,
                )
        iid = c.text(i.get("id"), f"{path}.id") or ""
        polarity = c.text(i.get("polarity"), f"{path}.polarity")
        comparator = i.get("comparator")
        out.append(
            IndicatorValue(
                id=iid,
                name=c.text(i.get("name"), f"{path}.name"),
                statements=links,
                period=c.text(i.get("period"), f"{path}.period"),
                value=numbers["value"],
                base=numbers["base"],
                england=numbers["england"],
                comparator=comparator if isinstance(comparator, (int, float, str)) else None,
                polarity=polarity,
                variation=variation(
                    numbers["value"], numbers["england"], numbers["base"], polarity or "", units.get(iid, "percent")
                ),
                source=c.text(i.get("source"), f"{path}.source"),
            )
        )
    return out


def _context(raw: Any, c: _Check) -> dict[str, str]:
    """The local context: known item keys with text (or number) values, in the workbook's order."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        c.add("A105", "'context' must be a mapping of local context items to text", "context")
        return {}
    known = dict(CONTEXT_ITEMS)
    for key in raw:
        if key not in known:
            c.add(
                "A106",
                f"'{key}' is not a local context item ({', '.join(known)}); it was not read",
                f"context.{key}",
                Severity.WARNING,
            )
    out = {}
    for key in known:
        text = c.text(raw.get(key), f"context.{key}")
        if text is not None and text.strip():
            out[key] = text.strip()
    return out
