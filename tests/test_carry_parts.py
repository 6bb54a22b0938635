"""Parts split among statement leads and merged back: what anyone typed reaches the merged workbook or is listed.

Each test follows what a team does between `split` and `merge` (a council-wide action,
indicator figures updated by two leads in LibreOffice, a part carried forward on its own)
and checks the words typed, not just that the commands succeed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from conftest import ROOT, mini_rated_v2
from fill import fill_workbook
from libreoffice import requires_libreoffice, resave_xlsx, uno_edit

from assessment_builder.carry import merge, split
from assessment_builder.workbook import write_workbook
from assessment_builder.workbook.read import read_workbook

COUNCIL_WIDE = {
    "id": "A90",
    "statement": None,
    "action": "Council-wide: refresh the adult social care strategy with people who use services",
    "owner": "Director of Adult Social Services",
    "due": dt.date(2025, 9, 30),
    "status": "Not started",
}


def _action_rows(path: Path) -> list[tuple]:
    result = read_workbook(path)
    assert result.ok, [str(f) for f in result.findings]
    return [(a.id, a.statement, a.action, a.owner, a.due, a.status) for a in result.assessment.actions]


@pytest.fixture(scope="module")
def with_council_wide_action(cqc, tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("council-wide")
    blank = write_workbook(cqc, "Northshire County Council", tmp / "blank.xlsx")
    answers = {
        "assessing_needs": {"score": 3, "lead": "Jane Smith"},
        "safeguarding": {"score": 2, "lead": "Ravi Patel"},
    }
    mine = {"id": "A1", "statement": "QS1", "action": "Jane's action", "owner": "Jane", "status": "In progress"}
    return fill_workbook(blank, tmp / "filled.xlsx", answers, actions=[mine, COUNCIL_WIDE])


@pytest.mark.parametrize("by", ["lead", "theme", "statement"])
def test_an_action_of_no_statement_survives_split_and_merge(with_council_wide_action, tmp_path, by):
    wanted = (
        "A90",
        None,
        COUNCIL_WIDE["action"],
        COUNCIL_WIDE["owner"],
        COUNCIL_WIDE["due"],
        COUNCIL_WIDE["status"],
    )
    assert wanted in _action_rows(with_council_wide_action), "the source reads it"
    parts = split(with_council_wide_action, by, tmp_path / "parts").paths
    for part in parts:  # every lead sees the council-wide actions, as every lead sees the whole evidence log
        assert wanted in _action_rows(part), part.name
    result = merge(parts, tmp_path / "merged.xlsx")
    assert result.conflicts == []
    assert _action_rows(result.path) == _action_rows(with_council_wide_action)


def _indicator_cell(part: Path, indicator: str, column: str) -> str:
    ws = openpyxl.load_workbook(part)["Indicators"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == indicator)
    return f"{column}{row}"


def test_indicator_figures_two_leads_updated_in_libreoffice_are_kept_or_listed(cqc, tmp_path):
    from assessment_builder.model import Assessment, IndicatorValue, StatementAnswer

    answers = {
        "assessing_needs": StatementAnswer("assessing_needs", {"score": 3, "lead": "Jane Smith"}),
        "supporting_healthier_lives": StatementAnswer("supporting_healthier_lives", {"score": 2, "lead": "Ravi Patel"}),
    }
    last_cycle = [  # ASCS-CONTROL informs QS1 (Jane's) and QS2 (Ravi's); ASCS-INFO only QS2
        IndicatorValue("ASCS-CONTROL", period="2023-24", value=70.0),
        IndicatorValue("ASCS-INFO", period="2023-24", value=50.0),
    ]
    source = write_workbook(
        cqc,
        "Northshire County Council",
        tmp_path / "source.xlsx",
        prefill=Assessment(cqc, "Northshire County Council", answers, [], [], indicators=last_cycle),
    )
    parts = {name: path for name, path in split(source, "lead", tmp_path / "parts").parts}
    jane, ravi, nobody = parts["Jane Smith"], parts["Ravi Patel"], parts["(no lead)"]
    edits = {
        jane: [["set", "Indicators", _indicator_cell(jane, "ASCS-CONTROL", "E"), 72]],
        ravi: [
            ["set", "Indicators", _indicator_cell(ravi, "ASCS-CONTROL", "E"), 68],
            ["set", "Indicators", _indicator_cell(ravi, "ASCS-INFO", "E"), 55],
            ["set", "Indicators", _indicator_cell(ravi, "ASCS-INFO", "D"), "2024-25"],
        ],
    }
    returned = tmp_path / "returned"
    uno_edit([{"src": str(p), "dst": str(returned / p.name), "edits": e} for p, e in edits.items()], tmp_path / "uno")
    # the untouched part first, as a folder listing may put it
    result = merge([nobody, returned / jane.name, returned / ravi.name], tmp_path / "merged.xlsx")
    merged = {i.id: i for i in read_workbook(result.path).assessment.indicators}
    # a figure only its own lead changed is the one kept, with no conflict
    assert (merged["ASCS-INFO"].period, merged["ASCS-INFO"].value) == ("2024-25", 55.0)
    # two leads who both answer for one indicator gave different figures: one kept, the other listed
    assert merged["ASCS-CONTROL"].value == 72.0
    listed = {(c[0], c[1], c[2], c[3]) for c in result.conflicts}
    assert ("ASCS-CONTROL", "indicator value", f"72 ({jane.name})", f"68 ({ravi.name})") in listed
    # the untouched copies disagree with what the leads typed, and are listed, not silently preferred
    assert ("ASCS-CONTROL", "indicator value", f"72 ({jane.name})", f"70 ({nobody.name})") in listed
    assert ("ASCS-INFO", "indicator value", f"55 ({ravi.name})", f"50 ({nobody.name}, {jane.name})") in listed
    assert (
        "ASCS-INFO",
        "indicator period",
        f"2024-25 ({ravi.name})",
        f"2023-24 ({nobody.name}, {jane.name})",
    ) in listed
    sheet = openpyxl.load_workbook(result.path)["Merge conflicts"]
    assert [c.value for c in sheet[1]] == ["Item", "Field", "Kept", "Also found"]
    assert sheet.max_row == len(result.conflicts) + 1


def test_a_part_carried_on_by_itself_keeps_the_whole_evidence_log_readable(runner, tmp_path):
    """A lead starts next year from their own part (`new --from`), or splits it again among their team: the
    evidence log names statements outside the part, and must be written with their codes, as split writes it."""
    from assessment_builder.cli import main

    source = ROOT / "examples" / "northshire-completed.xlsx"
    theme = split(source, "theme", tmp_path / "themes").paths[0]
    logged = [(e.id, e.statements) for e in read_workbook(theme).assessment.evidence]
    assert any(
        set(s) - {"assessing_needs", "supporting_healthier_lives", "equity_in_experiences_and_outcomes"}
        for _i, s in logged
    )
    next_year = tmp_path / "next-year.xlsx"
    result = runner.invoke(
        main, ["new", "--council", "Northshire County Council", "--from", str(theme), "-o", str(next_year)]
    )
    assert result.exit_code == 0, result.output
    again = split(theme, "statement", tmp_path / "statements").paths
    for path in [next_year, *again]:
        read = read_workbook(path)
        assert read.ok and not [f for f in read.findings if f.code == "W406"], [str(f) for f in read.findings]
        assert [(e.id, e.statements) for e in read.assessment.evidence] == logged, path.name
    assert [s.code for s in read_workbook(next_year).assessment.framework.statements] == ["QS1", "QS2", "QS3"]


@requires_libreoffice
def test_a_part_shows_the_variation_of_every_indicator_by_its_own_unit(cqc, tmp_path):
    """Every part carries every indicator; one outside the part's statements (days, a rate per 100,000) must not get
    the percent formula, or the part shows a Variation that import then contradicts."""
    from assessment_builder.indicators import variation
    from assessment_builder.model import Assessment, IndicatorValue, StatementAnswer

    answers = {
        "assessing_needs": StatementAnswer("assessing_needs", {"score": 3, "lead": "Jane Smith"}),
        "safeguarding": StatementAnswer("safeguarding", {"score": 2, "lead": "Ravi Patel"}),
    }
    figures = [  # Ravi's statements only; 20 days of 150 enquiries would be "significantly better" as a percentage
        IndicatorValue("LOCAL-S42-DAYS", period="2024-25", value=20.0, base=150, england=45.0, polarity="lower"),
        IndicatorValue("ASCOF-2B", period="2024-25", value=30.0, base=100000, england=14.0, polarity="lower"),
    ]
    source = write_workbook(
        cqc,
        "Northshire County Council",
        tmp_path / "source.xlsx",
        prefill=Assessment(cqc, "Northshire County Council", answers, [], [], indicators=figures),
    )
    jane = dict(split(source, "lead", tmp_path / "parts").parts)["Jane Smith"]
    units = {i.id: i.unit for i in cqc.indicators}
    shown = openpyxl.load_workbook(resave_xlsx(jane, tmp_path / "lo"), data_only=True)["Indicators"]
    rows = {shown.cell(r, 1).value: r for r in range(2, shown.max_row + 1) if shown.cell(r, 1).value}
    for v in figures:
        expected = variation(v.value, v.england, v.base, v.polarity, units[v.id])
        assert shown.cell(rows[v.id], 10).value == expected, v.id
    read = {i.id: i.variation for i in read_workbook(jane).assessment.indicators}
    assert read["LOCAL-S42-DAYS"] == "better"


def _row_of(part: Path, sheet: str, ident: str, heading: str) -> str:
    ws = openpyxl.load_workbook(part)[sheet]
    column = next(c.column_letter for c in ws[1] if c.value == heading)
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == ident)
    return f"{column}{row}"


def _shared_rows_source(cqc, path: Path) -> Path:
    from assessment_builder.model import ActionItem, Assessment, EvidenceItem, StatementAnswer

    answers = {
        "assessing_needs": StatementAnswer("assessing_needs", {"score": 3, "lead": "Jane Smith"}),
        "safeguarding": StatementAnswer("safeguarding", {"score": 2, "lead": "Ravi Patel"}),
    }
    log = [
        EvidenceItem("E01", "Safeguarding audit 2023-24", "audit", ["assessing_needs", "safeguarding"], None, "PSW"),
        EvidenceItem("E02", "Carers' survey", "people_experience", ["assessing_needs"], None, "Performance team"),
    ]
    actions = [
        ActionItem("A90", None, "Refresh the strategy with people who use services", "DASS", None, "Not started")
    ]
    context = {"notes": "Northshire is rural; a fifth of adults are over 65."}
    prefill = Assessment(cqc, "Northshire County Council", answers, log, actions, context=context)
    return write_workbook(cqc, "Northshire County Council", path, prefill=prefill)


def test_a_shared_row_a_lead_edited_keeps_its_id_and_the_untouched_copy_gives_way(cqc, tmp_path):
    """Every part carries the whole evidence log, the council-wide actions and the local context: what one lead
    fixed there must win over the copies split wrote into the other parts, whatever order the parts are given."""
    source = _shared_rows_source(cqc, tmp_path / "source.xlsx")
    parts = dict(split(source, "lead", tmp_path / "parts").parts)
    jane, ravi, nobody = parts["Jane Smith"], parts["Ravi Patel"], parts["(no lead)"]
    from assessment_builder.workbook.context_sheet import context_name

    notes = next(iter(openpyxl.load_workbook(jane).defined_names[context_name("notes")].destinations))[1]
    edits = {
        ravi: [["set", "Evidence", _row_of(ravi, "Evidence", "E01", "Title"), "Safeguarding audit 2024-25"]],
        jane: [
            ["set", "Actions", _row_of(jane, "Actions", "A90", "Status"), "In progress"],
            ["set", "Local context", notes.replace("$", ""), "Northshire is rural; a quarter of adults are over 65."],
        ],
    }
    returned = tmp_path / "returned"
    uno_edit([{"src": str(p), "dst": str(returned / p.name), "edits": e} for p, e in edits.items()], tmp_path / "uno")
    for order in ([nobody, returned / jane.name, returned / ravi.name], [returned / ravi.name, returned / jane.name]):
        result = merge(order, tmp_path / f"merged-{len(order)}.xlsx")
        merged = read_workbook(result.path).assessment
        titles = {e.id: e.title for e in merged.evidence}
        assert titles["E01"] == "Safeguarding audit 2024-25", [p.name for p in order]
        assert titles["E02"] == "Carers' survey"
        statuses = {a.id: a.status for a in merged.actions}
        assert statuses["A90"] == "In progress"
        assert merged.context["notes"] == "Northshire is rural; a quarter of adults are over 65."
        conflicts = {c[0]: c for c in result.conflicts}
        # nothing is lost: the copy as split wrote it is kept under a new id and listed as such
        assert titles["E01-2"] == "Safeguarding audit 2023-24"
        assert "Safeguarding audit 2024-25" in conflicts["E01"][2] and ravi.name in conflicts["E01"][2]
        assert "as split wrote it, both kept, this one as E01-2" in conflicts["E01"][3]
        assert statuses["A90-2"] == "Not started" and "as split wrote it" in conflicts["A90"][3]
        assert conflicts["Local context"][2].endswith("a quarter of adults are over 65.")


def test_merge_refuses_a_workbook_that_is_not_a_part_of_the_split(runner, tmp_path):
    """Last year's whole workbook given among this year's parts: whichever sorted first used to win every answer."""
    from assessment_builder.cli import main

    last_year = tmp_path / "last-year.xlsx"
    last_year.write_bytes((ROOT / "examples" / "northshire-completed.xlsx").read_bytes())
    parts = split(last_year, "lead", tmp_path / "parts").paths
    other = split(last_year, "theme", tmp_path / "themes").paths[0]
    for given in ([last_year, *parts], [*parts, last_year], [*parts, other]):
        out = tmp_path / "merged.xlsx"
        result = runner.invoke(main, ["merge", *map(str, given), "-o", str(out)])
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output and not out.exists()
        stranger = other if other in given else last_year
        assert f"{stranger}: it " in result.output, result.output
        assert "is not a part of the split of last-year.xlsx by lead into 9 parts" in result.output
        assert "leave out each workbook named above" in result.output
    # the parts alone still merge, and so do workbooks that never were parts
    assert runner.invoke(main, ["merge", *map(str, parts), "-o", str(tmp_path / "m.xlsx")]).exit_code == 0


def test_merge_names_the_parts_of_the_split_not_given(tmp_path):
    """A lead's file left out of `merge parts/a*.xlsx`: their statements would be empty without a word."""
    source = ROOT / "examples" / "northshire-completed.xlsx"
    parts = split(source, "lead", tmp_path / "parts").parts
    given = [p for name, p in parts if name not in ("Principal Social Worker", "Head of Prevention")]
    result = merge(given, tmp_path / "merged.xlsx")
    (warning,) = [f for f in result.warnings if f.code == "W510"]
    assert "2 of the 9 parts of the split of northshire-completed.xlsx by lead into 9 parts" in warning.message
    assert "'Head of Prevention', 'Principal Social Worker'" in warning.message or (
        "'Principal Social Worker', 'Head of Prevention'" in warning.message
    )
    assert not [f for f in merge([p for _n, p in parts], tmp_path / "all.xlsx").warnings if f.code == "W510"]


def test_a_part_whose_hidden_metadata_was_dropped_is_read_whole_and_merged(tmp_path):
    """A program that drops the very hidden _meta sheet (or a lead who copies the sheets into a new book): the part
    is recognised by its codes, and its shared evidence log, naming statements of other parts, still reads."""
    source = ROOT / "examples" / "northshire-completed.xlsx"
    parts = dict(split(source, "lead", tmp_path / "parts").parts)
    stripped = parts["Head of Prevention"]
    wb = openpyxl.load_workbook(stripped)
    del wb["_meta"]
    wb.save(stripped)
    read = read_workbook(stripped)
    assert read.ok and [f.code for f in read.findings] == ["W200"], [str(f) for f in read.findings]
    result = merge(list(parts.values()), tmp_path / "merged.xlsx")
    assert not [f for f in result.warnings if f.code == "W510"] and result.conflicts == []
    whole, merged = read_workbook(source).to_dict(), read_workbook(result.path).to_dict()
    assert {k: v for k, v in merged.items() if k != "findings"} == {k: v for k, v in whole.items() if k != "findings"}


def test_an_indicator_figure_its_lead_cleared_stays_cleared(cqc, tmp_path):
    """A lead deletes a wrong figure from an indicator only their statements use; the untouched copies in every other
    part still hold it, and used to bring it back with no conflict listed."""
    from assessment_builder.model import Assessment, IndicatorValue, StatementAnswer

    answers = {
        "assessing_needs": StatementAnswer("assessing_needs", {"score": 3, "lead": "Jane Smith"}),
        "supporting_healthier_lives": StatementAnswer("supporting_healthier_lives", {"score": 2, "lead": "Ravi Patel"}),
    }
    figures = [IndicatorValue("ASCS-INFO", period="2023-24", value=50.0, england=48.0)]  # informs QS2, Ravi's
    source = write_workbook(
        cqc,
        "Northshire County Council",
        tmp_path / "source.xlsx",
        prefill=Assessment(cqc, "Northshire County Council", answers, [], [], indicators=figures),
    )
    parts = dict(split(source, "lead", tmp_path / "parts").parts)
    jane, ravi, nobody = parts["Jane Smith"], parts["Ravi Patel"], parts["(no lead)"]
    edit = [["clear", "Indicators", _indicator_cell(ravi, "ASCS-INFO", "E")]]
    uno_edit([{"src": str(ravi), "dst": str(tmp_path / "returned" / ravi.name), "edits": edit}], tmp_path / "uno")
    result = merge([nobody, jane, tmp_path / "returned" / ravi.name], tmp_path / "merged.xlsx")
    merged = {i.id: i for i in read_workbook(result.path).assessment.indicators}
    assert merged["ASCS-INFO"].value is None and merged["ASCS-INFO"].england == 48.0
    assert ("ASCS-INFO", "indicator value", f"(empty) ({ravi.name})", f"50 ({nobody.name}, {jane.name})") in {
        tuple(c) for c in result.conflicts
    }


def _index_of(part: Path, sheet: str, ident: str) -> int:
    """The 0-based row index of ``ident`` in ``sheet``, as LibreOffice counts rows."""
    ws = openpyxl.load_workbook(part)[sheet]
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == ident) - 1


def test_a_shared_row_a_lead_deleted_stays_deleted_and_is_listed(cqc, tmp_path):
    """A lead deletes a wrong row from the shared evidence log, a council-wide action and a local context text; the
    untouched copies in every other part used to bring them all back without a word. A row one lead deleted and
    another edited is kept as edited, and the deletion listed."""
    source = _shared_rows_source(cqc, tmp_path / "source.xlsx")
    parts = dict(split(source, "lead", tmp_path / "parts").parts)
    jane, ravi, nobody = parts["Jane Smith"], parts["Ravi Patel"], parts["(no lead)"]
    from assessment_builder.workbook.context_sheet import context_name

    notes = next(iter(openpyxl.load_workbook(jane).defined_names[context_name("notes")].destinations))[1]
    e01, e02 = _index_of(jane, "Evidence", "E01"), _index_of(jane, "Evidence", "E02")
    edits = {
        jane: [
            *[["delete_row", "Evidence", i] for i in sorted((e01, e02), reverse=True)],  # the lower row first
            ["delete_row", "Actions", _index_of(jane, "Actions", "A90")],
            ["clear", "Local context", notes.replace("$", "")],
        ],
        ravi: [["set", "Evidence", _row_of(ravi, "Evidence", "E01", "Title"), "Safeguarding audit 2024-25"]],
    }
    returned = tmp_path / "returned"
    uno_edit([{"src": str(p), "dst": str(returned / p.name), "edits": e} for p, e in edits.items()], tmp_path / "uno")
    back = {p: returned / p.name for p in edits}
    assert [e.id for e in read_workbook(back[jane]).assessment.evidence] == []
    for order in ([nobody, back[jane], back[ravi]], [back[ravi], nobody, back[jane]]):
        result = merge(order, tmp_path / "merged.xlsx", force=True)
        merged = read_workbook(result.path).assessment
        titles = {e.id: e.title for e in merged.evidence}
        assert "E02" not in titles and "A90" not in {a.id for a in merged.actions}, [p.name for p in order]
        assert "notes" not in merged.context
        assert titles["E01"] == "Safeguarding audit 2024-25"
        conflicts = {(c[0], c[1]): c for c in result.conflicts}
        assert conflicts[("E02", "evidence")][2] == f"deleted ({jane.name})"
        assert "'Carers' survey'" in conflicts[("E02", "evidence")][3]
        assert "as split wrote it, not kept" in conflicts[("E02", "evidence")][3]
        assert conflicts[("A90", "actions")][2] == f"deleted ({jane.name})"
        assert conflicts[("Local context", "notes")][2] == f"(cleared) ({jane.name})"
        assert "a fifth of adults are over 65" in conflicts[("Local context", "notes")][3]
        # deleted by one lead, edited by another: the edit is kept, the deletion listed beside it
        edited = [c for c in result.conflicts if c[0] == "E01" and c[3].startswith("deleted")]
        assert edited and "Safeguarding audit 2024-25" in edited[0][2] and jane.name in edited[0][3], result.conflicts
        # the merged workbook itself lists every deletion for the reader
        sheet = openpyxl.load_workbook(result.path)["Merge conflicts"]
        assert f"deleted ({jane.name})" in [row[2] for row in sheet.iter_rows(values_only=True)]


def test_parts_migrated_to_a_new_version_still_merge_by_their_split_record(mini_rated, tmp_path):
    """A new framework version arrives while the parts are out, and each lead migrates their part. The migrated
    parts lost the split record, so a shared row a lead deleted came back from the other parts without a word,
    and a lead's fix to a shared row lost its id to the untouched copy listed first."""

    from assessment_builder.carry import migrate
    from assessment_builder.model import Assessment, EvidenceItem, StatementAnswer

    v2 = mini_rated_v2(tmp_path, renamed={"alpha": "alpha2"})
    answers = {
        "alpha": StatementAnswer("alpha", {"score": 3, "lead": "Jane"}),
        "beta": StatementAnswer("beta", {"score": 2, "lead": "Ravi"}),
        "gamma": StatementAnswer("gamma", {"score": 2, "lead": "Ravi"}),
    }
    log = [EvidenceItem("E1", "Audit", "processes", ["alpha", "beta"]), EvidenceItem("E2", "Survey", None, ["beta"])]
    source = write_workbook(mini_rated, "C", tmp_path / "old.xlsx", prefill=Assessment(mini_rated, "C", answers, log))
    parts = dict(split(source, "lead", tmp_path / "parts").parts)
    jane = parts["Jane"]
    edits = [
        ["set", "Evidence", _row_of(jane, "Evidence", "E1", "Title"), "Audit 2025"],
        ["delete_row", "Evidence", _index_of(jane, "Evidence", "E2")],
    ]
    uno_edit([{"src": str(jane), "dst": str(tmp_path / "returned" / jane.name), "edits": edits}], tmp_path / "uno")
    given = [parts["Ravi"], tmp_path / "returned" / jane.name]
    migrated = [migrate(p, str(v2), tmp_path / f"v2-{p.name}")[0] for p in given]
    assert [s.code for s in read_workbook(migrated[1]).assessment.framework.statements] == ["S1"]
    result = merge(migrated, tmp_path / "merged.xlsx")
    merged = read_workbook(result.path).assessment
    assert [(e.id, e.title, e.statements) for e in merged.evidence] == [
        ("E1", "Audit 2025", ["alpha2", "beta"]),
        ("E1-2", "Audit", ["alpha2", "beta"]),
    ]
    conflicts = {(c[0], c[2]) for c in result.conflicts}
    assert ("E2", "deleted (v2-jane.xlsx)") in conflicts, result.conflicts
    assert any(c[0] == "E1-2" or "as split wrote it, both kept, this one as E1-2" in c[3] for c in result.conflicts)
    # the record still names the split, so a missing migrated part is named too
    assert [f.code for f in merge([migrated[0], migrated[0]], tmp_path / "m.xlsx").warnings].count("W510") == 1


def test_an_indicator_row_its_lead_deleted_stays_deleted(cqc, tmp_path):
    """A lead deletes a council's own indicator row that was wrong; every other part's untouched copy brought it back,
    figures and all, with no conflict listed."""
    from assessment_builder.model import Assessment, IndicatorValue, StatementAnswer

    answers = {
        "assessing_needs": StatementAnswer("assessing_needs", {"score": 3, "lead": "Jane Smith"}),
        "safeguarding": StatementAnswer("safeguarding", {"score": 2, "lead": "Ravi Patel"}),
    }
    own = IndicatorValue("OWN-1", "Reviews on time", ["assessing_needs"], "2024-25", 80.0, polarity="higher")
    prefill = Assessment(cqc, "Northshire County Council", answers, [], [], indicators=[own])
    source = write_workbook(cqc, "Northshire County Council", tmp_path / "source.xlsx", prefill=prefill)
    parts = dict(split(source, "lead", tmp_path / "parts").parts)
    jane, ravi, nobody = parts["Jane Smith"], parts["Ravi Patel"], parts["(no lead)"]
    edit = [["delete_row", "Indicators", _index_of(jane, "Indicators", "OWN-1")]]
    uno_edit([{"src": str(jane), "dst": str(tmp_path / "returned" / jane.name), "edits": edit}], tmp_path / "uno")
    result = merge([ravi, tmp_path / "returned" / jane.name, nobody], tmp_path / "merged.xlsx")
    assert "OWN-1" not in {i.id for i in read_workbook(result.path).assessment.indicators}
    (listed,) = [c for c in result.conflicts if c[0] == "OWN-1"]
    assert listed[1:3] == ("indicator", f"deleted ({jane.name})"), listed
    assert "'Reviews on time'" in listed[3] and "as split wrote it, not kept" in listed[3]
