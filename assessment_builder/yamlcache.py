"""A cache of the built-in framework files as plain data, so most commands need no YAML parser at all.

Every command reads a framework; parsing its YAML (and importing the parser) is a large part of a
short command's time. The parsed document (values and the line of every path, exactly what
yamlsource.py returns) of a framework shipped with the tool is kept in the user's cache folder in
Python's ``marshal`` format, keyed by the file's size and modification time, the Python version and
this tool's version. Validation still runs on every load. Any problem with the cache (no folder, a
damaged or foreign entry, a full disk) only means the file is parsed again: the cache never changes
a result. ``ASSESSMENT_BUILDER_CACHE`` names another folder, or ``off`` turns it off.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
from pathlib import Path
from typing import Any

CACHE_ENV = "ASSESSMENT_BUILDER_CACHE"


def cache_dir() -> Path | None:
    """Where entries are kept, or None when the cache is off."""
    value = os.environ.get(CACHE_ENV, "").strip()
    if value.lower() == "off":
        return None
    if value:
        return Path(value)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "assessment-builder"


def _entry(path: Path) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        st = path.stat()
    except OSError:
        return None
    from . import __version__

    python = f"{sys.implementation.name}{sys.version_info[0]}{sys.version_info[1]}"
    return folder / f"{path.stem}-{st.st_size}-{st.st_mtime_ns}-{python}-m{marshal.version}-{__version__}.yaml-data"


def load(path: Path) -> tuple[Any, dict[str, int], dict[str, str]] | None:
    """The cached (data, lines, texts) of ``path``, or None (no entry, cache off, or an entry not of this shape)."""
    entry = _entry(path)
    if entry is None:
        return None
    try:
        value = marshal.loads(entry.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not (isinstance(value, tuple) and len(value) == 3 and isinstance(value[1], dict) and isinstance(value[2], dict)):
        return None
    return value[0], value[1], value[2]


def store(path: Path, data: Any, lines: dict[str, int], texts: dict[str, str]) -> None:
    """Keep (data, lines, texts) for ``path``; silently nothing when it cannot (a date value, no folder, a full disk)."""
    entry = _entry(path)
    if entry is None:
        return
    try:
        blob = marshal.dumps((data, lines, texts))
    except ValueError:  # a value marshal cannot hold (a YAML date): parsed each time instead
        return
    tmp = None
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        import tempfile

        fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".entry-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(blob)
        os.replace(tmp, entry)  # whole entries only: a reader never sees half of one
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
