"""Word tables that lay out alike in Word, LibreOffice and Google Docs.

Each column's width is worked out from its text (the longest word must fit, so
no word breaks mid-word; the rest of the page width goes to the columns with
the most text) and written both into the table grid (w:tblGrid) and into every
cell (w:tcW), with a fixed layout and a table width that is their sum: Word
reads the cells, LibreOffice and Google Docs read the grid, and all agree.
The header row repeats on each page and no row splits across a page break.
Table text is 10 pt (or the body size if smaller), so seven columns fit on A4.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from ..render.escape import unescape_markdown as unescape
from .word_xml import element, shade

HEADER_FILL = "DCE9EC"
CELL_PADDING = 2 * 108 + 40  # Word's default left and right cell margins (twips), and a little air
TABLE_POINTS = 10.0  # table text size (smaller if the document's body text is)

# Advance widths in thousandths of an em, rounded up from DejaVu Sans, which is wider than Arial,
# Calibri and Liberation Sans: a width that fits DejaVu fits the fonts a council is likely to use.
_NARROW = dict.fromkeys("il.,:;'|!", 300) | dict.fromkeys("fjtI()[]", 400) | {"r": 420, " ": 320}
_WIDE = dict.fromkeys("mwMW", 1000) | dict.fromkeys("@%", 1000)
_UPPER = 780
_LOWER = 640


def char_width(ch: str) -> int:
    if ch in _NARROW:
        return _NARROW[ch]
    if ch in _WIDE:
        return _WIDE[ch]
    if not ch.isascii():
        return 1000
    return _UPPER if ch.isupper() else _LOWER


def text_twips(text: str, size_pt: float, bold: bool = False) -> int:
    """The width of ``text`` on one line, in twips (1/20 pt), for a font of ``size_pt``."""
    em = sum(char_width(ch) for ch in text) / 1000
    return round(em * size_pt * 20 * (1.1 if bold else 1.0))


def column_widths(rows: list[list[str]], total: int, size_pt: float, weights: list[int] | None = None) -> list[int]:
    """Widths (twips) summing to ``total``: every longest word fits; spare width goes where the text is.

    ``weights`` (the dash counts of a separator row like ``|---|----------|``) share the spare width
    instead, for a table with nothing in it yet, like the blank template's evidence table.
    """
    columns = max(len(r) for r in rows)
    shortest, widest = [0] * columns, [0] * columns
    for r, row in enumerate(rows):
        bold = r == 0
        for c, text in enumerate(row):
            words = text.split() or [""]
            shortest[c] = max(shortest[c], max(text_twips(w, size_pt, bold) for w in words) + CELL_PADDING)
            widest[c] = max(widest[c], text_twips(text, size_pt, bold) + CELL_PADDING)
    if weights and len(set(weights)) > 1 and sum(shortest) <= total:
        spare = total - sum(shortest)
        weights = (weights + [min(weights)] * columns)[:columns]
        widths = [s + spare * w / sum(weights) for s, w in zip(shortest, weights)]
    elif sum(widest) <= total:  # everything fits on one line: share the spare width in proportion
        widths = [w * total / sum(widest) for w in widest]
    elif sum(shortest) <= total:  # words fit; columns with more text wrap less
        spare = total - sum(shortest)
        wish = [w - s for w, s in zip(widest, shortest)]
        widths = [s + spare * w / (sum(wish) or 1) for s, w in zip(shortest, wish)]
    else:  # even single words do not fit: shrink alike (only with very long words)
        widths = [s * total / sum(shortest) for s in shortest]
    whole = [int(w) for w in widths]
    whole[-1] += total - sum(whole)
    return whole


def dash_weights(separator: list[str]) -> list[int]:
    """The number of dashes in each cell of a Markdown separator row."""
    return [cell.count("-") for cell in separator]


def alignments(separator: list[str]) -> list[str]:
    """'right', 'center' or 'left' per column from a Markdown separator row (---:, :---:, ---)."""
    out = []
    for cell in separator:
        cell = cell.strip()
        if cell.startswith(":") and cell.endswith(":"):
            out.append("center")
        elif cell.endswith(":"):
            out.append("right")
        else:
            out.append("left")
    return out


_ALIGN = {"right": WD_ALIGN_PARAGRAPH.RIGHT, "center": WD_ALIGN_PARAGRAPH.CENTER}


def _fix_layout(table: Any, widths: list[int]) -> None:
    tbl_pr = table._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = element("w:tblW")
        tbl_pr.append(tbl_w)
    tbl_w.set(qn("w:w"), str(sum(widths)))
    tbl_w.set(qn("w:type"), "dxa")
    table.autofit = False  # w:tblLayout fixed: the widths below are the layout
    for grid_col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths):
        grid_col.set(qn("w:w"), str(width))
    for r, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(element("w:cantSplit"))
        if r == 0:
            tr_pr.append(element("w:tblHeader"))
        for tc, width in zip(row._tr.tc_lst, widths):
            tc_pr = tc.get_or_add_tcPr()
            tc_w = tc_pr.find(qn("w:tcW"))
            if tc_w is None:
                tc_w = element("w:tcW")
                tc_pr.insert(0, tc_w)
            tc_w.set(qn("w:w"), str(width))
            tc_w.set(qn("w:type"), "dxa")


def add_table(
    doc: Any,
    rows: list[list[str]],
    aligns: list[str],
    weights: list[int],
    width: int,
    style: str | None,
    inline: Callable[[Any, str], None],
    plain: Callable[[str], str],
) -> Any:
    """A table of Markdown cell texts (first row the header) ``width`` twips wide."""
    header = rows[0]
    body = [(row + [""] * len(header))[: len(header)] for row in rows[1:]]
    table = doc.add_table(rows=1 + len(body), cols=len(header))
    if style:
        table.style = style
    for c, text in enumerate(header):
        cell = table.rows[0].cells[c]
        cell.paragraphs[0].add_run(unescape(text)).bold = True
        shade(cell, HEADER_FILL)
    for r, row in enumerate(body, start=1):
        for c, text in enumerate(row):
            inline(table.rows[r].cells[c].paragraphs[0], text)
    for c, how in enumerate(aligns[: len(header)]):
        if how in _ALIGN:
            for row_cells in table.columns[c].cells:
                row_cells.paragraphs[0].alignment = _ALIGN[how]
    normal = doc.styles["Normal"].font.size
    points = min(TABLE_POINTS, normal.pt if normal else TABLE_POINTS)
    for row_cells in table.rows:
        for cell in row_cells.cells:
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(points)
    texts = [[unescape(t) for t in header], *[[plain(t) for t in row] for row in body]]
    _fix_layout(table, column_widths(texts, width, points, weights))
    return table
