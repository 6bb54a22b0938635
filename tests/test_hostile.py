"""Fuzzing the reader, output safety (formula injection, atomic writes) and the parallel compare.

The fuzz test runs a short pass by default; set FUZZ_EXAMPLES=2000 for a long run on demand.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile

import openpyxl
import pytest
from fill import fill_workbook
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment_builder.carry import merge
from assessment_builder.compare import compare_files, write_compare_xlsx
from assessment_builder.errors import CATALOGUE
from assessment_builder.model import ActionItem, Assessment, EvidenceItem, StatementAnswer
from assessment_builder.output import atomic_write
from assessment_builder.workbook import layout as L
from assessment_builder.workbook import write_workbook
from assessment_builder.workbook.read import read_workbook

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def valid(cqc, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fuzz")
    blank = write_workbook(cqc, "Fuzz Council", tmp / "blank.xlsx")
    return fill_workbook(
        blank,
        tmp / "valid.xlsx",
        {"assessing_needs": {"score": 3, "strengths": "ok"}},
        [{"id": "E1", "statements": "QS1"}],
    )


def _check(data: bytes, tmp_path) -> None:
    path = tmp_path / "fuzzed.xlsx"
    path.write_bytes(data)
    result = read_workbook(path)  # must never raise
    for f in result.findings:
        assert f.code in CATALOGUE and f.message
    if result.assessment is None:
        assert result.errors, "a workbook that cannot be read must say why"


@FUZZ
@given(st.data())
def test_mutated_zip_members_never_crash_the_reader(valid, tmp_path, data):
    with zipfile.ZipFile(valid) as z:
        members = {i.filename: z.read(i.filename) for i in z.infolist()}
    name = data.draw(st.sampled_from(sorted(members)))
    body = bytearray(members[name])
    for _ in range(data.draw(st.integers(1, 8))):
        if body:
            pos = data.draw(st.integers(0, len(body) - 1))
            body[pos] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        body = body[: data.draw(st.integers(0, len(body)))]
    members[name] = bytes(body)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in members.items():
            z.writestr(n, b)
    _check(out.getvalue(), tmp_path)


@FUZZ
@given(st.binary(max_size=64), st.integers(0, 30000))
def test_truncated_and_spliced_files_never_crash_the_reader(valid, tmp_path, junk, cut):
    _check(valid.read_bytes()[:cut] + junk, tmp_path)


CELL_VALUES = st.one_of(
    st.none(),
    st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=40),
    st.integers(-10, 10),
    st.floats(allow_nan=True, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1)),
    st.sampled_from(["=1+2", "=A1", "=NA()", "3 - Evidence shows a good standard", "QS1, QS99", " ", "#REF!"]),
)


@FUZZ
@given(
    st.lists(
        st.tuples(
            st.sampled_from([L.SHEET_ASSESSMENT, L.SHEET_EVIDENCE, L.SHEET_ACTIONS]),
            st.integers(1, 20),
            st.integers(1, 14),
            CELL_VALUES,
        ),
        max_size=12,
    )
)
def test_random_cell_values_never_crash_the_reader(valid, tmp_path, edits):
    wb = openpyxl.load_workbook(valid)
    for sheet, row, col, value in edits:
        ws = wb[sheet]
        if isinstance(ws.cell(row=row, column=col), openpyxl.cell.cell.MergedCell):
            continue
        ws.cell(row=row, column=col).value = value
    out = io.BytesIO()
    wb.save(out)
    _check(out.getvalue(), tmp_path)


INJECTIONS = ['=HYPERLINK("http://x","x")', "+SUM(1,2)", "-2+3", "@SUM(A1)", "=cmd|' /C calc'!A0"]


def _no_formulas_from_user_text(path) -> None:
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        if ws.title == L.SHEET_DASHBOARD:
            continue  # the dashboard's own formulas
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value in INJECTIONS:
                    assert cell.data_type == "s", f"{ws.title}!{cell.coordinate} holds user text as a formula"


def test_user_text_never_becomes_a_formula_in_any_spreadsheet_output(cqc, tmp_path):
    ids = [s.id for s in cqc.statements]
    bad = Assessment(
        cqc,
        INJECTIONS[0],
        {
            sid: StatementAnswer(sid, {"strengths": INJECTIONS[i % 5], "lead": INJECTIONS[(i + 1) % 5]})
            for i, sid in enumerate(ids)
        },
        [EvidenceItem("E1", INJECTIONS[1], "processes", [ids[0]], None, INJECTIONS[2], INJECTIONS[3])],
        [ActionItem("A1", ids[0], INJECTIONS[4], INJECTIONS[3])],
    )
    a = write_workbook(cqc, INJECTIONS[4], tmp_path / "a.xlsx", prefill=bad)
    _no_formulas_from_user_text(a)
    result = read_workbook(a)
    assert result.assessment.answers[ids[0]].values["strengths"] == INJECTIONS[0]
    # a merge conflicts sheet repeats user text too
    b_prefill = Assessment(cqc, INJECTIONS[4], {ids[0]: StatementAnswer(ids[0], {"strengths": INJECTIONS[2]})}, [], [])
    b = write_workbook(cqc, INJECTIONS[4], tmp_path / "b.xlsx", prefill=b_prefill)
    merged = merge([a, b], tmp_path / "m.xlsx")
    assert merged.conflicts
    _no_formulas_from_user_text(merged.path)
    comparison = compare_files([a, b], workers=1)
    _no_formulas_from_user_text(write_compare_xlsx(comparison, tmp_path / "c.xlsx"))


def test_a_crash_while_writing_leaves_the_old_file(tmp_path):
    target = tmp_path / "report.xlsx"
    target.write_bytes(b"the old report")

    def crash(tmp):
        tmp.write_bytes(b"half a fi")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        atomic_write(target, crash, force=True)
    assert target.read_bytes() == b"the old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.xlsx"], "no temporary file is left behind"


def test_parallel_compare_equals_serial(cqc, tmp_path):
    paths = []
    for i in range(9):
        prefill = Assessment(
            cqc, f"Council {i}", {"assessing_needs": StatementAnswer("assessing_needs", {"score": 1 + i % 4})}, [], []
        )
        paths.append(write_workbook(cqc, f"Council {i}", tmp_path / f"c{i}.xlsx", prefill=prefill))
    (tmp_path / "bad.xlsx").write_bytes(b"junk")
    paths.append(tmp_path / "bad.xlsx")
    serial = compare_files(paths, workers=1)
    parallel = compare_files(paths, workers=2)
    assert parallel == serial
    assert [e.label for e in parallel.entries] == [f"Council {i}" for i in range(9)]
    assert [s.source for s in parallel.skipped] == ["bad.xlsx"]
