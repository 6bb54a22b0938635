"""The api module: one function per command, objects in, results out; and the compare heat map's print setup."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from conftest import FIXTURES, ROOT
from libreoffice import convert, requires_libreoffice
from test_compare import region

import assessment_builder
from assessment_builder import api
from assessment_builder.cli import main
from assessment_builder.errors import Finding, OutputExists, Severity, UsageError
from assessment_builder.load import Loaded, load_assessment, load_cqc
from assessment_builder.summary import build_summary

EXAMPLE = ROOT / "examples" / "northshire-completed.xlsx"
REPORT = FIXTURES / "cqc" / "northshire-cqc.md"
PACKAGE = ROOT / "assessment_builder"


@pytest.fixture(scope="module")
def example():
    loaded = load_assessment(EXAMPLE)
    assert loaded.ok, loaded.findings
    return loaded


# --- the api is public and light --------------------------------------------------------------------


def test_the_package_names_its_public_names_alike_in_each_list():
    """__all__ (for type checkers and `import *`) and the lazy table that imports each name on first use
    list the same names, and each resolves (ruff keeps the TYPE_CHECKING imports within __all__)."""
    assert set(assessment_builder.__all__) - {"__version__"} == set(assessment_builder._HOMES)
    for name in assessment_builder._HOMES:
        assert getattr(assessment_builder, name) is not None, name


def test_api_is_exported_as_a_module_that_hides_no_submodule():
    assert "api" in assessment_builder.__all__
    assert assessment_builder.api is api
    for name in api.__all__:
        assert callable(getattr(api, name)), name
    # the functions named like the package's modules do not replace them
    import importlib

    for name in ("summary", "compare", "calibrate", "cqc_report"):
        module = importlib.import_module(f"assessment_builder.{name}")
        assert getattr(assessment_builder, name) is module


def test_importing_the_package_loads_no_heavy_library():
    code = (
        "import sys, assessment_builder\nprint([m for m in ('openpyxl', 'docx', 'jinja2', 'rich') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_openpyxl_is_imported_only_inside_the_workbook_package():
    pattern = re.compile(r"^\s*(from openpyxl|import openpyxl)", re.MULTILINE)
    outside = [
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if "workbook" not in p.relative_to(PACKAGE).parts and pattern.search(p.read_text(encoding="utf-8"))
    ]
    assert outside == []


def test_no_rated_branch_outside_the_policy():
    """Templates and the modules moved to the scoring policy ask ``policy.rated``, not ``framework.rated``."""
    offenders = []
    files = [PACKAGE / "compare.py", PACKAGE / "cli" / "read_cmd.py", *(ROOT / "templates").rglob("*.j2")]
    for path in files:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"(?<!policy)\.rated\b", line) and "def rated" not in line:
                offenders.append(f"{path.name}:{n}")
    assert offenders == []


# --- import and score -----------------------------------------------------------------------------------


def test_import_and_score_give_what_the_commands_print(example, runner):
    imported = api.import_(example)
    assert imported.ok and imported.written is None
    assert imported.answered == len(example.value.framework.statements)
    cli = runner.invoke(main, ["import", str(EXAMPLE), "--json"])
    data = json.loads(cli.stdout)
    data.pop("findings")
    assert data == json.loads(json.dumps(imported.to_dict(), default=str))

    scored = api.score(example.value)
    cli = runner.invoke(main, ["score", str(EXAMPLE), "--json"])
    data = json.loads(cli.stdout)
    data.pop("findings")
    assert cli.exit_code == 0 and data == scored.to_dict()
    assert scored.overall is not None and scored.overall.rating


def test_import_saves_answers_only_from_an_input_without_errors(example, tmp_path):
    out = tmp_path / "answers.yaml"
    assert api.import_(example, out).written == out and out.exists()
    with pytest.raises(OutputExists):
        api.import_(example, out)
    assert api.import_(example, out, force=True).written == out

    broken = Loaded(EXAMPLE, "workbook", example.value, [Finding("W100", Severity.ERROR, "damaged", file="x")])
    other = tmp_path / "not-written.json"
    result = api.import_(broken, other)
    assert not result.ok and result.written is None and not other.exists()


# --- summary, compare, CQC ---------------------------------------------------------------------------


def test_summary_is_the_library_summary_and_refuses_another_framework(example, peer_challenge):
    import datetime as dt

    day = dt.date(2025, 3, 31)
    assert api.summary(example.value, as_of=day) == build_summary(example.value, as_of=day)
    other = region(peer_challenge, 1)[0]
    with pytest.raises(UsageError, match="--previous must be a self-assessment of the same framework"):
        api.summary(example.value, previous=other)


def test_compare_takes_assessments_loaded_files_and_records(example, cqc, tmp_path):
    record = load_cqc(REPORT, example.value.framework)
    assert record.ok
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    from assessment_builder.compare import load_compare_input

    c = api.compare([example.value, record.value, load_compare_input(bad), *region(cqc, 2)])
    assert [e.kind for e in c.entries] == ["workbook", "cqc-report", "workbook", "workbook"]
    assert c.entries[0].source == EXAMPLE.name
    assert [s.source for s in c.skipped] == ["bad.xlsx"] and c.skipped[0].reason.startswith("W")
    assert c.policy.rated and c.to_dict()["framework"]["rated"] is True


def test_cqc_report_from_text_and_calibrate(example):
    text = REPORT.read_text(encoding="utf-8")
    record = api.cqc_report([text], example.value.framework)
    assert record.statements
    assert record.scores() == load_cqc(REPORT, example.value.framework).value.scores()
    one = api.calibrate(example.value, record)
    two = api.calibrate(example.value, [record])
    assert one.to_dict() == two.to_dict()
    assert len(one.rows) == len(example.value.framework.statements)
    with pytest.raises(UsageError):
        api.cqc_report([])


# --- the writing commands ----------------------------------------------------------------------------------


def test_new_template_report_previous_split_merge(example, cqc, tmp_path):
    blank = api.new(cqc, "Example Council", tmp_path / "blank.xlsx", themes=["T1"])
    assert blank.exists()
    doc = api.template(cqc, "Example Council", tmp_path / "draft.md", fmt="markdown")
    assert "Example Council" in doc.read_text(encoding="utf-8")
    report = api.report(example.value, tmp_path / "report.md", fmt="markdown")
    assert example.value.council in report.read_text(encoding="utf-8")

    prev = api.previous(EXAMPLE)
    assert prev.framework.id == example.value.framework.id
    refilled = api.new(prev.framework, "Northshire", tmp_path / "next.xlsx", prefill=prev.assessment)
    again = load_assessment(refilled)
    assert again.ok and again.value.scores() == example.value.scores()

    (tmp_path / "parts").mkdir()
    parts = api.split(refilled, "theme", tmp_path / "parts")
    assert len(parts.paths) == len(prev.framework.themes)
    merged = api.merge(parts.paths, tmp_path / "merged.xlsx")
    assert merged.conflicts == []
    assert load_assessment(merged.path).value.scores() == example.value.scores()


# --- the heat map prints one page wide -------------------------------------------------------------------------

LONG_NAMES = ["Royal Borough of Windsor and Maidenhead", "Northamptonshire", "Kingston upon Hull City Council"]


def _region_comparison(cqc):
    councils = region(cqc, 12)
    for a, name in zip(councils, LONG_NAMES):
        a.council = name
    return api.compare(councils)


def test_heat_map_print_setup_is_saved(cqc, tmp_path):
    c = _region_comparison(cqc)
    out = api.compare_workbook(c, tmp_path / "region.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Scores", "Evidence", "Sources"]
    for name in ("Scores", "Evidence"):
        ws = wb[name]
        assert ws.page_setup.orientation == "landscape"
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        # one page wide: fitToWidth absent means 1, the schema's default (Excel leaves it out too)
        assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0
        assert ws.print_title_rows == "$3:$3"
        assert ws.freeze_panes == "C4"  # below the header row, right of the code and statement columns
        titles = [ws.cell(row=r, column=2).value for r in range(4, 4 + len(c.statements))]
        assert titles == [t for _i, _c, t in c.statements]
        assert ws.column_dimensions["B"].width >= max(len(t) for t in titles)
        for j, e in enumerate(c.entries):
            # one <col> element may set the width of several columns alike (min to max)
            (width,) = [d.width for d in ws.column_dimensions.values() if d.min <= 3 + j <= d.max]
            assert width >= max(len(w) for w in e.label.split())
    sources = wb["Sources"]
    assert sources.print_title_rows == "$1:$1" and sources.page_setup.orientation == "landscape"


def _pdf_lines(pdf: Path) -> list[list[tuple[float, float, str]]]:
    """The first page's words as lines (top to bottom), each word (x min, x max, text), left to right."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True)
    lines: dict[int, list[tuple[float, float, str]]] = {}
    for m in re.finditer(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', html.stdout
    ):
        lines.setdefault(round(float(m[2])), []).append((float(m[1]), float(m[3]), m[4]))
    return [sorted(words) for _y, words in sorted(lines.items())]


def _phrases(words: list[tuple[float, float, str]], gap: float = 4.0) -> list[tuple[float, float, str]]:
    """Words closer than ``gap`` points joined: the text of one cell."""
    out: list[tuple[float, float, str]] = []
    for x0, x1, w in words:
        if out and x0 - out[-1][1] < gap:
            out[-1] = (out[-1][0], x1, f"{out[-1][2]} {w}")
        else:
            out.append((x0, x1, w))
    return out


@requires_libreoffice
@pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None, reason="needs poppler")
def test_heat_map_pdf_is_one_page_wide_with_every_label_whole(cqc, tmp_path):
    c = _region_comparison(cqc)
    out = api.compare_workbook(c, tmp_path / "region.xlsx")
    pdf = convert(out, tmp_path / "pdf", "pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
    assert pages == 3  # Scores, Evidence and Sources: each on one page, none split across pages
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    for name in LONG_NAMES:
        for word in name.split():
            assert word in flat, word

    # pdftotext also gives text a cell clips, so where each label lies is checked against the columns:
    # the council columns are centred on the Provisional row's yes/no, all of one width
    lines = _pdf_lines(pdf)
    by_first = {line[0][2]: line for line in lines}
    centres = [(x0 + x1) / 2 for x0, x1, _w in by_first["Provisional"][1:]]
    assert len(centres) == len(c.entries)
    step = centres[1] - centres[0]
    first_left = centres[0] - step / 2
    for _sid, code, title in c.statements:
        line = by_first[code]
        label = " ".join(w for x0, _x1, w in line[1:] if x0 < first_left)
        assert label == " ".join(title.split()), f"{code}: the statement label is cut to {label!r}"
    ratings = [p for p in _phrases(by_first["Predicted"]) if p[2] != "Predicted rating"]
    assert [p[2] for p in ratings] == [e.rating for e in c.entries]
    assert "Requires improvement" in {e.rating for e in c.entries}
    for x0, x1, rating in ratings:
        assert x1 - x0 <= step, f"'{rating}' is wider than its column"
