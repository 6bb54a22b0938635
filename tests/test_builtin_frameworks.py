"""The built-in frameworks hold CQC's and the LGA's wording, in their order."""

from __future__ import annotations

import re

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
        "Equity in experiences and outcomes",
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


def test_example_council_frameworks_load():
    from assessment_builder import load_framework

    root = FIXTURES.parent.parent / "examples" / "frameworks"
    kloes = load_framework(root / "example-council-resources-workforce.yaml")
    assert [s.code for s in kloes.statements] == ["KLOE1", "KLOE2", "KLOE3"]
    rated = load_framework(root / "example-council-rated.yaml")
    assert rated.rated and len(rated.statements) == 4
