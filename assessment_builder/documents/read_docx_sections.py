"""Split a Word form's body into its statements' sections, and say where a section had to be found another way.

A statement's section runs from its heading (Heading 2 and below, "QS1 Assessing needs") to the next
heading of level 1 or 2. A statement whose heading is gone (deleted, or restyled as body text, as a
person does by accident in Word or LibreOffice) would otherwise run into the statement above: its
wording, labels and narrative read as that statement's narrative, under the wrong statement. So its
section starts at its own We statement instead (each statement's wording is its own), with a W310
warning that asks for the heading back.
"""

from __future__ import annotations

import dataclasses
from collections import Counter

from ..errors import Severity
from ..model import Framework, Statement
from ..workbook.read_scan import Collector
from .read_docx_fallback import heading_code, is_guidance, is_placeholder, norm
from .read_docx_tables import ACTIONS_HEADING, EVIDENCE_HEADING, is_log
from .read_docx_xml import Body, Para

Sections = dict[str, tuple[Para, list[Para]]]


def _headed(body: Body, codes: dict[str, str]) -> set[str]:
    """The statements that have a heading somewhere in the document."""
    found = (heading_code(p.text, codes) for p in body.paragraphs if p.level is not None and p.level >= 2)
    return {sid for sid in found if sid is not None}


def _wording(fw: Framework, headed: set[str]) -> dict[str, Statement]:
    """{normalised We statement: statement} for the statements without a heading whose wording is theirs alone."""
    counts = Counter(norm(s.we_statement) for s in fw.statements if s.we_statement.strip())
    return {
        norm(s.we_statement): s
        for s in fw.statements
        if s.id not in headed and s.we_statement.strip() and counts[norm(s.we_statement)] == 1
    }


def _unheaded(s: Statement, p: Para, current: list[Para] | None, codes: dict[str, str], out: Collector) -> Para:
    """The heading a section found by its wording is read under, taking back its restyled heading line if any."""
    name = f"{s.code} {s.title}"
    head = p
    if current and current[-1].level is None and heading_code(current[-1].text, codes) == s.id:
        head = current.pop()  # the heading line is still there, as body text: it is this statement's, not narrative
        how = f"its heading '{head.text.strip()[:80]}' (paragraph {head.number}) is no longer styled as a heading"
    else:
        how = f"its heading '{name[:80]}' is missing"
    out.add(
        "W310",
        Severity.WARNING,
        f"{s.code}: {how}, so its section was found by its We statement (paragraph {p.number}) and read as "
        f"{s.code}. Put the heading back, styled Heading 2, so that nothing is read under the statement above it",
        sheet=name,
        cell=f"paragraph {p.number}",
        item=s.id,
    )
    return dataclasses.replace(head, text=name, outside=name, level=2, controls=[])


def statement_sections(body: Body, fw: Framework, out: Collector) -> Sections:
    """{statement id: (its heading, the paragraphs under it up to the next heading of level 1 or 2)}.

    A statement's heading given twice (a section copied) is a W310 warning: the second is not read.
    A statement without a heading starts at its We statement (W310, :func:`_unheaded`). Text after
    the first statement under a heading of level 1 or 2 that is no statement's is W314 (:func:`_stray`).
    """
    codes = {s.code.lower(): s.id for s in fw.statements}
    wording = _wording(fw, _headed(body, codes))
    found: Sections = {}
    current: list[Para] | None = None
    stray: list[tuple[Para, list[Para]]] = []  # (a heading of no statement, the paragraphs under it)
    collecting: list[Para] | None = None
    for p in body.paragraphs:
        sid = heading_code(p.text, codes) if p.level is not None and p.level >= 2 else None
        lost = wording.get(norm(p.text)) if sid is None and p.level is None and p.holder is None else None
        if lost is not None and lost.id not in found:
            head = _unheaded(lost, p, current if current is not None else collecting, codes, out)
            current, collecting = [p], None
            found[lost.id] = (head, current)
        elif sid is not None and sid not in found:
            current, collecting = [], None
            found[sid] = (p, current)
        elif p.level is not None and (p.level <= 2 or sid is not None):
            current = collecting = None
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
            elif found:
                collecting = []
                stray.append((p, collecting))
        elif current is not None:
            current.append(p)
        elif collecting is not None:
            collecting.append(p)
    _stray(body, fw, stray, out)
    return found


def _stray(body: Body, fw: Framework, regions: list[tuple[Para, list[Para]]], out: Collector) -> None:
    """W314: what the council wrote under a heading of level 1 or 2 that is no statement's is in no answer; say so.

    Only after the first statement: the cover, contents and introduction before it are the form's own.
    The form's own text there (theme headings, the log headings) and the logs themselves are not counted.
    """
    own = {norm(f"{t.code} {t.title}") for t in fw.themes} | {norm(EVIDENCE_HEADING), norm(ACTIONS_HEADING)}
    for head, paras in regions:
        end = max([head.number, *(p.number for p in paras)])
        texts = [p for p in paras if p.text.strip() and not is_placeholder(p.text) and not is_guidance(p)]
        tables = [
            t
            for t in body.tables
            if head.number <= t.paragraph <= end and not is_log(t) and any(c.strip() for row in t.rows for c in row)
        ]
        heading = head.text.strip()
        theirs = bool(heading) and norm(heading) not in own
        if not texts and not tables and not theirs:
            continue
        parts = [f"{len(texts)} paragraph(s)" if texts else "", f"{len(tables)} table(s)" if tables else ""]
        what = " and ".join(part for part in parts if part)
        place = f"'{heading[:60]}' (paragraph {head.number})"
        if theirs:
            lost = f"the heading {place}{' and the ' + what + ' under it' if what else ''}"
            fix = f"make '{heading[:60]}' a Heading 3 (or lower) so that it and what follows belong to the statement above"
        else:
            lost, fix = f"{what} under {place}", "move them under a statement's heading, after its guidance line"
        out.add(
            "W314",
            Severity.WARNING,
            f"{lost} belong to no statement and are not read: they are not imported, not in the report and not in "
            f"a form made from this one. To keep them, {fix}",
            sheet=heading or "Document",
            cell=f"paragraph {texts[0].number if texts else head.number}",
        )


__all__ = ["Sections", "statement_sections"]
