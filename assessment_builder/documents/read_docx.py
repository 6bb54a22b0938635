"""Read a completed Word self-assessment form back into the same Assessment, findings and codes as a workbook.

Levels, as for a workbook: file (the workbook's guards, read_docx_xml.py) -> identity (the
form's custom properties, else its statement headings) -> fields (content controls tagged
``ab_<statement id>_<field>``; a field whose control was lost is read by its label,
read_docx_fallback.py, with a W309 warning) -> values (the workbook's ValueReader, so the
same problem gets the same code) -> cross-field. Findings are located by heading (``sheet``)
and "paragraph N" or "table row R, column X" (``cell``). The input file is never written.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from xml.etree.ElementTree import ParseError

from ..errors import AssessmentBuilderError, Finding, FrameworkInvalid, FrameworkNotFound, Severity
from ..frameworks import builtin_framework_ids, did_you_mean, load_framework
from ..model import ActionItem, Assessment, EvidenceItem, Framework, StatementAnswer
from ..workbook import layout as L
from ..workbook.read import ReadResult
from ..workbook.read_scan import Collector
from ..workbook.read_values import ValueReader
from .read_docx_fallback import GUIDANCE, heading_code, is_placeholder, norm, read_section
from .read_docx_tables import read_actions, read_evidence
from .read_docx_xml import Body, Control, Para, check_docx, open_body

FORM_KIND = "self-assessment form"
NOT_A_FORM = (
    "make the form with `assessment-builder template`, fill it in Word and give that file; a report or a "
    "document written another way cannot be read back"
)


def read_docx(path: str | Path, *, framework: Framework | str | None = None) -> ReadResult:
    """Read and check a completed Word form; never raises for a bad document, never writes it."""
    path = Path(path)
    name = str(path)
    if path.suffix.lower() == ".docm":
        message = (
            "a .docm document is macro-enabled; macros are never run or read: save it from Word as Word Document "
            "(.docx) and try again"
        )
        return ReadResult(None, [Finding("W103", Severity.ERROR, message, file=name)], name)
    problems = check_docx(path, name)
    if problems:
        return ReadResult(None, problems, name)
    try:
        body = open_body(path)
    except (ParseError, ValueError, KeyError, OSError, zipfile.BadZipFile, zlib.error, EOFError) as exc:
        return ReadResult(None, [_unreadable(name, exc)], name)
    except Exception as exc:  # noqa: BLE001 - defusedxml's refusals and any parser failure are a bad file
        return ReadResult(None, [_unreadable(name, exc)], name)
    out = Collector(name)
    try:
        assessment = _read(body, out, framework)
    except (AssessmentBuilderError, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged part must give a finding, never a traceback
        out.add(
            "W100",
            Severity.ERROR,
            f"part of the document could not be read ({type(exc).__name__}: {str(exc)[:200]}); open it in Word, "
            "save it as .docx and try again",
        )
        assessment = None
    if assessment is not None:
        assessment.source = name
    return ReadResult(assessment, out.findings, name)


def _unreadable(name: str, exc: Exception) -> Finding:
    text = str(exc)
    if "entit" in text.lower() or "forbidden" in text.lower() or type(exc).__module__.startswith("defusedxml"):
        message = f"the document contains unsafe XML ({type(exc).__name__}); it was not read. Re-save it from Word"
        return Finding("W105", Severity.ERROR, message, file=name)
    message = f"the document could not be opened ({type(exc).__name__}: {text[:200]}); re-save it from Word as .docx"
    return Finding("W100", Severity.ERROR, message, file=name)


# --- identity --------------------------------------------------------------------------------------------------


def _is_form(body: Body) -> bool:
    """Made by `template` as a form: its marker, a tagged control, or (markers lost) its guidance or its logs."""
    if body.properties.get("ab_kind") == FORM_KIND:
        return True
    if any(c.tag and c.tag.startswith(L.NAME_PREFIX) for c in body.controls):
        return True
    if any(norm(p.text) == norm(GUIDANCE) for p in body.paragraphs):
        return True
    headers = [{norm(c) for c in t.rows[0]} for t in body.tables if t.rows]
    want = [{norm(h) for h in L.EVIDENCE_COLUMNS}, {norm(h) for h in L.ACTION_COLUMNS}]
    return all(any(w <= h for h in headers) for w in want)


def _identify(body: Body, out: Collector, framework: Framework | str | None) -> Framework | None:
    props = body.properties
    kind = props.get("ab_kind")
    if (kind is not None and kind != FORM_KIND) or not _is_form(body):
        what = f"a '{kind}' document" if kind and kind != FORM_KIND else "a Word document"
        out.add(
            "W203",
            Severity.ERROR,
            f"this is {what} but not a self-assessment form: it has no form properties, no content controls "
            f"tagged ab_... and no labelled fields; {NOT_A_FORM}",
        )
        return None
    named = props.get("ab_framework")
    if framework is not None:
        given = framework if isinstance(framework, Framework) else _load_given(framework, out)
        if given is not None and named and named != given.id:
            out.add(
                "W201",
                Severity.WARNING,
                f"the form was made from framework '{named}' but was read as '{given.id}' as asked; answers are "
                "matched by statement, so statements the two do not share are read as empty",
            )
        return given
    if not named:
        return _recognise(body, out)
    try:
        fw = load_framework(named)
    except (FrameworkNotFound, FrameworkInvalid) as exc:
        out.add(
            "W201",
            Severity.ERROR,
            f"the form was made from framework '{named}', which cannot be loaded: {str(exc).splitlines()[0]}. "
            f"Give its YAML file with --framework{did_you_mean(named, builtin_framework_ids())}",
        )
        return None
    version = props.get("ab_framework_version")
    if version and version != fw.version:
        older = "an older" if version < fw.version else "a newer"
        out.add(
            "W202",
            Severity.WARNING,
            f"the form was made from {older} version of {fw.id} ({version}; this tool has {fw.version}); answers "
            "are read by statement",
        )
    return fw


def _load_given(framework: str, out: Collector) -> Framework | None:
    try:
        return load_framework(framework)
    except (FrameworkNotFound, FrameworkInvalid) as exc:
        out.add(
            "W201",
            Severity.ERROR,
            f"the framework '{framework}' given to read this form cannot be loaded: {str(exc).splitlines()[0]}"
            f"{did_you_mean(framework, builtin_framework_ids())}",
        )
        return None


def _recognise(body: Body, out: Collector) -> Framework | None:
    """Without the form's properties (Google Docs drops them): the built-in framework its headings or tags name."""
    tags = {c.tag for c in body.controls if c.tag}
    heads = [p.text for p in body.paragraphs if p.level is not None and p.level >= 2]
    matches: list[tuple[int, Framework]] = []
    for fid in builtin_framework_ids():
        try:
            fw = load_framework(fid)
        except (FrameworkNotFound, FrameworkInvalid):
            continue
        codes = {s.code.lower(): s.id for s in fw.statements}
        found = {heading_code(h, codes) for h in heads} - {None}
        found |= {s.id for s in fw.statements if L.input_name(s.id, "status") in tags}
        if found:
            matches.append((len(found), fw))
    matches.sort(key=lambda m: -m[0])
    if not matches or (len(matches) > 1 and matches[0][0] == matches[1][0]):
        out.add(
            "W200",
            Severity.ERROR,
            "the form's document properties (which name its framework) are missing and its statement headings match "
            "no one built-in framework; say which framework it follows with --framework (an id such as cqc-la, or "
            "the council's YAML file)",
        )
        return None
    count, fw = matches[0]
    out.add(
        "W200",
        Severity.WARNING,
        f"the form's document properties are missing (Google Docs and some other programs drop them); its headings "
        f"match {count} statement(s) of the built-in framework '{fw.id}' {fw.version}, which is assumed. Use "
        "--framework if that is wrong",
    )
    return fw


# --- the whole read --------------------------------------------------------------------------------------------


def _sections(body: Body, fw: Framework, out: Collector) -> dict[str, tuple[Para, list[Para]]]:
    """{statement id: (its heading, the paragraphs under it up to the next heading of level 1 or 2)}.

    A statement's heading given twice (a section copied) is a W310 warning: the second is not read.
    """
    codes = {s.code.lower(): s.id for s in fw.statements}
    found: dict[str, tuple[Para, list[Para]]] = {}
    current: list[Para] | None = None
    for p in body.paragraphs:
        sid = heading_code(p.text, codes) if p.level is not None and p.level >= 2 else None
        if sid is not None and sid not in found:
            current = []
            found[sid] = (p, current)
        elif p.level is not None and (p.level <= 2 or sid is not None):
            current = None
            if sid is not None:
                first = found[sid][0]
                out.add(
                    "W310",
                    Severity.WARNING,
                    f"the heading '{p.text.strip()[:80]}' appears twice (first at paragraph {first.number}); only the "
                    "first section is read, so nothing under this one is imported or carried. Move what matters into "
                    "the first and delete this one",
                    sheet=p.text.strip(),
                    cell=f"paragraph {p.number}",
                    item=sid,
                )
        elif current is not None:
            current.append(p)
    return found


def _control_text(ctl: Control) -> str | None:
    text = ctl.text.strip()
    return None if ctl.placeholder or not text or is_placeholder(text) else text


def _read(body: Body, out: Collector, framework: Framework | str | None) -> Assessment | None:
    fw = _identify(body, out, framework)
    if fw is None:
        return None
    tags: dict[str, Control] = {}
    for c in body.controls:
        if c.tag and (c.tag not in tags or (_control_text(tags[c.tag]) is None and _control_text(c) is not None)):
            tags[c.tag] = c
    in_tagged = {p.number for p in body.paragraphs if p.holder is not None and (p.holder.tag or "") in tags}
    values = ValueReader(fw, out)
    sections = _sections(body, fw, out)
    answers: dict[str, StatementAnswer] = {}
    by_heading: list[str] = []
    missing: list[str] = []
    places: dict[str, tuple[str, str]] = {}
    for s in fw.statements:
        answer = StatementAnswer(s.id)
        answers[s.id] = answer
        tagged = {
            f.key: tags[L.input_name(s.id, f.key)] for f in fw.input_fields() if L.input_name(s.id, f.key) in tags
        }
        section = sections.get(s.id)
        if section is None and not tagged:
            missing.append(s.code)
            continue
        sheet = section[0].text.strip() if section else f"{s.code} {s.title}"
        places[s.id] = (sheet, f"paragraph {section[0].number}" if section else "-")
        found = read_section(section[1], fw, s, set(tagged), in_tagged) if section else None
        lost, gone = [], []
        for f in fw.input_fields():
            if f.key in tagged:
                raw, where = _control_text(tagged[f.key]), tagged[f.key].paragraph
            elif found is not None and f.key in found.values:
                raw, where = found.values[f.key]
                lost.append(f.heading)
            else:
                gone.append(f.heading)
                continue
            answer.values[f.key] = values.field(f, raw, sheet, f"paragraph {where}", s.id)
            if f.key == "score":
                places[s.id] = (sheet, f"paragraph {where}")
        if lost:
            by_heading.append(s.code)
        if found is not None:
            answer.narrative = found.narrative
        if gone:
            out.add(
                "W310",
                Severity.WARNING,
                f"{s.code} has no {', '.join(gone)} (neither its box nor its label '{gone[0]}' was found); read as "
                "empty. Copy the missing lines back from a new `assessment-builder template`",
                sheet=sheet,
                cell=places[s.id][1],
                item=s.id,
            )
    if by_heading:
        out.add(
            "W309",
            Severity.WARNING,
            f"the form's content controls were lost (LibreOffice, Google Docs and some other programs turn them into "
            f"plain text), so {len(by_heading)} statement(s) were read by their headings and labels: "
            f"{', '.join(by_heading[:12])}{' ...' if len(by_heading) > 12 else ''}. Check the answers read; keep "
            "the labels ('Self-assessed score: ...') as the form wrote them",
        )
    if missing:
        out.add(
            "W310",
            Severity.WARNING,
            f"{len(missing)} statement(s) are missing from the form (no heading and no content controls): "
            f"{', '.join(missing)}; they are read as not answered. Copy their sections back from a new "
            "`assessment-builder template` if they were deleted by mistake",
        )
    council = _council(body, tags)
    evidence_sheet, evidence = read_evidence(body, values, out)
    actions_sheet, actions = read_actions(body, values, out)
    assessment = Assessment(fw, council, answers, [e for e, _ in evidence], [a for a, _ in actions])
    _cross_checks(assessment, evidence, actions, places, out, (evidence_sheet, actions_sheet))
    return assessment


def _council(body: Body, tags: dict[str, Control]) -> str:
    """The cover's council control (by tag, else by its alias), else the form's property, else the cover's line."""
    ctl = tags.get(L.NAME_COUNCIL) or next((c for c in body.controls if not c.tag and c.alias == "Council"), None)
    text = _control_text(ctl) if ctl is not None else None
    if text or body.properties.get("ab_council"):
        return text or body.properties.get("ab_council", "").strip()
    for p in body.paragraphs:
        if p.level is not None:
            break
        if p.text.strip() and not is_placeholder(p.text):
            return p.text.strip()
    return ""


def _cross_checks(
    a: Assessment,
    evidence: list[tuple[EvidenceItem, str]],
    actions: list[tuple[ActionItem, str]],
    places: dict[str, tuple[str, str]],
    out: Collector,
    sheets: tuple[str | None, str | None],
) -> None:
    """The workbook's cross-field checks (W501, W506, W503, W504), located in the form."""
    for code, rows, sheet, what in (
        ("W501", evidence, sheets[0], "evidence id"),
        ("W506", actions, sheets[1], "action id"),
    ):
        seen: dict[str, str] = {}
        for item, ref in rows:
            if item.id in seen and not item.id.startswith("row"):
                out.add(
                    code,
                    Severity.ERROR,
                    f"{what} '{item.id}' is used twice (first at {seen[item.id]}); give each its own id",
                    sheet=sheet,
                    cell=ref,
                    item=item.id,
                )
            else:
                seen.setdefault(item.id, ref)
    if not a.framework.rated:
        return
    with_action = {act.statement for act in a.actions if act.statement}
    with_evidence = {sid for e in a.evidence for sid in e.statements}
    for s in a.framework.statements:
        score = a.answers[s.id].score
        if score is None:
            continue
        sheet, cell = places.get(s.id, (None, None))
        if score <= 2 and s.id not in with_action and sheets[1] is not None:
            out.add(
                "W503",
                Severity.WARNING,
                f"{s.code} is scored {score} (shortfalls) but has no action in the action plan; add at least one "
                f"row to the Action plan table with Statement {s.code}",
                sheet=sheet,
                cell=cell,
                item=s.id,
            )
        if s.id not in with_evidence and sheets[0] is not None:
            out.add(
                "W504",
                Severity.WARNING,
                f"{s.code} is scored but no evidence names it; add {s.code} to the Statements column of the "
                "Evidence log rows that support the score",
                sheet=sheet,
                cell=cell,
                item=s.id,
            )


__all__ = ["FORM_KIND", "read_docx"]
