"""The Word form `template` writes: a tagged content control per workbook input, identity, tables, prefill."""

from __future__ import annotations

import datetime as dt
import subprocess
import zipfile

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.text.paragraph import Paragraph
from libreoffice import convert_many, requires_libreoffice
from lxml import etree

from assessment_builder.documents import write_form, write_template
from assessment_builder.documents.form import (
    GUIDANCE_STYLE,
    GUIDANCE_TEXT,
    PLACEHOLDER_TEXTS,
    placeholder,
    read_custom_properties,
)
from assessment_builder.frameworks import load_framework
from assessment_builder.model import ActionItem, Assessment, EvidenceItem, StatementAnswer
from assessment_builder.workbook import layout as L

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# CT_SdtPr's sequence in the OOXML schema (ECMA-376 Part 1, wml.xsd); the type element comes last
SDTPR_ORDER = ["rPr", "alias", "tag", "id", "lock", "placeholder", "temporary", "showingPlcHdr", "dataBinding"]
SDTPR_ORDER += ["label", "tabIndex", "dropDownList", "text", "richText"]
SINGLE = {"score", "confidence", "lead", "status"}


@pytest.fixture(scope="module")
def assurance():
    return load_framework("lga-asc-preparation-for-assurance")


def _body(path):
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return root.find(f"{W}body")


def _val(el, name):
    child = el.find(f"{W}sdtPr/{W}{name}")
    return None if child is None else child.get(f"{W}val")


def _text(el):
    return "".join(t.text or "" for t in el.iter(f"{W}t"))


def _controls(path):
    """tag -> list of w:sdt elements carrying it."""
    out: dict[str, list] = {}
    for sdt in _body(path).iter(f"{W}sdt"):
        tag = _val(sdt, "tag")
        if tag:
            out.setdefault(tag, []).append(sdt)
    return out


def _kind(sdt):
    return etree.QName(sdt.find(f"{W}sdtPr")[-1]).localname


def _expected_items(fw, f):
    if f.kind == "score":
        return [L.score_text(p.value, p.label) for p in fw.scale]
    return list(f.choices)


def _check_blank_form(fw, path):
    controls = _controls(path)
    expected_tags = {"ab_council"} | {L.input_name(s.id, f.key) for s in fw.statements for f in fw.input_fields()}
    assert set(controls) == expected_tags
    assert all(len(v) == 1 for v in controls.values()), [k for k, v in controls.items() if len(v) != 1]
    ids = [sdt.find(f"{W}sdtPr/{W}id").get(f"{W}val") for sdt in _body(path).iter(f"{W}sdt")]
    assert len(ids) == len(set(ids)), "every content control has its own w:id"
    for sdt in (v[0] for v in controls.values()):
        names = [etree.QName(c).localname for c in sdt.find(f"{W}sdtPr")]
        assert names == sorted(names, key=SDTPR_ORDER.index), names  # the schema's order
        assert [etree.QName(c).localname for c in sdt] == ["sdtPr", "sdtContent"]
    for s in fw.statements:
        for f in fw.input_fields():
            sdt = controls[L.input_name(s.id, f.key)][0]
            assert _val(sdt, "alias") == f.heading
            assert sdt.find(f"{W}sdtPr/{W}showingPlcHdr") is not None
            assert _text(sdt) == placeholder(f.key) and _text(sdt) in PLACEHOLDER_TEXTS
            parent = sdt.getparent()
            if f.key in SINGLE:  # inline, after the bold label "<Heading>: " in the same paragraph
                assert parent.tag == f"{W}p"
                label = parent[parent.index(sdt) - 1]
                assert _text(label) == f"{f.heading}: " and label.find(f"{W}rPr/{W}b") is not None
                if f.key == "lead":
                    assert _kind(sdt) == "text"
                else:
                    assert _kind(sdt) == "dropDownList"
                    items = sdt.findall(f"{W}sdtPr/{W}dropDownList/{W}listItem")
                    assert [i.get(f"{W}displayText") for i in items] == _expected_items(fw, f)
                    assert [i.get(f"{W}value") for i in items] == _expected_items(fw, f)
            else:  # a block of paragraphs after its own bold label paragraph
                assert parent.tag == f"{W}body" and _kind(sdt) == "richText"
                assert [etree.QName(c).localname for c in sdt.find(f"{W}sdtContent")] == ["p"]
                label = sdt.getprevious()
                assert _text(label) == f.heading and label.find(f"{W}r/{W}rPr/{W}b") is not None
    council = controls["ab_council"][0]
    assert _val(council, "alias") == "Council" and _kind(council) == "text"


def _statement_blocks(fw, doc):
    """statement code -> the body elements from its Heading 2 to the next heading."""
    blocks: dict[str, list] = {}
    current = None
    for el in doc.element.body:
        style = el.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(f"{W}val", "").startswith("Heading"):
            text = _text(el)
            current = text.split()[0] if style.get(f"{W}val") == "Heading2" else None
            if current:
                blocks[current] = []
            continue
        if current:
            blocks[current].append(el)
    return blocks


def test_every_rated_input_has_one_labelled_control(cqc, tmp_path):
    path = write_template(cqc, "Example Council", tmp_path / "form.docx")
    _check_blank_form(cqc, path)
    assert [f.key for f in cqc.input_fields()] == ["score", "confidence", "strengths", "development", "lead", "status"]
    score = _controls(path)[L.input_name(cqc.statements[0].id, "score")][0]
    first = score.find(f"{W}sdtPr/{W}dropDownList/{W}listItem").get(f"{W}displayText")
    assert first == "1 - Evidence shows significant shortfalls"


@pytest.mark.parametrize("framework_id", ["lga-asc-peer-challenge", "lga-asc-preparation-for-assurance"])
def test_unrated_frameworks_have_their_own_fields(framework_id, tmp_path):
    fw = load_framework(framework_id)
    path = write_template(fw, "Peer Council", tmp_path / "form.docx")
    _check_blank_form(fw, path)
    tags = set(_controls(path))
    assert not any(t.endswith("_score") or t.endswith("_confidence") for t in tags)
    assert {L.input_name(s.id, "recommendations") for s in fw.statements} <= tags


def test_fields_follow_the_framework_order_then_the_guidance(cqc, tmp_path):
    doc = docx.Document(str(write_template(cqc, "Example Council", tmp_path / "form.docx")))
    blocks = _statement_blocks(cqc, doc)
    assert list(blocks) == [s.code for s in cqc.statements]
    for s in cqc.statements:
        tags = [_val(el, "tag") for b in blocks[s.code] for el in b.iter(f"{W}sdt")]
        assert tags == [L.input_name(s.id, f.key) for f in cqc.input_fields()]
        last = blocks[s.code][-1]
        assert _text(last) == GUIDANCE_TEXT
        style_id = last.find(f"{W}pPr/{W}pStyle").get(f"{W}val")
        assert doc.styles.get_by_id(style_id, WD_STYLE_TYPE.PARAGRAPH).name == GUIDANCE_STYLE
        assert _text(blocks[s.code][0]) == s.we_statement  # the context paragraphs come first, unchanged


def test_identity_is_in_the_custom_properties(cqc, tmp_path):
    path = write_template(cqc, "Smith & Jones <Council>", tmp_path / "form.docx")
    assert read_custom_properties(docx.Document(str(path))) == {
        "ab_kind": "self-assessment form",
        "ab_form_version": "1",
        "ab_framework": cqc.id,
        "ab_framework_version": cqc.version,
        "ab_council": "Smith & Jones <Council>",
    }
    council = _controls(path)["ab_council"][0]
    assert _text(council) == "Smith & Jones <Council>"
    assert council.find(f"{W}sdtPr/{W}showingPlcHdr") is None


def test_a_branded_base_keeps_its_own_custom_properties(cqc, tmp_path):
    from assessment_builder.documents.form import set_custom_properties

    base = docx.Document()
    set_custom_properties(base, {"Classification": "OFFICIAL", "ab_council": "Old name"})
    base.save(str(tmp_path / "brand.docx"))
    path = write_template(cqc, "New Council", tmp_path / "form.docx", style_from=tmp_path / "brand.docx")
    props = read_custom_properties(docx.Document(str(path)))
    assert props["Classification"] == "OFFICIAL" and props["ab_council"] == "New Council"
    assert props["ab_kind"] == "self-assessment form"


def test_evidence_log_and_action_plan_use_the_workbook_columns(cqc, tmp_path):
    doc = docx.Document(str(write_template(cqc, "Example Council", tmp_path / "form.docx")))
    tables = {tuple(c.text for c in t.rows[0].cells): t for t in doc.tables}
    for columns, heading in ((L.EVIDENCE_COLUMNS, "Evidence log"), (L.ACTION_COLUMNS, "Action plan")):
        table = tables[tuple(columns)]
        assert len(table.rows) == 11 and all(c.text == "" for row in table.rows[1:] for c in row.cells)
        before = table._tbl.getprevious()
        assert _text(before) == heading and before.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Heading1"


def _prefilled(fw):
    s1, s2 = fw.statements[0], fw.statements[1]
    values = {
        "score": 3,
        "confidence": "High",
        "strengths": "Waits fell <6 weeks & stayed there\n\n# not a heading",
        "development": "Carers' assessments",
        "lead": "Jo Bloggs",
        "status": "In progress",
    }
    first = StatementAnswer(s1.id, values, "What people tell us: good.\n\nA second paragraph\nwith a line break.")
    evidence = [EvidenceItem("E1", "Survey | audit", fw.evidence_categories[0].id, [s1.id, s2.id], dt.date(2025, 1, 2))]
    actions = [ActionItem("A1", s1.id, "Fix waits", "Jo", dt.date(2025, 6, 30), "In progress")]
    return Assessment(
        fw, "Example Council", {s1.id: first, s2.id: StatementAnswer(s2.id, {"score": 1})}, evidence, actions
    )


def test_prefilled_form_holds_the_answers_narrative_evidence_and_actions(cqc, tmp_path):
    assessment = _prefilled(cqc)
    path = write_form(cqc, "Example Council", tmp_path / "next.docx", assessment=assessment)
    controls = {tag: v[0] for tag, v in _controls(path).items()}
    s1, s2 = cqc.statements[0], cqc.statements[1]

    def control(s, key):
        return controls[L.input_name(s.id, key)]

    assert _text(control(s1, "score")) == "3 - Evidence shows a good standard"
    assert _text(control(s1, "confidence")) == "High" and _text(control(s1, "status")) == "In progress"
    assert _text(control(s1, "lead")) == "Jo Bloggs"
    strengths = [_text(p) for p in control(s1, "strengths").iter(f"{W}p")]
    assert strengths == ["Waits fell <6 weeks & stayed there", "", "# not a heading"]
    assert _text(control(s2, "score")) == "1 - Evidence shows significant shortfalls"
    for key in ("score", "confidence", "strengths", "development", "lead", "status"):
        assert control(s1, key).find(f"{W}sdtPr/{W}showingPlcHdr") is None, key
    assert control(s2, "lead").find(f"{W}sdtPr/{W}showingPlcHdr") is not None  # unanswered stays empty
    doc = docx.Document(str(path))
    block = _statement_blocks(cqc, doc)[s1.code]
    guidance = next(i for i, el in enumerate(block) if _text(el) == GUIDANCE_TEXT)
    after = [Paragraph(el, doc).text for el in block[guidance + 1 :]]
    assert after == ["What people tell us: good.", "A second paragraph\nwith a line break."]
    evidence = next(t for t in doc.tables if t.rows[0].cells[0].text == "Evidence ID")
    assert [c.text for c in evidence.rows[1].cells] == [
        "E1",
        "Survey | audit",
        cqc.evidence_categories[0].title,
        f"{s1.code}, {s2.code}",
        "02 January 2025",
        "",
        "",
    ]
    assert len(evidence.rows) == 1 + 1 + 10
    actions = next(t for t in doc.tables if t.rows[0].cells[0].text == "Action ID")
    assert [c.text for c in actions.rows[1].cells] == ["A1", s1.code, "Fix waits", "Jo", "30 June 2025", "In progress"]
    md = write_form(cqc, "Example Council", tmp_path / "next.md", assessment=assessment, fmt="markdown")
    text = md.read_text("utf-8")
    assert "**Self-assessed score:** 3 - Evidence shows a good standard" in text
    assert "\\# not a heading" in text and "What people tell us: good." in text


def test_markdown_form_names_every_field(peer_challenge, tmp_path):
    text = write_template(peer_challenge, "X", tmp_path / "p.md", fmt="markdown").read_text("utf-8")
    assert "[[" not in text
    n = len(peer_challenge.statements)
    assert text.count("**Areas for consideration**") == n and text.count("**Status:** *Choose a status.*") == n
    assert text.count(f"*{GUIDANCE_TEXT}*") == n


def _words(text):
    return {w.strip(".,:;()'\"!?") for w in text.split()} - {"", "•", "\uf0b7"}


def _pdftotext(pdf):
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@requires_libreoffice
def test_libreoffice_opens_the_form_and_keeps_what_the_reader_needs(cqc, assurance, tmp_path):
    """The PDF shows every statement and label whole; a LibreOffice re-save keeps the labels and properties."""
    forms = [
        write_template(assurance, "Example Council", tmp_path / "assurance.docx"),
        write_form(cqc, "Example Council", tmp_path / "prefilled.docx", assessment=_prefilled(cqc)),
    ]
    pdfs = convert_many(forms, tmp_path / "pdf", "pdf")
    for fw, path, pdf in zip((assurance, cqc), forms, pdfs):
        known = _words(" ".join(t.text or "" for t in _body(path).iter(f"{W}t")) + " Page")
        known |= {part for w in known for part in [*w.split("-"), w.replace("-", "")]}  # lines break at hyphens
        broken = {w for w in _words(_pdftotext(pdf)) if w not in known and not w.isdigit()}
        assert not broken, f"{path.name}: words broken or unknown in the PDF: {sorted(broken)[:20]}"
        flat = " ".join(_pdftotext(pdf).split())
        for s in fw.statements:
            assert f"{s.code} {s.title}" in flat, s.code
        for f in fw.input_fields():
            assert flat.count(f.heading) >= len(fw.statements), f.heading
        assert "Evidence ID" in flat and "Due date" in flat and "[[" not in flat
    assert "3 - Evidence shows a good standard" in " ".join(_pdftotext(pdfs[1]).split())
    resaved = convert_many(forms, tmp_path / "resaved", "docx")
    for fw, path in zip((assurance, cqc), resaved):
        doc = docx.Document(str(path))
        assert read_custom_properties(doc)["ab_framework"] == fw.id
        outside_tables = [
            p for p in doc.element.body.iter(f"{W}p") if not any(a.tag == f"{W}tc" for a in p.iterancestors())
        ]
        texts = ["".join(t.text for t in p.iter(f"{W}t")) for p in outside_tables]
        labels = [t for t in texts if any(t == f.heading or t.startswith(f"{f.heading}: ") for f in fw.input_fields())]
        assert len(labels) == len(fw.statements) * len(fw.input_fields())
        assert texts.count(GUIDANCE_TEXT) == len(fw.statements)
