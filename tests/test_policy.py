"""One policy for findings -> output and exit code: every reading command treats the same input the same way."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES
from fill import fill_workbook

from assessment_builder.cli import main

CQC_TEXT = FIXTURES / "cqc" / "cqc-wiltshire-safe-pathways.txt"
LINUX = sys.platform.startswith("linux") and Path("/proc/self/stat").exists()


@pytest.fixture(scope="module")
def books(cqc, tmp_path_factory):
    """A clean workbook, one with warnings only, one with an error, one that is not a workbook, an answers file."""
    from assessment_builder.workbook import write_workbook

    root = tmp_path_factory.mktemp("policy")
    blank = write_workbook(cqc, "Policy Council", root / "blank.xlsx")
    clean = fill_workbook(blank, root / "clean.xlsx", {"assessing_needs": {"score": 3, "confidence": "High"}})
    warned = fill_workbook(blank, root / "warned.xlsx", {"assessing_needs": {"score": 3, "confidence": "Hgh"}})
    errors = fill_workbook(blank, root / "errors.xlsx", {"assessing_needs": {"score": 3}, "safeguarding": {"score": 9}})
    broken = root / "broken.xlsx"
    broken.write_text("Council,Score\n", encoding="utf-8")
    answers = root / "answers.yaml"
    answers.write_text("framework: {id: cqc-la}\ncouncil: Yaml Council\nstatements: {safeguarding: {score: 2}}\n")
    bad_answers = root / "bad-answers.yaml"
    bad_answers.write_text("framework: {id: cqc-la}\ncouncil: Bad\nstatements: {safeguarding: {score: 99}}\n")
    return {p.stem: p for p in (clean, warned, errors, broken, answers, bad_answers)}


def test_compare_accepts_exactly_what_score_accepts(runner, books):
    scored = {name for name, path in books.items() if runner.invoke(main, ["score", str(path)]).exit_code == 0}
    assert scored == {"clean", "warned", "answers"}  # warnings never refuse; any error does
    result = runner.invoke(main, ["compare", *map(str, books.values()), "--format", "json"])
    assert result.exit_code == 1  # some inputs had errors: reported, the others compared
    data = json.loads(result.stdout)
    compared = {Path(e["source"]).stem for e in data["entries"]}
    assert compared == scored
    assert {Path(s["source"]).stem for s in data["skipped"]} == set(books) - scored
    for name in set(books) - scored:
        assert f"{books[name]} " in result.stderr  # each refused input is named, with its findings above


@pytest.mark.parametrize(
    "command",
    [
        ["import"],
        ["score"],
        ["summary"],
        ["report", "-o", "{out}/report.docx"],
        ["calibrate", "--cqc", str(CQC_TEXT), "-o", "{out}/calibration.md"],
        ["compare", "-o", "{out}/region.md"],
    ],
    ids=lambda c: c[0],
)
@pytest.mark.parametrize("bad", ["errors", "fifo", "folder"])
def test_every_reading_command_refuses_the_same_input_the_same_way(runner, books, tmp_path, command, bad):
    if bad == "fifo":
        path = tmp_path / "input.xlsx"
        os.mkfifo(path)
        code = "W100"
    elif bad == "folder":
        if command[0] == "compare":
            pytest.skip("compare reads the workbooks inside a folder")
        path, code = tmp_path / "folder.xlsx", "W100"
        path.mkdir()
    else:
        path, code = books["errors"], "W400"
    out = tmp_path / "out"
    out.mkdir()
    args = [a.replace("{out}", str(out)) for a in command]
    before = path.read_bytes() if path.is_file() else None
    result = runner.invoke(main, [args[0], str(path), *args[1:]], env={"COLUMNS": "200"})
    assert result.exit_code == 1, result.output
    assert code in result.stderr and "Traceback" not in result.output
    assert f"{path} " in result.stderr and "it was not used" in result.stderr
    assert list(out.iterdir()) == [], "no output is written from an input with errors"
    if "-o" in args:
        assert "was not written" in result.stderr
    if before is not None:
        assert path.read_bytes() == before


def test_calibrate_exits_1_and_prints_the_findings_of_a_workbook_with_errors(runner, books, tmp_path):
    out = tmp_path / "calibration.md"
    result = runner.invoke(main, ["calibrate", str(books["errors"]), "--cqc", str(CQC_TEXT), "-o", str(out)])
    assert result.exit_code == 1
    assert "W400" in result.stderr and "the score of QS7 is 9" in result.stderr
    assert not out.exists() and f"{out} was not written" in result.stderr
    ok = runner.invoke(main, ["calibrate", str(books["warned"]), "--cqc", str(CQC_TEXT), "-o", str(out)])
    assert ok.exit_code == 0 and "W402" in ok.stderr and out.exists()  # warnings: shown, exit 0


def test_json_carries_the_findings_and_stderr_stays_quiet(runner, books):
    for command in (["import"], ["score"]):
        result = runner.invoke(main, [*command, str(books["warned"]), "--json"])
        assert result.exit_code == 0 and result.stderr == ""
        findings = json.loads(result.stdout)["findings"]
        assert {(f["severity"], f["file"]) for f in findings} == {("warning", str(books["warned"]))}
        assert "W402" in [f["code"] for f in findings]
    refused = runner.invoke(main, ["score", str(books["bad-answers"]), "--json"])
    assert refused.exit_code == 1 and refused.stderr == ""
    assert [(f["code"], f["line"]) for f in json.loads(refused.stdout)["findings"]] == [("A107", 3)]


def test_cqc_report_refuses_a_record_with_a_bad_score(runner, tmp_path):
    record = tmp_path / "record.json"
    assert runner.invoke(main, ["cqc-report", str(CQC_TEXT), "-o", str(record)]).exit_code == 0
    data = json.loads(record.read_text(encoding="utf-8"))
    assert (data["kind"], data["version"]) == ("assessment-builder/cqc-record", 2)
    data["statements"]["safe_pathways_systems_transitions"]["score"] = 99
    record.write_text(json.dumps(data), encoding="utf-8")
    for args in (["cqc-report", str(record)], ["compare", str(record)]):
        result = runner.invoke(main, args, env={"COLUMNS": "200"})
        assert result.exit_code == 1 and "R102" in result.stderr and "2475%" not in result.output


# --- compare's workers end with it -------------------------------------------------------------------------


def _session(sid: int) -> list[int]:
    """Every live process of the session ``sid`` (from /proc; zombies are already dead)."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rpartition(")")[2].split()
        if int(fields[3]) == sid and fields[0] != "Z":
            out.append(int(entry.name))
    return out


def _wait(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


@pytest.fixture(scope="module")
def region(cqc, tmp_path_factory):
    from assessment_builder.workbook import write_workbook

    root = tmp_path_factory.mktemp("region")
    first = write_workbook(cqc, "Council 0", root / "c00.xlsx")
    paths = [first]
    for i in range(1, 16):
        paths.append(root / f"c{i:02d}.xlsx")
        paths[-1].write_bytes(first.read_bytes())
    return paths


@pytest.mark.skipif(not LINUX or (os.cpu_count() or 1) < 2, reason="needs /proc and two cores (parallel reading)")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_compare_workers_end_with_it(region, sig):
    proc = subprocess.Popen(
        [sys.executable, "-m", "assessment_builder", "compare", *map(str, region)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        assert _wait(lambda: len(_session(proc.pid)) > 1 or proc.poll() is not None, 60)
        if proc.poll() is not None:
            pytest.skip("compare finished before its workers could be seen")
        os.kill(proc.pid, sig)
        proc.wait(timeout=30)
        assert _wait(lambda: _session(proc.pid) == [], 10), f"workers left behind: {_session(proc.pid)}"
        assert b"Traceback" not in proc.stderr.read()
    finally:
        for pid in _session(proc.pid):
            os.kill(pid, signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()


@pytest.mark.skipif(not LINUX, reason="forks workers")
def test_stopping_compare_ends_a_manager_left_reading_half_a_result():
    """A worker stopped while it sends a result leaves half a message in the results pipe. The pool's
    manager thread then waits for the rest for ever, and the interpreter waits for that thread at exit:
    `compare` hung after printing "Interrupted". Stopping the pool must end the thread.

    The half message is written here as a stopped worker leaves it: a length header and fewer bytes."""
    import struct
    from concurrent.futures import ProcessPoolExecutor

    from assessment_builder.compare import _stop, _worker_init

    pool = ProcessPoolExecutor(max_workers=2, initializer=_worker_init)
    try:
        running = [pool.submit(time.sleep, 30) for _ in range(2)]
        assert _wait(lambda: all(f.running() for f in running), 30)
        manager = pool._executor_manager_thread
        os.write(pool._result_queue._writer.fileno(), struct.pack("!i", 1000) + b"half")
        time.sleep(0.3)  # the manager reads the header and waits for the other 996 bytes
        started = time.monotonic()
        _stop(pool)
        assert not manager.is_alive(), "the manager thread still waits for the rest of the message"
        assert time.monotonic() - started < 15
    finally:
        for proc in list((pool._processes or {}).values()):
            proc.kill()


@pytest.mark.parametrize("command", ["template", "report"])
@pytest.mark.parametrize("style", ["missing.docx", "folder"])
def test_a_missing_style_document_is_refused_as_any_missing_input_is(runner, books, tmp_path, command, style):
    """Exit 1 and "cannot read the file", as for a missing workbook, answers file or CQC report (it was
    click's exit 2 "Invalid value for '--style-from'")."""
    (tmp_path / "folder").mkdir()
    out = tmp_path / "out.docx"
    args = ["template", "-c", "Policy Council"] if command == "template" else ["report", str(books["clean"])]
    result = runner.invoke(main, [*args, "--style-from", str(tmp_path / style), "-o", str(out)])
    missing = runner.invoke(main, ["import", str(tmp_path / style)])
    assert result.exit_code == missing.exit_code == 1, result.output
    assert f"cannot use '{tmp_path / style}' as the style document" in result.output
    assert ("No such file" if style == "missing.docx" else "folder") in result.output
    assert "Traceback" not in result.output and not out.exists()


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["new", "-c", "A Council", "-c", "B Council", "-o", "{tmp}/a.xlsx"], "--council"),
        (["new", "-c", "A Council", "-o", "{tmp}/a.xlsx", "--output", "{tmp}/b.xlsx"], "--output"),
        (["summary", "{clean}", "--format", "json", "--format", "html"], "--format"),
        (["split", "{clean}", "-o", "{tmp}/parts", "--by", "lead", "--by", "theme"], "--by"),
        (["indicators", "load", "{clean}", "{tmp}/d.csv", "-o", "{tmp}/a.xlsx", "-o", "{tmp}/b.xlsx"], "--output"),
        (["cqc-report", str(CQC_TEXT), "-o", "{tmp}/a.json", "-o", "{tmp}/b.json"], "--output"),
    ],
)
def test_an_option_given_twice_is_refused_not_the_last_silently_used(runner, books, tmp_path, args, option):
    """click keeps the last of two values: `-o a.xlsx ... -o b.xlsx` wrote only b.xlsx, `-c A -c B` made B's."""
    filled = [a.format(tmp=tmp_path, clean=books["clean"]) for a in args]
    result = runner.invoke(main, filled)
    assert result.exit_code == 2 and f"{option}" in result.output and "more than once" in result.output
    assert list(tmp_path.iterdir()) == []


def test_options_that_may_repeat_still_do(runner, books, tmp_path):
    ok = runner.invoke(main, ["score", str(books["clean"]), "--json", "--json"])
    assert ok.exit_code == 0, ok.output  # a flag twice says the same thing
    record = tmp_path / "cqc.json"
    assert runner.invoke(main, ["cqc-report", str(CQC_TEXT), "-o", str(record)]).exit_code == 0
    both = runner.invoke(main, ["calibrate", str(books["clean"]), "--cqc", str(record), "--cqc", str(record)])
    assert "more than once" not in both.output  # --cqc takes several reports
