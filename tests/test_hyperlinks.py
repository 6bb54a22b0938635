"""A hyperlink's address is part of what a council wrote: it is read, never dropped.

In Excel, Insert > Link over words ("Q3 audit report") keeps the address (the SharePoint file that is
the evidence) only in the link. The reader used to read the words alone, so the evidence log lost where
its evidence is, silently, and `new --from` carried the loss into next year's workbook. Now such a cell
reads as ``Q3 audit report (https://...)``, with the fast reader and with openpyxl alike, after a
LibreOffice save too; a cell that shows its own address is read as it is.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import ROOT
from libreoffice import requires_libreoffice, resave_xlsx

from assessment_builder.workbook.fastbook import Unmirrorable
from assessment_builder.workbook.read import _read_with

EXAMPLE = ROOT / "examples" / "northshire-completed.xlsx"
AUDIT = "https://council.sharepoint.com/sites/asc/Shared%20Documents/audit-q3.pdf"
POLICY = "https://northshire.example/policies/safeguarding-2025"
JSNA = "https://northshire.example/jsna"
ASCOF = (
    "https://digital.nhs.uk/data-and-information/publications/statistical/adult-social-care-outcomes-framework-ascof"
)


@pytest.fixture(scope="module")
def linked(tmp_path_factory) -> Path:
    """The example workbook with links as people insert them: over words, over a typed address, in Strengths."""
    wb = openpyxl.load_workbook(EXAMPLE)
    ev = wb["Evidence"]
    ev["G2"].value, ev["G2"].hyperlink = "Q3 audit report", AUDIT  # Insert > Link over words
    ev["G3"].value, ev["G3"].hyperlink = POLICY, POLICY  # a typed address Excel made a link
    ev["F4"].value, ev["F4"].hyperlink = "jo.bloggs@northshire.example", "mailto:jo.bloggs@northshire.example"
    assessment = wb["Assessment"]
    name = wb.defined_names["ab_safeguarding_strengths"]
    (sheet, ref), *_ = list(name.destinations)
    cell = wb[sheet][ref.replace("$", "")]
    cell.value, cell.hyperlink = "See the safeguarding policy.", POLICY
    assert assessment.title == sheet
    (sheet, ref), *_ = list(wb.defined_names["ab_context_population_adults"].destinations)
    wb[sheet][ref.replace("$", "")].value = "About 620,000 people (the JSNA)"
    wb[sheet][ref.replace("$", "")].hyperlink = JSNA
    indicators = wb["Indicators"]
    source = next(c.column for c in indicators[1] if c.value == "Source")
    indicators.cell(2, source).hyperlink = ASCOF
    path = tmp_path_factory.mktemp("links") / "linked.xlsx"
    wb.save(path)
    return path


def _read(path: Path, backend: str = "auto") -> dict:
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = _read_with(path, None, backend)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert not result.errors
    return result.to_dict()


@pytest.mark.parametrize("backend", ["fast", "openpyxl"])
def test_a_links_address_is_read_with_its_words(linked, backend):
    data = _read(linked, backend)
    evidence = {e["id"]: e for e in data["evidence"]}
    assert evidence["E01"]["location"] == f"Q3 audit report ({AUDIT})"
    assert evidence["E02"]["location"] == POLICY  # shows its own address: unchanged
    assert evidence["E03"]["owner"] == "jo.bloggs@northshire.example"  # an e-mail address shown as itself
    assert data["statements"]["safeguarding"]["strengths"] == f"See the safeguarding policy. ({POLICY})"
    assert data["context"]["population_adults"] == f"About 620,000 people (the JSNA) ({JSNA})"
    assert data["indicators"][0]["source"].endswith(f" ({ASCOF})")


def test_both_readers_agree_on_links(linked):
    assert _read(linked, "fast") == _read(linked, "openpyxl") == _read(linked)


def test_a_link_over_a_range_of_cells_is_left_to_openpyxl_and_still_read(tmp_path):
    wb = openpyxl.load_workbook(EXAMPLE)
    ws = wb["Evidence"]
    ws["G2"].value, ws["G3"].value = "Audit one", "Audit two"
    ws["G2"].hyperlink = AUDIT
    wb.save(tmp_path / "range.xlsx")
    path = tmp_path / "range.xlsx"
    # make the link cover G2:G3, as Excel does for a link inserted over a selection
    with zipfile.ZipFile(path) as zin:
        parts = {i.filename: zin.read(i) for i in zin.infolist()}
    link = re.compile(rb'(<hyperlink\b[^>]*\bref=")G2(")')
    sheet = next(n for n, d in parts.items() if n.startswith("xl/worksheets/sheet") and link.search(d))
    parts[sheet] = link.sub(rb"\1G2:G3\2", parts[sheet])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for n, d in parts.items():
            zout.writestr(n, d)
    with pytest.raises(Unmirrorable):
        _read_with(path, None, "fast")
    evidence = {e["id"]: e for e in _read(path)["evidence"]}
    assert evidence["E01"]["location"] == f"Audit one ({AUDIT})"
    assert evidence["E02"]["location"] == f"Audit two ({AUDIT})"


@requires_libreoffice
def test_links_survive_a_libreoffice_save(linked, tmp_path):
    saved = resave_xlsx(linked, tmp_path)
    data = _read(saved)
    evidence = {e["id"]: e for e in data["evidence"]}
    assert evidence["E01"]["location"] == f"Q3 audit report ({AUDIT})"
    assert data["statements"]["safeguarding"]["strengths"] == f"See the safeguarding policy. ({POLICY})"


def test_new_from_carries_the_address_into_next_years_workbook(linked, tmp_path, runner):
    from assessment_builder.cli import main

    out = tmp_path / "next.xlsx"
    result = runner.invoke(main, ["new", "--from", str(linked), "-c", "Northshire County Council", "-o", str(out)])
    assert result.exit_code == 0, result.output
    evidence = {e["id"]: e for e in _read(out)["evidence"]}
    assert evidence["E01"]["location"] == f"Q3 audit report ({AUDIT})"


def _link_in_form(src: Path, dst: Path, words: str, address: str, rid: str) -> Path:
    """Make ``words`` in the form a link to ``address``, as Word's Insert > Link does (a w:hyperlink and its rel)."""
    from lxml import etree
    from word_fill import q, rezip

    with zipfile.ZipFile(src) as z:
        root = etree.fromstring(z.read("word/document.xml"))
        rels = etree.fromstring(z.read("word/_rels/document.xml.rels"))
    run = next(r for r in root.iter(q("r")) if "".join(r.itertext()) == words)
    link = etree.Element(q("hyperlink"))
    link.set("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id", rid)
    run.addprevious(link)
    link.append(run)
    rel = etree.SubElement(rels, "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship")
    rel.set("Id", rid)
    rel.set("Type", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink")
    rel.set("Target", address)
    rel.set("TargetMode", "External")
    return rezip(
        src,
        dst,
        {
            "word/document.xml": etree.tostring(root, xml_declaration=True, standalone=True),
            "word/_rels/document.xml.rels": etree.tostring(rels, xml_declaration=True, standalone=True),
        },
    )


def test_a_link_in_a_word_form_keeps_its_address(cqc, tmp_path):
    from word_fill import fill_form

    from assessment_builder import api
    from assessment_builder.load import load_form

    blank = api.template(cqc, "Northshire County Council", tmp_path / "blank.docx")
    row = ["E1", "Audit of reviews", "Processes", "QS1", "2025-03-31", "Quality team", "Q3 audit report"]
    filled = fill_form(blank, tmp_path / "filled.docx", {"ab_safeguarding_strengths": "See the policy."}, [row])
    linked = _link_in_form(filled, tmp_path / "linked.docx", "Q3 audit report", AUDIT, "rIdLink1")
    linked = _link_in_form(linked, tmp_path / "linked2.docx", "See the policy.", POLICY, "rIdLink2")
    loaded = load_form(linked)
    assert loaded.value is not None and not loaded.errors
    assert loaded.value.evidence[0].location == f"Q3 audit report ({AUDIT})"
    assert loaded.value.answers["safeguarding"].values["strengths"] == f"See the policy. ({POLICY})"
