"""A completed Word form read back like a workbook (issue 18): same answers, score, codes and guards.

The form is the real `template` output, filled the way Word fills content controls (tests/word_fill.py);
the equivalent workbook is filled with the same values (tests/fill.py). The same form saved through
LibreOffice (which drops the controls' tags) and with its controls stripped to plain text is read by
its headings, with a W309 warning, to the same answers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from fill import fill_workbook
from libreoffice import convert, requires_libreoffice
from lxml import etree
from word_fill import NS, fill_form, q, rezip, strip_controls

from assessment_builder import api
from assessment_builder.cli import main
from assessment_builder.documents import read_docx_fallback as fallback
from assessment_builder.documents.read_docx import read_docx
from assessment_builder.errors import CATALOGUE
from assessment_builder.load import load_assessment

COUNCIL = "Northshire Council"
GOOD = "3 - Evidence shows a good standard"
VALUES = {
    "ab_council": COUNCIL,
    "ab_assessing_needs_score": GOOD,
    "ab_assessing_needs_confidence": "High",
    "ab_assessing_needs_strengths": "Quick front door\nShort waits",
    "ab_assessing_needs_development": "Reviews are late",
    "ab_assessing_needs_lead": "Jo Smith",
    "ab_assessing_needs_status": "Complete",
    "ab_supporting_healthier_lives_score": "2",  # typed, not picked: reads the same
    "ab_supporting_healthier_lives_status": "In progress",
    "ab_safeguarding_score": "4 - Evidence shows an exceptional standard",
}
ANSWERS = {  # the same, as a workbook holds them
    "assessing_needs": {
        "score": 3,
        "confidence": "High",
        "strengths": "Quick front door\nShort waits",
        "development": "Reviews are late",
        "lead": "Jo Smith",
        "status": "Complete",
    },
    "supporting_healthier_lives": {"score": 2, "status": "In progress"},
    "safeguarding": {"score": 4},
}
EVIDENCE = [
    ["E1", "Survey of people", "People’s experience", "QS1, QS2", "31/03/2025", "Ann", "SharePoint"],
    ["E2", "Audit", "Processes", "QS7", "1 April 2025", "Bob", "Drive"],
]
ACTIONS = [["A1", "QS2", "Open a hub", "Cat", "30/06/2025", "In progress"]]
NARRATIVE = {"QS1": ["Our front door changed in 2024.", "Waits halved since."]}


def _workbook_rows() -> tuple[list[dict], list[dict]]:
    ev = [dict(zip(("id", "title", "category", "statements", "date", "owner", "location"), row)) for row in EVIDENCE]
    for item, date in zip(ev, (dt.date(2025, 3, 31), dt.date(2025, 4, 1))):
        item["date"] = date
        item["category"] = item["category"].replace("\u2019", "'")  # Word types a curly apostrophe, Excel not
    ac = [dict(zip(("id", "statement", "action", "owner", "due", "status"), row)) for row in ACTIONS]
    ac[0]["due"] = dt.date(2025, 6, 30)
    return ev, ac


@pytest.fixture(scope="module")
def forms(cqc, tmp_path_factory):
    """blank form, filled form, the equivalent workbook; in a private folder."""
    tmp = tmp_path_factory.mktemp("word")
    blank = api.template(cqc, COUNCIL, tmp / "blank.docx")
    filled = fill_form(blank, tmp / "filled.docx", VALUES, EVIDENCE, ACTIONS, NARRATIVE)
    book = api.new(cqc, COUNCIL, tmp / "blank.xlsx")
    ev, ac = _workbook_rows()
    workbook = fill_workbook(book, tmp / "filled.xlsx", ANSWERS, ev, ac)
    return {"blank": blank, "filled": filled, "workbook": workbook, "tmp": tmp}


def _answers(result) -> dict:
    data = result.to_dict()
    return {k: data[k] for k in ("council", "statements", "evidence", "actions")}


def _without_narrative(data: dict) -> dict:
    out = json.loads(json.dumps(data))
    for values in out["statements"].values():
        values.pop("narrative")
    return out


def _codes(result) -> list[str]:
    return sorted(f.code for f in result.findings)


def test_a_form_filled_in_word_reads_like_the_same_workbook(forms):
    docx = read_docx(forms["filled"])
    book = load_assessment(forms["workbook"])
    assert docx.ok and book.ok, [str(f) for f in docx.findings]
    workbook = book.value.to_dict()
    assert _without_narrative(_answers(docx)) == _without_narrative({k: workbook[k] for k in _answers(docx)})
    assert (
        docx.assessment.answers["assessing_needs"].narrative == "Our front door changed in 2024.\n\nWaits halved since."
    )
    assert api.score(docx.assessment).to_dict() == api.score(book.value).to_dict()
    assert _codes(docx) == sorted(f.code for f in book.findings)  # the same advice (W504 for QS4...), no more


@requires_libreoffice
def test_the_same_form_saved_by_libreoffice_reads_the_same(forms):
    out = convert(forms["filled"], forms["tmp"] / "lo", "docx")
    word, lo = read_docx(forms["filled"]), read_docx(out)
    assert lo.ok, [str(f) for f in lo.errors]
    assert _answers(lo) == _answers(word)
    assert api.score(lo.assessment).to_dict() == api.score(word.assessment).to_dict()
    assert "W309" in _codes(lo)  # LibreOffice drops the controls' tags: read by headings, and said so


@pytest.mark.parametrize("drop_properties", [False, True], ids=["controls-stripped", "properties-dropped-too"])
def test_controls_turned_to_plain_text_read_by_headings_with_a_warning(forms, tmp_path, drop_properties):
    plain = strip_controls(forms["filled"], tmp_path / "plain.docx", drop_properties)
    result = read_docx(plain)
    assert result.ok
    assert _answers(result) == _answers(read_docx(forms["filled"]))
    w309 = [f for f in result.findings if f.code == "W309"]
    assert len(w309) == 1 and "read by their headings" in w309[0].message
    assert ("W200" in _codes(result)) is drop_properties  # the framework recognised by its headings


@pytest.mark.parametrize("framework", ["cqc-la", "lga-asc-peer-challenge"])
def test_a_blank_form_reads_clean_and_unanswered(tmp_path, framework):
    from assessment_builder import load_framework

    blank = api.template(load_framework(framework), "Blank Council", tmp_path / "blank.docx")
    result = read_docx(blank)
    assert result.ok and result.findings == []
    assert result.assessment.council == "Blank Council"
    assert not any(v for values in _answers(result)["statements"].values() for v in values.values())


def test_a_councils_own_framework_is_read_with_its_yaml(mini_rated, tmp_path):
    from conftest import FIXTURES

    blank = api.template(mini_rated, "Own Council", tmp_path / "own.docx")
    sid = mini_rated.statements[0].id
    filled = fill_form(blank, tmp_path / "filled.docx", {f"ab_{sid}_score": "2"})
    without = read_docx(filled)
    assert without.assessment is None and [f.code for f in without.errors] == ["W201"]
    assert "--framework" in without.errors[0].message
    given = read_docx(filled, framework=str(FIXTURES / "mini-rated.yaml"))
    assert given.ok and given.assessment.answers[sid].score == 2


RATED_FIELDS = [
    ("score", "1 - Evidence shows significant shortfalls", 1),
    ("confidence", "low", "Low"),
    ("status", "Ready for review", "Ready for review"),
    ("lead", "A. N. Other", "A. N. Other"),
    ("strengths", "One\nTwo", "One\nTwo"),
    ("development", "More to do", "More to do"),
]


@pytest.mark.parametrize("plain", [False, True], ids=["controls", "by-headings"])
@pytest.mark.parametrize(("key", "typed", "read"), RATED_FIELDS, ids=[f[0] for f in RATED_FIELDS])
def test_each_field_of_a_rated_form(forms, tmp_path, key, typed, read, plain):
    path = fill_form(forms["blank"], tmp_path / "one.docx", {f"ab_partnerships_and_communities_{key}": typed})
    if plain:
        path = strip_controls(path, tmp_path / "plain.docx")
    result = read_docx(path)
    assert result.assessment.answers["partnerships_and_communities"].values[key] == read
    assert not result.errors


UNRATED = [
    ("strengths", "We listen", "We listen"),
    ("considerations", "Think again\nand again", "Think again\nand again"),
    ("recommendations", "Do it", "Do it"),
    ("lead", "Pat", "Pat"),
    ("status", "in progress", "In progress"),
]


@pytest.fixture(scope="module")
def unrated_blank(peer_challenge, tmp_path_factory):
    return api.template(peer_challenge, "Peer Council", tmp_path_factory.mktemp("unrated") / "blank.docx")


@pytest.mark.parametrize(("key", "typed", "read"), UNRATED, ids=[f[0] for f in UNRATED])
def test_each_field_of_an_unrated_form(peer_challenge, unrated_blank, tmp_path, key, typed, read):
    sid = peer_challenge.statements[0].id
    path = fill_form(unrated_blank, tmp_path / "one.docx", {f"ab_{sid}_{key}": typed})
    for candidate in (path, strip_controls(path, tmp_path / "plain.docx")):
        result = read_docx(candidate)
        assert result.assessment.answers[sid].values[key] == read
        assert not result.errors


@pytest.mark.parametrize("typed", ["3", GOOD, "  3 - Evidence shows a good standard "])
def test_a_score_typed_or_picked_reads_the_same(forms, tmp_path, typed):
    path = fill_form(forms["blank"], tmp_path / "s.docx", {"ab_assessing_needs_score": typed})
    result = read_docx(path)
    assert result.assessment.answers["assessing_needs"].score == 3
    assert not [f for f in result.findings if f.code in ("W400", "W401")]


@pytest.mark.parametrize("typed", ["7", "2.5", "four", "Good"])
def test_a_wrong_score_gets_the_workbooks_code_located_by_heading(forms, cqc, tmp_path, typed):
    path = fill_form(forms["blank"], tmp_path / "s.docx", {"ab_assessing_needs_score": typed})
    result = read_docx(path)
    book = fill_workbook(forms["tmp"] / "blank.xlsx", tmp_path / "s.xlsx", {"assessing_needs": {"score": typed}})
    expected = [f.code for f in load_assessment(book).findings if f.item == "assessing_needs"]
    got = [f for f in result.findings if f.item == "assessing_needs"]
    assert [f.code for f in got] == expected == ["W400"]
    assert got[0].sheet == "QS1 Assessing needs" and got[0].cell.startswith("paragraph ")
    assert result.assessment.answers["assessing_needs"].score is None


def _delete_statement(src: Path, dst: Path, code: str) -> Path:
    """The form without one statement: its heading and everything up to the next heading of level 1 or 2."""
    with zipfile.ZipFile(src) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    body = root.find("w:body", NS)
    children = list(body)

    def heading(el) -> bool:
        style = el.find("w:pPr/w:pStyle", NS)
        return style is not None and style.get(q("val")) in ("Heading1", "Heading2")

    start = next(i for i, el in enumerate(children) if heading(el) and "".join(el.itertext()).startswith(f"{code} "))

    end = next(i for i in range(start + 1, len(children)) if heading(children[i]))
    for el in children[start:end]:
        body.remove(el)
    return rezip(src, dst, {"word/document.xml": etree.tostring(root)})


def test_a_missing_statement_is_a_warning_and_reads_as_not_answered(forms, tmp_path):
    path = _delete_statement(forms["filled"], tmp_path / "missing.docx", "QS3")
    result = read_docx(path)
    w310 = [f for f in result.findings if f.code == "W310"]
    assert len(w310) == 1 and "QS3" in w310[0].message
    assert result.assessment.answers["equity_in_experiences_and_outcomes"].values == {}
    assert result.assessment.answers["assessing_needs"].score == 3  # the others are still read
    assert not result.errors


def test_a_statement_given_twice_is_a_warning_and_the_first_is_read(forms, tmp_path):
    with zipfile.ZipFile(forms["filled"]) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    body = root.find("w:body", NS)
    heading = next(
        p
        for p in body.iter(q("p"))
        if p.find("w:pPr/w:pStyle", NS) is not None
        and p.find("w:pPr/w:pStyle", NS).get(q("val")) == "Heading2"
        and "".join(p.itertext()).startswith("QS2 ")
    )
    copy = etree.fromstring(etree.tostring(heading))
    body.find("w:sectPr", NS).addprevious(copy)
    path = rezip(forms["filled"], tmp_path / "twice.docx", {"word/document.xml": etree.tostring(root)})
    result = read_docx(path)
    (w310,) = [f for f in result.findings if f.code == "W310"]
    assert w310.item == "supporting_healthier_lives" and w310.cell.startswith("paragraph ")
    assert result.assessment.answers["supporting_healthier_lives"].score == 2


@pytest.mark.parametrize("plain", [False, True], ids=["controls", "by-headings"])
def test_a_narrative_line_that_looks_like_a_label_stays_narrative(forms, tmp_path, plain):
    path = fill_form(
        forms["blank"],
        tmp_path / "n.docx",
        {"ab_assessing_needs_status": "In progress"},
        narrative={"QS1": ["Status: the team is new.", "Strengths"]},
    )
    if plain:
        path = strip_controls(path, tmp_path / "plain.docx")
    answer = read_docx(path).assessment.answers["assessing_needs"]
    assert answer.values["status"] == "In progress"
    assert answer.narrative == "Status: the team is new.\n\nStrengths"


def test_a_field_whose_box_and_label_are_gone_is_a_warning(forms, tmp_path):
    with zipfile.ZipFile(forms["filled"]) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    for sdt in list(root.iter(q("sdt"))):
        if sdt.find("w:sdtPr/w:tag", NS).get(q("val")) == "ab_assessing_needs_lead":
            paragraph = sdt.getparent()
            paragraph.getparent().remove(paragraph)
    path = rezip(forms["filled"], tmp_path / "no-lead.docx", {"word/document.xml": etree.tostring(root)})
    result = read_docx(path)
    (w310,) = [f for f in result.findings if f.code == "W310"]
    assert (w310.item, w310.sheet) == ("assessing_needs", "QS1 Assessing needs") and "Lead officer" in w310.message
    assert result.assessment.answers["assessing_needs"].values.get("lead") is None
    assert result.assessment.answers["assessing_needs"].score == 3


def test_evidence_and_action_rows(forms, tmp_path):
    result = read_docx(forms["filled"])
    e1, e2 = result.assessment.evidence
    assert (e1.id, e1.category, e1.statements, e1.date) == (
        "E1",
        "peoples_experience",
        ["assessing_needs", "supporting_healthier_lives"],
        dt.date(2025, 3, 31),
    )
    assert (e2.category, e2.date, e2.statements) == ("processes", dt.date(2025, 4, 1), ["safeguarding"])
    (a1,) = result.assessment.actions
    assert (a1.statement, a1.due, a1.status) == ("supporting_healthier_lives", dt.date(2025, 6, 30), "In progress")
    bad = fill_form(
        forms["blank"],
        tmp_path / "bad.docx",
        evidence=[["E1", "t", "Gossip", "QS1", "soon", "", ""], ["", "no id", "", "QS1", "", "", ""], EVIDENCE[0]],
        actions=[["A1", "QS99", "x", "", "", "Stuck"]],
    )
    found = {(f.code, f.cell) for f in read_docx(bad).findings}
    assert ("W402", "table row 2, column Category") in found  # an unknown category
    assert ("W403", "table row 2, column Date") in found  # a date that cannot be read
    assert ("W505", "table row 3, column Evidence ID") in found  # a row without an id
    assert ("W501", "table row 4, column Evidence ID") in found  # E1 twice
    assert ("W502", "table row 2, column Statement") in found
    assert ("W402", "table row 2, column Status") in found


def test_the_narrative_travels(forms, tmp_path, runner):
    src = forms["filled"]
    answers = tmp_path / "answers.json"
    assert runner.invoke(main, ["import", str(src), "-o", str(answers)]).exit_code == 0
    saved = json.loads(answers.read_text(encoding="utf-8"))
    assert saved["statements"]["assessing_needs"]["narrative"].startswith("Our front door")
    assert (
        load_assessment(answers).value.answers["assessing_needs"].narrative
        == saved["statements"]["assessing_needs"]["narrative"]
    )
    yaml_answers = tmp_path / "answers.yaml"
    assert runner.invoke(main, ["import", str(src), "-o", str(yaml_answers)]).exit_code == 0
    assert load_assessment(yaml_answers).value.answers["assessing_needs"].narrative == (
        "Our front door changed in 2024.\n\nWaits halved since."
    )
    again = tmp_path / "again.docx"
    result = runner.invoke(main, ["new", "--from", str(src), "-c", COUNCIL, "-o", str(again)])
    assert result.exit_code == 0, result.output
    first, second = read_docx(src), read_docx(again)
    assert second.ok
    carried = _answers(second)
    assert (
        carried["statements"]["assessing_needs"]["narrative"]
        == _answers(first)["statements"]["assessing_needs"]["narrative"]
    )
    assert carried["statements"]["assessing_needs"]["status"] == "In progress"  # a new cycle starts
    assert carried["evidence"] == _answers(first)["evidence"]
    book = tmp_path / "again.xlsx"
    result = runner.invoke(main, ["new", "--from", str(src), "-c", COUNCIL, "-o", str(book)])
    assert result.exit_code == 0 and "W507" in result.output and "(QS1)" in result.output
    report = tmp_path / "report.md"
    assert runner.invoke(main, ["report", str(src), "-o", str(report)]).exit_code == 0
    text = report.read_text(encoding="utf-8")
    assert "### Narrative" in text and "Waits halved since." in text
    summary = runner.invoke(main, ["summary", str(src), "--format", "markdown"])
    assert "## Narrative" in summary.output and "Our front door changed in 2024." in summary.output
    assert "Word form: " in summary.output and "Workbook:" not in summary.output  # says what it read


def test_the_reader_knows_the_writers_words():
    from assessment_builder.documents import form

    assert fallback.GUIDANCE == form.GUIDANCE_TEXT
    assert {t.lower() for t in form.PLACEHOLDER_TEXTS} <= fallback.PLACEHOLDERS


# --- hostile documents: a clear finding, exit 1, no traceback, the input unchanged -------------------------


def _hostile(kind: str, forms: dict, tmp: Path) -> tuple[Path, str]:
    if kind == "oversized":
        path = tmp / "big.docx"
        shutil.copy(forms["filled"], path)
        with path.open("r+b") as fh:
            fh.truncate(51 * 1024 * 1024)
        return path, "W101"
    if kind == "zip-bomb":
        path = rezip(forms["filled"], tmp / "bomb.docx", {"word/media/zeros.bin": b"\0" * (20 * 1024 * 1024)})
        return path, "W105"
    if kind == "dtd":
        with zipfile.ZipFile(forms["filled"]) as z:
            xml = z.read("word/document.xml")
        head = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        xml = head + xml[xml.index(b"?>") + 2 :]
        return rezip(forms["filled"], tmp / "dtd.docx", {"word/document.xml": xml}), "W105"
    if kind == "docm":
        return rezip(forms["filled"], tmp / "macro.docm", {"word/vbaProject.bin": b"Attribute VB_Name"}), "W103"
    if kind == "macro-inside-docx":
        return rezip(forms["filled"], tmp / "macro.docx", {"word/vbaProject.bin": b"Attribute VB_Name"}), "W103"
    if kind == "not-a-zip":
        path = tmp / "text.docx"
        path.write_text("just some text", encoding="utf-8")
        return path, "W100"
    if kind == "old-doc":
        path = tmp / "old.docx"
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
        return path, "W102"
    if kind == "a-report":
        loaded = load_assessment(forms["filled"])
        return api.report(loaded.value, tmp / "report.docx"), "W203"
    raise AssertionError(kind)


HOSTILE = ["oversized", "zip-bomb", "dtd", "docm", "macro-inside-docx", "not-a-zip", "old-doc", "a-report"]
COMMANDS = {
    "import": lambda p, o: ["import", p, "-o", str(o / "a.json")],
    "score": lambda p, o: ["score", p],
    "summary": lambda p, o: ["summary", p, "-o", str(o / "s.html")],
    "report": lambda p, o: ["report", p, "-o", str(o / "r.docx")],
    "compare": lambda p, o: ["compare", p],
    "calibrate": lambda p, o: ["calibrate", p, "--cqc", str(Path(__file__).parent / "fixtures/cqc/northshire-cqc.md")],
    "new-from": lambda p, o: ["new", "--from", p, "-c", COUNCIL, "-o", str(o / "n.docx")],
}


@pytest.mark.parametrize("kind", HOSTILE)
def test_hostile_documents_are_refused_by_every_command(forms, tmp_path, runner, kind):
    path, code = _hostile(kind, forms, tmp_path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = read_docx(path)
    assert result.assessment is None and code in _codes(result), [str(f) for f in result.findings]
    assert all(f.code in CATALOGUE and f.message for f in result.findings)
    for name, args in COMMANDS.items():
        out = tmp_path / f"out-{name}"
        out.mkdir()
        run = runner.invoke(main, args(str(path), out), env={"COLUMNS": "200"})
        assert run.exit_code == 1, (name, run.output)
        assert code in run.output or name == "compare", (name, run.output)  # compare: the reason of the skip
        assert "Traceback" not in run.output and "This is a bug" not in run.output, (name, run.output)
        assert not list(out.iterdir()), name  # nothing written from a refused input
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_mutated_documents_never_crash_the_reader(forms, tmp_path):
    """Each part of the form truncated or replaced by junk: a finding, never an exception."""
    with zipfile.ZipFile(forms["filled"]) as z:
        names = z.namelist()
    for n, name in enumerate(names):
        for junk in (b"", b"<w:document", b"\xff\xfe junk", b"<?xml version='1.0'?><a/>"):
            path = rezip(forms["filled"], tmp_path / f"m{n}.docx", {name: junk})
            result = read_docx(path)
            assert all(f.code in CATALOGUE for f in result.findings)
            if result.assessment is None:
                assert result.errors


def test_the_findings_table_names_a_forms_places_as_sections_and_places(forms, tmp_path, runner):
    from assessment_builder.cli import main

    path = fill_form(forms["blank"], tmp_path / "s.docx", {"ab_assessing_needs_score": "7"})
    result = runner.invoke(main, ["score", str(path)])
    assert result.exit_code == 1
    header = next(line for line in result.output.splitlines() if line.startswith("SEVERITY"))
    assert header.split()[:5] == ["SEVERITY", "CODE", "SECTION", "PLACE", "ITEM"]
    assert "QS1 Assessing needs" in result.output and "paragraph " in result.output


@pytest.mark.parametrize(
    ("name", "where"), [("missing.xlsx", ["SHEET", "CELL"]), ("missing.docx", ["SECTION", "PLACE"])]
)
def test_a_missing_files_findings_are_headed_by_what_the_file_is(tmp_path, runner, name, where):
    """A workbook that cannot be found is still a workbook: its table says Sheet and Cell, a form's Section and Place."""
    from assessment_builder.cli import main

    result = runner.invoke(main, ["score", str(tmp_path / name)])
    assert result.exit_code == 1
    header = next(line for line in result.output.splitlines() if line.startswith("SEVERITY"))
    assert header.split()[2:4] == where


def _track_changes(src: Path, dst: Path) -> Path:
    """Edit the filled form as Word does with Track Changes on: in QS1's strengths box "Quick front door" is
    deleted and "Fast front door" inserted, and one narrative paragraph is inserted whole (ECMA-376 17.13.5)."""
    with zipfile.ZipFile(src) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    who = {q("id"): "1", q("author"): "Statement lead", q("date"): "2026-11-20T10:00:00Z"}
    box = next(
        sdt
        for sdt in root.iter(q("sdt"))
        if sdt.find("w:sdtPr/w:tag", NS).get(q("val")) == "ab_assessing_needs_strengths"
    )
    first = box.find("w:sdtContent/w:p", NS)
    run = first.find("w:r", NS)
    deleted = etree.SubElement(first, q("del"), who)
    first.remove(run)
    deleted.append(run)
    run.find("w:t", NS).tag = q("delText")
    inserted = etree.SubElement(first, q("ins"), {**who, q("id"): "2"})
    new_run = etree.SubElement(inserted, q("r"))
    etree.SubElement(new_run, q("t")).text = "Fast front door"
    narrative = next(p for p in root.iter(q("p")) if "".join(p.itertext()) == "Waits halved since.")
    added = etree.fromstring(etree.tostring(narrative))
    for r in added.findall("w:r", NS):
        added.remove(r)
    ins = etree.SubElement(added, q("ins"), {**who, q("id"): "3"})
    etree.SubElement(etree.SubElement(ins, q("r")), q("t")).text = "Proposed: and the backlog is gone."
    narrative.addnext(added)
    return rezip(src, dst, {"word/document.xml": etree.tostring(root, xml_declaration=True, standalone=True)})


def test_tracked_changes_are_read_as_accepted_and_said(forms, tmp_path, runner):
    """A statement lead's edits with Track Changes on, not yet accepted, are read as Word shows them accepted,
    and a W311 warning says so, counting the changes, so nobody takes a suggestion for the final text unawares."""
    edited = _track_changes(forms["filled"], tmp_path / "tracked.docx")
    result = read_docx(edited)
    assert result.ok
    answer = result.assessment.answers["assessing_needs"]
    assert answer.values["strengths"] == "Fast front door\nShort waits"  # deletion left out, insertion kept
    assert answer.narrative.endswith("Waits halved since.\n\nProposed: and the backlog is gone.")
    w311 = [f for f in result.findings if f.code == "W311"]
    assert len(w311) == 1 and "3 tracked change(s)" in w311[0].message and "Accept" in w311[0].message
    assert "paragraph" in w311[0].message
    assert _codes(result) == sorted([*_codes(read_docx(forms["filled"])), "W311"])  # nothing else changes
    assert "W311" not in _codes(read_docx(forms["filled"]))
    out = runner.invoke(main, ["import", str(edited)])
    assert out.exit_code == 0 and "W311" in out.output


@requires_libreoffice
def test_tracked_changes_kept_by_libreoffice_are_read_the_same(forms, tmp_path):
    """LibreOffice keeps a tracked change in the narrative when it saves the form: still read as accepted, and
    still said. (Inside a box it writes a tracked deletion as plain text, so the deleted words come back: a
    LibreOffice limit docs/word-form.md warns of; nothing a reader can tell from the file.)"""
    edited = _track_changes(forms["filled"], tmp_path / "tracked.docx")
    saved = read_docx(convert(edited, tmp_path / "lo", "docx"))
    assert saved.ok, [str(f) for f in saved.errors]
    assert saved.assessment.answers["assessing_needs"].narrative.endswith("Proposed: and the backlog is gone.")
    assert "W311" in _codes(saved)


def test_a_column_added_to_a_forms_table_is_said_not_read(forms, tmp_path):
    """A "Notes" column typed into the evidence log of a Word form: its text is not imported, and the reader
    says so (W307, as for a workbook) instead of dropping it without a word."""
    with zipfile.ZipFile(forms["filled"]) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    table = next(t for t in root.iter(q("tbl")) if "".join(t.find("w:tr", NS).itertext()).startswith("Evidence ID"))
    for r, tr in enumerate(table.findall("w:tr", NS)):
        tc = etree.SubElement(tr, q("tc"))
        text = "Notes" if r == 0 else ("Ask Sam for the 2025 survey" if r == 1 else "")
        etree.SubElement(etree.SubElement(etree.SubElement(tc, q("p")), q("r")), q("t")).text = text
    edited = rezip(forms["filled"], tmp_path / "notes.docx", {"word/document.xml": etree.tostring(root)})
    result = read_docx(edited)
    assert result.ok and _answers(result) == _answers(read_docx(forms["filled"]))  # the columns read, as before
    w307 = [f for f in result.findings if f.code == "W307"]
    assert len(w307) == 1 and "table row 2, Notes" in w307[0].message and w307[0].cell == "table row 2, Notes"
    assert "W307" not in _codes(read_docx(forms["filled"]))


def test_a_table_under_a_statement_is_kept_in_its_narrative(forms, tmp_path, runner):
    """A council's own table of figures under QS1 was dropped from the narrative, and so from the report and
    next year's form. It is read into the narrative, a line per row, with a W312 warning about its layout."""
    with zipfile.ZipFile(forms["filled"]) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    after = next(p for p in root.iter(q("p")) if "".join(p.itertext()) == "Waits halved since.")
    table = etree.Element(q("tbl"))
    for cells in (["Quarter", "Wait (days)"], ["Q1 2025", "21"]):
        tr = etree.SubElement(table, q("tr"))
        for text in cells:
            run = etree.SubElement(etree.SubElement(etree.SubElement(tr, q("tc")), q("p")), q("r"))
            etree.SubElement(run, q("t")).text = text
    after.addnext(table)
    edited = rezip(forms["filled"], tmp_path / "table.docx", {"word/document.xml": etree.tostring(root)})
    result = read_docx(edited)
    assert result.ok
    narrative = result.assessment.answers["assessing_needs"].narrative
    assert narrative.endswith("Waits halved since.\n\nQuarter | Wait (days)\nQ1 2025 | 21")
    w312 = [f for f in result.findings if f.code == "W312"]
    assert len(w312) == 1 and w312[0].item == "assessing_needs" and "layout is not kept" in w312[0].message
    assert "W312" not in _codes(read_docx(forms["filled"]))  # the form's own tables are not the council's
    carried = tmp_path / "next.docx"
    assert runner.invoke(main, ["new", "-c", COUNCIL, "--from", str(edited), "-o", str(carried)]).exit_code == 0
    assert "Q1 2025 | 21" in read_docx(carried).assessment.answers["assessing_needs"].narrative


def test_a_picture_under_a_statement_is_said_not_read(forms, tmp_path):
    """A chart pasted into QS1's narrative (python-docx inserts it as Word does, a w:drawing in a run) is not
    text: the reader says it is not read, and where, instead of leaving it out without a word."""
    import docx
    from PIL import Image

    png = tmp_path / "chart.png"
    Image.new("RGB", (40, 20), "teal").save(png)
    document = docx.Document(str(forms["filled"]))
    paragraph = next(p for p in document.paragraphs if p.text == "Waits halved since.")
    paragraph.add_run().add_picture(str(png))
    pictured = tmp_path / "picture.docx"
    document.save(str(pictured))
    result = read_docx(pictured)
    assert result.ok and _answers(result) == _answers(read_docx(forms["filled"]))
    w312 = [f for f in result.findings if f.code == "W312"]
    assert len(w312) == 1 and w312[0].item == "assessing_needs" and "1 picture(s)" in w312[0].message
    assert w312[0].cell.startswith("paragraph ")


def test_comments_on_a_form_are_said_not_read(forms, tmp_path):
    """A reviewer's comment (Review > New Comment; python-docx writes it as Word does) is not an answer: W313
    names the paragraph it is on, as for a workbook's notes."""
    import docx

    document = docx.Document(str(forms["filled"]))
    paragraph = next(p for p in document.paragraphs if p.text == "Waits halved since.")
    document.add_comment(paragraph.runs, text="Is this still true in 2026?", author="Director")
    commented = tmp_path / "commented.docx"
    document.save(str(commented))
    result = read_docx(commented)
    assert result.ok and _answers(result) == _answers(read_docx(forms["filled"]))
    w313 = [f for f in result.findings if f.code == "W313"]
    assert len(w313) == 1 and w313[0].cell and w313[0].cell.startswith("paragraph ")
    assert "W313" not in _codes(read_docx(forms["filled"]))
