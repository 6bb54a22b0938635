"""Shared fixtures: frameworks, paths and a CLI runner."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
FIXTURES = TESTS / "fixtures"

# let test modules import the helpers that live beside them (libreoffice.py, fill.py, ...)
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

# the parsed-framework cache of this test run lives in a folder of its own (children inherit it), not the user's
if "ASSESSMENT_BUILDER_CACHE" not in os.environ:
    os.environ["ASSESSMENT_BUILDER_CACHE"] = tempfile.mkdtemp(prefix="ab-test-cache-")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def cqc():
    from assessment_builder import load_framework

    return load_framework("cqc-la")


@pytest.fixture(scope="session")
def peer_challenge():
    from assessment_builder import load_framework

    return load_framework("lga-asc-peer-challenge")


@pytest.fixture(scope="session")
def mini_rated():
    from assessment_builder import load_framework

    return load_framework(FIXTURES / "mini-rated.yaml")


@pytest.fixture(scope="session")
def mini_unrated():
    from assessment_builder import load_framework

    return load_framework(FIXTURES / "mini-unrated.yaml")
