"""The built-in frameworks hold CQC's and the LGA's wording, in their order."""

from __future__ import annotations

import re

import pytest
from conftest import FIXTURES


def _seed_section(name: str, heading: str) -> list[str]:
    lines = (FIXTURES / "cqc" / name).read_text(encoding="utf-8").splitlines()
    i = lines.index(heading)
    return lines[i + 1 :]


def test_cqc_has_four_themes_and_nine_statements_in_order(cqc):
    assert [t.code for t in cqc.themes] == ["T1", "T2", "T3", "T4"]
    assert [len(t.statements) for t in cqc.themes] == [3, 2, 2, 2]
    assert [s.title for s in cqc.statements] == [
        "Assessing needs",
        "Supporting people to live healthier lives",
        "Equity in experience and outcomes",
        "Care provision, integration and continuity",
        "Partnerships and communities",
        "Safe pathways, systems and transitions",
        "Safeguarding",
        "Governance, management and sustainability",
        "Learning, improvement and innovation",
    ]
    assert [c.title for c in cqc.evidence_categories] == [
        "People's experience",
        "Feedback from staff and leaders",
        "Feedback from partners",
        "Processes",
    ]
    assert [(p.value, p.label) for p in cqc.scale] == [
        (1, "Evidence shows significant shortfalls"),
        (2, "Evidence shows some shortfalls"),
        (3, "Evidence shows a good standard"),
        (4, "Evidence shows an exceptional standard"),
    ]
    assert [(b.lower, b.label) for b in cqc.rating_bands] == [
        (25, "Inadequate"),
        (39, "Requires improvement"),
        (63, "Good"),
        (88, "Outstanding"),
    ]


def test_cqc_wording_matches_published_reports_word_for_word(cqc):
    """The Wiltshire report extracts print these statements exactly as CQC publishes them."""
    governance = _seed_section("cqc-wiltshire-governance.txt", "The local authority commitment")
    assert cqc.statement("QS8").we_statement == governance[0]
    safe = _seed_section("cqc-wiltshire-safe-pathways.txt", "The local authority commitment")
    assert cqc.statement("QS6").we_statement == safe[0]
    expect = _seed_section("cqc-wiltshire-safe-pathways.txt", "What people expect")
    # the report runs the two I statements together on one line, then repeats the second
    assert expect[0] == " ".join(cqc.statement("QS6").i_statements)


def test_cqc_wording_as_cqc_reports_print_it(cqc):
    """Issue 15: QS3's title, QS2's one-sentence we statement, QS4's one I statement, as CQC prints them."""
    assert cqc.version == "2026-11-25"
    assert cqc.statement("QS3").title == "Equity in experience and outcomes"
    assert cqc.statement("QS2").we_statement == (
        "We support people to manage their health and wellbeing so they can maximise their independence, choice "
        "and control, live healthier lives and where possible, reduce future needs for care and support."
    )
    assert cqc.statement("QS4").i_statements == (
        "I have care and support that is coordinated, and everyone works well together and with me.",
    )
    # the other published titles are aliases, never the title
    assert cqc.statement("QS6").aliases == ("Safe systems, pathways and transitions",)
    assert cqc.statement("QS2").aliases == ("Supporting people to lead healthier lives",)
    assert cqc.statement("QS3").aliases == ("Equity in experiences and outcomes",)
    # statement ids are keys in workbooks and crosswalks: a wording change never renames one
    assert cqc.statement("QS3").id == "equity_in_experiences_and_outcomes"


def test_cqc_ratings_notes_say_the_rounding_is_this_projects(cqc):
    assert "CQC publishes no rounding rule" in cqc.rounding
    text = (FIXTURES.parent.parent / "frameworks" / "cqc-la.yaml").read_text(encoding="utf-8")
    assert "no longer award[s] scores at evidence" in text
    assert "category level" in text


def test_every_cqc_statement_has_full_wording(cqc):
    for s in cqc.statements:
        assert s.we_statement.startswith("We "), s.id
        assert len(s.prompts) >= 4, s.id
        assert all(re.match(r"^(I |When I )", i) for i in s.i_statements), s.id


def test_peer_challenge_has_the_eight_key_areas_and_no_rating(peer_challenge):
    assert not peer_challenge.rated
    assert peer_challenge.scale == () and peer_challenge.rating_bands == ()
    assert [s.title for s in peer_challenge.statements] == [
        "Outcomes for people who need care and support to improve independence and wellbeing",
        "Participation",
        "Vision, Strategy and Leadership",
        "Working Together",
        "Resource and Workforce Management",
        "Service Delivery and Effective Practice",
        "Commissioning and Market Shaping",
        "Improvement and Innovation demonstrating notable practice",
    ]


def test_preparation_for_assurance_is_unrated_on_cqcs_nine_statements(cqc):
    from assessment_builder import load_framework

    pfa = load_framework("lga-asc-preparation-for-assurance")
    assert not pfa.rated and pfa.scale == () and pfa.rating_bands == ()
    assert [t.title for t in pfa.themes] == [t.title for t in cqc.themes] + ["Case file audit"]
    nine = pfa.statements[:9]
    # titles and wording exactly as in cqc-la, theme by theme
    assert [(s.title, s.we_statement, s.i_statements, s.aliases) for s in nine] == [
        (s.title, s.we_statement, s.i_statements, s.aliases) for s in cqc.statements
    ]
    assert [s.theme_id for s in nine] == [s.theme_id for s in cqc.statements]
    assert [s.id for s in nine] == [f"pfa_{s.id}" for s in cqc.statements]
    audit = pfa.statements[9]
    assert (audit.code, audit.title, audit.evidence_categories) == (
        "CFA1",
        "Case file audit findings",
        ("case_file_audit",),
    )
    # its codes never collide with cqc-la's, so a workbook without metadata is recognised
    assert not {s.code for s in pfa.statements} & {s.code for s in cqc.statements}
    assert [key for key, _heading in pfa.policy.narrative] == ["strengths", "considerations", "recommendations"]


def test_the_2015_peer_challenge_is_labelled_as_such(peer_challenge):
    assert peer_challenge.title == "LGA adult social care peer challenge: the 2015 areas"
    assert peer_challenge.version == "2015"


def test_crosswalk_maps_preparation_for_assurance_one_to_one(cqc):
    from assessment_builder.frameworks import load_crosswalks

    cw = next(c for c in load_crosswalks() if c.source_framework == "lga-asc-preparation-for-assurance")
    assert cw.target_framework == "cqc-la"
    pairs = {src: dst for src, dst, _note in cw.mappings}
    for s in cqc.statements:
        assert pairs[f"pfa_{s.id}"] == (s.id,)
    assert "assessing_needs" in pairs["case_file_audit_findings"]


def test_example_council_frameworks_load():
    from assessment_builder import load_framework

    root = FIXTURES.parent.parent / "examples" / "frameworks"
    kloes = load_framework(root / "example-council-resources-workforce.yaml")
    assert [s.code for s in kloes.statements] == ["KLOE1", "KLOE2", "KLOE3"]
    rated = load_framework(root / "example-council-rated.yaml")
    assert rated.rated and len(rated.statements) == 4


def _mini_with(tmp_path, replace: dict[str, str]):
    text = (FIXTURES / "mini-rated.yaml").read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "aliased.yaml"
    path.write_text(text, encoding="utf-8")
    from assessment_builder import validate_framework_file

    return validate_framework_file(path)


def test_a_statement_may_have_aliases(tmp_path):
    fw, findings = _mini_with(
        tmp_path, {'title: "Alpha statement"\n': 'title: "Alpha statement"\n        aliases: ["Statement alpha"]\n'}
    )
    assert findings == [] and fw is not None
    assert fw.statement("S1").aliases == ("Statement alpha",)
    assert fw.statement("S2").aliases == ()


@pytest.mark.parametrize(
    ("aliases", "expected"),
    [
        ('["Beta statement"]', "is the title of the statement at line"),  # another statement's title
        ('["ALPHA  statement."]', "is its own title"),  # compared as a reader would
        ('["Same", "same"]', "is used twice"),
        ('"x: [1]"', None),  # one text is a list of one: valid
        ("[[1], {a: b}]", "must be non-empty text"),  # unquoted 1 and 2 would be text as written
    ],
)
def test_alias_problems_are_located(tmp_path, aliases, expected):
    fw, findings = _mini_with(
        tmp_path, {'title: "Alpha statement"\n': f'title: "Alpha statement"\n        aliases: {aliases}\n'}
    )
    if expected is None:
        assert findings == []
        return
    assert fw is None
    assert findings and all(expected in f.message for f in findings), findings
    for f in findings:
        assert f.line == 30 and (f.path or "").startswith("themes[0].statements[0].aliases[")


def test_cqc_reports_are_matched_by_a_statements_aliases(cqc):
    from assessment_builder.cqc_report import _Parser
    from assessment_builder.cqc_text import norm

    parser = _Parser("", "report.txt", cqc)
    assert parser.match_statement("Safe systems, pathways and transitions") == "safe_pathways_systems_transitions"
    assert parser.match_statement("Supporting people to lead healthier lives") == "supporting_healthier_lives"
    assert parser.match_statement("Equity in experiences and outcomes") == "equity_in_experiences_and_outcomes"
    assert norm("Equity in experience and outcomes") in parser.titles


def test_preparation_for_assurance_lists_writes_and_scores_without_a_rating(runner, tmp_path):
    import json

    from fill import fill_workbook

    from assessment_builder.cli import main

    listed = runner.invoke(main, ["frameworks", "list"])
    rows = {line.split()[0]: line.split() for line in listed.output.splitlines()[1:]}
    assert rows["lga-asc-preparation-for-assurance"][1:4] == ["unrated", "2022", "10"]
    blank = tmp_path / "pfa.xlsx"
    made = runner.invoke(
        main, ["new", "-f", "lga-asc-preparation-for-assurance", "--council", "Peer Council", "-o", str(blank)]
    )
    assert made.exit_code == 0, made.output
    path = fill_workbook(
        blank,
        tmp_path / "pfa-filled.xlsx",
        {
            "pfa_assessing_needs": {"strengths": "Strengths-based practice", "considerations": "Waiting list"},
            "case_file_audit_findings": {"strengths": "12 files audited", "recommendations": "Record carers"},
        },
    )
    result = runner.invoke(main, ["score", str(path)])
    assert result.exit_code == 0, result.output
    assert "  PA1 Assessing needs: strengths, considerations" in result.stdout
    assert "  CFA1 Case file audit findings: strengths, recommendations" in result.stdout
    assert result.stdout.splitlines()[-1] == (
        "Strengths for 2 of 10 areas, areas for consideration for 1, recommendations for 1; 0 action(s). "
        "A peer challenge gives no rating."
    )
    assert "%" not in result.stdout
    data = json.loads(runner.invoke(main, ["score", str(path), "--json"]).stdout)
    assert data["overall"] is None and data["themes"] == {}


def test_a_workbook_of_the_2024_wording_warns_and_migrates(runner, tmp_path):
    """Titles and wording changed in 2026-11-25, no id did: the old workbook reads with W202 and migrates."""
    import openpyxl
    from fill import fill_workbook

    from assessment_builder.cli import main
    from assessment_builder.workbook import layout as L
    from assessment_builder.workbook.read import read_workbook

    blank = tmp_path / "new.xlsx"
    assert runner.invoke(main, ["new", "-f", "cqc-la", "--council", "Old Council", "-o", str(blank)]).exit_code == 0
    old = fill_workbook(blank, tmp_path / "old.xlsx", {"equity_in_experiences_and_outcomes": {"score": 2}})
    wb = openpyxl.load_workbook(old)
    meta = wb[L.SHEET_META]
    row = next(r for r in range(1, meta.max_row + 1) if meta.cell(r, 1).value == "framework_version")
    meta.cell(row, 2).value = "2024-02-23"
    wb.save(old)
    result = read_workbook(old)
    identity = [f for f in result.findings if f.code.startswith("W20")]
    assert [f.code for f in identity] == ["W202"]
    assert "2024-02-23" in identity[0].message and "migrate" in identity[0].message
    assert result.assessment.answers["equity_in_experiences_and_outcomes"].values["score"] == 2
    out = tmp_path / "migrated.xlsx"
    moved = runner.invoke(main, ["migrate", str(old), "-f", "cqc-la", "-o", str(out)])
    assert moved.exit_code == 0, moved.output
    again = read_workbook(out)
    assert not [f for f in again.findings if f.code.startswith("W20")]
    assert again.assessment.framework.version == "2026-11-25"
    assert again.assessment.answers["equity_in_experiences_and_outcomes"].values["score"] == 2
