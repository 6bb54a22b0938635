"""The Word form: a tagged content control (w:sdt) for every workbook input, and the form's identity.

python-docx has no content-control API, so the controls are built here as XML in
the schema's order (CT_SdtPr: alias, tag, id, lock, showingPlcHdr, then the type
element). Each control is tagged like the workbook's defined name of the same
input (``ab_<statement id>_<field>``) and labelled with the workbook's column
heading; drop-down lists hold exactly the workbook's dropdown texts. The
template's markup asks for them with three lines that docx_writer.py hands here:
``[[COUNCIL]]`` (the cover's council name), ``[[FIELD <statement id> <field>]]``
and ``[[NARRATIVE <statement id>]]`` (the guidance paragraph, and any narrative
already written). docs/word-form.md describes the form for councils and readers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.shared import RGBColor
from lxml import etree

from ..model import Assessment, Framework, InputField
from ..render.escape import escape_markdown
from ..workbook import layout as L
from .word_xml import element, text_run

FORM_KIND = "self-assessment form"
FORM_VERSION = "1"
GUIDANCE_STYLE = "AB Guidance"
GUIDANCE_TEXT = "Write any further narrative for this statement below."
PLACEHOLDER_STYLE = "Placeholder Text"  # Word's own character style for a control's placeholder
PLACEHOLDER_COLOUR = "767676"  # grey, 4.5:1 on white
COUNCIL_ALIAS = "Council"
COUNCIL_PLACEHOLDER = "Type the council's name."
TABLE_ROWS = 10  # empty rows the Evidence log and Action plan offer
ID_BASE = 710000000  # content control ids: unique in the document, clear of bookmark ids

# The text an empty control shows, by field key (any other field: "Type here.")
PLACEHOLDERS = {
    "score": "Choose a score.",
    "confidence": "Choose a confidence level.",
    "status": "Choose a status.",
    "lead": "Type a name.",
}
TEXT_PLACEHOLDER = "Type here."
PLACEHOLDER_TEXTS = frozenset({*PLACEHOLDERS.values(), TEXT_PLACEHOLDER, COUNCIL_PLACEHOLDER})

CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
PROPERTY_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the format id of user-defined properties


def tag(statement_id: str, key: str) -> str:
    """A control's tag: the workbook's defined name of the same input, e.g. ``ab_qs1_score``."""
    return L.input_name(statement_id, key)


def placeholder(key: str) -> str:
    return PLACEHOLDERS.get(key, TEXT_PLACEHOLDER)


def multi_paragraph(framework: Framework, f: InputField) -> bool:
    """Is this field a block of paragraphs (a rich-text control) rather than one value on its label's line?"""
    return f.key in {key for key, _heading in framework.policy.narrative}


def choices(framework: Framework, f: InputField) -> tuple[str, ...]:
    """A drop-down field's list items, exactly the workbook's dropdown texts; () for a typed field."""
    if f.kind == "score":
        return tuple(L.score_text(p.value, p.label) for p in framework.scale)
    return f.choices


def custom_properties(framework: Framework, council: str) -> dict[str, str]:
    """The form's identity, written as custom document properties (docProps/custom.xml)."""
    return {
        "ab_kind": FORM_KIND,
        "ab_form_version": FORM_VERSION,
        "ab_framework": framework.id,
        "ab_framework_version": framework.version,
        "ab_council": council,
    }


class Form:
    """The controls of one form, prefilled from ``assessment`` when given; ids count up from ID_BASE."""

    def __init__(self, framework: Framework, council: str, assessment: Assessment | None = None) -> None:
        self.framework = framework
        self.council = council
        self.assessment = assessment
        self.fields = {f.key: f for f in framework.input_fields()}
        self._ids = iter(range(ID_BASE, ID_BASE + 10_000_000))

    # --- values ----------------------------------------------------------------------------------------------

    def value(self, statement_id: str, key: str) -> str:
        """The text a prefilled control holds ("" for none); a score as its dropdown text."""
        answer = self.assessment.answers.get(statement_id) if self.assessment else None
        value = answer.values.get(key) if answer else None
        if value is None:
            return ""
        if key == "score" and isinstance(value, int) and not isinstance(value, bool):
            try:
                return L.score_text(value, self.framework.scale_label(value))
            except KeyError:
                return str(value)
        return str(value).strip()

    def narrative(self, statement_id: str) -> list[str]:
        """The statement's narrative as paragraphs (it is kept joined by blank lines)."""
        answer = self.assessment.answers.get(statement_id) if self.assessment else None
        text = getattr(answer, "narrative", None) or ""
        return [part.strip("\n") for part in str(text).split("\n\n") if part.strip()]

    def _field(self, line: str) -> tuple[str, InputField]:
        _marker, statement_id, key = line.strip("[]").split()
        return statement_id, self.fields[key]

    # --- Markdown ----------------------------------------------------------------------------------------------

    def markdown(self, line: str) -> list[str] | None:
        """The markup lines standing for a form line in the Markdown output; None for any other line."""
        if line == "[[COUNCIL]]":
            return [escape_markdown(self.council)]
        if line.startswith("[[FIELD "):
            statement_id, f = self._field(line)
            value = self.value(statement_id, f.key)
            empty = f"*{placeholder(f.key)}*"
            if not multi_paragraph(self.framework, f):
                return [f"**{f.heading}:** {escape_markdown(value) if value else empty}", ""]
            lines = [escape_markdown(v) for v in value.split("\n") if v.strip()] or [empty]
            return [f"**{f.heading}**", "", *(x for v in lines for x in (v, ""))]
        if line.startswith("[[NARRATIVE "):
            paragraphs = self.narrative(line.strip("[]").split()[1])
            return [f"*{GUIDANCE_TEXT}*", "", *(x for p in paragraphs for x in (escape_markdown(p), ""))]
        return None

    # --- Word ------------------------------------------------------------------------------------------------

    def add(self, doc: Any, line: str, style: Any = None) -> bool:
        """Add the Word content of a form line to ``doc``; False (nothing added) for any other line."""
        if line == "[[COUNCIL]]":
            p = doc.add_paragraph(style=style)
            p._p.append(self._inline(doc, "ab_council", COUNCIL_ALIAS, self.council, COUNCIL_PLACEHOLDER, ()))
            return True
        if line.startswith("[[FIELD "):
            statement_id, f = self._field(line)
            value = self.value(statement_id, f.key)
            if multi_paragraph(self.framework, f):
                label = doc.add_paragraph()
                label.add_run(f.heading).bold = True
                label.paragraph_format.keep_with_next = True  # a label never ends a page apart from its box
                self._block(doc, tag(statement_id, f.key), f.heading, value, placeholder(f.key))
            else:
                p = doc.add_paragraph()
                p.add_run(f"{f.heading}: ").bold = True
                items = choices(self.framework, f)
                p._p.append(self._inline(doc, tag(statement_id, f.key), f.heading, value, placeholder(f.key), items))
            return True
        if line.startswith("[[NARRATIVE "):
            doc.add_paragraph(GUIDANCE_TEXT, style=guidance_style(doc))
            for paragraph in self.narrative(line.strip("[]").split()[1]):
                _lines(doc.add_paragraph(), paragraph)
            return True
        return False

    def _properties(self, name: str, alias: str, empty: bool, kind: Any) -> Any:
        """w:sdtPr in the schema's order: alias, tag, id, lock, showingPlcHdr, then the type element."""
        pr = element("w:sdtPr")
        pr.append(element("w:alias", val=alias))
        pr.append(element("w:tag", val=name))
        pr.append(element("w:id", val=str(next(self._ids))))
        pr.append(element("w:lock", val="sdtLocked"))  # the control cannot be deleted; its content can change
        if empty:
            pr.append(element("w:showingPlcHdr"))
        pr.append(kind)
        return pr

    def _inline(self, doc: Any, name: str, alias: str, value: str, hint: str, items: tuple[str, ...]) -> Any:
        """A run-level control: a drop-down list of ``items``, or plain text when there are none."""
        if items:
            kind = element("w:dropDownList")  # no w:lastValue: an attribute Word 2007 does not know
            for item in items:
                kind.append(element("w:listItem", displayText=item, value=item))
        else:
            kind = element("w:text")
        sdt = element("w:sdt")
        sdt.append(self._properties(name, alias, not value, kind))
        content = element("w:sdtContent")
        content.append(text_run(value) if value else _placeholder_run(doc, hint))
        sdt.append(content)
        return sdt

    def _block(self, doc: Any, name: str, alias: str, value: str, hint: str) -> None:
        """A block-level rich-text control after the last paragraph, one paragraph per line of ``value``."""
        sdt = element("w:sdt")
        sdt.append(self._properties(name, alias, not value, element("w:richText")))
        content = element("w:sdtContent")
        sdt.append(content)
        lines = value.split("\n")
        paragraphs = [doc.add_paragraph() for _ in lines]
        paragraphs[0]._p.addprevious(sdt)
        for p, text in zip(paragraphs, lines):
            if value:
                p.add_run(text)
            else:
                p._p.append(_placeholder_run(doc, hint))
            content.append(p._p)

    def finish(self, doc: Any) -> None:
        """Stamp the form's identity into the document's custom properties (kept alongside any others)."""
        set_custom_properties(doc, custom_properties(self.framework, self.council))


def _placeholder_run(doc: Any, text: str) -> Any:
    run = element("w:r")
    pr = element("w:rPr")
    pr.append(element("w:rStyle", val=placeholder_style(doc)))
    run.append(pr)
    t = element("w:t")
    t.text = text
    run.append(t)
    return run


def _lines(paragraph: Any, text: str) -> None:
    """``text`` in one paragraph, its single line breaks kept as line breaks."""
    for n, line in enumerate(text.split("\n")):
        run = paragraph.add_run(line)
        if n:
            run._r.insert(0, element("w:br"))


def _find_style(doc: Any, name: str, kind: Any) -> Any:
    for style in doc.styles:
        if style.name == name and style.type == kind:
            return style
    return None


def placeholder_style(doc: Any) -> str:
    """The style id of Word's "Placeholder Text" character style (grey), added if the base lacks it."""
    style = _find_style(doc, PLACEHOLDER_STYLE, WD_STYLE_TYPE.CHARACTER)
    if style is None:
        style = doc.styles.add_style(PLACEHOLDER_STYLE, WD_STYLE_TYPE.CHARACTER)
        style.font.color.rgb = RGBColor.from_string(PLACEHOLDER_COLOUR)
    return str(style.style_id)


def guidance_style(doc: Any) -> str:
    """The "AB Guidance" paragraph style (italic, grey): the template's own words, never narrative."""
    style = _find_style(doc, GUIDANCE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    if style is None:
        style = doc.styles.add_style(GUIDANCE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        style.font.italic = True
        style.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    return str(style.name)


def _custom_part(doc: Any) -> Part | None:
    package = doc.part.package
    for rel in package.rels.values():
        if rel.reltype == RT.CUSTOM_PROPERTIES and not rel.is_external:
            return rel.target_part
    return None


def _property_elements(root: Any) -> Iterator[Any]:
    return iter(root.findall(f"{{{CUSTOM_NS}}}property"))


def set_custom_properties(doc: Any, values: dict[str, str]) -> None:
    """Set text custom properties in docProps/custom.xml, keeping a branded base's other properties."""
    part = _custom_part(doc)
    if part is not None:
        root = etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False, no_network=True))
    else:
        root = etree.Element(f"{{{CUSTOM_NS}}}Properties", nsmap={None: CUSTOM_NS, "vt": VT_NS})
    for prop in list(_property_elements(root)):
        if prop.get("name") in values:
            root.remove(prop)
    pids = [int(p.get("pid", "1")) for p in _property_elements(root) if p.get("pid", "").isdigit()]
    pid = max([1, *pids])
    for name, value in values.items():
        pid += 1
        prop = etree.SubElement(root, f"{{{CUSTOM_NS}}}property", fmtid=PROPERTY_FMTID, pid=str(pid), name=name)
        etree.SubElement(prop, f"{{{VT_NS}}}lpwstr").text = value
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if part is not None:
        part._blob = blob
        return
    package = doc.part.package
    part = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, blob, package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


def read_custom_properties(doc: Any) -> dict[str, str]:
    """The text custom properties of a python-docx Document (for tests and the reader)."""
    part = _custom_part(doc)
    if part is None:
        return {}
    root = etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False, no_network=True))
    return {p.get("name"): "".join(p.itertext()) for p in _property_elements(root)}


__all__ = [
    "FORM_KIND",
    "FORM_VERSION",
    "GUIDANCE_STYLE",
    "GUIDANCE_TEXT",
    "PLACEHOLDER_TEXTS",
    "Form",
    "choices",
    "custom_properties",
    "multi_paragraph",
    "placeholder",
    "read_custom_properties",
    "set_custom_properties",
    "tag",
]
