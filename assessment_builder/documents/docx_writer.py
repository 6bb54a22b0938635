"""Map the rendered markup onto a real Word document with python-docx.

Headings use Word's own Heading styles (so the navigation pane and the table of
contents work), the table of contents is a field Word updates on opening, the
footer carries a PAGE field, and the page is A4. With ``style_from`` the
council's branded document is the base: its styles, headers and footers stay.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ..errors import AssessmentBuilderError
from ..render.escape import unescape_markdown as unescape

_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def _style(doc: Any, *names: str) -> str | None:
    available = {s.name for s in doc.styles}
    for name in names:
        if name in available:
            return name
    return None


def _inline(paragraph: Any, text: str) -> None:
    """Add runs for text with **bold** and *italic* spans; escaped characters are literal."""
    bold = italic = False
    buf = ""

    def flush() -> None:
        if buf:
            run = paragraph.add_run(buf)
            run.bold, run.italic = bold, italic

    i = 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            buf += text[i + 1]
            i += 2
            continue
        if text.startswith("**", i):
            flush()
            buf, bold = "", not bold
            i += 2
            continue
        if text[i] == "*" and (italic or "*" in text[i + 1 :]):
            flush()
            buf, italic = "", not italic
            i += 1
            continue
        buf += text[i]
        i += 1
    flush()


def _field(paragraph: Any, instruction: str, placeholder: str = "") -> None:
    """A complex field (TOC, PAGE) that Word computes."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = instruction
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    text = OxmlElement("w:t")
    text.text = placeholder
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for el in (begin, instr, separate, text, end):
        run._r.append(el)


def _base_document(style_from: Path | None) -> Any:
    if style_from is None:
        doc = Document()
        section = doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(20))
        normal = doc.styles["Normal"]
        normal.font.name = "Arial"
        normal.font.size = Pt(11)
        footer = section.footer.paragraphs[0]
        footer.add_run("Page ")
        _field(footer, "PAGE", "1")
        return doc
    try:
        doc = Document(str(style_from))
    except Exception as exc:  # noqa: BLE001 - any reason the branded file cannot be used
        raise AssessmentBuilderError(
            f"cannot use '{style_from}' as the style document ({type(exc).__name__}); give a .docx saved by Word"
        ) from exc
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return doc


def _update_fields_on_open(doc: Any) -> None:
    settings = doc.settings.element
    if settings.find(qn("w:updateFields")) is None:
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings.append(update)


def _shade(cell: Any, colour: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shd)


def _table(doc: Any, rows: list[list[str]]) -> None:
    header, body = rows[0], rows[1:]
    table = doc.add_table(rows=1 + len(body), cols=len(header))
    style = _style(doc, "Table Grid")
    if style:
        table.style = style
    for c, text in enumerate(header):
        cell = table.rows[0].cells[c]
        cell.paragraphs[0].add_run(unescape(text)).bold = True
        _shade(cell, "DCE9EC")
    for r, row in enumerate(body, start=1):
        for c, text in enumerate(row[: len(header)]):
            _inline(table.rows[r].cells[c].paragraphs[0], text)
    # widths follow the longest text of each column (Word would otherwise make them all equal)
    longest = [max([len(unescape(row[c])) for row in rows if c < len(row)] + [4]) for c in range(len(header))]
    weights = [min(60, max(6, n)) for n in longest]
    table.autofit = False
    for c, weight in enumerate(weights):
        width = Mm(170 * weight / sum(weights))
        for row_cells in table.columns[c].cells:
            row_cells.width = width
    doc.add_paragraph()


def build_docx(markup: str, title: str, style_from: Path | None = None) -> Any:
    """A python-docx Document built from the markup."""
    doc = _base_document(style_from)
    doc.core_properties.title = title
    doc.core_properties.created = dt.datetime.now()
    _update_fields_on_open(doc)
    heading_styles = {1: _style(doc, "Heading 1"), 2: _style(doc, "Heading 2"), 3: _style(doc, "Heading 3")}
    quote = _style(doc, "Intense Quote", "Quote")
    bullet = _style(doc, "List Bullet")
    lines = markup.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line == "[[COVER]]":
            i += 1
            first = True
            while i < len(lines) and lines[i] != "[[PAGEBREAK]]":
                if lines[i].strip():
                    p = doc.add_paragraph(style=_style(doc, "Title") if first else _style(doc, "Subtitle"))
                    _inline(p, lines[i])
                    first = False
                i += 1
            continue
        if line == "[[PAGEBREAK]]":
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif line == "[[TOC]]":
            p = doc.add_paragraph(style=heading_styles[1])
            p.add_run("Contents")
            _field(
                doc.add_paragraph(),
                'TOC \\o "1-3" \\h \\z \\u',
                "Right-click and choose Update Field to see the contents.",
            )
        elif line == "[[WRITE]]":
            p = doc.add_paragraph()
            run = p.add_run("Write here.")
            run.italic = True
            run.font.color.rgb = RGBColor(0x80, 0x80, 0x80)
        elif line.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                cells = [c.strip() for c in _CELL_SPLIT.split(lines[i].strip())[1:-1]]
                if not all(re.fullmatch(r":?-{3,}:?", c) for c in cells):
                    rows.append(cells)
                i += 1
            _table(doc, rows)
            continue
        elif m := re.match(r"^(#{1,3}) (.*)$", line):
            level = len(m.group(1))
            p = doc.add_paragraph(style=heading_styles[level])
            _inline(p, m.group(2))
        elif line.startswith("> "):
            _inline(doc.add_paragraph(style=quote), line[2:])
        elif line.startswith("- "):
            _inline(doc.add_paragraph(style=bullet), line[2:])
        elif line.strip():
            _inline(doc.add_paragraph(), line)
        i += 1
    return doc
