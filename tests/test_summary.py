"""The summary: headline, ranked gaps, coverage, actions, changes, and its four renderings."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path

import pytest

from assessment_builder.model import ActionItem, Assessment, EvidenceItem, Framework, StatementAnswer
from assessment_builder.render.html import render_summary_html
from assessment_builder.render.markdown import render_summary_markdown
from assessment_builder.render.text import render_summary_text
from assessment_builder.summary import GAP_WEIGHTS, build_summary, two_years_before

GOLDEN = Path(__file__).resolve().parent / "golden"
ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_WORKBOOK = ROOT / "examples" / "northshire-completed.xlsx"
AS_OF = dt.date(2025, 3, 31)


def example_assessment(fw: Framework, council: str = "Northshire County Council") -> Assessment:
    """A small, realistic self-assessment on the mini-rated framework: one of every kind of gap."""
    answers = {
        "alpha": StatementAnswer(
            "alpha",
            {
                "score": 3,
                "confidence": "Low",
                "strengths": "Assessments are timely.",
                "development": "Waiting list for OT.",
                "lead": "Head of Assessment",
                "status": "Complete",
            },
        ),
        "beta": StatementAnswer(
            "beta",
            {"score": 2, "confidence": "High", "lead": "Principal Social Worker", "status": "Ready for review"},
        ),
        "gamma": StatementAnswer("gamma", {"lead": "Director", "status": "Not started"}),
    }
    evidence = [
        EvidenceItem("E01", "Carers' survey 2024", "peoples_experience", ["alpha"], dt.date(2024, 11, 1), "Insight"),
        EvidenceItem("E02", "Case file audit", "processes", ["alpha", "beta"], dt.date(2022, 6, 1), "PSW"),
        EvidenceItem("E03", "Assessment policy", "processes", ["beta"], dt.date(2023, 4, 1), "Policy team"),
    ]
    actions = [
        ActionItem("A01", "alpha", "Cut OT waiting list", "Head of Assessment", dt.date(2025, 1, 31), "In progress"),
        ActionItem("A02", "gamma", "Write the gamma strategy", "Director", dt.date(2025, 6, 30), "Not started"),
        ActionItem("A03", "alpha", "Publish survey results", "Insight", dt.date(2024, 12, 1), "Complete"),
    ]
    return Assessment(fw, council, answers, evidence, actions, source="northshire-completed.xlsx")


def previous_assessment(fw: Framework) -> Assessment:
    answers = {
        "alpha": StatementAnswer("alpha", {"score": 2, "confidence": "Medium", "status": "In progress"}),
        "beta": StatementAnswer("beta", {"score": 2, "confidence": "High", "status": "Ready for review"}),
    }
    evidence = [EvidenceItem("E03", "Assessment policy", "processes", ["beta"], dt.date(2023, 4, 1))]
    return Assessment(fw, "Northshire County Council", answers, evidence, [], source="northshire-2024.xlsx")


@pytest.fixture
def example(mini_rated):
    return build_summary(example_assessment(mini_rated), previous=previous_assessment(mini_rated), as_of=AS_OF)


def test_headline_rating_percent_and_position(mini_rated):
    a = example_assessment(mini_rated)
    a.answers["gamma"].values["score"] = 4
    h = build_summary(a, as_of=AS_OF).headline
    assert h is not None
    # 3 + 2 + 4 = 9 of 12 = 75%: the middle of Good (63-87) counts as the lower end
    assert (h.percent, h.rating, h.provisional, h.end, h.to_next) == (75, "Good", False, "lower", 13)
    a.answers["beta"].values["score"] = 3
    h = build_summary(a, as_of=AS_OF).headline
    assert h is not None
    # 10 of 12 = 83%
    assert (h.percent, h.end, h.to_next) == (83, "upper", 5)
    assert h.position == "Good, upper end: 5 points from Outstanding"


def test_headline_is_provisional_until_every_statement_is_scored(example):
    h = example.headline
    assert h is not None
    assert (h.percent, h.rating, h.provisional, h.scored, h.statements) == (63, "Good", True, 2, 3)
    assert h.position == "Good, lower end: 25 points from Outstanding"
    assert "provisional: 2 of 3 statements scored" in render_summary_text(example)


def test_outstanding_has_no_next_band(mini_rated):
    a = example_assessment(mini_rated)
    for sid in ("alpha", "beta", "gamma"):
        a.answers[sid].values["score"] = 4
    h = build_summary(a, as_of=AS_OF).headline
    assert h is not None and h.position == "Outstanding, upper end"


def test_gaps_are_ranked_by_weight_with_kind_statement_and_message(example):
    kinds = [(g.kind, g.statement) for g in example.gaps]
    assert kinds == [
        ("unscored", "gamma"),
        ("shortfall_without_action", "beta"),
        ("no_evidence", "gamma"),
        ("low_confidence_high_score", "alpha"),
        ("overdue_action", "alpha"),
        ("stale_evidence", "alpha"),
        ("stale_evidence", "beta"),
    ]
    weights = [g.weight for g in example.gaps]
    assert weights == sorted(weights, reverse=True)
    assert all(g.weight == GAP_WEIGHTS[g.kind] for g in example.gaps)
    overdue = next(g for g in example.gaps if g.kind == "overdue_action")
    assert "A01" in overdue.message and "2025-01-31" in overdue.message


def test_missing_peoples_experience_outranks_other_categories(mini_rated):
    a = example_assessment(mini_rated)
    a.evidence = [EvidenceItem("E09", "Audit", "processes", ["alpha"], dt.date(2025, 1, 1))]
    s = build_summary(a, as_of=AS_OF)
    alpha = [g for g in s.gaps if g.statement == "alpha" and g.kind.startswith("missing")]
    assert [g.kind for g in alpha] == ["missing_peoples_experience"]
    assert "no evidence of people's experience" in alpha[0].message
    # beta does not expect people's experience, so its lack is not a gap
    assert not [g for g in s.gaps if g.statement == "beta" and g.kind.startswith("missing")]


def test_evidence_is_stale_only_when_older_than_two_years_before_as_of(mini_rated):
    a = example_assessment(mini_rated)
    a.evidence = [
        EvidenceItem("E1", None, "processes", ["beta"], dt.date(2023, 3, 31)),  # exactly two years: not stale
        EvidenceItem("E2", None, "processes", ["beta"], dt.date(2023, 3, 30)),  # one day more: stale
    ]
    stale = [g for g in build_summary(a, as_of=AS_OF).gaps if g.kind == "stale_evidence"]
    assert len(stale) == 1 and "E2" in stale[0].message and "E1" not in stale[0].message
    assert two_years_before(dt.date(2024, 2, 29)) == dt.date(2022, 2, 28)


def test_overdue_actions_are_judged_against_as_of(mini_rated):
    a = example_assessment(mini_rated)
    early = build_summary(a, as_of=dt.date(2025, 1, 1))
    late = build_summary(a, as_of=dt.date(2025, 7, 1))
    assert [x.id for x in early.overdue_actions] == []
    assert [x.id for x in late.overdue_actions] == ["A01", "A02"]  # A03 is Complete, never overdue


def test_actions_by_status_and_owner(example):
    assert example.actions_by_status == {
        "Not started": 1,
        "In progress": 1,
        "Complete": 1,
        "Overdue": 0,
        "Carried forward": 0,
    }
    owners = {o.owner: (o.total, o.open, o.overdue) for o in example.actions_by_owner}
    assert owners == {"Director": (1, 1, 0), "Head of Assessment": (1, 1, 1), "Insight": (1, 0, 0)}


def test_coverage_matrix_counts_evidence_by_category(example):
    rows = {r.id: r.coverage for r in example.statement_rows}
    assert rows == {
        "alpha": {"peoples_experience": 1, "processes": 1},
        "beta": {"peoples_experience": 0, "processes": 2},
        "gamma": {"peoples_experience": 0, "processes": 0},
    }


def test_changes_since_previous(example):
    changes = {(c.statement, c.field): (c.before, c.after, c.direction) for c in example.changes or ()}
    assert changes[(None, "percent")] == (50, 63, "up")
    assert changes[(None, "rating")] == ("Requires improvement", "Good", "changed")
    assert changes[("alpha", "score")] == (2, 3, "up")
    assert changes[("alpha", "confidence")] == ("Medium", "Low", "down")
    assert changes[("beta", "evidence")] == (1, 2, "up")
    assert ("beta", "score") not in changes  # unchanged scores are not listed
    assert example.previous == "northshire-2024.xlsx"


def test_unrated_summary_has_no_rating_and_shows_areas(mini_unrated):
    a = Assessment(
        mini_unrated,
        "Westshire Council",
        {
            "first_area": StatementAnswer(
                "first_area", {"strengths": "Strong co-production.", "considerations": "Data quality."}
            )
        },
    )
    s = build_summary(a, as_of=AS_OF)
    assert s.headline is None and not s.rated
    assert [(g.kind, g.statement) for g in s.gaps][:2] == [("no_content", "second_area"), ("no_evidence", "first_area")]
    assert ("no_recommendations", "first_area") in [(g.kind, g.statement) for g in s.gaps]
    text = render_summary_text(s)
    assert "No rating" in text and "Areas for consideration: Data quality." in text
    assert "Predicted rating" not in text
    assert "Areas for consideration" in render_summary_markdown(s)
    assert "<svg" not in render_summary_html(s)


def test_json_is_the_library_result_and_serialisable(example):
    data = json.loads(json.dumps(example.to_dict()))
    assert data["headline"]["position"] == "Good, lower end: 25 points from Outstanding"
    assert data["gaps"][0] == {
        "kind": "unscored",
        "weight": 100,
        "statement": "gamma",
        "code": "S3",
        "message": "S3 Gamma statement has no self-assessed score yet.",
    }
    assert data["completion"] == {"statements": 3, "complete": 1, "percent": 33, "scored": 2}
    assert data["as_of"] == "2025-03-31"


def test_text_fits_100_columns_and_colour_only_when_asked(example):
    plain = render_summary_text(example, color=False)
    assert "\x1b[" not in plain
    assert max(len(line) for line in plain.splitlines()) <= 100
    assert "\x1b[" in render_summary_text(example, color=True)
    # headline first, then gaps, then tables
    assert plain.index("Predicted rating") < plain.index("Top gaps") < plain.index("Statements")


def test_user_text_is_never_markup_or_html(mini_rated):
    a = example_assessment(mini_rated, council="[bold]Evil | <script>alert(1)</script> & Co")
    s = build_summary(a, as_of=AS_OF)
    assert "[bold]Evil" in render_summary_text(s)
    html = render_summary_html(s)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    md = render_summary_markdown(s)
    assert "\\[bold\\]Evil \\| \\<script\\>" in md


def test_html_is_self_contained_with_an_svg_chart(example):
    html = render_summary_html(example)
    assert "<svg" in html and 'id="score-chart"' in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "@import" not in html and "url(" not in html
    # one bar per statement; the unscored one says so
    assert html.count('<g class="bar">') == 3 and "not scored" in html


# --- golden outputs ------------------------------------------------------------------


def _golden_summary(mini_rated):
    if EXAMPLE_WORKBOOK.exists():
        from assessment_builder.summary import summarize_workbook

        summary, _findings = summarize_workbook(EXAMPLE_WORKBOOK, as_of=AS_OF)
        return summary, "example"
    return build_summary(example_assessment(mini_rated), previous=previous_assessment(mini_rated), as_of=AS_OF), "mini"


@pytest.mark.parametrize(("fmt", "suffix"), [("text", "txt"), ("markdown", "md")])
def test_golden(mini_rated, fmt, suffix):
    summary, which = _golden_summary(mini_rated)
    got = render_summary_text(summary) if fmt == "text" else render_summary_markdown(summary)
    path = GOLDEN / f"summary-{which}.{suffix}"
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert path.exists(), f"{path.name} is missing; run with UPDATE_GOLDEN=1 to create it"
    assert got.splitlines() == path.read_text(encoding="utf-8").splitlines()


# --- the HTML in a real browser ---------------------------------------------------------


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


requires_chromium = pytest.mark.skipif(
    chromium() is None and not os.environ.get("CI"), reason="Chromium is not installed"
)


def run_chromium(html: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    exe = chromium()
    if exe is None:
        raise AssertionError("Chromium is required in CI; .ci/run should have installed it")
    profile = tempfile.mkdtemp(prefix="ab-chromium-")
    try:
        cmd = [
            exe,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--window-size=1200,1600",
            *extra,
            html.as_uri(),
        ]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def png_size_and_colours(data: bytes) -> tuple[int, int, int]:
    """Width, height and the number of distinct pixel values in the first rows (a pure-Python PNG peek)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, depth, colour_type = struct.unpack(">IIBB", data[16:26])
    idat = b""
    pos = 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        if kind == b"IDAT":
            idat += data[pos + 8 : pos + 8 + length]
        pos += 12 + length
    raw = zlib.decompress(idat)
    channels = {2: 3, 6: 4}.get(colour_type, 1) * max(depth // 8, 1)
    row = width * channels + 1
    sample = raw[: row * min(height, 400)]
    distinct = {sample[i : i + channels] for i in range(1, len(sample) - channels, channels * 7)}
    return width, height, len(distinct)


@requires_chromium
def test_html_renders_in_headless_chromium(example, tmp_path):
    page = tmp_path / "summary.html"
    page.write_text(render_summary_html(example), encoding="utf-8")
    dom = run_chromium(page, "--dump-dom")
    assert dom.returncode == 0, dom.stderr
    assert 'id="score-chart"' in dom.stdout and "Northshire County Council" in dom.stdout
    shot = tmp_path / "summary.png"
    proc = run_chromium(page, f"--screenshot={shot}")
    assert shot.exists(), proc.stderr
    width, height, colours = png_size_and_colours(shot.read_bytes())
    assert (width, height) == (1200, 1600)
    assert colours > 5  # not a blank page: text, table lines and coloured bars
