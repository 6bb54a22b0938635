"""Drive headless LibreOffice in tests: re-save a workbook (recalculating every formula), convert to PDF.

A private user profile is created per process with "recalculate on load: always"
for Excel files, so the values LibreOffice caches are the ones its own formula
engine computes from the workbook, never values written by openpyxl.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

import pytest

_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


# In CI (CI=true) LibreOffice is installed by .ci/run: a missing soffice must fail, never skip.
requires_libreoffice = pytest.mark.skipif(
    soffice() is None and not os.environ.get("CI"), reason="LibreOffice (soffice) is not installed"
)


@cache
def _profile() -> str:
    root = Path(tempfile.mkdtemp(prefix="ab-lo-profile-"))
    user = root / "user"
    user.mkdir(parents=True)
    (user / "registrymodifications.xcu").write_text(_XCU, encoding="utf-8")
    return root.as_uri()


def convert(src: Path, out_dir: Path, target: str, timeout: int = 180) -> Path:
    """Convert ``src`` with LibreOffice to ``target`` (e.g. 'xlsx', 'pdf', 'docx') in ``out_dir``."""
    return convert_many([src], out_dir, target, timeout)[0]


def convert_many(sources: list[Path], out_dir: Path, target: str, timeout: int = 300) -> list[Path]:
    """Convert several files in one LibreOffice start (each start costs about two seconds)."""
    exe = soffice()
    if exe is None:
        if os.environ.get("CI"):
            raise AssertionError("LibreOffice (soffice) is required in CI; .ci/run should have installed it")
        pytest.skip("LibreOffice (soffice) is not installed")
    out_dir.mkdir(parents=True, exist_ok=True)
    filters = {"xlsx": "xlsx:Calc MS Excel 2007 XML", "pdf": "pdf", "docx": "docx:MS Word 2007 XML"}
    cmd = [
        exe,
        f"-env:UserInstallation={_profile()}",
        "--headless",
        "--norestore",
        "--convert-to",
        filters.get(target, target),
        "--outdir",
        str(out_dir),
        *[str(src) for src in sources],
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    results = [out_dir / f"{src.stem}.{target}" for src in sources]
    missing = [r for r in results if not r.exists()]
    if proc.returncode != 0 or missing:
        raise AssertionError(f"LibreOffice failed to convert {missing} to {target}: {proc.stdout}\n{proc.stderr}")
    return results


def resave_xlsx(src: Path, out_dir: Path) -> Path:
    """Open ``src`` in LibreOffice Calc, recalculate everything and save it as a new .xlsx."""
    return convert(src, out_dir, "xlsx")


def resave_many(sources: list[Path], out_dir: Path) -> list[Path]:
    """:func:`resave_xlsx` for several workbooks in one LibreOffice start."""
    return convert_many(sources, out_dir, "xlsx")


@cache
def uno_python() -> str | None:
    """A Python interpreter that can ``import uno`` (LibreOffice's bridge; usually the system one)."""
    candidates = [os.environ.get("AB_UNO_PYTHON"), "/usr/bin/python3", shutil.which("python3")]
    for exe in dict.fromkeys(c for c in candidates if c):
        try:
            ok = subprocess.run([exe, "-c", "import uno"], capture_output=True, timeout=60).returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            ok = False
        if ok:
            return exe
    return None


def uno_edit(jobs: list[dict], workdir: Path, timeout: int = 600) -> None:
    """Edit workbooks in one headless LibreOffice as a person would (see tests/uno_edit.py for the jobs)."""
    import json

    exe, python = soffice(), uno_python()
    if exe is None or python is None:
        if os.environ.get("CI"):
            raise AssertionError("LibreOffice and python3-uno are required in CI; .ci/run should have installed them")
        pytest.skip("LibreOffice (soffice) or its Python bridge (python3-uno) is not installed")
    workdir.mkdir(parents=True, exist_ok=True)
    spec = workdir / "uno-jobs.json"
    spec.write_text(json.dumps(jobs, default=str), encoding="utf-8")
    script = Path(__file__).resolve().parent / "uno_edit.py"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    proc = subprocess.run([python, str(script), str(spec)], capture_output=True, text=True, timeout=timeout, env=env)
    missing = [job["dst"] for job in jobs if not Path(job["dst"]).exists()]
    if proc.returncode != 0 or missing:
        raise AssertionError(f"LibreOffice (UNO) edits failed, missing {missing}: {proc.stdout}\n{proc.stderr}")
