"""The cache of parsed built-in frameworks: used while a file is unchanged, never able to change a result."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assessment_builder import yamlcache
from assessment_builder.frameworks import build_framework
from assessment_builder.resources import builtin_framework_dir
from assessment_builder.yamlsource import read_yaml


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(yamlcache.CACHE_ENV, str(folder))
    return folder


@pytest.fixture
def framework_file(tmp_path: Path) -> Path:
    copy = tmp_path / "cqc-la.yaml"
    shutil.copyfile(builtin_framework_dir() / "cqc-la.yaml", copy)
    return copy


def test_a_cached_read_gives_the_same_document_as_a_parse(cache: Path, framework_file: Path) -> None:
    parsed, findings = read_yaml(framework_file, "x")
    first, _ = read_yaml(framework_file, "x", cached=True)  # parses and keeps
    assert not findings and len(list(cache.iterdir())) == 1
    again, _ = read_yaml(framework_file, "x", cached=True)  # from the cache
    assert parsed is not None and first is not None and again is not None
    assert again.data == parsed.data and again.lines == parsed.lines
    assert build_framework(again)[0] == build_framework(parsed)[0]


def test_a_changed_file_is_parsed_again(cache: Path, framework_file: Path) -> None:
    read_yaml(framework_file, "x", cached=True)
    text = framework_file.read_text(encoding="utf-8").replace("title:", "title:  ", 1)
    framework_file.write_text(text, encoding="utf-8")
    doc, _ = read_yaml(framework_file, "x", cached=True)
    fresh, _ = read_yaml(framework_file, "x")
    assert doc is not None and fresh is not None and doc.data == fresh.data
    assert len(list(cache.iterdir())) == 2  # a new entry for the new size and time


def test_a_damaged_entry_is_ignored_and_replaced(cache: Path, framework_file: Path) -> None:
    read_yaml(framework_file, "x", cached=True)
    (entry,) = cache.iterdir()
    for junk in (b"", b"\x00garbage", b"\xe3" + b"x" * 50):
        entry.write_bytes(junk)
        doc, findings = read_yaml(framework_file, "x", cached=True)
        assert doc is not None and not findings and doc.data["id"] == "cqc-la"
    assert entry.read_bytes() not in (b"", b"\x00garbage")  # written again whole


def test_off_and_unwritable_mean_no_cache_and_the_same_result(
    tmp_path: Path, framework_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(yamlcache.CACHE_ENV, "off")
    doc, _ = read_yaml(framework_file, "x", cached=True)
    assert doc is not None and yamlcache.cache_dir() is None
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv(yamlcache.CACHE_ENV, str(blocker / "cache"))
    doc2, findings = read_yaml(framework_file, "x", cached=True)
    assert doc2 is not None and not findings and doc2.data == doc.data


def test_a_value_marshal_cannot_hold_is_simply_not_cached(cache: Path, tmp_path: Path) -> None:
    dated = tmp_path / "dated.yaml"
    dated.write_text("id: x\nreviewed: 2025-01-01\n", encoding="utf-8")
    doc, _ = read_yaml(dated, "x", cached=True)
    assert doc is not None and str(doc.data["reviewed"]) == "2025-01-01"
    assert not cache.exists() or not list(cache.iterdir())


def test_a_command_with_a_warm_cache_imports_no_yaml_parser(cache: Path) -> None:
    env = {**os.environ, yamlcache.CACHE_ENV: str(cache)}
    probe = (
        "import sys; from assessment_builder import load_framework; load_framework('cqc-la'); "
        "print('yaml' in sys.modules)"
    )
    cold = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    warm = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert cold.stdout.strip() == "True" and warm.stdout.strip() == "False"
