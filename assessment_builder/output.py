"""The one way out: every output file is written here, whole or not at all, never over an input.

Every command that writes a file goes through :func:`atomic_write` (several files that
belong together, all or none: :func:`atomic_write_all`). The content
is written to a temporary file in the destination folder, flushed to disk and
then moved into place:

* without ``force`` by an exclusive operation (a hard link, or where the disk
  has none an ``O_EXCL`` claim of the name), so of two runs writing the same
  name at once exactly one wins and the other gets :class:`OutputExists`;
* with ``force`` by ``os.replace``, keeping the replaced file's permissions.

An output never replaces an input of the same run (:func:`note_input`), even with
``force``: inputs are compared by file identity, so another spelling, a hard link
or a symlink to an input is refused too. New files get the user's umask. A disk
error becomes one line naming the output and what to do (:class:`OutputUnwritable`).
Temporary files are removed when a write fails, on Ctrl+C, and on SIGTERM and
SIGHUP once :func:`install_signal_cleanup` has been called (the CLI calls it).
"""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import stat
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .errors import AssessmentBuilderError, OutputExists, UsageError
from .output_signals import _LIVE as _LIVE  # re-exported: callers and tests use these names from here
from .output_signals import Interrupted as Interrupted
from .output_signals import _critical as _critical
from .output_signals import _discard as _discard
from .output_signals import _forget as _forget
from .output_signals import _identity as _identity
from .output_signals import _on_signal as _on_signal
from .output_signals import _pending as _pending
from .output_signals import _remember as _remember
from .output_signals import install_signal_cleanup as install_signal_cleanup
from .output_signals import interrupted as interrupted
from .output_signals import remove_leftovers as remove_leftovers

_INPUTS: dict[tuple[int, int], str] = {}


class OutputUnwritable(AssessmentBuilderError):
    """An output could not be written: the disk is full, the folder is read-only or not ours..."""


# ---------------------------------------------------------------- inputs


def forget_inputs() -> None:
    """Start a new run: the inputs noted by earlier runs in this process (tests, scripts) no longer count."""
    _INPUTS.clear()


def note_input(path: str | Path) -> None:
    """Remember that ``path`` is an input of this run: no output may ever replace it (checked by identity)."""
    ident = _identity(path)
    if ident is not None:
        _INPUTS[ident] = str(path)


def _refuse_input(out: Path) -> None:
    ident = _identity(out)
    if ident is not None and ident in _INPUTS:
        raise UsageError(
            f"'{out}' is an input of this command ({_INPUTS[ident]}); "
            "an output never replaces an input, even with --force. Choose another output name"
        )


# ---------------------------------------------------------------- checks


def _folder(out: Path) -> Path:
    return out.parent if str(out.parent) else Path(".")


def check_output_path(path: str | Path, force: bool = False) -> Path:
    """Check early that ``path`` may be written: its folder exists and is writable, it is not an
    input and, without force, it does not exist. :func:`atomic_write` checks again when it moves
    the file into place, so this is a courtesy (fail before the work), not the guarantee."""
    out = Path(path)
    try:
        _check(out, force)
    except OSError as exc:  # a name too long, a loop of symlinks...
        raise _unwritable(out, exc) from None
    return out


def _check(out: Path, force: bool) -> None:
    folder = _folder(out)
    if not folder.is_dir():
        raise UsageError(f"the folder '{folder}' for the output '{out}' does not exist; create it first")
    if out.is_dir():
        raise UsageError(f"'{out}' is a folder; give a file name for the output")
    _refuse_special(out)
    _refuse_input(out)
    if not force and (out.exists() or out.is_symlink()):
        raise OutputExists(_exists_message(out))
    if os.name == "posix" and not os.access(folder, os.W_OK | os.X_OK):
        code = errno.EROFS if _read_only(folder) else errno.EACCES
        raise _unwritable(out, OSError(code, os.strerror(code)))


_SPECIAL = (
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
)


def _refuse_special(out: Path) -> None:
    """An output replaces only a file: never a device, pipe or socket (``-o /dev/null --force`` would replace
    the system's /dev/null with the output), nor a link to one."""
    for mode in _modes(out):
        what = next((name for test, name in _SPECIAL if test(mode)), None)
        if what is not None:
            raise UsageError(
                f"'{out}' is {what}, not a file; an output is written to a file and never replaces {what}, even "
                "with --force. Give a file name for the output"
            )


def _modes(out: Path) -> list[int]:
    """The mode of ``out`` itself and, through a symlink, of what it points to (none when it does not exist)."""
    modes = []
    for look in (os.lstat, os.stat):
        with contextlib.suppress(OSError):
            modes.append(look(out).st_mode)
    return modes


def _read_only(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


def _exists_message(out: Path) -> str:
    return f"'{out}' already exists; choose another name or add --force to replace it"


# ---------------------------------------------------------------- disk errors

_WRITE_ERRNOS = {errno.ENOSPC, errno.EROFS, errno.EFBIG, errno.EIO} | (
    {errno.EDQUOT} if hasattr(errno, "EDQUOT") else set()
)


def _unwritable(out: Path, exc: OSError) -> OutputUnwritable:
    """The one-line message for a failed write of ``out``."""
    folder = _folder(out)
    code = exc.errno
    if code == errno.ENOSPC or code == getattr(errno, "EDQUOT", -1):
        why = f"the disk is full (or your quota is used up); free some space or write to another folder than '{folder}'"
    elif code in (errno.EACCES, errno.EPERM):
        why = (
            f"you cannot write in the folder '{folder}' (or the file is open in another program); "
            "choose another folder, close the file, or ask for write permission"
        )
    elif code == errno.EROFS:
        why = f"the folder '{folder}' is on a read-only disk; write to another folder"
    elif code == errno.ENAMETOOLONG:
        why = "the file name is too long; choose a shorter name"
    elif code == errno.EFBIG:
        why = "the file is too large for this disk; write to another disk"
    elif code == errno.ENOENT:
        why = f"the folder '{folder}' no longer exists; create it and run again"
    elif code == errno.EIO:
        why = "the disk reported an input/output error; check the disk and write to another folder"
    else:
        why = f"{exc.strerror or exc}; check the folder '{folder}'"
    return OutputUnwritable(f"could not write '{out}': {why}. Nothing was written")


def _let_go(exc: BaseException) -> None:
    """Close, now and quietly, what a failed writer left open: a half-written zip archive would
    otherwise finish itself at exit, fail again on the same full disk and print a traceback."""
    hook = sys.unraisablehook
    sys.unraisablehook = lambda _unraisable: None
    try:
        import traceback

        traceback.clear_frames(exc.__traceback__)
        gc.collect()
    finally:
        sys.unraisablehook = hook


def _is_write_failure(exc: OSError, tmp: Path) -> bool:
    """Whether an OSError from a write callable is about writing the output (not reading something)."""
    if exc.errno in _WRITE_ERRNOS:
        return True
    name = exc.filename
    return name is None or os.fspath(name) == os.fspath(tmp)


# ---------------------------------------------------------------- permissions


def _read_umask() -> int:
    old = os.umask(0o022)
    os.umask(old)
    return old


_UMASK_AT_IMPORT = _read_umask()


def current_umask() -> int:
    """The process umask, read without changing it where the system says it (Linux), else as at import."""
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status", encoding="ascii", errors="replace") as fh:
        for line in fh:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    return _UMASK_AT_IMPORT


def _new_mode(existing: os.stat_result | None) -> int:
    if existing is not None:
        return stat.S_IMODE(existing.st_mode) & 0o777
    return 0o666 & ~current_umask()


# ---------------------------------------------------------------- writing


def _make_temp(out: Path) -> Path:
    folder = _folder(out)
    stem = out.name[: max(1, 120 - len(out.suffix))]
    suffix = out.suffix if len(out.suffix) <= 20 else ""
    with _critical():
        import tempfile  # imported when a file is written: reading commands write none

        fd, name = tempfile.mkstemp(prefix=f".{stem}.", suffix=f".tmp{suffix}", dir=folder)
        os.close(fd)
        tmp = Path(name)
        _remember(tmp)
    return tmp


def _fsync(path: Path, directory: bool = False) -> None:
    """Flush to disk, so that a crash just after the move cannot leave an empty file."""
    try:
        fd = os.open(path, (os.O_RDONLY if directory else os.O_RDWR) | getattr(os, "O_BINARY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        if not directory and exc.errno not in (errno.EINVAL, errno.ENOTSUP):
            raise  # a folder is flushed where the system allows it (not on Windows)


# errors after which the hard link cannot work but an O_EXCL claim may
_NO_LINK_KEEP = {errno.ENOSPC, errno.EROFS, errno.EACCES, errno.ENAMETOOLONG, errno.ENOENT} | (
    {errno.EDQUOT} if hasattr(errno, "EDQUOT") else set()
)


def place_exclusive(tmp: Path, out: Path) -> None:
    """Move ``tmp`` to ``out`` only if ``out`` does not exist, atomically (a hard link, else an exclusive claim)."""
    with _critical():
        try:
            os.link(tmp, out)
        except FileExistsError:
            raise OutputExists(_exists_message(out)) from None
        except (OSError, NotImplementedError) as exc:
            if isinstance(exc, OSError) and exc.errno in _NO_LINK_KEEP:
                raise
            _place_by_claim(tmp, out)  # a disk without hard links (FAT, some network shares)
        else:
            _discard(tmp)


def _place_by_claim(tmp: Path, out: Path) -> None:
    """Claim ``out`` with an exclusive create, then replace the (empty) claim with ``tmp``."""
    try:
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except FileExistsError:
        raise OutputExists(_exists_message(out)) from None
    st = os.fstat(fd)
    os.close(fd)
    claim = (st.st_dev, st.st_ino)
    _remember(out, claim)
    try:
        os.replace(tmp, out)
    except BaseException:
        _discard(out, claim)
        raise
    _forget(out)
    _forget(tmp)


def _ready(tmp: Path, out: Path, force: bool) -> None:
    """Check ``out`` again, then flush ``tmp`` and give it its permissions: the user's umask for a
    new file, the replaced file's mode (and group, where we may) with ``force``."""
    _refuse_input(out)  # again: the work may have taken a while since the first check
    _refuse_special(out)
    try:
        existing: os.stat_result | None = os.stat(out)
    except OSError:
        existing = None
    if existing is not None and not force:
        raise OutputExists(_exists_message(out))
    _fsync(tmp)  # before chmod: the new mode may not let us open it for writing
    os.chmod(tmp, _new_mode(existing))
    if existing is not None and hasattr(os, "chown"):
        with contextlib.suppress(OSError):
            os.chown(tmp, -1, existing.st_gid)  # a shared file stays in its group where we may


def _settle(tmp: Path, out: Path, force: bool) -> None:
    """Give ``tmp`` its permissions, flush it, and move it to ``out``."""
    _ready(tmp, out, force)
    if force:
        with _critical():
            os.replace(tmp, out)
            _forget(tmp)
    else:
        place_exclusive(tmp, out)
    _fsync(_folder(out), directory=True)


def atomic_write(path: str | Path, write: Callable[[Path], object], force: bool = False) -> Path:
    """Call ``write(tmp_path)`` and move the result to ``path`` atomically.

    ``write`` receives a temporary path in the destination folder with the same
    suffix (libraries such as openpyxl look at it). Raises :class:`OutputExists`
    (without ``force``, also when another run made ``path`` meanwhile),
    :class:`UsageError` (``path`` is an input, a folder, or its folder is missing)
    or :class:`OutputUnwritable` (a disk error), and never leaves the temporary file.
    """
    out = check_output_path(path, force)
    try:
        tmp = _make_temp(out)
    except OSError as exc:
        raise _unwritable(out, exc) from None
    try:
        try:
            write(tmp)
        except OSError as exc:
            if _is_write_failure(exc, tmp):
                _let_go(exc)
                raise _unwritable(out, exc) from None
            raise
        try:
            _settle(tmp, out, force)
        except OSError as exc:
            raise _unwritable(out, exc) from None
    except BaseException:
        with _critical():
            _discard(tmp)
        raise
    return out


def atomic_write_bytes(path: str | Path, data: bytes, force: bool = False) -> Path:
    """Write bytes atomically (see :func:`atomic_write`)."""
    return atomic_write(path, lambda tmp: tmp.write_bytes(data), force)


def atomic_write_text(path: str | Path, text: str, force: bool = False) -> Path:
    """Write UTF-8 text atomically (see :func:`atomic_write`)."""
    return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"), force)


def atomic_write_all(
    targets: Sequence[str | Path], write_one: Callable[[Path, Path], object], *, force: bool = False
) -> list[Path]:
    """Write several files that belong together, all or none: ``write_one(target, tmp_path)`` for each,
    then every file is moved into place; on any failure none is left and every replaced file is back
    (see :func:`assessment_builder.output_many.write_all`)."""
    from .output_many import write_all

    return write_all(targets, write_one, force=force)
