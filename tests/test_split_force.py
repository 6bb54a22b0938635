"""``split --force`` replaces parts through the one writer: modes kept, new parts under the umask,
an input never replaced, and a refusal leaves every file as it was with nothing left behind."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from assessment_builder.cli import main
from assessment_builder.model import Assessment, StatementAnswer
from assessment_builder.workbook import write_workbook
from assessment_builder.workbook.read import read_workbook

POSIX = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
LEADS = ["Ann Lee", "Bob Roe", "Cat Day"]
PARTS = ["ann-lee.xlsx", "bob-roe.xlsx", "cat-day.xlsx"]


@pytest.fixture
def source(cqc, tmp_path) -> Path:
    answers = {s.id: StatementAnswer(s.id, {"lead": LEADS[i % 3], "score": 3}) for i, s in enumerate(cqc.statements)}
    return write_workbook(cqc, "C", tmp_path / "leads.xlsx", prefill=Assessment(cqc, "C", answers, [], []))


@pytest.fixture
def parts(tmp_path) -> Path:
    folder = tmp_path / "parts"
    folder.mkdir()
    return folder


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), stat.S_IMODE(p.stat().st_mode)) for p in sorted(folder.iterdir())}


def _leads(path: Path) -> set[str]:
    return {str(a.values.get("lead")) for a in read_workbook(path).assessment.answers.values()}


@POSIX
def test_force_replaces_a_part_keeping_its_mode_and_new_parts_follow_the_umask(source, parts):
    (parts / "bob-roe.xlsx").write_bytes(b"last year's part")
    (parts / "bob-roe.xlsx").chmod(0o664)
    script = (
        "import os, sys\n"
        "os.umask(0o027)\n"
        "from assessment_builder.cli import main\n"
        "main(sys.argv[1:], prog_name='assessment-builder')\n"
    )
    cmd = [sys.executable, "-c", script, "split", str(source), "--by", "lead", "-o", str(parts), "--force"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in parts.iterdir()) == PARTS, "no temporary or backup file is left"
    assert _leads(parts / "bob-roe.xlsx") == {"Bob Roe"}, "the part was replaced"
    assert stat.S_IMODE((parts / "bob-roe.xlsx").stat().st_mode) == 0o664, "a replaced part keeps its mode"
    for name in ("ann-lee.xlsx", "cat-day.xlsx"):
        assert stat.S_IMODE((parts / name).stat().st_mode) == 0o640, "a new part follows the umask"


def test_without_force_one_existing_part_refuses_the_whole_run(runner, source, parts):
    (parts / "cat-day.xlsx").write_bytes(b"someone's work")
    before = _snapshot(parts)
    result = runner.invoke(main, ["split", str(source), "-o", str(parts)])
    assert result.exit_code == 1 and "already exists" in result.output
    assert _snapshot(parts) == before, "nothing written, nothing left behind"


def test_force_never_replaces_an_input_and_leaves_every_part_as_it_was(runner, source, parts):
    (parts / "ann-lee.xlsx").write_bytes(b"old ann")
    os.link(source, parts / "bob-roe.xlsx")  # a part that is the input itself, by another name
    (parts / "cat-day.xlsx").write_bytes(b"old cat")
    before = _snapshot(parts)
    result = runner.invoke(main, ["split", str(source), "-o", str(parts), "--force"])
    assert result.exit_code == 2, result.output
    assert "is an input of this command" in result.output and "Traceback" not in result.output
    assert _snapshot(parts) == before, "every part byte for byte as it was, nothing left behind"


def test_force_over_every_part_leaves_no_backup(runner, source, tmp_path):
    folder = tmp_path / "new-parts"
    result = runner.invoke(main, ["split", str(source), "-o", str(folder), "--force"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == PARTS
    again = runner.invoke(main, ["split", str(source), "-o", str(folder), "--force"])
    assert again.exit_code == 0, again.output
    assert sorted(p.name for p in folder.iterdir()) == PARTS, "replacing every part leaves no backup"
