"""The workbook on paper: print setup per sheet, and rows tall enough that wrapped lines never print over each other."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from libreoffice import convert_many, requires_libreoffice

from assessment_builder.load import load_assessment
from assessment_builder.model import CONTEXT_ITEMS, IndicatorValue
from assessment_builder.workbook import layout as L
from assessment_builder.workbook import write_workbook
from assessment_builder.workbook.indicators_sheet import SHEET_INDICATORS

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "northshire-completed.xlsx"
LONG = "Figures from the council's own monitoring, checked every quarter by the performance team. "


def _long_prefill(cqc):
    """The example council's answers with long text in every place a council can write at length."""
    example = load_assessment(EXAMPLE).value
    assert example is not None
    context = {key: (LONG * 3).strip() for key, _ in CONTEXT_ITEMS}
    context["notes"] = "\n".join([LONG * 2] * 4)
    first = [cqc.statements[0].id]
    own = IndicatorValue("OWN-1", LONG * 2, first, "2024/25", 55.0, 200.0, 60.0, polarity="higher", source=LONG * 3)
    catalogue = IndicatorValue("ASCS-SAFE", period="2024/25, the survey's second year of a new sample", value=70.0)
    for answer in example.answers.values():
        answer.values["strengths"] = LONG * 6
    return dataclasses.replace(example, context=context, indicators=[catalogue, own])


@pytest.fixture(scope="module")
def books(cqc, tmp_path_factory):
    """A blank workbook, the example council's and one with long text everywhere (written afresh)."""
    tmp = tmp_path_factory.mktemp("print")
    example = load_assessment(EXAMPLE).value
    return {
        "blank": write_workbook(cqc, "Northshire", tmp / "blank.xlsx"),
        "example": write_workbook(cqc, "Northshire County Council", tmp / "example.xlsx", prefill=example),
        "long": write_workbook(cqc, "Northshire County Council", tmp / "long.xlsx", prefill=_long_prefill(cqc)),
    }


def test_local_context_prints_landscape_on_one_a4_page(books):
    ws = openpyxl.load_workbook(books["blank"])[L.SHEET_CONTEXT]
    setup = ws.page_setup
    assert (setup.orientation, setup.paperSize) == ("landscape", 9)  # A4
    # one page wide and one tall (1 is the file format's default, which XlsxWriter leaves unsaid)
    assert setup.fitToWidth in (None, 1) and setup.fitToHeight in (None, 1)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$3:$3"  # the Item / Value headings
    assert ws.page_margins.left == 0.75 and ws.page_margins.top == 1


def test_wrapped_rows_are_given_their_height(cqc, books):
    # neither LibreOffice nor Excel grows a row a program wrote: a row of wrapped lines must say how tall it is
    wb = openpyxl.load_workbook(books["long"])
    ind = wb[SHEET_INDICATORS]
    rows = {ind.cell(row=r, column=1).value: r for r in range(2, ind.max_row + 1)}
    own = ind.row_dimensions[rows["OWN-1"]].height
    assert own is not None and own >= 5 * 15  # 270 characters of source in a column 50 wide
    catalogue = cqc.indicators[0]
    assert len(catalogue.name) > 55 and ind.row_dimensions[rows[catalogue.id]].height >= 2 * 15
    context = wb[L.SHEET_CONTEXT]
    assert all(context.row_dimensions[r].height >= 3 * 15 for r in range(4, 4 + len(CONTEXT_ITEMS)))
    # an empty row is left alone, so Excel still grows it as a person types
    blank = openpyxl.load_workbook(books["blank"])
    assert blank[L.SHEET_CONTEXT].row_dimensions[4].height is None
    assert blank[SHEET_INDICATORS].row_dimensions[blank[SHEET_INDICATORS].max_row].height is None


def _pages(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Each page's text lines as (left, top, right, bottom, text), from pdftotext's layout boxes."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    pages = []
    for page in xml.stdout.split("<page ")[1:]:
        lines = []
        for match in re.finditer(
            r'<line (xMin="[^"]+" yMin="[^"]+" xMax="[^"]+" yMax="[^"]+")>(.*?)</line>', page, re.S
        ):
            x0, y0, x1, y1 = (float(v) for v in re.findall(r'"([^"]+)"', match.group(1)))
            text = " ".join(re.findall(r">([^<]*)</word>", match.group(2)))
            lines.append((x0, y0, x1, y1, text))
        pages.append(lines)
    return pages


def _overlaps(lines):
    """Pairs of lines printed over each other: sharing some width and more than half the shorter one's height."""
    found = []
    for i, a in enumerate(lines):
        for b in lines[i + 1 :]:
            wide = min(a[2], b[2]) - max(a[0], b[0])
            tall = min(a[3], b[3]) - max(a[1], b[1])
            if wide > 0.5 and tall > 0.5 * min(a[3] - a[1], b[3] - b[1]):
                found.append((a[4], b[4]))
    return found


@requires_libreoffice
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_libreoffice_prints_every_sheet_without_overlapping_lines(cqc, books, tmp_path):
    pdfs = convert_many(list(books.values()), tmp_path, "pdf")
    title = f"{cqc.title} ({cqc.version}): self-assessment"
    for name, pdf in zip(books, pdfs):
        pages = _pages(pdf)
        first = [" ".join(line[4] for line in page[:1]) for page in pages]
        for number, page in enumerate(pages, start=1):
            assert not _overlaps(page), f"{name} page {number} ({first[number - 1]!r}): {_overlaps(page)[:3]}"
        start = first.index("Adult social care self-assessment")
        context = first.index("Local context (optional)")
        assessment = first.index(title)
        # the Start sheet and the Local context each print on one page, in the workbook's order
        assert (start, context, assessment) == (0, 1, 2), (name, first)
        indicators = [i for i, text in enumerate(first) if text.startswith("Indicator ID")]
        assert indicators, (name, first)
        body = " ".join(line[4] for i in indicators for line in pages[i])
        assert "ASCOF-2A" in body and "Source" in body
