"""Parts split among statement leads and merged back: what anyone typed reaches the merged workbook or is listed.

Each test follows what a team does between `split` and `merge` (a council-wide action,
indicator figures updated by two leads in LibreOffice, a part carried forward on its own)
and checks the words typed, not just that the commands succeed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from fill import fill_workbook

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
