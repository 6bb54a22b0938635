"""Every command that reads a workbook x every file of the hostile corpus (issue 13).

In the manner of csvkit's shared utility tests: the real CLI runs in a subprocess, under the
memory and CPU limits of test_corpus.py, on a private copy of each corpus file, and every run must:
show the expected finding code, exit 0/1/2 as the corpus says (never anything else), leave every
input byte for byte unchanged, print no traceback and no "This is a bug", leave no temporary file,
write its output only when the input was accepted (never when it has errors), and, for the
commands that carry a council's work, carry exactly what was read.

The corpus (tests/corpus/make_corpus.py) is built once per test run, its LibreOffice edits in one
soffice process; the runs go two (or more: one per core) at a time and each test reads its result.

KNOWN_GAPS lists what the product gets wrong today, keyed by (command, case); each entry makes that
test xfail(strict=True), so an entry must be deleted as soon as its fix lands.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
from conftest import ROOT, TESTS
from libreoffice import soffice, uno_python

sys.path.insert(0, str(TESTS / "corpus"))
from make_corpus import (  # noqa: E402
    CARRY,
    COMMANDS,
    GOOD_ACTIONS,
    GOOD_ANSWERS,
    GOOD_EVIDENCE,
    LEADS,
    MatrixCase,
    build_matrix,
)

# (command, case) -> what is wrong today. Delete an entry when its fix lands (strict xfail fails then).
KNOWN_GAPS: dict[tuple[str, str], str] = {}

MEMORY_LIMIT = 2 * 1024**3  # address space for one command, as in test_corpus.py
CPU_LIMIT = 60  # seconds of CPU for one command
TIME_LIMIT = 120  # seconds of wall time (a FIFO must never be waited on)
WRITERS = ("import", "summary", "report", "calibrate", "new-from", "migrate", "split", "merge")
CODE = re.compile(r"\b([ACFRW]\d{3})\b")
COUNCIL = "Corpus Council"


# ---------------------------------------------------------------- the corpus, built once


@cache
def corpus() -> tuple[Path, tuple[MatrixCase, ...]]:
    folder = Path(tempfile.mkdtemp(prefix="ab-matrix-"))
    atexit.register(shutil.rmtree, folder, True)
    lo = (soffice() is not None and uno_python() is not None) or bool(os.environ.get("CI"))
    return folder, tuple(build_matrix(folder / "corpus", libreoffice=lo))


def _case_names() -> list[str]:
    return [c.name for c in corpus()[1]]


def _case(name: str) -> MatrixCase:
    return next(c for c in corpus()[1] if c.name == name)


# ---------------------------------------------------------------- running one command


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT, CPU_LIMIT))


def cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "COLUMNS": "200"}
    env.pop("ASSESSMENT_BUILDER_DEBUG", None)
    try:
        return subprocess.run(
            [sys.executable, "-m", "assessment_builder", *map(str, args)],
            capture_output=True,
            text=True,
            timeout=TIME_LIMIT,
            preexec_fn=_limit,
            env=env,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired as exc:
        return subprocess.CompletedProcess(exc.cmd, -9, "", f"timed out after {TIME_LIMIT} s")


def _digest(path: Path) -> str:
    if path.is_dir() or not path.is_file():
        return f"<{'folder' if path.is_dir() else 'special'}>"
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class Run:
    command: str
    case: MatrixCase
    args: list[str]
    result: subprocess.CompletedProcess[str]
    inputs_before: dict[str, str]
    inputs_after: dict[str, str]
    leftovers: list[str]  # files in the run's folders that are neither inputs nor outputs
    temporaries: list[str]
    outputs: list[Path]
    read_back: dict[str, dict] = field(default_factory=dict)  # output name -> `import --json` of it

    @property
    def output(self) -> str:
        return self.result.stdout + self.result.stderr


def _command_line(command: str, case: MatrixCase, src: Path, inp: Path, out: Path) -> list[str | Path]:
    corpus_dir = corpus()[0] / "corpus"
    if command == "import":
        return ["import", src, "-o", out / "answers.json"]
    if command == "score":
        return ["score", src, "--json"]
    if command == "summary":
        return ["summary", src, "-o", out / "summary.md"]
    if command == "compare":
        return ["compare", src]
    if command == "report":
        return ["report", src, "-o", out / "report.docx"]
    if command == "calibrate":
        if case.role == "record":
            good = shutil.copy(corpus_dir / "_good.xlsx", inp / "self.xlsx")
            return ["calibrate", good, "--cqc", src, "-o", out / "calibration.md"]
        record = shutil.copy(corpus_dir / "_record.json", inp / "cqc.json")
        return ["calibrate", src, "--cqc", record, "-o", out / "calibration.md"]
    if command == "new-from":
        return ["new", "--from", src, "-c", COUNCIL, "-o", out / "new.xlsx"]
    if command == "migrate":
        return ["migrate", src, "-f", "cqc-la", "-o", out / "migrated.xlsx"]
    if command == "split":
        (out / "parts").mkdir()
        return ["split", src, "--by", case.split_by, "-o", out / "parts"]
    if command == "merge":
        other = shutil.copy(corpus_dir / "_blank.xlsx", inp / "other-part.xlsx")
        return ["merge", src, other, "-o", out / "merged.xlsx"]
    raise AssertionError(command)


def _unblock(fifo: Path, waited: list[bool], finished: threading.Event) -> None:
    """A command that opens a FIFO waits for a writer forever; after 3 s give it one (and an
    immediate end of file), so a wrong command costs seconds, and note that it waited."""
    finished.wait(3)
    while not finished.is_set():
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:  # ENXIO: no reader (yet, or any more)
            finished.wait(0.2)
            continue
        waited.append(True)
        os.close(fd)
        finished.wait(0.2)


def _run(base: Path, command: str, case: MatrixCase) -> Run:
    here = base / f"{command}--{case.name}"
    inp, out = here / "in", here / "out"
    inp.mkdir(parents=True)
    out.mkdir()
    src = inp / case.name
    if case.made == "fifo":
        os.mkfifo(src)
    elif case.made == "folder":
        src.mkdir()
    else:
        shutil.copyfile(corpus()[0] / "corpus" / case.name, src)
    args = [a.relative_to(here) if isinstance(a, Path) else a for a in _command_line(command, case, src, inp, out)]
    inputs = [p for p in inp.iterdir()]
    before = {p.name: _digest(p) for p in inputs}
    waited: list[bool] = []
    finished = threading.Event()
    if case.made == "fifo":
        threading.Thread(target=_unblock, args=(src, waited, finished), daemon=True).start()
    result = cli(*args, cwd=here)
    finished.set()
    if waited:
        result.stderr += "\n[matrix] the command opened the FIFO and waited on it (unblocked after 3 s)"
    after = {p.name: _digest(p) for p in inputs}
    everything = [p for p in here.rglob("*") if p not in inputs]
    temporaries = [str(p.relative_to(here)) for p in everything if re.search(r"\.tmp", p.name)]
    outputs = [p for p in everything if p.is_file() and p.parent.is_relative_to(out)]
    leftovers = [str(p.relative_to(here)) for p in everything if p != inp and not p.is_relative_to(out)]
    run = Run(command, case, [str(a) for a in args], result, before, after, leftovers, temporaries, outputs)
    if result.returncode == 0 and case.checks:
        for path in outputs:
            if path.suffix == ".xlsx":
                back = cli("import", path, "--json")
                try:
                    run.read_back[path.name] = json.loads(back.stdout)
                except json.JSONDecodeError:
                    run.read_back[path.name] = {"unreadable": back.stdout + back.stderr}
    return run


@cache
def runs() -> dict[tuple[str, str], Run]:
    """Every (command, case) run once, as many at a time as there are cores."""
    base = corpus()[0] / "runs"
    base.mkdir()
    pairs = [(command, case) for case in corpus()[1] for command in COMMANDS]
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        done = pool.map(lambda pair: _run(base, *pair), pairs)
        return {(r.command, r.case.name): r for r in done}


# ---------------------------------------------------------------- the matrix


def _params():
    for name in _case_names():
        for command in COMMANDS:
            marks = []
            if (command, name) in KNOWN_GAPS:
                marks.append(pytest.mark.xfail(strict=True, reason=f"issue 13: {KNOWN_GAPS[command, name]}"))
            yield pytest.param(command, name, id=f"{command} x {name}", marks=marks)


def _codes(text: str) -> set[str]:
    return set(CODE.findall(text))


def problems_of(run: Run) -> list[str]:
    """Everything wrong with one run, as short phrases (empty: the run is right)."""
    expect = run.case.expected(run.command)
    problems: list[str] = []
    code = run.result.returncode
    if code not in (0, 1, 2):
        problems.append(f"exit {code} (only 0, 1 or 2 are allowed)")
    elif code != expect.exit_code:
        problems.append(f"exit {code}, expected {expect.exit_code}")
    shown = _codes(run.output)
    if expect.codes and not any(c.startswith(want) for c in shown for want in expect.codes):
        problems.append(f"none of {'/'.join(expect.codes)} shown (shown: {', '.join(sorted(shown)) or 'no code'})")
    if "[matrix] the command opened the FIFO" in run.output:
        problems.append("waited on a FIFO instead of refusing it")
    if "Traceback" in run.output:
        problems.append("a traceback")
    if "this is a bug" in run.output.lower():
        problems.append('"This is a bug"')
    changed = [n for n in run.inputs_before if run.inputs_before[n] != run.inputs_after.get(n)]
    if changed:
        problems.append(f"input changed: {', '.join(changed)}")
    if run.temporaries:
        problems.append(f"temporary files left: {', '.join(run.temporaries)}")
    if run.leftovers:
        problems.append(f"files written beside the inputs: {', '.join(run.leftovers)}")
    if run.command in WRITERS:
        if code == 0 and not run.outputs:
            problems.append("accepted but wrote no output")
        if code != 0 and run.outputs:
            problems.append(f"wrote {', '.join(p.name for p in run.outputs)} though the input was refused")
    problems += content_problems(run)
    return problems


def content_problems(run: Run) -> list[str]:
    """The named checks of a case, on what a command wrote (see MatrixCase.checks)."""
    out: list[str] = []
    if run.result.returncode != 0:
        return out
    checks, command = run.case.checks, run.command
    if "by-code" in checks and command == "score":
        scores = json.loads(run.result.stdout or "{}").get("statements", {})
        want = {sid: v["score"] for sid, v in GOOD_ANSWERS.items()}
        got = {sid: scores.get(sid) for sid in want}
        if got != want:
            out.append(f"scores read by position, not by code: {got} (the rows hold {want})")
    if "carried" in checks and command in CARRY and not run.read_back:
        out.append("nothing written to read back")
    if "carried" in checks and command in CARRY and run.read_back:
        name = sorted(run.read_back)[0]
        out += [f"{name}: {p}" for p in carried_problems(run.read_back[name], answers=command != "split")]
    if "one-part-per-lead" in checks and command == "split":
        leads = LEADS
        parts = [p for p in run.outputs if p.suffix == ".xlsx"]
        if len(parts) < len(leads) + 1:  # one per lead, and one for the statements without a lead
            out.append(f"{len(parts)} part(s) for {len(leads)} leads and the unassigned: parts collided")
        missing = [lead for lead in leads if lead not in run.result.stdout + run.result.stderr]
        if missing:
            out.append(f"the run does not list lead -> file for {missing}")
    if "peer-framework" in checks and command == "new-from":
        for name, data in run.read_back.items():
            fw = (data.get("framework") or {}).get("id")
            if fw != "lga-asc-peer-challenge":
                out.append(f"{name} was written for framework {fw!r}, not the answers' lga-asc-peer-challenge")
            elif "Strong partnerships" not in json.dumps(data):
                out.append(f"{name} lost the peer-challenge answers")
    return out


def carried_problems(data: dict, answers: bool = True) -> list[str]:
    """What a carried workbook (read back with `import --json`) lost or misplaced of the good one."""
    if "unreadable" in data:
        return [f"cannot be read back: {data['unreadable'][-200:]}"]
    problems = []
    evidence = {e.get("id"): e for e in data.get("evidence") or []}
    for want in GOOD_EVIDENCE:
        got = evidence.get(want["id"])
        if got is None:
            problems.append(f"evidence {want['id']} lost")
            continue
        for key in ("title", "category", "owner", "location", "date"):
            value = str(got.get(key) or "").lower()
            if value != str(want[key]).lower():
                problems.append(f"evidence {want['id']} {key} is {got.get(key)!r}, not {want[key]!r}")
        if len(got.get("statements") or []) != len(want["statements"].split(",")):
            problems.append(f"evidence {want['id']} statements are {got.get('statements')!r}")
    actions = {a.get("id"): a for a in data.get("actions") or []}
    for want in GOOD_ACTIONS:
        got = actions.get(want["id"])
        if got is None:
            problems.append(f"action {want['id']} lost")
            continue
        for key in ("action", "owner", "due"):
            if str(got.get(key) or "") != str(want[key]):
                problems.append(f"action {want['id']} {key} is {got.get(key)!r}, not {want[key]!r}")
    if answers:
        statements = data.get("statements") or {}
        for sid, want in GOOD_ANSWERS.items():
            got = (statements.get(sid) or {}).get("score")
            if got != want["score"]:
                problems.append(f"{sid} score is {got!r}, not {want['score']!r}")
    return problems


@pytest.mark.parametrize(("command", "case"), list(_params()))
def test_command_on_corpus_file(command: str, case: str) -> None:
    run = runs()[command, case]
    problems = problems_of(run)
    assert not problems, (
        f"{command} x {case} ({run.case.why}):\n  - "
        + "\n  - ".join(problems)
        + f"\n$ assessment-builder {' '.join(run.args)}\n{run.output[-1500:]}"
    )


# ---------------------------------------------------------------- an output never replaces an input


OWN_INPUT = (
    "summary", "report", "calibrate", "import", "compare", "new-from", "migrate", "merge", "cqc-report",
    "template-style", "report-style", "import-framework",
)  # fmt: skip
SPELLINGS = ("same-path", "dot-dot", "hard-link", "symlink")


def _target(folder: Path, victim: Path, spelling: str) -> Path:
    if spelling == "same-path":
        return victim
    if spelling == "dot-dot":
        (folder / "x").mkdir(exist_ok=True)
        return folder / "x" / ".." / victim.name
    if spelling == "hard-link":
        link = folder / f"link{victim.suffix}"
        os.link(victim, link)
        return link
    link = folder / f"sym{victim.suffix}"
    link.symlink_to(victim.name)
    return link


@pytest.mark.parametrize("spelling", SPELLINGS)
@pytest.mark.parametrize("command", OWN_INPUT)
def test_an_output_never_replaces_its_own_input(command: str, spelling: str, tmp_path: Path) -> None:
    corpus_dir = corpus()[0] / "corpus"
    good = Path(shutil.copyfile(corpus_dir / "good.xlsx", tmp_path / "in.xlsx"))
    other = Path(shutil.copyfile(corpus_dir / "_blank.xlsx", tmp_path / "other.xlsx"))
    record = Path(shutil.copyfile(corpus_dir / "_record.json", tmp_path / "cqc.json"))
    report = Path(shutil.copyfile(ROOT / "tests" / "fixtures" / "cqc" / "northshire-cqc.md", tmp_path / "cqc.md"))
    framework = Path(shutil.copyfile(ROOT / "frameworks" / "cqc-la.yaml", tmp_path / "framework.yaml"))
    style = tmp_path / "branded.docx"
    if command.endswith("-style"):  # a council's branded document, given with --style-from
        assert cli("template", "-c", COUNCIL, "-o", style, cwd=tmp_path).returncode == 0
    # the input each command would overwrite: the one whose suffix its output could have
    victim = {
        "calibrate": record,
        "cqc-report": report,
        "template-style": style,
        "report-style": style,
        "import-framework": framework,
    }.get(command, good)
    out = _target(tmp_path, victim, spelling)
    args: list[str | Path] = {
        "summary": ["summary", good, "--format", "markdown"],
        "report": ["report", good, "--format", "docx"],
        "calibrate": ["calibrate", good, "--cqc", record, "--format", "json"],
        "import": ["import", good],
        "compare": ["compare", good, other],
        "new-from": ["new", "--from", good, "-c", COUNCIL],
        "migrate": ["migrate", good, "-f", "cqc-la"],
        "merge": ["merge", good, other],
        "cqc-report": ["cqc-report", report],
        "template-style": ["template", "-c", COUNCIL, "--style-from", style],
        "report-style": ["report", good, "--style-from", style],
        "import-framework": ["import", good, "-f", framework],
    }[command]
    inputs = (good, other, record, report, framework, style)
    before = {p.name: _digest(p) for p in inputs}
    result = cli(*args, "-o", out, "--force", cwd=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 2, f"{command} -o {spelling} of its input: exit {result.returncode}\n{output}"
    assert {p.name: _digest(p) for p in inputs} == before, f"{command} replaced its input"
    assert "Traceback" not in output and "this is a bug" not in output.lower()
    assert not [p for p in tmp_path.rglob("*") if ".tmp" in p.name], "a temporary file was left"


# ---------------------------------------------------------------- the corpus itself


def test_the_corpus_declares_every_class_of_the_issue() -> None:
    names = set(_case_names())
    wanted = {
        "evidence-deleted.xlsx", "ref-name.xlsx", "typed-3.0.xlsx", "typed-2.5.xlsx", "typed-3-4.xlsx",
        "typed-arabic-3.xlsx", "typed-fullwidth-4.xlsx", "statements-semicolon.xlsx", "leads-collide.xlsx",
        "far-cell.xlsx", "answers-bomb.yaml", "answers.json", "answers-peer.yaml", "record-99.json",
        "record-four.json", "corpus-cqc.json", "corpus-answers.json", "report-utf16.txt", "fifo.xlsx",
        "empty.xlsx", "x.xlsx",
    }  # fmt: skip
    if soffice() is not None or os.environ.get("CI"):
        wanted |= {
            "lo-sorted.xlsx", "lo-evidence-column-inserted.xlsx", "lo-actions-column-moved.xlsx",
            "lo-evidence-renamed.xlsx", "lo-statement-row-deleted.xlsx",
        }  # fmt: skip
    assert wanted <= names, f"missing: {sorted(wanted - names)}"
    assert all(c.expected(cmd).exit_code in (0, 1, 2) for c in corpus()[1] for cmd in COMMANDS)
    assert not [key for key in KNOWN_GAPS if key[1] not in names or key[0] not in COMMANDS], "a gap names no test"


def test_libreoffice_made_the_edits_a_person_makes() -> None:
    """The LibreOffice cases hold what their names say (so a clean result is not a missed edit)."""
    import openpyxl

    folder = corpus()[0] / "corpus"
    if not (folder / "lo-sorted.xlsx").exists():
        pytest.skip("LibreOffice (soffice) or python3-uno is not installed")

    def book(name: str):
        return openpyxl.load_workbook(folder / name)

    sorted_ = book("lo-sorted.xlsx")
    assert [sorted_["Assessment"].cell(row, 1).value for row in (5, 6, 7)] == ["QS3", "QS2", "QS1"]
    assert sorted_.defined_names["ab_assessing_needs_score"].attr_text.replace("'", "") == "Assessment!$G$5"
    assert [c.value for c in book("lo-evidence-column-inserted.xlsx")["Evidence"][1]][:4] == [
        "Evidence ID", "Title", "Reviewer", "Category",
    ]  # fmt: skip
    assert [c.value for c in book("lo-actions-column-moved.xlsx")["Actions"][1]][:3] == [
        "Action ID",
        "Action",
        "Statement",
    ]
    assert "Evidence log" in book("lo-evidence-renamed.xlsx").sheetnames
    deleted = book("lo-statement-row-deleted.xlsx")
    assert deleted["Assessment"].cell(6, 1).value == "QS3"
    assert "#REF!" in deleted.defined_names["ab_supporting_healthier_lives_score"].attr_text
