"""Find and load frameworks (built-in ids or user files), each parsed once per process.

Checking lives in framework_check.py, building the model in framework_build.py and crosswalks in
crosswalks.py; their public names are re-exported here. See docs/frameworks.md for the schema.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import Finding, FrameworkInvalid, FrameworkNotFound
from .framework_build import build_framework as build_framework
from .framework_check import did_you_mean as did_you_mean
from .model import Framework
from .resources import builtin_framework_dir
from .yamlsource import read_yaml

if TYPE_CHECKING:
    from .crosswalks import builtin_crosswalk_paths as builtin_crosswalk_paths
    from .crosswalks import load_crosswalks as load_crosswalks
    from .crosswalks import validate_crosswalk_file as validate_crosswalk_file
    from .crosswalks import validate_paths as validate_paths

_CROSSWALK_NAMES = ("builtin_crosswalk_paths", "load_crosswalks", "validate_crosswalk_file", "validate_paths")


def __getattr__(name: str) -> Any:
    """The crosswalk functions, re-exported from crosswalks.py when first asked for (loading needs none)."""
    if name in _CROSSWALK_NAMES:
        from . import crosswalks

        return getattr(crosswalks, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --- finding frameworks ---------------------------------------------------------------


def builtin_framework_ids() -> list[str]:
    """Ids of the frameworks shipped with the tool, sorted."""
    return sorted(p.stem for p in builtin_framework_dir().glob("*.yaml"))


def resolve_framework_path(id_or_path: str | Path) -> Path:
    """Turn a built-in id or a file path into a path, or raise FrameworkNotFound."""
    text = str(id_or_path)
    candidate = Path(text)
    if candidate.suffix.lower() in {".yaml", ".yml"} or candidate.exists() or "/" in text or "\\" in text:
        if candidate.is_file():
            return candidate
        raise FrameworkNotFound(f"framework file '{text}' does not exist; check the path")
    builtin = builtin_framework_dir() / f"{text}.yaml"
    if builtin.is_file():
        return builtin
    ids = builtin_framework_ids()
    raise FrameworkNotFound(
        f"unknown framework '{text}'{did_you_mean(text, ids)}; built-in frameworks: {', '.join(ids)}; "
        "or give the path to a framework YAML file"
    )


_LOADED: dict[tuple[str, int, int], Framework] = {}


def _cache_key(path: Path) -> tuple[str, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (str(path), st.st_mtime_ns, st.st_size)


def cached_framework(path: str | Path) -> Framework | None:
    """The framework this process already loaded from ``path``, if the file is unchanged since."""
    key = _cache_key(Path(path))
    return _LOADED.get(key) if key is not None else None


def load_framework(id_or_path: str | Path) -> Framework:
    """Load and validate a framework by built-in id or path; raise FrameworkInvalid with every problem.

    Each file is parsed once per process (frameworks are immutable); a file changed since is parsed again.
    """
    from .output import note_input  # imported here: --help and listing frameworks never need it

    path = resolve_framework_path(id_or_path)
    note_input(path)  # a framework file is an input: no output of the run may replace it
    key = _cache_key(path)
    if key is not None and key in _LOADED:
        return _LOADED[key]
    framework, findings = validate_framework_file(path)
    if framework is None:
        raise FrameworkInvalid(str(id_or_path), findings)
    if key is not None:
        _LOADED[key] = framework
    return framework


def list_frameworks() -> list[Framework]:
    """Every built-in framework, loaded."""
    return [load_framework(i) for i in builtin_framework_ids()]


def validate_framework_file(path: Path, display: str | None = None) -> tuple[Framework | None, list[Finding]]:
    """Validate one framework file; returns the framework (None if invalid) and all findings."""
    builtin = _is_builtin(path)
    name = display or (f"frameworks/{path.name}" if builtin else str(path))
    doc, findings = read_yaml(path, name, cached=builtin)
    if doc is None:
        return None, findings
    framework, findings = build_framework(doc)
    if framework is not None:
        framework = _with_origin(framework, str(path), builtin)
    return framework, findings


def _is_builtin(path: Path) -> bool:
    try:
        return path.resolve().parent == builtin_framework_dir().resolve()
    except OSError:
        return False


def _with_origin(framework: Framework, path: str, builtin: bool) -> Framework:
    import dataclasses

    text = "" if builtin else Path(path).read_text(encoding="utf-8-sig")
    return dataclasses.replace(framework, path=path, builtin=builtin, yaml_text=text)
