"""Fill a Word self-assessment form the way Word does, and damage it the ways other programs do.

Word, when a person picks from a drop-down or types in a control, replaces the control's
content with the text and removes ``w:showingPlcHdr``; that is what :func:`fill_form` does,
on the XML, by tag. :func:`strip_controls` unwraps every content control into plain text
(what Google Docs and some converters do); :func:`rezip` rewrites parts of a package.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def q(name: str) -> str:
    return f"{{{W}}}{name}"


def _run(text: str) -> Any:
    r = etree.Element(q("r"))
    t = etree.SubElement(r, q("t"))
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    t.text = text
    return r


def _paragraph(text: str) -> Any:
    p = etree.Element(q("p"))
    p.append(_run(text))
    return p


def rezip(src: Path, dst: Path, parts: dict[str, bytes | None]) -> Path:
    """Copy the package ``src`` to ``dst`` with ``parts`` replaced (None removes a part)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in parts:
                data = parts[info.filename]
                if data is not None:
                    zout.writestr(info.filename, data)
            else:
                zout.writestr(info, zin.read(info.filename))
        for name, data in parts.items():
            if name not in zin.namelist() and data is not None:
                zout.writestr(name, data)
    return dst


def new_table(rows: list[list[str]]) -> Any:
    """A plain Word table (w:tbl) of text cells, to put into a document as a person would paste one."""
    tbl = etree.Element(q("tbl"))
    for row in rows:
        tr = etree.SubElement(tbl, q("tr"))
        for text in row:
            p = etree.SubElement(etree.SubElement(tr, q("tc")), q("p"))
            etree.SubElement(etree.SubElement(p, q("r")), q("t")).text = text
    return tbl


def _set_control(sdt: Any, value: str) -> None:
    pr = sdt.find("w:sdtPr", NS)
    for plc in pr.findall("w:showingPlcHdr", NS):
        pr.remove(plc)
    content = sdt.find("w:sdtContent", NS)
    block = content.find("w:p", NS) is not None
    for child in list(content):
        content.remove(child)
    if block:
        for line in value.split("\n") or [""]:
            content.append(_paragraph(line))
    else:
        content.append(_run(value))


def _table(body: Any, first: str) -> Any:
    for tbl in body.iter(q("tbl")):
        cell = tbl.find("w:tr/w:tc", NS)
        if cell is not None and "".join(cell.itertext()).strip() == first:
            return tbl
    raise AssertionError(f"no table headed {first}")


def _fill_table(tbl: Any, rows: list[list[Any]]) -> None:
    trs = tbl.findall("w:tr", NS)
    for r, values in enumerate(rows, start=1):
        if r >= len(trs):
            tbl.append(etree.fromstring(etree.tostring(trs[-1])))
            trs = tbl.findall("w:tr", NS)
        for tc, value in zip(trs[r].findall("w:tc", NS), values):
            for p in tc.findall("w:p", NS):
                tc.remove(p)
            tc.append(_paragraph("" if value is None else str(value)))


def _is_heading(p: Any) -> bool:
    """A heading paragraph, not the contents' entry of the same text (which comes first)."""
    style = p.find("w:pPr/w:pStyle", NS)
    return style is not None and (style.get(q("val")) or "").startswith("Heading")


def fill_form(
    src: Path,
    dst: Path,
    values: dict[str, str] | None = None,
    evidence: list[list[Any]] | None = None,
    actions: list[list[Any]] | None = None,
    narrative: dict[str, list[str]] | None = None,
) -> Path:
    """Copy the form ``src`` to ``dst`` filled as Word fills it.

    values: {tag: text} (a block control's lines separated by "\\n"); evidence/actions: table rows in the
    column order of the workbook; narrative: {statement code: paragraphs typed after its guidance line}.
    """
    with zipfile.ZipFile(src) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    body = root.find("w:body", NS)
    for sdt in root.iter(q("sdt")):
        tag = sdt.find("w:sdtPr/w:tag", NS)
        if tag is not None and tag.get(q("val")) in (values or {}):
            _set_control(sdt, (values or {})[tag.get(q("val"))])
    if evidence:
        _fill_table(_table(body, "Evidence ID"), evidence)
    if actions:
        _fill_table(_table(body, "Action ID"), actions)
    for code, paragraphs in (narrative or {}).items():
        heading = next(p for p in body.iter(q("p")) if _is_heading(p) and "".join(p.itertext()).startswith(f"{code} "))
        after = heading
        for p in heading.itersiblings():
            if "".join(p.itertext()).strip() == "Write any further narrative for this statement below.":
                after = p
                break
        for text in reversed(paragraphs):
            after.addnext(_paragraph(text))
    return rezip(src, dst, {"word/document.xml": etree.tostring(root, xml_declaration=True, standalone=True)})


def strip_controls(src: Path, dst: Path, drop_properties: bool = False) -> Path:
    """Every content control replaced by its content (plain text); optionally without custom properties."""
    with zipfile.ZipFile(src) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    for sdt in list(root.iter(q("sdt"))):
        content = sdt.find("w:sdtContent", NS)
        parent = sdt.getparent()
        at = parent.index(sdt)
        for n, child in enumerate(list(content) if content is not None else []):
            parent.insert(at + n, child)
        parent.remove(sdt)
    parts: dict[str, bytes | None] = {"word/document.xml": etree.tostring(root, xml_declaration=True)}
    if drop_properties:
        parts["docProps/custom.xml"] = None
    return rezip(src, dst, parts)
