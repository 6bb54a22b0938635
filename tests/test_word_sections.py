"""A Word form whose statement heading was deleted or restyled as body text still reads each answer under its own statement.

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
from word_fill import NS, fill_form, q, rezip

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
