"""The generated workbook's structure: sheets, names, tables, validations, protection, metadata."""

from __future__ import annotations

import openpyxl
import pytest
from fill import hostile_framework

from assessment_builder import __version__
from assessment_builder.workbook import layout as L
from assessment_builder.workbook import write_workbook


@pytest.fixture(scope="module")
def cqc_book(cqc, tmp_path_factory):
    path = write_workbook(cqc, "Structure Council", tmp_path_factory.mktemp("w") / "s.xlsx")
    return openpyxl.load_workbook(path)


def test_sheets_in_order_and_visibility(cqc_book):
    # a framework with indicators has an Indicators sheet after Actions (tests/test_indicators.py)
    assert [s for s in cqc_book.sheetnames if s != "Indicators"] == list(L.SHEETS)
    states = {ws.title: ws.sheet_state for ws in cqc_book.worksheets}
    assert states[L.SHEET_LISTS] == "hidden"
    assert states[L.SHEET_META] == "veryHidden"
    assert all(states[s] == "visible" for s in L.SHEETS[:5])


def test_every_input_has_a_defined_name_on_its_statement_row(cqc, cqc_book):
    ws = cqc_book[L.SHEET_ASSESSMENT]
    for s in cqc.statements:
        rows = set()
        for f in cqc.input_fields():
            (sheet, ref), *_ = list(cqc_book.defined_names[L.input_name(s.id, f.key)].destinations)
            assert sheet == L.SHEET_ASSESSMENT
            cell = ws[ref.replace("$", "")]
            assert cell.protection.locked is False, f"{s.code} {f.key} must be unlocked"
            assert ws.cell(row=L.ASSESSMENT_HEADER_ROW, column=cell.column).value == f.heading
            rows.add(cell.row)
        assert len(rows) == 1
        (row,) = rows
        assert ws.cell(row=row, column=1).value == s.code
        assert ws.cell(row=row, column=3).value == s.we_statement
        assert ws.cell(row=row, column=1).protection.locked is True
    for name in (
        L.NAME_COUNCIL,
        L.NAME_OVERALL_PERCENT,
        L.NAME_OVERALL_RATING,
        L.NAME_OVERALL_TOTAL,
        L.NAME_OVERALL_MAX,
        L.NAME_COMPLETION,
    ):
        assert name in cqc_book.defined_names


def test_tables_have_the_documented_columns_and_room(cqc_book):
    for sheet, table, columns in (
        (L.SHEET_EVIDENCE, L.TABLE_EVIDENCE, L.EVIDENCE_COLUMNS),
        (L.SHEET_ACTIONS, L.TABLE_ACTIONS, L.ACTION_COLUMNS),
    ):
        ws = cqc_book[sheet]
        t = ws.tables[table]
        assert [c.name for c in t.tableColumns] == list(columns)
        assert t.ref.startswith("A1:") and int(t.ref.split(":")[1][1:]) >= L.TABLE_MIN_ROWS + 1
        assert [ws.cell(row=1, column=i + 1).value for i in range(len(columns))] == list(columns)


def test_validations_are_one_range_per_column_with_error_alerts(cqc_book):
    expected = {L.SHEET_ASSESSMENT: 3, L.SHEET_EVIDENCE: 2, L.SHEET_ACTIONS: 3}
    for sheet, count in expected.items():
        dvs = cqc_book[sheet].data_validations.dataValidation
        assert len(dvs) == count, sheet
        for dv in dvs:
            assert dv.showErrorMessage and dv.error
            assert not dv.showDropDown, "showDropDown=True would hide the arrow"
            assert len(dv.sqref.ranges) == 1
    score = next(
        dv for dv in cqc_book[L.SHEET_ASSESSMENT].data_validations.dataValidation if "$A$" in (dv.formula1 or "")
    )
    assert score.formula1 == "'Lists'!$A$2:$A$5"
    lists = cqc_book[L.SHEET_LISTS]
    assert [lists[f"A{r}"].value for r in range(2, 6)] == [
        "1 - Evidence shows significant shortfalls",
        "2 - Evidence shows some shortfalls",
        "3 - Evidence shows a good standard",
        "4 - Evidence shows an exceptional standard",
    ]


def test_overdue_actions_are_formatted_red(cqc_book):
    rules = [r for rng in cqc_book[L.SHEET_ACTIONS].conditional_formatting for r in rng.rules]
    assert any("TODAY()" in (r.formula or [""])[0] and '"Complete"' in r.formula[0] for r in rules)


def test_protection_and_metadata(cqc, cqc_book):
    assert cqc_book.security.lockStructure
    for sheet in (L.SHEET_START, L.SHEET_ASSESSMENT, L.SHEET_DASHBOARD):
        assert cqc_book[sheet].protection.sheet
        assert not cqc_book[sheet].protection.password
    for sheet in (L.SHEET_EVIDENCE, L.SHEET_ACTIONS):
        assert not cqc_book[sheet].protection.sheet, "tables cannot grow on a protected sheet"
    meta = {r[0]: r[1] for r in cqc_book[L.SHEET_META].iter_rows(min_row=2, values_only=True)}
    assert meta["framework_id"] == "cqc-la" and meta["framework_version"] == "2026-11-25"
    assert meta["generator_version"] == __version__ and meta["council"] == "Structure Council"
    assert meta["scope"].split(",") == [s.id for s in cqc.statements]
    assert all(meta[f"hash.{s.id}"] == s.wording_hash() for s in cqc.statements)
    props = {p.name: p.value for p in cqc_book.custom_doc_props.props}
    assert props["ab_framework_id"] == "cqc-la" and props["ab_council"] == "Structure Council"


def test_password_and_print_setup(cqc, tmp_path):
    wb = openpyxl.load_workbook(write_workbook(cqc, "P", tmp_path / "p.xlsx", password="s3cret"))
    assert wb[L.SHEET_ASSESSMENT].protection.password
    ws = wb[L.SHEET_ASSESSMENT]
    assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
    assert ws.print_title_rows == f"${L.ASSESSMENT_HEADER_ROW}:${L.ASSESSMENT_HEADER_ROW}"
    assert ws.freeze_panes == f"C{L.ASSESSMENT_HEADER_ROW + 1}"


def test_unrated_framework_has_no_score_or_rating(peer_challenge, tmp_path):
    wb = openpyxl.load_workbook(write_workbook(peer_challenge, "Peer", tmp_path / "pc.xlsx"))
    names = set(wb.defined_names)
    assert "ab_participation_recommendations" in names and "ab_participation_considerations" in names
    assert not any(n.endswith("_score") for n in names)
    assert L.NAME_OVERALL_RATING not in names
    assert not wb[L.SHEET_DASHBOARD]._charts


def test_validation_cost_does_not_grow_with_rows(cqc, tmp_path):
    from assessment_builder.model import Assessment, EvidenceItem

    big = Assessment(
        cqc, "Big", {}, [EvidenceItem(f"E{i}", "x", "processes", ["safeguarding"]) for i in range(2000)], []
    )
    wb = openpyxl.load_workbook(write_workbook(cqc, "Big", tmp_path / "big.xlsx", prefill=big))
    ws = wb[L.SHEET_EVIDENCE]
    assert len(ws.data_validations.dataValidation) == 2
    assert ws.tables[L.TABLE_EVIDENCE].ref == "A1:G2051"
    assert ws["D2001"].value == "QS7"


def test_dashboard_uses_only_functions_excel_and_libreoffice_share(cqc_book):
    """Guards against functions one program lacks (XLOOKUP, LET, IFS, FILTER...): a regression would
    show as #NAME? in Excel 2016 or LibreOffice."""
    import re

    allowed = {
        "IF",
        "ISNUMBER",
        "IFERROR",
        "VALUE",
        "LEFT",
        "TRIM",
        "FIND",
        "AND",
        "INT",
        "COUNT",
        "ROUND",
        "SUM",
        "LOOKUP",
        "AVERAGE",
        "SUMPRODUCT",
        "SEARCH",
        "SUBSTITUTE",
        "COUNTIF",
        "COUNTA",
        "LEN",
        "TODAY",
        "DATE",
        "INDEX",  # INDEX/MATCH with match type 0: each statement's inputs looked up by its code
        "MATCH",
        "OR",  # the Indicators sheet's Variation: a Wilson interval (assessment_builder/indicators.py)
        "ABS",
        "SQRT",
    }
    used = set()
    for ws in cqc_book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    used |= set(re.findall(r"([A-Z][A-Z0-9.]*)\(", str(cell.value)))
    assert used, "the dashboard has formulas"
    assert used <= allowed, f"functions outside the shared set: {used - allowed}"


def test_wording_from_yaml_is_text_on_every_sheet_including_the_dashboard(tmp_path):
    fw = hostile_framework(tmp_path)
    wb = openpyxl.load_workbook(write_workbook(fw, "=cmd|' /C calc'!A0", tmp_path / "h.xlsx"))
    wording = {"=Alpha statement", '=HYPERLINK("http://x","x")', 'T1 =HYPERLINK("http://x","x")'}
    seen = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value in wording or cell.value == "=cmd|' /C calc'!A0":
                    assert cell.data_type == "s", f"{ws.title}!{cell.coordinate} holds YAML text as a formula"
                    seen.add(ws.title)
    assert {L.SHEET_START, L.SHEET_ASSESSMENT, L.SHEET_DASHBOARD, L.SHEET_META} <= seen


def test_chart_axes_are_shown_and_percentages_display_with_a_sign(cqc_book):
    """Neither axis of the chart is deleted (<c:delete val="1"/> hides an axis in Excel)."""
    (chart,) = cqc_book[L.SHEET_DASHBOARD]._charts
    assert not chart.x_axis.delete and not chart.y_axis.delete
    (sheet, ref), *_ = list(cqc_book.defined_names[L.NAME_OVERALL_PERCENT].destinations)
    assert cqc_book[sheet][ref.replace("$", "")].number_format == '0"%"'


def test_start_sheet_states_each_band_as_a_range(cqc_book):
    values = [c.value for c in cqc_book[L.SHEET_START]["A"]]
    assert [v for v in values if isinstance(v, str) and "%" in v] == [
        "25% to 38%",
        "39% to 62%",
        "63% to 87%",
        "88% and above",
    ]


def test_a_text_longer_than_a_cell_is_refused_not_cut_short(cqc, tmp_path):
    from assessment_builder.errors import UsageError
    from assessment_builder.model import Assessment, StatementAnswer

    long = "x" * 40000
    prefill = Assessment(cqc, "Long", {"safeguarding": StatementAnswer("safeguarding", {"strengths": long})}, [], [])
    with pytest.raises(UsageError, match="Assessment!I13: a text of 40,000 characters"):
        write_workbook(cqc, "Long", tmp_path / "long.xlsx", prefill=prefill)
    assert not (tmp_path / "long.xlsx").exists()


def test_the_garbage_collector_runs_again_after_a_write(cqc, tmp_path):
    import gc

    write_workbook(cqc, "GC", tmp_path / "gc.xlsx")
    assert gc.isenabled()
    gc.disable()
    try:
        write_workbook(cqc, "GC", tmp_path / "gc2.xlsx")
        assert not gc.isenabled(), "a collector the caller had paused stays paused"
    finally:
        gc.enable()


def test_formulas_carry_no_cached_result_so_every_program_computes_them(tmp_path, cqc):
    """An empty <v> (as openpyxl wrote): LibreOffice computes the cell; a reader of cached values sees none."""
    import zipfile

    path = write_workbook(cqc, "Cached", tmp_path / "c.xlsx")
    with zipfile.ZipFile(path) as z:
        names = {n for n in z.namelist() if n.startswith("xl/worksheets/sheet")}
        sheets = "".join(z.read(n).decode() for n in names)
    assert sheets.count("<f>") > 100
    assert sheets.count("<f>") == sheets.count("</f><v></v>")
