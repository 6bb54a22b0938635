"""Small WordprocessingML pieces python-docx has no API for: fields, bookmarks, shading, language."""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

LANGUAGE = "en-GB"


def element(tag: str, **attrs: str) -> Any:
    """A new w: element with w: attributes (``val="x"`` becomes ``w:val="x"``)."""
    el = OxmlElement(tag)
    for name, value in attrs.items():
        el.set(qn(f"w:{name}"), value)
    return el


def field_parts(instruction: str, dirty: bool = False) -> tuple[Any, Any, Any]:
    """The runs that open a complex field: begin, instruction, separate (the result follows)."""
    begin = element("w:r")
    begin.append(element("w:fldChar", fldCharType="begin", **({"dirty": "true"} if dirty else {})))
    instr = element("w:r")
    text = element("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    instr.append(text)
    separate = element("w:r")
    separate.append(element("w:fldChar", fldCharType="separate"))
    return begin, instr, separate


def field_end() -> Any:
    end = element("w:r")
    end.append(element("w:fldChar", fldCharType="end"))
    return end


def text_run(text: str) -> Any:
    run = element("w:r")
    t = element("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    run.append(t)
    return run


def field(paragraph: Any, instruction: str, result: str = "") -> None:
    """A complex field (PAGE, PAGEREF) whose shown result is ``result`` until Word computes it."""
    for part in (*field_parts(instruction), text_run(result), field_end()):
        paragraph._p.append(part)


def bookmark(paragraph: Any, name: str, number: int) -> None:
    """Wrap the paragraph's content in a bookmark, the target of a contents entry."""
    start = element("w:bookmarkStart", id=str(number), name=name)
    p = paragraph._p
    ppr = p.find(qn("w:pPr"))
    p.insert(0 if ppr is None else 1, start)
    p.append(element("w:bookmarkEnd", id=str(number)))


def shade(cell: Any, colour: str) -> None:
    cell._tc.get_or_add_tcPr().append(element("w:shd", val="clear", color="auto", fill=colour))


def set_language(doc: Any, language: str = LANGUAGE) -> None:
    """The document's language: the default run properties in styles.xml and the core properties."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = element("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = element("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = element("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = element("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), language)
    doc.core_properties.language = language
    settings = doc.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), language)


def update_fields_on_open(doc: Any) -> None:
    settings = doc.settings.element
    if settings.find(qn("w:updateFields")) is None:
        settings.append(element("w:updateFields", val="true"))
