"""Benchmark: whole commands as ratios to bare library processes doing the same file work, in one run.

Not part of pytest: timings belong to one machine, ratios travel, and CI times nothing. Every figure
is the fastest of several runs of a whole process (interpreter start, imports, reading, output), the
way a user meets the tool; the baselines are whole processes too, so both pay the same start-up.
The tool is timed as the README installs it (`pip install .` into a scratch virtual environment, which
needs the package index), and the baselines run with that environment's interpreter.
From the repository root (python-calamine and XlsxWriter, the baselines, are the tool's own dependencies):

    python bench/run.py                   # 200, 2,000 and 20,000 evidence rows; compare of 153 workbooks
    python bench/run.py --quick           # a smaller check; prints, writes nothing unless asked
    python bench/run.py --here --quick    # the current environment as it is (no install)

It writes docs/benchmarks.md itself (the commit, the machine, every figure and whether each goal
holds) and the summary between the benchmark markers in README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from inprocess import in_process_rows  # noqa: E402
from workload import realistic_assessment, write_many  # noqa: E402

BARE_READ = """
import sys
from python_calamine import CalamineWorkbook
for path in sys.argv[1:]:
    wb = CalamineWorkbook.from_path(path)
    for name in wb.sheet_names:
        wb.get_sheet_by_name(name).to_python()
"""

BARE_WRITE = """
import json, sys
import xlsxwriter
sheets = json.load(open(sys.argv[1], encoding="utf-8"))
wb = xlsxwriter.Workbook(sys.argv[2])
for name, rows in sheets.items():
    ws = wb.add_worksheet(name)
    for r, row in enumerate(rows):
        ws.write_row(r, 0, row)
wb.close()
"""


# what a checked read cannot avoid importing, before any of the tool's own code (see where_time_goes)
FLOOR = "import python_calamine, zipfile, xml.etree.ElementTree, json, re, datetime, enum"

# as a user's installed copy runs: compiled bytecode kept (the first, slowest run of each process writes it)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


@dataclass
class Goal:
    """One line of the goal table: the tool's time against its baseline (or an absolute limit)."""

    what: str
    tool: float
    baseline: float | None
    limit: float
    unit: str = "x"  # "x": ratio tool / baseline; "s": the tool's own seconds
    versus: str = "the baseline"  # what the ratio is of, in words

    @property
    def value(self) -> float:
        return self.tool / self.baseline if self.baseline else self.tool

    @property
    def met(self) -> bool:
        return self.value <= self.limit


def best_of(argv: list[str], repeat: int, cwd: Path) -> float:
    """The fastest of ``repeat`` runs of a whole process, in seconds; a failing run stops the benchmark."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(argv, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
        if done.returncode not in (0,):
            sys.exit(f"benchmark step failed ({done.returncode}): {' '.join(argv)}\n{done.stderr.decode()[-2000:]}")
        best = min(best, elapsed)
    return best


def installed_copy(tmp: Path, here: bool) -> tuple[Path, str]:
    """The interpreter to time with, and how the tool is installed in its environment.

    By default a scratch virtual environment with the tool installed the README's way (``pip install .``),
    as a user runs it. An editable install (``pip install -e``) is not measured by default: its import
    finder loads pathlib, re and importlib.util into every Python process at start-up, the bare baselines'
    too, which hides part of the tool's own import cost and flatters every ratio.
    """
    if here:
        return Path(sys.executable), "the current environment" + (" (an editable install)" if editable() else "")
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    print("installing the tool the README's way (pip install .) in a scratch environment…", flush=True)
    done = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(ROOT)],
        cwd=tmp,
        env=ENV,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        sys.exit(f"could not install the tool in a scratch environment (try --here):\n{done.stderr[-2000:]}")
    return python, "a new virtual environment with `pip install .`, as the README installs it"


def editable() -> bool:
    """Whether this environment has the tool as an editable install (its import hook is in a .pth file)."""
    return any(f.name.startswith("__editable__") for d in map(Path, sys.path) if d.is_dir() for f in d.glob("*.pth"))


def editable_view(book: Path, blank_cells: Path, repeat: int, tmp: Path) -> list[str]:
    """The short commands timed again from this (editable) environment, against baselines run from it too."""
    python = Path(sys.executable)
    tool = tool_command(python)
    t_import = best_of([*tool, "import", str(book), "--json"], repeat, tmp)
    t_bare = best_of([str(python), "-c", BARE_READ, str(book)], repeat, tmp)
    t_new = best_of(
        [*tool, "new", "--council", "Bench Council", "-o", str(tmp / "blank-e.xlsx"), "--force"], repeat, tmp
    )
    t_new_bare = best_of([str(python), "-c", BARE_WRITE, str(blank_cells), str(tmp / "bare-e.xlsx")], repeat, tmp)
    return [
        "## From an editable install",
        "",
        "Not the measure of the goals: the same short commands timed from the development environment this",
        "script ran in, an editable install (`pip install -e`), whose import hook loads pathlib, re and",
        "importlib.util into every Python process. The baselines pay that too, so the tool's own import",
        "cost is partly hidden and the ratios look better than a user's installation gives.",
        "",
        "| what | tool | baseline | ratio |",
        "|---|---:|---:|---:|",
        f"| `import` of {book.name} | {t_import:.3f} s | {t_bare:.3f} s | {t_import / t_bare:.2f}x |",
        f"| `new` | {t_new:.3f} s | {t_new_bare:.3f} s | {t_new / t_new_bare:.2f}x |",
    ]


def tool_command(python: Path) -> list[str]:
    """The console script a user runs, from the environment of ``python``."""
    script = python.with_name("assessment-builder")
    return [str(script)] if script.exists() else [str(python), "-m", "assessment_builder"]


def cells_of(path: Path) -> dict[str, list[list[object]]]:
    """Every sheet's values, as JSON can hold them: what a bare writer must write to match `new`."""
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    out = {}
    for name in wb.sheet_names:
        rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
        out[name] = [
            [v.isoformat() if isinstance(v, (dt.date, dt.time, dt.timedelta)) else v for v in row] for row in rows
        ]
    return out


def git_commit() -> str:
    """The commit measured, marked when files other than the benchmark's own outputs had changed."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        status = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True)
    except OSError:
        return "unknown"
    own = {"docs/benchmarks.md", "README.md"}
    dirty = [line for line in status.stdout.splitlines() if line[3:] not in own]
    return head.stdout.strip() + (" plus uncommitted changes" if dirty else "")


def machine() -> str:
    mem = ""
    try:
        pages, size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
        mem = f", {pages * size / 2**30:.0f} GiB memory"
    except (ValueError, OSError, AttributeError):
        pass
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} core(s){mem}, Python {platform.python_version()}"
    )


def versions(python: Path) -> str:
    """The measured environment's versions of the libraries that matter here."""
    code = (
        "from importlib.metadata import PackageNotFoundError, version\n"
        "parts = []\n"
        "for name in ('python-calamine', 'XlsxWriter', 'openpyxl', 'PyYAML', 'click'):\n"
        "    try:\n"
        "        parts.append(f'{name} {version(name)}')\n"
        "    except PackageNotFoundError:\n"
        "        parts.append(f'{name} (not installed)')\n"
        "print(', '.join(parts))\n"
    )
    return subprocess.run([str(python), "-c", code], capture_output=True, text=True).stdout.strip()


def run(args: argparse.Namespace) -> tuple[list[Goal], list[str]]:
    tmp = Path(tempfile.mkdtemp(prefix="ab-bench-"))
    repeat = args.repeat
    goals: list[Goal] = []
    lines: list[str] = []
    try:
        python, args.installed = installed_copy(tmp, args.here)
        args.libraries = versions(python)
        tool = tool_command(python)
        imports: list[tuple[int, float, float]] = []
        for rows in args.sizes:
            book = tmp / f"rows-{rows}.xlsx"
            write_many(realistic_assessment(rows), [book])
            reps = repeat if rows <= 2000 else max(2, repeat // 2)
            t_tool = best_of([*tool, "import", str(book), "--json"], reps, tmp)
            t_bare = best_of([str(python), "-c", BARE_READ, str(book)], reps, tmp)
            imports.append((rows, t_tool, t_bare))
            print(f"import, {rows:,} evidence rows: {t_tool:.3f} s; bare calamine {t_bare:.3f} s", flush=True)
        rows0, t_import, t_bare_read = imports[0]
        goals.append(
            Goal(
                f"`import` of a workbook with {rows0:,} evidence rows, vs a bare calamine read",
                t_import,
                t_bare_read,
                3.0,
            )
        )

        region = tmp / "region"
        region.mkdir()
        paths = write_many(
            realistic_assessment(args.sizes[0]), [region / f"council-{i:03d}.xlsx" for i in range(args.councils)]
        )
        t_cmp = best_of([*tool, "compare", str(region), "--format", "json"], max(2, repeat // 2), tmp)
        t_cmp_bare = best_of([str(python), "-c", BARE_READ, *map(str, paths)], max(2, repeat // 2), tmp)
        goals.append(
            Goal(
                f"`compare` of {args.councils} workbooks, vs one bare calamine process reading them",
                t_cmp,
                t_cmp_bare,
                4.0,
            )
        )
        print(f"compare of {args.councils}: {t_cmp:.3f} s; bare {t_cmp_bare:.3f} s", flush=True)

        blank = tmp / "blank.xlsx"
        t_new = best_of([*tool, "new", "--council", "Bench Council", "-o", str(blank), "--force"], repeat, tmp)
        cells = tmp / "cells.json"
        cells.write_text(json.dumps(cells_of(blank)), encoding="utf-8")
        t_new_bare = best_of([str(python), "-c", BARE_WRITE, str(cells), str(tmp / "bare.xlsx")], repeat, tmp)
        goals.append(
            Goal(
                "`new` (a blank cqc-la workbook), vs a bare XlsxWriter process writing the same cell values",
                t_new,
                t_new_bare,
                1.5,
            )
        )
        print(f"new: {t_new:.3f} s; bare {t_new_bare:.3f} s", flush=True)

        for (n0, t0, b0), (n1, t1, b1) in zip(imports, imports[1:]):
            goals.append(
                Goal(
                    f"`import`: growth from {n0:,} to {n1:,} evidence rows", t1, t0, 10.5, versus=f"the time at {n0:,}"
                )
            )
            lines.append(f"| {n0:,} → {n1:,} | {t1 / t0:.1f}x | {b1 / b0:.1f}x |")

        t_help = best_of([*tool, "--help"], repeat, tmp)
        goals.append(Goal("`assessment-builder --help`", t_help, None, 0.1, "s"))
        second = in_process_rows(tmp, args.sizes)
        anatomy = where_time_goes(python, tmp / f"rows-{args.sizes[0]}.xlsx", t_import, repeat, tmp)
        if not args.here and editable():
            anatomy += ["", *editable_view(tmp / f"rows-{args.sizes[0]}.xlsx", cells, repeat, tmp)]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    growth = ["| tenfold step | `import` | bare calamine |", "|---|---:|---:|", *lines]
    return goals, [*growth, "", *anatomy, "", *second]


def where_time_goes(python: Path, book: Path, t_import: float, repeat: int, cwd: Path) -> list[str]:
    """Whole processes that each stop further along `import`'s way: what start-up, imports and the read cost."""
    steps = [
        ("the interpreter starting (`python -c pass`)", "pass"),
        ("… and importing click (with the standard modules it loads: typing, inspect, uuid…)", "import click"),
        (
            "… and the command line, data model and framework loader",
            "import assessment_builder.cli, assessment_builder.frameworks",
        ),
        (
            "… and every module `import` uses (reader, checks, scoring, output)",
            "import assessment_builder.cli.read_cmd, assessment_builder.api, assessment_builder.load, "
            "assessment_builder.workbook.read, assessment_builder.scoring, json",
        ),
    ]
    rows = ["## Where a short command's time goes", "", "| process | time |", "|---|---:|"]
    times = []
    for label, code in steps:
        times.append(best_of([str(python), "-c", code], repeat, cwd))
        rows.append(f"| {label} | {times[-1]:.3f} s |")
    rows.append(f"| the whole `import {book.name} --json` | {t_import:.3f} s |")
    start, click, ours, work = times[0], times[1] - times[0], times[3] - times[1], t_import - times[3]
    floor = best_of([str(python), "-c", FLOOR], repeat, cwd)
    bare = best_of([str(python), "-c", BARE_READ, str(book)], repeat, cwd)
    rows += [
        "",
        f"Of the whole `import`, {start:.3f} s is the interpreter starting (the bare process pays it too),",
        f"{click:.3f} s importing click and what it loads, {ours:.3f} s importing the tool's own modules and",
        "the standard library they need (their dataclasses and regular expressions are made at import),",
        f"and {work:.3f} s reading, checking and printing.",
        "",
        "The least any checked read must load: a process that only imports python-calamine and the",
        "standard library modules the file checks cannot do without (zipfile for the package and its size",
        f"guards, xml.etree for the parts calamine does not give, json, re, datetime, enum) takes {floor:.3f} s,",
        f"{floor / bare:.1f}x the bare read ({bare:.3f} s), before a single check or line of the tool runs.",
    ]
    return rows


def markdown(goals: list[Goal], detail: list[str], args: argparse.Namespace) -> str:
    rows = []
    for g in goals:
        base = f"{g.baseline:.3f} s" if g.baseline else "–"
        value = f"{g.value:.2f}x" if g.unit == "x" else f"{g.value:.3f} s"
        limit = f"≤ {g.limit:g}x" if g.unit == "x" else f"≤ {g.limit:g} s"
        rows.append(f"| {g.what} | {g.tool:.3f} s | {base} | {value} | {limit} | {'yes' if g.met else '**no**'} |")
    return "\n".join(
        [
            "# Benchmarks",
            "",
            "Written by `python bench/run.py`; do not edit by hand. Run it again after a change that may",
            "touch speed, and commit what it writes.",
            "",
            f"- Measured: {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, commit {git_commit()}",
            f"- Machine: {machine()}",
            f"- Installed: {args.installed}",
            f"- Libraries: {args.libraries}",
            f"- Method: the fastest of {args.repeat} runs of each whole process (start-up, imports, work,",
            "  output), the tool and its baseline in the same run; the baselines are bare Python processes",
            "  using python-calamine to read every sheet of the same files, or XlsxWriter to write the same",
            "  cell values, with none of the tool's checks. Ratios travel between machines; seconds do not.",
            "  The workbooks are cqc-la with all nine statements answered, the stated number of evidence",
            "  rows and an action per ten evidence rows (`bench/workload.py`).",
            "",
            "## Goals",
            "",
            "| what | tool | baseline | ratio or time | goal | met |",
            "|---|---:|---:|---:|---:|---|",
            *rows,
            "",
            "## Growth with rows",
            "",
            *detail,
            "",
        ]
    )


README_START, README_END = "<!-- benchmarks:start -->", "<!-- benchmarks:end -->"


def readme_block(goals: list[Goal]) -> str:
    held = sum(g.met for g in goals)
    lines = [README_START, f"Measured by `bench/run.py` ({held} of {len(goals)} goals met; whole processes):", ""]
    for g in goals:
        value = f"{g.value:.2f}x {g.versus}" if g.unit == "x" else f"{g.value:.3f} s"
        verdict = "met" if g.met else "**not met**"
        lines.append(f"- {g.what}: {value} (goal ≤ {g.limit:g}{'x' if g.unit == 'x' else ' s'}: {verdict})")
    return "\n".join([*lines, README_END])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000, 20000], help="evidence rows")
    parser.add_argument("--councils", type=int, default=153, help="workbooks for compare")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each process; the fastest counts")
    parser.add_argument(
        "--here", action="store_true", help="time the tool in this environment instead of a scratch `pip install .`"
    )
    parser.add_argument("--quick", action="store_true", help="200 and 2,000 rows, 20 councils, 3 runs; writes nothing")
    parser.add_argument(
        "--markdown", type=Path, help="write the results here (default docs/benchmarks.md, not with --quick)"
    )
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.councils, args.repeat = [200, 2000], 20, 3
    goals, detail = run(args)
    text = markdown(goals, detail, args)
    print("\n" + text)
    target = args.markdown or (None if args.quick else ROOT / "docs" / "benchmarks.md")
    if target is not None:
        target.write_text(text, encoding="utf-8")
        if target == ROOT / "docs" / "benchmarks.md":
            readme = ROOT / "README.md"
            body = readme.read_text(encoding="utf-8")
            if README_START in body and README_END in body:
                head, rest = body.split(README_START, 1)
                readme.write_text(head + readme_block(goals) + rest.split(README_END, 1)[1], encoding="utf-8")
    sys.exit(0 if all(g.met for g in goals) else 1)


if __name__ == "__main__":
    main()
