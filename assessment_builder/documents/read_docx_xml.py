"""Open a Word document safely and turn its body into paragraphs, content controls and tables.

The file checks are the workbook's (workbook/filecheck.py, in a Word form's words: ``WORD``)
and run on the zip directory before any XML is parsed; the parts read (the main document, its styles
and the custom properties) are parsed by defusedxml with DTDs forbidden. The file is opened
read-only and never written.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from ..values import record
from ..workbook.filecheck import FileKind

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_STRICT_W = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
MAX_PART_BYTES = 60 * 1024 * 1024  # the main document part, unpacked
MACRO_TYPES = ("macroEnabled", "vbaProject")

WORD = FileKind(
    noun="document",
    called="Word document",
    app="Word",
    ext=".docx",
    macro_ext=".docm",
    save_as="Word Document (.docx)",
    size_of="a self-assessment form",
    not_regular="not a Word document, and was not read",
    not_zip="a Word .docx document",
    old_format="this is an old Word 97-2003 (.doc) file; open it in Word and save it as .docx",
    damaged="re-save it from Word as .docx",
    main_part="word/document.xml",
    no_main="the package has no document part (word/document.xml); it is not a Word document. Give the completed "
    "form saved as .docx",
    main_suffix="document.xml",
    encryption_streams=("EncryptedPackage",),
    macro_types=MACRO_TYPES,
)


@record
class Control:
    """One content control (``w:sdt``): its tag and alias, whether it shows its placeholder, its text."""

    tag: str | None
    alias: str | None
    placeholder: bool
    text: str
    paragraph: int  # the body paragraph it is in (an inline control) or starts at (a block control)
    block: bool = False


@record
class Para:
    """One body paragraph (outside tables), numbered from 1 in document order."""

    number: int
    text: str  # all of its text, controls included
    outside: str  # its text outside inline content controls
    level: int | None  # heading level (1, 2, ...) or None
    style: str  # style name as the document names it
    controls: list[Control] = field(default_factory=list)  # inline controls
    holder: Control | None = None  # the block control this paragraph is inside
    pictures: int = 0  # pictures, charts and embedded objects in it (none of them is text)


@record
class Table:
    rows: list[list[str]]  # a cell merged across columns is its text then an empty cell per column it covers
    heading: str | None  # the nearest Heading 1 above it
    paragraph: int  # the number of the last body paragraph before it
    merged: list[tuple[int, int, int]] = field(default_factory=list)  # (row from 1, column from 0, columns spanned)
    down: list[tuple[int, int]] = field(default_factory=list)  # (row, column) of a cell merged into the one above
    holder: Control | None = None  # the block control (a text box of the form) it was pasted into


def table_lines(t: Table) -> list[str]:
    """A table as text: a line per row that holds any, its cells separated by " | "."""
    lines = [" | ".join(" ".join(c.split()) for c in row) for row in t.rows]
    return [line for line in lines if line.replace("|", "").strip()]


@record
class Body:
    paragraphs: list[Para]
    tables: list[Table]
    controls: list[Control]
    properties: dict[str, str]
    changes: int = 0  # tracked changes not yet accepted or rejected (insertions, deletions, moves)
    first_change: int | None = None  # the paragraph that holds the first, or (in a table) the one before it
    commented: list[int] = field(default_factory=list)  # paragraphs a comment (Review > New Comment) is on


# --- parsing ---------------------------------------------------------------------------------------------------


def _parse(data: bytes) -> Any:
    from defusedxml import ElementTree as SafeET

    if _STRICT_W.encode() in data[:5000]:  # Word's "Strict Open XML" spells the namespace another way
        data = data.replace(_STRICT_W.encode(), W[1:-1].encode())
    return SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)


def _read(zf: zipfile.ZipFile, part: str) -> bytes | None:
    try:
        info = zf.getinfo(part)
    except KeyError:
        return None
    if info.file_size > MAX_PART_BYTES:
        raise ValueError(f"the part '{part}' is {info.file_size // 1024 // 1024} MB unpacked; too large to read")
    with zf.open(info) as fh:
        return fh.read(MAX_PART_BYTES + 1)


def _relationships(zf: zipfile.ZipFile, rels_part: str) -> list[Any]:
    """The Relationship elements of one relationships part (none when the part is missing)."""
    data = _read(zf, rels_part)
    return [] if data is None else list(_parse(data).iter(f"{_RELS}Relationship"))


def _targets(rels: list[Any], base: str) -> dict[str, str]:
    """{relationship type's last word: part name} of the package's own parts."""
    out: dict[str, str] = {}
    for rel in rels:
        kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
        target = rel.get("Target") or ""
        if rel.get("TargetMode") == "External" or not target:
            continue
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
        out.setdefault(kind, part)
    return out


def _link_targets(rels: list[Any]) -> dict[str, str]:
    """{relationship id: address} of the document's links to outside it (Insert > Link)."""
    return {
        rel.get("Id") or "": rel.get("Target") or ""
        for rel in rels
        if rel.get("TargetMode") == "External" and (rel.get("Type") or "").endswith("/hyperlink")
    }


def _show_link_addresses(root: Any, links: dict[str, str]) -> None:
    """Give each link over words a last run `` (address)``, so that where it points is read with its words
    (the workbook reader does the same with a cell's link); a link that shows its own address is left alone."""
    from ..workbook.read_values import link_suffix

    for link in root.iter(f"{W}hyperlink"):
        target = links.get(link.get(f"{_R}id") or "")
        suffix = link_suffix("".join(t.text or "" for t in link.iter(f"{W}t")), target)
        if suffix:
            run = ET.SubElement(link, f"{W}r")
            ET.SubElement(run, f"{W}t").text = suffix


def open_body(path: Path) -> Body:
    """The document's body, styles resolved, and its custom properties; raises for a damaged part."""
    with zipfile.ZipFile(path) as zf:
        package = _targets(_relationships(zf, "_rels/.rels"), "")
        main = package.get("officeDocument", "word/document.xml")
        data = _read(zf, main)
        if data is None:
            raise ValueError(f"the document part '{main}' is missing")
        folder = posixpath.dirname(main)
        rels = _relationships(zf, f"{folder}/_rels/{posixpath.basename(main)}.rels")  # read and parsed once
        parts, links = _targets(rels, folder), _link_targets(rels)
        styles_data = _read(zf, parts.get("styles", f"{folder}/styles.xml"))
        custom_data = _read(zf, package.get("custom-properties", "docProps/custom.xml"))
    styles = _styles(_parse(styles_data)) if styles_data else {}
    properties = _properties(_parse(custom_data)) if custom_data else {}
    root = _parse(data)
    _show_link_addresses(root, links)
    body = root.find(f"{W}body")
    walker = _Walker(styles)
    changes = 0
    if body is not None:
        walker.block(body, None)
        changes = sum(1 for el in body.iter() if el.tag in _TRACKED)
    commented = walker.commented
    return Body(walker.paragraphs, walker.tables, walker.controls, properties, changes, walker.first_change, commented)


def _properties(root: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for prop in root.iter(f"{_CUSTOM}property"):
        name = prop.get("name")
        if name and len(prop):
            out[name] = "".join(prop[0].itertext()).strip()
    return out


def _styles(root: Any) -> dict[str, tuple[str, int | None]]:
    """{style id: (name, heading level or None)} of the paragraph styles."""
    out: dict[str, tuple[str, int | None]] = {}
    for st in root.iter(f"{W}style"):
        sid = st.get(f"{W}styleId")
        if not sid:
            continue
        name_el = st.find(f"{W}name")
        name = name_el.get(f"{W}val") if name_el is not None else sid
        level = _level_of(name or sid) or _level_of(sid)
        outline = st.find(f"{W}pPr/{W}outlineLvl")
        if level is None and outline is not None and (outline.get(f"{W}val") or "").isdigit():
            n = int(outline.get(f"{W}val") or "9")
            level = n + 1 if n < 9 else None
        out[sid] = (name or sid, level)
    return out


_HEADING = re.compile(r"heading\s*([1-9])", re.IGNORECASE)
_COMMENT = f"{W}commentReference"  # where a comment is anchored; its text is in the comments part
_PICTURES = frozenset(f"{W}{t}" for t in ("drawing", "pict", "object"))  # inline or floating
_TRACKED = frozenset(f"{W}{t}" for t in ("ins", "del", "moveFrom", "moveTo"))  # Word's Track Changes


def _level_of(name: str) -> int | None:
    m = _HEADING.fullmatch(name.strip())
    return int(m.group(1)) if m else None


class _Walker:
    """Walks the body in document order, numbering paragraphs and collecting controls and tables."""

    def __init__(self, styles: dict[str, tuple[str, int | None]]):
        self.styles = styles
        self.paragraphs: list[Para] = []
        self.tables: list[Table] = []
        self.controls: list[Control] = []
        self.heading1: str | None = None
        self.first_change: int | None = None
        self.commented: list[int] = []

    def _note_marks(self, el: Any, number: int) -> int:
        """Note a tracked change or a comment in ``el`` (one pass over it); return how many pictures it holds."""
        tracked = commented = False
        pictures = 0
        for e in el.iter():
            tag = e.tag
            tracked = tracked or tag in _TRACKED
            commented = commented or tag == _COMMENT
            pictures += tag in _PICTURES
        if tracked and self.first_change is None:
            self.first_change = number
        if commented and number not in self.commented:
            self.commented.append(number)
        return pictures

    def block(self, parent: Any, holder: Control | None) -> None:
        for child in parent:
            tag = child.tag
            if tag == f"{W}p":
                self.paragraph(child, holder)
            elif tag == f"{W}tbl":
                rows, merged, down = _table_rows(child)
                self.tables.append(Table(rows, self.heading1, len(self.paragraphs), merged, down, holder))
                self._note_marks(child, len(self.paragraphs))
            elif tag in _TRACKED:
                self._note_marks(child, len(self.paragraphs) + 1)
                if tag not in (f"{W}del", f"{W}moveFrom"):
                    self.block(child, holder)
            elif tag == f"{W}sdt":
                self.block_control(child, holder)
            elif tag != f"{W}sectPr":
                self.block(child, holder)  # w:customXml and the like wrap blocks

    def block_control(self, sdt: Any, holder: Control | None) -> None:
        ctl = _control(sdt, len(self.paragraphs) + 1, block=True)
        self.controls.append(ctl)
        start, first_table = len(self.paragraphs), len(self.tables)
        content = sdt.find(f"{W}sdtContent")
        if content is not None:
            self.block(content, holder or ctl)
        lines: list[str] = []
        tables = iter(self.tables[first_table:])
        table = next(tables, None)
        for p in self.paragraphs[start:]:
            while table is not None and table.paragraph < p.number:  # a table pasted into the box, in its place
                lines.extend(table_lines(table))
                table = next(tables, None)
            lines.append(p.text)
        while table is not None:
            lines.extend(table_lines(table))
            table = next(tables, None)
        ctl.text = "\n".join(lines).strip("\n")

    def paragraph(self, p: Any, holder: Control | None) -> None:
        number = len(self.paragraphs) + 1
        style_el = p.find(f"{W}pPr/{W}pStyle")
        sid = style_el.get(f"{W}val") if style_el is not None else None
        name, level = self.styles.get(sid or "", (sid or "Normal", _level_of(sid or "")))
        outline = p.find(f"{W}pPr/{W}outlineLvl")
        if level is None and outline is not None and (outline.get(f"{W}val") or "").isdigit():
            n = int(outline.get(f"{W}val") or "9")
            level = n + 1 if n < 9 else None
        controls: list[Control] = []
        whole: list[str] = []
        outside: list[str] = []
        _inline(p, whole, outside, controls, number)
        text = "".join(whole)
        pictures = self._note_marks(p, number)
        para = Para(number, text, "".join(outside), level, name, controls, holder, pictures)
        self.paragraphs.append(para)
        self.controls.extend(controls)
        if level == 1:
            self.heading1 = text.strip()


def _control(sdt: Any, number: int, block: bool = False) -> Control:
    pr = sdt.find(f"{W}sdtPr")
    tag = alias = None
    placeholder = False
    if pr is not None:
        t = pr.find(f"{W}tag")
        a = pr.find(f"{W}alias")
        tag = t.get(f"{W}val") if t is not None else None
        alias = a.get(f"{W}val") if a is not None else None
        placeholder = pr.find(f"{W}showingPlcHdr") is not None
    return Control(tag, alias, placeholder, "", number, block)


def _inline(el: Any, whole: list[str], outside: list[str] | None, controls: list[Control], number: int) -> None:
    """The text of a paragraph's content, in order; inline controls are collected (their text not ``outside``)."""
    for child in el:
        tag = child.tag
        if tag == f"{W}r":
            for rc in child:
                rt = rc.tag
                piece = (
                    (rc.text or "")
                    if rt == f"{W}t"
                    else "\t"
                    if rt == f"{W}tab"
                    else "\n"
                    if rt in (f"{W}br", f"{W}cr")
                    else "-"
                    if rt == f"{W}noBreakHyphen"
                    else ""
                )
                whole.append(piece)
                if outside is not None:
                    outside.append(piece)
        elif tag == f"{W}sdt":
            ctl = _control(child, number)
            inner: list[str] = []
            content = child.find(f"{W}sdtContent")
            if content is not None:
                _inline(content, inner, None, controls, number)
            ctl.text = "".join(inner)
            controls.append(ctl)
            whole.extend(inner)
        elif tag in (f"{W}pPr", f"{W}rPr", f"{W}del", f"{W}moveFrom", f"{W}sdtPr", f"{W}sdtEndPr"):
            continue
        else:  # hyperlinks, insertions, smart tags, simple fields hold runs
            _inline(child, whole, outside, controls, number)


def _table_rows(tbl: Any) -> tuple[list[list[str]], list[tuple[int, int, int]], list[tuple[int, int]]]:
    """The cells' texts by the table's grid columns, the cells merged across columns (Word's and
    LibreOffice's Merge Cells write one cell spanning several: each column keeps its place), and the cells
    merged down into the one above (w:vMerge continuing: empty, their text is in the first row's cell)."""
    rows: list[list[str]] = []
    merged: list[tuple[int, int, int]] = []
    down: list[tuple[int, int]] = []
    for r, tr in enumerate(_children(tbl, "tr"), start=1):
        cells = [""] * _grid_value(tr.find(f"{W}trPr/{W}gridBefore"))  # a row that starts further right
        for tc in _children(tr, "tc"):
            texts = []
            for p in tc.iter(f"{W}p"):
                parts: list[str] = []
                _inline(p, parts, None, [], 0)
                texts.append("".join(parts))
            span = _grid_value(tc.find(f"{W}tcPr/{W}gridSpan"), 1)
            if span > 1:
                merged.append((r, len(cells), span))
            vmerge = tc.find(f"{W}tcPr/{W}vMerge")
            if vmerge is not None and vmerge.get(f"{W}val") in (None, "continue"):
                down.append((r, len(cells)))
            cells.extend(["\n".join(texts).strip()] + [""] * (span - 1))
        rows.append(cells)
    return rows, merged, down


def _grid_value(el: Any, default: int = 0) -> int:
    """A w:gridSpan or w:gridBefore count (a missing, odd or huge value counts as the default)."""
    value = el.get(f"{W}val") if el is not None else None
    return int(value) if value and value.isdigit() and 0 < int(value) <= 64 else default


def _children(el: Any, name: str) -> list[Any]:
    """Direct children called ``name``, looking through row- and cell-level content controls."""
    out = []
    for child in el:
        if child.tag == f"{W}{name}":
            out.append(child)
        elif child.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml"):
            out.extend(_children(child, name))
    return out
