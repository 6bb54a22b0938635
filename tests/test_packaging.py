"""`pip install .` into a fresh virtual environment finds the built-in frameworks and templates."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A venv with the project installed from the checkout, borrowing the running environment's dependencies.

    Borrowing the base interpreter's packages would miss those of the virtual environment the tests
    run in (the README's set-up), so a .pth file names this interpreter's own site-packages instead;
    the venv's own copy of assessment_builder comes first on sys.path.
    """
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    purelib = subprocess.run(
        [str(bindir / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    parent = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(purelib, "_borrowed_dependencies.pth").write_text("\n".join(sorted(parent)) + "\n", encoding="utf-8")
    build = tmp_path_factory.mktemp("build")
    env = {**os.environ, "TMPDIR": str(build)}
    subprocess.run(
        [str(bindir / "python"), "-m", "pip", "install", "-q", "--no-deps", str(ROOT)],
        check=True,
        env=env,
        cwd=build,
    )
    return bindir


def run(bindir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(
        [str(bindir / "assessment-builder"), *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=120
    )


def test_installed_command_finds_builtin_frameworks_from_another_folder(installed, tmp_path):
    result = run(installed, tmp_path, "frameworks", "list", "--json")
    assert result.returncode == 0, result.stderr
    ids = {f["id"] for f in json.loads(result.stdout)}
    assert {"cqc-la", "lga-asc-peer-challenge"} <= ids


def test_installed_package_is_not_the_checkout(installed, tmp_path):
    code = "import assessment_builder, assessment_builder.resources as r; print(assessment_builder.__file__); print(r.templates_dir())"
    result = subprocess.run([str(installed / "python"), "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    package_file, templates = result.stdout.splitlines()
    assert not package_file.startswith(str(ROOT)), "the test must exercise the installed copy"
    assert Path(templates).is_dir() and any(Path(templates).iterdir())


def test_installed_command_writes_a_workbook_from_another_folder(installed, tmp_path):
    result = run(installed, tmp_path, "new", "--council", "Example Council", "-o", "example.xlsx")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "example.xlsx").stat().st_size > 5000


def test_python_dash_m_runs_the_cli(installed, tmp_path):
    result = subprocess.run(
        [str(installed / "python"), "-m", "assessment_builder", "--version"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("assessment-builder, version ")


def test_every_subpackage_is_listed_in_setup_cfg():
    """setup.cfg lists packages one by one (the data folders are mapped in); none may be forgotten."""
    setup = (ROOT / "setup.cfg").read_text(encoding="utf-8")
    for init in (ROOT / "assessment_builder").rglob("__init__.py"):
        package = ".".join(init.parent.relative_to(ROOT).parts)
        assert f"    {package}\n" in setup, f"add {package} to [options] packages in setup.cfg"
