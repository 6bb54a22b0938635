"""Indicators: the framework catalogue is validated with located findings; the Variation method at its boundaries."""

from __future__ import annotations

from pathlib import Path

import pytest
from libreoffice import requires_libreoffice, resave_xlsx
from test_framework_validation import VALID

from assessment_builder import load_framework, validate_framework_file
from assessment_builder.indicators import VARIATIONS, variation, wilson_interval

CATALOGUE = """\
indicators:
  - id: SAFE
    name: "People who feel safe"
    statements: [first, second]
    polarity: higher
    unit: percent
    source: "Adult Social Care Survey: feeling safe"
  - id: WAIT
    name: "People waiting for an assessment"
    statements: [first]
    polarity: lower
    unit: count
    source: local
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "fw.yaml"
    path.write_text(VALID + text, encoding="utf-8")
    return path


def test_catalogue_loads_into_the_model(tmp_path):
    fw = load_framework(_write(tmp_path, CATALOGUE))
    assert [(i.id, i.statements, i.polarity, i.unit) for i in fw.indicators] == [
        ("SAFE", ("first", "second"), "higher", "percent"),
        ("WAIT", ("first",), "lower", "count"),
    ]
    assert load_framework(_write(tmp_path, "")).indicators == ()


def _line_of(text: str, fragment: str) -> int:
    full = VALID + text
    return next(i for i, line in enumerate(full.splitlines(), start=1) if fragment in line)


@pytest.mark.parametrize(
    ("old", "new", "code", "line_of", "path", "fragment"),
    [
        ("    polarity: higher\n", "    polarity: up\n", "F104", "polarity: up", "indicators[0].polarity", "'higher'"),
        ("    unit: count\n", "    unit: per cent\n", "F104", "unit: per cent", "indicators[1].unit", "percent"),
        ("[first, second]", "[first, secnd]", "F106", "secnd", "indicators[0].statements[1]", "did you mean 'second'"),
        ("    source: local\n", "", "F101", "- id: WAIT", "indicators[1]", "'source'"),
        ('    name: "People who feel safe"\n', "", "F101", "- id: SAFE", "indicators[0]", "'name'"),
        ("id: WAIT", "id: SAFE", "F105", "id: SAFE\n", "indicators[1].id", "used twice"),
        ("[first]", "[]", "F104", "statements: []", "indicators[1].statements", "at least one"),
        ("    unit: count\n", "    unit: count\n    colour: red\n", "F102", "colour", "indicators[1].colour", "colour"),
        ("polarity: lower", "polarity: [a]", "F103", "polarity: [a]", "indicators[1].polarity", "text"),
    ],
)
def test_each_catalogue_rule_gives_a_located_finding(tmp_path, old, new, code, line_of, path, fragment):
    assert old in CATALOGUE
    text = CATALOGUE.replace(old, new, 1)
    fw, findings = validate_framework_file(_write(tmp_path, text))
    assert fw is None
    hit = [f for f in findings if f.code == code and f.path == path]
    assert hit, [str(f) for f in findings]
    expected_line = _line_of(text, line_of.rstrip("\n")) if not line_of.endswith("\n") else None
    if expected_line is None:  # the duplicate id: its second occurrence
        lines = (VALID + text).splitlines()
        expected_line = [i for i, ln in enumerate(lines, start=1) if "id: SAFE" in ln][1]
    assert hit[0].line == expected_line
    assert fragment in hit[0].message


def test_catalogue_that_is_not_a_list_is_refused(tmp_path):
    fw, findings = validate_framework_file(_write(tmp_path, "indicators: {id: X}\n"))
    assert fw is None and [f.code for f in findings] == ["F103"]
    assert findings[0].line == _line_of("indicators: {id: X}\n", "indicators:")


def test_builtin_cqc_framework_ships_cited_indicators_for_its_statements(cqc):
    assert len(cqc.indicators) >= 10
    ids = {s.id for s in cqc.statements}
    for ind in cqc.indicators:
        assert ind.statements and set(ind.statements) <= ids
        assert ind.source and ind.polarity in ("higher", "lower")
    sources = " ".join(i.source for i in cqc.indicators)
    for measure in ("ASCOF 2A", "ASCOF 2B", "ASCOF 2C", "ASCOF 2D", "ASCOF 2E", "ASCOF 3D", "Adult Social Care Survey"):
        assert measure in sources
    assert {i.unit for i in cqc.indicators} == {"percent", "rate per 100,000", "count", "days"}
    covered = {sid for i in cqc.indicators for sid in i.statements}
    assert len(covered) >= 6


def test_peer_challenge_has_no_indicators(peer_challenge):
    assert peer_challenge.indicators == ()


# --- the Variation method -------------------------------------------------------------------


def test_wilson_interval_known_values_and_boundaries():
    low, high = wilson_interval(50, 100)
    assert (round(low, 2), round(high, 2)) == (40.38, 59.62)
    low, high = wilson_interval(0, 10)
    assert low == pytest.approx(0, abs=1e-12) and 0 < high < 35
    low, high = wilson_interval(100, 10)
    assert 65 < low < 100 and high == pytest.approx(100)


@pytest.mark.parametrize(
    ("value", "england", "base", "polarity", "unit", "expected"),
    [
        # with a base: England outside the interval
        (80.0, 70.0, 1000, "higher", "percent", "significantly better"),
        (60.0, 70.0, 1000, "higher", "percent", "significantly worse"),
        # polarity lower flips both
        (80.0, 70.0, 1000, "lower", "percent", "significantly worse"),
        (60.0, 70.0, 1000, "lower", "percent", "significantly better"),
        # England inside the interval: plain comparison
        (71.46, 71.06, 500, "higher", "percent", "better"),
        (71.06, 71.46, 500, "higher", "percent", "worse"),
        (71.06, 71.46, 500, "lower", "percent", "better"),
        # equal to England, and within the tolerance
        (71.06, 71.06, 500, "higher", "percent", "similar"),
        (71.06, 71.06, None, "lower", "count", "similar"),
        (71.10, 71.06, None, "higher", "percent", "similar"),
        (71.12, 71.06, None, "higher", "percent", "better"),
        # no base, base 0 or a negative base: never "significantly"
        (90.0, 10.0, None, "higher", "percent", "better"),
        (90.0, 10.0, 0, "higher", "percent", "better"),
        (10.0, 90.0, -5, "higher", "percent", "worse"),
        # a base on a rate, count or days is not a proportion's base
        (900.0, 500.0, 100000, "lower", "rate per 100,000", "worse"),
        (12, 30, 40, "lower", "days", "better"),
        # a "percent" outside 0-100 cannot have an interval
        (120.0, 70.0, 1000, "higher", "percent", "better"),
        # at the edges of a proportion
        (0.0, 5.0, 200, "lower", "percent", "significantly better"),
        (100.0, 99.0, 10, "higher", "percent", "better"),
        (100.0, 90.0, 1000, "higher", "percent", "significantly better"),
        (50.0, 60.0, 1, "higher", "percent", "worse"),
    ],
)
def test_variation(value, england, base, polarity, unit, expected):
    assert variation(value, england, base, polarity, unit) == expected
    assert expected in VARIATIONS


@pytest.mark.parametrize(
    ("value", "england", "polarity"),
    [(None, 70.0, "higher"), (70.0, None, "higher"), (70.0, 70.0, ""), (70.0, 70.0, "up")],
)
def test_no_variation_without_both_values_and_a_polarity(value, england, polarity):
    assert variation(value, england, 100, polarity, "percent") is None


# --- the workbook's Indicators table --------------------------------------------------------

GRID = [
    # (value, england, base, polarity)
    (80.0, 70.0, 1000, "higher"),
    (60.0, 70.0, 1000, "higher"),
    (80.0, 70.0, 1000, "lower"),
    (60.0, 70.0, 1000, "lower"),
    (71.46, 71.06, 500, "higher"),
    (71.06, 71.46, 500, "lower"),
    (71.06, 71.06, 500, "higher"),
    (71.10, 71.06, None, "higher"),
    (71.12, 71.06, None, "higher"),
    (90.0, 10.0, None, "lower"),
    (90.0, 10.0, 0, "higher"),
    (10.0, 90.0, -5, "higher"),
    (120.0, 70.0, 1000, "higher"),
    (0.0, 5.0, 200, "lower"),
    (0.0, 0.0, 200, "lower"),
    (100.0, 99.0, 10, "higher"),
    (100.0, 90.0, 1000, "higher"),
    (50.0, 60.0, 1, "higher"),
    (50.0, 59.0, 100, "higher"),
    (50.0, 61.0, 100, "higher"),
    (50.0, 39.0, 100, "lower"),
    (50.0, None, 100, "higher"),
    (None, 50.0, 100, "higher"),
    (50.0, 40.0, 100, ""),
]


@pytest.fixture(scope="module")
def cqc_indicators_book(cqc, tmp_path_factory):
    from assessment_builder.workbook import write_workbook

    return write_workbook(cqc, "Indicator Council", tmp_path_factory.mktemp("ind") / "i.xlsx")


def test_indicators_table_has_the_documented_columns_and_the_catalogue(cqc, cqc_indicators_book):
    import openpyxl

    from assessment_builder.workbook import layout as L
    from assessment_builder.workbook.indicators_sheet import INDICATOR_COLUMNS, SPARE_ROWS

    wb = openpyxl.load_workbook(cqc_indicators_book)
    assert wb.sheetnames.index("Indicators") == wb.sheetnames.index(L.SHEET_ACTIONS) + 1
    ws = wb["Indicators"]
    table = ws.tables["Indicators"]
    assert INDICATOR_COLUMNS == (
        "Indicator ID",
        "Indicator",
        "Statements",
        "Period",
        "Value",
        "Base",
        "England",
        "Comparator",
        "Polarity",
        "Variation",
        "Source",
    )
    assert [c.value for c in ws[1]] == list(INDICATOR_COLUMNS)
    assert table.ref == f"A1:K{len(cqc.indicators) + SPARE_ROWS + 1}"
    first = cqc.indicators[0]
    codes = ", ".join(cqc.statement(s).code for s in first.statements)
    assert [ws.cell(row=2, column=c).value for c in (1, 2, 3, 9, 11)] == [
        first.id,
        first.name,
        codes,
        first.polarity,
        first.source,
    ]
    assert all(str(ws.cell(row=r, column=10).value).startswith("=IF(") for r in range(2, table_last(table) + 1))


def table_last(table) -> int:
    return int(table.ref.split(":")[1][1:])


def test_framework_without_indicators_has_no_indicators_sheet(peer_challenge, tmp_path):
    import openpyxl

    from assessment_builder.workbook import write_workbook

    wb = openpyxl.load_workbook(write_workbook(peer_challenge, "Peer Council", tmp_path / "p.xlsx"))
    assert "Indicators" not in wb.sheetnames


def test_variation_formula_uses_only_shared_functions(cqc_indicators_book):
    import re

    import openpyxl

    ws = openpyxl.load_workbook(cqc_indicators_book)["Indicators"]
    used = {f for row in ws.iter_rows() for c in row if c.data_type == "f" for f in re.findall(r"([A-Z]+)\(", c.value)}
    assert used == {"IF", "AND", "OR", "ISNUMBER", "ABS", "SQRT"}


@requires_libreoffice
def test_libreoffice_variation_equals_python_for_a_grid(cqc, cqc_indicators_book, tmp_path):
    """The workbook's Variation, recalculated by LibreOffice, is Python's variation() for every case."""
    import openpyxl

    wb = openpyxl.load_workbook(cqc_indicators_book)
    ws = wb["Indicators"]
    own = len(cqc.indicators) + 2  # the first spare row: a council's own (percent) indicator
    for r, (value, england, base, polarity) in enumerate(GRID, start=own):
        for col, v in ((1, f"OWN{r}"), (5, value), (6, base), (7, england), (9, polarity or None)):
            ws.cell(row=r, column=col, value=v)
    rates = {i.id: n for n, i in enumerate(cqc.indicators, start=2) if i.unit != "percent"}
    rate_cases = [(900.0, 500.0, 100000), (450.0, 500.0, 100000), (500.02, 500.0, 100000), (3, 7, 40)]
    for r, (value, england, base) in zip(rates.values(), rate_cases):
        for col, v in ((5, value), (6, base), (7, england)):
            ws.cell(row=r, column=col, value=v)
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    recalculated = openpyxl.load_workbook(resave_xlsx(filled, tmp_path / "lo"), data_only=True)["Indicators"]
    units = {i.id: i.unit for i in cqc.indicators}
    checked = 0
    for r in range(2, own + len(GRID)):
        ind = recalculated.cell(row=r, column=1).value
        value, base, england, polarity = (recalculated.cell(row=r, column=c).value for c in (5, 6, 7, 9))
        expected = variation(value, england, base, polarity or "", units.get(ind, "percent"))
        got = recalculated.cell(row=r, column=10).value
        assert (got or None) == expected, f"row {r}: {value=} {england=} {base=} {polarity=}"
        checked += expected is not None
    assert checked >= len(GRID) - 3 + len(rate_cases)
    got_all = {recalculated.cell(row=r, column=10).value for r in range(own, own + len(GRID))}
    assert set(VARIATIONS) <= got_all


# --- reading indicators back ----------------------------------------------------------------


def _filled(cqc, path, tmp_path):
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb["Indicators"]
    first = cqc.indicators[0]
    ws["D2"], ws["E2"], ws["F2"], ws["G2"], ws["H2"] = "2024-25", 80.0, 1000, 70.0, 72.5
    own = len(cqc.indicators) + 2
    rows = [
        ("LOCAL-1", "Reviews on time", "QS1, QS7", 55.0, 40, 60.0, "higher"),
        ("LOCAL-2", "Typed as text", "QS2", "71.5%", None, 70, "higher"),
        ("LOCAL-3", "Not a number", "QS99", "about 70", None, 70, "sideways"),
        (None, "No id", "QS1", 5, None, 4, "lower"),
    ]
    for r, values in enumerate(rows, start=own):
        for col, v in zip((1, 2, 3, 5, 6, 7, 9), values):
            ws.cell(row=r, column=col, value=v)
    out = tmp_path / "filled.xlsx"
    wb.save(out)
    return out, first, own


def test_import_returns_indicators_with_variation_and_located_findings(cqc, cqc_indicators_book, tmp_path):
    from assessment_builder.workbook.read import read_workbook

    path, first, own = _filled(cqc, cqc_indicators_book, tmp_path)
    result = read_workbook(path)
    data = result.to_dict()
    rows = {i["id"]: i for i in data["indicators"]}
    assert len(rows) == len(cqc.indicators) + 4
    assert list(rows[first.id]) == [
        "id",
        "name",
        "statements",
        "period",
        "value",
        "base",
        "england",
        "comparator",
        "polarity",
        "variation",
        "source",
    ]
    assert rows[first.id] | {} == {
        "id": first.id,
        "name": first.name,
        "statements": list(first.statements),
        "period": "2024-25",
        "value": 80.0,
        "base": 1000.0,
        "england": 70.0,
        "comparator": 72.5,
        "polarity": "higher",
        "variation": "significantly better",
        "source": first.source,
    }
    assert rows[cqc.indicators[1].id]["variation"] is None  # no figures yet
    assert rows["LOCAL-1"]["statements"] == ["assessing_needs", "safeguarding"]
    assert rows["LOCAL-1"]["variation"] == variation(55.0, 60.0, 40, "higher", "percent") == "worse"
    assert rows["LOCAL-2"]["value"] == 71.5 and rows["LOCAL-2"]["variation"] == "better"
    assert rows["LOCAL-3"]["value"] is None and rows["LOCAL-3"]["polarity"] is None
    assert f"row{own + 3}" in rows
    found = {(f.code, f.cell) for f in result.findings if f.sheet == "Indicators"}
    assert found == {
        ("W407", f"E{own + 1}"),
        ("W407", f"E{own + 2}"),
        ("W500", f"C{own + 2}"),
        ("W402", f"I{own + 2}"),
        ("W505", f"A{own + 3}"),
    }
    assert not [f for f in result.findings if f.code == "W405"], "the Variation formulas are not read as values"


def test_answers_json_round_trips_indicators(cqc, cqc_indicators_book, tmp_path):
    import json

    from assessment_builder.answers import answers_from_data, dump_answers
    from assessment_builder.workbook.read import read_workbook

    path, _first, _own = _filled(cqc, cqc_indicators_book, tmp_path)
    assessment = read_workbook(path).assessment
    text = dump_answers(assessment, "json")
    again, findings = answers_from_data(json.loads(text), "answers.json", framework=cqc)
    assert again is not None and not [f for f in findings if f.severity.value == "error"]
    assert [i.to_dict() for i in again.indicators] == [i.to_dict() for i in assessment.indicators]


def test_a_workbook_without_the_indicators_sheet_reads_without_findings(cqc, tmp_path):
    """A CQC workbook written before indicators existed (no sheet) has none, and says nothing about it."""
    import openpyxl

    from assessment_builder.workbook import write_workbook
    from assessment_builder.workbook.read import read_workbook

    path = write_workbook(cqc, "Old Council", tmp_path / "old.xlsx")
    wb = openpyxl.load_workbook(path)
    wb.security.lockStructure = False
    del wb["Indicators"]
    wb.save(path)
    result = read_workbook(path)
    assert result.assessment is not None and result.assessment.indicators == []
    assert not [f for f in result.findings if f.sheet == "Indicators" or "Indicators" in f.message]


def test_summary_ranks_a_significantly_worse_indicator_among_the_gaps(cqc, cqc_indicators_book, tmp_path):
    import openpyxl

    from assessment_builder.summary import GAP_WEIGHTS, build_summary
    from assessment_builder.workbook.read import read_workbook

    wb = openpyxl.load_workbook(cqc_indicators_book)
    ws = wb["Indicators"]
    ws["D3"], ws["E3"], ws["F3"], ws["G3"] = "2024-25", 60.0, 1000, 70.0  # the second catalogue row
    ws["E2"], ws["F2"], ws["G2"] = 71.46, 500, 71.06  # better, not significantly: no gap
    path = tmp_path / "worse.xlsx"
    wb.save(path)
    summary = build_summary(read_workbook(path).assessment)
    worse = cqc.indicators[1]
    gaps = [g for g in summary.gaps if g.kind == "indicator_significantly_worse"]
    assert len(gaps) == 1 and gaps[0].weight == GAP_WEIGHTS["indicator_significantly_worse"]
    assert worse.id in gaps[0].message and "60 against 70, 2024-25" in gaps[0].message
    assert gaps[0].statement == worse.statements[0]
    kinds = [g.kind for g in summary.gaps]
    assert kinds.index("indicator_significantly_worse") < kinds.index("no_lead")
    row = next(r for t in summary.themes for r in t.statements if r.id == worse.statements[0])
    shown = {i["id"]: i["variation"] for i in row.to_dict()["indicators"]}
    assert shown[worse.id] == "significantly worse"


def test_summary_text_and_markdown_list_indicators_with_figures(cqc, cqc_indicators_book, tmp_path):
    import openpyxl

    from assessment_builder.render.markdown import render_summary_markdown
    from assessment_builder.render.text import render_summary_text
    from assessment_builder.summary import build_summary
    from assessment_builder.workbook.read import read_workbook

    wb = openpyxl.load_workbook(cqc_indicators_book)
    ws = wb["Indicators"]
    ws["D2"], ws["E2"], ws["F2"], ws["G2"] = "2024-25", 60.0, 1000, 70.0
    path = tmp_path / "shown.xlsx"
    wb.save(path)
    summary = build_summary(read_workbook(path).assessment)
    first = cqc.indicators[0]
    for text in (render_summary_text(summary), render_summary_markdown(summary)):
        assert "Indicators (against England)" in text
        assert first.id in text and "significantly worse" in text
        assert cqc.indicators[1].id not in text.split("Indicators (against England)")[1].split("coverage")[0]
    blank = build_summary(read_workbook(cqc_indicators_book).assessment)
    assert "Indicators (against England)" not in render_summary_text(blank)
