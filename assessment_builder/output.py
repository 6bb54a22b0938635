"""Safe output files: never overwrite without permission, never leave half a file.

Every command that writes a file goes through :func:`atomic_write`: the content
is written to a temporary file in the same folder and moved into place with
``os.replace`` (atomic on POSIX and Windows), so a crash leaves the old file or
none, never a truncated one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from .errors import OutputExists, UsageError


_INPUTS: dict[tuple[int, int], str] = {}


def note_input(path: str | Path) -> None:
    """Remember that ``path`` is an input of this run: no output may ever replace it (checked by identity)."""
    try:
        st = os.stat(path)
    except OSError:
        return
    _INPUTS[(st.st_dev, st.st_ino)] = str(path)


def check_output_path(path: str | Path, force: bool = False) -> Path:
    """Check that ``path`` may be written: its folder exists and, without force, it does not."""
    out = Path(path)
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"the folder '{folder}' for the output '{out}' does not exist; create it first")
    if out.is_dir():
        raise UsageError(f"'{out}' is a folder; give a file name for the output")
    try:
        st = os.stat(out)
    except OSError:
        st = None
    if st is not None and (st.st_dev, st.st_ino) in _INPUTS:
        raise UsageError(
            f"'{out}' is an input of this command ({_INPUTS[(st.st_dev, st.st_ino)]}); "
            "an output never replaces an input, even with --force. Choose another output name"
        )
    if out.exists() and not force:
        raise OutputExists(f"'{out}' already exists; choose another name or add --force to replace it")
    return out


def atomic_write(path: str | Path, write: Callable[[Path], object], force: bool = False) -> Path:
    """Call ``write(tmp_path)`` and move the result to ``path`` atomically.

    ``write`` receives a temporary path in the destination folder with the same
    suffix (libraries such as openpyxl look at it).
    """
    out = check_output_path(path, force)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=f".tmp{out.suffix}", dir=out.parent or ".")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.replace(tmp, out)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return out


def atomic_write_bytes(path: str | Path, data: bytes, force: bool = False) -> Path:
    """Write bytes atomically (see :func:`atomic_write`)."""
    return atomic_write(path, lambda tmp: tmp.write_bytes(data), force)


def atomic_write_text(path: str | Path, text: str, force: bool = False) -> Path:
    """Write UTF-8 text atomically (see :func:`atomic_write`)."""
    return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"), force)
