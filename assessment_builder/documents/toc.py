"""A table of contents that is filled when the document is made and stays a field Word updates.

Word keeps a TOC field's last result in the document, and LibreOffice, Google
Docs and PDF converters show that result as it is. So the result is written
now: one "toc n" paragraph per theme and statement heading, each a link to a
bookmark on its heading. Page numbers cannot be known before the document is
laid out, so the written result has none; Word recomputes the whole field, page
numbers included, when the document opens (w:updateFields) or on "Update Field".
"""

from __future__ import annotations

from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Mm, Pt, Twips

from .word_xml import element, field_end, field_parts, text_run

LEVELS = 2  # themes and statements; the headings inside a statement are the same in every one
INSTRUCTION = f'TOC \\o "1-{LEVELS}" \\h \\z \\u'
EMPTY = "Right-click and choose Update Field to see the contents."


def anchor(number: int) -> str:
    """The bookmark name of the ``number``th heading (Word's own TOC bookmarks start _Toc)."""
    return f"_Toc{100000 + number}"


def _entry_style(doc: Any, level: int, text_width: int) -> str:
    """Word's built-in "toc n" style; added (indented, dotted tab to the page number) if the base lacks it."""
    names = {s.name.lower(): s.name for s in doc.styles}
    if f"toc {level}" in names:
        return names[f"toc {level}"]
    style = doc.styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    fmt = style.paragraph_format
    fmt.left_indent = Mm(5 * (level - 1))
    fmt.space_before = Pt(6 if level == 1 else 0)
    fmt.space_after = Pt(2)
    fmt.tab_stops.add_tab_stop(Twips(text_width), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    if level == 1:
        style.font.bold = True
    return style.name


def heading_style(doc: Any) -> str:
    """The "TOC Heading" style (a heading left out of the contents); added if the base lacks it."""
    styles = {s.name: s for s in doc.styles}
    if "TOC Heading" in styles:
        return "TOC Heading"
    style = doc.styles.add_style("TOC Heading", WD_STYLE_TYPE.PARAGRAPH)
    if "Heading 1" in styles:
        style.base_style = styles["Heading 1"]  # by object: a LibreOffice base spells it "Heading 1", not "heading 1"
    style.element.get_or_add_pPr().append(element("w:outlineLvl", val="9"))
    return "TOC Heading"


def add_contents(doc: Any, entries: list[tuple[int, str]], text_width: int) -> None:
    """The TOC field with one entry per (level, heading text); entry n links to :func:`anchor` (n)."""
    begin, instr, separate = field_parts(INSTRUCTION, dirty=True)
    if not entries:
        p = doc.add_paragraph()
        for part in (begin, instr, separate, text_run(EMPTY), field_end()):
            p._p.append(part)
        return
    for n, (level, text) in enumerate(entries):
        p = doc.add_paragraph(style=_entry_style(doc, level, text_width))
        if n == 0:
            for part in (begin, instr, separate):
                p._p.append(part)
        link = element("w:hyperlink", anchor=anchor(n), history="1")
        link.append(text_run(text))
        p._p.append(link)
    p._p.append(field_end())
