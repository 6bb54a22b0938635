"""Several outputs as one: each written beside its target first, then all moved into place or none.

:func:`write_all` is :func:`assessment_builder.output.atomic_write` for files that
belong together (``split``'s parts); call it as ``output.atomic_write_all``. Every
target is checked before any work; each is written to a temporary file in its own
folder; only when all are written are they moved into place:

* without ``force`` each exclusively (no clobber, race-free, as ``atomic_write``);
* with ``force`` each replaces its target, whose file is kept under a hidden
  ``.<name>.<random>.bak`` name until all are in place.

If anything fails (or a signal stops the run) the files placed are taken away
again, every replaced file is put back as it was and the temporary files are
removed. A backup is never on the exit handler's list of leftovers: should it
ever be the only copy of a user's file, it stays.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from .errors import UsageError
from .output import (
    OutputUnwritable,
    _critical,
    _discard,
    _folder,
    _forget,
    _fsync,
    _identity,
    _is_write_failure,
    _let_go,
    _make_temp,
    _pending,
    _ready,
    _unwritable,
    check_output_path,
    place_exclusive,
)
from .values import record


@record
class _Part:
    """One file of a set being written: its final path, its temporary file and what it replaced."""

    out: Path
    tmp: Path
    placed: tuple[int, int] | None = None  # identity of the file this run puts at ``out``
    backup: Path | None = None  # the file ``out`` held before, until every part is in place
    replaced: bool = False  # whether ``out`` no longer holds that file


def write_all(
    targets: Sequence[str | Path], write_one: Callable[[Path, Path], object], *, force: bool = False
) -> list[Path]:
    """Call ``write_one(target, tmp_path)`` for every target, then move all into place, or none.

    Raises what :func:`~assessment_builder.output.atomic_write` raises, for the first
    target that fails; by then every target is as it was before the call.
    """
    outs = [check_output_path(t, force) for t in targets]  # refuse before any work
    _refuse_repeats(outs)
    parts: list[_Part] = []
    done = False
    try:
        for out in outs:
            with _critical(), _as_unwritable(out):  # the part is on the list as soon as its file exists
                parts.append(_Part(out, _make_temp(out)))
            _write(write_one, parts[-1])
        with _critical():  # signals are held while the parts are placed
            for part in parts:
                with _as_unwritable(part.out):
                    _place(part, force)
            if not _pending:  # else the held signal, raised as this block ends, undoes them all
                done = True
                for part in parts:
                    if part.backup is not None:
                        with contextlib.suppress(OSError):
                            os.unlink(part.backup)
    except BaseException as exc:
        if done:  # every part is in place and no backup is left: a signal came as the run ended
            raise
        with _critical():
            kept = _undo(parts)
        if kept:
            raise OutputUnwritable(f"{exc}; and could not put back {kept}") from exc
        raise
    for folder in dict.fromkeys(_folder(out) for out in outs):
        with contextlib.suppress(OSError):
            _fsync(folder, directory=True)
    return outs


@contextlib.contextmanager
def _as_unwritable(out: Path) -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        raise _unwritable(out, exc) from None


def _refuse_repeats(outs: list[Path]) -> None:
    seen: set[str] = set()
    for out in outs:
        key = os.path.normcase(os.path.abspath(out))
        if key in seen:
            raise UsageError(f"'{out}' is named twice among the outputs; give every output its own name")
        seen.add(key)


def _write(write_one: Callable[[Path, Path], object], part: _Part) -> None:
    try:
        write_one(part.out, part.tmp)
    except OSError as exc:
        if _is_write_failure(exc, part.tmp):
            _let_go(exc)
            raise _unwritable(part.out, exc) from None
        raise


def _place(part: _Part, force: bool) -> None:
    """Move ``part.tmp`` to ``part.out``: exclusively, or with ``force`` over a kept backup."""
    check_output_path(part.out, force)  # again: a folder, an input or (without force) a file made meanwhile
    _ready(part.tmp, part.out, force)
    part.placed = _identity(part.tmp, follow=False)  # set before the move: undo checks it is still ours
    if force and os.path.lexists(part.out):
        part.backup = _backup(part.out)
        os.replace(part.tmp, part.out)
        part.replaced = True
        _forget(part.tmp)
    else:
        place_exclusive(part.tmp, part.out)


def _backup(out: Path) -> Path:
    """Keep the file at ``out`` under a new hidden name beside it: a hard link, else a copy."""
    folder, stem = _folder(out), out.name[:100]
    for _ in range(100):
        backup = folder / f".{stem}.{secrets.token_hex(4)}.bak"
        try:
            os.link(out, backup, follow_symlinks=False)
        except FileExistsError:
            continue
        except (OSError, NotImplementedError):
            break  # a disk without hard links: copy instead
        return backup
    fd, name = tempfile.mkstemp(prefix=f".{stem}.", suffix=".bak", dir=folder)
    os.close(fd)
    try:
        shutil.copy2(out, name)
    except BaseException:
        os.unlink(name)
        raise
    return Path(name)


def _undo(parts: list[_Part]) -> str:
    """Take back what the run placed and put back what it replaced; name any file not put back."""
    kept: list[str] = []
    for part in reversed(parts):
        if part.backup is not None and part.replaced:
            try:
                os.replace(part.backup, part.out)
            except OSError:
                kept.append(f"'{part.out}' (its earlier content is kept in '{part.backup}')")
        elif part.backup is not None:
            with contextlib.suppress(OSError):
                os.unlink(part.backup)
        elif part.placed is not None:
            _discard(part.out, part.placed)  # only while it is still the file this run placed
        _discard(part.tmp, part.placed)
    return ", ".join(kept)
