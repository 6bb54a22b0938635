"""Benchmark: the tool's own costs as ratios to raw openpyxl on the same cells, measured in one run.

Not part of pytest (timings belong to one machine; ratios travel). Run from the repository root:

    python bench/run.py                      # 50, 500, 5,000 and 50,000 evidence rows; compare of 153 workbooks
    python bench/run.py --sizes 50 500 --councils 20 --markdown docs/benchmarks.md

Targets (see the README): `new` within 2x a raw openpyxl write of the same cells; `import` + `score`
within 1.5x a raw openpyxl read of the same file; ten times the rows costs at most eleven times the
time; `compare` of 153 workbooks within 2x the raw read time of all of them; `--help` under 0.3 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import openpyxl  # noqa: E402

from assessment_builder import load_framework  # noqa: E402
from assessment_builder.compare import compare_files  # noqa: E402
from assessment_builder.model import ActionItem, Assessment, EvidenceItem, StatementAnswer  # noqa: E402
from assessment_builder.scoring import score_assessment  # noqa: E402
from assessment_builder.summary import summarize_workbook  # noqa: E402
from assessment_builder.workbook import write_workbook  # noqa: E402
from assessment_builder.workbook.read import read_workbook  # noqa: E402


def best_of(fn: Callable[[], object], repeat: int) -> float:
    """The fastest of ``repeat`` runs, in seconds (the least disturbed by the rest of the machine)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def assessment(rows: int) -> Assessment:
    fw = load_framework("cqc-la")
    codes = [s.id for s in fw.statements]
    answers = {
        sid: StatementAnswer(
            sid, {"score": 1 + i % 4, "confidence": "High", "strengths": "Strong " * 20, "status": "Complete"}
        )
        for i, sid in enumerate(codes)
    }
    cats = [c.id for c in fw.evidence_categories]
    evidence = [
        EvidenceItem(
            f"E{i}",
            f"Evidence item {i}",
            cats[i % 4],
            [codes[i % 9], codes[(i + 3) % 9]],
            dt.date(2025, 1, 1),
            "Owner",
            "https://example.org/x",
        )
        for i in range(rows)
    ]
    actions = [
        ActionItem(f"A{i}", codes[i % 9], "Do the thing", "Owner", dt.date(2026, 1, 1), "In progress")
        for i in range(rows // 10 + 1)
    ]
    return Assessment(fw, "Bench Council", answers, evidence, actions)


def raw_write(a: Assessment, path: Path) -> None:
    """The same cells written with openpyxl alone: the floor for `new`."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for r, s in enumerate(a.framework.statements, start=2):
        ws.cell(row=r, column=1, value=s.code)
        ws.cell(row=r, column=2, value=s.we_statement)
        for c, v in enumerate(a.answers[s.id].values.values(), start=3):
            ws.cell(row=r, column=c, value=v)
    ev = wb.create_sheet("Evidence")
    for r, e in enumerate(a.evidence, start=2):
        for c, v in enumerate(
            [e.id, e.title, e.category, ", ".join(e.statements), e.date, e.owner, e.location], start=1
        ):
            ev.cell(row=r, column=c, value=v)
    act = wb.create_sheet("Actions")
    for r, x in enumerate(a.actions, start=2):
        for c, v in enumerate([x.id, x.statement, x.action, x.owner, x.due, x.status], start=1):
            act.cell(row=r, column=c, value=v)
    wb.save(path)


def raw_read(path: Path) -> None:
    """Every cell of the file read with openpyxl alone: the floor for `import`."""
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for _row in ws.iter_rows(values_only=True):
            pass


def calamine_read(path: Path) -> float | None:
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:
        return None

    def run() -> None:
        wb = CalamineWorkbook.from_path(str(path))
        for name in wb.sheet_names:
            wb.get_sheet_by_name(name).to_python()

    return best_of(run, 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500, 5000, 50000])
    parser.add_argument("--councils", type=int, default=153)
    parser.add_argument("--markdown", type=Path, help="also write the results as Markdown to this file")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="ab-bench-"))
    lines = [
        f"Measured {dt.date.today()} on {platform.machine()}, {os.cpu_count()} core(s), Python {platform.python_version()}, "
        f"openpyxl {openpyxl.__version__}. Times are the best of several runs; ratios compare the tool with raw "
        "openpyxl doing the same cells in the same run.",
        "",
        "| evidence rows | new (s) | raw write (s) | new / raw | import+score (s) | raw read (s) | import / raw | summary (s) | calamine read (s) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    results = []
    for n in args.sizes:
        a = assessment(n)
        repeat = 3 if n <= 5000 else 1
        out = tmp / f"bench-{n}.xlsx"
        t_new = best_of(lambda a=a, out=out: write_workbook(a.framework, a.council, out, prefill=a, force=True), repeat)
        t_raw_w = best_of(lambda a=a, n=n: raw_write(a, tmp / f"raw-{n}.xlsx"), repeat)

        def imp(out: Path = out) -> None:
            r = read_workbook(out)
            assert r.assessment is not None
            score_assessment(r.assessment.framework, r.assessment.scores())

        t_imp = best_of(imp, repeat)
        t_raw_r = best_of(lambda out=out: raw_read(out), repeat)
        t_sum = best_of(lambda out=out: summarize_workbook(out, as_of=dt.date(2025, 3, 31)), repeat)
        t_cal = calamine_read(out)
        results.append((n, t_new, t_imp))
        cal = f"{t_cal:.3f}" if t_cal is not None else "n/a"
        lines.append(
            f"| {n:,} | {t_new:.3f} | {t_raw_w:.3f} | {t_new / t_raw_w:.2f} | {t_imp:.3f} | {t_raw_r:.3f} | "
            f"{t_imp / t_raw_r:.2f} | {t_sum:.3f} | {cal} |"
        )
        print(lines[-1], flush=True)
    lines += ["", "Growth for each tenfold step in rows (target: at most 11x):", ""]
    for (n0, new0, imp0), (n1, new1, imp1) in zip(results, results[1:]):
        lines.append(f"- {n0:,} -> {n1:,} rows: new x{new1 / new0:.1f}, import+score x{imp1 / imp0:.1f}")

    region = tmp / "region"
    region.mkdir()
    base = assessment(50)
    paths = []
    for i in range(args.councils):
        base.council = f"Council {i:03d}"
        paths.append(write_workbook(base.framework, base.council, region / f"c{i:03d}.xlsx", prefill=base, force=True))
    t_cmp = best_of(lambda: compare_files(paths), 1)
    t_raw_all = best_of(lambda: [raw_read(p) for p in paths], 1)
    lines += [
        "",
        f"compare of {args.councils} workbooks: {t_cmp:.2f} s; raw openpyxl read of all of them: {t_raw_all:.2f} s; "
        f"ratio {t_cmp / t_raw_all:.2f} (target at most 2; files are read in parallel, one process per core).",
    ]
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "assessment_builder", "--help"], capture_output=True, check=True, cwd=ROOT)
    lines.append(f"`assessment-builder --help`: {time.perf_counter() - start:.2f} s (target under 0.3 s).")
    text = "\n".join(lines) + "\n"
    print("\n".join(lines[len(results) + 4 :]))
    if args.markdown:
        args.markdown.write_text(
            "# Benchmarks\n\nRun with `python bench/run.py --markdown docs/benchmarks.md`.\n\n" + text, encoding="utf-8"
        )


if __name__ == "__main__":
    main()
