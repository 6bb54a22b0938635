"""The optional Local context sheet: written, read back, carried by new --from and opening the report."""

from __future__ import annotations

import json

import openpyxl
import pytest
from libreoffice import requires_libreoffice, uno_edit

from assessment_builder.answers import answers_from_data
from assessment_builder.cli import main
from assessment_builder.model import CONTEXT_ITEMS
from assessment_builder.workbook import layout as L
from assessment_builder.workbook import write_workbook
from assessment_builder.workbook.context_sheet import context_name

FILLED = {
    "population_adults": 250000,
    "net_spend": "£312.4m (2024/25)",
    "deprivation": 87,
    "notes": "Two cities and a large rural north.\nA growing population over 85.",
}


def _fill(path, values, out):
    wb = openpyxl.load_workbook(path)
    for key, value in values.items():
        sheet, ref = next(iter(wb.defined_names[context_name(key)].destinations))
        wb[sheet][ref.replace("$", "")] = value
    wb.save(out)
    return out


def _import(runner, path):
    result = runner.invoke(main, ["import", str(path), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def blank(cqc, tmp_path_factory):
    return write_workbook(cqc, "Context Council", tmp_path_factory.mktemp("ctx") / "blank.xlsx")


def test_sheet_follows_start_with_an_unlocked_named_value_per_item(blank):
    wb = openpyxl.load_workbook(blank)
    assert wb.sheetnames[:3] == [L.SHEET_START, L.SHEET_CONTEXT, L.SHEET_ASSESSMENT]
    ws = wb[L.SHEET_CONTEXT]
    assert ws.protection.sheet
    assert [ws.cell(row=3, column=c).value for c in (1, 2)] == ["Item", "Value"]
    for key, label in CONTEXT_ITEMS:
        sheet, ref = next(iter(wb.defined_names[context_name(key)].destinations))
        cell = wb[sheet][ref.replace("$", "")]
        assert sheet == L.SHEET_CONTEXT and cell.column == 2 and cell.value is None
        assert ws.cell(row=cell.row, column=1).value == label
        assert cell.protection.locked is False


def test_filled_context_is_imported_and_opens_the_report(blank, runner, tmp_path):
    filled = _fill(blank, FILLED, tmp_path / "filled.xlsx")
    data = _import(runner, filled)
    assert data["context"] == {
        "population_adults": "250000",
        "net_spend": "£312.4m (2024/25)",
        "deprivation": "87",
        "notes": "Two cities and a large rural north.\nA growing population over 85.",
    }
    assert not [f for f in data["findings"] if f["sheet"] == L.SHEET_CONTEXT]
    report = tmp_path / "report.md"
    result = runner.invoke(main, ["report", str(filled), "-o", str(report)])
    assert result.exit_code == 0, result.output
    text = report.read_text(encoding="utf-8")
    h1 = [ln for ln in text.splitlines() if ln.startswith("# ")]
    assert h1[1:4] == ["# Summary", "# Local context", "# T1 Working with people"]  # after the cover title
    section = text.split("# Local context", 1)[1].split("\n# ", 1)[0]
    assert "| Population (adults 18+) | 250,000 |" in section
    assert "| Adult social care net spend (£) | £312.4m (2024/25) |" in section
    assert "| Deprivation (IMD rank) | 87 |" in section
    assert "Population aged 65+" not in section  # an empty item is left out
    assert "**Notes**" in section and "A growing population over 85." in section


def test_an_empty_context_leaves_the_section_out(blank, runner, tmp_path):
    report = tmp_path / "report.md"
    assert runner.invoke(main, ["report", str(blank), "-o", str(report)]).exit_code == 0
    assert "Local context" not in report.read_text(encoding="utf-8")
    assert _import(runner, blank)["context"] == {}


def test_a_workbook_without_the_sheet_reads_as_no_context_and_no_finding(blank, runner, tmp_path):
    wb = openpyxl.load_workbook(blank)
    del wb[L.SHEET_CONTEXT]
    for key, _ in CONTEXT_ITEMS:
        del wb.defined_names[context_name(key)]
    wb.save(tmp_path / "old.xlsx")
    plain = _import(runner, blank)
    data = _import(runner, tmp_path / "old.xlsx")
    assert data["context"] == {}
    assert [f["code"] for f in data["findings"]] == [f["code"] for f in plain["findings"]]


def test_dropped_names_are_found_by_label_and_formulas_are_not_read(blank, runner, tmp_path):
    filled = _fill(blank, {**FILLED, "spend_per_adult": "=B6/B4"}, tmp_path / "f.xlsx")
    wb = openpyxl.load_workbook(filled)
    for key, _ in CONTEXT_ITEMS:
        del wb.defined_names[context_name(key)]
    wb.save(tmp_path / "nonames.xlsx")
    data = _import(runner, tmp_path / "nonames.xlsx")
    assert data["context"]["population_adults"] == "250000" and "spend_per_adult" not in data["context"]
    codes = {(f["code"], f["cell"]) for f in data["findings"] if f["sheet"] == L.SHEET_CONTEXT}
    assert ("W405", "B7") in codes and ("W303", None) in codes


def test_new_from_carries_the_context(blank, runner, tmp_path):
    filled = _fill(blank, FILLED, tmp_path / "last.xlsx")
    result = runner.invoke(
        main, ["new", "--from", str(filled), "--council", "Context Council", "-o", str(tmp_path / "n.xlsx")]
    )
    assert result.exit_code == 0, result.output
    assert _import(runner, tmp_path / "n.xlsx")["context"]["notes"].endswith("over 85.")


def test_answers_round_trip_the_context_and_flag_unknown_items(cqc, blank, runner, tmp_path):
    filled = _fill(blank, FILLED, tmp_path / "filled.xlsx")
    out = tmp_path / "answers.json"
    assert runner.invoke(main, ["import", str(filled), "-o", str(out)]).exit_code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assessment, findings = answers_from_data(data, "answers.json")
    assert assessment is not None and assessment.context["deprivation"] == "87" and not findings
    data["context"]["budget"] = "x"
    _a, findings = answers_from_data(data, "answers.json")
    assert [(f.code, f.path) for f in findings] == [("A106", "context.budget")]
    _a, findings = answers_from_data({**data, "context": ["x"]}, "answers.json")
    assert [f.code for f in findings] == ["A105"]


def test_migrate_split_and_merge_carry_the_context_and_indicators(blank, runner, tmp_path):
    filled = _fill(blank, FILLED, tmp_path / "last.xlsx")
    wb = openpyxl.load_workbook(filled)
    ws = wb["Indicators"]
    headings = [c.value for c in ws[1]]
    ws.cell(row=2, column=headings.index("Value") + 1, value=64.5)
    ws.cell(row=2, column=headings.index("England") + 1, value=62.7)
    wb.save(filled)
    want = _import(runner, filled)
    with_value = [i for i in want["indicators"] if i["value"] is not None]
    assert with_value and want["context"]
    migrated = tmp_path / "migrated.xlsx"
    assert runner.invoke(main, ["migrate", str(filled), "-f", "cqc-la", "-o", str(migrated)]).exit_code == 0
    parts = tmp_path / "parts"
    parts.mkdir()
    assert runner.invoke(main, ["split", str(migrated), "--by", "theme", "-o", str(parts)]).exit_code == 0
    merged = tmp_path / "merged.xlsx"
    result = runner.invoke(main, ["merge", *sorted(str(p) for p in parts.iterdir()), "-o", str(merged)])
    assert result.exit_code == 0, result.output
    for path in (migrated, merged):
        got = _import(runner, path)
        assert got["context"] == want["context"], path.name
        assert [i for i in got["indicators"] if i["value"] is not None] == with_value, path.name


@requires_libreoffice
def test_a_row_added_and_a_source_noted_beside_the_items_are_said_not_read(blank, runner, tmp_path):
    """A council types an item of its own ("Carers: 5,000") below Notes and the source of a figure in
    column C, in LibreOffice: the sheet's items are fixed, so nothing reads those cells. W307 names them,
    where the report and every carried workbook left them out without a word."""
    filled = _fill(blank, FILLED, tmp_path / "f.xlsx")
    last = 3 + len(CONTEXT_ITEMS)  # the Notes row
    edits = [
        ["set", L.SHEET_CONTEXT, f"A{last + 2}", "Carers"],
        ["set", L.SHEET_CONTEXT, f"B{last + 2}", "5,000"],
        ["set", L.SHEET_CONTEXT, "C4", "ONS mid-2023 estimate"],
    ]
    added = tmp_path / "added.xlsx"
    uno_edit([{"src": str(filled), "dst": str(added), "edits": edits}], tmp_path / "uno")
    data = _import(runner, added)
    assert data["context"]["population_adults"] == "250000" and len(data["context"]) == len(FILLED)
    w307 = [f for f in data["findings"] if f["code"] == "W307"]
    assert [(f["sheet"], f["cell"]) for f in w307] == [(L.SHEET_CONTEXT, "C4")]
    assert "3 cell(s)" in w307[0]["message"] and f"C4, A{last + 2}, B{last + 2}" in w307[0]["message"]
    assert "W307" not in {f["code"] for f in _import(runner, filled)["findings"]}


@requires_libreoffice
def test_items_sorted_in_libreoffice_are_read_by_their_labels(blank, runner, tmp_path):
    """Sorting the Local context rows by Value moves the values with their labels while the defined names stay
    on their cells: each item is read from the row of its own label (W305 warning), where the adults'
    population was read as the deprivation rank and the other way round, without a word."""
    values = {"population_adults": 300000, "population_65": 60000, "deprivation": 87}
    filled = _fill(blank, values, tmp_path / "f.xlsx")
    last = 3 + len(CONTEXT_ITEMS)
    edits = [["sort", L.SHEET_CONTEXT, f"A4:B{last}", 1, False]]  # by Value, largest first
    sorted_ = tmp_path / "sorted.xlsx"
    uno_edit([{"src": str(filled), "dst": str(sorted_), "edits": edits}], tmp_path / "uno")
    assert openpyxl.load_workbook(sorted_)[L.SHEET_CONTEXT]["A4"].value == "Population (adults 18+)"
    data = _import(runner, sorted_)
    assert data["context"] == {k: str(v) for k, v in values.items()}
    w305 = {f["item"]: f for f in data["findings"] if f["code"] == "W305"}
    assert w305 and all(f["severity"] == "warning" and f["sheet"] == L.SHEET_CONTEXT for f in w305.values())
    assert "'Deprivation (IMD rank)' was read from row 6" in w305["deprivation"]["message"]


def test_an_item_whose_label_is_on_no_row_is_not_read_from_another_items_row(blank, runner, tmp_path):
    filled = _fill(blank, {"population_adults": 300000}, tmp_path / "f.xlsx")
    wb = openpyxl.load_workbook(filled)
    wb[L.SHEET_CONTEXT]["A4"] = "Population aged 65+"  # the adults' row relabelled as another item's
    wb.save(tmp_path / "relabelled.xlsx")
    result = runner.invoke(main, ["import", str(tmp_path / "relabelled.xlsx"), "--json"])
    data = json.loads(result.stdout)
    assert "population_adults" not in data["context"]
    (w305,) = [f for f in data["findings"] if f["code"] == "W305"]
    assert (w305["severity"], w305["cell"], w305["item"]) == ("error", "A4", "population_adults")
    wb[L.SHEET_CONTEXT]["A4"] = "Adults (18+)"  # a label reworded, naming no other item: read by its name
    wb.save(tmp_path / "reworded.xlsx")
    assert _import(runner, tmp_path / "reworded.xlsx")["context"] == {"population_adults": "300000"}
