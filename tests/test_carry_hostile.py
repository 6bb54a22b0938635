"""Carry commands under hostile input: colliding lead names, moved columns, lost logs, mismatched frameworks.

Each test reproduces a way work was lost (issue 13) and asserts the outcome a user
relies on: every part its own file, every row carried exactly, or a refusal with
nothing written.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import openpyxl
import pytest
from conftest import FIXTURES
from fill import fill_workbook
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from libreoffice import uno_edit

from assessment_builder.carry import CarryRefused, merge, migrate
from assessment_builder.carry.checked import read_checked
from assessment_builder.carry.split import file_names, slug
from assessment_builder.cli import main
from assessment_builder.errors import CATALOGUE, AssessmentBuilderError, OutputExists
from assessment_builder.model import Assessment, StatementAnswer
from assessment_builder.output import atomic_write_all
from assessment_builder.workbook import layout as L
from assessment_builder.workbook import write_workbook
from assessment_builder.workbook.read import read_workbook

LEADS = ["Jane Smith", "jane smith", "Jane.Smith", "李明", "王芳", "محمد علي", "أحمد حسن", None, "Jane Smith"]

EVIDENCE = [
    {
        "id": f"E{i}",
        "title": f"Evidence title {i}",
        "category": "Processes" if i % 2 else "People's experience",
        "statements": "QS1, QS7" if i % 2 else "QS2",
        "date": dt.date(2024, 1, i),
        "owner": f"Owner {i}",
        "location": f"https://intranet/e{i}",
    }
    for i in range(1, 6)
]
ACTIONS = [
    {
        "id": f"A{i}",
        "statement": "QS1" if i % 2 else "QS7",
        "action": f"Action text {i}",
        "owner": f"Officer {i}",
        "due": dt.date(2025, 6, i),
        "status": "In progress" if i % 2 else "Not started",
    }
    for i in range(1, 4)
]


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture(scope="module")
def filled(cqc, tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("carry-hostile")
    blank = write_workbook(cqc, "Northshire County Council", tmp / "blank.xlsx")
    answers = {
        "assessing_needs": {"score": 3, "strengths": "Strong", "lead": "Jane Smith"},
        "safeguarding": {"score": 2, "development": "Gaps", "lead": "李明"},
    }
    return fill_workbook(blank, tmp / "filled.xlsx", answers, EVIDENCE, ACTIONS)


def _carried(path: Path) -> tuple[list, list]:
    a = read_workbook(path).assessment
    return (
        [(e.id, e.title, e.category, e.statements, e.date, e.owner, e.location) for e in a.evidence],
        [(x.id, x.statement, x.action, x.owner, x.due, x.status) for x in a.actions],
    )


# --- split: every lead its own file, all parts or none -------------------------------------------


@pytest.fixture
def leads_workbook(cqc, tmp_path) -> Path:
    answers = {
        s.id: StatementAnswer(s.id, {"lead": LEADS[i % len(LEADS)], "score": 3}) for i, s in enumerate(cqc.statements)
    }
    return write_workbook(cqc, "C", tmp_path / "leads.xlsx", prefill=Assessment(cqc, "C", answers, [], []))


def test_every_lead_gets_its_own_part_whatever_its_name(runner, cqc, leads_workbook, tmp_path):
    folder = tmp_path / "parts"
    folder.mkdir()
    result = runner.invoke(main, ["split", str(leads_workbook), "--by", "lead", "-o", str(folder)])
    assert result.exit_code == 0, result.output
    expected = {
        "Jane Smith": "jane-smith.xlsx",
        "jane smith": "jane-smith-2.xlsx",
        "Jane.Smith": "jane-smith-3.xlsx",
        "李明": "李明.xlsx",
        "王芳": "王芳.xlsx",
        "محمد علي": "محمد-علي.xlsx",
        "أحمد حسن": "أحمد-حسن.xlsx",
        "(no lead)": "no-lead.xlsx",
    }
    for name, file in expected.items():
        assert f"{name} -> {folder / file}" in result.output
    assert _files(folder) == sorted(expected.values()), "no temporary file is left"
    for name, file in expected.items():
        part = read_workbook(folder / file).assessment
        leads = {str(a.values.get("lead") or "(no lead)") for a in part.answers.values()}
        assert leads == {name}, f"{file} holds only {name}'s statements"
    # every statement is in exactly one part
    held = [sid for file in expected.values() for sid in read_workbook(folder / file).assessment.answers]
    assert sorted(held) == sorted(s.id for s in cqc.statements)


def test_split_refuses_before_writing_anything_when_a_part_exists(runner, leads_workbook, tmp_path):
    folder = tmp_path / "parts"
    folder.mkdir()
    (folder / "李明.xlsx").write_bytes(b"someone's work")
    result = runner.invoke(main, ["split", str(leads_workbook), "-o", str(folder)])
    assert result.exit_code == 1 and "already exists" in result.output
    assert _files(folder) == ["李明.xlsx"], "nothing written, no temporary folder left"
    assert (folder / "李明.xlsx").read_bytes() == b"someone's work"


def test_split_places_all_parts_or_none(tmp_path):
    folder = tmp_path / "parts"
    folder.mkdir()
    outs = [folder / "a.xlsx", folder / "b.xlsx"]

    def write_then_race(out: Path, tmp: Path) -> None:
        tmp.write_bytes(f"new {out.name}".encode())
        if out == outs[-1]:
            (folder / "b.xlsx").write_bytes(b"made by another run meanwhile")

    with pytest.raises(OutputExists):
        atomic_write_all(outs, write_then_race)
    assert _files(folder) == ["b.xlsx"], "a.xlsx was taken back"
    assert (folder / "b.xlsx").read_bytes() == b"made by another run meanwhile"


def test_split_with_force_restores_replaced_parts_when_one_fails(tmp_path):
    folder = tmp_path / "parts"
    folder.mkdir()
    (folder / "a.xlsx").write_bytes(b"old a")
    os.chmod(folder / "a.xlsx", 0o664)
    outs = [folder / "a.xlsx", folder / "b.xlsx"]

    def write_then_block(out: Path, tmp: Path) -> None:
        tmp.write_bytes(b"new")
        if out == outs[-1]:
            (folder / "b.xlsx").mkdir()  # the second part cannot be placed

    with pytest.raises(AssessmentBuilderError):
        atomic_write_all(outs, write_then_block, force=True)
    assert (folder / "a.xlsx").read_bytes() == b"old a", "the replaced part is restored"
    assert _files(folder) == ["a.xlsx", "b.xlsx"]
    # and a successful forced run keeps the shared file's mode
    shutil.rmtree(folder / "b.xlsx")
    atomic_write_all(outs, lambda _out, tmp: tmp.write_bytes(b"new"), force=True)
    assert (folder / "a.xlsx").read_bytes() == b"new"
    assert (os.stat(folder / "a.xlsx").st_mode & 0o777) == 0o664
    assert _files(folder) == ["a.xlsx", "b.xlsx"], "no backup left"


@pytest.mark.parametrize(
    "names",
    [
        ["Jane Smith", "jane smith", "JANE SMITH", "Jane.Smith", "Jane-Smith", "jane-smith-2"],
        ["李明", "王芳", "李 明"],
        ["محمد علي", "أحمد حسن", "محمد  علي"],
        ["???", "!!!", "🙂", "CON", "nul", ""],
        ["é", "e\u0301", "É"],
        ["a" * 300, "a" * 300 + "b"],
    ],
)
def test_file_names_are_distinct_safe_and_stable(names):
    stems = file_names(names)
    assert len({s.casefold() for s in stems}) == len(names), stems
    assert stems == file_names(list(names)), "stable"
    for stem in stems:
        assert stem and len(stem.encode("utf-8")) < 200
        assert not set(stem) & set('/\\:*?"<>|\0') and not stem.startswith(".")
        assert stem.lower() not in ("con", "nul", "prn", "aux")
    assert slug("李明") == "李明" and slug("Jane.Smith") == "jane-smith"


# --- migrate and new --from carry what the checked reader read --------------------------------------


def _uno_edit(src: Path, dst: Path, edits: list[list]) -> Path:
    """Edit in real LibreOffice through UNO (tests/uno_edit.py), as a person would."""
    uno_edit([{"src": str(src), "dst": str(dst), "edits": edits}], dst.parent / "uno")
    return dst


@pytest.mark.libreoffice
def test_columns_inserted_and_moved_in_libreoffice_are_carried_exactly(runner, filled, tmp_path):
    edited = _uno_edit(
        filled,
        tmp_path / "edited.xlsx",
        [
            ["insert_column", "Evidence", 2, "Notes", None],  # before column C
            ["move_column", "Actions", 5, 2],  # column F moved before C
        ],
    )
    ws = openpyxl.load_workbook(edited)["Evidence"]
    assert [c.value for c in ws[1][:4]] == ["Evidence ID", "Title", "Notes", "Category"], "the edit happened"
    ws = openpyxl.load_workbook(edited)["Actions"]
    assert [c.value for c in ws[1][:4]] == ["Action ID", "Statement", "Status", "Action"], "the edit happened"
    want = _carried(filled)
    assert want[0][0] == ("E1", "Evidence title 1", "processes", ["assessing_needs", "safeguarding"],
                          dt.date(2024, 1, 1), "Owner 1", "https://intranet/e1")  # fmt: skip
    migrated = tmp_path / "migrated.xlsx"
    result = runner.invoke(main, ["migrate", str(edited), "-f", "cqc-la", "-o", str(migrated)])
    assert result.exit_code == 0, result.output
    assert _carried(migrated) == want
    prefilled = tmp_path / "next.xlsx"
    result = runner.invoke(
        main, ["new", "-c", "Northshire County Council", "--from", str(edited), "-o", str(prefilled)]
    )
    assert result.exit_code == 0, result.output
    evidence, actions = _carried(prefilled)
    assert evidence == want[0]
    assert [a[:5] for a in actions] == [a[:5] for a in want[1]]


@pytest.mark.libreoffice
def test_a_column_moved_out_of_its_table_is_still_read(runner, filled, tmp_path):
    """Date cut and put before column A leaves the Evidence table: every date was read as empty."""
    edited = _uno_edit(filled, tmp_path / "edited.xlsx", [["move_column", "Evidence", 4, 0]])
    ws = openpyxl.load_workbook(edited)["Evidence"]
    assert [c.value for c in ws[1][:2]] == ["Date", "Evidence ID"], "the edit happened"
    result = runner.invoke(main, ["import", str(edited), "--json"])
    assert result.exit_code == 0, result.output
    found = [(f["code"], f["cell"]) for f in json.loads(result.stdout)["findings"]]
    assert found == [("W301", "A1")]
    want = _carried(filled)
    prefilled = tmp_path / "next.xlsx"
    result = runner.invoke(
        main, ["new", "-c", "Northshire County Council", "--from", str(edited), "-o", str(prefilled)]
    )
    assert result.exit_code == 0, result.output
    assert _carried(prefilled)[0] == want[0]


def _edit(src: Path, dst: Path, change) -> Path:
    wb = openpyxl.load_workbook(src)
    change(wb)
    wb.save(dst)
    return dst


def _set_named(wb, name: str, value) -> None:
    (sheet, ref), *_ = list(wb.defined_names[name].destinations)
    wb[sheet][ref.replace("$", "")].value = value


def test_migrate_reads_a_broken_name_and_a_score_typed_as_text(runner, filled, tmp_path):
    from openpyxl.workbook.defined_name import DefinedName

    def damage(wb):
        wb.defined_names["ab_assessing_needs_strengths"] = DefinedName(
            "ab_assessing_needs_strengths", attr_text="#REF!"
        )
        _set_named(wb, "ab_safeguarding_score", "2.0")

    broken = _edit(filled, tmp_path / "broken.xlsx", damage)
    out = tmp_path / "migrated.xlsx"
    result = runner.invoke(main, ["migrate", str(broken), "-f", "cqc-la", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "bug" not in result.output
    a = read_workbook(out).assessment
    assert a.answers["assessing_needs"].values["strengths"] == "Strong", "found by heading and code"
    assert a.answers["safeguarding"].score == 2
    assert _carried(out) == _carried(filled)


def _rename_evidence_without_table(wb):
    ws = wb[L.SHEET_EVIDENCE]
    del ws.tables[L.TABLE_EVIDENCE]
    ws.title = "Evidence log"


def _delete_actions(wb):
    del wb[L.SHEET_ACTIONS]


def _rename_date_heading(wb):
    wb[L.SHEET_EVIDENCE]["E1"].value = "When it happened"


def _carry_commands(bad: Path, good: Path, tmp_path: Path, parts: Path) -> dict[str, list[str]]:
    """Every carry command, each writing beside ``bad`` (split into ``parts``, merge with ``good``)."""
    return {
        "new": ["new", "-c", "X", "--from", str(bad), "-o", str(tmp_path / "new.xlsx")],
        "migrate": ["migrate", str(bad), "-f", "cqc-la", "-o", str(tmp_path / "migrated.xlsx")],
        "split": ["split", str(bad), "-o", str(parts)],
        "merge": ["merge", str(good), str(bad), "-o", str(tmp_path / "merged.xlsx")],
    }


@pytest.mark.parametrize("change", [_delete_actions, _rename_date_heading], ids=lambda f: f.__name__)
def test_carry_commands_refuse_a_workbook_whose_log_was_not_found(runner, filled, tmp_path, change):
    bad = _edit(filled, tmp_path / "bad.xlsx", change)
    before = bad.read_bytes()
    parts = tmp_path / "parts"
    parts.mkdir()
    for name, args in _carry_commands(bad, filled, tmp_path, parts).items():
        result = runner.invoke(main, args)
        assert result.exit_code == 1, (name, result.output)
        assert "nothing was written" in result.output, (name, result.output)
        assert "W308" in result.output or "W306" in result.output, (name, result.output)
        assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.xlsx", "parts"]
    assert _files(parts) == []
    assert bad.read_bytes() == before


def _financial_year_date(wb):
    wb[L.SHEET_EVIDENCE]["E2"].value = "2024/25"  # a financial year, not a date


def _unknown_statement_code(wb):
    wb[L.SHEET_EVIDENCE]["D2"].value = "QS1, QS99"  # QS99 is in no framework


def _due_date_in_words(wb):
    wb[L.SHEET_ACTIONS]["E2"].value = "next spring"


@pytest.mark.parametrize(
    ("change", "cell"),
    [(_financial_year_date, "E2"), (_unknown_statement_code, "D2"), (_due_date_in_words, "E2")],
    ids=lambda v: getattr(v, "__name__", v),
)
def test_carry_commands_refuse_a_value_they_would_lose(runner, filled, tmp_path, change, cell):
    """`import` reads a date such as '2024/25' as empty with a warning; a carried workbook would hold nothing
    there and the words typed would be gone for good. Every carry command refuses, naming the cell."""
    bad = _edit(filled, tmp_path / "bad.xlsx", change)
    before = bad.read_bytes()
    read = runner.invoke(main, ["import", str(bad)])
    assert read.exit_code == 0 and "warning" in read.output and cell in read.output, read.output
    parts = tmp_path / "parts"
    parts.mkdir()
    for name, args in _carry_commands(bad, filled, tmp_path, parts).items():
        result = runner.invoke(main, args)
        assert result.exit_code == 1, (name, result.output)
        assert "holds values that could not be read" in result.output and "nothing was written" in result.output
        assert f" {cell} " in result.output and "lose what was typed" in result.output, (name, result.output)
        assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.xlsx", "parts"]
    assert _files(parts) == []
    assert bad.read_bytes() == before


def test_a_value_read_with_a_warning_but_kept_is_still_carried(runner, filled, tmp_path):
    """Only a value read as empty stops a carry: a date typed as text and read (W404) is carried, as read."""
    typed = _edit(filled, tmp_path / "typed.xlsx", lambda wb: wb[L.SHEET_EVIDENCE].__setitem__("E2", "31/03/2025"))
    out = tmp_path / "new.xlsx"
    result = runner.invoke(main, ["new", "-c", "X", "--from", str(typed), "-o", str(out)])
    assert result.exit_code == 0 and "W404" in result.output, result.output
    assert _carried(out)[0][0][4] == dt.date(2025, 3, 31)


def _rename_evidence(wb):
    wb[L.SHEET_EVIDENCE].title = "Log"


@pytest.mark.parametrize("change", [_rename_evidence, _rename_evidence_without_table], ids=lambda f: f.__name__)
def test_a_renamed_sheet_is_carried_whole_or_refused(runner, filled, tmp_path, change):
    """Whether or not the reader finds the evidence log on its renamed sheet, none of it is lost."""
    renamed = _edit(filled, tmp_path / "renamed.xlsx", change)
    for args in (["new", "-c", "X", "--from", str(renamed)], ["migrate", str(renamed), "-f", "cqc-la"]):
        out = tmp_path / "out.xlsx"
        result = runner.invoke(main, [*args, "-o", str(out)])
        if result.exit_code == 0:
            assert _carried(out)[0] == _carried(filled)[0], result.output
            assert "warning: W301" in result.output, "the rename is reported"
            out.unlink()
        else:
            assert result.exit_code == 1 and not out.exists(), result.output


def test_carry_refuses_a_workbook_with_errors_with_located_findings(filled, tmp_path):
    bad = _edit(filled, tmp_path / "bad.xlsx", lambda wb: _set_named(wb, "ab_assessing_needs_score", "seven"))
    with pytest.raises(CarryRefused) as err:
        migrate(bad, "cqc-la", tmp_path / "m.xlsx")
    assert [f.code for f in err.value.findings] == ["W400"] or all(f.code.startswith("W4") for f in err.value.findings)
    assert all(f.sheet and f.cell for f in err.value.findings), "every finding says where"
    assert not (tmp_path / "m.xlsx").exists()


# --- new --from takes the framework from its source ------------------------------------------------


def test_new_from_answers_keeps_their_framework_and_refuses_another(runner, peer_challenge, tmp_path):
    first = peer_challenge.statements[0]
    answers = {first.id: StatementAnswer(first.id, {"strengths": "Peer strengths", "lead": "Sam"})}
    source = write_workbook(
        peer_challenge,
        "Peer Council",
        tmp_path / "pc.xlsx",
        prefill=Assessment(peer_challenge, "Peer Council", answers),
    )
    saved = tmp_path / "pc.yaml"
    assert runner.invoke(main, ["import", str(source), "-o", str(saved)]).exit_code == 0
    out = tmp_path / "next.xlsx"
    result = runner.invoke(main, ["new", "-c", "Peer Council", "--from", str(saved), "-o", str(out)])
    assert result.exit_code == 0, result.output
    a = read_workbook(out).assessment
    assert a.framework.id == peer_challenge.id
    assert a.answers[first.id].values["strengths"] == "Peer strengths"
    for framework in ("cqc-la", str(FIXTURES / "mini-rated.yaml")):
        other = tmp_path / "other.xlsx"
        result = runner.invoke(main, ["new", "-c", "X", "-f", framework, "--from", str(saved), "-o", str(other)])
        assert result.exit_code == 2 and "Leave out -f" in result.output, result.output
        assert not other.exists()
        result = runner.invoke(main, ["new", "-c", "X", "-f", framework, "--from", str(source), "-o", str(other)])
        assert result.exit_code == 2 and "Leave out -f" in result.output, result.output
    result = runner.invoke(main, ["new", "-c", "X", "-f", peer_challenge.id, "--from", str(saved), "-o", str(out)])
    assert result.exit_code == 1 and "already exists" in result.output
    without = tmp_path / "blank.xlsx"
    assert runner.invoke(main, ["new", "-c", "X", "-o", str(without)]).exit_code == 0
    assert read_workbook(without).assessment.framework.id == "cqc-la", "without --from the default stays cqc-la"


# --- merge keeps both items of one id -------------------------------------------------------------------


def test_merge_keeps_both_items_of_one_id_and_says_so_in_words(runner, cqc, tmp_path):
    blank = write_workbook(cqc, "One Council", tmp_path / "blank.xlsx")
    e11 = {"id": "E11", "title": "Audit of reviews", "category": "Processes", "statements": "QS1"}
    a = fill_workbook(blank, tmp_path / "a.xlsx", evidence=[e11, {"id": "E2", "title": "Shared", "statements": "QS2"}])
    other = {**e11, "title": "Survey of carers", "statements": "QS7"}
    b = fill_workbook(
        blank, tmp_path / "b.xlsx", evidence=[other, {"id": "E2", "title": "Shared", "statements": "QS2"}]
    )
    out = tmp_path / "m.xlsx"
    result = runner.invoke(main, ["merge", str(a), str(b), "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert "EvidenceItem(" not in result.output
    assert "E11 'Audit of reviews'" in result.output and "E11 'Survey of carers'" in result.output
    assert "as E11-2" in result.output
    merged = read_workbook(out).assessment
    assert [(e.id, e.title) for e in merged.evidence] == [
        ("E2", "Shared"),
        ("E11", "Audit of reviews"),
        ("E11-2", "Survey of carers"),
    ]
    assert merged.evidence[2].statements == ["safeguarding"]
    sheet = openpyxl.load_workbook(out)["Merge conflicts"]
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert not any("EvidenceItem(" in c or "ActionItem(" in c for c in cells)
    assert sheet["A2"].value == "E11" and "Survey of carers" in sheet["D2"].value
    # a third part repeating the renamed item adds nothing more
    again = merge([a, b, b], tmp_path / "m3.xlsx")
    assert len(again.conflicts) == 1


# --- the reader carry uses, fuzzed -------------------------------------------------------------------------

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

_values = st.one_of(
    st.none(),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=20),
    st.sampled_from(["3.0", "#REF!", "=1+1", "QS1; QS99", "2024-13-45", " ", "E1", "Processes", "Complete", "٣"]),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 1, 1)),
)
_cells = st.lists(
    st.tuples(st.sampled_from(["Evidence", "Actions", "Assessment"]), st.integers(2, 12), st.integers(1, 7), _values),
    max_size=25,
)


def _blank(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


@pytest.fixture(scope="module")
def fuzz_base(cqc, tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("carry-fuzz")
    return write_workbook(cqc, "Fuzz Council", tmp / "base.xlsx")


@FUZZ
@given(cells=_cells)
def test_the_carry_reader_raises_only_its_own_errors_and_drops_no_row(fuzz_base, tmp_path, cells):
    wb = openpyxl.load_workbook(fuzz_base)
    names = [n for n in wb.defined_names if n.startswith("ab_") and n.rsplit("_", 1)[-1] in ("score", "strengths")]
    for sheet, row, col, value in cells:
        if sheet == "Assessment":
            _set_named(wb, names[(row * 7 + col) % len(names)], value)
        else:
            cell = wb[sheet].cell(row=row, column=col)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "f" if value.startswith("=") else "s"
    path = tmp_path / "fuzzed.xlsx"
    wb.save(path)
    try:
        assessment, warnings = read_checked(path)
    except CarryRefused as exc:
        assert exc.findings and all(f.code in CATALOGUE and f.message for f in exc.findings)
        return
    except AssessmentBuilderError:
        return
    check = openpyxl.load_workbook(path)["Evidence"]
    rows = [r for r in range(2, 13) if not all(_blank(check.cell(row=r, column=c).value) for c in range(1, 8))]
    located = {
        r for r in rows for f in warnings if f.sheet == "Evidence" and f.cell and f.cell[1:].lstrip("ABCDEFG") == str(r)
    }
    assert len(assessment.evidence) >= len(rows) - len(located), "every non-empty Evidence row is read or located"


def test_split_makes_a_new_parts_folder_but_not_its_parent(runner, filled, tmp_path):
    parts = tmp_path / "parts"
    result = runner.invoke(main, ["split", str(filled), "--by", "theme", "-o", str(parts)])
    assert result.exit_code == 0, result.output
    assert len(_files(parts)) == 4
    deeper = tmp_path / "missing" / "parts"
    result = runner.invoke(main, ["split", str(filled), "--by", "theme", "-o", str(deeper)])
    assert result.exit_code == 2 and "does not exist" in result.output
    assert not (tmp_path / "missing").exists()


def test_an_answers_file_with_a_value_not_read_is_not_carried(runner, tmp_path):
    """The answers file's own warnings that leave a value out (A106, A108) stop `new --from` alike."""
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "framework: {id: cqc-la}\ncouncil: Test\nstatements:\n  assessing_needs: {score: 3}\n"
        "evidence:\n  - {id: E1, statements: [assessing_needs], date: next week}\n",
        encoding="utf-8",
    )
    out = tmp_path / "new.xlsx"
    result = runner.invoke(main, ["new", "-c", "Test", "--from", str(answers), "-o", str(out)])
    assert result.exit_code == 1 and not out.exists(), result.output
    assert "A108" in result.output and "holds values that could not be read" in result.output
    answers.write_text(answers.read_text(encoding="utf-8").replace("next week", "2025-03-31"), encoding="utf-8")
    assert runner.invoke(main, ["new", "-c", "Test", "--from", str(answers), "-o", str(out)]).exit_code == 0
