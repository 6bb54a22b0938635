"""Every row is the statement it says it is; tables are found wherever their sheet went; reading is bounded;
and whatever the reader accepts, LibreOffice's recalculated Dashboard computes the same."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import resource
import subprocess
import sys

import openpyxl
import pytest
from conftest import ROOT
from fill import fill_workbook
from libreoffice import requires_libreoffice, resave_many, uno_edit

from assessment_builder.errors import CATALOGUE, Severity
from assessment_builder.workbook import layout as L
from assessment_builder.workbook import write_workbook
from assessment_builder.workbook.read import _read_with, read_workbook

SCORES = {"assessing_needs": 1, "supporting_healthier_lives": 4, "equity_in_experiences_and_outcomes": 2}


@pytest.fixture(scope="module")
def blank(cqc, tmp_path_factory):
    return write_workbook(cqc, "Identity Council", tmp_path_factory.mktemp("identity") / "blank.xlsx")


@pytest.fixture(scope="module")
def filled(blank, tmp_path_factory):
    answers = {sid: {"score": v, "lead": f"Lead of {sid}"} for sid, v in SCORES.items()}
    evidence = [{"id": "E1", "title": "Survey", "category": "Processes", "statements": "QS1, QS2, QS3"}]
    actions = [{"id": "A1", "statement": "QS1", "action": "Fix"}, {"id": "A2", "statement": "QS3", "action": "Fix"}]
    return fill_workbook(blank, tmp_path_factory.mktemp("identity") / "filled.xlsx", answers, evidence, actions)


def _read(path):
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = read_workbook(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert all(f.code in CATALOGUE and f.message for f in result.findings)
    return result


def _found(result, code):
    return [(f.severity, f.sheet, f.cell, f.item) for f in result.findings if f.code == code]


def _swap_rows(ws, a, b, columns=range(1, 13)):
    """What a sort does: the contents of two rows trade places; the defined names stay on their cells."""
    for c in columns:
        x, y = ws.cell(row=a, column=c), ws.cell(row=b, column=c)
        x.value, y.value = y.value, x.value


# --- 1. identity of every Assessment row -----------------------------------------------------------


def test_sorted_rows_are_read_by_their_code(filled, tmp_path):
    wb = openpyxl.load_workbook(filled)
    _swap_rows(wb[L.SHEET_ASSESSMENT], 5, 7)  # QS1 and QS3 trade rows, names stay
    wb.save(tmp_path / "sorted.xlsx")
    result = _read(tmp_path / "sorted.xlsx")
    assert result.assessment.scores() == {**dict.fromkeys(result.assessment.scores()), **SCORES}
    assert result.assessment.answers["assessing_needs"].values["lead"] == "Lead of assessing_needs"
    assert _found(result, "W305") == [
        (Severity.WARNING, "Assessment", "A7", "assessing_needs"),
        (Severity.WARNING, "Assessment", "A5", "equity_in_experiences_and_outcomes"),
    ]
    assert "read from row 7" in next(f.message for f in result.findings if f.code == "W305")
    assert result.ok, "read by code with a warning: the scores are right"


def _copy_context(ws, src, dst):
    for c in range(1, 7):
        ws.cell(row=dst, column=c).value = ws.cell(row=src, column=c).value


@pytest.mark.parametrize(
    ("change", "item", "cell"),
    [
        # QS1's row sorted away and its code retyped: QS1 is on no row
        (lambda ws: (_swap_rows(ws, 5, 7), ws.cell(row=7, column=1, value="QS9")), "assessing_needs", "A5"),
        # QS1's code with QS3's wording: which statement is it?
        (lambda ws: ws.cell(row=5, column=2, value=ws.cell(row=7, column=2).value), "assessing_needs", "A5"),
        # QS1's code and wording pasted over QS3's row: QS3 is on no row
        (lambda ws: _copy_context(ws, 5, 7), "equity_in_experiences_and_outcomes", "A7"),
    ],
)
def test_rows_that_cannot_be_told_apart_are_refused(filled, tmp_path, change, item, cell):
    wb = openpyxl.load_workbook(filled)
    change(wb[L.SHEET_ASSESSMENT])
    wb.save(tmp_path / "bad.xlsx")
    result = _read(tmp_path / "bad.xlsx")
    assert (Severity.ERROR, "Assessment", cell, item) in _found(result, "W305")
    assert result.assessment.answers[item].score is None, "never another statement's score"
    assert not result.ok


@requires_libreoffice
def test_rows_sorted_and_sheet_renamed_in_libreoffice(filled, tmp_path):
    """Made the way users make them: LibreOffice sorts the first theme's rows by code, descending, and
    renames the Evidence sheet; the reader reads each statement by its code and the log in full."""
    jobs = [
        {
            "src": str(filled),
            "dst": str(tmp_path / "lo-sorted.xlsx"),
            "edits": [["sort", L.SHEET_ASSESSMENT, "A5:L6", 0, False], ["rename_sheet", "Evidence", "Evidence log"]],
        }
    ]
    uno_edit(jobs, tmp_path)
    result = _read(tmp_path / "lo-sorted.xlsx")
    scores = result.assessment.scores()
    assert scores["assessing_needs"] == 1 and scores["supporting_healthier_lives"] == 4
    assert {f.item for f in result.findings if f.code == "W305"} == {"assessing_needs", "supporting_healthier_lives"}
    assert [e.id for e in result.assessment.evidence] == ["E1"]
    (renamed,) = [f for f in result.findings if f.code == "W301"]
    assert renamed.sheet == "Evidence log" and renamed.severity == Severity.WARNING
    assert result.ok, [str(f) for f in result.errors]


@requires_libreoffice
def test_logs_sorted_in_libreoffice_with_their_heading_row_are_read_in_full(blank, tmp_path):
    """A lead selects a log with its heading row and sorts it without 'Range contains column labels':
    the headings go down among the entries (text after dates, 'Title' before 'Title Z' descending).
    Every entry is read whole by the headings where they are, and an error says how to put them back;
    with the table gone (as some programs save it), the entries above the headings are read too."""
    evidence = [
        {
            "id": f"E{i}",
            "title": f"Title {t}",
            "category": "Processes",
            "statements": "QS1",
            "date": dt.date(2025, i, 1),
        }
        for i, t in enumerate("XZY", start=1)
    ]
    actions = [{"id": f"A{i}", "statement": "QS1", "action": f"Do {i}", "due": dt.date(2026, 4 - i, 1)} for i in (1, 2)]
    filled = fill_workbook(blank, tmp_path / "logs.xlsx", {"assessing_needs": {"score": 2}}, evidence, actions)
    wb = openpyxl.load_workbook(filled)
    wb["Indicators"]["E2"], wb["Indicators"]["G3"] = 61.5, 77.0  # a lead's figures: the first two indicators
    wb.save(filled)
    edits = [["sort", L.SHEET_EVIDENCE, "A1:G4", 1, False], ["sort", L.SHEET_ACTIONS, "A1:F3", 4, True]]
    edits.append(["sort", "Indicators", "A1:K69", 1, False])
    uno_edit([{"src": str(filled), "dst": str(tmp_path / "sorted.xlsx"), "edits": edits}], tmp_path)
    wb = openpyxl.load_workbook(tmp_path / "sorted.xlsx")
    assert wb[L.SHEET_EVIDENCE]["B4"].value == "Title" and wb[L.SHEET_ACTIONS]["E3"].value == "Due date"
    for sheet in (L.SHEET_EVIDENCE, L.SHEET_ACTIONS, "Indicators"):
        del wb[sheet].tables[sheet]
    wb.save(tmp_path / "no-tables.xlsx")
    for name in ("sorted.xlsx", "no-tables.xlsx"):
        for backend in ("fast", "openpyxl"):
            result = _read_with(tmp_path / name, None, backend)
            got = result.assessment
            assert sorted((e.id, e.title, e.date, tuple(e.statements)) for e in got.evidence) == [
                (e["id"], e["title"], e["date"], ("assessing_needs",)) for e in evidence
            ], (name, backend)
            assert sorted((a.id, a.action, a.due) for a in got.actions) == [
                (a["id"], a["action"], a["due"]) for a in actions
            ]
            figures = {i.id: (i.value, i.england) for i in got.indicators if i.value or i.england}
            assert figures == {"ASCS-SATISFIED": (61.5, None), "ASCS-CONTROL": (None, 77.0)}, (name, backend)
            assert sorted((f.severity, f.sheet) for f in result.findings if f.code == "W301") == [
                (Severity.ERROR, L.SHEET_ACTIONS),
                (Severity.ERROR, L.SHEET_EVIDENCE),
                (Severity.ERROR, "Indicators"),
            ], (name, backend)
            assert {f.cell for f in result.findings if f.code == "W301"} >= {"A3", "A4"}
            assert not [f for f in result.findings if f.code in ("W307", "W308", "W505")]


# --- 2. tables found wherever their sheet went ---------------------------------------------------


def test_renamed_evidence_sheet_is_read_in_full(filled, tmp_path):
    wb = openpyxl.load_workbook(filled)
    wb[L.SHEET_EVIDENCE].title = "Our evidence"
    wb.move_sheet("Our evidence", offset=3)
    wb.save(tmp_path / "renamed.xlsx")
    result = _read(tmp_path / "renamed.xlsx")
    assert [e.statements for e in result.assessment.evidence] == [list(SCORES)]
    assert [(f.code, f.severity, f.sheet) for f in result.findings] == [("W301", Severity.WARNING, "Our evidence")]
    assert "renamed to 'Our evidence'" in result.findings[0].message


def test_table_moved_to_another_sheet_and_its_headings_found_elsewhere(filled, tmp_path):
    wb = openpyxl.load_workbook(filled)
    del wb[L.SHEET_ACTIONS].tables[L.TABLE_ACTIONS]
    wb[L.SHEET_ACTIONS].title = "Plan"  # no table left: found by its heading row on the renamed sheet
    wb.save(tmp_path / "plan.xlsx")
    result = _read(tmp_path / "plan.xlsx")
    assert [a.id for a in result.assessment.actions] == ["A1", "A2"]
    assert {(f.code, f.sheet) for f in result.findings} == {("W303", "Plan"), ("W301", "Plan")}


@pytest.mark.parametrize("sheet", [L.SHEET_EVIDENCE, L.SHEET_ACTIONS])
def test_a_log_that_is_nowhere_is_an_error(filled, tmp_path, sheet):
    wb = openpyxl.load_workbook(filled)
    del wb[sheet]
    wb.save(tmp_path / "gone.xlsx")
    result = _read(tmp_path / "gone.xlsx")
    # one error for the lost log, not a W503/W504 for every statement that it would have supported
    assert [(f.code, f.severity, f.sheet) for f in result.findings] == [("W306", Severity.ERROR, sheet)]
    assert not result.ok


# --- 3 and 4. bounded work; inputs that are not files ---------------------------------------------

MEMORY_LIMIT = 1536 * 1024**2


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "assessment_builder", *args],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limited,
        env=env,
    )


@pytest.mark.parametrize("sheet", [L.SHEET_EVIDENCE, L.SHEET_ASSESSMENT, L.SHEET_ACTIONS])
def test_a_far_away_cell_and_note_cost_nothing(filled, tmp_path, sheet):
    from openpyxl.comments import Comment

    wb = openpyxl.load_workbook(filled)
    wb[sheet]["J1048576"] = "far away"
    wb[sheet]["K1048575"].comment = Comment("a note far away", "someone")
    wb.save(tmp_path / "far.xlsx")
    result = _cli("import", "--json", str(tmp_path / "far.xlsx"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    if sheet == L.SHEET_EVIDENCE:
        assert "W307" in result.stdout + result.stderr and "J1048576" in result.stdout + result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_fifo_device_and_folder_are_refused_before_reading(tmp_path):
    fifo = tmp_path / "pipe.xlsx"
    os.mkfifo(fifo)  # nobody writes to it: opening it would block for ever
    for path, words in ((fifo, "named pipe"), ("/dev/zero", "device"), (tmp_path, "folder")):
        result = read_workbook(path)
        assert [f.code for f in result.findings] == ["W100"] and words in result.findings[0].message
        assert result.assessment is None
    cli = _cli("import", str(fifo))
    assert cli.returncode == 1 and "W100" in cli.stdout + cli.stderr and "Traceback" not in cli.stderr


# --- 5. the Dashboard computes what the reader accepts ------------------------------------------------

SCORE_CASES = [
    "2.5", "3-4", "٣", "４", "3.0", " 3 ", "3 - Evidence shows a good standard", "Three", "+3",
    "03", "3.", "3\n", "3\tgood", "3\u00a0- Evidence shows a good standard", True, "1e0", "٣ - good", 3.0,
    "4 good", "3 - Evidence shows some shortfalls", "Evidence shows a good standard", "3,0", "$3", "300%",
    "3:00", "(3)", "３ - Evidence shows a good standard", "  4  ", "2  -  shortfalls", "0", "5", "-3",
    "1/2", "2 1/2", "3 – good", "\u00a03",
]  # fmt: skip
PAIRS = [("QS1", "QS2"), ("QS3", "QS4"), ("QS5", "QS6"), ("QS7", "QS8")]  # one case per pair per workbook
STATEMENT_CASES = [
    "{a};{b}", "{a}, {b}", "{a}/{b}", "{a} and {b}", "{lower}", "{a}\n{b}", "{spaced},{b}", "{a},\u00a0{b}",
    "{a} {b}", "{a},,{b}", " {a} , {b} ", "{a}\n", "{a},{a}", "{a}&{b}", "{a}, QS99", "{a}.",
]  # fmt: skip
CATEGORIES = ["People's experience", "Feedback from staff and leaders", "Feedback from partners", "Processes"]
CATEGORY_CASES = [
    "{t}", " {t}", "{upper}", "{t} ", "{t}\n", "{id}", "{lower}", "{t}.",
    "{t}", "{lower}", "\u00a0{t}", "{t}{t}", "{upper}", "{t}", "{id}", " {t} ",
]  # fmt: skip


def _dashboard_cases(cqc, n):
    """Workbook n's scores (one case per statement) and evidence rows (cases isolated by statement pair and
    by category), so each Dashboard figure depends on one case only."""
    ids = [s.id for s in cqc.statements]
    scores = dict(zip(ids, SCORE_CASES[9 * n : 9 * n + 9]))
    evidence, cases = [], []
    for i, (a, b) in enumerate(PAIRS):
        s = cqc.statement(a)
        text = STATEMENT_CASES[4 * n + i].format(a=a, b=b, lower=a.lower(), spaced=a[:2] + " " + a[2:], id=s.id)
        evidence.append({"id": f"S{i}", "title": "x", "statements": text})
        cases.append(("statements", (a, b), text, f"D{len(evidence) + 1}"))
    for i, title in enumerate(CATEGORIES):
        cat = cqc.evidence_categories[i]
        assert cat.title == title
        text = CATEGORY_CASES[4 * n + i].format(t=title, upper=title.upper(), lower=title.lower(), id=cat.id)
        evidence.append({"id": f"C{i}", "title": "x", "category": text})
        cases.append(("category", cat, text, f"C{len(evidence) + 1}"))
    return scores, evidence, cases


@requires_libreoffice
def test_dashboard_equals_the_reader_for_every_value_it_accepts(cqc, blank, tmp_path):
    """One LibreOffice start recalculates four workbooks: for each case the reader refuses the value with a
    located error, or LibreOffice's Dashboard shows exactly what the reader read."""
    n_books = 4
    made = [_dashboard_cases(cqc, n) for n in range(n_books)]
    paths = [
        fill_workbook(blank, tmp_path / f"dash{n}.xlsx", {sid: {"score": v} for sid, v in scores.items()}, evidence)
        for n, (scores, evidence, _cases) in enumerate(made)
    ]
    problems = []
    for (scores, _evidence, cases), path, resaved in zip(made, paths, resave_many(paths, tmp_path / "lo")):
        result = read_workbook(path)
        refused = {(f.sheet, f.cell) for f in result.errors}
        a = result.assessment
        dash = openpyxl.load_workbook(resaved, data_only=True)[L.SHEET_DASHBOARD]
        rows = {r[0]: r for r in dash.iter_rows(min_row=13, values_only=True) if r[0]}
        for s in cqc.statements:
            on_dash = rows[s.code][4]
            on_dash = None if on_dash == "" else on_dash
            read = a.answers[s.id].score
            score_ref = _score_ref(path, s.id)
            if (L.SHEET_ASSESSMENT, score_ref) not in refused and on_dash != read:
                problems.append(f"score {scores.get(s.id)!r}: reader {read}, Dashboard {on_dash}")
        for kind, key, text, ref in cases:
            if (L.SHEET_EVIDENCE, ref) in refused:
                continue
            if kind == "statements":
                for code in key:
                    sid = cqc.statement(code).id
                    read = sum(sid in e.statements for e in a.evidence)
                    if rows[code][5] != read:
                        problems.append(f"statements {text!r}: reader counts {code} {read}, Dashboard {rows[code][5]}")
            else:
                read = sum(e.category == key.id for e in a.evidence)
                if rows[key.title][1] != read:
                    problems.append(f"category {text!r}: reader counts {read}, Dashboard {rows[key.title][1]}")
    assert not problems, "\n".join(problems)


def _score_ref(path, sid):
    wb = openpyxl.load_workbook(path)
    (_sheet, ref), *_ = list(wb.defined_names[L.input_name(sid, "score")].destinations)
    return ref.replace("$", "")


def test_rows_below_the_recorded_formula_rows_are_read_with_a_located_warning(filled, tmp_path):
    """The limit comes from _meta (what the writer sized the formulas to); rows below it are read in full."""
    wb = openpyxl.load_workbook(filled)
    meta = {r[0]: r[1] for r in wb[L.SHEET_META].iter_rows(values_only=True)}
    last = int(meta[L.META_FORMULA_ROWS]) + 1
    assert last == L.FORMULA_ROWS + 1
    ev, act = wb[L.SHEET_EVIDENCE], wb[L.SHEET_ACTIONS]
    ev.cell(row=last, column=1, value="E-last")  # the last counted row: no finding
    ev.cell(row=last + 1, column=1, value="E-below")
    act.cell(row=last + 3, column=1, value="A-below")
    wb.save(tmp_path / "long.xlsx")
    result = _read(tmp_path / "long.xlsx")
    assert _found(result, "W307") == [
        (Severity.WARNING, "Evidence", f"A{last + 1}", None),
        (Severity.WARNING, "Actions", f"A{last + 3}", None),
    ]
    assert {"E-last", "E-below"} <= {e.id for e in result.assessment.evidence}
    assert "A-below" in {a.id for a in result.assessment.actions}
    assert "new --from" in next(f.message for f in result.findings if f.code == "W307")
