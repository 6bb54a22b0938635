"""Map the rendered markup onto a real Word document with python-docx.

Headings use Word's own Heading styles (so the navigation pane and the table of
contents work), the table of contents is a field filled with the headings when
the document is made (toc.py), tables carry their column widths (tables.py), the
report's chart is a picture with alt text (chart.py), a form's inputs are content
controls (form.py), the footer carries a PAGE field, the page is A4 and the language British English. With ``style_from`` the
council's branded document is the base: its styles, headers and footers stay.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ..doc_properties import property_text
from ..errors import AssessmentBuilderError
from .chart import Chart, add_chart
from .form import Form
from .tables import add_table, alignments, dash_weights
from .toc import LEVELS, add_contents, anchor, heading_style
from .word_xml import bookmark, field, set_language, update_fields_on_open

_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_HEADING = re.compile(r"^(#{1,3}) (.*)$")
_SEPARATOR = re.compile(r":?-{3,}:?")


def _style(doc: Any, *names: str) -> Any:
    """The first of the named styles the document has, as a style object (None when it has none of them).

    An object, not a name: python-docx looks a name up by Word's internal spelling ("heading 1"), and a
    style document saved by LibreOffice spells it "Heading 1", so a lookup by name would fail."""
    available = {s.name: s for s in doc.styles}
    return next((available[name] for name in names if name in available), None)


def spans(text: str) -> list[tuple[str, bool, bool]]:
    """(text, bold, italic) pieces of text with **bold** and *italic* spans; escaped characters are literal."""
    out: list[tuple[str, bool, bool]] = []
    bold = italic = False
    buf = ""
    i = 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            buf += text[i + 1]
            i += 2
            continue
        if text.startswith("**", i):
            out.append((buf, bold, italic))
            buf, bold = "", not bold
            i += 2
            continue
        if text[i] == "*" and (italic or "*" in text[i + 1 :]):
            out.append((buf, bold, italic))
            buf, italic = "", not italic
            i += 1
            continue
        buf += text[i]
        i += 1
    out.append((buf, bold, italic))
    return [s for s in out if s[0]]


def plain(text: str) -> str:
    """The text a reader sees: markers dropped, escapes resolved."""
    return "".join(piece for piece, _b, _i in spans(text))


def _inline(paragraph: Any, text: str) -> None:
    for piece, bold, italic in spans(text):
        run = paragraph.add_run(piece)
        run.bold, run.italic = bold, italic


_TEMPLATE_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_DOCUMENT_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def _as_document(path: Path) -> Any:
    """The style document as python-docx opens it: a Word template (.dotx, how councils keep their branding)
    is read as the document it is a template for (only its main part's content type differs)."""
    with zipfile.ZipFile(path) as zf:
        types = zf.read("[Content_Types].xml")
        if _TEMPLATE_TYPE not in types:
            return str(path)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
            for info in zf.infolist():
                data = zf.read(info)
                copy.writestr(
                    info,
                    data.replace(_TEMPLATE_TYPE, _DOCUMENT_TYPE) if info.filename == "[Content_Types].xml" else data,
                )
    out.seek(0)
    return out


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
        field(footer, "PAGE", "1")
        return doc
    from ..output import note_input
    from ..workbook.filecheck import check_file
    from .read_docx_xml import WORD

    note_input(style_from)  # an input: the document written from its styles never replaces it, even with --force
    problems = check_file(Path(style_from), kind=WORD)  # the same guards as any document read
    if problems:
        raise AssessmentBuilderError(f"cannot use '{style_from}' as the style document: {problems[0].message}")
    try:
        doc = Document(_as_document(Path(style_from)))
    except Exception as exc:  # noqa: BLE001 - any reason the branded file cannot be used
        raise AssessmentBuilderError(
            f"cannot use '{style_from}' as the style document ({type(exc).__name__}); give a .docx saved by Word"
        ) from exc
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return doc


def _text_width(doc: Any) -> int:
    """The width between the margins, in twips (A4 with 20 mm margins if the section does not say)."""
    section = doc.sections[-1]
    sizes = (section.page_width, section.left_margin, section.right_margin)
    if any(size is None for size in sizes):
        return 9638  # 170 mm
    return max(1440, int(sizes[0] - sizes[1] - sizes[2]) // 635)  # EMU to twips; at least an inch


def _contents_entries(lines: list[str]) -> list[tuple[int, str]]:
    """(level, text) of each heading after the [[TOC]] placeholder: the contents, known in advance."""
    if "[[TOC]]" not in lines:
        return []
    after = lines[lines.index("[[TOC]]") + 1 :]
    found = [(len(m.group(1)), plain(m.group(2))) for line in after if (m := _HEADING.match(line))]
    return [(level, text) for level, text in found if level <= LEVELS]


def _table_rows(lines: list[str], i: int) -> tuple[list[list[str]], list[str], list[int], int]:
    """The rows, column alignments, dash counts and next line of the Markdown table starting at line ``i``."""
    rows: list[list[str]] = []
    aligns: list[str] = []
    weights: list[int] = []
    while i < len(lines) and lines[i].startswith("|"):
        cells = [c.strip() for c in _CELL_SPLIT.split(lines[i].strip())[1:-1]]
        if cells and all(_SEPARATOR.fullmatch(c) for c in cells):
            aligns, weights = alignments(cells), dash_weights(cells)
        else:
            rows.append(cells)
        i += 1
    return rows, aligns, weights, i


def build_docx(
    markup: str,
    title: str,
    style_from: Path | None = None,
    *,
    subject: str = "",
    chart: Chart | None = None,
    form: Form | None = None,
) -> Any:
    """A python-docx Document built from the markup; ``chart`` is drawn where the markup says [[CHART]].

    ``form`` builds the content controls of a form's [[COUNCIL]], [[FIELD ...]] and [[NARRATIVE ...]] lines.
    """
    doc = _base_document(style_from)
    props = doc.core_properties
    props.title = property_text(title)  # a long council name (the title holds it) is cut, never a crash
    props.subject = property_text(subject)
    props.created = props.modified = dt.datetime.now()
    if props.author == "python-docx":  # python-docx's own template says so; a branded base keeps its author
        props.author, props.comments = "assessment-builder", ""
    set_language(doc)
    update_fields_on_open(doc)
    width = _text_width(doc)
    heading_styles = {1: _style(doc, "Heading 1"), 2: _style(doc, "Heading 2"), 3: _style(doc, "Heading 3")}
    quote = _style(doc, "Intense Quote", "Quote")
    bullet = _style(doc, "List Bullet")
    table_style = _style(doc, "Table Grid")
    lines = markup.splitlines()
    contents = _contents_entries(lines)
    numbered = -1  # headings after [[TOC]] are numbered from 0 for their bookmarks
    i = 0
    while i < len(lines):
        line = lines[i]
        if line == "[[COVER]]":
            i += 1
            first = True
            while i < len(lines) and lines[i] != "[[PAGEBREAK]]":
                if lines[i].strip():
                    style = _style(doc, "Title") if first else _style(doc, "Subtitle")
                    if form is None or not form.add(doc, lines[i], style):
                        _inline(doc.add_paragraph(style=style), lines[i])
                    first = False
                i += 1
            continue
        if line == "[[PAGEBREAK]]":
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif line == "[[TOC]]":
            doc.add_paragraph("Contents", style=heading_style(doc))
            add_contents(doc, contents, width)
            numbered = 0
        elif line == "[[CHART]]":
            if chart is not None:
                add_chart(doc, chart, width)
        elif line == "[[WRITE]]":
            p = doc.add_paragraph()
            run = p.add_run("Write here.")
            run.italic = True
            run.font.color.rgb = RGBColor(0x80, 0x80, 0x80)
        elif form is not None and form.add(doc, line):
            pass
        elif line.startswith("|"):
            rows, aligns, weights, i = _table_rows(lines, i)
            if rows:
                add_table(doc, rows, aligns, weights, width, table_style, _inline, plain)
                doc.add_paragraph()
            continue
        elif m := _HEADING.match(line):
            p = doc.add_paragraph(style=heading_styles[len(m.group(1))])
            _inline(p, m.group(2))
            if numbered >= 0 and len(m.group(1)) <= LEVELS:
                bookmark(p, anchor(numbered), numbered + 1)
                numbered += 1
        elif line.startswith("> "):
            _inline(doc.add_paragraph(style=quote), line[2:])
        elif line.startswith("- "):
            _inline(doc.add_paragraph(style=bullet), line[2:])
        elif line.strip():
            _inline(doc.add_paragraph(), line)
        i += 1
    if form is not None:
        form.finish(doc)
    return doc
