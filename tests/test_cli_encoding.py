"""Output in any code page: Windows writes redirected output in cp1252, which has no "≥", "─" or "ŵ".

A council's words can hold any character, and the summary draws its rules with "─". Redirected to a
file or a pipe in such a code page, every command must still finish and keep every character (as
UTF-8); on a terminal that cannot show a character, a "?" stands in for it. PYTHONIOENCODING gives
the child process the code page a Windows machine would, on any system.
"""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from fill import fill_workbook

TITLE = "Survey: 82% satisfied ≥ England → see Ŵrexham's report ✓"
CATEGORY = "Procésses ≥ audits"  # not a category: its W402 warning quotes it on stderr
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "northshire-completed.xlsx"


@pytest.fixture(scope="module")
def unicode_book(cqc, tmp_path_factory):
    from assessment_builder.workbook import write_workbook

    tmp = tmp_path_factory.mktemp("encoding")
    blank = write_workbook(cqc, "Example Council", tmp / "blank.xlsx")
    evidence = [{"id": "E1", "title": TITLE, "category": CATEGORY, "statements": "QS1", "owner": "Ŷ Team"}]
    return fill_workbook(
        blank, tmp / "unicode.xlsx", answers={s.id: {"score": 3} for s in cqc.statements}, evidence=evidence
    )


def _run(args: list[object], cwd: Path, encoding: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "COLUMNS": "200"}
    cmd = [sys.executable, "-m", "assessment_builder", *map(str, args)]
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, timeout=120)


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_json_redirected_in_a_narrow_code_page_keeps_every_character(unicode_book, tmp_path, encoding):
    done = _run(["import", unicode_book, "--json"], tmp_path, encoding)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    data = json.loads(done.stdout.decode("utf-8"))  # UTF-8, as JSON must be
    item = data["evidence"][0]
    assert (item["title"], item["owner"]) == (TITLE, "Ŷ Team")
    assert any(CATEGORY in f["message"] for f in data["findings"])


@pytest.mark.parametrize(
    "args",
    [
        ["summary", "{book}"],
        ["summary", "{book}", "--format", "markdown"],
        ["compare", "{book}", str(EXAMPLE)],
        ["import", "{book}"],
        ["score", "{book}"],
        ["--help"],
    ],
    ids=["summary", "summary-markdown", "compare", "import", "score", "help"],
)
def test_text_redirected_in_cp1252_finishes_and_is_utf8(unicode_book, tmp_path, args):
    done = _run([a.format(book=unicode_book) for a in args], tmp_path, "cp1252")
    out, err = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")  # both decode: nothing was mangled
    assert done.returncode == 0, err
    assert "unexpected problem" not in err and "Traceback" not in err
    if args[0] == "summary" and "--format" not in args:
        assert "─" in out  # the summary's own rules
    if args[0] in ("import", "summary", "score"):
        assert "W402" in err and CATEGORY in err  # the findings table quotes the council's text whole


def test_a_terminal_that_cannot_show_a_character_shows_a_question_mark(unicode_book, tmp_path):
    """On a terminal the characters are only shown, never kept: one it cannot show becomes "?"."""
    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "COLUMNS": "200"}
    main, child = pty.openpty()
    cmd = [sys.executable, "-m", "assessment_builder", "summary", str(unicode_book)]
    proc = subprocess.Popen(cmd, cwd=tmp_path, env=env, stdin=child, stdout=child, stderr=child)
    os.close(child)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    assert proc.wait(timeout=120) == 0
    shown = b"".join(chunks).decode("cp1252")  # the terminal received only its own code page
    assert "unexpected problem" not in shown and "Traceback" not in shown
    assert "Predicted rating" in shown and "?" in shown
