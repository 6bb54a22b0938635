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


def mini_rated_v2(folder: Path, **changes) -> Path:
    """mini-rated.yaml as version 2.0 in ``folder`` (mini-rated-v2.yaml): ``renamed`` {old id: new id} renames
    statements; ``retired`` [ids] drops them, and a theme left empty; the migrations say which."""
    import yaml

    spec = yaml.safe_load((FIXTURES / "mini-rated.yaml").read_text(encoding="utf-8"))
    spec["version"] = "2.0"
    renamed, retired = changes.get("renamed", {}), changes.get("retired", [])
    for theme in spec["themes"]:
        theme["statements"] = [s for s in theme["statements"] if s["id"] not in retired]
        for s in theme["statements"]:
            s["id"] = renamed.get(s["id"], s["id"])
    spec["themes"] = [t for t in spec["themes"] if t["statements"]]
    spec["migrations"] = [{"from_version": "1.0", **changes}]
    out = folder / "mini-rated-v2.yaml"
    out.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return out


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
