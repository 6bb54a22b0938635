"""Texts that each fit an Excel cell but that merge or migrate would put together into one cell too long.

The workbook writer stops at the first cell longer than 32,767 characters and names it in the output,
a file that is never written. A user must instead be told which texts they typed, where, are too long,
all at once, and by how much.
"""

from __future__ import annotations

import openpyxl
import pytest
from conftest import FIXTURES
from libreoffice import uno_edit

from assessment_builder.carry import merge, migrate
from assessment_builder.carry.fits import TooLong
from assessment_builder.cli import main
from assessment_builder.model import Assessment, EvidenceItem, StatementAnswer
from assessment_builder.workbook import write_workbook
from assessment_builder.workbook.cells import MAX_TEXT


def _cell(path, sheet, key_column_value, heading):
    ws = openpyxl.load_workbook(path)[sheet]
    header = next(r for r in range(1, 12) if heading in [c.value for c in ws[r]])
    column = next(c.column_letter for c in ws[header] if c.value == heading)
    row = next(r for r in range(header + 1, ws.max_row + 1) if ws.cell(r, 1).value == key_column_value)
    return f"{column}{row}"


def _answer_cell(path, sid, key):
    from assessment_builder.workbook import layout as L

    wb = openpyxl.load_workbook(path)
    return next(iter(wb.defined_names[L.input_name(sid, key)].destinations))[1].replace("$", "")


def test_migrate_names_each_text_too_long_to_join_where_it_was_typed(mini_rated, runner, tmp_path):
    import yaml

    spec = yaml.safe_load((FIXTURES / "mini-rated.yaml").read_text(encoding="utf-8"))
    spec["version"] = "3.0"
    first = spec["themes"][0]
    first["statements"] = [{**first["statements"][0], "id": "alpha_beta", "code": "S12", "title": "Alpha and beta"}]
    spec["themes"][1]["statements"] = [{**spec["themes"][1]["statements"][0], "id": "delta", "code": "S30"}]
    spec["migrations"] = [
        {"from_version": "1.0", "merged": {"alpha": "alpha_beta", "beta": "alpha_beta"}, "retired": ["gamma"]}
    ]
    v3 = tmp_path / "mini-rated-v3.yaml"
    v3.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    long_a, long_b = "Alpha strengths. " * 1200, "Beta strengths. " * 1250  # 20,400 and 20,000 characters
    answers = {
        "alpha": StatementAnswer("alpha", {"score": 3, "strengths": long_a}),
        "beta": StatementAnswer("beta", {"score": 2, "strengths": long_b}),
        # retired: its whole answer goes into one cell of the review
        "gamma": StatementAnswer("gamma", {"strengths": "G. " * 6000, "development": "D. " * 6000}),
    }
    old = write_workbook(mini_rated, "C", tmp_path / "old.xlsx", prefill=Assessment(mini_rated, "C", answers))
    out = tmp_path / "new.xlsx"
    with pytest.raises(TooLong) as refused:
        migrate(old, str(v3), out)
    where = {(f.file, f.sheet, f.cell) for f in refused.value.findings}
    for sid, key in (("alpha", "strengths"), ("beta", "strengths"), ("gamma", "strengths"), ("gamma", "development")):
        assert (str(old), "Assessment", _answer_cell(old, sid, key)) in where, (sid, key)  # every one at once
    messages = [f.message for f in refused.value.findings]
    assert messages[0].startswith("the Strengths of S1 in old.xlsx (20,399 characters) would go into the Strengths")
    assert "of S12 of new.xlsx, which would then hold 40,399 characters" in messages[0]
    assert "shorten it by at least 7,632 characters" in messages[0]
    assert "row 3 of the 'Migration review' sheet of new.xlsx" in messages[2]
    result = runner.invoke(main, ["migrate", str(old), "-f", str(v3), "-o", str(out)])
    assert result.exit_code == 1 and "Traceback" not in result.output and not out.exists()
    assert result.output.count("error     W509") == 4
    assert f"new.xlsx would have cells longer than Excel holds ({MAX_TEXT:,} characters)" in result.output
    assert "Shorten each text listed in old.xlsx and run again." in result.output


def test_merge_names_each_conflicting_text_too_long_to_list(cqc, runner, tmp_path):
    from assessment_builder.carry import split

    answers = {
        "assessing_needs": StatementAnswer("assessing_needs", {"score": 3, "lead": "Jane Smith"}),
        "safeguarding": StatementAnswer("safeguarding", {"score": 2, "lead": "Ravi Patel"}),
    }
    log = [EvidenceItem("E01", "Audit", "audit", ["assessing_needs", "safeguarding"])]
    prefill = Assessment(cqc, "Northshire County Council", answers, log, [])
    source = write_workbook(cqc, "Northshire County Council", tmp_path / "source.xlsx", prefill=prefill)
    parts = dict(split(source, "lead", tmp_path / "parts").parts)
    jane, ravi = parts["Jane Smith"], parts["Ravi Patel"]
    at = _cell(jane, "Evidence", "E01", "Title")
    # both leads rewrite the shared audit at (nearly) full length, differently: the conflict row cannot hold it
    titles = {jane: "Jane's audit notes. " * 1637, ravi: "Ravi's audit notes. " * 1637}
    returned = tmp_path / "returned"
    uno_edit(
        [
            {"src": str(p), "dst": str(returned / p.name), "edits": [["set", "Evidence", at, t]]}
            for p, t in titles.items()
        ],
        tmp_path / "uno",
    )
    out = tmp_path / "merged.xlsx"
    given = [returned / jane.name, returned / ravi.name]
    with pytest.raises(TooLong) as refused:
        merge(given, out)
    assert {(f.file, f.sheet, f.cell) for f in refused.value.findings} == {(str(p), "Evidence", at) for p in given}
    assert all("'Merge conflicts' sheet of merged.xlsx" in f.message for f in refused.value.findings)
    result = runner.invoke(main, ["merge", *map(str, given), "-o", str(out)])
    assert result.exit_code == 1 and "Traceback" not in result.output and not out.exists()
    assert "or make the parts give the same text, and run again" in result.output
