"""A Word form edited by a person still reads each answer under its own statement and field.

A statement heading deleted or restyled as body text; an answer typed on a label's own line; words
typed beside a one-line box, on its line but outside it; a box copied (with its name) and typed in; a table
pasted into a text box.

A person deleting the line "QS2 Supporting people to live healthier lives", or turning it into
body text, used to have QS2's narrative (and its wording, labels and typed answers once the form
had been through LibreOffice) read as QS1's narrative, with no word said.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from libreoffice import convert, requires_libreoffice
from lxml import etree
from word_fill import NS, fill_form, new_table, q, rezip

from assessment_builder import api
from assessment_builder.documents.read_docx import read_docx

QS2_HEADING = "QS2 Supporting people to live healthier lives"
VALUES = {
    "ab_assessing_needs_score": "3 - Evidence shows a good standard",
    "ab_assessing_needs_strengths": "Quick front door",
    "ab_supporting_healthier_lives_score": "2 - Evidence shows some shortfalls",
    "ab_supporting_healthier_lives_strengths": "Falls service",
    "ab_supporting_healthier_lives_development": "Reablement waits",
}
NARRATIVE = {"QS1": ["Our front door changed in 2024."], "QS2": ["Prevention is our priority."]}


@pytest.fixture(scope="module")
def filled(cqc, tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("sections")
    blank = api.template(cqc, "Northshire Council", tmp / "blank.docx")
    return fill_form(blank, tmp / "filled.docx", VALUES, narrative=NARRATIVE)


def _without_qs2_heading(src: Path, dst: Path, how: str) -> Path:
    """The QS2 heading deleted, or restyled as body text, as a person does in Word or LibreOffice."""
    with zipfile.ZipFile(src) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    heading = next(
        p
        for p in root.iter(q("p"))
        if p.find("w:pPr/w:pStyle", NS) is not None
        and p.find("w:pPr/w:pStyle", NS).get(q("val")) == "Heading2"
        and "".join(p.itertext()) == QS2_HEADING
    )
    if how == "deleted":
        heading.getparent().remove(heading)
    else:
        heading.find("w:pPr/w:pStyle", NS).set(q("val"), "Normal")
    return rezip(src, dst, {"word/document.xml": etree.tostring(root)})


def _check(result, how: str) -> None:
    answers = result.assessment.answers
    assert answers["assessing_needs"].narrative == "Our front door changed in 2024."  # nothing of QS2's
    assert (
        answers["assessing_needs"].score == 3 and answers["assessing_needs"].values["strengths"] == "Quick front door"
    )
    qs2 = answers["supporting_healthier_lives"]
    assert qs2.narrative == "Prevention is our priority."
    assert (qs2.score, qs2.values["strengths"], qs2.values["development"]) == (2, "Falls service", "Reablement waits")
    (w310,) = [f for f in result.findings if f.code == "W310"]
    assert w310.item == "supporting_healthier_lives" and w310.sheet == QS2_HEADING
    assert w310.cell.startswith("paragraph ") and "We statement" in w310.message and "Heading 2" in w310.message
    assert ("no longer styled as a heading" in w310.message) is (how == "restyled")


@pytest.mark.parametrize("how", ["deleted", "restyled"])
def test_a_statement_without_its_heading_is_found_by_its_wording(filled, tmp_path, how):
    result = read_docx(_without_qs2_heading(filled, tmp_path / f"{how}.docx", how))
    assert result.ok
    _check(result, how)


@requires_libreoffice
def test_the_same_saved_by_libreoffice_reads_each_answer_under_its_statement(filled, tmp_path):
    """LibreOffice drops the controls' tags: every field is read by its label, inside the section found."""
    edited = [_without_qs2_heading(filled, tmp_path / f"{how}.docx", how) for how in ("deleted", "restyled")]
    for how, path in zip(("deleted", "restyled"), edited):
        result = read_docx(convert(path, tmp_path / f"lo-{how}", "docx"))
        assert result.ok and "W309" in {f.code for f in result.findings}
        _check(result, how)


def test_a_statement_whose_heading_and_wording_are_both_there_reads_as_before(filled):
    result = read_docx(filled)
    assert result.ok and "W310" not in {f.code for f in result.findings}
    assert result.assessment.answers["supporting_healthier_lives"].narrative == "Prevention is our priority."


def _heading(text: str, style: str):
    p = etree.Element(q("p"))
    etree.SubElement(etree.SubElement(p, q("pPr")), q("pStyle")).set(q("val"), style)
    etree.SubElement(etree.SubElement(p, q("r")), q("t")).text = text
    return p


def _add_after(src: Path, dst: Path, anchor: str, nth: int, elements: list) -> Path:
    """``elements`` added after the ``nth`` body paragraph whose text is ``anchor`` (-1: the heading, not its
    entry in the contents), as typed in Word."""
    with zipfile.ZipFile(src) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    at = [p for p in root.find("w:body", NS) if "".join(p.itertext()) == anchor][nth]
    for el in reversed(elements):
        at.addnext(el)
    return rezip(src, dst, {"word/document.xml": etree.tostring(root)})


GUIDANCE = "Write any further narrative for this statement below."


def _own_heading_form(filled: Path, tmp: Path) -> Path:
    """Under QS1, after its narrative: a Heading 2 of the council's own, a paragraph and a table of figures."""
    return _add_after(
        filled,
        tmp / "own-heading.docx",
        "Our front door changed in 2024.",
        0,
        [
            _heading("Our priorities", "Heading2"),
            _heading("Halve the waiting list by March.", "Normal"),
            new_table([["Measure", "2024"], ["Waiting", "310"]]),
        ],
    )


def _w314(result) -> list:
    return [f for f in result.findings if f.code == "W314"]


def test_text_under_a_heading_of_the_councils_own_is_said_not_read(filled, tmp_path):
    result = read_docx(_own_heading_form(filled, tmp_path))
    assert result.ok
    (w314,) = _w314(result)
    assert w314.sheet == "Our priorities" and w314.cell.startswith("paragraph ")
    assert "1 paragraph(s) and 1 table(s)" in w314.message and "Heading 3" in w314.message
    assert result.assessment.answers["assessing_needs"].narrative == "Our front door changed in 2024."
    assert result.assessment.answers["supporting_healthier_lives"].narrative == "Prevention is our priority."


@pytest.mark.parametrize(
    "anchor", ["T2 Providing support", "Evidence log"], ids=["under-a-theme-heading", "under-the-log-heading"]
)
def test_text_under_the_forms_own_headings_is_said_not_read(filled, tmp_path, anchor):
    path = _add_after(filled, tmp_path / "theme.docx", anchor, -1, [_heading("Notes for the theme.", "Normal")])
    (w314,) = _w314(read_docx(path))
    assert w314.sheet == anchor and "1 paragraph(s)" in w314.message and "move them under a statement" in w314.message


def test_the_forms_own_text_is_never_said_not_read(filled, cqc, peer_challenge, tmp_path):
    blank = api.template(peer_challenge, "Northshire Council", tmp_path / "peer.docx")
    for path in (filled, blank):
        assert not _w314(read_docx(path))


@requires_libreoffice
def test_text_under_a_heading_of_the_councils_own_saved_by_libreoffice_is_said_not_read(filled, tmp_path):
    result = read_docx(convert(_own_heading_form(filled, tmp_path), tmp_path / "lo", "docx"))
    (w314,) = _w314(result)
    assert w314.sheet == "Our priorities" and "1 paragraph(s) and 1 table(s)" in w314.message
    assert result.assessment.answers["assessing_needs"].narrative == "Our front door changed in 2024."


def _typed_on_label_line(src: Path, dst: Path) -> Path:
    """QS1's 'Strengths' label line with the answer typed after it: 'Strengths: Carers assessed in 28 days'."""
    with zipfile.ZipFile(src) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    label = [p for p in root.find("w:body", NS).findall("w:p", NS) if "".join(p.itertext()) == "Strengths"][0]
    label.findall(".//w:t", NS)[-1].text += ": Carers assessed in 28 days"
    return rezip(src, dst, {"word/document.xml": etree.tostring(root)})


@requires_libreoffice
def test_an_answer_typed_on_a_labels_line_is_read_as_that_field(filled, tmp_path):
    """Once the boxes are gone (LibreOffice), 'Strengths: ...' on the label's line was no label: QS1 read as
    having no Strengths (W310, "neither its box nor its label") and its strengths went into the narrative."""
    path = convert(_typed_on_label_line(filled, tmp_path / "typed.docx"), tmp_path / "lo", "docx")
    result = read_docx(path)
    qs1 = result.assessment.answers["assessing_needs"]
    assert qs1.values["strengths"] == "Carers assessed in 28 days\nQuick front door"
    assert qs1.narrative == "Our front door changed in 2024."
    assert "W310" not in {f.code for f in result.findings}


def test_a_line_in_a_box_that_looks_like_a_later_label_stays_in_the_box(cqc, tmp_path):
    """'Areas for development: none yet' typed inside the Strengths box is the council's text there, since the
    real 'Areas for development' label follows."""
    from word_fill import strip_controls

    blank = api.template(cqc, "Northshire Council", tmp_path / "blank.docx")
    values = {
        "ab_assessing_needs_strengths": "Quick front door\nAreas for development: none yet",
        "ab_assessing_needs_development": "Reviews are late",
    }
    plain = strip_controls(fill_form(blank, tmp_path / "f.docx", values), tmp_path / "plain.docx")
    qs1 = read_docx(plain).assessment.answers["assessing_needs"]
    assert qs1.values["strengths"] == "Quick front door\nAreas for development: none yet"
    assert qs1.values["development"] == "Reviews are late"


def _beside(src: Path, dst: Path) -> Path:
    """The form with words typed after the lead officer's and the status's boxes, on their lines (outside the box)."""
    with zipfile.ZipFile(src) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    for sdt in root.iter(q("sdt")):
        tag = sdt.find("w:sdtPr/w:tag", NS)
        words = {"ab_assessing_needs_lead": " (interim)", "ab_assessing_needs_status": " until May"}.get(
            tag.get(q("val")) if tag is not None else ""
        )
        if words:
            run = etree.Element(q("r"))
            t = etree.SubElement(run, q("t"))
            t.text = words
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            sdt.addnext(run)
    return rezip(src, dst, {"word/document.xml": etree.tostring(root)})


@pytest.mark.parametrize("saved_by", ["word", pytest.param("libreoffice", marks=requires_libreoffice)])
def test_words_typed_beside_a_one_line_box_are_read_with_it(cqc, tmp_path, saved_by):
    blank = api.template(cqc, "Northshire Council", tmp_path / "blank.docx")
    values = {"ab_assessing_needs_lead": "Jo Smith", "ab_assessing_needs_status": "In progress"}
    path = _beside(fill_form(blank, tmp_path / "filled.docx", values), tmp_path / "beside.docx")
    if saved_by == "libreoffice":
        path = convert(path, tmp_path / "lo", "docx")
    result = read_docx(path)
    answer = result.assessment.answers["assessing_needs"].values
    assert answer["lead"] == "Jo Smith (interim)"  # the words beside the box were left out
    assert answer["status"] == "In progress until May"  # kept, and said, as a status typed wrongly is
    (w402,) = [f for f in result.findings if f.code == "W402"]
    assert "In progress until May" in w402.message and w402.sheet == "QS1 Assessing needs"


def test_a_box_copied_elsewhere_and_typed_in_is_said_and_its_text_kept(cqc, tmp_path):
    qs1, qs2 = "assessing_needs", "supporting_healthier_lives"
    blank = api.template(cqc, "Northshire Council", tmp_path / "blank.docx")
    values = {f"ab_{qs1}_strengths": "Quick front door", f"ab_{qs1}_score": "3", f"ab_{qs2}_strengths": "Reablement"}
    filled = fill_form(blank, tmp_path / "filled.docx", values, narrative={"QS2": ["Prevention is our focus."]})
    with zipfile.ZipFile(filled) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    boxes = {sdt.find("w:sdtPr/w:tag", NS).get(q("val")): sdt for sdt in root.iter(q("sdt"))}
    copy = etree.fromstring(etree.tostring(boxes[f"ab_{qs1}_strengths"]))  # copied in Word: the same tag
    copy.find(".//w:t", NS).text = "Our carers' offer is strong"
    last = next(p for p in root.iter(q("p")) if "".join(p.itertext()) == "Prevention is our focus.")
    last.addnext(copy)  # pasted under QS2 and typed over
    score = etree.fromstring(etree.tostring(boxes[f"ab_{qs1}_score"].getparent()))
    score.find(".//w:sdtContent//w:t", NS).text = "2"
    boxes[f"ab_{qs1}_score"].getparent().addnext(score)  # the score's line copied below it, another score typed
    result = read_docx(rezip(filled, tmp_path / "copied.docx", {"word/document.xml": etree.tostring(root)}))
    answers = result.assessment.answers
    assert answers[qs1].values["strengths"] == "Quick front door" and answers[qs1].values["score"] == 3
    assert answers[qs2].narrative == "Prevention is our focus.\n\nOur carers' offer is strong"  # was dropped
    assert answers[qs2].values["strengths"] == "Reablement"
    w310 = sorted((f.item, f.message) for f in result.findings if f.code == "W310")
    assert [item for item, _ in w310] == [f"ab_{qs1}_score", f"ab_{qs1}_strengths"]
    assert "QS1 Self-assessed score appears twice" in w310[0][1] and "not read as an answer" in w310[0][1]
    assert "read as narrative of the statement it is under" in w310[1][1]
    where = {f.item: f.sheet for f in result.findings if f.code == "W310"}
    assert where == {f"ab_{qs1}_score": "QS1 Assessing needs", f"ab_{qs1}_strengths": QS2_HEADING}


def test_a_table_pasted_into_a_text_box_is_read_into_that_box_in_its_place(cqc, tmp_path):
    blank = api.template(cqc, "Northshire Council", tmp_path / "blank.docx")
    values = {"ab_assessing_needs_strengths": "Waits fell:\nShort waits"}
    filled = fill_form(blank, tmp_path / "filled.docx", values, narrative={"QS1": ["Our story."]})
    with zipfile.ZipFile(filled) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    box = next(s for s in root.iter(q("sdt")) if s.find("w:sdtPr/w:tag", NS).get(q("val")).endswith("needs_strengths"))
    box.find("w:sdtContent/w:p", NS).addnext(new_table([["Year", "Weeks"], ["2023", "9"], ["2024", "4"]]))
    result = read_docx(rezip(filled, tmp_path / "table-in-box.docx", {"word/document.xml": etree.tostring(root)}))
    answer = result.assessment.answers["assessing_needs"]
    assert answer.values["strengths"] == "Waits fell:\nYear | Weeks\n2023 | 9\n2024 | 4\nShort waits"
    assert answer.narrative == "Our story."  # the table was read as narrative, away from the strengths it belongs to
    (w312,) = [f for f in result.findings if f.code == "W312"]
    assert "read into the box Strengths as text" in w312.message and w312.item == "assessing_needs"
