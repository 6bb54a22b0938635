"""Every bad input in the corpus: its finding, its exit code, no traceback, bounded time and memory,
and the input file byte for byte unchanged."""

from __future__ import annotations

import hashlib
import os
import resource
import subprocess
import sys

import pytest
from conftest import ROOT, TESTS

sys.path.insert(0, str(TESTS / "corpus"))
from make_corpus import build  # noqa: E402

MEMORY_LIMIT = 2 * 1024**3  # address space for one command
TIME_LIMIT = 120


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    return folder, build(folder)


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "assessment_builder", *args],
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        preexec_fn=_limit,
        env=env,
    )


def test_every_case(corpus):
    folder, cases = corpus
    assert len(cases) >= 26
    failures = []
    for case in cases:
        path = folder / case.name
        before = hashlib.sha256(path.read_bytes()).hexdigest()
        args = ["import", str(path)] if case.command == "import" else ["frameworks", "validate", str(path)]
        result = _run(*args)
        output = result.stdout + result.stderr
        problems = []
        if result.returncode != case.exit_code:
            problems.append(f"exit {result.returncode}, expected {case.exit_code}")
        if case.code not in output:
            problems.append(f"no {case.code} in output")
        if "Traceback" in output:
            problems.append("a traceback")
        if hashlib.sha256(path.read_bytes()).hexdigest() != before:
            problems.append("the input file changed")
        if problems:
            failures.append(f"{case.name} ({case.why}): {', '.join(problems)}\n{output[-600:]}")
    assert not failures, "\n\n".join(failures)
