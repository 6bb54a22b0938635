"""Read a completed Word self-assessment form back into the same Assessment, findings and codes as a workbook.

Levels, as for a workbook: file (the workbook's checks, workbook/filecheck.py) -> identity (the
form's custom properties, else its statement headings) -> fields (content controls tagged
``ab_<statement id>_<field>``; a field whose control was lost is read by its label,
read_docx_fallback.py, with a W309 warning) -> values (the workbook's ValueReader, so the
same problem gets the same code) -> cross-field (the workbook's checks). Findings are located by heading (``sheet``)
and "paragraph N" or "table row R, column X" (``cell``). The input file is never written.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import Finding, Severity
from ..frameworks import load_framework
from ..model import ActionItem, Assessment, EvidenceItem, Framework, StatementAnswer
from ..workbook import layout as L
from ..workbook.filecheck import check_file, unreadable
from ..workbook.read import ReadResult, check_ids, check_scores, read_into
from ..workbook.read_identity import best_builtin, load_named, use_given
from ..workbook.read_scan import Collector, first_few
from ..workbook.read_values import ValueReader
from .read_docx_fallback import GUIDANCE, heading_code, is_placeholder, norm, read_section
from .read_docx_sections import statement_sections
from .read_docx_tables import other_tables, read_actions, read_evidence
from .read_docx_xml import WORD, Body, Control, Para, open_body

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
    problems = check_file(path, name, WORD)
    if problems:
        return ReadResult(None, problems, name)
    try:
        body = open_body(path)
    except Exception as exc:  # noqa: BLE001 - defusedxml's refusals and any parser failure are a bad file
        return ReadResult(None, [unreadable(name, exc, WORD)], name)
    return read_into(
        name,
        lambda out: _read(body, out, framework),
        "part of the document could not be read ({}); open it in Word, save it as .docx and try again",
    )


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
        return use_given(framework, named, out, "form", "statement", None)
    if not named:
        return _recognise(body, out)
    fw = load_named(named, load_framework, out, "form", None)
    if fw is None:
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


def _recognise(body: Body, out: Collector) -> Framework | None:
    """Without the form's properties (Google Docs drops them): the built-in framework its headings or tags name."""
    tags = {c.tag for c in body.controls if c.tag}
    heads = [p.text for p in body.paragraphs if p.level is not None and p.level >= 2]

    def found(fw: Framework) -> set[str]:
        codes = {s.code.lower(): s.id for s in fw.statements}
        by_heading = {sid for sid in (heading_code(h, codes) for h in heads) if sid is not None}
        return by_heading | {s.id for s in fw.statements if L.input_name(s.id, "status") in tags}

    best = best_builtin(found)
    if best is None:
        out.add(
            "W200",
            Severity.ERROR,
            "the form's document properties (which name its framework) are missing and its statement headings match "
            "no one built-in framework; say which framework it follows with --framework (an id such as cqc-la, or "
            "the council's YAML file)",
        )
        return None
    count, fw, _ids = best
    out.add(
        "W200",
        Severity.WARNING,
        f"the form's document properties are missing (Google Docs and some other programs drop them); its headings "
        f"match {count} statement(s) of the built-in framework '{fw.id}' {fw.version}, which is assumed. Use "
        "--framework if that is wrong",
    )
    return fw


# --- the whole read --------------------------------------------------------------------------------------------


def _with_beside(raw: str | None, ctl: Control, p: Para | None, heading: str) -> str | None:
    """A one-line box's value with what was typed beside it on its line, outside the box ("Lead officer:
    [Jo Smith] (interim)"): read as that line is read once LibreOffice has saved it, never left out."""
    if ctl.block or p is None or len(p.controls) != 1:
        return raw
    rest = " ".join(p.outside.split())
    label = f"{heading}:"
    if not rest.lower().startswith(label.lower()):
        return raw  # the label was changed: what is beside the box cannot be told from it
    rest = rest[len(label) :].strip()
    if not rest or is_placeholder(rest):
        return raw
    return f"{raw} {rest}" if raw else rest


def _copied_boxes(
    body: Body, fw: Framework, tags: dict[str, Control], sections: dict[str, tuple[Para, list[Para]]], out: Collector
) -> None:
    """W310: a box copied in Word keeps its name, so one field has two boxes; only one is the answer. The copy's
    text is not dropped unsaid: a text box's copy is read as narrative of the statement it is under."""
    under = {p.number: head.text.strip() for head, paras in sections.values() for p in paras}
    names = {L.input_name(s.id, f.key): f"{s.code} {f.heading}" for s in fw.statements for f in fw.input_fields()}
    for c in body.controls:
        kept, text = tags.get(c.tag or ""), _control_text(c)
        if kept is None or kept is c or text is None or text == _control_text(kept) or c.tag not in names:
            continue
        kept_as = "read as narrative of the statement it is under" if c.block else "not read as an answer"
        out.add(
            "W310",
            Severity.WARNING,
            f"the box {names[c.tag]} appears twice (a box copied in Word keeps its name): the one at paragraph "
            f"{kept.paragraph} is the answer; the copy at paragraph {c.paragraph} ('{text[:40]}') is {kept_as}. Put "
            "what matters into the first box and delete the copy",
            sheet=under.get(c.paragraph),
            cell=f"paragraph {c.paragraph}",
            item=c.tag,
        )


def _control_text(ctl: Control) -> str | None:
    text = ctl.text.strip()
    return None if ctl.placeholder or not text or is_placeholder(text) else text


def _read(body: Body, out: Collector, framework: Framework | str | None) -> Assessment | None:
    fw = _identify(body, out, framework)
    if fw is None:
        return None
    _tracked_changes(body, out)
    _comments(body, out)
    tags: dict[str, Control] = {}
    for c in body.controls:
        if c.tag and (c.tag not in tags or (_control_text(tags[c.tag]) is None and _control_text(c) is not None)):
            tags[c.tag] = c
    in_tagged = {p.number for p in body.paragraphs if p.holder is not None and tags.get(p.holder.tag or "") is p.holder}
    paragraphs = {p.number: p for p in body.paragraphs}
    values = ValueReader(fw, out)
    sections = statement_sections(body, fw, out)
    _copied_boxes(body, fw, tags, sections, out)
    spans = {
        sid: (head.number, max([head.number, *(p.number for p in paras)])) for sid, (head, paras) in sections.items()
    }
    tables = other_tables(body, spans, tags, out)
    _pictures(sections, out)
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
                raw = _with_beside(raw, tagged[f.key], paragraphs.get(where), f.heading)
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
        if tables.get(s.id):
            answer.narrative = "\n\n".join([*([answer.narrative] if answer.narrative else []), *tables[s.id]])
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


def _pictures(sections: dict[str, tuple[Para, list[Para]]], out: Collector) -> None:
    """W312: a picture or chart pasted under a statement is not text, so it is not read; say where."""
    for sid, (head, paras) in sections.items():
        where = [p.number for p in paras if p.pictures]
        if where:
            count = sum(p.pictures for p in paras)
            out.add(
                "W312",
                Severity.WARNING,
                f"{count} picture(s) or chart(s) under '{head.text.strip()[:60]}' (paragraph "
                f"{first_few([str(n) for n in where])}) are not read: they are not in the answers, the report or a form "
                "made from this one. Describe in words what they show, or keep this document beside them",
                sheet=head.text.strip(),
                cell=f"paragraph {where[0]}",
                item=sid,
            )


def _comments(body: Body, out: Collector) -> None:
    """W313, as for a workbook's notes: comments (Review > New Comment) are not read; say on which paragraphs."""
    if body.commented:
        on = first_few([str(n) for n in body.commented])
        out.add(
            "W313",
            Severity.WARNING,
            f"comments on paragraph(s) {on} are not read: nothing in them is imported, and a form or workbook "
            "made from this one will not have them. Copy anything that matters into the form's text",
            cell=f"paragraph {body.commented[0]}",
        )


def _tracked_changes(body: Body, out: Collector) -> None:
    """W311: edits made with Track Changes on and not yet accepted are read as if accepted; say so."""
    if not body.changes:
        return
    first = f" (the first in paragraph {body.first_change})" if body.first_change else ""
    out.add(
        "W311",
        Severity.WARNING,
        f"the form has {body.changes} tracked change(s) not yet accepted or rejected{first}; they are read as if "
        "accepted: inserted text kept, deleted text left out. In Word: Review > Accept (or Reject) each change, "
        "save, and import again",
    )


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
    check_ids("W501", "evidence id", "give each its own id", [(e.id, ref) for e, ref in evidence], sheets[0], out)
    check_ids("W506", "action id", "give each its own id", [(x.id, ref) for x, ref in actions], sheets[1], out)
    check_scores(a, sheets, lambda sid: places.get(sid, (None, None)), ("Action plan table", "Evidence log"), out)


__all__ = ["FORM_KIND", "read_docx"]
