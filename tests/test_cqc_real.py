"""Real published CQC report text (tests/fixtures/cqc/SOURCES.md) read in every form a council gets it."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from conftest import FIXTURES
from libreoffice import convert_many

from assessment_builder.cli import main
from assessment_builder.load import load_cqc

CQC = FIXTURES / "cqc"

# Each council's extracts, and what CQC published in them: the scores per statement and, from a summary
# page, the overall percentage and rating.
COUNCILS: dict[str, dict] = {
    "wiltshire": {
        "council": "Wiltshire Council",
        "files": ["cqc-wiltshire-safe-pathways.txt", "cqc-wiltshire-governance.txt"],
        "scores": {"safe_pathways_systems_transitions": 3, "governance_management_sustainability": 3},
        "overall": None,
    },
    "staffordshire": {
        "council": "Staffordshire County Council",
        "files": [
            "staffordshire-summary.txt",
            "staffordshire-assessing-needs.txt",
            "staffordshire-supporting-healthier-lives.txt",
            "staffordshire-partnerships.txt",
        ],
        "scores": {
            "assessing_needs": 3,
            "supporting_healthier_lives": 3,
            "equity_in_experiences_and_outcomes": 3,
            "care_provision_integration_continuity": 3,
            "partnerships_and_communities": 3,
            "safe_pathways_systems_transitions": 3,
            "safeguarding": 3,
            "governance_management_sustainability": 3,
            "learning_improvement_innovation": 3,
        },
        "overall": (75, "Good"),
    },
    "hertfordshire": {
        "council": "Hertfordshire County Council",
        "files": ["hertfordshire-summary.txt"],
        "scores": {
            "assessing_needs": 3,
            "supporting_healthier_lives": 3,
            "equity_in_experiences_and_outcomes": 3,
            "care_provision_integration_continuity": 3,
            "partnerships_and_communities": 4,
            "safe_pathways_systems_transitions": 3,
            "safeguarding": 3,
            "governance_management_sustainability": 3,
            "learning_improvement_innovation": 3,
        },
        # "scored 78 out of 100 overall": 3*8 + 4 = 28 of 36 = 77.8%, published as 78 (needs rounding)
        "overall": (78, "Good"),
    },
    "telford-and-wrekin": {
        "council": "Telford and Wrekin Council",
        "files": ["telford-and-wrekin-assessing-needs.txt", "telford-and-wrekin-care-provision.txt"],
        # a 2 ("Evidence shows some shortfalls") beside a 3
        "scores": {"assessing_needs": 2, "care_provision_integration_continuity": 3},
        "overall": None,
    },
    "westminster": {
        "council": "Westminster City Council",
        # the summary page of November 2024 prints the overall result as "Good" then "Score: 75"
        "files": ["westminster-summary.txt", "westminster-assessing-needs.txt"],
        "scores": {
            "assessing_needs": 3,
            "supporting_healthier_lives": 3,
            "equity_in_experiences_and_outcomes": 3,
            "care_provision_integration_continuity": 3,
            "partnerships_and_communities": 3,
            "safe_pathways_systems_transitions": 3,
            "safeguarding": 3,
            "governance_management_sustainability": 3,
            "learning_improvement_innovation": 3,
        },
        "overall": (75, "Good"),
    },
}

SCORE = re.compile(r"^(\s*)(Score: \d)\s*$")
BULLET = re.compile(r"^\s*•\s*")


def _council_line(text: str) -> str:
    return next(line for line in text.splitlines() if line.strip())


def to_markdown(text: str) -> str:
    """The web text as a person pastes it into Markdown: '#' council, '##' headings, '**Score: N**', '-' bullets."""
    out: list[str] = []
    for i, line in enumerate(text.splitlines()):
        stripped = line.strip()
        if not stripped:
            continue
        if i == 0:
            out += [f"# {stripped}", ""]
        elif m := SCORE.match(line):
            out += [f"{'  ' if m.group(1) else ''}**{m.group(2)}**"]
        elif BULLET.match(line):
            out += [f"- {BULLET.sub('', line)}"]
        elif line.startswith("    "):  # the line under a bullet (a rating)
            out += [f"  {stripped}"]
        elif len(stripped) < 70 and not stripped.endswith((".", "%")):
            out += ["", f"## {stripped}", ""]
        else:
            out += [stripped, ""]
    return "\n".join(out) + "\n"


def to_pdftotext(text: str, lines_per_page: int = 14) -> str:
    """What pdftotext gives for CQC's PDF: wrapped at 80 columns, pages with 'Page N of M' and the council line."""
    council = _council_line(text).strip()
    body: list[str] = []
    for line in text.splitlines():
        body += textwrap.wrap(line.strip(), 80) or [""]
        if len(line) > 80:
            body.append("")  # pdftotext leaves a gap after a paragraph
    pages = [body[i : i + lines_per_page] for i in range(0, len(body), lines_per_page)]
    out: list[str] = []
    for n, page in enumerate(pages, 1):
        out += page + ["", f"Page {n} of {len(pages)}", "\f" + council]
    return "\n".join(out) + "\n"


FORMS = {"web": lambda t: t, "markdown": to_markdown, "pdftotext": to_pdftotext}
SUFFIX = {"web": ".txt", "markdown": ".md", "pdftotext": ".txt"}


def _write_form(form: str, key: str, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in COUNCILS[key]["files"]:
        text = (CQC / name).read_text(encoding="utf-8")
        path = folder / (Path(name).stem + SUFFIX[form])
        path.write_text(FORMS[form](text), encoding="utf-8")
        paths.append(path)
    return paths


def _check(key: str, paths: list[Path], runner) -> None:
    want = COUNCILS[key]
    scores: dict[str, int] = {}
    overall = None
    for path in paths:
        loaded = load_cqc(path)
        assert loaded.value is not None, [f.message for f in loaded.findings]
        errors = [(f.code, f.line, f.message) for f in loaded.findings if f.severity.value == "error"]
        assert errors == [], f"{path.name}: {errors}"
        record = loaded.value
        assert record.council == want["council"], path.name
        scores |= {k: v for k, v in record.scores().items() if v is not None}
        if record.overall is not None:
            overall = (record.overall.percent, record.overall.rating)
            assert record.overall.agrees is not False, path.name
    assert scores == want["scores"]
    assert overall == want["overall"]
    result = runner.invoke(main, ["cqc-report", *map(str, paths)])
    assert result.exit_code == 0, result.output
    assert want["council"] in result.output


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("key", sorted(COUNCILS))
def test_every_text_form_gives_the_published_record(key, form, runner, tmp_path):
    _check(key, _write_form(form, key, tmp_path / form), runner)


@pytest.fixture(scope="module")
def libreoffice_pdfs(tmp_path_factory) -> dict[str, list[Path]]:
    """Every council's extracts made into real PDFs by LibreOffice, in one LibreOffice start."""
    root = tmp_path_factory.mktemp("cqc-real-pdf")
    sources = {key: _write_form("web", key, root / "txt" / key) for key in COUNCILS}
    flat = [p for paths in sources.values() for p in paths]
    pdfs = convert_many(flat, root / "pdf", "pdf")
    by_name = {p.stem: p for p in pdfs}
    return {key: [by_name[p.stem] for p in paths] for key, paths in sources.items()}


@pytest.mark.libreoffice
@pytest.mark.parametrize("key", sorted(COUNCILS))
def test_a_real_pdf_gives_the_published_record(key, libreoffice_pdfs, runner):
    assert all(p.read_bytes()[:5] == b"%PDF-" for p in libreoffice_pdfs[key])
    _check(key, libreoffice_pdfs[key], runner)


def test_the_first_reports_wording_of_the_overall_score_is_read():
    record = load_cqc(CQC / "hertfordshire-summary.txt").value
    assert record is not None and record.overall is not None
    assert record.overall.percent == 78  # 3*8 + 4 = 28 of 36 = 77.8%: CQC rounds it to 78


def test_the_later_summary_layout_gives_the_overall_percentage():
    record = load_cqc(CQC / "westminster-summary.txt").value
    assert record is not None and record.overall is not None
    assert (record.overall.percent, record.overall.rating) == (75, "Good")
