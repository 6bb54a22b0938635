"""The second view: the library's own read and write inside one process, against calamine and XlsxWriter."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from workload import realistic_assessment, write_many


def _best(fn: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def in_process_rows(tmp: Path, sizes: list[int]) -> list[str]:
    """A Markdown table: read and write times in one warm process, without start-up or imports."""
    from python_calamine import CalamineWorkbook

    from assessment_builder.workbook.read import read_workbook

    def bare_read(path: Path) -> None:
        wb = CalamineWorkbook.from_path(str(path))
        for name in wb.sheet_names:
            wb.get_sheet_by_name(name).to_python()

    lines = [
        "## In one process",
        "",
        "The same work inside one warm process (no interpreter start-up, imports already done): the",
        "library's `read_workbook` against a bare calamine read, and `write_workbook` of the filled",
        "workbook, in seconds.",
        "",
        "| evidence rows | read_workbook | bare calamine | ratio | write_workbook |",
        "|---:|---:|---:|---:|---:|",
    ]
    for rows in sizes:
        a = realistic_assessment(rows)
        path = tmp / f"inproc-{rows}.xlsx"
        t_write = _best(lambda a=a, path=path: write_many(a, [path]), 1 if rows > 2000 else 3)
        t_read = _best(lambda path=path: read_workbook(path), 1 if rows > 2000 else 3)
        t_bare = _best(lambda path=path: bare_read(path))
        lines.append(f"| {rows:,} | {t_read:.3f} | {t_bare:.3f} | {t_read / t_bare:.1f}x | {t_write:.3f} |")
    return lines
