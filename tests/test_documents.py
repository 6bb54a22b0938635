"""Word-ready documents: structure, escaping, branded styles, Markdown, LibreOffice conversion."""

from __future__ import annotations

import datetime as dt
import zipfile

import docx
import pytest
from conftest import ROOT
from docx.shared import Pt, RGBColor
from libreoffice import convert_many, requires_libreoffice

from assessment_builder.cli import main
from assessment_builder.documents import write_report, write_template
from assessment_builder.model import ActionItem, Assessment, EvidenceItem, StatementAnswer

NASTY = 'Smith & Jones <Council> "quoted" {{ 7*7 }} {% if %} # not a heading | pipe 😀'


def _headings(path, level):
    return [p.text for p in docx.Document(str(path)).paragraphs if p.style.name == f"Heading {level}"]


def _xml(path, part="word/document.xml"):
    with zipfile.ZipFile(path) as z:
        return z.read(part).decode("utf-8")


def _assessment(fw, council=NASTY):
    ids = [s.id for s in fw.statements]
    answers = {
        ids[0]: StatementAnswer(
            ids[0],
            {
                "score": 3,
                "confidence": "High",
                "strengths": f"Line one {NASTY}\n- line two",
                "development": "Waits <6 weeks & falling",
            },
        )
    }
    if fw.rated:
        answers[ids[1]] = StatementAnswer(ids[1], {"score": 1, "development": "**Not bold** in Word"})
    else:
        answers[ids[0]] = StatementAnswer(
            ids[0], {"strengths": "Clear vision", "considerations": "Pace", "recommendations": "Publish the offer"}
        )
    evidence = [EvidenceItem("E1", "Survey & audit", fw.evidence_categories[0].id, [ids[0]], dt.date(2025, 1, 2))]
    actions = [ActionItem("A1", ids[0], "Fix <waits>", "Lead", dt.date(2025, 6, 30), "In progress")]
    return Assessment(fw, council, answers, evidence, actions)


def test_cqc_template_heading_structure_is_exact(cqc, tmp_path):
    path = write_template(cqc, "Example Council", tmp_path / "t.docx")
    h1 = _headings(path, 1)
    assert h1 == [
        "About this self-assessment",
        "T1 Working with people",
        "T2 Providing support",
        "T3 How the local authority ensures safety within the system",
        "T4 Leadership",
        "Evidence log",
        "Action plan",
    ]
    assert [h for h in h1 if h.startswith("T")] == [f"{t.code} {t.title}" for t in cqc.themes]
    assert _headings(path, 2) == [f"{s.code} {s.title}" for s in cqc.statements]
    assert _headings(path, 3) == []  # a statement's inputs are labelled controls (tests/test_word_form.py)


def test_template_has_toc_field_page_numbers_and_a4(cqc, tmp_path):
    path = write_template(cqc, "Example Council", tmp_path / "t.docx")
    body = _xml(path)
    assert 'TOC \\o "1-2" \\h \\z \\u' in body
    assert "w:updateFields" in _xml(path, "word/settings.xml")
    footers = [n for n in zipfile.ZipFile(path).namelist() if n.startswith("word/footer")]
    assert any("PAGE" in _xml(path, f) for f in footers)
    section = docx.Document(str(path)).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    doc = docx.Document(str(path))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert cqc.statement("QS6").we_statement in text
    assert cqc.statement("QS6").i_statements[0] in text


def test_user_text_survives_and_is_never_a_template(cqc, tmp_path):
    path = write_template(cqc, NASTY, tmp_path / "t.docx")
    doc = docx.Document(str(path))
    title = "".join(t.text for t in doc.paragraphs[0]._p.iter(f"{W}t"))  # in the council's content control
    assert title == NASTY
    assert "49" not in title
    md = write_template(cqc, NASTY, tmp_path / "t.md", fmt="markdown").read_text(encoding="utf-8")
    first = md.splitlines()[0]
    assert first.startswith("# Smith & Jones \\<Council\\>")
    assert "{{ 7\\*7 }}" in first and "\\| pipe" in first and "\\# not a heading" in first


def test_report_rated(cqc, tmp_path):
    path = write_report(_assessment(cqc), tmp_path / "r.docx")
    doc = docx.Document(str(path))
    assert _headings(path, 2) == [f"{s.code} {s.title}" for s in cqc.statements]
    summary = doc.tables[0]
    assert [c.text for c in summary.rows[0].cells] == ["Code", "Statement", "Score", "Confidence", "Status"]
    # no status was chosen: the report shows none, as the summary does, never "Not started" beside a score of 3
    assert [c.text for c in summary.rows[1].cells] == ["QS1", "Assessing needs", "3", "High", "-"]
    assert "Not started" not in [c.text for row in summary.rows for c in row.cells]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Self-assessed score: 3 - Evidence shows a good standard (confidence: High)" in text
    assert f"Line one {NASTY}" in text and "- line two" in text
    assert "Waits <6 weeks & falling" in text
    assert "**Not bold** in Word" in text
    assert "E1 · Survey & audit · 02 January 2025" in text
    assert any(t.rows[1].cells[1].text == "Fix <waits>" for t in doc.tables[1:] if len(t.columns) == 5)
    assert "Predicted rating: Requires improvement, 50% (4 of 8 points), provisional: 2 of 9 statements scored." in text


def test_a_provisional_report_gives_its_range_as_the_summary_does(cqc, tmp_path):
    """2 of 9 scored (4 of 8 points): the report says where the result can still end, not only the 50%."""
    from assessment_builder.summary import build_summary

    a = _assessment(cqc)
    h = build_summary(a, as_of=dt.date(2025, 3, 31)).headline
    assert h is not None and h.range is not None
    words = (
        "Provisional: once the 7 unscored statements are scored, the result will be between 11 of 36 points "
        "(31%, Inadequate) and 32 of 36 points (89%, Outstanding)."
    )
    doc = docx.Document(str(write_report(a, tmp_path / "r.docx")))
    paragraphs = [p.text for p in doc.paragraphs]
    at = paragraphs.index(
        "Predicted rating: Requires improvement, 50% (4 of 8 points), provisional: 2 of 9 statements scored."
    )
    assert paragraphs[at + 1] == words
    markdown = write_report(a, tmp_path / "r.md", fmt="markdown").read_text(encoding="utf-8")
    assert words in markdown
    full = Assessment(cqc, "Full", {s.id: StatementAnswer(s.id, {"score": 3}) for s in cqc.statements})
    text = "\n".join(p.text for p in docx.Document(str(write_report(full, tmp_path / "f.docx"))).paragraphs)
    assert "Predicted rating: Good, 75% (27 of 36 points)." in text and "Provisional" not in text


def test_council_wide_evidence_and_actions_are_in_the_report(cqc, peer_challenge, tmp_path):
    """An action or evidence item naming no statement (a council-wide plan) was in no section of the report:
    the Word document left out an overdue action the summary lists."""
    a = _assessment(cqc, "Northshire")
    a.evidence.append(EvidenceItem("E9", "Workforce strategy", "processes", [], dt.date(2024, 5, 1)))
    a.actions.append(ActionItem("A9", None, "Recruit ten social workers", "DASS", dt.date(2025, 1, 31), "In progress"))
    path = write_report(a, tmp_path / "r.docx")
    doc = docx.Document(str(path))
    assert _headings(path, 1)[-1] == "Council-wide evidence and actions"
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Evidence and actions that name no statement." in text
    assert "E9 · Workforce strategy · 01 May 2024" in text
    [table] = [t for t in doc.tables if t.rows[-1].cells[0].text == "A9"]
    assert [c.text for c in table.rows[-1].cells] == [
        "A9",
        "Recruit ten social workers",
        "DASS",
        "31 January 2025",
        "In progress",
    ]
    # each item once: not also under a statement
    assert text.count("Workforce strategy") == 1
    plain = write_report(_assessment(cqc, "Northshire"), tmp_path / "plain.docx")
    assert "Council-wide evidence and actions" not in _headings(plain, 1)
    peer = _assessment(peer_challenge, "Peer Council")
    peer.actions.append(ActionItem("A9", None, "Publish the offer", "DASS", None, "Not started"))
    peer_doc = docx.Document(str(write_report(peer, tmp_path / "peer.docx")))
    assert "Evidence and actions that name no area." in "\n".join(p.text for p in peer_doc.paragraphs)


def test_report_unrated_reads_like_a_peer_challenge(peer_challenge, tmp_path):
    path = write_report(_assessment(peer_challenge, "Peer Council"), tmp_path / "pc.docx")
    doc = docx.Document(str(path))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "A peer challenge gives no rating." in text
    assert "Self-assessed score" not in text
    h3 = _headings(path, 3)
    assert h3[:3] == ["Strengths", "Areas for consideration", "Recommendations"]
    assert "Publish the offer" in text


def _indicator_values(fw):
    from assessment_builder.indicators import variation
    from assessment_builder.model import IndicatorValue

    first, second = fw.statements[0].id, fw.statements[1].id
    return [
        IndicatorValue(
            "SAFE-1",
            "People who feel safe <here>",
            [first],
            "2023-24",
            61.5,
            400,
            71.06,
            None,
            "higher",
            variation(61.5, 71.06, 400, "higher"),
            "ASCS Q7a",
        ),
        IndicatorValue("WAIT-1", "People waiting", [first, second], polarity="lower"),  # no value: not listed
    ]


def test_report_lists_each_statements_indicators_with_a_value(cqc, tmp_path):
    a = _assessment(cqc, "Example Council")
    a.indicators = _indicator_values(cqc)
    md = write_report(a, tmp_path / "r.md", fmt="markdown").read_text(encoding="utf-8")
    qs1 = md[md.index("## QS1 ") : md.index("## QS2 ")]
    table = qs1[qs1.index("**Indicators against England**") : qs1.index("### Actions")]
    assert "| Indicator | Period | Value | England | Variation |" in table
    assert "| SAFE-1 People who feel safe \\<here\\> | 2023-24 | 61.5 | 71.06 | significantly worse |" in table
    assert "WAIT-1" not in md  # an indicator without a value is not reported
    assert "Indicators against England" not in md[md.index("## QS2 ") :]  # no values for QS2
    doc = docx.Document(str(write_report(a, tmp_path / "r.docx")))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Indicator")
    assert [c.text for c in table.rows[1].cells] == [
        "SAFE-1 People who feel safe <here>",
        "2023-24",
        "61.5",
        "71.06",
        "significantly worse",
    ]


def test_template_leaves_indicators_to_the_workbook(cqc, peer_challenge, tmp_path):
    """The form (version 1) reads no indicators back, so it offers no indicator table to fill in."""
    for fw in (cqc, peer_challenge):
        md = write_template(fw, "Example Council", tmp_path / f"{fw.id}.md", fmt="markdown").read_text("utf-8")
        assert "Indicators against England" not in md
        assert not any(f"| {i.id} " in md for i in fw.indicators)


def test_style_from_keeps_the_councils_branding(cqc, tmp_path):
    branded = docx.Document()
    h1 = branded.styles["Heading 1"]
    h1.font.name = "Georgia"
    h1.font.color.rgb = RGBColor(0x99, 0x00, 0x33)
    h1.font.size = Pt(20)
    branded.sections[0].header.paragraphs[0].text = "Example Council - OFFICIAL"
    branded.add_paragraph("Old body text that must not survive")
    brand_path = tmp_path / "brand.docx"
    branded.save(str(brand_path))
    before = brand_path.read_bytes()
    path = write_template(cqc, "Example Council", tmp_path / "t.docx", style_from=brand_path)
    doc = docx.Document(str(path))
    assert doc.styles["Heading 1"].font.name == "Georgia"
    assert doc.styles["Heading 1"].font.color.rgb == RGBColor(0x99, 0x00, 0x33)
    assert doc.sections[0].header.paragraphs[0].text == "Example Council - OFFICIAL"
    assert "Old body text" not in "\n".join(p.text for p in doc.paragraphs)
    assert brand_path.read_bytes() == before


def test_unreadable_style_document_is_a_clear_error(runner, tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_text("not a docx")
    result = runner.invoke(
        main, ["template", "--council", "X", "--style-from", str(bad), "-o", str(tmp_path / "t.docx")]
    )
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: cannot use '{bad}' as the style document")


def test_cli_template_and_report(runner, tmp_path):
    out = tmp_path / "t.docx"
    result = runner.invoke(main, ["template", "--council", "Example Council", "-o", str(out)])
    assert result.exit_code == 0 and result.output.startswith(f"Wrote {out}: the Word form of ")
    assert result.output.rstrip().endswith(f"read it back with: assessment-builder import {out}")
    result = runner.invoke(main, ["template", "--council", "Example Council", "-o", str(out)])
    assert result.exit_code == 1 and "already exists" in result.output
    md = tmp_path / "t.md"
    assert (
        runner.invoke(main, ["template", "-f", "lga-asc-peer-challenge", "--council", "X", "-o", str(md)]).exit_code
        == 0
    )
    assert md.read_text(encoding="utf-8").count("\n## PC") == 8
    example = ROOT / "examples" / "northshire-completed.xlsx"
    report = tmp_path / "r.docx"
    result = runner.invoke(main, ["report", str(example), "-o", str(report)])
    assert result.exit_code == 0, result.output
    assert "Predicted rating: Good, 75% (27 of 36 points)." in "\n".join(
        p.text for p in docx.Document(str(report)).paragraphs
    )
    broken = tmp_path / "broken.xlsx"
    broken.write_text("no")
    result = runner.invoke(main, ["report", str(broken), "-o", str(tmp_path / "b.docx")])
    assert result.exit_code == 1 and not (tmp_path / "b.docx").exists()


@requires_libreoffice
def test_libreoffice_converts_every_document_to_pdf(cqc, peer_challenge, tmp_path):
    docs = [
        write_template(cqc, NASTY, tmp_path / "template.docx"),
        write_report(_assessment(cqc), tmp_path / "report.docx"),
        write_report(_assessment(peer_challenge, "Peer Council"), tmp_path / "peer.docx"),
    ]
    pdfs = convert_many(docs, tmp_path / "pdf", "pdf")
    for pdf in pdfs:
        assert pdf.read_bytes()[:5] == b"%PDF-"
        assert pdf.stat().st_size > 10_000


@pytest.mark.parametrize("fmt", ["docx", "markdown"])
def test_markdown_and_docx_share_one_template(cqc, tmp_path, fmt):
    path = write_template(cqc, "Example Council", tmp_path / f"t.{fmt}", fmt=fmt)
    if fmt == "markdown":
        text = path.read_text(encoding="utf-8")
        assert [line[3:] for line in text.splitlines() if line.startswith("## ")] == [
            f"{s.code} {s.title}" for s in cqc.statements
        ]
        assert "[[" not in text and "**Self-assessed score:** *Choose a score.*" in text
    else:
        assert len(_headings(path, 2)) == 9


def test_summary_as_word_uses_the_same_machinery(runner, tmp_path):
    example = ROOT / "examples" / "northshire-completed.xlsx"
    out = tmp_path / "summary.docx"
    result = runner.invoke(main, ["summary", str(example), "-o", str(out), "--as-of", "2025-03-31"])
    assert result.exit_code == 0, result.output
    doc = docx.Document(str(out))
    assert _headings(out, 1) == ["Northshire County Council: adult social care self-assessment summary"]
    assert "Statements" in _headings(out, 2)
    bold = [r.text for p in doc.paragraphs for r in p.runs if r.bold]
    assert "Predicted rating: Good, 75% (27 of 36 points)" in bold
    assert any(t.rows[0].cells[0].text == "Code" for t in doc.tables)
    result = runner.invoke(main, ["summary", str(example), "--format", "docx"])
    assert result.exit_code == 2 and "needs a file" in result.output


# --- Word documents that hold anywhere: widths in the grid, a filled contents, a real chart, language ---

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EXAMPLE = ROOT / "examples" / "northshire-completed.xlsx"


def _summary_docx(runner, tmp_path):
    out = tmp_path / "summary.docx"
    result = runner.invoke(main, ["summary", str(EXAMPLE), "-o", str(out), "--as-of", "2025-03-31"])
    assert result.exit_code == 0, result.output
    return out


def _three_documents(cqc, runner, tmp_path):
    from assessment_builder.load import load_assessment

    example = load_assessment(EXAMPLE).value
    # a Local context section (a heading 1 between Summary and the themes, a table, notes) is checked with the rest
    example.context = {
        "population_adults": "480000",
        "rurality": "Mostly rural",
        "notes": "Two towns.\nAn older north.",
    }
    return [
        write_template(cqc, "Example Council", tmp_path / "template.docx"),
        write_report(example, tmp_path / "report.docx"),
        _summary_docx(runner, tmp_path),
    ]


def test_every_table_carries_its_widths_header_and_unsplit_rows(cqc, runner, tmp_path):
    for path in _three_documents(cqc, runner, tmp_path):
        doc = docx.Document(str(path))
        assert doc.tables, path
        for table in doc.tables:
            tbl = table._tbl
            grid = [int(g.get(f"{W}w")) for g in tbl.tblGrid.findall(f"{W}gridCol")]
            assert len(set(grid)) > 1 or len(grid) == 1, f"{path.name}: equal-width grid {grid}"
            assert tbl.tblPr.find(f"{W}tblLayout").get(f"{W}type") == "fixed"
            tbl_w = tbl.tblPr.find(f"{W}tblW")
            assert (tbl_w.get(f"{W}type"), int(tbl_w.get(f"{W}w"))) == ("dxa", sum(grid))
            assert sum(grid) == 9638  # 170 mm: A4 less 20 mm margins
            for r, row in enumerate(table.rows):
                widths = [int(tc.tcPr.find(f"{W}tcW").get(f"{W}w")) for tc in row._tr.tc_lst]
                assert widths == grid and {tc.tcPr.find(f"{W}tcW").get(f"{W}type") for tc in row._tr.tc_lst} == {"dxa"}
                assert row._tr.trPr.find(f"{W}cantSplit") is not None
                assert (row._tr.trPr.find(f"{W}tblHeader") is not None) == (r == 0)
    report = docx.Document(str(tmp_path / "report.docx")).tables[0]
    code, statement, score = (int(g.get(f"{W}w")) for g in report._tbl.tblGrid.findall(f"{W}gridCol")[:3])
    assert statement > 2 * code and statement > 2 * score


def test_contents_is_filled_with_linked_headings_and_stays_a_field(cqc, tmp_path):
    path = write_template(cqc, "Example Council", tmp_path / "t.docx")
    doc = docx.Document(str(path))
    body = doc.element.body
    instr = [el for el in body.iter(f"{W}instrText") if "TOC" in el.text]
    assert len(instr) == 1
    entries = [p for p in doc.paragraphs if p.style.name.lower() in ("toc 1", "toc 2")]
    expected = [f"{t.code} {t.title}" for t in cqc.themes]
    texts = ["".join(t.text for t in p._p.iter(f"{W}t")) for p in entries]
    assert texts[0] == "About this self-assessment"
    assert [t for t in texts if t.startswith("T")] == expected
    assert [t for t in texts if t.startswith("QS")] == [f"{s.code} {s.title}" for s in cqc.statements]
    # each entry links to a bookmark on its heading
    bookmarks = {b.get(f"{W}name"): b.getparent() for b in body.iter(f"{W}bookmarkStart")}
    for p, text in zip(entries, texts):
        link = p._p.find(f"{W}hyperlink")
        heading = bookmarks[link.get(f"{W}anchor")]
        assert "".join(t.text for t in heading.iter(f"{W}t")) == text
    # the field opens in the first entry and closes after the last: Word can still update it
    chars = [el.get(f"{W}fldCharType") for p in entries for el in p._p.iter(f"{W}fldChar")]
    assert chars[:2] == ["begin", "separate"] and chars[-1] == "end"
    assert doc.paragraphs[entries[0]._p.getparent().index(entries[0]._p) - 1].text == "Contents"
    assert "Update Field" not in "\n".join(p.text for p in doc.paragraphs)


def test_report_chart_is_a_picture_with_alt_text(cqc, peer_challenge, tmp_path):
    path = write_report(_assessment(cqc, "Example Council"), tmp_path / "r.docx")
    names = zipfile.ZipFile(path).namelist()
    pictures = [n for n in names if n.startswith("word/media/")]
    assert len(pictures) == 1 and pictures[0].endswith(".png")
    body = _xml(path)
    assert "█" not in body and "░" not in body
    doc_pr = docx.Document(str(path)).inline_shapes[0]._inline.docPr
    alt = doc_pr.get("descr")
    assert alt.startswith("Example Council: self-assessed score by statement. Bar chart")
    assert "QS1 Assessing needs: 3 of 4" in alt and "QS2 Supporting people to live healthier lives: 1 of 4" in alt
    assert "QS9 Learning, improvement and innovation: not scored" in alt
    from assessment_builder.documents.render import report_chart, report_context

    chart = report_chart(report_context(_assessment(cqc, "Example Council")))
    assert chart is not None and chart.axis_label() == "Self-assessed score (scale 1 to 4)"  # was "(0 to 4)"
    peer = write_report(_assessment(peer_challenge, "Peer Council"), tmp_path / "p.docx")
    assert not [n for n in zipfile.ZipFile(peer).namelist() if n.startswith("word/media/")]
    md = write_report(_assessment(cqc, "Example Council"), tmp_path / "r.md", fmt="markdown").read_text("utf-8")
    assert "[[CHART]]" not in md and "| QS1 | Assessing needs | 3 | High | - |" in md


def test_title_subject_language_and_heading_levels(cqc, runner, tmp_path):
    for path in _three_documents(cqc, runner, tmp_path):
        doc = docx.Document(str(path))
        props = doc.core_properties
        assert props.title and props.subject and props.language == "en-GB", path.name
        assert props.author == "assessment-builder"
        assert '<w:lang w:val="en-GB"' in _xml(path, "word/styles.xml")
        levels = [int(p.style.name[-1]) for p in doc.paragraphs if p.style.name.startswith("Heading ")]
        assert levels[0] == 1
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), f"{path.name}: a heading level is skipped"
    assert docx.Document(str(tmp_path / "template.docx")).core_properties.title == (
        "Example Council: CQC local authority assessment framework self-assessment"
    )


def _pdftotext(pdf, *args):
    import subprocess

    return subprocess.run(["pdftotext", *args, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _words(text):
    return {w.strip(".,:;()'\"!?") for w in text.split()} - {""}


def _docx_words(path):
    doc = docx.Document(str(path))
    texts = ["".join(t.text for t in p.iter(f"{W}t")) for p in doc.element.body.iter(f"{W}p")]  # controls too
    texts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    texts += ["Page", "\uf0b7", "•"]  # the footer, and the bullet glyph of list paragraphs
    words = _words("\n".join(texts))
    # a line may break after a hyphen, and pdftotext then joins "co-" and "produced": compare without hyphens
    return {w.replace("-", "") for w in words} | {p for w in words for p in w.split("-")}


@requires_libreoffice
@pytest.mark.skipif(__import__("shutil").which("pdftotext") is None, reason="needs poppler-utils")
def test_documents_read_whole_in_libreoffice_pdf(cqc, runner, tmp_path):
    """Every word on the PDF pages is a word of the document: no 'Safeguardin g' in a narrow column."""
    documents = _three_documents(cqc, runner, tmp_path)
    pdfs = convert_many(documents, tmp_path / "pdf", "pdf")
    for path, pdf in zip(documents, pdfs):
        known = _docx_words(path)
        broken = {w for w in _words(_pdftotext(pdf)) if w.replace("-", "") not in known and not w.isdigit()}
        assert not broken, f"{path.name}: words broken or unknown in the PDF: {sorted(broken)[:20]}"
    template, report, summary = pdfs
    # the contents page lists every theme and statement, in order
    contents = _pdftotext(template, "-f", "2", "-l", "2")
    assert "Contents" in contents and "Update Field" not in contents
    headings = [f"{t.code} {t.title}" for t in cqc.themes] + [f"{s.code} {s.title}" for s in cqc.statements]
    flat = " ".join(contents.split())
    assert all(h in flat for h in headings)
    assert flat.index("T1 Working with people") < flat.index("QS1 Assessing needs") < flat.index("T2 Providing")
    report_text = " ".join(_pdftotext(report).split())
    assert "QS7 Safeguarding" in report_text and "Safeguarding" in _words(_pdftotext(summary))
    # the chart is a picture in the PDF
    import subprocess

    images = subprocess.run(["pdfimages", "-list", str(report)], capture_output=True, text=True, check=True).stdout
    assert len(images.strip().splitlines()) == 3  # two heading lines and the chart


def test_empty_template_tables_share_width_by_their_dashes(cqc, tmp_path):
    doc = docx.Document(str(write_template(cqc, "Example Council", tmp_path / "t.docx")))
    evidence = next(t for t in doc.tables if t.rows[0].cells[0].text == "Evidence ID")
    widths = [int(g.get(f"{W}w")) for g in evidence._tbl.tblGrid.findall(f"{W}gridCol")]
    assert widths[1] == max(widths)  # Title, not "Evidence ID"
