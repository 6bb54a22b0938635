"""Signals and leftovers for the one writer: what stops a run, and the temporary files it must remove.

SIGINT, SIGTERM and SIGHUP become :class:`Interrupted` once :func:`install_signal_cleanup` has
run (the CLI calls it); a signal that arrives while a file is being made and registered is held
until the registration is complete (:func:`_critical`), so no temporary file is ever made and then
forgotten. Every temporary file is registered here (:func:`_remember`) until it is moved into place,
and removed on failure, on a signal or at exit (:func:`remove_leftovers`). Forked workers act on
signals as they would without this module. Part of :mod:`assessment_builder.output`, which
re-exports what callers use.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType

# files this process has made and must not leave behind: path -> (pid, identity or None)
_LIVE: dict[str, tuple[int, tuple[int, int] | None]] = {}

_CLEANUP_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")


class Interrupted(KeyboardInterrupt):
    """The run was stopped by a signal (Ctrl+C, SIGTERM, SIGHUP); ``signum`` says which."""

    def __init__(self, signum: int = signal.SIGINT) -> None:
        super().__init__(signum)
        self.signum = int(signum)

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    def message(self) -> str:
        name = "Ctrl+C" if self.signum == signal.SIGINT else signal.Signals(self.signum).name
        return f"Interrupted ({name}); any file that was being written has been removed."


def interrupted(exc: BaseException) -> tuple[str, int]:
    """The one-line message and exit code for an interruption (a plain KeyboardInterrupt is Ctrl+C)."""
    stop = exc if isinstance(exc, Interrupted) else Interrupted(signal.SIGINT)
    return stop.message(), stop.exit_code


def _identity(path: str | Path, follow: bool = True) -> tuple[int, int] | None:
    """(device, inode) of the file ``path`` names (through symlinks if ``follow``); None if none."""
    try:
        st = os.stat(path, follow_symlinks=follow)
    except (OSError, ValueError):
        return None
    return (st.st_dev, st.st_ino)


_critical_depth = 0
_pending: list[int] = []
_installed_pid: int | None = None
_previous: dict[int, Callable[[int, FrameType | None], object] | int | None] = {}


@contextlib.contextmanager
def _critical() -> Iterator[None]:
    """Hold signals handled here until the block ends (so a file is never made and then forgotten)."""
    global _critical_depth
    _critical_depth += 1
    try:
        yield
    finally:
        _critical_depth -= 1
        if _critical_depth == 0 and _pending:
            raise Interrupted(_pending.pop())  # a request to stop outranks whatever else was under way


def _on_signal(signum: int, frame: FrameType | None) -> None:
    if os.getpid() != _installed_pid:  # a forked worker inherited this handler: act as without it
        signal.signal(signum, _previous.get(signum) or signal.SIG_DFL)
        if _previous.get(signum) is signal.default_int_handler:
            raise KeyboardInterrupt
        os.kill(os.getpid(), signum)
        return
    if _critical_depth:
        _pending[:] = [signum]
        return
    raise Interrupted(signum)


def install_signal_cleanup() -> None:
    """Make SIGINT, SIGTERM and SIGHUP stop the run with :class:`Interrupted`, so temporary files
    are removed on the way out. Idempotent; only in the main thread; a signal the process was told
    to ignore (``nohup``) stays ignored."""
    global _installed_pid
    if _installed_pid == os.getpid() or threading.current_thread() is not threading.main_thread():
        return
    for name in _CLEANUP_SIGNALS:
        signum = getattr(signal, name, None)
        if signum is None:
            continue
        current = signal.getsignal(signum)
        if current not in (signal.SIG_DFL, signal.default_int_handler):
            continue  # ignored (nohup) or the host program's own handler: leave it
        with contextlib.suppress(OSError, ValueError):
            signal.signal(signum, _on_signal)
            _previous[signum] = current
    _installed_pid = os.getpid()


_held_over_fork: list[set[int | signal.Signals]] = []  # the signal mask to restore after a fork


def _before_fork() -> None:
    """Hold our signals across a fork: a signal sent to a new worker before it has reset its handlers
    (see :func:`_after_fork`) would otherwise be lost, leaving the worker running."""
    if _previous and _installed_pid == os.getpid() and hasattr(signal, "pthread_sigmask"):
        _held_over_fork.append(signal.pthread_sigmask(signal.SIG_BLOCK, _previous))


def _after_fork(child: bool) -> None:
    if not _held_over_fork:
        return
    if child:  # a worker (compare's pool): signals act on it as they would have without us
        for signum, handler in _previous.items():
            with contextlib.suppress(OSError, ValueError):
                signal.signal(signum, handler or signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_SETMASK, _held_over_fork.pop())


if hasattr(os, "register_at_fork"):
    os.register_at_fork(
        before=_before_fork,
        after_in_parent=lambda: _after_fork(child=False),
        after_in_child=lambda: _after_fork(child=True),
    )


def _remember(path: Path, identity: tuple[int, int] | None = None) -> None:
    _LIVE[os.fspath(path)] = (os.getpid(), identity)


def _forget(path: Path) -> None:
    _LIVE.pop(os.fspath(path), None)


def _discard(path: Path, identity: tuple[int, int] | None = None) -> None:
    """Remove a file this process made (if ``identity`` is given, only while it is still that file)."""
    with contextlib.suppress(OSError):
        if identity is None or _identity(path, follow=False) == identity:
            os.unlink(path)
    _forget(path)


def remove_leftovers() -> None:
    """Remove every temporary file this process made and has not moved into place (the backstop)."""
    for name, (pid, identity) in list(_LIVE.items()):
        if pid == os.getpid():
            _discard(Path(name), identity)


atexit.register(remove_leftovers)
